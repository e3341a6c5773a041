"""Every installed vendor's emulator as one ASGI application (served by uvicorn in
`telephony_core.sandbox.server`; any ASGI server or middleware can take it as well).

Each provider's emulator answers under its own path prefix: a client connects with
`base_url=<root>/<provider><api_root>` (e.g. `http://127.0.0.1:8765/sipbx/ns-api/v2`).
`GET /` lists the providers, their base URLs and sandbox credentials; `POST /_reset` restores
every emulator's seeded state, `POST /<provider>/_reset` one. A request body larger than
`max_body` is answered 413 before it is read whole; a handler that fails is answered 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from telephony_core.sandbox.emulator import Emulator, EmuRequest, EmuResponse, json_response

#: ASGI's types, spelled out (no extra dependency for three aliases).
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The largest request body the sandbox reads (1 MiB): no documented request comes close.
MAX_BODY = 1 << 20
logger = logging.getLogger("telephony_core.sandbox")


class SandboxApp:
    """The emulators of `emulators` (provider name -> emulator) as a plain ASGI callable."""

    def __init__(self, emulators: Mapping[str, Emulator], *, max_body: int = MAX_BODY) -> None:
        self.emulators = dict(emulators)
        self.max_body = max_body

    def base_url(self, root: str, provider: str) -> str:
        """The `base_url` a client of `provider` connects with, under the server's `root`."""
        return f"{root}/{provider}{self.emulators[provider].api_root}"

    def index(self, root: str) -> dict[str, Any]:
        """What `GET /` answers: each provider's base URL, sandbox credentials, an example
        id per resource, and what its seeded state holds."""
        return {
            "providers": {
                name: {
                    "base_url": self.base_url(root, name),
                    "credentials": {
                        k: v for k, v in emulator.credentials.items() if k != "base_url"
                    },
                    "examples": dict(emulator.examples),
                    "seeded": {k: list(v) for k, v in emulator.seeded.items()},
                }
                for name, emulator in sorted(self.emulators.items())
            },
            "reset": f"{root}/_reset",
        }

    def answer(self, request: EmuRequest, root: str) -> EmuResponse:
        """Route one request to the emulator named by its first path segment."""
        if request.path in ("/", ""):
            return json_response(self.index(root))
        if request.method == "POST" and request.path == "/_reset":
            for emulator in self.emulators.values():
                emulator.reset_safely()
            return json_response({"reset": sorted(self.emulators)})
        _, _, rest = request.path.partition("/")
        provider, slash, path = rest.partition("/")
        target = self.emulators.get(provider)
        if target is None:
            return json_response({"error": f"no sandbox {provider!r}; see GET /"}, 404)
        if request.method == "POST" and path == "_reset":
            target.reset_safely()
            return json_response({"reset": [provider]})
        inner = EmuRequest(
            method=request.method,
            path=slash + path,
            query=request.query,
            headers=request.headers,
            body=request.body,
        )
        return target.dispatch(inner)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return  # no websockets: the vendors have none
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        body = await self._body(headers, receive)
        if isinstance(body, EmuResponse):
            await _send(send, body)
            return
        target = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        request = EmuRequest.from_http(
            scope["method"],
            target.decode("latin-1") + ("?" + query.decode("latin-1") if query else ""),
            headers,
            body,
        )
        try:
            reply = self.answer(request, _root(scope))
        except Exception:  # the emulators answer every failure; this is the last resort
            logger.exception("sandbox: %s %s failed", request.method, request.path)
            reply = json_response({"error": "the sandbox failed"}, 500)
        await _send(send, reply)

    async def _body(self, headers: Mapping[str, str], receive: Receive) -> bytes | EmuResponse:
        """The request body, or the 413 reply when it is larger than `max_body`."""
        too_large = json_response({"error": f"request body larger than {self.max_body} bytes"}, 413)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            return too_large
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _root(scope: Scope) -> str:
    """The server's root URL as the client reached it, e.g. `http://127.0.0.1:8765`."""
    host, port = scope.get("server") or ("127.0.0.1", 80)
    shown = f"[{host}]" if ":" in host else host
    return f"{scope.get('scheme', 'http')}://{shown}:{port}"


async def _send(send: Send, reply: EmuResponse) -> None:
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers.items()]
    headers.append((b"content-length", str(len(reply.body)).encode()))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})


async def _lifespan(receive: Receive, send: Send) -> None:
    """Nothing to start or stop: acknowledge, for servers that run the lifespan protocol."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
