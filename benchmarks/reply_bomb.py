"""Reply bombs against each driver: what a hostile server's reply costs in memory and time.

    python benchmarks/reply_bomb.py [--deadline 2]

A server on loopback answers every request with one of: a 1 GB gzip bomb (about 1 MB on the
wire, zeros compressed at level 9), the same as deflate and as gzip twice, a 1 GB chunked body,
and a 1 GB body with its Content-Length. Each case runs in a fresh Python process per driver
(the sync client over httpx's transport; the async client over the asyncio driver, and over
an httpx async transport), with `timeout=` the deadline and the default `max_reply_bytes`
(16 MiB). Reported per case: the error raised, the peak RSS over the process's RSS after a
first small call (`ru_maxrss`), and the seconds the call took against the deadline. The
goal (issue 25): under +64 MB and within the deadline + 0.5 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import socket
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterable, Iterator

GB = 1 << 30
MiB = 1 << 20
DRIVERS = ("sync", "asyncio driver", "async httpx transport")

CHILD = r"""
import asyncio, json, resource, sys, time
import httpx
import telephony_core as tel

url, driver, deadline = sys.argv[1], sys.argv[2], float(sys.argv[3])
settings = dict(base_url=url, auth_id="MA_BOMB", auth_token="bomb-token", timeout=deadline,
                retries=0)

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB

def outcome(call):
    started = time.perf_counter()
    try:
        call()
        error = None
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
    return error, time.perf_counter() - started

if driver == "sync":
    client = tel.connect("vobiz", **settings)
    warm = lambda: client.devices.get("warm")
    bomb = lambda: client.devices.get("87654321")
    outcome(warm)
    before = rss_mb()
    error, seconds = outcome(bomb)
else:
    async def main():
        transport = httpx.AsyncHTTPTransport() if driver == "async httpx transport" else None
        async with tel.connect_async("vobiz", transport=transport, **settings) as client:
            async def call(id_):
                started = time.perf_counter()
                try:
                    await client.devices.get(id_)
                    return None, time.perf_counter() - started
                except Exception as exc:
                    return f"{type(exc).__name__}: {exc}", time.perf_counter() - started
            await call("warm")
            before = rss_mb()
            error, seconds = await call("87654321")
            return before, error, seconds
    before, error, seconds = asyncio.run(main())
print(json.dumps({"error": error, "seconds": seconds, "rss_mb": rss_mb() - before}))
"""


def _compressed(total: int, wbits: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = bytes(MiB)
    parts = [compressor.compress(zeros) for _ in range(total // MiB)]
    parts.append(compressor.flush())
    return b"".join(parts)


def _head(**headers: str) -> bytes:
    lines = ["HTTP/1.1 200 OK", "Content-Type: application/json"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _chunked(total: int) -> Iterator[bytes]:
    chunk = b"x" * 65536
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    for _ in range(total // len(chunk)):
        yield framed
    yield b"0\r\n\r\n"


def _identity(total: int) -> Iterator[bytes]:
    chunk = b"x" * 65536
    for _ in range(total // len(chunk)):
        yield chunk


def cases() -> dict[str, tuple[bytes, Iterable[bytes] | None]]:
    """Each case: its head, and its body (None: made fresh for each request)."""
    gzipped = _compressed(GB, 31)
    deflated = _compressed(GB, 15)
    twice = gzip.compress(gzipped, 9)
    return {
        f"gzip bomb ({len(gzipped) / MiB:.1f} MB -> 1 GB)": (
            _head(Content_Encoding="gzip", Content_Length=str(len(gzipped))),
            [gzipped],
        ),
        f"deflate bomb ({len(deflated) / MiB:.1f} MB -> 1 GB)": (
            _head(Content_Encoding="deflate", Content_Length=str(len(deflated))),
            [deflated],
        ),
        f"gzip twice ({len(twice) / 1024:.0f} KB -> 1 GB)": (
            _head(Content_Encoding="gzip, gzip", Content_Length=str(len(twice))),
            [twice],
        ),
        "1 GB chunked body": (_head(Transfer_Encoding="chunked"), None),
        "1 GB body with Content-Length": (_head(Content_Length=str(GB)), None),
    }


class Server:
    """Answers a first request with a small 404 (the warm-up), then with the case's reply."""

    def __init__(self, head: bytes, body: Iterable[bytes] | None, case: str) -> None:
        self.head, self.body, self.case = head, body, case
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

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
                while True:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        got = connection.recv(65536)
                        if not got:
                            return
                        data += got
                    if b"/warm/" in data.split(b"\r\n", 1)[0]:
                        body = b'{"error": "not found"}'
                        connection.sendall(
                            f"HTTP/1.1 404 Not Found\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                            + body
                        )
                        continue
                    connection.sendall(self.head)
                    body = self.body
                    if body is None:
                        body = _chunked(GB) if "chunked" in self.case else _identity(GB)
                    for chunk in body:
                        connection.sendall(chunk)
                    return
            except OSError:  # the client stopped reading
                return

    def close(self) -> None:
        self.listener.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadline", type=float, default=2.0, help="timeout= of the call")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, deadline {args.deadline:g} s, max_reply_bytes 16 MiB")
    print()
    print("| reply | driver | raised | peak RSS over warm | seconds |")
    print("|---|---|---|---|---|")
    for case, (head, body) in cases().items():
        for driver in DRIVERS:
            server = Server(head, body, case)
            try:
                run = subprocess.run(
                    [sys.executable, "-c", CHILD, server.url, driver, str(args.deadline)],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=True,
                )
            finally:
                server.close()
            result = json.loads(run.stdout.strip().splitlines()[-1])
            raised = (result["error"] or "nothing").split(":")[0]
            print(
                f"| {case} | {driver} | {raised} | +{result['rss_mb']:.1f} MB "
                f"| {result['seconds']:.3f} |"
            )


if __name__ == "__main__":
    main()
