"""The root options of the `telephony` command (`Settings`), shared by every command, and
the client they make."""

from __future__ import annotations

from typing import Any

import attrs
import click

from telephony_core.errors import ConfigurationError
from telephony_core.resilience.deadline import check_timeout

#: What the value of a setting that a dry run lacks looks like (a valid host and path segment).
STAND_IN = "{}.not-configured.invalid"


class Seconds(click.ParamType):  # type: ignore[type-arg]  # not generic in every click release
    """A call's deadline in seconds: a finite number above 0, at most a day (`inf`, `nan` and
    `1e400` are usage errors, not a deadline that overflows a clock)."""

    name = "seconds"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            return check_timeout(float(value))
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        except ConfigurationError as exc:
            self.fail(f"{value!r}: {exc}", param, ctx)


@attrs.define
class Settings:
    """The root options, shared by every command."""

    provider: str | None = None
    profile: str | None = None
    sandbox: bool = False
    base_url: str | None = None
    drop_unsupported: bool = False
    as_json: bool = False
    sandbox_url: str | None = None
    timeout: float | None = None
    retries: int | None = None
    rate_limit: str | None = None
    rate_limit_storage: str | None = None

    @property
    def in_process_sandbox(self) -> bool:
        """Whether `--sandbox` runs the emulator in this process (no served sandbox, no
        `--base-url`): what a command changes there is gone when it ends."""
        return self.sandbox and not self.base_url and not self.sandbox_url

    def connect(
        self,
        *,
        dry_run: bool = False,
        provider: str | None = None,
        profile: str | None = None,
    ) -> tuple[Any, dict[str, str]]:
        """A client as the options say, and the stand-in values it was given.

        For a dry run, a required setting that is nowhere to be found gets a stand-in value
        (shown as `<ITS_VARIABLE>`): nothing is sent, so no credentials are needed. Another
        `provider` / `profile` (the target of a migration) shares `--sandbox`, not `--base-url`.
        """
        from telephony_core.connecting import connect

        other = provider is not None or profile is not None
        provider, profile = (provider, profile) if other else (self.provider, self.profile)
        base_url = (None if other else self.base_url) or self.served_sandbox(provider)
        keywords: dict[str, Any] = {"base_url": base_url} if base_url else {}
        stand_ins: dict[str, str] = {}
        while True:
            try:
                client = connect(
                    provider,
                    profile=profile,
                    sandbox=self.sandbox,
                    drop_unsupported=self.drop_unsupported,
                    timeout=self.timeout,
                    retries=self.retries,
                    rate_limit=self.rate_limit,
                    rate_limit_storage=self.rate_limit_storage,
                    **keywords,
                )
            except ConfigurationError as exc:
                missing, env = exc.setting, exc.env
                if not dry_run or missing is None or env is None or missing in keywords:
                    raise
                value = _declared_stand_in(exc.provider, missing) or STAND_IN.format(
                    env.lower().replace("_", "-")
                )
                keywords[missing] = f"https://{value}" if missing == "base_url" else value
                stand_ins[keywords[missing]] = f"<{env}>"
                continue
            return client, stand_ins

    def served_sandbox(self, provider: str | None) -> str | None:
        """With `--sandbox` and `TELEPHONY_SANDBOX_URL` (a `telephony sandbox serve`), the
        base URL of `provider`'s emulator there: its state then lasts across commands."""
        if not (self.sandbox and self.sandbox_url and provider):
            return None
        from telephony_core.plugins.registry import get_registry

        emulator = get_registry().sandbox(provider)
        return f"{self.sandbox_url.rstrip('/')}/{provider}{emulator.api_root}"


def _declared_stand_in(provider: str | None, setting: str) -> str | None:
    """The stand-in value `provider` declares for `setting`, if any (`Setting.stand_in`)."""
    from telephony_core.plugins.registry import get_registry

    if provider is None:
        return None
    declared = get_registry().provider(provider).all_settings()
    return next((s.stand_in for s in declared if s.name == setting), None)
