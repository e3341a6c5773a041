"""Serving the sandbox over real HTTP on loopback, with uvicorn: `telephony sandbox serve`, and
tests that need a real server (recording cassettes, many concurrent clients).

uvicorn is a maintained HTTP/1.1 server (h11): it answers malformed requests (a bad
`Content-Length`, a broken request line) with 400 instead of dropping them, queues bursts of
connections (listen backlog 2048) and keeps connections alive; the app it serves is the
plain ASGI `SandboxApp`, so it can be wrapped (e.g. by fault injection) before serving.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import uvicorn

from telephony_core.errors import ConfigurationError
from telephony_core.sandbox.app import ASGIApp, SandboxApp
from telephony_core.sandbox.emulator import Emulator
from telephony_core.translate.settings import is_loopback

#: How long `start()` waits for the server to accept connections.
START_TIMEOUT = 10.0
#: Connections the kernel queues before the server accepts them (uvicorn's default).
BACKLOG = 2048


def _bind(host: str, port: int) -> socket.socket:
    """A socket listening on `host:port` (port 0 picks a free one), so that clients can
    connect as soon as it is made; a `ConfigurationError` when the address is in use or
    cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        why = exc.strerror or type(exc).__name__
        raise ConfigurationError(
            f"cannot serve the sandbox on {host}:{port}: {why} (choose another --port, "
            "or 0 for a free one)"
        ) from None
    return sock


class SandboxServer:
    """The emulators served by uvicorn: in a background thread (`start()` / `stop()`, or
    `with`), or in this thread until interrupted (`serve_forever()`).

    `app` is the ASGI app to serve, by default `SandboxApp(emulators)`; pass one wrapped in
    middleware to serve that instead. Only loopback addresses unless `allow_remote`.
    """

    def __init__(
        self,
        emulators: Mapping[str, Emulator],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        allow_remote: bool = False,
        app: ASGIApp | None = None,
    ) -> None:
        if not is_loopback(host) and not allow_remote:
            raise ConfigurationError(
                f"refusing to serve the sandbox on {host}: only loopback addresses are allowed "
                "unless you pass allow_remote=True (--allow-remote)"
            )
        self.sandbox = SandboxApp(emulators)
        self.emulators = self.sandbox.emulators
        self._socket = _bind(host, port)
        config = uvicorn.Config(
            app or self.sandbox,
            log_config=None,  # a library does not configure the application's logging
            log_level="warning",
            access_log=False,
            lifespan="off",
            http="h11",
            ws="none",
            backlog=BACKLOG,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The server's root URL, e.g. `http://127.0.0.1:8765`."""
        host, port = self._socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    def base_url(self, provider: str) -> str:
        """The `base_url` a client of `provider` connects with."""
        return self.sandbox.base_url(self.url, provider)

    def index(self) -> dict[str, Any]:
        """What `GET /` answers: each provider's base URL and sandbox credentials."""
        return self.sandbox.index(self.url)

    def start(self) -> Self:
        """Serve in a background thread; return once connections are accepted."""
        self._thread = threading.Thread(target=self._run, daemon=True, name="telephony-sandbox")
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ConfigurationError(f"the sandbox server did not start on {self.url}")
            time.sleep(0.01)
        return self

    def _run(self) -> None:
        self._server.run(sockets=[self._socket])

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (SIGINT / SIGTERM stop it gracefully)."""
        self._run()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._socket.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
