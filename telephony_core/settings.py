"""Connection settings: keywords, else environment variables, else a named profile.

Profiles live in a TOML file, `config.toml` in the user's config dir (see `config_path()`;
`TELEPHONY_CONFIG` points elsewhere)::

    [profiles.office]
    provider = "vobiz"
    auth_id = "MA_XXXXXXXX"
    auth_token = "..."
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs

from telephony_core.errors import ConfigurationError
from telephony_core.redaction import Redactor
from telephony_core.secret import Secret

CONFIG_ENV = "TELEPHONY_CONFIG"


@attrs.frozen(kw_only=True)
class Setting:
    """One setting a provider needs, e.g. `auth_token` from `VOBIZ_AUTH_TOKEN`."""

    name: str
    env: str
    secret: bool = False
    required: bool = True
    default: str | None = None
    help: str = ""
    #: A value of the setting's form that stands in for it where none is needed (a dry run
    #: without credentials), for a provider that checks the form; None: any text will do.
    stand_in: str | None = None


def config_path() -> Path:
    """Where profiles are read from: `$TELEPHONY_CONFIG`, else the user's config dir."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    import platformdirs  # here: only a profile needs it, and importing it costs start-up time

    return platformdirs.user_config_path("telephony") / "config.toml"


def load_profile(name: str) -> dict[str, Any]:
    """The settings of profile `name` (including its `provider` key)."""
    import tomllib  # here, as platformdirs: `import telephony_core` stays quick

    path = config_path()
    try:
        with path.open("rb") as fh:
            document = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigurationError(
            f"profile {name!r} not found: {path} does not exist (set {CONFIG_ENV} to use another file)"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path} is not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigurationError(f"{path} is not a TOML file: it is not UTF-8 text") from None
    except OSError as exc:  # a directory, no permission, ...
        why = exc.strerror or type(exc).__name__
        raise ConfigurationError(
            f"cannot read the profiles file {path}: {why} (set {CONFIG_ENV} to use another file)"
        ) from None
    profiles = document.get("profiles", {})
    profile = profiles.get(name) if isinstance(profiles, dict) else None
    if not isinstance(profile, dict):
        known = ", ".join(sorted(profiles)) if isinstance(profiles, dict) else ""
        raise ConfigurationError(
            f"profile {name!r} not found in {path}" + (f" (profiles: {known})" if known else "")
        )
    return dict(profile)


def resolve(
    provider: str,
    declared: tuple[Setting, ...],
    keywords: Mapping[str, Any],
    profile: Mapping[str, Any] | None = None,
    profile_name: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, str | Secret | None]:
    """Resolve every declared setting: keyword, else environment variable, else profile.

    A keyword that is not a declared setting is a `TypeError`, a profile key that is not one a
    `ConfigurationError`; a missing required setting is a `ConfigurationError` naming the
    keyword, the environment variable and the profile (and setting `.setting` and `.env`).
    Secret settings come back wrapped in `Secret`.
    """
    environ = os.environ if environ is None else environ
    by_name = {s.name: s for s in declared}
    unknown = sorted(set(keywords) - set(by_name))
    if unknown:
        raise TypeError(
            f"{provider} has no setting {', '.join(map(repr, unknown))}; "
            f"settings are: {', '.join(sorted(by_name))}"
        )
    profile = profile or {}
    strange = sorted(set(profile) - set(by_name))
    if strange:
        raise ConfigurationError(
            f"profile {profile_name!r} has {', '.join(map(repr, strange))}, which "
            f"{'is not a setting' if len(strange) == 1 else 'are not settings'} of {provider} "
            f"(its settings: {', '.join(sorted(by_name))}); see {config_path()}",
            provider=provider,
        )
    resolved: dict[str, str | Secret | None] = {}
    for setting in declared:
        value = keywords.get(setting.name)
        if value is None:
            value = environ.get(setting.env) or None
        if value is None:
            value = profile.get(setting.name)
        if value is None:
            value = setting.default
        if value is None:
            if setting.required:
                where = (
                    f", or add {setting.name} to profile {profile_name!r}" if profile_name else ""
                )
                raise ConfigurationError(
                    f"{provider} needs {setting.name}: pass {setting.name}=..., "
                    f"or set the environment variable {setting.env}{where}",
                    setting=setting.name,
                    env=setting.env,
                    provider=provider,
                )
            resolved[setting.name] = None
            continue
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise ConfigurationError(f"{provider} setting {setting.name} must be a string")
        resolved[setting.name] = Secret(value) if setting.secret else value
    return resolved


def check_base_url(provider: str, url: str) -> str:
    """Return `url` without a trailing slash if it is a valid https URL, or http on a
    loopback host; else a `ConfigurationError` (showing no user information)."""
    import httpx  # here: `import telephony_core` does without it (see __init__)

    shown = Redactor().text(url)
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # a bad IPv6 literal or port raises here
        _ = httpx.URL(url).host  # and a host name that is not one (IDNA, both ways) here
    except (ValueError, httpx.InvalidURL) as exc:  # idna.IDNAError is a ValueError
        reason = Redactor(userinfo_secrets(url)).text(str(exc))
        raise ConfigurationError(
            f"{provider} base_url is not a valid URL ({reason}): {shown!r}", provider=provider
        ) from None
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigurationError(f"{provider} base_url must be an http(s) URL, not {shown!r}")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise ConfigurationError(
            f"{provider} base_url must not contain spaces or control characters: {shown!r}"
        )
    if parts.query or parts.fragment:
        raise ConfigurationError(f"{provider} base_url must not have a query or fragment")
    if parts.scheme == "http" and not is_loopback(host):
        raise ConfigurationError(
            f"{provider} base_url must use https (plain http is only allowed on loopback): "
            f"{shown!r}"
        )
    return url.rstrip("/")


def userinfo_secrets(url: str) -> frozenset[str]:
    """The credentials in a URL's user information (`https://user:password@host`), as
    written and percent-decoded, for masking: the password, and `user:password`."""
    netloc = re.split(r"[/?#]", url.partition("://")[2], maxsplit=1)[0]
    userinfo, at, _ = netloc.rpartition("@")
    if not at:
        return frozenset()
    _, _, password = userinfo.partition(":")
    return frozenset(v for v in (userinfo, unquote(userinfo), password, unquote(password)) if v)


_HEADER_VALUE = re.compile(r"[\t\x20-\x7e]*")


def is_header_value(value: str) -> bool:
    """Whether `value` can be sent as an HTTP header value: printable ASCII and tabs."""
    return _HEADER_VALUE.fullmatch(value) is not None


def is_loopback(host: str) -> bool:
    """True for `localhost` and any loopback address (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
