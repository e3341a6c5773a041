"""Shared fixtures: a scripted httpx transport and a clean plugin registry.

Cassette settings come from the plugin-author kit (`telephony_core.testing.plugin`): a module
names its provider with `pytestmark = pytest.mark.telephony_provider("vobiz")`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from telephony_core.plugins.registry import reset_registry
from telephony_core.testing.plugin import is_recording

pytest_plugins = ("pytester",)

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
SHARED = ROOT.parent / "shared"
#: Where the vendors' OpenAPI descriptions are looked for (they are not in the repository).
SPECS_ENV = "TELEPHONY_VENDOR_SPECS"
#: The start of the reason a test that needs one skips with (`tests.openapi_specs`).
SPECS_ABSENT = "OpenAPI description absent"


def specs_folder() -> Path:
    """`TELEPHONY_VENDOR_SPECS`, else `../shared/vendor-specs/` beside the repository."""
    return Path(os.environ.get(SPECS_ENV) or SHARED / "vendor-specs")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many tests skipped for want of a vendor's OpenAPI description, and what to do."""
    skipped = terminalreporter.stats.get("skipped", [])
    absent = sum(SPECS_ABSENT in str(report.longrepr) for report in skipped)
    if absent:
        terminalreporter.write_line(
            f"{absent} skipped: the vendors' OpenAPI descriptions are not in {specs_folder()} "
            f'(README.md, "Tests", says which files and where they come from; {SPECS_ENV} '
            "names another folder)"
        )


#: Environment variables of every provider; tests never see the developer's real ones.
PROVIDER_ENV_PREFIXES = ("VOBIZ_", "SIPBX_", "VOIPAPPZ_", "TWILIO_", "PLIVO_", "EXAMPLE_", "TINY_")


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


def cassette_tests(namespace: dict[str, Any]) -> list[str]:
    """The names of the tests in a module's `namespace` (its `globals()`) that replay a
    cassette (`@pytest.mark.vcr`), sorted: one cassette file each."""
    return sorted(
        name
        for name, test in namespace.items()
        if name.startswith("test_")
        and any(mark.name == "vcr" for mark in getattr(test, "pytestmark", []))
    )


@pytest.fixture
def scripted() -> Scripted:
    return Scripted()


#: Options of the pytest sessions that tests run in-process (pytester): the cache is not
#: wanted, and hypothesis would be imported afresh by each session.
INNER_RUN = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")


@pytest.fixture
def inner(pytester: pytest.Pytester) -> pytest.Pytester:
    """`pytester`, its sessions configured as quietly as ours (`INNER_RUN` for options)."""
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    return pytester


@pytest.fixture(autouse=True)
def _fresh_registry(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[None]:
    """Each test loads plugins afresh, with no real credentials or profiles in sight (unless
    this run records cassettes: `--telephony-record` takes its credentials from there)."""
    recording = is_recording(request.config)
    for name in list(os.environ):
        if name == "TELEPHONY_PLUGINS" or (
            name.startswith(PROVIDER_ENV_PREFIXES) and not recording
        ):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELEPHONY_CONFIG", "/nonexistent/telephony-config.toml")
    reset_registry()
    yield
    reset_registry()
