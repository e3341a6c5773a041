"""Telnyx (API v2: credential connections, IPs, managed accounts, TeXML applications and
phone numbers) provider plugin."""

from telephony_core import VendorPlugin
from telephony_telnyx.emulator import TelnyxEmulator
from telephony_telnyx.provider import TelnyxProvider

__all__ = ["TelnyxEmulator", "TelnyxProvider", "plugin"]

#: The entry point of the `telephony` group: `telnyx = "telephony_telnyx:plugin"`.
plugin = VendorPlugin(TelnyxProvider, TelnyxEmulator)
