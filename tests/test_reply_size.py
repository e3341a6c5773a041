"""Reply size is bounded (`max_reply_bytes`, default 16 MiB): a reply larger than that, on
the wire or once decoded, is a `ProviderError` and is read no further, through the sync
client and the async one (the asyncio driver, and an httpx transport). Compressed bombs
(gzip, deflate, raw deflate, gzip twice), endless chunked bodies and a huge Content-Length
stop at the cap: memory stays bounded (measured with tracemalloc; time is measured in
benchmarks/reply_bomb.py, never asserted here)."""

from __future__ import annotations

import gzip
import json
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import telephony_core as tel
from tests.loopback_server import Server

MiB = 1 << 20
#: DESIGN "Resilience": the default `max_reply_bytes`.
DEFAULT_MAX_REPLY_BYTES = 16 * MiB


def _compressed(total: int, wbits: int, level: int = 6) -> bytes:
    """`total` zero bytes compressed (gzip: wbits 31, zlib: 15, raw deflate: -15)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, wbits)
    zeros = bytes(MiB)
    parts = [compressor.compress(zeros) for _ in range(total // MiB)]
    parts.append(compressor.flush())
    return b"".join(parts)


@pytest.fixture(scope="module")
def bombs() -> dict[str, tuple[str, bytes]]:
    """Content-Encoding and body of replies that inflate to 128 MiB (8x the default cap)."""
    gzipped = _compressed(128 * MiB, 31)
    return {
        "gzip": ("gzip", gzipped),
        "deflate": ("deflate", _compressed(128 * MiB, 15)),
        "raw deflate": ("deflate", _compressed(128 * MiB, -15)),
        "gzip twice": ("gzip, gzip", gzip.compress(gzipped)),
    }


@pytest.fixture
def server() -> Iterator[Server]:
    served = Server()
    try:
        yield served
    finally:
        served.close()


def _head(status: int = 200, **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _fixed(body: bytes, status: int = 200, encoding: str | None = None) -> tuple[bytes, bytes]:
    headers = {"Content_Length": str(len(body)), "Content_Type": "application/json"}
    if encoding:
        headers["Content_Encoding"] = encoding
    return _head(status, **headers), body


def _endless_chunks() -> Iterator[bytes]:
    chunk = b"x" * 65536
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    while True:
        yield framed


def _endless_identity() -> Iterator[bytes]:
    chunk = b"x" * 65536
    while True:
        yield chunk


DRIVERS = ["sync", "asyncio driver", "async httpx transport"]


def _call(driver: str, url: str, **options: Any) -> BaseException | None:
    """`devices.get` through `driver` against `url`; what it raised (None: nothing)."""
    settings: dict[str, Any] = {
        "base_url": url,
        "auth_id": "MA_SIZE",
        "auth_token": "size-token",
        "timeout": 10,
        "retries": 0,
        **options,
    }
    if driver == "sync":
        with tel.connect("vobiz", **settings) as client:
            try:
                client.devices.get("87654321")
            except BaseException as exc:
                return exc
            return None
    import asyncio

    async def run() -> BaseException | None:
        transport = httpx.AsyncHTTPTransport() if driver == "async httpx transport" else None
        async with tel.connect_async("vobiz", transport=transport, **settings) as client:
            try:
                await client.devices.get("87654321")
            except BaseException as exc:
                return exc
            return None

    return asyncio.run(run())


def _too_large(raised: BaseException | None) -> tel.ProviderError:
    assert isinstance(raised, tel.ProviderError), repr(raised)
    assert "max_reply_bytes" in str(raised), str(raised)
    return raised


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize("bomb", ["gzip", "deflate", "raw deflate", "gzip twice"])
def test_a_compressed_bomb_stops_at_the_cap(
    server: Server, bombs: dict[str, tuple[str, bytes]], driver: str, bomb: str
) -> None:
    encoding, body = bombs[bomb]
    server.reply(*_fixed(body, encoding=encoding))
    error = _too_large(_call(driver, server.url))
    assert str(DEFAULT_MAX_REPLY_BYTES) in str(error) and "decoded" in str(error)
    assert error.status == 200 and error.provider == "vobiz"


@pytest.mark.parametrize("driver", DRIVERS)
def test_a_gzip_bomb_costs_no_more_memory_than_the_cap(
    server: Server, bombs: dict[str, tuple[str, bytes]], driver: str
) -> None:
    server.reply(*_fixed(bombs["gzip"][1], encoding="gzip"))
    _call(driver, server.url, max_reply_bytes=1000)  # connections, TLS context, imports
    tracemalloc.start()
    try:
        _too_large(_call(driver, server.url))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * DEFAULT_MAX_REPLY_BYTES, f"peak {peak / MiB:.1f} MiB for a 128 MiB bomb"


@pytest.mark.parametrize("driver", DRIVERS)
def test_an_endless_chunked_body_stops_at_the_cap(server: Server, driver: str) -> None:
    server.reply(_head(Transfer_Encoding="chunked"), _endless_chunks())
    error = _too_large(_call(driver, server.url, max_reply_bytes=MiB))
    assert "on the wire" in str(error)


@pytest.mark.parametrize("driver", DRIVERS)
def test_a_body_without_length_that_never_ends_stops_at_the_cap(
    server: Server, driver: str
) -> None:
    server.reply(_head(Connection="close"), _endless_identity())
    _too_large(_call(driver, server.url, max_reply_bytes=MiB))


@pytest.mark.parametrize("driver", DRIVERS)
def test_a_content_length_over_the_cap_is_refused_before_reading(
    server: Server, driver: str
) -> None:
    server.reply(_head(Content_Length=str(1 << 30)), _endless_identity())
    error = _too_large(_call(driver, server.url))
    assert "Content-Length" in str(error)


@pytest.mark.parametrize("driver", DRIVERS)
def test_replies_up_to_the_cap_are_read_and_decoded(server: Server, driver: str) -> None:
    body = json.dumps({"error": "no such endpoint " + "y" * 900}).encode()
    server.reply(*_fixed(gzip.compress(body), status=404, encoding="gzip"))
    raised = _call(driver, server.url, max_reply_bytes=len(body))
    assert isinstance(raised, tel.NotFound) and "no such endpoint" in str(raised), repr(raised)
    _too_large(_call(driver, server.url, max_reply_bytes=len(body) - 1))


@pytest.mark.parametrize("value", [0, -1, 1.5, "16MiB", True])
def test_max_reply_bytes_must_be_a_positive_integer(value: object) -> None:
    with pytest.raises(tel.ConfigurationError, match="max_reply_bytes"):
        tel.connect("vobiz", sandbox=True, max_reply_bytes=value)


def test_a_reply_from_any_transport_over_the_cap_is_refused() -> None:
    """A transport that hands over a reply already read (the sandbox, a test tool)."""
    big = json.dumps({"api_id": "x", "note": "z" * 5000}).encode()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=big))
    with tel.connect(
        "vobiz", transport=transport, auth_id="MA_T", auth_token="t", max_reply_bytes=4096
    ) as client:
        _too_large(_capture(lambda: client.devices.get("1")))


def _capture(call: Callable[[], object]) -> BaseException | None:
    try:
        call()
    except BaseException as exc:
        return exc
    return None
