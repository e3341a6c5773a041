"""Twilio (Programmable Voice SIP and subaccounts, REST API 2010-04-01) provider plugin."""

from collections.abc import Callable

from telephony_core import hookimpl
from telephony_core.provider import Provider
from telephony_core.sandbox import Emulator
from telephony_twilio.emulator import TwilioEmulator
from telephony_twilio.provider import TwilioProvider

__all__ = ["TwilioEmulator", "TwilioProvider"]


@hookimpl
def telephony_register_providers(register: Callable[[type[Provider]], None]) -> None:
    register(TwilioProvider)


@hookimpl
def telephony_register_sandboxes(register: Callable[[type[Emulator]], None]) -> None:
    register(TwilioEmulator)
