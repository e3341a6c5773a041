"""A minimal Vobiz-shaped HTTP/1.1 server on 127.0.0.1 for the loopback and bulk benches.

It runs in its own process (its own core), keeps connections alive, and answers after a
fixed `latency` without holding a thread: an endpoint GET with one endpoint object, the
endpoint listing with one page, an endpoint POST with 202 and no body, anything else 404.
It counts the requests it answered and its own CPU time, so that a bench can show the
server was not the bottleneck (`Server.stats()`: CPU microseconds per request).

    with Server(latency=0.02) as server:
        base_url = server.base_url  # http://127.0.0.1:PORT/api/v1
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import socket
import time
from types import TracebackType
from typing import Any, Self

ENDPOINT = {
    "endpoint_id": "87654321",
    "username": "desk42",
    "alias": "Desk",
    "application": "/api/v1/Account/MA_BENCH/Application/98765432/",
    "allow_voice": True,
    "allow_message": False,
    "allow_video": False,
    "sip_registered": "true",
    "sip_uri": "sip:desk42@registrar.vobiz.ai",
    "resource_uri": "/api/v1/Account/MA_BENCH/Endpoint/87654321/",
    "api_id": "c0ffee",
}
ONE_PAGE = {
    "meta": {"limit": 20, "offset": 0, "total_count": 1, "next": None, "previous": None},
    "objects": [ENDPOINT],
}


def _reply(status: int, body: bytes = b"") -> bytes:
    reason = {200: "OK", 202: "Accepted", 404: "Not Found"}[status]
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Length: {len(body)}\r\n"
    if body:
        head += "Content-Type: application/json\r\n"
    return head.encode() + b"\r\n" + body


REPLIES = {
    "get": _reply(200, json.dumps(ENDPOINT).encode()),
    "list": _reply(200, json.dumps(ONE_PAGE).encode()),
    "update": _reply(202),
    "missing": _reply(404),
}


def route(method: str, path: str) -> bytes:
    """The reply to one request, chosen by method and path."""
    path = path.split("?", 1)[0]
    if "/Endpoint/" in path:
        if path.endswith("/Endpoint/"):
            return REPLIES["list"] if method == "GET" else REPLIES["missing"]
        return REPLIES["get"] if method == "GET" else REPLIES["update"]
    if path == "/_stats":
        served = _STATS["requests"]
        cpu = time.process_time() - _STATS["cpu_start"]
        return _reply(200, json.dumps({"requests": served, "cpu_s": cpu}).encode())
    if path == "/_reset":
        _STATS["requests"] = 0
        _STATS["cpu_start"] = time.process_time()
        return _reply(200, b"{}")
    return REPLIES["missing"]


_STATS: dict[str, Any] = {"requests": 0, "cpu_start": 0.0, "latency": 0.0}


class _Http(asyncio.Protocol):
    """HTTP/1.1 keep-alive; requests are answered in order, each after the latency."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.buffer = b""
        self.loop = asyncio.get_running_loop()
        self.pending = 0

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            length = 0
            for line in head[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            method, path, _ = head[0].split(" ", 2)
            reply = route(method, path)
            if path.startswith("/_"):
                self.transport.write(reply)
                continue
            _STATS["requests"] += 1
            latency = _STATS["latency"]
            if latency:
                self.loop.call_later(latency, self._write, reply)
            else:
                self.transport.write(reply)

    def _write(self, reply: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(reply)


def _serve(sock: socket.socket, latency: float) -> None:
    _STATS["latency"] = latency
    _STATS["cpu_start"] = time.process_time()

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_Http, sock=sock, backlog=1024)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


class Server:
    """The bench server in a child process, on a free port of 127.0.0.1."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(1024)
        self.port: int = self._sock.getsockname()[1]
        self._process = multiprocessing.get_context("fork").Process(
            target=_serve, args=(self._sock, latency), daemon=True
        )

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What a Vobiz client connects with (`base_url=`)."""
        return f"{self.root}/api/v1"

    def _admin(self, path: str) -> dict[str, Any]:
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as conn:
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            data = b""
            while b"\r\n\r\n" not in data or not data.endswith(b"}"):
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
        result: dict[str, Any] = json.loads(data.split(b"\r\n\r\n", 1)[1])
        return result

    def reset(self) -> None:
        """Start counting requests and CPU time afresh."""
        self._admin("/_reset")

    def stats(self) -> dict[str, float]:
        """Requests answered and server CPU seconds since the last `reset()`."""
        return self._admin("/_stats")

    def start(self) -> Self:
        self._process.start()
        self._sock.close()  # the child has its own copy
        return self

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
