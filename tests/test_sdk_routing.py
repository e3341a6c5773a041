"""plivo-python (the vendor's own SDK) against the served sandbox, for applications and phone
numbers: what an application built on the SDK sends (every argument's default included) gets
the answers the reference documents."""

from __future__ import annotations

import pytest
from plivo import exceptions

from telephony_core.sandbox.server import SandboxServer
from tests.vendor_sdks import plivo_client


@pytest.fixture
def server(telephony_served_sandbox: SandboxServer) -> SandboxServer:
    return telephony_served_sandbox


def test_plivo_applications(server: SandboxServer) -> None:
    sdk = plivo_client(server)
    created = sdk.applications.create(app_name="Main-IVR", answer_url="https://example.com/ivr")
    assert created.message == "created"
    app = sdk.applications.get(created.app_id)
    assert (app.app_name, app.answer_method, app.hangup_url) == (
        "Main-IVR",
        "POST",
        "https://example.com/ivr",
    )
    sdk.applications.update(created.app_id, answer_url="https://example.com/ivr2")
    assert sdk.applications.get(created.app_id).answer_url == "https://example.com/ivr2"
    names = [a.app_name for a in sdk.applications.list(app_name="Main-IVR").objects]
    assert names == ["Main-IVR"]
    sdk.applications.delete(created.app_id)
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.applications.get(created.app_id)


def test_plivo_numbers(server: SandboxServer) -> None:
    sdk = plivo_client(server)
    offers = sdk.numbers.search("US", type="local", pattern="415", limit=3)
    number = offers.objects[0].number
    assert number.startswith("1415") and offers.meta.limit == 3
    bought = sdk.numbers.buy(number, app_id="37961981447734951")
    assert bought.numbers[0].status == "Success"
    held = sdk.numbers.get(number)
    assert held.application.endswith("/Application/37961981447734951/")
    sdk.numbers.update(number, app_id="17248282830499840", alias="Trunk line")
    held = sdk.numbers.get(number)
    assert (held.alias, held.object_type, held.object_id) == (
        "Trunk line",
        "trunk",
        "17248282830499840",
    )
    assert number in [n.number for n in sdk.numbers.list(number_startswith=number[:4]).objects]
    sdk.numbers.delete(number)
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.numbers.get(number)
