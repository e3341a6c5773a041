"""The plugin-author kit: what a provider plugin's tests need.

- `telephony_core.testing.plugin`: the pytest plugin (entry point `pytest11`, loaded by
  pytest wherever telephony-core is installed): sandbox and cassette clients, the vcrpy
  configuration of each provider, and `--telephony-record`;
- `telephony_core.testing.scrub`: masking secrets in recorded interactions;
- `telephony_core.testing.cassettes`: cassette settings, leak checks, the emulator checked
  against cassettes;
- `telephony_core.testing.clients`: clients whose settings never come from the environment;
- `telephony_core.testing.conformance`: the suite every provider plugin must pass.

Only the plugin module imports pytest; see docs/plugins.md for a walk-through.
"""
