"""SiPbx (NetSapiens API v2) provider plugin for telephony-core."""

from telephony_core import VendorPlugin
from telephony_sipbx.emulator import SipbxEmulator
from telephony_sipbx.provider import SipbxProvider

__all__ = ["SipbxEmulator", "SipbxProvider", "plugin"]

#: The entry point of the `telephony` group: `sipbx = "telephony_sipbx:plugin"`.
plugin = VendorPlugin(SipbxProvider, SipbxEmulator)
