"""Twilio (Programmable Voice SIP and subaccounts, REST API 2010-04-01) provider plugin."""

from telephony_core import VendorPlugin
from telephony_twilio.emulator import TwilioEmulator
from telephony_twilio.provider import TwilioProvider

__all__ = ["TwilioEmulator", "TwilioProvider", "plugin"]

#: The entry point of the `telephony` group: `twilio = "telephony_twilio:plugin"`.
plugin = VendorPlugin(TwilioProvider, TwilioEmulator)
