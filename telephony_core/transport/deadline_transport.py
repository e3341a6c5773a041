"""httpx's sync transport with every network operation bounded by the call's deadline
(see `telephony_core.resilience.deadline`), whose connections are never reused with bytes
past a reply: imported only when a sync client is made.

A server that sends two replies to one request (in one write) leaves the second in the
connection's parser; httpcore would hand it to the next request sent on that connection, a
reply to a request it never saw. A connection holding bytes past the reply it just gave
counts as expired here, so the pool closes it and the next request opens another (as the
asyncio driver does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

from telephony_core.resilience.deadline import current_deadline


def _cut(timeout: float | None, *, connecting: bool = False) -> float | None:
    deadline = current_deadline()
    if deadline is None:
        return timeout
    if deadline.expired():
        error = httpcore.ConnectTimeout if connecting else httpcore.ReadTimeout
        raise error("the call's deadline has passed")
    return deadline.cut(timeout)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the current deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _cut(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _cut(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        upgraded = self._stream.start_tls(ssl_context, server_hostname, _cut(timeout))
        return _DeadlineStream(upgraded)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend, its streams bounded by the current deadline."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, _cut(timeout, connecting=True), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_unix_socket(
            path, _cut(timeout, connecting=True), socket_options
        )
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def bytes_past_reply(connection: httpcore.ConnectionInterface) -> bool:
    """Whether an HTTP/1.1 connection of the pool holds bytes the server sent past the end of
    its last reply (h11 keeps them for the next cycle: httpcore has no public way to ask)."""
    http11 = getattr(connection, "_connection", None)
    state = getattr(http11, "_h11_state", None)
    trailing = getattr(state, "trailing_data", (b"", False))
    return bool(trailing[0])


class _RetiredWithBytesPastReply(httpcore.ConnectionInterface):
    """A pool connection that counts as expired while it holds bytes past a reply."""

    def __init__(self, connection: httpcore.ConnectionInterface) -> None:
        self._inner = connection

    def handle_request(self, request: httpcore.Request) -> httpcore.Response:
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()

    def info(self) -> str:
        return self._inner.info()

    def can_handle_request(self, origin: httpcore.Origin) -> bool:
        return self._inner.can_handle_request(origin)

    def is_available(self) -> bool:
        return self._inner.is_available() and not bytes_past_reply(self._inner)

    def has_expired(self) -> bool:
        return self._inner.has_expired() or (
            self._inner.is_idle() and bytes_past_reply(self._inner)
        )

    def is_idle(self) -> bool:
        return self._inner.is_idle()

    def is_closed(self) -> bool:
        return self._inner.is_closed()

    def __repr__(self) -> str:
        return repr(self._inner)


def _retiring(
    create: Callable[[httpcore.Origin], httpcore.ConnectionInterface],
) -> Callable[[httpcore.Origin], httpcore.ConnectionInterface]:
    def create_connection(origin: httpcore.Origin) -> httpcore.ConnectionInterface:
        return _RetiredWithBytesPastReply(create(origin))

    return create_connection


def deadline_transport(proxy: str | None = None) -> httpx.HTTPTransport:
    """httpx's default transport (through `proxy` if given), its network I/O bounded by the
    current call's deadline, its connections retired when they hold bytes past a reply.

    httpx has no public way to hand its connection pool a network backend or a connection
    class: the pool's backend is wrapped, and its `create_connection` (the method httpcore's
    pool makes each connection with) wrapped too, once, before any connection exists
    (tests/test_deadline.py and tests/test_pipelined_reply.py fail loudly should a new httpx
    release move them).
    """
    transport = httpx.HTTPTransport(proxy=proxy)
    pool = transport._pool
    if not isinstance(pool, httpcore.ConnectionPool):  # a SOCKS proxy: its own streams
        return transport
    pool._network_backend = _DeadlineBackend(pool._network_backend)
    pool.create_connection = _retiring(pool.create_connection)  # type: ignore[method-assign,assignment]
    return transport
