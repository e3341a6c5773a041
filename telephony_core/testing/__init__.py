"""The plugin-author kit: what a provider plugin's tests need.

- the pytest plugin (`telephony_core.testing.plugin`, entry point `pytest11`, loaded by pytest
  wherever telephony-core is installed): sandbox and cassette clients, the vcrpy configuration
  of each provider, and `--telephony-record`;
- `ConformanceSuite` (`telephony_core.testing.conformance`): the suite every provider plugin
  must pass;
- cassettes: `cassette_leaks` (secrets a cassette would keep), `emulator_mismatches` (the
  emulator checked against recorded interactions), `interactions`, `Scrubber` and
  `CASSETTE_MASK` (masking secrets in recorded interactions);
- clients whose settings never come from the environment: `sandbox_client`,
  `async_sandbox_client`, `isolated_client`;
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
    from telephony_core.testing.conformance import ConformanceSuite
    from telephony_core.testing.scrub import CASSETTE_MASK, Scrubber
    from telephony_core.testing.served import served_sandbox

_MODULES = {
    "cassette_leaks": "telephony_core.testing.cassettes",
    "emulator_mismatches": "telephony_core.testing.cassettes",
    "interactions": "telephony_core.testing.cassettes",
    "async_sandbox_client": "telephony_core.testing.clients",
    "isolated_client": "telephony_core.testing.clients",
    "sandbox_client": "telephony_core.testing.clients",
    "ConformanceSuite": "telephony_core.testing.conformance",
    "CASSETTE_MASK": "telephony_core.testing.scrub",
    "Scrubber": "telephony_core.testing.scrub",
    "served_sandbox": "telephony_core.testing.served",
}

__getattr__, __dir__ = lazy_names(globals(), _MODULES)

__all__ = [
    "CASSETTE_MASK",
    "ConformanceSuite",
    "Scrubber",
    "async_sandbox_client",
    "cassette_leaks",
    "emulator_mismatches",
    "interactions",
    "isolated_client",
    "sandbox_client",
    "served_sandbox",
]
