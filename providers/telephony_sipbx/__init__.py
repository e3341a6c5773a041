"""SiPbx (NetSapiens API v2) provider plugin for telephony-core."""

from collections.abc import Callable

from telephony_core import hookimpl
from telephony_core.provider import Provider
from telephony_core.sandbox import Emulator
from telephony_sipbx.emulator import SipbxEmulator
from telephony_sipbx.provider import SipbxProvider

__all__ = ["SipbxEmulator", "SipbxProvider"]


@hookimpl
def telephony_register_providers(register: Callable[[type[Provider]], None]) -> None:
    register(SipbxProvider)


@hookimpl
def telephony_register_sandboxes(register: Callable[[type[Emulator]], None]) -> None:
    register(SipbxEmulator)
