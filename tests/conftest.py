"""Shared fixtures: a scripted httpx transport, cassette settings, a clean plugin registry."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest

from telephony_core.plugins import reset_registry
from telephony_core.redaction import is_secret_key

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
SHARED = ROOT.parent / "shared"
#: Environment variables of every provider; tests never see the developer's real ones.
PROVIDER_ENV_PREFIXES = ("VOBIZ_", "SIPBX_", "VOIPAPPZ_", "TINY_")


class Scripted:
    """An httpx transport that answers from a script and records every request it sees."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._replies: list[httpx.Response | Callable[[httpx.Request], httpx.Response]] = []

    def reply(
        self, status: int = 200, body: Any = None, *, raw: bytes | None = None, **headers: str
    ) -> Scripted:
        """Queue one reply: `body` as JSON, or `raw` bytes."""
        content = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        self._replies.append(httpx.Response(status, content=content, headers=headers))
        return self

    def handler(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if not self._replies:
            raise AssertionError(f"unexpected request: {request.method} {request.url}")
        reply = self._replies.pop(0)
        return reply(request) if callable(reply) else reply

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)

    def json_body(self, index: int = 0) -> Any:
        return json.loads(self.requests[index].content)


@pytest.fixture
def scripted() -> Scripted:
    return Scripted()


@pytest.fixture(autouse=True)
def _fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test loads plugins afresh, with no real credentials or profiles in sight."""
    for name in list(os.environ):
        if name.startswith(PROVIDER_ENV_PREFIXES) or name == "TELEPHONY_PLUGINS":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELEPHONY_CONFIG", "/nonexistent/telephony-config.toml")
    reset_registry()
    yield
    reset_registry()


#: What a cassette holds in place of a credential or secret value.
CASSETTE_MASK = "<redacted>"
#: Headers that carry credentials, lower-case.
SECRET_HEADERS = frozenset({"x-auth-token", "authorization", "cookie", "set-cookie"})


#: Keys whose object maps field names to error messages (e.g. `"details": {"password": "too
#: short"}`): a message about a secret field is not the secret, and stays.
MESSAGE_MAPS = frozenset({"details", "errors"})


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its key-value pairs, so that a repeated key survives a round trip."""


def _masked(value: Any, *, messages: bool = False) -> Any:
    if isinstance(value, _Pairs):
        return _Pairs(
            (
                key,
                CASSETTE_MASK
                if is_secret_key(key) and isinstance(item, str) and not messages
                else _masked(item, messages=key in MESSAGE_MAPS),
            )
            for key, item in value
        )
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return value


def _dumps(value: Any) -> str:
    if isinstance(value, _Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {_dumps(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dumps(v) for v in value) + "]"
    return json.dumps(value)


def _scrub_form(text: str) -> str:
    """A form-encoded body with secret fields masked (anything else is returned as is)."""
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return text
    masked = [(k, CASSETTE_MASK if is_secret_key(k) else v) for k, v in pairs]
    return text if masked == pairs else urlencode(masked)


def scrub_body(body: Any) -> Any:
    """A body (bytes, str or None) whose secret fields (`auth_token`, `password`, ...) have
    their value replaced by `CASSETTE_MASK`, in a JSON or a form-encoded body. A body with
    nothing to mask is returned as it is; a masked JSON body keeps its keys in order,
    repeated keys included. Any other body is left alone."""
    if not body:
        return body
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        parsed = json.loads(text, object_pairs_hook=_Pairs)
    except UnicodeDecodeError:
        return body
    except ValueError:
        scrubbed = _scrub_form(text)
    else:
        masked = _masked(parsed)
        scrubbed = text if masked == parsed else _dumps(masked)
    if scrubbed == text:
        return body
    return scrubbed.encode() if isinstance(body, bytes) else scrubbed


def scrub_request(request: Any) -> Any:
    """vcrpy `before_record_request`: mask auth headers and secret body fields.

    vcrpy also runs it on each live request before matching it against a cassette, so a
    cassette's `"password": "<redacted>"` matches whatever password the test sends.
    """
    for name in list(request.headers):
        if name.lower() in SECRET_HEADERS:
            request.headers[name] = CASSETTE_MASK
    request.body = scrub_body(request.body)
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy `before_record_response`: mask secret headers and secret body fields
    (e.g. a sub-account's `auth_token`) before the reply is written."""
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            headers[name] = [CASSETTE_MASK for _ in headers[name]]
    response["body"]["string"] = scrub_body(response["body"]["string"])
    return response


def cassette_settings() -> dict[str, Any]:
    """The vcrpy settings of every cassette test (recording or replaying)."""
    return {
        "match_on": ["method", "scheme", "host", "path", "query", "body"],
        "record_mode": "none",
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return cassette_settings()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """Cassettes live in cassettes/<provider>/, the provider named by the test module."""
    provider = getattr(request.module, "CASSETTE_PROVIDER", "_unused")
    return str(CASSETTES / provider)
