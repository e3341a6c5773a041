"""voipappz (contact-centre platform) provider plugin for telephony-core: agent users."""

from telephony_core import VendorPlugin
from telephony_voipappz.emulator import VoipappzEmulator
from telephony_voipappz.provider import VoipappzProvider

__all__ = ["VoipappzEmulator", "VoipappzProvider", "plugin"]

#: The entry point of the `telephony` group: `voipappz = "telephony_voipappz:plugin"`.
plugin = VendorPlugin(VoipappzProvider, VoipappzEmulator)
