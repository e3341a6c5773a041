"""Plivo (REST API v1) provider plugin for telephony-core."""

from collections.abc import Callable

from telephony_core import hookimpl
from telephony_core.provider import Provider
from telephony_core.sandbox import Emulator
from telephony_plivo.emulator import PlivoEmulator
from telephony_plivo.provider import PlivoProvider

__all__ = ["PlivoEmulator", "PlivoProvider"]


@hookimpl
def telephony_register_providers(register: Callable[[type[Provider]], None]) -> None:
    register(PlivoProvider)


@hookimpl
def telephony_register_sandboxes(register: Callable[[type[Emulator]], None]) -> None:
    register(PlivoEmulator)
