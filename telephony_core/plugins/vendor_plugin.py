"""`VendorPlugin`: the plugin object of a vendor that offers one provider and its emulator,
so that a plugin package needs no hook functions of its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from telephony_core.plugins.hooks import hookimpl

if TYPE_CHECKING:
    from telephony_core.sandbox import Emulator
    from telephony_core.translate.provider import Provider


class VendorPlugin:
    """Registers `provider` and `emulator`. In the plugin package,
    `plugin = VendorPlugin(AcmeProvider, AcmeEmulator)`, and in its pyproject.toml
    `[project.entry-points.telephony] acme = "telephony_acme:plugin"`."""

    def __init__(self, provider: type[Provider], emulator: type[Emulator]) -> None:
        self.provider = provider
        self.emulator = emulator

    @hookimpl
    def telephony_register_providers(self, register: Callable[[type[Provider]], None]) -> None:
        register(self.provider)

    @hookimpl
    def telephony_register_sandboxes(self, register: Callable[[type[Emulator]], None]) -> None:
        register(self.emulator)
