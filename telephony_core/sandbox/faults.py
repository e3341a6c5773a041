"""A bad vendor day on demand: `tel.connect("vobiz", sandbox=tel.Faults(...))`.

`Faults` says which requests go wrong and how; a `FaultInjector` decides, request after
request, reproducibly (a seeded generator, or an explicit `schedule` first); the
`FaultyTransport` enacts its decisions in front of an in-process emulator, and `FaultyApp`
in front of the served sandbox (an ASGI middleware):

- `rate_limited`: 429 with `Retry-After` (not applied);
- `server_errors`: a 5xx with no body (not applied; 503 unless `server_error_status` says);
- `slow`: the reply comes `delay` seconds late (applied; a client whose deadline or read
  timeout is shorter sees a timeout, as over the network);
- `drop_before`: the connection drops before the emulator sees the request;
- `drop_after`: the emulator applies the request, then the connection drops: the reply is
  lost, exactly the unknown outcome a client must not answer with a blind resend.

Each is a share of the requests (0.0 to 1.0, together at most 1.0). `methods` limits the
faults to some methods (e.g. `{"POST"}`); `schedule` gives the fates of the first requests
in order ("ok", "429", "5xx" or a status such as "503", "slow", "drop_before", "drop_after")
before the shares apply.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import httpx

from telephony_core.errors import ConfigurationError
from telephony_core.resilience.deadline import current_deadline
from telephony_core.sandbox.app import ASGIApp, Message, Receive, Scope, Send
from telephony_core.sandbox.emulator import Emulator

OK = "ok"
RATE_LIMITED = "429"
SERVER_ERROR = "5xx"
SLOW = "slow"
DROP_BEFORE = "drop_before"
DROP_AFTER = "drop_after"
FATES = (OK, RATE_LIMITED, SERVER_ERROR, SLOW, DROP_BEFORE, DROP_AFTER)


def _share(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigurationError(f"Faults.{attribute.name} must be a share from 0.0 to 1.0")


def _seconds(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None and attribute.name == "retry_after":
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigurationError(f"Faults.{attribute.name} must be a number of seconds >= 0")


def _methods(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(method.upper() for method in value)


def _server_error(fate: str) -> bool:
    """ "500" to "599": a 5xx fate with its own status."""
    return len(fate) == 3 and fate.startswith("5") and fate.isdigit()


def _schedule(instance: Any, attribute: attrs.Attribute[Any], value: Sequence[str]) -> None:
    unknown = sorted({fate for fate in value if fate not in FATES and not _server_error(fate)})
    if unknown:
        raise ConfigurationError(
            f"Faults.schedule: unknown fate {', '.join(map(repr, unknown))} "
            f"(known: {', '.join(FATES)}, or a 5xx status such as 503)"
        )


@attrs.frozen(kw_only=True)
class Faults:
    """Which requests a sandbox answers badly, and how (see the module docstring)."""

    rate_limited: float = attrs.field(default=0.0, validator=_share)
    retry_after: float | None = attrs.field(default=1.0, validator=_seconds)
    server_errors: float = attrs.field(default=0.0, validator=_share)
    server_error_status: int = 503
    slow: float = attrs.field(default=0.0, validator=_share)
    delay: float = attrs.field(default=2.0, validator=_seconds)
    drop_before: float = attrs.field(default=0.0, validator=_share)
    drop_after: float = attrs.field(default=0.0, validator=_share)
    schedule: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_schedule)
    methods: frozenset[str] | None = attrs.field(default=None, converter=_methods)
    seed: int = 0

    def __attrs_post_init__(self) -> None:
        if sum(share for _, share in self.shares()) > 1:
            raise ConfigurationError("Faults: the shares add up to more than 1.0")
        if not 500 <= self.server_error_status <= 599:
            raise ConfigurationError("Faults.server_error_status must be a 5xx status")

    def shares(self) -> list[tuple[str, float]]:
        """Each fate and its share of the requests."""
        return [
            (RATE_LIMITED, self.rate_limited),
            (SERVER_ERROR, self.server_errors),
            (SLOW, self.slow),
            (DROP_BEFORE, self.drop_before),
            (DROP_AFTER, self.drop_after),
        ]

    @classmethod
    def bad_day(cls, seed: int = 0) -> Faults:
        """A bad vendor day: 10% 429s (Retry-After 0), 5% 503s, 2% connections dropped before
        and 5% after a request was applied, 2% replies half a second late."""
        return cls(
            rate_limited=0.10,
            retry_after=0,
            server_errors=0.05,
            drop_before=0.02,
            drop_after=0.05,
            slow=0.02,
            delay=0.5,
            seed=seed,
        )

    @classmethod
    def parse(cls, text: str) -> Faults:
        """`"rate_limited=0.1,drop_after=0.05,seed=7"` (the CLI's `--faults`) as `Faults`;
        `schedule=429;503;ok` and `methods=POST;PUT` take `;`-separated lists."""
        fields = {f.name: f for f in attrs.fields(cls)}
        values: dict[str, Any] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, sep, value = item.partition("=")
            name = name.strip()
            if not sep or name not in fields:
                raise ConfigurationError(
                    f"--faults: {item!r} is not NAME=VALUE with NAME one of "
                    f"{', '.join(sorted(fields))}"
                )
            value = value.strip()
            try:
                if name in ("schedule", "methods"):
                    values[name] = [v.strip() for v in value.split(";") if v.strip()]
                elif name in ("seed", "server_error_status"):
                    values[name] = int(value)
                elif name == "retry_after" and value.lower() == "none":
                    values[name] = None
                else:
                    values[name] = float(value)
            except ValueError:
                raise ConfigurationError(f"--faults: {name}={value!r} is not a number") from None
        return cls(**values)


@attrs.frozen
class Fault:
    """What happens to one request."""

    fate: str
    status: int | None = None


class FaultInjector:
    """Decides the fate of each request in turn, reproducibly, and counts them."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._random = random.Random(faults.seed)  # noqa: S311 (reproducible, not secret)
        self._schedule = list(faults.schedule)
        self._lock = threading.Lock()
        #: How many requests met each fate so far.
        self.counts: Counter[str] = Counter()

    def next(self, method: str) -> Fault:
        """The fate of the next request (one with `method`)."""
        faults = self.faults
        with self._lock:
            if faults.methods is not None and method.upper() not in faults.methods:
                fate = OK
            elif self._schedule:
                fate = self._schedule.pop(0)
            else:
                fate = self._draw()
            if _server_error(fate):
                self.counts[SERVER_ERROR] += 1
                return Fault(SERVER_ERROR, int(fate))
            self.counts[fate] += 1
        status = {RATE_LIMITED: 429, SERVER_ERROR: faults.server_error_status}.get(fate)
        return Fault(fate, status)

    def _draw(self) -> str:
        roll = self._random.random()
        for fate, share in self.faults.shares():
            if roll < share:
                return fate
            roll -= share
        return OK

    def reply(self, fault: Fault) -> tuple[int, dict[str, str], bytes] | None:
        """The reply a 429 or 5xx fault answers with (None for the other fates)."""
        if fault.fate == RATE_LIMITED:
            headers = {"Content-Type": "application/json"}
            if self.faults.retry_after is not None:
                headers["Retry-After"] = f"{self.faults.retry_after:g}"
            return 429, headers, b'{"error": "too many requests (injected fault)"}'
        if fault.fate == SERVER_ERROR:
            return fault.status or 503, {}, b""
        return None


def _dropped(request: httpx.Request) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError(
        "Server disconnected without sending a response (injected fault).", request=request
    )


class FaultyTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An in-process httpx transport (sync and async) answered by `emulator`, through
    `faults`."""

    def __init__(self, emulator: Emulator, faults: Faults | FaultInjector) -> None:
        self.emulator = emulator
        self.injector = faults if isinstance(faults, FaultInjector) else FaultInjector(faults)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        fault, response = self._answer(request)
        if fault.fate == SLOW:
            self._wait(request, time.sleep)
        return self._after(request, fault, response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        fault, response = self._answer(request)
        if fault.fate == SLOW:
            import asyncio  # here: `import telephony_core` does not need it

            pause = self._pause(request)
            await asyncio.sleep(pause)
            self._timed_out(request, pause)
        return self._after(request, fault, response)

    def _answer(self, request: httpx.Request) -> tuple[Fault, httpx.Response]:
        """The request's fate, and the reply: the fault's own, else the emulator's (which
        applies the request)."""
        fault = self.injector.next(request.method)
        if fault.fate == DROP_BEFORE:
            raise _dropped(request)
        reply = self.injector.reply(fault)
        if reply is None:
            return fault, self.emulator.handle(request)
        status, headers, body = reply
        return fault, httpx.Response(status, headers=headers, content=body, request=request)

    def _after(
        self, request: httpx.Request, fault: Fault, response: httpx.Response
    ) -> httpx.Response:
        if fault.fate == DROP_AFTER:
            raise _dropped(request)
        return response

    def _pause(self, request: httpx.Request) -> float:
        """How long a slow reply keeps the client waiting: the delay, or less when the
        client gives up first (its read timeout, its call's deadline)."""
        pause = self.injector.faults.delay
        read = (request.extensions.get("timeout") or {}).get("read")
        if read is not None:
            pause = min(pause, read)
        deadline = current_deadline()
        return deadline.cut(pause) if deadline is not None else pause

    def _wait(self, request: httpx.Request, sleep: Callable[[float], None]) -> None:
        pause = self._pause(request)
        sleep(pause)
        self._timed_out(request, pause)

    def _timed_out(self, request: httpx.Request, paused: float) -> None:
        if paused < self.injector.faults.delay:
            raise httpx.ReadTimeout("timed out waiting for a slow reply", request=request)


#: What uvicorn logs when an app ends a reply early: here, every dropped connection.
_UNFINISHED = "ASGI callable returned without completing response."


class _QuietDrops(logging.Filter):
    """Keeps the server's log free of the dropped connections it was asked to make."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != _UNFINISHED


class FaultyApp:
    """ASGI middleware: the sandbox app `app` answering through `faults` (what `telephony
    sandbox serve --faults ...` serves).

    A dropped connection is a reply that starts (status and headers, a body length) and ends
    before its body: the server closes the connection, and the client sees it lost with no
    usable reply, as when a vendor's connection drops.
    """

    def __init__(self, app: ASGIApp, faults: Faults | FaultInjector) -> None:
        self.app = app
        self.injector = faults if isinstance(faults, FaultInjector) else FaultInjector(faults)
        logging.getLogger("uvicorn.error").addFilter(_QuietDrops())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ("/", "/_reset"):
            await self.app(scope, receive, send)
            return
        import asyncio

        fault = self.injector.next(scope["method"])
        reply = self.injector.reply(fault)
        if reply is not None:
            status, headers, body = reply
            await _respond(send, status, headers, body)
            return
        if fault.fate == DROP_BEFORE:
            await _drop(send)
            return
        if fault.fate == OK:
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self.app(scope, receive, hold)  # applied, whatever happens to the reply
        if fault.fate == DROP_AFTER:
            await _drop(send)
            return
        await asyncio.sleep(self.injector.faults.delay)
        for message in held:
            await send(message)


async def _respond(send: Send, status: int, headers: Mapping[str, str], body: bytes) -> None:
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _drop(send: Send) -> None:
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]}
    )
