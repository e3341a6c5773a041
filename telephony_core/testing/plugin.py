"""The pytest plugin of the plugin-author kit, registered under the `pytest11` entry point.

Which provider a test is about: the `telephony_provider` fixture, which by default reads the
closest `@pytest.mark.telephony_provider("acme")` marker (test, class or module), else the
`telephony_provider` ini option (`[tool.pytest.ini_options] telephony_provider = "acme"`).
Override the fixture to choose it any other way.

Fixtures:
- `telephony_emulator`: a fresh emulator of the provider;
- `telephony_sandbox` / `telephony_async_sandbox`: clients answered by that emulator, in
  process (no network, never the environment's credentials);
- `telephony_fresh_sandbox`: while recording from a sandbox served on loopback, resets it
  before the test (the resets never reach a cassette);
- `telephony_served_sandbox`: every installed vendor's emulator served over real HTTP on
  127.0.0.1 (one server for the session, `telephony_sandbox_server`; every emulator reset to
  its seeded state for each test): point the vendor's own SDK at its `base_url(provider)`
  (docs/guide.md, "Testing an app that uses the vendor's SDK");
- `telephony_settings`: the settings a cassette test connects with (default: the sandbox
  credentials); override it to match your cassettes;
- `telephony_faults`: the `Faults` of the faulty sandbox: the closest
  `@pytest.mark.telephony_faults(rate_limited=0.2, ...)` marker's, else `Faults.bad_day()`;
- `telephony_faulty_sandbox` / `telephony_async_faulty_sandbox`: clients answered by
  `telephony_emulator` through those faults, with short back-off (`FAST_RETRIES`), so that an
  app's tests prove its code survives 429s, 5xx, slow replies and dropped connections;
- `telephony_client` / `telephony_async_client`: clients through httpx's real HTTP stack, which
  pytest-recording replays from cassettes (`@pytest.mark.vcr`); while recording, made from the
  environment instead (`<NAME>_...` variables, e.g. `ACME_API_KEY`, `ACME_BASE_URL`);
- `vcr_config` and `vcr_cassette_dir` (pytest-recording's): cassettes live in
  `<rootdir>/<telephony_cassettes ini, default "cassettes">/<provider>/<test>.yaml`, are replayed
  with record mode `none`, matched on method, scheme, host, path, query and body, and scrubbed
  of what the provider declares secret before anything is written. Tests with no provider keep
  pytest-recording's defaults.

`--telephony-record` records against the real vendor: each cassette a test uses is written
afresh (record mode `rewrite`), with credentials from the environment, whose secret values are
masked wherever they appear. `--record-mode=once` (or another recording mode) records too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest

from telephony_core.client import AsyncClient, Client
from telephony_core.connecting import connect, connect_async
from telephony_core.plugins.registry import get_registry
from telephony_core.resilience.retries import Retries
from telephony_core.sandbox import Emulator
from telephony_core.sandbox.faults import Faults
from telephony_core.secret import Secret
from telephony_core.testing.cassettes import vcr_config as provider_vcr_config
from telephony_core.testing.clients import (
    async_sandbox_client,
    isolated_async_client,
    isolated_client,
    sandbox_client,
)
from telephony_core.translate.redaction import credential_secrets
from telephony_core.translate.settings import is_loopback

if TYPE_CHECKING:
    from telephony_core.sandbox.server import SandboxServer

MARKER = "telephony_provider"
FAULTS_MARKER = "telephony_faults"
#: The retries of the faulty sandbox clients: as many attempts as by default, waits of
#: milliseconds (a test is about what survives, not about how long back-off takes).
FAST_RETRIES = Retries(wait_initial=0.001, wait_max=0.01)
RECORD_OPTION = "--telephony-record"
CASSETTES_INI = "telephony_cassettes"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("telephony", "telephony plugin-author kit")
    group.addoption(
        RECORD_OPTION,
        action="store_true",
        default=False,
        help="Record cassettes against the real vendor, credentials from the environment; "
        "secrets are scrubbed before anything is written.",
    )
    parser.addini(MARKER, "The provider the tests are about (see the telephony_provider marker).")
    parser.addini(
        CASSETTES_INI,
        "Where cassettes live, relative to the rootdir: <dir>/<provider>/<test>.yaml.",
        default="cassettes",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(name): the telephony provider a test, class or module is about."
    )
    config.addinivalue_line(
        "markers", f"{FAULTS_MARKER}(**faults): the Faults of telephony_faulty_sandbox."
    )
    if config.pluginmanager.hasplugin("recording"):
        # Registered now, after every entry-point plugin: these override pytest-recording's.
        config.pluginmanager.register(CassetteFixtures(), "telephony-cassettes")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """When the conformance suite ran: how many cases its property checks tried, and how
    many recorded cassettes it replayed against each provider's emulator."""
    conformance = sys.modules.get("telephony_core.testing.conformance")
    cases = getattr(conformance, "PROPERTY_CASES", None)
    if cases:
        tried = ", ".join(f"{kind} {count}" for kind, count in sorted(cases.items()))
        terminalreporter.write_line(f"telephony conformance property cases tried: {tried}")
    replayed = getattr(conformance, "CASSETTES_REPLAYED", None)
    if replayed:
        counts = ", ".join(f"{name} {n or 'none'}" for name, n in sorted(replayed.items()))
        terminalreporter.write_line(
            f"telephony conformance: cassettes replayed against the emulator: {counts}; "
            f"{conformance.ONLY_RECORDED_CASSETTES}"  # type: ignore[union-attr]
        )


def declared_provider(config: pytest.Config, node: pytest.Item | pytest.Collector) -> str | None:
    """The provider named by the closest marker on `node`, else by the ini option."""
    marker = node.get_closest_marker(MARKER)
    if marker is not None:
        if len(marker.args) != 1 or not isinstance(marker.args[0], str):
            raise pytest.UsageError(f'use @pytest.mark.{MARKER}("name"), not {marker!r}')
        return marker.args[0]
    value = config.getini(MARKER)
    return value if isinstance(value, str) and value else None


def is_recording(config: pytest.Config) -> bool:
    """Whether this run records cassettes (`--telephony-record` or a recording mode)."""
    if config.getoption(RECORD_OPTION):
        return True
    return config.getoption("record_mode", default=None) not in (None, "none")


def _required(provider: str | None) -> str:
    if provider is None:
        pytest.fail(
            'no telephony provider for this test: add `telephony_provider = "<name>"` to '
            f"[tool.pytest.ini_options], mark the test, class or module "
            f'@pytest.mark.{MARKER}("<name>"), or override the {MARKER} fixture',
            pytrace=False,
        )
    return provider


@pytest.fixture
def telephony_provider(request: pytest.FixtureRequest) -> str | None:
    """The provider under test, or None when the test names none."""
    return declared_provider(request.config, request.node)


@pytest.fixture
def telephony_recording(request: pytest.FixtureRequest) -> bool:
    """Whether this run records cassettes against the real vendor."""
    return is_recording(request.config)


@pytest.fixture
def telephony_emulator(telephony_provider: str | None) -> Emulator:
    """A fresh emulator of the provider (its seeded state)."""
    return get_registry().sandbox(_required(telephony_provider))()


@pytest.fixture
def telephony_sandbox(telephony_emulator: Emulator) -> Iterator[Client]:
    """A client answered in-process by `telephony_emulator`."""
    with sandbox_client(telephony_emulator) as client:
        yield client


@pytest.fixture
def telephony_async_sandbox(telephony_emulator: Emulator) -> AsyncClient:
    """An async client answered in-process by `telephony_emulator` (holds no connections)."""
    return async_sandbox_client(telephony_emulator)


@pytest.fixture
def telephony_fresh_sandbox(telephony_provider: str | None, telephony_recording: bool) -> None:
    """While recording from a sandbox served on loopback (`telephony sandbox serve`, its
    address in `<NAME>_BASE_URL`), reset the provider's emulator first, so that each cassette
    replays on a fresh emulator (`emulator_mismatches`) even where the emulator numbers new ids.
    Does nothing otherwise. Use it with `pytest.mark.usefixtures("telephony_fresh_sandbox")`."""
    name = _required(telephony_provider)
    base_url = os.environ.get(f"{name.upper()}_BASE_URL", "")
    if not telephony_recording or not is_loopback(urlsplit(base_url).hostname or ""):
        return
    root = base_url.removesuffix(get_registry().sandbox(name).api_root)
    httpx.post(root + "/_reset", timeout=10).raise_for_status()


@pytest.fixture(scope="session")
def telephony_sandbox_server() -> Iterator[SandboxServer]:
    """Every installed vendor's emulator, served by uvicorn on 127.0.0.1 (a free port) for
    the whole session and stopped after it."""
    from telephony_core.testing.served import served_sandbox

    with served_sandbox() as server:
        yield server


@pytest.fixture
def telephony_served_sandbox(telephony_sandbox_server: SandboxServer) -> SandboxServer:
    """The session's served sandbox, every emulator back in its seeded state: a vendor SDK
    connects to `base_url(provider)` with the credentials of `index()`."""
    for emulator in telephony_sandbox_server.emulators.values():
        emulator.reset_safely()
    return telephony_sandbox_server


@pytest.fixture
def telephony_faults(request: pytest.FixtureRequest) -> Faults:
    """The faults of `telephony_faulty_sandbox`: the closest `telephony_faults` marker's
    keywords, else `Faults.bad_day()`."""
    marker = request.node.get_closest_marker(FAULTS_MARKER)
    if marker is None:
        return Faults.bad_day()
    if marker.args:
        raise pytest.UsageError(f"use @pytest.mark.{FAULTS_MARKER}(rate_limited=0.1, ...)")
    return Faults(**marker.kwargs)


@pytest.fixture
def telephony_faulty_sandbox(
    telephony_emulator: Emulator, telephony_faults: Faults
) -> Iterator[Client]:
    """A client answered in-process by `telephony_emulator` through `telephony_faults`."""
    with sandbox_client(telephony_emulator, telephony_faults, retries=FAST_RETRIES) as client:
        yield client


@pytest.fixture
def telephony_async_faulty_sandbox(
    telephony_emulator: Emulator, telephony_faults: Faults
) -> AsyncClient:
    """The async twin of `telephony_faulty_sandbox` (holds no connections)."""
    return async_sandbox_client(telephony_emulator, telephony_faults, retries=FAST_RETRIES)


@pytest.fixture
def telephony_settings(telephony_provider: str | None) -> dict[str, Any]:
    """The settings `telephony_client` replays cassettes with: the sandbox credentials."""
    return dict(get_registry().sandbox(_required(telephony_provider)).credentials)


@pytest.fixture
def telephony_client(
    telephony_provider: str | None, telephony_settings: dict[str, Any], telephony_recording: bool
) -> Iterator[Client]:
    """A client through httpx's real HTTP stack: replayed by vcrpy, or, while recording,
    talking to the vendor with the environment's credentials."""
    name = _required(telephony_provider)
    client = connect(name) if telephony_recording else isolated_client(name, telephony_settings)
    with client:
        yield client


@pytest.fixture
def telephony_async_client(
    telephony_provider: str | None, telephony_settings: dict[str, Any], telephony_recording: bool
) -> AsyncClient:
    """The async twin of `telephony_client` (use `async with` when it talks to a vendor)."""
    name = _required(telephony_provider)
    if telephony_recording:
        return connect_async(name)
    return isolated_async_client(name, telephony_settings)


class CassetteFixtures:
    """pytest-recording's `vcr_config` and `vcr_cassette_dir`, for tests with a provider."""

    @pytest.fixture
    def vcr_config(
        self,
        vcr_config: dict[str, Any],
        telephony_provider: str | None,
        request: pytest.FixtureRequest,
    ) -> dict[str, Any]:
        """The provider's cassette settings (see `telephony_core.testing.cassettes`)."""
        if telephony_provider is None:
            return vcr_config
        config = request.config
        provider = get_registry().provider(telephony_provider)
        secrets: frozenset[str] = frozenset()
        if is_recording(config):
            # The environment's credentials, also as an HTTP Basic header carries them.
            settings = {
                s.name: Secret(value) if s.secret else value
                for s in provider.all_settings()
                if (value := os.environ.get(s.env))
            }
            secrets = credential_secrets(settings)
        if config.getoption(RECORD_OPTION):
            mode = "rewrite"
        else:
            mode = config.getoption("record_mode", default=None) or "none"
        return {**vcr_config, **provider_vcr_config(provider, record_mode=mode, secrets=secrets)}

    @pytest.fixture
    def vcr_cassette_dir(
        self,
        vcr_cassette_dir: str,
        telephony_provider: str | None,
        request: pytest.FixtureRequest,
    ) -> str:
        """`<rootdir>/cassettes/<provider>` (the `telephony_cassettes` ini names the folder)."""
        if telephony_provider is None:
            return vcr_cassette_dir
        folder = request.config.getini(CASSETTES_INI)
        return str(Path(request.config.rootpath) / folder / telephony_provider)
