"""The async client's network driver: HTTP/1.1 over asyncio connections, framed by h11.

Chosen by measurement (docs/benchmarks.md, "Bulk throughput"). httpx's async connection
pool spends milliseconds of CPU per request once 50 are in flight. aiohttp scales, but on
Python 3.11 it writes every request body from a task of its own, one turn of the event loop
later: a burst of replies becomes a burst of requests sent together, and each waits for the
whole burst (at 50 in flight and 20 ms of latency, raw aiohttp tops out near 2,000/s here).
This driver writes each request as soon as it is ready, and h11 (the HTTP/1.1 state machine
under httpx) frames the requests and parses the replies.

What it does: keep-alive connections pooled per origin (scheme, host, port), idle ones
closed after `KEEPALIVE_EXPIRY` seconds, at most `max_connections` exchanges at once; a
host's addresses tried in turn without waiting out one that hangs (`HAPPY_EYEBALLS_DELAY`);
TLS verified with httpx's certificate store; the reply read whole and its body decoded (gzip,
deflate) as it arrives, at most `max_reply_bytes` of it on the wire and decoded
(`telephony_core.transport.reply_body`: a compressed bomb stops at the cap); no redirects followed, no cookies kept (the vendor APIs
authenticate every request by header). Each exchange ends by its deadline (the call's time
left): waiting for a connection, connecting, sending and reading the whole reply. Failures
are raised as the httpx exceptions of the same kind (`ConnectError`, `ConnectTimeout`,
`ReadTimeout`, `RemoteProtocolError`, ...), their cause the operating system's, so that
every driver's failures read the same (`telephony_core.transport.error_mapping`).

Not here: an origin reached through a proxy from the environment (`HTTPS_PROXY`, ...), and
any request while a test tool has patched httpx (vcrpy, pytest-httpx, respx):
`httpx_transport_for` hands those to an httpx transport, which the client sends through.

The connections belong to the event loop they were opened on: a client used on another loop
opens others there. Close the client (`aclose()`) before its loop ends.
"""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from urllib.parse import urlsplit

import h11
import httpcore
import httpx

from telephony_core.translate.wire import WireRequest, WireResponse
from telephony_core.transport.reply_body import DEFAULT_MAX_REPLY_BYTES, BodyReader
from telephony_core.transport.request_builder import content_length, environment_proxy, query_suffix

#: Seconds an idle connection is kept for reuse (as httpx keeps them).
KEEPALIVE_EXPIRY = 5.0
#: The largest reply head (status line and headers) read, in bytes (as httpx reads them).
MAX_HEAD_SIZE = 100 * 1024
#: Seconds before trying the host's next address while one is still connecting (RFC 8305,
#: as aiohttp does): an unreachable IPv6 route cannot hold the call until its deadline.
HAPPY_EYEBALLS_DELAY = 0.25
_DEFAULT_PORTS = {"http": 80, "https": 443}


def httpx_is_patched() -> bool:
    """Whether a test tool has replaced httpx's async transport (vcrpy, pytest-httpx) or its
    connection pool (respx): then requests must go through httpx for the tool to see them.

    Judged by where the method's code lives, not by comparing it with the method seen at
    import (this module may first be imported while a cassette plays), nor by its name
    (vcrpy's wrapper copies that with `functools.wraps`)."""
    return not (
        _is_original(httpx.AsyncHTTPTransport.handle_async_request, "httpx")
        and _is_original(httpcore.AsyncConnectionPool.handle_async_request, "httpcore")
    )


#: Whether a method (httpx's, or what replaced it) is the package's own code.
_ORIGINAL: dict[object, bool] = {}


def _is_original(method: object, package: str) -> bool:
    verdict = _ORIGINAL.get(method)
    if verdict is None:
        code = getattr(method, "__code__", None)  # a mock object has none
        parts = Path(code.co_filename).parts if code is not None else ()
        verdict = _ORIGINAL[method] = package in parts
    return verdict


class _Origin:
    """Where a base URL's requests go: the pool key, the Host header and the path prefix."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise httpx.UnsupportedProtocol(f"not an http(s) URL: {parts.scheme or '(none)'}")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or _DEFAULT_PORTS[parts.scheme]
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.host_header = host if parts.port is None else f"{host}:{parts.port}"
        self.prefix = parts.path  # as given: httpx joins base URL and path as strings too
        self.key = (self.scheme, self.host, self.port)


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection: one exchange at a time, its reply assembled from
    h11's events and handed to the waiting `exchange()`."""

    def __init__(self) -> None:
        self._h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD_SIZE)
        self._transport: asyncio.Transport | None = None
        self._reply: asyncio.Future[None] | None = None
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self._limit = DEFAULT_MAX_REPLY_BYTES
        self._reader: BodyReader | None = None
        self._body = b""
        self.closed = False
        self.idle_since = 0.0

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        if self._reply is None:  # bytes nobody asked for: the connection cannot be trusted
            self.close()
            return
        self._h11.receive_data(data)
        self._read_events()

    def eof_received(self) -> bool | None:
        self.closed = True  # the server is done with it: never reused
        if self._reply is not None and self._h11.their_state is not h11.CLOSED:
            self._h11.receive_data(b"")
            self._read_events()
        return None  # let the transport close

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        error = httpx.RemoteProtocolError("the server closed the connection before replying")
        error.__cause__ = exc
        self._fail(error)

    def _read_events(self) -> None:
        reply = self._reply
        while reply is not None and not reply.done():
            try:
                event = self._h11.next_event()
            except h11.RemoteProtocolError as exc:
                what = "the server closed the connection mid-reply"
                error = httpx.RemoteProtocolError(
                    what if self.closed else f"malformed reply: {exc}"
                )
                error.__cause__ = exc
                self._fail(error)
                self.close()
                return
            if event is h11.NEED_DATA or event is h11.PAUSED:
                return
            try:
                self._take(event, reply)
            except Exception as exc:  # over max_reply_bytes, a corrupt coding: read no further
                self._fail(exc)
                self.close()
                return

    def _take(self, event: object, reply: asyncio.Future[None]) -> None:
        """One event of the reply: its head, a piece of its body (decoded as it comes), its
        end."""
        if isinstance(event, h11.Data):
            assert self._reader is not None
            self._reader.feed(bytes(event.data))
        elif isinstance(event, h11.Response):
            self.status = event.status_code
            self.headers = list(event.headers)
            named = dict(self.headers)
            encoding, length = named.get(b"content-encoding"), named.get(b"content-length")
            self._reader = BodyReader(
                self._limit,
                self.status,
                encoding.decode("latin-1") if encoding else None,
                length.decode("latin-1") if length else None,
            )
        elif isinstance(event, h11.EndOfMessage):
            assert self._reader is not None
            self._body = self._reader.finish()
            reply.set_result(None)
        elif isinstance(event, h11.ConnectionClosed):
            self._fail(httpx.RemoteProtocolError("the server closed the connection mid-reply"))

    # the driver's side
    def _fail(self, error: Exception) -> None:
        if self._reply is not None and not self._reply.done():
            self._reply.set_exception(error)

    def time_out(self) -> None:
        """The exchange's deadline passed: fail it and drop the connection."""
        self._fail(httpx.ReadTimeout("timed out waiting for the reply"))
        self.close()

    @property
    def usable(self) -> bool:
        """Whether the connection is open for another exchange."""
        return not self.closed and self._transport is not None and not self._transport.is_closing()

    def start(
        self, head: h11.Request, body: bytes | None, max_reply_bytes: int
    ) -> asyncio.Future[None]:
        """Write the request at once; the future completes when the whole reply is in (a
        `ReplyTooLarge` past `max_reply_bytes`)."""
        assert self._transport is not None
        try:
            data = self._h11.send(head) or b""
            if body:
                data += self._h11.send(h11.Data(data=body)) or b""
            data += self._h11.send(h11.EndOfMessage()) or b""
        except h11.LocalProtocolError as exc:
            raise httpx.LocalProtocolError(f"the request cannot be framed: {exc}") from exc
        self._limit = max_reply_bytes
        self._reader = None
        self._body = b""
        self._reply = asyncio.get_running_loop().create_future()
        self._transport.write(data)
        return self._reply

    def finish(self) -> tuple[int, list[tuple[bytes, bytes]], bytes, bool]:
        """(status, headers, decoded body, reusable) of the reply just read."""
        self._reply = None
        reusable = (
            not self.closed
            and self._h11.our_state is h11.DONE
            and self._h11.their_state is h11.DONE
            and not self._h11.trailing_data[0]  # bytes past the reply: nothing to trust
        )
        if reusable:
            self._h11.start_next_cycle()
        body, self._body, self._reader = self._body, b"", None
        return self.status, self.headers, body, reusable

    def close(self) -> None:
        """Drop the connection at once (it is never reused)."""
        self.closed = True
        if self._transport is not None:
            self._transport.abort()


class _Pool:
    """The connections of one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, max_connections: int) -> None:
        self.loop = loop
        self.idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self.slots = asyncio.Semaphore(max_connections)
        self.max_idle = max_connections
        self.closed = False

    def checkout(self, origin: _Origin) -> _Connection | None:
        """A live idle connection to `origin`, most recently used first, if any."""
        idle = self.idle.get(origin.key)
        now = self.loop.time()
        while idle:
            connection = idle.pop()
            if connection.usable and now - connection.idle_since < KEEPALIVE_EXPIRY:
                return connection
            connection.close()
        return None

    def checkin(self, origin: _Origin, connection: _Connection) -> None:
        idle = self.idle.setdefault(origin.key, [])
        if self.closed or len(idle) >= self.max_idle:  # closed: an exchange outlived aclose()
            connection.close()
            return
        connection.idle_since = self.loop.time()
        idle.append(connection)

    def close(self) -> None:
        self.closed = True
        for idle in self.idle.values():
            for connection in idle:
                connection.close()
        self.idle.clear()


class AsyncioDriver:
    """Sends `WireRequest`s over pooled HTTP/1.1 connections (see the module docstring)."""

    def __init__(
        self,
        *,
        timeout: float,
        headers: dict[str, str],
        max_connections: int = 100,
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
    ) -> None:
        """`headers` go on every request unless it has its own of that name; `timeout` is an
        exchange's deadline when `send` is given none; a reply body larger than
        `max_reply_bytes` (on the wire or decoded) is read no further."""
        self._timeout = timeout
        self._max_reply_bytes = max_reply_bytes
        self._defaults = [(name.lower(), name, value) for name, value in headers.items()]
        self._max_connections = max_connections
        self._pool: _Pool | None = None
        self._origins: dict[str, _Origin] = {}
        self._proxies: dict[str, str | None] = {}
        self._httpx: dict[str | None, httpx.AsyncHTTPTransport] = {}
        self._tls: ssl.SSLContext | None = None

    def httpx_transport_for(self, base_url: str) -> httpx.AsyncHTTPTransport | None:
        """The httpx transport that must send a request to `base_url` (a proxy from the
        environment, or httpx patched by a test tool), or None: this driver sends it."""
        if base_url not in self._proxies:
            self._proxies[base_url] = environment_proxy(base_url)
        proxy = self._proxies[base_url]
        if proxy is None and not httpx_is_patched():
            return None
        if proxy not in self._httpx:
            self._httpx[proxy] = httpx.AsyncHTTPTransport(proxy=proxy)
        return self._httpx[proxy]

    async def send(self, request: WireRequest, *, timeout: float | None = None) -> WireResponse:
        """Send `request` and read the whole reply within `timeout` seconds (default: the
        driver's); a failure is an `httpx.HTTPError`, a header or path that is not ASCII a
        `UnicodeEncodeError` (as with httpx), a reply over `max_reply_bytes` a
        `ReplyTooLarge`."""
        origin = self._origin(request.base_url)
        head = self._head(request, origin)  # refused here, before any connection
        loop = asyncio.get_running_loop()
        pool = self._pool
        if pool is None or pool.loop is not loop:
            pool = self._pool = _Pool(loop, self._max_connections)
        when = loop.time() + max(self._timeout if timeout is None else timeout, 0.0)
        if pool.slots.locked():
            try:
                await asyncio.wait_for(pool.slots.acquire(), when - loop.time())
            except TimeoutError:
                raise httpx.PoolTimeout("timed out waiting for a free connection") from None
        else:
            await pool.slots.acquire()
        try:
            connection = pool.checkout(origin) or await self._connect(origin, when)
            try:
                reply = connection.start(head, request.body, self._max_reply_bytes)
                timer = loop.call_at(when, connection.time_out)
                try:
                    await reply
                finally:
                    timer.cancel()
            except BaseException:  # failed, timed out or cancelled: never reused
                connection.close()
                raise
            status, raw_headers, body, reusable = connection.finish()
            if reusable:
                pool.checkin(origin, connection)
            else:
                connection.close()
        finally:
            pool.slots.release()
        headers: dict[str, str] = {}
        for raw_name, raw_value in raw_headers:
            name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return WireResponse.for_request(request, status, headers, body)

    def _origin(self, base_url: str) -> _Origin:
        origin = self._origins.get(base_url)
        if origin is None:
            origin = self._origins[base_url] = _Origin(base_url)
        return origin

    def _head(self, request: WireRequest, origin: _Origin) -> h11.Request:
        target = origin.prefix + request.path + query_suffix(request)
        own = request.headers
        named = {name.lower() for name in own}
        headers = [("Host", origin.host_header)]
        headers += [(name, value) for lower, name, value in self._defaults if lower not in named]
        headers += own.items()
        length = content_length(request)
        if length is not None:
            headers.append(("Content-Length", length))
        try:
            return h11.Request(
                method=request.method, target=target.encode("ascii"), headers=headers
            )
        except h11.LocalProtocolError as exc:  # a header value with a line break, ...
            raise httpx.LocalProtocolError(f"the request cannot be framed: {exc}") from exc

    async def _connect(self, origin: _Origin, when: float) -> _Connection:
        loop = asyncio.get_running_loop()
        tls = None
        if origin.scheme == "https":
            if self._tls is None:
                self._tls = httpx.create_ssl_context()
            tls = self._tls
        try:
            _, connection = await asyncio.wait_for(
                loop.create_connection(
                    _Connection,
                    origin.host,
                    origin.port,
                    ssl=tls,
                    server_hostname=origin.host if tls else None,
                    happy_eyeballs_delay=HAPPY_EYEBALLS_DELAY,
                ),
                max(when - loop.time(), 0.0),
            )
        except TimeoutError:
            raise httpx.ConnectTimeout("timed out connecting") from None
        except OSError as exc:  # DNS, refused, unreachable, TLS (ssl.SSLError is one)
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
        return connection

    async def aclose(self) -> None:
        """Close the idle connections and the httpx transports used for proxies."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        for transport in self._httpx.values():
            await transport.aclose()
        self._httpx.clear()
