"""Serving emulators over real HTTP on loopback: `telephony sandbox serve`, and tests.

Each provider's emulator is served under its own path prefix: a client connects with
`base_url=server.base_url("vobiz")` (`http://127.0.0.1:PORT/vobiz`, plus the emulator's
`api_root`). `GET /` lists the providers, their base URLs and sandbox credentials;
`POST /_reset` restores every emulator's seeded state, `POST /<provider>/_reset` one.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from telephony_core.errors import ConfigurationError
from telephony_core.sandbox import Emulator, EmuRequest, EmuResponse, json_response
from telephony_core.settings import is_loopback


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    #: The listen backlog (the default, 5, resets connections when 50 clients connect at once).
    request_queue_size = 128


class SandboxServer:
    """Emulators served over HTTP in a background thread; `start()` / `stop()` or `with`."""

    def __init__(
        self,
        emulators: Mapping[str, Emulator],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        allow_remote: bool = False,
    ) -> None:
        if not is_loopback(host) and not allow_remote:
            raise ConfigurationError(
                f"refusing to serve the sandbox on {host}: only loopback addresses are allowed "
                "unless you pass allow_remote=True (--allow-remote)"
            )
        self.emulators = dict(emulators)
        self._httpd = _HTTPServer((host, port), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The server's root URL, e.g. `http://127.0.0.1:8765`."""
        host, port = self._httpd.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    def base_url(self, provider: str) -> str:
        """The `base_url` a client of `provider` connects with."""
        return f"{self.url}/{provider}{self.emulators[provider].api_root}"

    def index(self) -> dict[str, Any]:
        """What `GET /` answers: each provider's base URL and sandbox credentials."""
        return {
            "providers": {
                name: {
                    "base_url": self.base_url(name),
                    "credentials": {
                        k: v for k, v in emulator.credentials.items() if k != "base_url"
                    },
                    "examples": dict(emulator.examples),
                }
                for name, emulator in sorted(self.emulators.items())
            },
            "reset": f"{self.url}/_reset",
        }

    def answer(self, request: EmuRequest) -> EmuResponse:
        """Route one request to the emulator named by its first path segment."""
        _, _, rest = request.path.partition("/")
        provider, slash, path = rest.partition("/")
        if request.path in ("/", ""):
            return json_response(self.index())
        if request.method == "POST" and request.path == "/_reset":
            for emulator in self.emulators.values():
                emulator.reset_safely()
            return json_response({"reset": sorted(self.emulators)})
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

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm
            # and the client's delayed ACK hold each reply ~40 ms on a kept-alive connection.
            disable_nagle_algorithm = True

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = EmuRequest.from_http(
                    self.command, self.path, dict(self.headers.items()), body
                )
                reply = server.answer(request)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the emulators are not a web server log."""

        return Handler

    def start(self) -> Self:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        self._httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
