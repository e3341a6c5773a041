"""Vobiz (Plivo-style REST) provider plugin for telephony-core."""

from telephony_core import VendorPlugin
from telephony_vobiz.emulator import VobizEmulator
from telephony_vobiz.provider import VobizProvider

__all__ = ["VobizEmulator", "VobizProvider", "plugin"]

#: The entry point of the `telephony` group: `vobiz = "telephony_vobiz:plugin"`.
plugin = VendorPlugin(VobizProvider, VobizEmulator)
