"""Every emulator checks credentials as its vendor does: `sandbox=True` works with no
credentials given (the sandbox supplies its own), and a wrong secret is a 401, so that an
application's `AuthenticationError` handling can be tested on any sandbox."""

from __future__ import annotations

import pytest

import telephony_core as tel
from telephony_core.plugins.registry import get_registry

BUILT_IN = ("vobiz", "sipbx", "voipappz", "plivo", "telnyx")


def _example_call(client: tel.Client, provider: str) -> object:
    emulator = get_registry().sandbox(provider)
    resource, id = next(iter(emulator.examples.items()))
    return getattr(client, resource).get(id)


@pytest.mark.parametrize("provider", BUILT_IN)
def test_the_sandbox_supplies_its_own_credentials(provider: str) -> None:
    with tel.connect(provider, sandbox=True) as client:
        assert _example_call(client, provider) is not None


@pytest.mark.parametrize("provider", BUILT_IN)
def test_a_wrong_secret_is_refused_as_the_vendor_refuses_it(provider: str) -> None:
    secrets = [s.name for s in get_registry().provider(provider).settings if s.secret]
    assert secrets
    for name in secrets:
        with (
            tel.connect(provider, sandbox=True, **{name: "wrong-credential"}) as client,
            pytest.raises(tel.AuthenticationError, match=r"401 \(authentication failed"),
        ):
            _example_call(client, provider)
