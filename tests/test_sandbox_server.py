"""The sandbox served over real HTTP (uvicorn on 127.0.0.1): bad clients get answers, not
dropped connections, and bursts of concurrent clients are all served."""

from __future__ import annotations

import asyncio
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

import telephony_core as tel
from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.app import MAX_BODY, SandboxApp
from telephony_core.sandbox.server import SandboxServer
from telephony_core.sandbox.server import SandboxServer as FormerImport

TELEPHONY = str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "telephony")
VOBIZ_HEADERS = {"X-Auth-ID": "MA_SANDBOX", "X-Auth-Token": "sandbox-token"}
ENDPOINTS = "/vobiz/api/v1/Account/MA_SANDBOX/Endpoint/"
CLIENTS = 50
REQUESTS_EACH = 20


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    emulators = {name: cls() for name, cls in get_registry().sandboxes.items()}
    with SandboxServer(emulators) as running:
        yield running


def _raw(server: SandboxServer, request: bytes) -> bytes:
    """Send `request` bytes as they are; return what the server answered (until it closes)."""
    parts = urlsplit(server.url)
    assert parts.hostname and parts.port
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])


def test_the_former_import_path_still_works() -> None:
    assert FormerImport is SandboxServer


def test_a_malformed_content_length_is_answered_400(server: SandboxServer) -> None:
    reply = _raw(
        server,
        b"POST " + ENDPOINTS.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
    )
    assert 400 <= _status(reply) < 500


def test_a_body_with_a_self_key_is_answered_not_dropped(server: SandboxServer) -> None:
    body = {"self": 1, "endpoint_id": "x", "username": "u1", "password": "p" * 9, "alias": "a"}
    reply = httpx.post(server.url + ENDPOINTS, json=body, headers=VOBIZ_HEADERS)
    assert reply.status_code == 400  # Vobiz refuses keys it does not know
    assert "self" in reply.text


def test_a_deeply_nested_body_is_answered_400(server: SandboxServer) -> None:
    reply = httpx.post(
        server.url + ENDPOINTS,
        content=b"[" * 100_000,
        headers={**VOBIZ_HEADERS, "Content-Type": "application/json"},
    )
    assert reply.status_code == 400


def test_a_body_over_the_limit_is_answered_413(server: SandboxServer) -> None:
    declared = _raw(
        server,
        f"POST {ENDPOINTS} HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n".encode(),
    )
    assert _status(declared) == 413
    streamed = httpx.post(
        server.url + ENDPOINTS,
        content=iter([b"x" * 65536] * (MAX_BODY // 65536 + 1)),  # chunked: no length declared
        headers=VOBIZ_HEADERS,
    )
    assert streamed.status_code == 413


def test_a_failing_handler_is_a_500(server: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    vobiz = server.emulators["vobiz"]

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("emulator bug")

    monkeypatch.setattr(vobiz, "list_endpoints", broken)
    reply = httpx.get(server.url + ENDPOINTS, headers=VOBIZ_HEADERS)
    assert reply.status_code == 500
    assert "list_endpoints" in reply.json()["error"]


def test_the_index_names_every_provider(server: SandboxServer) -> None:
    index = httpx.get(server.url + "/").json()
    assert index == server.index()
    assert set(index["providers"]) == set(server.emulators)
    assert index["providers"]["vobiz"]["base_url"] == server.base_url("vobiz")


def test_50_concurrent_clients_of_20_requests_see_no_connection_error(
    server: SandboxServer,
) -> None:
    base_url = server.base_url("vobiz")
    credentials = server.index()["providers"]["vobiz"]["credentials"]

    async def one_client(n: int) -> list[str]:
        async with tel.connect_async("vobiz", base_url=base_url, **credentials) as client:
            names = []
            for i in range(REQUESTS_EACH):
                if i % 2:
                    await client.devices.update("87654321", name=f"client {n} #{i}")
                else:
                    names.append((await client.devices.get("87654321")).name or "")
            return names

    async def burst() -> list[list[str] | BaseException]:
        return await asyncio.wait_for(
            asyncio.gather(*(one_client(n) for n in range(CLIENTS)), return_exceptions=True),
            timeout=120,
        )

    results = asyncio.run(burst())
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    assert sum(len(r) for r in results if isinstance(r, list)) == CLIENTS * REQUESTS_EACH // 2


def test_a_burst_of_fresh_connections_is_queued_not_reset(server: SandboxServer) -> None:
    """Each request on a new connection (the listen backlog, not keep-alive, is tested)."""
    parts = urlsplit(server.url)
    assert parts.hostname and parts.port
    request = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"

    async def one() -> int:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        writer.write(request)
        await writer.drain()
        reply = await reader.read()
        writer.close()
        await writer.wait_closed()
        return _status(reply)

    async def burst() -> list[int | BaseException]:
        tasks = [one() for _ in range(CLIENTS * REQUESTS_EACH // 4)]
        return await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 120)

    assert set(asyncio.run(burst())) == {200}


def test_the_app_is_a_plain_asgi_callable() -> None:
    """Composable: an ASGI client (httpx's ASGITransport) drives it with no server at all."""
    emulators = {"vobiz": get_registry().sandbox("vobiz")()}
    app = SandboxApp(emulators)

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
            return await client.get(ENDPOINTS, headers=VOBIZ_HEADERS)

    reply = asyncio.run(call())
    assert reply.status_code == 200
    assert reply.json()["objects"][0]["endpoint_id"] == "87654321"


def test_serving_on_a_busy_port_is_a_configuration_error(server: SandboxServer) -> None:
    port = urlsplit(server.url).port
    assert port is not None
    with pytest.raises(
        tel.ConfigurationError, match=f"cannot serve the sandbox on 127.0.0.1:{port}"
    ):
        SandboxServer(server.emulators, port=port)


def test_sandbox_serve_on_a_busy_port_is_one_line_and_exit_1(server: SandboxServer) -> None:
    port = urlsplit(server.url).port
    done = subprocess.run(
        [TELEPHONY, "sandbox", "serve", "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: cannot serve the sandbox on 127.0.0.1:{port}")
