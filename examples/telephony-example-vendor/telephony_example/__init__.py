"""Example Phones: the worked example of a telephony-core provider plugin (docs/plugins.md).

The hooks register the provider and its emulator; the `telephony` entry point in
pyproject.toml makes telephony-core load this module.
"""

from collections.abc import Callable

from telephony_core import hookimpl
from telephony_core.sandbox import Emulator
from telephony_core.translate import Provider
from telephony_example.emulator import ExampleEmulator
from telephony_example.provider import ExampleProvider

__all__ = ["ExampleEmulator", "ExampleProvider"]


@hookimpl
def telephony_register_providers(register: Callable[[type[Provider]], None]) -> None:
    register(ExampleProvider)


@hookimpl
def telephony_register_sandboxes(register: Callable[[type[Emulator]], None]) -> None:
    register(ExampleEmulator)
