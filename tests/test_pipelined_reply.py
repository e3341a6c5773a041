"""A server that sends two replies to one request: the second, never asked for, is not handed
to the next request on a reused connection (sync and async clients); the connection that
carried it is retired and the next request opens another."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

import telephony_core as tel
from telephony_core.transport import deadline_transport


def _reply(status: int, body: dict[str, object]) -> bytes:
    data = json.dumps(body).encode()
    return (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    ).encode() + data


FORGED = {
    "username": "forged",
    "endpoint_id": "99999999",
    "alias": "forged by the server",
    "sip_uri": "sip:forged@example.com",
}


class TwoReplies:
    """Answers the first request on each connection with its reply and a forged second one
    in the same write; a later request gets a reply naming the request number."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.connections = 0
        self.requests = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    try:
                        got = connection.recv(65536)
                    except OSError:
                        return
                    if not got:
                        return
                    data += got
                data = data.split(b"\r\n\r\n", 1)[1]
                with self._lock:
                    self.requests += 1
                    number = self.requests
                reply = _reply(404, {"error": f"reply to request {number}"})
                if number == 1:
                    reply += _reply(200, FORGED)  # never asked for
                try:
                    connection.sendall(reply)
                except OSError:
                    return

    def close(self) -> None:
        self.listener.close()

    def __enter__(self) -> TwoReplies:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture
def server() -> Iterator[TwoReplies]:
    served = TwoReplies()
    try:
        yield served
    finally:
        served.close()


SETTINGS = {"auth_id": "MA_PIPE", "auth_token": "pipe-token", "retries": 0, "timeout": 5}


def test_the_sync_client_never_hands_a_forged_reply_to_the_next_request(
    server: TwoReplies,
) -> None:
    with tel.connect("vobiz", base_url=server.url, **SETTINGS) as client:
        with pytest.raises(tel.NotFound, match="reply to request 1"):
            client.devices.get("11111111")
        with pytest.raises(tel.NotFound, match="reply to request 2"):
            client.devices.get("22222222")
    assert server.connections == 2


def test_the_async_client_never_hands_a_forged_reply_to_the_next_request(
    server: TwoReplies,
) -> None:
    async def run() -> None:
        async with tel.connect_async("vobiz", base_url=server.url, **SETTINGS) as client:
            with pytest.raises(tel.NotFound, match="reply to request 1"):
                await client.devices.get("11111111")
            with pytest.raises(tel.NotFound, match="reply to request 2"):
                await client.devices.get("22222222")

    asyncio.run(run())
    assert server.connections == 2


def test_a_connection_with_nothing_past_its_reply_is_still_reused() -> None:
    """Keep-alive stays: only a connection with bytes past a reply is retired."""
    with TwoReplies() as served:
        served.requests = 1  # no forged reply on this server
        with tel.connect("vobiz", base_url=served.url, **SETTINGS) as client:
            for _ in range(3):
                with pytest.raises(tel.NotFound):
                    client.devices.get("11111111")
        assert served.connections == 1


def test_the_pool_hook_is_where_this_httpx_has_it() -> None:
    """The check relies on httpcore's HTTP/1.1 connection keeping its h11 state as
    `_h11_state`: fail loudly if a new release moves it."""
    transport = deadline_transport.deadline_transport()
    try:
        with httpx.Client(transport=transport) as client, TwoReplies() as served:
            served.requests = 1
            client.get(served.url)
            (connection,) = transport._pool.connections
            assert deadline_transport.bytes_past_reply(connection) is False
            http11 = connection._inner._connection  # type: ignore[attr-defined]
            assert http11._h11_state.trailing_data == (b"", False)
    finally:
        transport.close()
