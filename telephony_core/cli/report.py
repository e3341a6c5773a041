"""How the command line reports what went wrong: one line each, in the user's words.

An error names the option or environment variable to use, not the library's keyword; the
library's warnings (a dropped field, a plugin skipped) are `warning: ...` lines, not Python
warnings with a source line.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn, TextIO

import click

from telephony_core.cli.terminal import printable
from telephony_core.errors import (
    AuthenticationError,
    ConfigurationError,
    PluginLoadWarning,
    TelephonyError,
    UnsupportedFieldWarning,
)


def fail(message: str) -> NoReturn:
    """Exit 1 with a one-line error (expected failures get no traceback); a vendor's text in
    it cannot drive the terminal."""
    click.echo(f"error: {printable(' '.join(message.split()))}", err=True)
    sys.exit(1)


NOTE_IN_PROCESS_SANDBOX = (
    "note: --sandbox ran the emulator in this process: what this command changed is gone "
    "now that it ended. To keep state across commands, run `telephony sandbox serve` and set "
    "TELEPHONY_SANDBOX_URL (docs/fleet.md)."
)


def note_in_process_sandbox() -> None:
    """Say that what a command changes on the in-process sandbox does not outlive it."""
    click.echo(NOTE_IN_PROCESS_SANDBOX, err=True)


def explain(exc: TelephonyError, profile: str | None) -> str:
    """The error in the command line's words: which option or variable to use."""
    from telephony_core.plugins.registry import get_registry
    from telephony_core.profiles import config_path

    if isinstance(exc, ConfigurationError) and exc.setting == "provider":
        known = ", ".join(sorted(get_registry().providers)) or "none installed"
        why = f"{exc}, or " if profile else ""
        return (
            f"no provider chosen: {why}pass --provider NAME ({known}), set TELEPHONY_PROVIDER, "
            "or pass --profile NAME of a profile with a provider key"
        )
    if isinstance(exc, ConfigurationError) and exc.setting is not None:
        where = (
            f"add {exc.setting} to profile {profile!r} in {config_path()}"
            if profile
            else f"add {exc.setting} to a profile in {config_path()} and pass --profile NAME"
        )
        option = "pass --base-url URL, " if exc.setting == "base_url" else ""
        return f"{exc.provider} needs {exc.setting}: {option}set {exc.env}, or {where}"
    if isinstance(exc, AuthenticationError) and exc.provider in get_registry().providers:
        declared = get_registry().provider(exc.provider).settings
        variables = ", ".join(s.env for s in declared if s.required)
        return f"{exc}; check the credentials ({variables}, or the profile's)"
    return str(exc)


@contextmanager
def reported(profile: str | None) -> Iterator[None]:
    """Turn a `TelephonyError` into a one-line message and exit status 1 (`profile`: the
    `--profile` given, if any)."""
    try:
        yield
    except TelephonyError as exc:
        fail(explain(exc, profile))


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    click.echo(f"warning: {printable(str(message))}", err=True)


class _WarningLines(logging.Handler):
    """The library's log records at WARNING and up (a plugin skipped, an odd value in a
    vendor's reply) as `warning:` lines."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {printable(record.getMessage())}", err=True)


@contextmanager
def warnings_as_lines() -> Iterator[None]:
    """The library's warnings as one `warning:` line each on stderr, not Python's warning
    with a source line: a dropped field (`UnsupportedFieldWarning`), and what the library logs
    at WARNING (a `PluginLoadWarning` is logged too: shown once)."""
    library = logging.getLogger("telephony_core")
    handler = _WarningLines(logging.WARNING)
    library.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", UnsupportedFieldWarning)
            warnings.simplefilter("ignore", PluginLoadWarning)
            warnings.showwarning = _show_warning
            yield
    finally:
        library.removeHandler(handler)
