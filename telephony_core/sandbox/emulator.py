"""The emulator framework: in-memory vendor emulators that answer as the vendor documents.

An `Emulator` subclass declares its routes with `@route(METHOD, "/path/{param}/")` and keeps
its state in plain attributes, seeded by `reset()`. `connect(..., sandbox=True)` runs it
in-process through `httpx.MockTransport`; the same object can be served over real HTTP
(`telephony_core.sandbox.app`). Whatever a client sends, an emulator answers: a handler that
fails is a 500 reply, never an exception.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qs, unquote

import attrs
import httpx

from telephony_core.translate.wire import parse_json

F = TypeVar("F", bound=Callable[..., "EmuResponse"])
_ROUTE_ATTR = "_telephony_route"
logger = logging.getLogger("telephony_core.sandbox")


@attrs.frozen(kw_only=True)
class EmuRequest:
    """A request as an emulator handler sees it. Header names are lower-case."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes

    @classmethod
    def from_http(
        cls, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> EmuRequest:
        """Build from a request line target (`/path?query`), headers and body."""
        path, _, query = target.partition("?")
        return cls(
            method=method.upper(),
            path=path,
            query=parse_qs(query, keep_blank_values=True),
            headers={k.lower(): v for k, v in headers.items()},
            body=body,
        )

    def arg(self, name: str) -> str | None:
        """The first value of query parameter `name`."""
        values = self.query.get(name)
        return values[0] if values else None

    def json(self) -> Any:
        """The JSON body; `BadRequest` (an emulated 400) when it is not JSON."""
        try:
            return parse_json(self.body) if self.body else None
        except ValueError:  # not JSON, not UTF-8, or nested too deeply
            raise BadRequest(
                json_response({"error": "request body is not valid JSON"}, 400)
            ) from None

    def form(self) -> dict[str, str]:
        """The form-encoded body (and nothing else), first value per key."""
        parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in parsed.items()}


@attrs.frozen(kw_only=True)
class EmuResponse:
    """An emulated reply."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Sample:
    """A valid value of one settable field for the conformance suite, and the other fields
    the vendor needs in the same call (e.g. a MAC address needs the device model)."""

    value: Any
    requires: Mapping[str, Any] = attrs.field(factory=dict)


class BadRequest(Exception):
    """Raise from a handler to answer with `response` at once."""

    def __init__(self, response: EmuResponse) -> None:
        super().__init__(response.status)
        self.response = response


def json_response(
    obj: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> EmuResponse:
    """A JSON reply."""
    return EmuResponse(
        status=status,
        body=json.dumps(obj).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def empty(status: int) -> EmuResponse:
    """A reply with no body (e.g. 202 Accepted, 204 No Content, a bare 404)."""
    return EmuResponse(status=status)


def route(method: str, template: str) -> Callable[[F], F]:
    """Mark an emulator method as the handler of `METHOD template` (`{name}` = one segment).
    Stacked, the marks give one handler several paths (a vendor that answers a path in two
    spellings)."""

    def mark(func: F) -> F:
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        marks = (*getattr(func, _ROUTE_ATTR, ()), (method.upper(), re.compile(pattern + r"\Z")))
        setattr(func, _ROUTE_ATTR, marks)
        return func

    return mark


class Emulator:
    """Base class of a vendor emulator.

    Subclasses set `provider` (the provider name) and `credentials` (the settings a sandbox
    client connects with), implement `reset()` to seed state, and may override `authorize`
    to check auth headers. Handlers receive the `EmuRequest` and the path parameters. An
    emulator may be composed of several `Emulator` subclasses (one per vendor resource, each
    with its routes, and a `reset()` that calls `super().reset()`).
    """

    provider: ClassVar[str]
    credentials: ClassVar[Mapping[str, str]] = {}
    #: The path under which the vendor's API lives (e.g. "/ns-api/v2"), for served sandboxes.
    api_root: ClassVar[str] = ""
    #: An id per resource that the seeded state holds (e.g. {"devices": "87654321"}).
    examples: ClassVar[Mapping[str, str]] = {}
    #: For the conformance suite (`telephony_core.testing.conformance`): a valid value per
    #: resource and settable field (`"extra.<key>"` for a vendor key), different from the
    #: example's seeded value; a `Sample` also names the fields to send with it.
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    #: The arguments of the `numbers.search` the conformance suite makes (where the
    #: provider offers it): what the emulator's inventory has numbers for.
    number_search: ClassVar[Mapping[str, Any]] = {"country": "US", "area_code": "415", "limit": 3}
    #: What the seeded state holds, by resource (ids, or numbers and names where those tell
    #: more), reported in the served index (`GET /` of `telephony sandbox serve`).
    seeded: ClassVar[Mapping[str, Sequence[str]]] = {}
    #: An id per resource, in the vendor's format, that the seeded state does not hold
    #: (default: the example id followed by "0").
    unknown_ids: ClassVar[Mapping[str, str]] = {}
    _routes: ClassVar[list[tuple[str, re.Pattern[str], str]]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Routes of every base and mixin, so that an emulator can be composed of one class
        # per vendor resource; a method redefined in a subclass keeps a single route.
        routes: dict[str, list[tuple[str, re.Pattern[str], str]]] = {}
        for klass in reversed(cls.__mro__):
            for name, member in vars(klass).items():
                if hasattr(member, _ROUTE_ATTR):
                    routes[name] = [(*mark, name) for mark in getattr(member, _ROUTE_ATTR)]
        cls._routes = [entry for marks in routes.values() for entry in marks]

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        """Restore the seeded state."""

    def reset_safely(self) -> None:
        """`reset()` under the lock, for emulators shared between threads."""
        with self.lock:
            self.reset()

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        """Return an error reply when the request's credentials are not accepted."""
        return None

    def not_found(self, request: EmuRequest) -> EmuResponse:
        """The reply for a path no route matches."""
        return json_response({"error": "not found"}, 404)

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        """The reply for a known path with an unknown verb."""
        return json_response({"error": "method not allowed"}, 405)

    def dispatch(self, request: EmuRequest) -> EmuResponse:
        """Answer one request (thread-safe)."""
        path_matched = False
        for method, pattern, name in self._routes:
            match = pattern.match(request.path)
            if match is None:
                continue
            path_matched = True
            if method != request.method:
                continue
            params = {k: unquote(v) for k, v in match.groupdict().items()}
            with self.lock:
                try:
                    denied = self.authorize(request, params)
                    if denied is not None:
                        return denied
                    response: EmuResponse = getattr(self, name)(request, **params)
                    return response
                except BadRequest as answer:
                    return answer.response
                except Exception:
                    return self.failed(request, name)
        return self.method_not_allowed(request) if path_matched else self.not_found(request)

    def failed(self, request: EmuRequest, handler: str) -> EmuResponse:
        """The reply when a handler raised: a 500 (the error is logged on the
        `telephony_core.sandbox` logger), so that a client sees a server error, as from a
        failing vendor, and the connection is not dropped."""
        logger.exception(
            "%s sandbox: %s failed on %s %s", self.provider, handler, request.method, request.path
        )
        return json_response({"error": f"the {self.provider} sandbox failed in {handler}"}, 500)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer an httpx request: the handler of `httpx.MockTransport`."""
        emu_request = EmuRequest.from_http(
            request.method,
            request.url.raw_path.decode("ascii"),
            dict(request.headers.items()),
            request.read(),
        )
        reply = self.dispatch(emu_request)
        return httpx.Response(reply.status, headers=dict(reply.headers), content=reply.body)

    def transport(self) -> httpx.MockTransport:
        """An in-process httpx transport answered by this emulator."""
        return httpx.MockTransport(self.handle)
