"""The shared store of a rate limit (`rate_limit_storage`): in memory, or Redis with its I/O
bounded by the call's deadline.

A store that is down or silent fails the call by its deadline, never hangs it (DESIGN
"Resilience"). The Redis client gets connect and socket timeouts (the client's `timeout`,
for I/O outside any call), and within a call every connect, write and read is cut to the
time the call has left (`telephony_core.resilience.deadline.current_deadline`): sync, by a
redis-py connection class that sets its socket's timeout before each operation; async, by
running each store operation under `asyncio.timeout`. Its failures, whatever the client
library raises, are a `StoreFailed` naming the store (never its password), which the drivers
turn into a `TransportError` of the request that waited for its turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from limits.storage import storage_from_string

from telephony_core.resilience.deadline import current_deadline

T = TypeVar("T")

MEMORY = "memory://"
#: The URL schemes of the stores a rate limit may be kept in: those whose I/O a call's
#: deadline bounds (`limits` knows more, e.g. memcached, whose clients it cannot bound).
SCHEMES = frozenset({"memory", "redis", "rediss", "redis+unix"})


class StoreFailed(Exception):
    """The rate limit's store did not answer in time, refused the connection or failed."""

    def __init__(self, store: str, why: str) -> None:
        super().__init__(f"the rate limit's store {store} {why}")
        self.store = store
        self.why = why


def describe(uri: str) -> str:
    """`uri` as a message may show it: scheme, host and port (no password, no path)."""
    parts = urlsplit(uri)
    try:
        port = parts.port
    except ValueError:
        port = None
    where = parts.hostname or parts.path or ""
    return f"{parts.scheme}://{where}{f':{port}' if port else ''}"


def check_uri(uri: str) -> str:
    """`uri` if it names a store whose I/O the deadline bounds, else a `ValueError` saying
    which are."""
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise ValueError(
            "use memory:// (this process) or a Redis URL (redis://host:port/db, rediss://, "
            "redis+unix://)"
        )
    return uri


def _time_left(base: float | None) -> float | None:
    """`base` (a socket timeout) cut to the current call's time left; a redis-py
    `TimeoutError` once it has passed (so that no store I/O starts after the deadline)."""
    deadline = current_deadline()
    if deadline is None:
        return base
    left = deadline.remaining()
    if left <= 0:
        import redis

        raise redis.exceptions.TimeoutError("the call's deadline has passed")
    return left if base is None else min(base, left)


_CONNECTION_CLASSES: dict[type[Any], type[Any]] = {}


def _deadline_connection(uri: str) -> type[Any]:
    """The redis-py connection class for `uri`'s scheme (TCP, TLS or a Unix socket), each of
    its connects, writes and reads bounded by the current call's deadline."""
    import redis.connection

    scheme = uri.split("://", 1)[0].lower()
    base: type[Any] = {
        "rediss": redis.connection.SSLConnection,
        "redis+unix": redis.connection.UnixDomainSocketConnection,
    }.get(scheme, redis.connection.Connection)
    if base in _CONNECTION_CLASSES:
        return _CONNECTION_CLASSES[base]

    class DeadlineConnection(base):  # type: ignore[misc]
        """A redis-py connection that never waits past the current call's deadline."""

        socket_connect_timeout: float | None
        socket_timeout: float | None
        _sock: Any

        def _connect(self) -> Any:
            saved = self.socket_connect_timeout, self.socket_timeout
            self.socket_connect_timeout = _time_left(saved[0])
            self.socket_timeout = _time_left(saved[1])
            try:
                return super()._connect()
            finally:
                self.socket_connect_timeout, self.socket_timeout = saved

        def _cut(self) -> None:
            left = _time_left(self.socket_timeout)
            if self._sock is not None:
                self._sock.settimeout(left)

        def send_packed_command(self, *args: Any, **kwargs: Any) -> Any:
            self._cut()
            return super().send_packed_command(*args, **kwargs)

        def read_response(self, *args: Any, **kwargs: Any) -> Any:
            self._cut()
            return super().read_response(*args, **kwargs)

    DeadlineConnection.__name__ = f"Deadline{base.__name__}"
    _CONNECTION_CLASSES[base] = DeadlineConnection
    return DeadlineConnection


def sync_storage(uri: str, timeout: float) -> Any:
    """The `limits` storage at `uri` for sync calls (see the module docstring)."""
    check_uri(uri)
    if uri.startswith(MEMORY):
        return storage_from_string(uri)
    options: dict[str, Any] = {"connection_class": _deadline_connection(uri)}
    return storage_from_string(
        uri,
        wrap_exceptions=True,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        **options,  # redis-py's, passed on by `limits`
    )


def async_storage(uri: str, timeout: float) -> Any:
    """The `limits` asyncio storage at `uri` (redis-py's asyncio client, as the sync storage
    uses redis-py), with connect and socket timeouts."""
    check_uri(uri)
    return storage_from_string(
        f"async+{uri}",
        implementation="redispy",
        wrap_exceptions=True,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
    )


def _why(exc: BaseException) -> str:
    """A store failure in the user's words (the client library's text names no password:
    redis-py's messages give the host and port)."""
    from limits.errors import StorageError

    cause = exc.storage_error if isinstance(exc, StorageError) else exc
    name = type(cause).__name__
    if "Timeout" in name or isinstance(cause, TimeoutError):
        return "did not answer in time (the call's deadline, timeout=..., bounds the wait)"
    if "Connection" in name or isinstance(cause, ConnectionError | OSError):
        return f"cannot be reached ({name}): is the server running there?"
    return f"failed ({name})"


def run(uri: str, operation: Callable[[], T]) -> T:
    """`operation()` on the store at `uri` (sync), its failures a `StoreFailed`."""
    try:
        return operation()
    except Exception as exc:
        raise StoreFailed(describe(uri), _why(exc)) from None


async def run_async(uri: str, operation: Callable[[], Awaitable[T]]) -> T:
    """`await operation()` on the store at `uri`, ended at the current call's deadline; its
    failures a `StoreFailed`."""
    deadline = current_deadline()
    try:
        async with asyncio.timeout(None if deadline is None else deadline.remaining()):
            return await operation()
    except TimeoutError:
        raise StoreFailed(describe(uri), _why(TimeoutError())) from None
    except Exception as exc:
        raise StoreFailed(describe(uri), _why(exc)) from None
