"""Dry runs: the vendor requests a call would send, validated as for real, nothing sent."""

from __future__ import annotations

import httpx
import pytest

import telephony_core as tel
from telephony_core.translate.dryrun import as_curl, as_dict

RULE = "c1d2e3f4-a5b6-7890-cdef-1234567890ab"
USER = "5d249180-a0e7-4ef0-8e50-95d822dca45d"
EXTENSION = "b773227d-ae9a-4d86-8273-d08915c27686"


def refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a dry run sent {request.method} {request.url}")


@pytest.fixture
def vobiz() -> tel.Client:
    return tel.connect(
        "vobiz", auth_id="MA_X", auth_token="tok-abcdef123", transport=httpx.MockTransport(refuse)
    )


def test_single_request_update(vobiz: tel.Client) -> None:
    result = vobiz.dry_run(
        "devices", "update", "87654321", name="Desk", password="NewSecurePassword456!"
    )
    assert result.complete
    [request] = result.requests
    shown = as_dict(request)
    assert shown == {
        "method": "POST",
        "url": "https://api.vobiz.ai/api/v1/Account/MA_X/Endpoint/87654321/",
        "headers": {
            "X-Auth-ID": "MA_X",
            "X-Auth-Token": "********",
            "Content-Type": "application/json",
        },
        "body": {"alias": "Desk", "password": "********"},
    }
    curl = as_curl(request)
    assert "tok-abcdef123" not in curl
    assert "NewSecurePassword456!" not in curl


def test_invalid_input_raises_as_for_the_real_call(vobiz: tel.Client) -> None:
    with pytest.raises(tel.ValidationError, match="password"):
        vobiz.dry_run("devices", "update", "87654321", password="short")
    with pytest.raises(tel.UnsupportedField):
        vobiz.dry_run("devices", "update", "87654321", srtp="required")
    with pytest.raises(tel.ValidationError, match="id"):
        vobiz.dry_run("devices", "update", "../x", name="x")
    with pytest.raises(TypeError, match="needs an id"):
        vobiz.dry_run("devices", "update", name="x")


def test_what_a_plan_refuses_before_its_first_request_is_raised() -> None:
    """A plan that checks its path (a Twilio SID, a SiPbx domain) refuses in a dry run too."""
    twilio, sipbx = tel.connect("twilio", sandbox=True), tel.connect("sipbx", sandbox=True)
    with pytest.raises(tel.ValidationError, match="SID"):
        twilio.dry_run("devices", "get", "CR123")
    with pytest.raises(tel.ValidationError, match="tenant"):
        sipbx.dry_run("devices", "get", "1001a", tenant="a" * 65)


def test_read_modify_write_shows_the_read_and_the_write_with_placeholders(
    vobiz: tel.Client,
) -> None:
    result = vobiz.dry_run("access_rules", "update", RULE, name="Main office - Building A")
    assert result.complete
    read, write = (as_dict(r, result.placeholders) for r in result.requests)
    assert (read["method"], read["url"]) == (
        "GET",
        "https://api.vobiz.ai/api/v1/Account/MA_X/trunks/ip-acl",
    )
    assert (write["method"], write["url"]) == (
        "PUT",
        f"https://api.vobiz.ai/api/v1/Account/MA_X/ip-acl/{RULE}",
    )
    assert write["body"] == {
        "name": "Main office - Building A",
        "ip_address": "<current ip_address>",
    }


def test_a_full_replace_given_both_fields_is_one_request(vobiz: tel.Client) -> None:
    result = vobiz.dry_run("access_rules", "update", RULE, cidr="10.40.50.0/24", name="DC")
    assert [r.method for r in result.requests] == ["PUT"]


def test_reads_and_deletes(vobiz: tel.Client) -> None:
    assert [r.method for r in vobiz.dry_run("devices", "get", "1").requests] == ["GET"]
    assert [r.method for r in vobiz.dry_run("devices", "delete", "1").requests] == ["DELETE"]
    listing = vobiz.dry_run("devices", "list")
    assert listing.complete
    assert listing.requests[0].query == (("limit", "20"), ("offset", "0"))


def test_every_action_of_a_multi_request_update_is_listed() -> None:
    client = tel.connect("voipappz", base_url="https://api.voipappz.io", token="tok-abcdef123")
    result = client.dry_run(
        "agents", "update", USER, extension_id=EXTENSION, state="on_break", state_reason="Lunch"
    )
    assert result.complete
    assert [as_dict(r)["url"] for r in result.requests] == [
        f"https://api.voipappz.io/api/users/{USER}?action=extension&extension_uuid={EXTENSION}",
        f"https://api.voipappz.io/api/users/{USER}?action=status&type=on_break&name=Lunch",
    ]
    assert all(as_dict(r)["headers"]["Authorization"] == "********" for r in result.requests)


def test_sipbx_dry_run_masks_the_bearer_token() -> None:
    client = tel.connect("sipbx", server="pbx.example.com", token="nsd_secret_token_value")
    result = client.dry_run(
        "devices", "update", "1001a", owner="1001", tenant="example.com", srtp="required"
    )
    shown = as_dict(result.requests[0])
    assert shown["headers"]["Authorization"] == "********"
    assert shown["body"] == {"device-srtp-enabled": "yes"}
    assert "nsd_secret_token_value" not in as_curl(result.requests[0])
