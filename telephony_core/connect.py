"""`connect()` and `connect_async()`: pick the provider, resolve its settings, build a client."""

from __future__ import annotations

from typing import Any

import httpx

from telephony_core import settings as settings_mod
from telephony_core.client import DEFAULT_TIMEOUT, AsyncClient, Client
from telephony_core.errors import ConfigurationError
from telephony_core.plugins import Registry, get_registry
from telephony_core.provider import Provider
from telephony_core.sandbox import Emulator


def _setup(
    provider: str | None,
    profile: str | None,
    sandbox: bool,
    transport: object,
    keywords: dict[str, Any],
) -> tuple[Provider, Registry, Emulator | None]:
    registry = get_registry()
    profile_settings: dict[str, Any] = {}
    if profile is not None:
        profile_settings = settings_mod.load_profile(profile)
        profile_provider = profile_settings.pop("provider", None)
        if provider is None:
            provider = profile_provider
        elif profile_provider not in (None, provider):
            raise ConfigurationError(
                f"profile {profile!r} is for provider {profile_provider!r}, not {provider!r}"
            )
    if provider is None:
        raise ConfigurationError(
            f'profile {profile!r} names no provider: add provider = "<name>" to it'
            if profile is not None
            else "name a provider, e.g. connect('vobiz'), or a profile",
            setting="provider",
        )
    provider_cls = registry.provider(provider)
    emulator: Emulator | None = None
    environ: dict[str, str] | None = None
    if sandbox:
        if transport is not None:
            raise TypeError("pass either sandbox=True or transport=, not both")
        emulator_cls = registry.sandbox(provider)
        # Given a base_url, a served sandbox answers over HTTP (its state outlives the client).
        served = keywords.get("base_url") is not None
        keywords = {**emulator_cls.credentials, **keywords}
        environ = {}  # the sandbox never picks up real credentials from the environment
        emulator = None if served else emulator_cls()
    config = settings_mod.resolve(
        provider,
        provider_cls.all_settings(),
        keywords,
        profile=profile_settings,
        profile_name=profile,
        environ=environ,
    )
    return provider_cls(config), registry, emulator


def connect(
    provider: str | None = None,
    *,
    profile: str | None = None,
    sandbox: bool = False,
    transport: httpx.BaseTransport | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    drop_unsupported: bool = False,
    **settings: Any,
) -> Client:
    """A synchronous client for `provider`.

    Settings (e.g. `auth_id=`, `auth_token=`) come from the keywords, else the provider's
    environment variables, else the named `profile`. `sandbox=True` answers every call from
    the provider's in-process emulator (no network, no credentials), or with `base_url=` from
    a served sandbox (`telephony sandbox serve`) with the sandbox credentials; `transport=` sends
    through any httpx transport instead of the network. With `drop_unsupported=True`, fields
    the provider cannot set are dropped with a warning instead of raising `UnsupportedField`.
    """
    instance, registry, emulator = _setup(provider, profile, sandbox, transport, settings)
    return Client(
        instance,
        registry,
        transport=emulator.transport() if emulator else transport,
        timeout=timeout,
        drop_unsupported=drop_unsupported,
    )


def connect_async(
    provider: str | None = None,
    *,
    profile: str | None = None,
    sandbox: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    drop_unsupported: bool = False,
    **settings: Any,
) -> AsyncClient:
    """An asyncio client for `provider`; arguments as for `connect()`.

    Use it as `async with connect_async(...) as client:` or call `await client.aclose()`.
    """
    instance, registry, emulator = _setup(provider, profile, sandbox, transport, settings)
    return AsyncClient(
        instance,
        registry,
        transport=emulator.transport() if emulator else transport,
        timeout=timeout,
        drop_unsupported=drop_unsupported,
    )
