"""`connect()` and `connect_async()`: pick the provider, resolve its settings, build a client."""

from __future__ import annotations

from typing import Any

import attrs
import httpx

from telephony_core import profiles
from telephony_core.client import DEFAULT_TIMEOUT, AsyncClient, Client
from telephony_core.errors import ConfigurationError
from telephony_core.plugins.registry import Registry, get_registry
from telephony_core.resilience.deadline import check_timeout
from telephony_core.resilience.retries import Retries
from telephony_core.sandbox import Emulator
from telephony_core.sandbox.faults import Faults, FaultyTransport
from telephony_core.translate.provider import Provider
from telephony_core.transport.reply_body import DEFAULT_MAX_REPLY_BYTES, check_max_reply_bytes


@attrs.frozen(kw_only=True)
class ClientOptions:
    """How a client sends, besides the provider's settings, as given to `connect()` (None:
    not given, so the profile's key of the same name, else the default)."""

    timeout: float | None = None
    retries: int | Retries | None = None
    rate_limit: str | None = None
    rate_limit_storage: str | None = None
    max_reply_bytes: int | None = None

    def resolve(self, profile: dict[str, Any]) -> dict[str, Any]:
        """The options, each given, else taken from (and out of) the profile; checked."""
        options: dict[str, Any] = {}
        for field in attrs.fields(type(self)):
            from_profile = profile.pop(field.name, None)
            value = getattr(self, field.name)
            options[field.name] = value if value is not None else from_profile
        timeout = options["timeout"]
        if timeout is None:
            options["timeout"] = DEFAULT_TIMEOUT
        else:
            check_timeout(timeout)
        for name in ("rate_limit", "rate_limit_storage"):
            value = options[name]
            if value is not None and not isinstance(value, str):
                example = "'10/s'" if name == "rate_limit" else "'redis://host:6379/0'"
                raise ConfigurationError(
                    f"{name} must be text such as {example}, not {type(value).__name__} {value!r}"
                )
        Retries.of(options["retries"])  # checked now, not at the first call
        if options["max_reply_bytes"] is None:
            options["max_reply_bytes"] = DEFAULT_MAX_REPLY_BYTES
        try:
            check_max_reply_bytes(options["max_reply_bytes"])
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
        return options


def _setup(
    provider: str | None,
    profile: str | None,
    sandbox: bool | Faults,
    transport: object,
    keywords: dict[str, Any],
    options: ClientOptions,
) -> tuple[Provider, Registry, Emulator | None, dict[str, Any]]:
    registry = get_registry()
    profile_settings: dict[str, Any] = {}
    if profile is not None:
        profile_settings = profiles.load_profile(profile)
        profile_provider = profile_settings.pop("provider", None)
        if provider is None:
            provider = profile_provider
        elif profile_provider not in (None, provider):
            raise ConfigurationError(
                f"profile {profile!r} is for provider {profile_provider!r}, not {provider!r}"
            )
    resolved_options = options.resolve(profile_settings)
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
            raise TypeError("pass either sandbox= or transport=, not both")
        emulator_cls = registry.sandbox(provider)
        # Given a base_url, a served sandbox answers over HTTP (its state outlives the client).
        served = keywords.get("base_url") is not None
        if served and isinstance(sandbox, Faults):
            raise TypeError(
                "sandbox=Faults(...) injects faults in process: for a served sandbox, serve it "
                "with them (telephony sandbox serve --faults ...)"
            )
        keywords = {**emulator_cls.credentials, **keywords}
        environ = {}  # the sandbox never picks up real credentials from the environment
        emulator = None if served else emulator_cls()
    config = profiles.resolve(
        provider,
        provider_cls.all_settings(),
        keywords,
        profile=profile_settings,
        profile_name=profile,
        environ=environ,
    )
    return provider_cls(config), registry, emulator, resolved_options


def _client_arguments(
    provider: str | None,
    profile: str | None,
    sandbox: bool | Faults,
    transport: object,
    settings: dict[str, Any],
    options: ClientOptions,
) -> dict[str, Any]:
    """The arguments of `Client` / `AsyncClient` for what `connect()` was given."""
    instance, registry, emulator, resolved = _setup(
        provider, profile, sandbox, transport, settings, options
    )
    if emulator is not None:
        faults = sandbox if isinstance(sandbox, Faults) else None
        transport = emulator.transport() if faults is None else FaultyTransport(emulator, faults)
    return {"provider": instance, "registry": registry, "transport": transport, **resolved}


def connect(
    provider: str | None = None,
    *,
    profile: str | None = None,
    sandbox: bool | Faults = False,
    transport: httpx.BaseTransport | None = None,
    timeout: float | None = None,
    drop_unsupported: bool = False,
    retries: int | Retries | None = None,
    rate_limit: str | None = None,
    rate_limit_storage: str | None = None,
    max_reply_bytes: int | None = None,
    **settings: Any,
) -> Client:
    """A synchronous client for `provider`.

    Settings (e.g. `auth_id=`, `auth_token=`) come from the keywords, else the provider's
    environment variables, else the named `profile`. `sandbox=True` answers every call from
    the provider's in-process emulator (no network, no credentials), `sandbox=Faults(...)`
    the same through injected faults, or with `base_url=` a served sandbox (`telephony
    sandbox serve`) with the sandbox credentials; `transport=` sends through any httpx
    transport instead of the network. With `drop_unsupported=True`, fields the provider cannot
    set are dropped with a warning instead of raising `UnsupportedField`.

    Resilience (these also come from the profile's keys of the same names): `timeout` is the
    total seconds one neutral call may take, retries included (default 30); `retries` the
    retries of a request where that is safe (default 3; 0 turns them off; or a `Retries`);
    `rate_limit` the client-side request budget of the account (e.g. "10/s"; default the
    vendor's documented one, if any), shared with every client of the same provider and
    credentials, across processes when `rate_limit_storage` is a Redis URL; `max_reply_bytes`
    the largest reply body read, on the wire and decoded (default 16 MiB): a larger one is a
    `ProviderError`.
    """
    options = ClientOptions(
        timeout=timeout,
        retries=retries,
        rate_limit=rate_limit,
        rate_limit_storage=rate_limit_storage,
        max_reply_bytes=max_reply_bytes,
    )
    arguments = _client_arguments(provider, profile, sandbox, transport, settings, options)
    return Client(drop_unsupported=drop_unsupported, **arguments)


def connect_async(
    provider: str | None = None,
    *,
    profile: str | None = None,
    sandbox: bool | Faults = False,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float | None = None,
    drop_unsupported: bool = False,
    retries: int | Retries | None = None,
    rate_limit: str | None = None,
    rate_limit_storage: str | None = None,
    max_reply_bytes: int | None = None,
    **settings: Any,
) -> AsyncClient:
    """An asyncio client for `provider`; arguments as for `connect()`.

    Use it as `async with connect_async(...) as client:` or call `await client.aclose()`.
    """
    options = ClientOptions(
        timeout=timeout,
        retries=retries,
        rate_limit=rate_limit,
        rate_limit_storage=rate_limit_storage,
        max_reply_bytes=max_reply_bytes,
    )
    arguments = _client_arguments(provider, profile, sandbox, transport, settings, options)
    return AsyncClient(drop_unsupported=drop_unsupported, **arguments)
