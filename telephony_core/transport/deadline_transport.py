"""httpx's sync transport with every network operation bounded by the call's deadline
(see `telephony_core.resilience.deadline`): imported only when a sync client is made."""

from __future__ import annotations

from collections.abc import Iterable
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


def deadline_transport(proxy: str | None = None) -> httpx.HTTPTransport:
    """httpx's default transport (through `proxy` if given), its network I/O bounded by the
    current call's deadline.

    httpx has no public way to hand its connection pool a network backend: the pool's is
    wrapped once, before any connection exists (tests/test_deadline.py fails loudly should a
    new httpx release move it).
    """
    transport = httpx.HTTPTransport(proxy=proxy)
    pool = transport._pool
    if not isinstance(pool, httpcore.ConnectionPool):  # a SOCKS proxy: its own streams
        return transport
    pool._network_backend = _DeadlineBackend(pool._network_backend)
    return transport
