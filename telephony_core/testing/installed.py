"""A plugin installed for one test: registered as an installed one is, then removed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from telephony_core.plugins.registry import get_registry


@contextmanager
def installed_plugin(plugin: object, name: str) -> Iterator[None]:
    """`plugin` (a module or object with `hookimpl` functions) installed as `name` meanwhile:
    its hooks run and the providers and emulators it registers can be connected to, as if it
    were an installed distribution's entry point; afterwards all of it is gone again."""
    registry = get_registry()
    registry.add_plugin(plugin, name)
    try:
        yield
    finally:
        registry.remove_plugin(name)
