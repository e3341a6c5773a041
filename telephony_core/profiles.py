"""Where connection settings come from: keywords, else environment variables, else a named
profile.

Profiles live in a TOML file, `config.toml` in the user's config dir (see `config_path()`;
`TELEPHONY_CONFIG` points elsewhere)::

    [profiles.office]
    provider = "vobiz"
    auth_id = "MA_XXXXXXXX"
    auth_token = "..."
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from telephony_core.errors import ConfigurationError
from telephony_core.secret import Secret
from telephony_core.translate.settings import Setting

CONFIG_ENV = "TELEPHONY_CONFIG"


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
