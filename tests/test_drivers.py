"""The drivers: httpx requests built once per client, the async client's asyncio driver, and
the per-call shortcuts (static auth headers, the id fast path) keeping the same rules."""

from __future__ import annotations

import asyncio
import gc
import json
import socket
import threading
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import telephony_core as tel
from telephony_core.translate.wire import MAX_SEGMENT_LENGTH, WireRequest, check_segment
from telephony_core.transport.asyncio_driver import AsyncioDriver
from telephony_core.transport.request_builder import RequestBuilder

ENDPOINT = {"endpoint_id": "1001", "username": "desk", "alias": "Desk", "sip_registered": "true"}
PAGE = {"meta": {"total_count": 1, "next": None}, "objects": [ENDPOINT]}


class Recorder(ThreadingHTTPServer):
    """A loopback server answering like Vobiz endpoints and keeping what it received."""

    daemon_threads = True

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/v1"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Recorder

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.received.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": self.rfile.read(length),
            }
        )
        if self.command == "POST":
            status, body = 202, b""
        else:
            status = 200
            body = json.dumps(PAGE if self.path.split("?")[0].endswith("/Endpoint/") else ENDPOINT)
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Repeated", "one")
        self.send_header("X-Repeated", "two")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


SETTINGS = {"auth_id": "MA_DRIVER", "auth_token": "driver-token-123"}


async def test_the_async_driver_sends_what_the_httpx_driver_sends(recorder: Recorder) -> None:
    with tel.connect("vobiz", base_url=recorder.base_url, **SETTINGS) as sync:
        sync_results = [
            sync.devices.update("1001", name="Desk", password="NewPassw0rd!"),
            sync.devices.get("1001"),
            list(sync.devices.list(page_size=5)),
            sync.devices.delete("1001"),
        ]
    sent_by_httpx, recorder.received[:] = list(recorder.received), []
    async with tel.connect_async("vobiz", base_url=recorder.base_url, **SETTINGS) as client:
        assert client._driver.asyncio_driver is not None  # no transport: the asyncio driver
        results = [
            await client.devices.update("1001", name="Desk", password="NewPassw0rd!"),
            await client.devices.get("1001"),
            [device async for device in client.devices.list(page_size=5)],
            await client.devices.delete("1001"),
        ]
    assert results == sync_results
    assert [r["method"] for r in recorder.received] == ["POST", "GET", "GET", "DELETE"]
    for by_driver, by_httpx in zip(recorder.received, sent_by_httpx, strict=True):
        assert (by_driver["method"], by_driver["path"]) == (by_httpx["method"], by_httpx["path"])
        assert by_driver["body"] == by_httpx["body"]
        for name in ("x-auth-id", "x-auth-token", "content-type", "user-agent", "host"):
            assert by_driver["headers"].get(name) == by_httpx["headers"].get(name), name
    assert recorder.received[2]["path"].endswith("/Endpoint/?limit=5&offset=0")
    assert json.loads(recorder.received[0]["body"]) == {"alias": "Desk", "password": "NewPassw0rd!"}


async def test_driver_replies_have_lower_case_names_and_joined_repeats(
    recorder: Recorder,
) -> None:
    driver = AsyncioDriver(timeout=5, headers={"User-Agent": "test"})
    request = WireRequest(
        method="GET", base_url=recorder.base_url, path="/Account/MA_X/Endpoint/1001/"
    )
    try:
        response = await driver.send(request)
    finally:
        await driver.aclose()
    assert response.status == 200
    assert response.headers["x-repeated"] == "one, two"
    assert response.header("X-Repeated") == "one, two"
    assert json.loads(response.body) == ENDPOINT


def test_an_async_client_works_on_one_event_loop_after_another(recorder: Recorder) -> None:
    client = tel.connect_async("vobiz", base_url=recorder.base_url, **SETTINGS)

    async def get() -> tel.Device:
        return await client.devices.get("1001")

    async def get_and_close() -> tel.Device:
        try:
            return await client.devices.get("1001")
        finally:
            await client.aclose()

    with warnings.catch_warnings():
        # The first loop's connections cannot be closed once that loop is closed (the driver
        # documents it): Python warns about them when they are collected, here.
        warnings.simplefilter("ignore", ResourceWarning)
        assert asyncio.run(get()) == asyncio.run(get_and_close())
        gc.collect()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_a_refused_connection_is_a_transport_error() -> None:
    base_url = f"http://127.0.0.1:{_free_port()}/api/v1"
    async with tel.connect_async("vobiz", base_url=base_url, **SETTINGS) as client:
        with pytest.raises(tel.TransportError, match="connection refused by 127.0.0.1") as info:
            await client.devices.get("1001")
    assert "driver-token-123" not in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ConnectError)  # as the httpx driver says it


async def test_a_server_that_never_answers_is_a_transport_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        base_url = f"http://127.0.0.1:{silent.getsockname()[1]}/api/v1"
        async with tel.connect_async("vobiz", base_url=base_url, timeout=0.2, **SETTINGS) as c:
            with pytest.raises(tel.TransportError, match="timed out"):
                await c.devices.get("1001")


@pytest.mark.parametrize(
    ("method", "query", "body"),
    [
        ("POST", (), b'{"alias":"Desk"}'),
        ("GET", (("limit", "20"), ("offset", "0"), ("q", "a b/c&d")), None),
        ("DELETE", (), None),
        ("POST", (), None),
    ],
)
def test_requests_are_built_as_httpx_builds_them(
    method: str, query: tuple[tuple[str, str], ...], body: bytes | None
) -> None:
    client = httpx.Client(headers={"User-Agent": "telephony-core/test", "Accept": "text/plain"})
    headers = {"X-Auth-Token": "t0ken", "Content-Type": "application/json", "accept": "a/b"}
    wire = WireRequest(
        method=method,
        base_url="https://api.example.com/v1",
        path="/Account/MA_X/Endpoint/10%2001/",
        query=query,
        headers=headers,
        body=body,
    )
    built = RequestBuilder(client.headers, client.timeout).build(wire)
    expected = client.build_request(
        method, wire.base_url + wire.path, params=query or None, headers=headers, content=body
    )
    assert built.url == expected.url
    assert sorted(built.headers.multi_items()) == sorted(expected.headers.multi_items())
    assert built.content == expected.content
    assert built.extensions == expected.extensions


@pytest.mark.parametrize("static", [True, False])
def test_auth_headers_are_computed_once_unless_the_provider_says_otherwise(
    static: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = tel.connect("vobiz", sandbox=True)
    provider = client.provider
    calls = []
    original = type(provider).auth_headers

    def counting(self: Any) -> Any:
        calls.append(1)
        return original(self)

    monkeypatch.setattr(type(provider), "auth_headers", counting)
    monkeypatch.setattr(type(provider), "static_auth", static)
    for _ in range(3):
        request = provider.request("GET", "/x")
        assert set(provider.auth_headers()) <= set(request.headers)
    calls.clear()
    for _ in range(3):
        provider.request("GET", "/x")
    assert len(calls) == (0 if static else 3)


def _full_rule(value: str) -> bool:
    """check_segment's rule written out character by character (the specification)."""
    if not value or len(value) > MAX_SEGMENT_LENGTH or value in (".", "..") or ".." in value:
        return False
    return not any(c in "/\\?#%" or not c.isprintable() or c.isspace() for c in value)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=12)
    | st.sampled_from(["a\u3000b", "a\u00a0b", "x\u2028", "é", "1.2", "9" * 1025, "9" * 1024])
)
def test_the_id_fast_path_keeps_the_rule(value: str) -> None:
    try:
        check_segment("id", value)
        accepted = True
    except tel.ValidationError:
        accepted = False
    assert accepted == _full_rule(value)


async def test_the_asyncio_driver_refuses_a_header_httpx_would_refuse(recorder: Recorder) -> None:
    async with tel.connect_async("vobiz", base_url=recorder.base_url, **SETTINGS) as client:
        request = WireRequest(
            method="GET",
            base_url=recorder.base_url,
            path="/x",
            headers={"X-Plugin": "t\u00f8ken-in-a-header"},
            secrets=frozenset({"t\u00f8ken-in-a-header"}),
        )

        def plan() -> Any:
            yield request

        with pytest.raises(tel.ValidationError, match="cannot be sent") as info:
            await client._run(plan())
    assert "t\u00f8ken" not in repr(info.value.args)
    assert recorder.received == []


def test_the_sync_client_goes_through_a_proxy_from_the_environment(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("http_proxy", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setenv("HTTP_PROXY", recorder.base_url.removesuffix("/api/v1"))
    monkeypatch.setenv("NO_PROXY", "")
    # A loopback address nothing listens on: only the proxy can answer for it.
    with tel.connect("vobiz", base_url="http://127.0.0.2:9", **SETTINGS) as client:
        assert client.devices.get("1001").id == "1001"
    assert recorder.received[0]["path"].startswith("http://127.0.0.2:9/api/v1/Account/MA_DRIVER/")


def test_no_proxy_keeps_a_host_off_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    from telephony_core.transport.request_builder import environment_proxy

    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "https_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "api.vobiz.ai")
    assert environment_proxy("https://api.twilio.com") == "http://proxy.internal:3128"
    assert environment_proxy("https://api.vobiz.ai/api/v1") is None
    assert environment_proxy("http://api.twilio.com") is None  # no HTTP_PROXY set
