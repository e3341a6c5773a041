"""The rate limiter's shared store (Redis) is bounded by the call's deadline: a store that
accepts connections and never answers, or refuses them, fails the call with a
`TransportError` by its deadline, sync and async; it never hangs and never raises redis's
own exceptions."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import pytest

import telephony_core as tel
from telephony_core.resilience.throttle import throttle_for

#: How long a test waits for a call that should end by its 1 s deadline before calling it
#: hung (generous: the test is about ending at all, the time is measured in benchmarks/).
HUNG = 20.0


@pytest.fixture
def black_hole() -> Iterator[str]:
    """A Redis URL on loopback whose server accepts every connection and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join()
        listener.close()
        for connection in held:
            connection.close()


@pytest.fixture
def refused() -> str:
    """A Redis URL on loopback where nothing listens."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def _ended_sync(url: str, auth_id: str) -> BaseException | None:
    """Run a rate-limited `devices.get` with `timeout=1` in a thread; what it raised."""
    outcome: list[BaseException | None] = []

    def call() -> None:
        client = tel.connect(
            "vobiz",
            sandbox=True,
            auth_id=auth_id,
            rate_limit="10/s",
            rate_limit_storage=url,
            timeout=1,
            retries=0,
        )
        try:
            client.devices.get("87654321")
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)
        finally:
            client.close()

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(HUNG)
    assert not thread.is_alive(), f"devices.get on a silent store did not end in {HUNG} s"
    return outcome[0]


async def _ended_async(url: str, auth_id: str) -> BaseException | None:
    client = tel.connect_async(
        "vobiz",
        sandbox=True,
        auth_id=auth_id,
        rate_limit="10/s",
        rate_limit_storage=url,
        timeout=1,
        retries=0,
    )
    try:
        await asyncio.wait_for(client.devices.get("87654321"), HUNG)
    except TimeoutError:
        pytest.fail(f"devices.get on a silent store did not end in {HUNG} s")
    except BaseException as exc:
        return exc
    finally:
        await client.aclose()
    return None


def test_a_black_holed_redis_fails_a_sync_call_by_its_deadline(black_hole: str) -> None:
    raised = _ended_sync(black_hole, "MA_HOLE_SYNC")
    assert isinstance(raised, tel.TransportError), repr(raised)
    assert "rate limit" in str(raised)
    assert raised.request_sent is False  # nothing went to the vendor


async def test_a_black_holed_redis_fails_an_async_call_by_its_deadline(black_hole: str) -> None:
    raised = await _ended_async(black_hole, "MA_HOLE_ASYNC")
    assert isinstance(raised, tel.TransportError), repr(raised)
    assert raised.request_sent is False


def test_a_refused_redis_is_a_transport_error_sync(refused: str) -> None:
    raised = _ended_sync(refused, "MA_REFUSED_SYNC")
    assert isinstance(raised, tel.TransportError), repr(raised)
    assert "rate limit" in str(raised) and refused.split("//")[1].split("/")[0] in str(raised)


async def test_a_refused_redis_is_a_transport_error_async(refused: str) -> None:
    raised = await _ended_async(refused, "MA_REFUSED_ASYNC")
    assert isinstance(raised, tel.TransportError), repr(raised)


def test_a_store_url_with_a_password_never_shows_it(refused: str) -> None:
    url = refused.replace("redis://", "redis://:store-secret-pw@")
    raised = _ended_sync(url, "MA_REFUSED_PW")
    assert isinstance(raised, tel.TransportError)
    assert "store-secret-pw" not in str(raised) and "store-secret-pw" not in repr(raised.args)


@pytest.mark.parametrize(
    "url", ["redis+sentinel://127.0.0.1:1/mymaster", "memcached://127.0.0.1:1", "mongodb://h"]
)
def test_only_stores_whose_io_the_deadline_bounds_are_accepted(url: str) -> None:
    """Sentinel, memcached and MongoDB clients are not bounded by the call's deadline here:
    refused when the client is made, naming the stores that are."""
    with pytest.raises(tel.ConfigurationError, match=r"rate_limit_storage.*Redis URL"):
        throttle_for("vobiz", {"auth_id": "MA_OTHER_STORE"}, "1/s", url)
