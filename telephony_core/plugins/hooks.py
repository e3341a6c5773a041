"""The hooks a telephony plugin can implement (pluggy project name "telephony").

A plugin is a module (or object) listed in the `telephony` entry-point group whose functions
are decorated with `telephony_core.hookimpl`. See docs/plugins.md for each hook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from telephony_core.sandbox import Emulator
    from telephony_core.translate.provider import Provider
    from telephony_core.translate.wire import WireRequest, WireResponse

PROJECT = "telephony"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def telephony_register_providers(register: Callable[[type[Provider]], None]) -> None:
    """Call `register(ProviderClass)` for each provider the plugin offers."""


@hookspec
def telephony_register_sandboxes(register: Callable[[type[Emulator]], None]) -> None:
    """Call `register(EmulatorClass)` for each vendor emulator the plugin offers."""


@hookspec(firstresult=True)
def telephony_before_send(request: WireRequest, provider: Provider) -> WireRequest | None:
    """Called before each request is sent; return a replacement request, or None to keep it.

    The first non-None result is sent instead (e.g. to add a tracing header).
    """


@hookspec
def telephony_after_receive(
    request: WireRequest, response: WireResponse, provider: Provider
) -> None:
    """Called with each reply before the provider parses it (metrics, auditing)."""


@hookspec
def telephony_before_retry(
    request: WireRequest,
    response: WireResponse | None,
    attempt: int,
    delay: float,
    provider: Provider,
) -> None:
    """Called before a request is sent again: `attempt` is the number of the coming attempt
    (2 for the first retry), `delay` the seconds waited first, `response` the reply that
    caused the retry (None after a timeout or a dropped connection)."""
