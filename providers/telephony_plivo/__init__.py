"""Plivo (REST API v1) provider plugin for telephony-core."""

from telephony_core import VendorPlugin
from telephony_plivo.emulator import PlivoEmulator
from telephony_plivo.provider import PlivoProvider

__all__ = ["PlivoEmulator", "PlivoProvider", "plugin"]

#: The entry point of the `telephony` group: `plivo = "telephony_plivo:plugin"`.
plugin = VendorPlugin(PlivoProvider, PlivoEmulator)
