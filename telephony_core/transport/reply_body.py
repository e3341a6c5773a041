"""Reading a reply body within `max_reply_bytes` (DESIGN "Resilience"), for every driver.

A `BodyReader` is fed the body as it arrives on the wire and decodes its content codings
(gzip, deflate; others are left as they are, as the drivers only ask for these) as it goes,
with zlib's streaming decompression asked for no more than the bytes left under the cap: a
compressed bomb stops at the cap, whatever it would inflate to. The cap counts the bytes on
the wire, the output of each coding, and a `Content-Length` announced beyond it is refused
before anything is read. A reply over the cap is a `ReplyTooLarge`, which the drivers turn
into a `ProviderError` (`telephony_core.transport.drivers`); a corrupt coding is an
`httpx.DecodingError`, as httpx raises it.
"""

from __future__ import annotations

import zlib

import httpx

#: The largest reply body read, in bytes, unless a client is given another `max_reply_bytes`.
DEFAULT_MAX_REPLY_BYTES = 16 * 1024 * 1024


_CODINGS = frozenset({"gzip", "x-gzip", "deflate"})


class ReplyTooLarge(Exception):
    """A reply body larger than the client's `max_reply_bytes`; `where` says what counted
    it: the Content-Length header, the bytes on the wire, or the body once decoded."""

    def __init__(self, limit: int, where: str, status: int) -> None:
        super().__init__(f"the reply is larger than max_reply_bytes ({limit} bytes) {where}")
        self.limit = limit
        self.where = where
        self.status = status


def check_max_reply_bytes(value: object) -> int:
    """`value` if it is a positive integer, else a `ValueError` saying so."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"max_reply_bytes must be a positive integer of bytes, not {value!r}")
    return value


class _Inflater:
    """One content coding, undone as the bytes come, its output bounded by `limit`."""

    def __init__(self, coding: str, limit: int, status: int) -> None:
        self.coding = coding
        self.limit = limit
        self.status = status
        self.produced = 0
        gzip = coding in ("gzip", "x-gzip")
        self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS)
        self._first = not gzip  # deflate: zlib-wrapped, or raw as some servers send it

    def feed(self, data: bytes) -> bytes:
        """The decoded bytes `data` gives (at most the bytes left under the limit)."""
        out: list[bytes] = []
        while data and not self._zlib.eof:
            room = self.limit - self.produced + 1  # one more: to know it went over
            try:
                chunk = self._zlib.decompress(data, room)
            except zlib.error as exc:
                if not self._first:
                    raise httpx.DecodingError(f"the reply's {self.coding} body is corrupt") from exc
                self._first = False
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._first = False
            self._count(chunk)
            out.append(chunk)
            data = self._zlib.unconsumed_tail
        return b"".join(out)

    def finish(self) -> bytes:
        """What is left once the body has ended."""
        try:
            rest = self._zlib.flush()
        except zlib.error as exc:
            raise httpx.DecodingError(f"the reply's {self.coding} body is corrupt") from exc
        self._count(rest)
        return rest

    def _count(self, chunk: bytes) -> None:
        self.produced += len(chunk)
        if self.produced > self.limit:
            raise ReplyTooLarge(self.limit, "once decoded", self.status)


class BodyReader:
    """The body of a reply with status `status`, as it arrives, decoded, never more than
    `limit` bytes (see the module docstring). `feed` each piece read from the wire, then
    `finish` for the body."""

    def __init__(
        self,
        limit: int,
        status: int,
        content_encoding: str | None,
        content_length: str | None,
    ) -> None:
        self.limit = limit
        self.status = status
        length = content_length.strip() if content_length else ""
        if length.isascii() and length.isdigit() and int(length) > limit:
            raise ReplyTooLarge(limit, f"(its Content-Length is {length})", status)
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        # The codings are undone from the last applied; one we do not know (br) leaves the
        # body as it is from there on, as httpx leaves it.
        undone: list[str] = []
        for coding in reversed([c for c in codings if c and c != "identity"]):
            if coding not in _CODINGS:
                break
            undone.append(coding)
        self._stages = [_Inflater(coding, limit, status) for coding in undone]
        self._wire = 0
        self._body: list[bytes] = []

    def feed(self, data: bytes) -> None:
        """Take the next bytes of the body as they came on the wire."""
        self._wire += len(data)
        if self._wire > self.limit:
            raise ReplyTooLarge(self.limit, "on the wire", self.status)
        for stage in self._stages:
            if not data:
                return
            data = stage.feed(data)
        if data:
            self._body.append(data)

    def finish(self) -> bytes:
        """The whole body, decoded."""
        for index, stage in enumerate(self._stages):
            rest = stage.finish()
            for later in self._stages[index + 1 :]:
                rest = later.feed(rest) if rest else rest
            if rest:
                self._body.append(rest)
        return b"".join(self._body)


def check_size(body: bytes, limit: int, status: int) -> bytes:
    """`body` (a reply a transport handed over already read and decoded), if it is within
    `limit` bytes."""
    if len(body) > limit:
        raise ReplyTooLarge(limit, "once decoded", status)
    return body
