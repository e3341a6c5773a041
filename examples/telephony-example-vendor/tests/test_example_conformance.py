"""Example Phones passes the conformance suite of telephony-core's plugin-author kit."""

from telephony_core.testing import Cassettes, ConformanceSuite


class TestExampleConformance(ConformanceSuite):
    provider = "example"
    # The emulator is also checked against cassettes/example/, recorded at this address (a
    # sandbox served for the purpose: tests/test_example_cassettes.py says how).
    cassettes = Cassettes(recorded_at="http://127.0.0.1:8765/example")
