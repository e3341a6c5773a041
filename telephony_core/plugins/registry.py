"""Finding plugins: lazy entry-point loading into a pluggy manager, failures isolated."""

from __future__ import annotations

import logging
import os
import threading
import warnings
from typing import TYPE_CHECKING

import pluggy

from telephony_core.errors import ConfigurationError, PluginLoadWarning
from telephony_core.plugins import hooks

if TYPE_CHECKING:
    from telephony_core.sandbox import Emulator
    from telephony_core.translate.provider import Provider

logger = logging.getLogger("telephony_core.plugins")

ENTRY_POINT_GROUP = "telephony"
ONLY_ENV = "TELEPHONY_PLUGINS"


class Registry:
    """The loaded plugins, and the providers and sandboxes they registered.

    `failures` maps each plugin that could not be loaded or registered to the reason.
    """

    def __init__(self) -> None:
        self.manager = pluggy.PluginManager(hooks.PROJECT)
        self.manager.add_hookspecs(hooks)
        self.providers: dict[str, type[Provider]] = {}
        self.sandboxes: dict[str, type[Emulator]] = {}
        self.failures: dict[str, str] = {}
        #: Installed plugins left out because `$TELEPHONY_PLUGINS` does not name them.
        self.left_out: set[str] = set()

    def load_entry_points(self) -> None:
        """Import the plugins of the `telephony` group (only those in `$TELEPHONY_PLUGINS`;
        a name there that no installed plugin has is reported as a failure)."""
        from importlib.metadata import entry_points  # slow to import; needed once, here

        only_value = os.environ.get(ONLY_ENV, "").strip()
        only = {n.strip() for n in only_value.split(",") if n.strip()} if only_value else None
        installed = entry_points(group=ENTRY_POINT_GROUP)
        for name in sorted((only or set()) - set(installed.names)):
            known = ", ".join(sorted(installed.names)) or "none"
            self._fail(
                name,
                f"{ONLY_ENV} names it, but no installed plugin is called that (installed: {known})",
            )
        for ep in installed:
            if only is not None and ep.name not in only:
                self.left_out.add(ep.name)
                continue
            if self.manager.has_plugin(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                self._fail(ep.name, f"import failed: {type(exc).__name__}: {exc}")
                continue
            self.add_plugin(plugin, ep.name)

    def add_plugin(self, plugin: object, name: str) -> None:
        """Register one plugin object and collect what it offers; its failures are isolated."""
        try:
            self.manager.register(plugin, name=name)
        except Exception as exc:
            self._fail(name, f"registration failed: {exc}")
            return
        self._collect(name, "telephony_register_providers", self._add_provider)
        self._collect(name, "telephony_register_sandboxes", self._add_sandbox)

    def remove_plugin(self, name: str) -> None:
        """Unregister the plugin `add_plugin` registered as `name`, and forget the providers
        and emulators it offered (a test's plugin, installed for the test only)."""
        plugin = self.manager.get_plugin(name)
        if plugin is None:
            return
        providers: list[type[Provider]] = []
        sandboxes: list[type[Emulator]] = []
        self._collect(name, "telephony_register_providers", providers.append)
        self._collect(name, "telephony_register_sandboxes", sandboxes.append)
        self.manager.unregister(plugin, name=name)
        for provider in providers:
            if self.providers.get(provider.name) is provider:
                del self.providers[provider.name]
        for emulator in sandboxes:
            if self.sandboxes.get(emulator.provider) is emulator:
                del self.sandboxes[emulator.provider]

    def _collect(self, name: str, hook_name: str, register: object) -> None:
        hook = getattr(self.manager.hook, hook_name)
        plugin = self.manager.get_plugin(name)
        for impl in hook.get_hookimpls():
            if impl.plugin is not plugin:
                continue
            try:
                impl.function(register=register)
            except Exception as exc:
                self._fail(name, f"{hook_name} failed: {type(exc).__name__}: {exc}")

    def _add_provider(self, provider: type[Provider]) -> None:
        self.providers.setdefault(provider.name, provider)

    def _add_sandbox(self, emulator: type[Emulator]) -> None:
        self.sandboxes.setdefault(emulator.provider, emulator)

    def _fail(self, name: str, reason: str) -> None:
        self.failures[name] = reason
        logger.warning("telephony plugin %r skipped: %s", name, reason)
        warnings.warn(
            f"telephony plugin {name!r} skipped: {reason}", PluginLoadWarning, stacklevel=4
        )

    def provider(self, name: str) -> type[Provider]:
        """The provider class called `name`, or a `ConfigurationError` listing those known."""
        try:
            return self.providers[name]
        except KeyError:
            known = ", ".join(sorted(self.providers)) or "none"
            reasons = []
            if name in self.failures:
                reasons.append(f"plugin {name!r} failed to load: {self.failures[name]}")
            if name in self.left_out:
                only = os.environ.get(ONLY_ENV, "")
                reasons.append(f"it is installed, but {ONLY_ENV}={only!r} leaves it out")
            reasons += [
                f"{ONLY_ENV} names {other!r}, which no installed plugin is called"
                for other, why in sorted(self.failures.items())
                if other != name and why.startswith(ONLY_ENV)
            ]
            raise ConfigurationError(
                f"unknown provider {name!r} (loaded: {known})"
                + "".join(f"; {reason}" for reason in reasons)
            ) from None

    def sandbox(self, name: str) -> type[Emulator]:
        """The emulator class for provider `name`."""
        try:
            return self.sandboxes[name]
        except KeyError:
            raise ConfigurationError(f"provider {name!r} has no sandbox emulator") from None


_registry: Registry | None = None
_lock = threading.Lock()


def get_registry() -> Registry:
    """The process-wide registry, loaded from entry points on first use."""
    global _registry
    with _lock:
        if _registry is None:
            registry = Registry()
            registry.load_entry_points()
            _registry = registry
        return _registry


def reset_registry() -> None:
    """Forget the loaded plugins; the next `get_registry()` loads them again."""
    global _registry
    with _lock:
        _registry = None
