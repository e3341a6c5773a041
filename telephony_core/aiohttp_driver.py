"""The async client's network driver: one `WireRequest` over aiohttp, one `WireResponse` back.

Chosen by measurement (docs/benchmarks.md, "Bulk throughput"): at 50 and more requests in
flight, httpx's async connection pool spends milliseconds of CPU per request and the
throughput falls as concurrency rises, where aiohttp's keeps rising. The async client uses
this driver when no `transport=` is given; an injected httpx transport (tests, the
sandbox, cassettes) still goes through httpx.

The session is made on first use, inside the running event loop (aiohttp sessions belong
to one loop), with: `timeout` as the deadline of each request (connect, send, read the
reply); a pool of `max_connections` connections, kept alive; TLS verified with httpx's
certificate store; proxies from the environment (`HTTPS_PROXY`, ...), as httpx does; no
cookie jar (the vendor APIs authenticate every request by header); redirects not followed.
A client used on another event loop opens another session there; close it (`aclose()`)
before its loop ends: the connections of a closed loop can no longer be closed (Python
warns about them).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from urllib.request import getproxies

import aiohttp
import httpx

from telephony_core.wire import WireRequest, WireResponse


def _as_httpx(exc: aiohttp.ClientError | TimeoutError) -> httpx.HTTPError:
    """aiohttp's failure as the httpx exception of the same kind, so that both drivers'
    failures read the same (`telephony_core.transport_errors`); `exc` is its cause."""
    kind: type[httpx.HTTPError]
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        kind = httpx.ConnectTimeout
    elif isinstance(exc, aiohttp.SocketTimeoutError):
        kind = httpx.ReadTimeout
    elif isinstance(exc, TimeoutError):  # the exchange's deadline
        kind = httpx.TimeoutException
    elif isinstance(exc, aiohttp.ClientConnectorError):  # DNS, refused, TLS
        kind = httpx.ConnectError
    elif isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        kind = httpx.RemoteProtocolError
    elif isinstance(exc, aiohttp.ClientOSError):
        kind = httpx.ReadError
    else:
        kind = httpx.TransportError
    mapped = kind(str(exc) or type(exc).__name__)
    mapped.__cause__ = exc
    return mapped


_CONTENT_TYPE = ("Content-Type",)


def _reply_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Lower-case names; repeated headers joined with ", " as httpx does."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        key = name.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


class AiohttpDriver:
    """Sends requests through one aiohttp session per event loop."""

    def __init__(self, *, timeout: float, user_agent: str, max_connections: int = 100) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._headers = {"User-Agent": user_agent}
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _session_for_loop(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._loop is not loop or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections, ssl=httpx.create_ssl_context()
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers=self._headers,
                timeout=self._timeout,
                cookie_jar=aiohttp.DummyCookieJar(),
                # Reading the environment costs a thread hop per request in aiohttp (for
                # ~/.netrc): only pay it when a proxy is configured there.
                trust_env=bool(getproxies()),
            )
            self._loop = loop
        return self._session

    async def send(self, request: WireRequest, *, timeout: float | None = None) -> WireResponse:
        """Send `request` and read the whole reply within `timeout` seconds (the call's time
        left; default: the driver's `timeout`); a failure is raised as an `httpx.HTTPError`
        (`ConnectError`, `ReadTimeout`, ...) caused by aiohttp's; a header that is not ASCII is
        a `UnicodeEncodeError`, as with httpx.

        One total deadline per exchange, on aiohttp's own timer: per-phase limits (connect,
        each read) cost a timer rescheduled on every read, and a second timer around the
        request (`asyncio.timeout`) as much again. aiohttp rounds a total above 5 s up to the
        next whole second of the loop's clock.
        """
        typed = False
        for name, value in request.headers.items():  # refused as the httpx driver refuses it
            name.encode("ascii")
            value.encode("ascii")
            typed = typed or name.lower() == "content-type"
        session = self._session_for_loop()
        try:
            async with session.request(
                request.method,
                request.base_url + request.path,
                params=request.query or None,
                headers=request.headers,
                data=request.body,
                allow_redirects=False,
                # aiohttp would label a body without a type application/octet-stream.
                skip_auto_headers=None if typed or request.body is None else _CONTENT_TYPE,
                # 0 would mean no limit to aiohttp: the call's deadline has all but passed.
                timeout=(
                    self._timeout
                    if timeout is None
                    else aiohttp.ClientTimeout(total=max(timeout, 0.001))
                ),
            ) as response:
                body = await response.read()
                return WireResponse(
                    status=response.status,
                    headers=_reply_headers(response.headers),
                    body=body,
                    secrets=request.secrets,
                )
        except aiohttp.InvalidURL as exc:  # as httpx refuses to build it
            raise httpx.InvalidURL(f"invalid URL: {type(exc).__name__}") from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise _as_httpx(exc) from exc

    async def aclose(self) -> None:
        """Close the session and its connections (if one was made on this loop)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
