"""Example Phones passes the conformance suite of telephony-core's plugin-author kit."""

from telephony_core.testing import ConformanceSuite


class TestExampleConformance(ConformanceSuite):
    provider = "example"
