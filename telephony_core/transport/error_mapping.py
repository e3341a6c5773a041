"""What went wrong when no reply came: httpx's failure as a `TransportError` in the user's words.

The message names the cause (DNS lookup, connection refused, TLS, timeout) and what to check;
the httpx exception stays its `__cause__` (its own cause is the operating system's error), with
the request's secrets masked in its text and arguments should they carry any (httpcore keeps
h11's exception, which quotes the reply, as an argument). The causes keep their type and
message, not their frames: the locals of httpcore's frames hold the request's headers, which a
traceback printer showing locals would print.
"""

from __future__ import annotations

import copy
import socket
import ssl
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx

from telephony_core.errors import TransportError
from telephony_core.translate.wire import WireRequest

#: Failures before the request left: sending it again cannot apply it twice.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
_TIMEOUTS: dict[type[httpx.TimeoutException], str] = {
    httpx.ConnectTimeout: "timed out connecting",
    httpx.ReadTimeout: "timed out waiting for the reply",
    httpx.WriteTimeout: "timed out sending the request",
    httpx.PoolTimeout: "timed out waiting for a free connection",
}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _why(exc: httpx.HTTPError | TimeoutError, host: str, port: str) -> str:
    """The failure in the user's words, with what to check."""
    if isinstance(exc, TimeoutError):  # the async driver's cut at the call's deadline
        return "timed out: the call's deadline passed (timeout=... sets it in seconds)"
    for cause in _chain(exc):
        if isinstance(cause, socket.gaierror):
            return (
                f"DNS lookup of {host} failed ({cause.strerror or cause}): check the host name "
                "(the base URL or server setting) and the network"
            )
        if isinstance(cause, ConnectionRefusedError):
            return f"connection refused by {host}:{port}: is the server running there?"
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate of {host} not accepted ({cause.verify_message})"
        if isinstance(cause, ssl.SSLError):
            reason = cause.reason or cause
            return f"TLS handshake with {host} failed ({reason}): is it an https server?"
    for timeout, words in _TIMEOUTS.items():
        if isinstance(exc, timeout):
            return f"{words} (timeout=... sets the limit in seconds)"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return f"{type(exc).__name__}: {exc}"


def _masked_argument(argument: object, redact: Callable[[str], str]) -> object:
    """An exception's argument with the request's secrets masked: text masked, and anything
    else whose text shows one (an exception kept as an argument) replaced by that text."""
    if isinstance(argument, str):
        return redact(argument)
    if isinstance(argument, bytes | bytearray | BaseException):
        shown = str(argument)
        return redact(shown) if redact(shown) != shown else argument
    return argument


def _copy(cause: BaseException, redact: Callable[[str], str]) -> BaseException:
    try:
        return copy.copy(cause)
    except Exception:  # an exception that cannot be rebuilt from its arguments: its text
        return RuntimeError(f"{type(cause).__name__}: {redact(str(cause))}")


def _masked(exc: httpx.HTTPError | TimeoutError, request: WireRequest) -> BaseException:
    """A copy of `exc` and its causes, each with the request's secrets masked in its text
    and arguments (a traceback prints every cause), without their frames."""
    redact = request.redactor.text
    chain = list(_chain(exc))
    copies = [_copy(cause, redact) for cause in chain]
    for original, masked in zip(chain, copies, strict=True):
        masked.args = tuple(_masked_argument(a, redact) for a in original.args)
        masked.__traceback__ = None
    for masked, cause in zip(copies, [*copies[1:], None], strict=True):
        masked.__cause__, masked.__context__ = cause, None
        masked.__suppress_context__ = True
    return copies[0]


def transport_error(
    provider: str, request: WireRequest, exc: httpx.HTTPError | TimeoutError
) -> TransportError:
    """The `TransportError` for a request that got no reply, its `__cause__` set to `exc`;
    `request_sent` is False when the request surely never left (see `retries`)."""
    parts = urlsplit(request.base_url)
    host = parts.hostname or request.base_url
    port = str(parts.port or (443 if parts.scheme == "https" else 80))
    message = f"{provider}: {request.method} {request.url} failed: {_why(exc, host, port)}"
    error = TransportError(
        request.redactor.text(message),
        provider=provider,
        request_sent=not isinstance(exc, _NOT_SENT),
    )
    error.__cause__ = _masked(exc, request)
    error.__suppress_context__ = True
    return error
