"""`timeout=` is the total of one neutral call: a server that drips its reply cannot keep a
call alive past it, whatever the per-read timeouts, with or without retries."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpcore
import pytest

import telephony_core as tel
from telephony_core.resilience.deadline import Deadline, current_deadline, running_until
from telephony_core.transport.deadline_transport import _DeadlineBackend, deadline_transport

REPLY = b'{"endpoint_id": "1", "username": "u"}'
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
DRIP_EVERY = 0.5


class DrippingServer:
    """A loopback server that sends each reply one byte every half second: the status line
    and headers too (`head_at_once=False`), or only the body."""

    def __init__(self, *, head_at_once: bool) -> None:
        self.head_at_once = head_at_once
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.stopping = threading.Event()
        self.connections = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)  # the request (small, in one piece on loopback)
            head = HEAD % len(REPLY)
            if self.head_at_once:
                connection.sendall(head)
            rest = REPLY if self.head_at_once else head + REPLY
            for byte in rest:
                if self.stopping.wait(DRIP_EVERY):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return  # the client gave up: what it should do

    def __enter__(self) -> DrippingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join()
        self.listener.close()


@pytest.fixture(params=[False, True], ids=["dripping-head", "dripping-body"])
def dripping(request: pytest.FixtureRequest) -> Iterator[DrippingServer]:
    with DrippingServer(head_at_once=request.param) as server:
        yield server


def vobiz_at(url: str, **options: object) -> dict[str, object]:
    return {"auth_id": "MA_X", "auth_token": "t", "base_url": f"{url}/v", **options}


@pytest.mark.parametrize("retries", [0, None], ids=["no-retries", "default-retries"])
def test_a_dripping_server_cannot_keep_a_sync_call_past_its_deadline(
    dripping: DrippingServer, retries: int | None
) -> None:
    with tel.connect("vobiz", **vobiz_at(dripping.url, timeout=1, retries=retries)) as client:
        started = time.monotonic()
        with pytest.raises(tel.TransportError, match="timed out"):
            client.devices.get("1")
        elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 1.6, elapsed  # not the 20 s the drip would take


@pytest.mark.parametrize("retries", [0, None], ids=["no-retries", "default-retries"])
async def test_a_dripping_server_cannot_keep_an_async_call_past_its_deadline(
    dripping: DrippingServer, retries: int | None
) -> None:
    async with tel.connect_async(
        "vobiz", **vobiz_at(dripping.url, timeout=1, retries=retries)
    ) as client:
        started = time.monotonic()
        with pytest.raises(tel.TransportError, match="timed out"):
            await client.devices.get("1")
        elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 1.6, elapsed


def test_a_slow_sandbox_reply_times_out_at_the_deadline() -> None:
    faults = tel.Faults(slow=1.0, delay=5.0)
    with tel.connect("vobiz", sandbox=faults, timeout=0.5) as client:
        started = time.monotonic()
        with pytest.raises(tel.TransportError, match="timed out"):
            client.devices.get("87654321")
    assert time.monotonic() - started < 1.0


def test_the_transport_bounds_network_io_by_the_deadline() -> None:
    """httpx gives no public way to set its pool's network backend: this fails loudly if a
    new httpx release moves the attribute `deadline_transport` wraps."""
    transport = deadline_transport()
    assert isinstance(transport._pool, httpcore.ConnectionPool)
    assert isinstance(transport._pool._network_backend, _DeadlineBackend)


def test_a_deadline_is_current_only_within_its_block() -> None:
    deadline = Deadline(5)
    assert current_deadline() is None
    with running_until(deadline):
        assert current_deadline() is deadline
        assert 4 < deadline.remaining() <= 5
        assert deadline.cut(10) <= 5
        assert deadline.cut(1) == 1
    assert current_deadline() is None


@pytest.mark.parametrize("timeout", [0, -1, "5", True])
def test_a_timeout_must_be_a_positive_number(timeout: object) -> None:
    with pytest.raises(tel.ConfigurationError, match="timeout"):
        tel.connect("vobiz", sandbox=True, timeout=timeout)  # type: ignore[arg-type]
