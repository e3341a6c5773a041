"""The plugin-author kit: what a provider plugin's tests need.

- the pytest plugin (`telephony_core.testing.plugin`, entry point `pytest11`, loaded by pytest
  wherever telephony-core is installed): sandbox and cassette clients, the vcrpy configuration
  of each provider, and `--telephony-record`;
- `ConformanceSuite` (`telephony_core.testing.conformance`): the suite every provider plugin
  must pass, `Cassettes` (where its recorded cassettes are), `checks` (the same checks as
  plain functions) and `ConformanceError`;
- cassettes: `cassette_leaks` (secrets a cassette would keep), `emulator_mismatches` (the
  emulator checked against recorded interactions), `interactions`, `Scrubber` and
  `CASSETTE_MASK` (masking secrets in recorded interactions);
- clients whose settings never come from the environment: `sandbox_client`,
  `async_sandbox_client`, `isolated_client`;
- `installed_plugin(plugin, name)`: a plugin (hook implementations) installed for one test;
- `served_sandbox`: every installed emulator served over HTTP on loopback, for tests of code
  written with a vendor's own SDK.

Names load on first use: the pytest plugin does not import vcrpy or hypothesis until a test
needs them. See docs/plugins.md for a walk-through.
"""

from typing import TYPE_CHECKING

from telephony_core.lazy import lazy_names

if TYPE_CHECKING:
    from telephony_core.testing.cassettes import cassette_leaks, emulator_mismatches, interactions
    from telephony_core.testing.clients import async_sandbox_client, isolated_client, sandbox_client
    from telephony_core.testing.conformance import (
        Cassettes,
        ConformanceError,
        ConformanceSuite,
        checks,
    )
    from telephony_core.testing.installed import installed_plugin
    from telephony_core.testing.scrub import CASSETTE_MASK, Scrubber
    from telephony_core.testing.served import served_sandbox

_MODULES = {
    "cassette_leaks": "telephony_core.testing.cassettes",
    "emulator_mismatches": "telephony_core.testing.cassettes",
    "interactions": "telephony_core.testing.cassettes",
    "async_sandbox_client": "telephony_core.testing.clients",
    "isolated_client": "telephony_core.testing.clients",
    "sandbox_client": "telephony_core.testing.clients",
    "Cassettes": "telephony_core.testing.conformance",
    "ConformanceError": "telephony_core.testing.conformance",
    "ConformanceSuite": "telephony_core.testing.conformance",
    "checks": "telephony_core.testing.conformance",
    "installed_plugin": "telephony_core.testing.installed",
    "CASSETTE_MASK": "telephony_core.testing.scrub",
    "Scrubber": "telephony_core.testing.scrub",
    "served_sandbox": "telephony_core.testing.served",
}

__getattr__, __dir__ = lazy_names(globals(), _MODULES)

__all__ = [
    "CASSETTE_MASK",
    "Cassettes",
    "ConformanceError",
    "ConformanceSuite",
    "Scrubber",
    "async_sandbox_client",
    "cassette_leaks",
    "checks",
    "emulator_mismatches",
    "installed_plugin",
    "interactions",
    "isolated_client",
    "sandbox_client",
    "served_sandbox",
]
