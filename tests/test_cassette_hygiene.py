"""Cassettes never hold credentials: every cassette of every provider is checked with the
kit's leak check, and the kit's scrubber masks what each provider declares secret."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from telephony_sipbx import SipbxProvider
from telephony_vobiz import VobizProvider
from telephony_voipappz import VoipappzProvider

from telephony_core.plugins.registry import get_registry
from telephony_core.testing.cassettes import cassette_leaks
from telephony_core.testing.scrub import CASSETTE_MASK, Scrubber
from tests.conftest import CASSETTES

TOKEN = "tok-live-9f8e7d6c5b4a3f2e"
SUB_TOKEN = "sub-live-1a2b3c4d5e6f7a8b"
CASSETTE_FILES = sorted(CASSETTES.rglob("*.yaml"))


def _provider(path: Path) -> str:
    """`cassettes/<provider>/[<folder>/]<test>.yaml`: the provider's name."""
    return path.relative_to(CASSETTES).parts[0]


def test_there_are_cassettes_of_every_built_in_provider() -> None:
    assert {_provider(path) for path in CASSETTE_FILES} == {
        "vobiz",
        "sipbx",
        "voipappz",
        "twilio",
        "plivo",
        "telnyx",
    }


@pytest.mark.parametrize(
    "path", CASSETTE_FILES, ids=lambda p: str(p.relative_to(CASSETTES).with_suffix(""))
)
def test_cassette_is_free_of_credentials(path: Path) -> None:
    """Secret headers hold the mask, and so does every secret query parameter and body field
    (`auth_token`, `password`, `device-sip-registration-password`, ...)."""
    provider = get_registry().provider(_provider(path))
    assert cassette_leaks(path, provider) == []


def test_the_leak_check_finds_what_is_not_masked(tmp_path: Path) -> None:
    source = (CASSETTES / "vobiz" / "test_update_password.yaml").read_text()
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(
        source.replace(f"- {CASSETTE_MASK}", f"- {TOKEN}").replace(
            f'"password": "{CASSETTE_MASK}"', '"password": "NewSecurePassword456!"'
        )
    )
    problems = cassette_leaks(leaky, VobizProvider, secrets=[TOKEN])
    assert problems == [
        "leaky.yaml: secret #1 appears in the file",
        "leaky.yaml, interaction 1: request header X-Auth-Token is not masked",
        "leaky.yaml, interaction 1: a secret field of the request body is not masked",
    ]
    assert all(TOKEN not in line for line in problems)


def test_scrub_masks_tokens_and_passwords_and_keeps_the_rest() -> None:
    reply = (
        b'{"id": "SA_1", "parent_auth_id": "MA_1", "parent_auth_id": "MA_2",'
        b' "auth_token": "' + SUB_TOKEN.encode() + b'", "nested": [{"sip_password": "pw-1"}],'
        b' "Token": "t-2", "rate_limit": 750, "auth_credentials": {"auth_token": null}}'
    )
    scrubbed = Scrubber().body(reply)
    assert SUB_TOKEN.encode() not in scrubbed and b"pw-1" not in scrubbed
    assert b"t-2" not in scrubbed
    pairs = json.loads(scrubbed, object_pairs_hook=lambda p: p)
    assert pairs[:4] == [
        ("id", "SA_1"),
        ("parent_auth_id", "MA_1"),
        ("parent_auth_id", "MA_2"),  # a repeated key survives scrubbing
        ("auth_token", CASSETTE_MASK),
    ]
    assert ("rate_limit", 750) in pairs


def test_scrub_masks_form_encoded_secrets() -> None:
    scrub = Scrubber().body
    assert scrub(b"name=Ann&password=hunter22&enabled=true") == (
        b"name=Ann&password=%3Credacted%3E&enabled=true"
    )
    assert scrub("action=status&type=on_break") == "action=status&type=on_break"


def test_scrub_keeps_error_messages_about_secret_fields() -> None:
    scrub = Scrubber().body
    error = '{"error": "invalid request parameters", "details": {"password": "too short"}}'
    assert scrub(error) == error
    assert scrub("<html>not json</html>") == "<html>not json</html>"
    assert scrub(b"") == b""
    assert scrub(None) is None
    assert scrub(b"\xff\xfe binary") == b"\xff\xfe binary"


def test_scrub_response_masks_secret_headers_and_body() -> None:
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"Set-Cookie": ["session=abc"], "Content-Type": ["application/json"]},
        "body": {"string": b'{"auth_token": "' + TOKEN.encode() + b'"}'},
    }
    scrubbed = Scrubber().response(response)
    assert scrubbed["headers"] == {
        "Set-Cookie": [CASSETTE_MASK],
        "Content-Type": ["application/json"],
    }
    assert scrubbed["body"]["string"] == b'{"auth_token": "<redacted>"}'


def test_each_provider_declares_its_auth_header() -> None:
    vobiz, sipbx = Scrubber.for_provider(VobizProvider), Scrubber.for_provider(SipbxProvider)
    assert vobiz.is_secret_header("X-Auth-Token") and not vobiz.is_secret_header("X-Auth-ID")
    assert sipbx.is_secret_header("authorization")
    assert not Scrubber().is_secret_header("X-Auth-Token")  # Vobiz's own: declared there


def test_secret_settings_are_secret_fields_in_queries_and_bodies() -> None:
    """voipappz's setting is `token`: as a query parameter or body key it is masked."""
    scrubber = Scrubber.for_provider(VoipappzProvider)
    assert scrubber.uri("https://h.example/api/users?token=abc&page=2") == (
        "https://h.example/api/users?token=%3Credacted%3E&page=2"
    )
    assert (
        scrubber.uri("https://h.example/api/users?page=2") == "https://h.example/api/users?page=2"
    )


def test_declared_secret_fields_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(VobizProvider, "secret_fields", frozenset({"pin"}))
    scrubber = Scrubber.for_provider(VobizProvider)
    assert scrubber.body('{"pin": "4321", "name": "x"}') == '{"pin": "<redacted>", "name": "x"}'
    assert scrubber.uri("https://h.example/p?pin=4321") == "https://h.example/p?pin=%3Credacted%3E"


def test_known_secret_values_are_masked_anywhere() -> None:
    """A recording run knows its credentials: masked in any header, the URL and bodies,
    plain or URL-encoded."""
    scrubber = Scrubber(values=["s3cr3t/value!"])
    request = SimpleNamespace(
        headers={"X-Custom": "key s3cr3t/value!", "Accept": "*/*"},
        uri="https://h.example/p?k=s3cr3t%2Fvalue%21",
        body=b'{"note": "s3cr3t/value!"}',
    )
    scrubber.request(request)
    assert request.headers == {"X-Custom": f"key {CASSETTE_MASK}", "Accept": "*/*"}
    assert "s3cr3t" not in request.uri
    assert request.body == b'{"note": "<redacted>"}'


# Round 3: a reply that is not UTF-8, and secrets the vendor echoes back.
ECHOED = "Echoed/Passw0rd+1"


def test_a_reply_that_is_not_utf8_is_scrubbed_too() -> None:
    scrubber = Scrubber(values=[TOKEN])
    body = b"\xff oops " + TOKEN.encode() + b' {"auth_token": "' + SUB_TOKEN.encode() + b'"}'
    scrubbed = scrubber.body(body)
    assert TOKEN.encode() not in scrubbed and SUB_TOKEN.encode() not in scrubbed
    assert scrubbed.startswith(b"\xff oops ")  # the rest stays byte for byte
    json_body = b'{"note": "caf\xe9", "auth_token": "' + SUB_TOKEN.encode() + b'"}'
    scrubbed = scrubber.body(json_body)
    assert SUB_TOKEN.encode() not in scrubbed and b"caf\xe9" in scrubbed


def _recorded(scrubber: Scrubber, request_body: bytes, reply: bytes, **headers: str) -> Any:
    request = SimpleNamespace(
        headers={"Content-Type": "application/json"},
        uri="https://h.example/v1/endpoints",
        body=request_body,
    )
    scrubber.request(request)
    response = {
        "status": {"code": 201, "message": "Created"},
        "headers": {name: [value] for name, value in headers.items()},
        "body": {"string": reply},
    }
    return request, scrubber.response(response)


def test_a_password_the_vendor_echoes_back_is_masked_in_the_reply() -> None:
    scrubber = Scrubber.for_provider(VobizProvider)
    sent = json.dumps({"username": "desk", "password": ECHOED}).encode()
    reply = json.dumps({"username": "desk", "message": f"created with {ECHOED}"}).encode()
    request, response = _recorded(scrubber, sent, reply, X_Echo=f"pw={quote(ECHOED)}")
    assert ECHOED.encode() not in request.body
    assert ECHOED.encode() not in response["body"]["string"]
    assert quote(ECHOED) not in response["headers"]["X_Echo"][0]
    assert b"created with <redacted>" in response["body"]["string"]


def test_a_form_password_echoed_in_any_spelling_is_masked() -> None:
    scrubber = Scrubber.for_provider(VobizProvider)
    sent = urlencode({"Username": "desk", "Password": ECHOED}).encode()
    reply = b'{"note": "' + ECHOED.replace("/", "\\/").encode() + b'"}'
    _, response = _recorded(scrubber, sent, reply)
    assert b"Echoed" not in response["body"]["string"]


def test_known_secrets_are_masked_in_any_spelling() -> None:
    scrubber = Scrubber(values=[ECHOED])
    lower = re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), quote(ECHOED, safe=""))
    assert ECHOED not in scrubber.uri(f"https://h.example/p?k={lower}")
    assert scrubber.text(f"<p>{''.join(f'&#{ord(c)};' for c in ECHOED)}</p>") == (
        f"<p>{CASSETTE_MASK}</p>"
    )


def test_the_leak_check_finds_a_secret_in_any_spelling(tmp_path: Path) -> None:
    cassette = tmp_path / "spelled.yaml"
    lower = re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), quote(ECHOED, safe=""))
    cassette.write_text(f"interactions: []\n# {lower}\n")
    assert cassette_leaks(cassette, VobizProvider, [ECHOED]) == [
        "spelled.yaml: secret #1 appears in the file"
    ]
