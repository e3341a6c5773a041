"""Clients for tests whose settings come only from the test: never from the environment or a
profile, so that a developer's real credentials cannot leak into a test run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from telephony_core.client import AsyncClient, Client
from telephony_core.plugins.registry import Registry, get_registry
from telephony_core.profiles import resolve
from telephony_core.sandbox import Emulator
from telephony_core.sandbox.faults import Faults, FaultyTransport
from telephony_core.translate.provider import Provider


def _provider(
    name: str, settings: Mapping[str, Any], hooks: Registry | None
) -> tuple[Provider, Registry]:
    registry = get_registry()
    provider_cls = registry.provider(name)
    config = resolve(name, provider_cls.all_settings(), settings, environ={})
    return provider_cls(config), hooks or registry


def isolated_client(
    provider: str,
    settings: Mapping[str, Any],
    *,
    transport: httpx.BaseTransport | None = None,
    hooks: Registry | None = None,
    **options: Any,
) -> Client:
    """A client of `provider` made with exactly `settings` (no environment, no profile).

    Without `transport`, requests go through httpx's real HTTP stack (which vcrpy records
    and replays). `hooks` is the registry whose hooks run (default: the installed plugins').
    `options` are the client's (`timeout`, `retries`, `rate_limit`, ...; see `connect()`).
    """
    instance, registry = _provider(provider, settings, hooks)
    return Client(instance, registry, transport=transport, **options)


def isolated_async_client(
    provider: str,
    settings: Mapping[str, Any],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    hooks: Registry | None = None,
    **options: Any,
) -> AsyncClient:
    """The async twin of `isolated_client`."""
    instance, registry = _provider(provider, settings, hooks)
    return AsyncClient(instance, registry, transport=transport, **options)


def _sandbox_transport(emulator: Emulator, faults: Faults | None) -> Any:
    return emulator.transport() if faults is None else FaultyTransport(emulator, faults)


def sandbox_client(emulator: Emulator, faults: Faults | None = None, **options: Any) -> Client:
    """A client answered in-process by `emulator` (an instance, so a test can see its state),
    through `faults` when given (see `telephony_core.sandbox.faults`)."""
    transport = _sandbox_transport(emulator, faults)
    return isolated_client(emulator.provider, emulator.credentials, transport=transport, **options)


def async_sandbox_client(
    emulator: Emulator, faults: Faults | None = None, **options: Any
) -> AsyncClient:
    """The async twin of `sandbox_client`."""
    transport = _sandbox_transport(emulator, faults)
    return isolated_async_client(
        emulator.provider, emulator.credentials, transport=transport, **options
    )
