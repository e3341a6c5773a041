"""An HTTP/1.1 server on loopback for transport tests: it answers every request with a head
and a body chosen by the test, sent as they come."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable


class Server:
    """An HTTP/1.1 server on loopback that answers every request with `head` and `body`
    (an iterable of chunks, sent as they come; a closed connection ends it)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.answer: Callable[[], tuple[bytes, Iterable[bytes]]] = lambda: (b"", ())
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def reply(self, head: bytes, body: Iterable[bytes] | bytes) -> None:
        chunks = [body] if isinstance(body, bytes) else body
        self.answer = lambda: (head, chunks)

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    got = connection.recv(65536)
                    if not got:
                        return
                    data += got
                head, body = self.answer()
                connection.sendall(head)
                for chunk in body:
                    connection.sendall(chunk)
            except OSError:  # the client stopped reading: as it should
                return

    def close(self) -> None:
        self.listener.close()
