"""voipappz (contact-centre platform) provider plugin for telephony-core: agent users."""

from collections.abc import Callable

from telephony_core import hookimpl
from telephony_core.provider import Provider
from telephony_core.sandbox import Emulator
from telephony_voipappz.emulator import VoipappzEmulator
from telephony_voipappz.provider import VoipappzProvider

__all__ = ["VoipappzEmulator", "VoipappzProvider"]


@hookimpl
def telephony_register_providers(register: Callable[[type[Provider]], None]) -> None:
    register(VoipappzProvider)


@hookimpl
def telephony_register_sandboxes(register: Callable[[type[Emulator]], None]) -> None:
    register(VoipappzEmulator)
