"""Sending a `WireRequest` through an httpx transport, with the per-call work done once.

`httpx.Client.request()` merges the client's default headers, cookies, query and timeout
into a new request on every call, re-encodes the body, and then runs the layers the vendor
APIs do not use: the cookie jar (a `urllib` request built per reply to read `Set-Cookie`),
auth flows, redirects and event hooks. The clients skip that layer: `RequestBuilder` does
the merge once (the default headers as raw bytes, the timeout as an extension) and
`send` / `send_async` hand the request straight to the httpx transport (`HTTPTransport`,
`MockTransport`, the sandbox's, a recorder's: whatever `transport=` is) and read the whole
reply, at most `max_reply_bytes` of it on the wire and decoded (gzip, deflate:
`telephony_core.transport.reply_body`). The transport does the rest as under `httpx.Client`:
the connection pool, TLS, timeouts, and httpcore's failures raised as httpx's. Replies are
not followed (the vendors' APIs do not redirect) and their cookies are not kept (every
request authenticates by header).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit
from urllib.request import getproxies, proxy_bypass

import httpx

from telephony_core.secret import Sealed
from telephony_core.translate.wire import WireRequest, WireResponse
from telephony_core.transport.reply_body import BodyReader, check_size


def environment_proxy(base_url: str) -> str | None:
    """The proxy the environment sets for `base_url` (`HTTPS_PROXY`, `HTTP_PROXY`,
    `ALL_PROXY`, minus the hosts `NO_PROXY` names), or None."""
    parts = urlsplit(base_url)
    proxies = getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if proxy is None or proxy_bypass(parts.hostname or ""):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"  # as httpx reads them


def default_headers(user_agent: str) -> dict[str, str]:
    """The headers every request carries unless it sets its own: httpx's defaults (bodies
    compressed only in the codings every driver decodes), with our User-Agent."""
    return {
        "Accept": "*/*",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "keep-alive",
        "User-Agent": user_agent,
    }


#: The methods whose empty body is still announced (`Content-Length: 0`), as httpx does.
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def query_suffix(request: WireRequest) -> str:
    """`?` and the request's query as httpx encodes `params=` (empty without one)."""
    return "?" + urlencode(request.query) if request.query else ""


def content_length(request: WireRequest) -> str | None:
    """The request's `Content-Length` as httpx sends it (None: no such header)."""
    if request.body is not None:
        return str(len(request.body))
    return "0" if request.method in _BODY_METHODS else None


#: How many distinct request headers (name, value) a builder keeps encoded.
_MAX_ENCODED = 64


class RequestBuilder:
    """Turns `WireRequest`s into `httpx.Request`s for one httpx client."""

    def __init__(self, headers: httpx.Headers, timeout: httpx.Timeout) -> None:
        """`headers` go on every request unless it has its own of that name; `timeout` bounds
        each network operation (connect, each read and write)."""
        self._defaults = [
            (key.encode("latin-1"), key.lower(), value.encode("latin-1"))
            for key, value in headers.multi_items()
        ]
        self._extensions = {"timeout": timeout.as_dict()}
        # Auth headers among them: sealed, so that `vars()` of the builder shows no token.
        self._encoded: Sealed[dict[tuple[str, str], tuple[bytes, bytes]]] = Sealed({})

    def build(self, request: WireRequest) -> httpx.Request:
        """The request as httpx would build it from `client.request(...)`."""
        # The query encoded into the URL, so that httpx parses it once instead of twice.
        url = httpx.URL(request.base_url + request.path + query_suffix(request))
        own = request.headers
        own_names = {name.lower() for name in own}
        raw: list[tuple[bytes, bytes]] = [(b"Host", url.netloc)]
        raw += [(key, value) for key, lower, value in self._defaults if lower not in own_names]
        encoded = self._encoded.reveal()
        for pair in own.items():
            header = encoded.get(pair)
            if header is None:
                header = (pair[0].encode("ascii"), pair[1].encode("ascii"))  # as httpx encodes
                if len(encoded) < _MAX_ENCODED:  # auth and content-type headers repeat
                    encoded[pair] = header
            raw.append(header)
        length = content_length(request)
        if length is not None:
            raw.append((b"Content-Length", length.encode()))
        built = httpx.Request(
            request.method,
            url,
            headers=raw,
            stream=httpx.ByteStream(request.body or b""),
            extensions=self._extensions,
        )
        built.read()  # so that `.content` is there for transports and recorders that read it
        return built


def send(
    transport: httpx.BaseTransport,
    request: httpx.Request,
    wire: WireRequest,
    max_reply_bytes: int,
) -> WireResponse:
    """Send `request` (built from `wire`) through `transport` and read the whole reply, at
    most `max_reply_bytes` of it (see the module docstring); the reply knows what of `wire`
    to mask (its secrets and secret keys). A failure is an `httpx.HTTPError`, a reply over
    the cap a `ReplyTooLarge`."""
    response = transport.handle_request(request)
    try:
        try:
            body = check_size(response.content, max_reply_bytes, response.status_code)
        except httpx.ResponseNotRead:  # from the network: read it here, bounded
            reader = _reader(response, max_reply_bytes)
            for chunk in response.iter_raw():
                reader.feed(chunk)
            body = reader.finish()
    finally:
        response.close()
    return _wire_response(response, body, wire)


async def send_async(
    transport: httpx.AsyncBaseTransport,
    request: httpx.Request,
    wire: WireRequest,
    max_reply_bytes: int,
) -> WireResponse:
    """`send`, through an async transport."""
    response = await transport.handle_async_request(request)
    try:
        try:
            body = check_size(response.content, max_reply_bytes, response.status_code)
        except httpx.ResponseNotRead:
            reader = _reader(response, max_reply_bytes)
            async for chunk in response.aiter_raw():
                reader.feed(chunk)
            body = reader.finish()
    finally:
        await response.aclose()
    return _wire_response(response, body, wire)


def _reader(response: httpx.Response, max_reply_bytes: int) -> BodyReader:
    headers = response.headers
    return BodyReader(
        max_reply_bytes,
        response.status_code,
        headers.get("content-encoding"),
        headers.get("content-length"),
    )


def _wire_response(response: httpx.Response, body: bytes, wire: WireRequest) -> WireResponse:
    """The neutral reply; httpx's headers are already case-insensitive, names lower-case."""
    return WireResponse.for_request(wire, response.status_code, response.headers, body)
