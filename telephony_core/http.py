"""Sending a `WireRequest` through httpx, with the per-call work done once per client.

`httpx.Client.request()` merges the client's default headers, cookies, query and timeout
into a new request on every call, and re-encodes the body; `RequestBuilder` does that
merge once (the default headers as raw bytes, the timeout as an extension) and hands
`Client.send()` a request that is ready, so that a call costs little more than the
transport itself. Everything else (mounts and proxies, the transport, reading the reply)
stays httpx's.
"""

from __future__ import annotations

from urllib.parse import urlencode

import httpx

from telephony_core.wire import WireRequest, WireResponse

#: How many distinct request headers (name, value) a builder keeps encoded.
_MAX_ENCODED = 64


class RequestBuilder:
    """Turns `WireRequest`s into `httpx.Request`s for one httpx client."""

    def __init__(self, client: httpx.Client | httpx.AsyncClient) -> None:
        self._defaults = [
            (key.encode("latin-1"), key.lower(), value.encode("latin-1"))
            for key, value in client.headers.multi_items()
        ]
        self._extensions = {"timeout": client.timeout.as_dict()}
        self._encoded: dict[tuple[str, str], tuple[bytes, bytes]] = {}

    def build(self, request: WireRequest) -> httpx.Request:
        """The request as httpx would build it from `client.request(...)`."""
        target = request.base_url + request.path
        if request.query:  # as httpx encodes params=, but parsed once instead of twice
            target += "?" + urlencode(request.query)
        url = httpx.URL(target)
        own = request.headers
        own_names = {name.lower() for name in own}
        raw: list[tuple[bytes, bytes]] = [(b"Host", url.netloc)]
        raw += [(key, value) for key, lower, value in self._defaults if lower not in own_names]
        encoded = self._encoded
        for pair in own.items():
            header = encoded.get(pair)
            if header is None:
                header = (pair[0].encode("ascii"), pair[1].encode("ascii"))  # as httpx encodes
                if len(encoded) < _MAX_ENCODED:  # auth and content-type headers repeat
                    encoded[pair] = header
            raw.append(header)
        body = request.body
        if body is not None:
            raw.append((b"Content-Length", str(len(body)).encode()))
        elif request.method in ("POST", "PUT", "PATCH"):
            raw.append((b"Content-Length", b"0"))
        built = httpx.Request(
            request.method,
            url,
            headers=raw,
            stream=httpx.ByteStream(body or b""),
            extensions=self._extensions,
        )
        built.read()  # so that `.content` is there for transports and recorders that read it
        return built


def wire_response(response: httpx.Response, secrets: frozenset[str]) -> WireResponse:
    """The neutral reply (with the `secrets` of the request it answers, for masking); httpx's
    headers are already case-insensitive, names lower-case."""
    return WireResponse(
        status=response.status_code,
        headers=response.headers,
        body=response.content,
        secrets=secrets,
    )
