"""The async client's driver (telephony_core.transport.asyncio_driver) against a scripted HTTP/1.1
server on loopback: keep-alive and its ends, reply framings and codings, broken replies,
the connection limit, cancellation, and the requests it hands to httpx."""

from __future__ import annotations

import asyncio
import gzip
import json
import shutil
import ssl
import subprocess
import sys
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

import telephony_core as tel
from telephony_core.translate.wire import WireRequest
from telephony_core.transport.asyncio_driver import AsyncioDriver
from telephony_core.transport.request_builder import RequestBuilder

ENDPOINT = {"endpoint_id": "1001", "username": "desk", "alias": "Desk"}
BODY = json.dumps(ENDPOINT).encode()
SETTINGS = {"auth_id": "MA_DRIVER", "auth_token": "driver-token-123"}
#: A reply: the bytes to send for one request, and whether to close the connection after.
Reply = tuple[bytes, bool]


def reply(body: bytes = BODY, *headers: str, status: str = "200 OK") -> bytes:
    head = [f"HTTP/1.1 {status}", *headers]
    if not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class Scripted:
    """An asyncio HTTP/1.1 server answering each request with `answer(n)` (n counts the
    requests); it counts connections and the most open at once."""

    def __init__(
        self,
        answer: Callable[[int], Reply],
        delay: float = 0.0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.answer = answer
        self.delay = delay
        self.tls = tls
        self.requests: list[bytes] = []
        self.connections = 0
        self.open = 0
        self.most_open = 0
        self.server: asyncio.Server | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
                    return
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                self.requests.append(head + await reader.readexactly(length))
                data, close = self.answer(len(self.requests))
                if self.delay:
                    await asyncio.sleep(self.delay)
                writer.write(data)
                await writer.drain()
                if close:
                    return
        finally:
            self.open -= 1
            writer.close()

    async def __aenter__(self) -> Scripted:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.tls)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()


def get(path: str = "/Account/MA_X/Endpoint/1001/", **fields: Any) -> WireRequest:
    return WireRequest(method="GET", base_url="", path=path, **fields)


@pytest.fixture
async def driver() -> AsyncIterator[AsyncioDriver]:
    made = AsyncioDriver(timeout=5, headers={"User-Agent": "test"})
    yield made
    await made.aclose()


def at(server: Scripted, request: WireRequest) -> WireRequest:
    return WireRequest(
        method=request.method,
        base_url=server.base_url,
        path=request.path,
        query=request.query,
        headers=request.headers,
        body=request.body,
    )


async def test_connections_are_kept_alive_and_reused(driver: AsyncioDriver) -> None:
    async with Scripted(lambda n: (reply(), False)) as server:
        for _ in range(5):
            response = await driver.send(at(server, get()))
            assert json.loads(response.body) == ENDPOINT
    assert server.connections == 1
    assert len(server.requests) == 5


async def test_a_reply_that_closes_its_connection_is_followed_by_a_new_one(
    driver: AsyncioDriver,
) -> None:
    async with Scripted(lambda n: (reply(BODY, "Connection: close"), True)) as server:
        for _ in range(3):
            assert (await driver.send(at(server, get()))).status == 200
    assert server.connections == 3


async def test_an_idle_connection_the_server_closed_is_not_reused(driver: AsyncioDriver) -> None:
    # The server answers, then drops the connection as a keep-alive timeout would.
    async with Scripted(lambda n: (reply(), True)) as server:
        assert (await driver.send(at(server, get()))).status == 200
        await asyncio.sleep(0.1)  # the close reaches the client
        assert (await driver.send(at(server, get()))).status == 200
    assert server.connections == 2


@pytest.mark.parametrize(
    "data",
    [
        reply(gzip.compress(BODY), "Content-Encoding: gzip"),
        reply(zlib.compress(BODY), "Content-Encoding: deflate"),
        reply(b"%x\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY), "Transfer-Encoding: chunked"),
    ],
    ids=["gzip", "deflate", "chunked"],
)
async def test_reply_framings_and_codings_are_undone(driver: AsyncioDriver, data: bytes) -> None:
    async with Scripted(lambda n: (data, False)) as server:
        response = await driver.send(at(server, get()))
    assert response.body == BODY


async def test_a_reply_with_a_large_head_is_read(driver: AsyncioDriver) -> None:
    data = reply(BODY, *(f"X-Trace-{n}: {'t' * 1000}" for n in range(50)))  # ~50 KB of head
    async with Scripted(lambda n: (data, False)) as server:
        response = await driver.send(at(server, get()))
    assert response.body == BODY
    assert len(response.headers["x-trace-49"]) == 1000


async def test_bytes_past_the_end_of_a_reply_retire_its_connection(
    driver: AsyncioDriver,
) -> None:
    data = reply() + b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"  # never asked for
    async with Scripted(lambda n: (data, False)) as server:
        for _ in range(2):
            assert (await driver.send(at(server, get()))).body == BODY
    assert server.connections == 2


async def test_a_reply_delimited_by_closing_the_connection(driver: AsyncioDriver) -> None:
    data = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + BODY
    async with Scripted(lambda n: (data, True)) as server:
        response = await driver.send(at(server, get()))
    assert response.body == BODY


async def test_repeated_reply_headers_are_joined_under_lower_case_names(
    driver: AsyncioDriver,
) -> None:
    data = reply(BODY, "X-Repeated: one", "x-repeated: two")
    async with Scripted(lambda n: (data, False)) as server:
        response = await driver.send(at(server, get()))
    assert response.headers["x-repeated"] == "one, two"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Len", "closed the connection"),
        (reply(BODY)[:-5], "closed the connection"),
        (b"NOT HTTP AT ALL\r\n\r\n", "malformed reply"),
        (reply(b"not gzip", "Content-Encoding: gzip"), "corrupt"),
    ],
    ids=["cut-in-head", "cut-in-body", "not-http", "bad-gzip"],
)
async def test_a_broken_reply_is_a_transport_error_after_sending(data: bytes, why: str) -> None:
    async with Scripted(lambda n: (data, True)) as server:
        settings = {**SETTINGS, "base_url": server.base_url, "retries": 0}
        async with tel.connect_async("vobiz", **settings) as client:
            with pytest.raises(tel.TransportError, match=why) as info:
                await client.devices.get("1001")
    assert info.value.request_sent is True  # it may have been applied: never resent blindly
    assert "driver-token-123" not in str(info.value)


async def test_at_most_max_connections_exchanges_run_at_once() -> None:
    driver = AsyncioDriver(timeout=5, headers={}, max_connections=2)
    async with Scripted(lambda n: (reply(), False), delay=0.05) as server:
        responses = await asyncio.gather(*(driver.send(at(server, get())) for _ in range(6)))
    await driver.aclose()
    assert [r.status for r in responses] == [200] * 6
    assert server.most_open == 2


async def test_waiting_for_a_free_connection_ends_at_the_deadline() -> None:
    driver = AsyncioDriver(timeout=5, headers={}, max_connections=1)
    async with Scripted(lambda n: (reply(), False), delay=1.0) as server:
        first = asyncio.ensure_future(driver.send(at(server, get())))
        await asyncio.sleep(0.05)
        with pytest.raises(httpx.PoolTimeout):
            await driver.send(at(server, get()), timeout=0.1)
        first.cancel()
    await driver.aclose()


async def test_a_cancelled_exchange_frees_its_slot_and_drops_its_connection() -> None:
    driver = AsyncioDriver(timeout=5, headers={}, max_connections=1)
    answers = {1: (reply(), False)}
    async with Scripted(lambda n: answers.get(n, (reply(), False)), delay=0.0) as server:
        server.delay = 0.5
        slow = asyncio.ensure_future(driver.send(at(server, get())))
        await asyncio.sleep(0.05)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        server.delay = 0.0
        response = await asyncio.wait_for(driver.send(at(server, get())), 2)
    await driver.aclose()
    assert response.status == 200
    assert server.connections == 2  # the cancelled one's connection was not reused


async def test_a_timed_out_exchange_is_a_read_timeout_and_its_connection_is_dropped() -> None:
    driver = AsyncioDriver(timeout=5, headers={})
    async with Scripted(lambda n: (reply(), False), delay=0.5) as server:
        with pytest.raises(httpx.ReadTimeout):
            await driver.send(at(server, get()), timeout=0.1)
        server.delay = 0.0
        assert (await driver.send(at(server, get()))).status == 200
    await driver.aclose()
    assert server.connections == 2


async def test_an_exchange_that_outlives_aclose_does_not_keep_its_connection() -> None:
    driver = AsyncioDriver(timeout=5, headers={})
    async with Scripted(lambda n: (reply(), False), delay=0.2) as server:
        pending = asyncio.ensure_future(driver.send(at(server, get())))
        await asyncio.sleep(0.05)
        await driver.aclose()
        assert (await pending).status == 200
        await asyncio.sleep(0.05)
        assert server.open == 0  # closed once its reply was read


@pytest.mark.parametrize(
    "query",
    [(), (("limit", "5"), ("offset", "0")), (("q", "a b/c&d=é"),), (("x", ""), ("x", "%"))],
)
def test_the_request_target_is_the_one_httpx_sends(query: tuple[tuple[str, str], ...]) -> None:
    request = WireRequest(
        method="GET", base_url="https://api.example.com/v1/", path="/A/MA_X/E/10%2001/", query=query
    )
    builder = RequestBuilder(httpx.Headers(), httpx.Timeout(5))
    head = AsyncioDriver(timeout=5, headers={})._head(request, _origin(request.base_url))
    assert head.target == builder.build(request).url.raw_path


def _origin(base_url: str) -> Any:
    from telephony_core.transport.asyncio_driver import _Origin

    return _Origin(base_url)


@pytest.mark.parametrize(
    ("base_url", "host"),
    [
        ("http://127.0.0.1:8080/api", "127.0.0.1:8080"),
        ("https://api.example.com/v1", "api.example.com"),
        ("https://API.example.com:443/v1", "api.example.com:443"),
        ("http://[::1]:9000/", "[::1]:9000"),
    ],
)
def test_the_host_header_is_the_base_urls(base_url: str, host: str) -> None:
    assert _origin(base_url).host_header == host


def test_a_base_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(httpx.UnsupportedProtocol):
        _origin("ftp://files.example.com/")


async def test_an_origin_behind_a_proxy_from_the_environment_goes_through_httpx(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with Scripted(lambda n: (reply(), False)) as proxy:
        monkeypatch.delenv("http_proxy", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        monkeypatch.setenv("HTTP_PROXY", proxy.base_url)
        monkeypatch.setenv("NO_PROXY", "bypassed.example")
        # A loopback address nothing listens on: only the proxy can answer for it.
        settings = {**SETTINGS, "base_url": "http://127.0.0.2:9"}
        async with tel.connect_async("vobiz", **settings) as client:
            assert client._driver.asyncio_driver is not None
            assert (
                client._driver.asyncio_driver.httpx_transport_for("http://bypassed.example/v1")
                is None
            )
            device = await client.devices.get("1001")
    assert device.id == "1001"
    # A proxy is sent the absolute URL of the vendor's resource.
    assert proxy.requests[0].startswith(b"GET http://127.0.0.2:9/api/v1/Account/MA_DRIVER/")


async def test_a_test_tool_patching_httpx_sees_the_async_clients_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []

    async def mocked(self: Any, request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=ENDPOINT)

    # As vcrpy and pytest-httpx do: the class's method replaced while the test runs.
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", mocked)
    settings = {**SETTINGS, "base_url": "https://vendor.invalid"}
    async with tel.connect_async("vobiz", **settings) as client:
        device = await client.devices.get("1001")
    assert device.id == "1001"
    assert seen == ["https://vendor.invalid/api/v1/Account/MA_DRIVER/Endpoint/1001/"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (made with the openssl command): its
    certificate and key files."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed: no certificate to test TLS with")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", key, "-out", cert, "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def tls_server(certificate: tuple[str, str]) -> Scripted:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return Scripted(lambda n: (reply(), False), tls=context)


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_https_with_a_certificate_the_client_trusts(
    certificate: tuple[str, str], flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", certificate[0])  # httpx's certificate store reads it
    async with tls_server(certificate) as server:
        settings = {**SETTINGS, "base_url": server.base_url.replace("http:", "https:")}
        if flavour == "sync":

            def two_gets() -> list[str]:
                with tel.connect("vobiz", **settings) as client:
                    return [client.devices.get("1001").id for _ in range(2)]

            ids = await asyncio.to_thread(two_gets)
        else:
            async with tel.connect_async("vobiz", **settings) as client:
                ids = [(await client.devices.get("1001")).id for _ in range(2)]
    assert ids == ["1001", "1001"]
    assert server.connections == 1  # kept alive through TLS too


async def test_https_with_a_certificate_nobody_vouches_for(
    certificate: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    async with tls_server(certificate) as server:
        settings = {**SETTINGS, "base_url": server.base_url.replace("http:", "https:")}
        async with tel.connect_async("vobiz", **settings) as client:
            with pytest.raises(tel.TransportError) as info:
                await client.devices.get("1001")
    assert "TLS certificate of 127.0.0.1 not accepted" in str(info.value)
    assert info.value.request_sent is False
    assert server.requests == []


def test_a_patch_in_place_before_the_driver_is_first_imported_is_seen() -> None:
    """As when the first async client of a test run is made while a cassette plays: vcrpy's
    wrapper (made with `functools.wraps`) is already there when the driver is imported."""
    code = (
        "import functools, httpx\n"
        "real = httpx.AsyncHTTPTransport.handle_async_request\n"
        "@functools.wraps(real)\n"
        "async def recorder(self, request):\n"
        "    return await real(self, request)\n"
        "httpx.AsyncHTTPTransport.handle_async_request = recorder\n"
        "from telephony_core.transport.asyncio_driver import httpx_is_patched\n"
        "patched = httpx_is_patched()\n"
        "httpx.AsyncHTTPTransport.handle_async_request = real\n"
        "print(patched, httpx_is_patched())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]
