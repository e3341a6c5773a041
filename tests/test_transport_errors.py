"""No reply: a `TransportError` that says why (DNS, refused, TLS, timeout) in the user's words,
keeps httpx's exception as its `__cause__`, and shows no secret. Real sockets on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import traceback
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import telephony_core as tel

TOKEN = "tok-transport-4f3e2d1c"


def _client(base_url: str, **kwargs: object) -> tel.Client:
    return tel.connect("vobiz", auth_id="MA_X", auth_token=TOKEN, base_url=base_url, **kwargs)


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


@pytest.fixture
def plain_http_port() -> Iterator[int]:
    """A server that answers in plain HTTP, whatever it is sent (a TLS client fails)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.recv(1024)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    server.shutdown(socket.SHUT_RDWR)  # wakes the accept() up
    server.close()
    thread.join(timeout=5)


def test_connection_refused(closed_port: int) -> None:
    with pytest.raises(tel.TransportError) as info:
        _client(f"http://127.0.0.1:{closed_port}").devices.get("1")
    assert f"connection refused by 127.0.0.1:{closed_port}" in str(info.value)
    assert str(info.value).startswith("vobiz: GET http://127.0.0.1:")
    assert isinstance(info.value.__cause__, httpx.ConnectError)


async def test_connection_refused_async(closed_port: int) -> None:
    base_url = f"http://127.0.0.1:{closed_port}"
    async with tel.connect_async("vobiz", auth_id="MA_X", auth_token=TOKEN, base_url=base_url) as c:
        with pytest.raises(tel.TransportError, match="connection refused") as info:
            await c.devices.get("1")
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_dns_lookup_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    with pytest.raises(tel.TransportError) as info:
        _client("https://api.nowhere.example").devices.get("1")
    assert "DNS lookup of api.nowhere.example failed (Name or service not known)" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_tls_failure(plain_http_port: int) -> None:
    with pytest.raises(tel.TransportError) as info:
        _client(f"https://127.0.0.1:{plain_http_port}").devices.get("1")
    assert "TLS handshake with 127.0.0.1 failed" in str(info.value)
    assert "is it an https server?" in str(info.value)


def test_timeout(silent_port: int) -> None:
    with pytest.raises(tel.TransportError) as info:
        _client(f"http://127.0.0.1:{silent_port}", timeout=0.2).devices.get("1")
    assert "timed out waiting for the reply" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


def test_a_secret_in_the_cause_is_masked() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused {request.headers['X-Auth-Token']}", request=request)

    client = tel.connect(
        "vobiz", auth_id="MA_X", auth_token=TOKEN, transport=httpx.MockTransport(fail)
    )
    with pytest.raises(tel.TransportError) as info:
        client.devices.get("1")
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    shown = "".join(traceback.format_exception(info.value))
    assert "refused ********" in shown
    assert TOKEN not in shown


def test_a_secret_deep_in_the_cause_chain_is_masked() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        token = request.headers["X-Auth-Token"]
        try:
            raise OSError(f"the proxy said: bad header X-Auth-Token: {token}")
        except OSError as low:
            raise httpx.ReadError("connection reset", request=request) from low

    client = tel.connect(
        "vobiz", auth_id="MA_X", auth_token=TOKEN, transport=httpx.MockTransport(fail)
    )
    with pytest.raises(tel.TransportError) as info:
        client.devices.get("1")
    shown = "".join(traceback.format_exception(info.value))
    assert "bad header X-Auth-Token: ********" in shown
    assert TOKEN not in shown
    assert isinstance(info.value.__cause__, httpx.ReadError)
    assert isinstance(info.value.__cause__.__cause__, OSError)


# The async client's own driver (telephony_core.transport.asyncio_driver) says the same.
async def _get_async(base_url: str, **kwargs: Any) -> None:
    settings = {"auth_id": "MA_X", "auth_token": TOKEN, "base_url": base_url, **kwargs}
    async with tel.connect_async("vobiz", **settings) as client:
        await client.devices.get("1")


async def test_dns_lookup_failure_async(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    with pytest.raises(tel.TransportError) as info:
        await _get_async("https://api.nowhere.example")
    assert "DNS lookup of api.nowhere.example failed (Name or service not known)" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert info.value.request_sent is False


async def test_tls_failure_async(plain_http_port: int) -> None:
    with pytest.raises(tel.TransportError) as info:
        await _get_async(f"https://127.0.0.1:{plain_http_port}")
    assert "TLS handshake with 127.0.0.1 failed" in str(info.value)
    assert "is it an https server?" in str(info.value)


async def test_timeout_async(silent_port: int) -> None:
    with pytest.raises(tel.TransportError) as info:
        await _get_async(f"http://127.0.0.1:{silent_port}", timeout=0.2, retries=0)
    assert "timed out waiting for the reply" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
