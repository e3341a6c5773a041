"""Vobiz (Plivo-style REST) provider plugin for telephony-core."""

from collections.abc import Callable

from telephony_core import hookimpl
from telephony_core.provider import Provider
from telephony_core.sandbox import Emulator
from telephony_vobiz.emulator import VobizEmulator
from telephony_vobiz.provider import VobizProvider

__all__ = ["VobizEmulator", "VobizProvider"]


@hookimpl
def telephony_register_providers(register: Callable[[type[Provider]], None]) -> None:
    register(VobizProvider)


@hookimpl
def telephony_register_sandboxes(register: Callable[[type[Emulator]], None]) -> None:
    register(VobizEmulator)
