"""Cassettes never hold credentials: every cassette of every provider is checked, and a
recording run is shown to scrub auth headers and secret body fields before writing."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import vcr
import yaml
from telephony_vobiz import VobizEmulator

import telephony_core as tel
from telephony_core.sandbox import EmuRequest
from tests.conftest import (
    CASSETTE_MASK,
    CASSETTES,
    SECRET_HEADERS,
    cassette_settings,
    scrub_body,
    scrub_response,
)

TOKEN = "tok-live-9f8e7d6c5b4a3f2e"
SUB_TOKEN = "sub-live-1a2b3c4d5e6f7a8b"


def _bodies(interaction: dict[str, Any]) -> Iterator[str]:
    for body in (interaction["request"].get("body"), interaction["response"]["body"]["string"]):
        if isinstance(body, bytes):
            body = body.decode()
        if body:
            yield body


def test_cassettes_are_free_of_credentials() -> None:
    """Every cassette of every provider: auth headers are masked, and every secret-named
    JSON field (`auth_token`, `password`, ...) holds the mask: scrubbing changes nothing."""
    paths = list(CASSETTES.rglob("*.yaml"))
    assert paths, "no cassettes found"
    for path in paths:
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            for part in ("request", "response"):
                for name, values in interaction[part].get("headers", {}).items():
                    if name.lower() in SECRET_HEADERS:
                        assert all(v == CASSETTE_MASK for v in values), f"{path}: {name}"
            for body in _bodies(interaction):
                assert scrub_body(body) == body, f"{path}: a secret field is not masked"


def test_scrub_masks_tokens_and_passwords_and_keeps_the_rest() -> None:
    reply = (
        b'{"id": "SA_1", "parent_auth_id": "MA_1", "parent_auth_id": "MA_2",'
        b' "auth_token": "' + SUB_TOKEN.encode() + b'", "nested": [{"sip_password": "pw-1"}],'
        b' "Token": "t-2", "rate_limit": 750, "auth_credentials": {"auth_token": null}}'
    )
    scrubbed = scrub_body(reply)
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
    assert scrub_body(b"name=Ann&password=hunter22&enabled=true") == (
        b"name=Ann&password=%3Credacted%3E&enabled=true"
    )
    assert scrub_body("action=status&type=on_break") == "action=status&type=on_break"


def test_scrub_keeps_error_messages_about_secret_fields() -> None:
    error = '{"error": "invalid request parameters", "details": {"password": "too short"}}'
    assert scrub_body(error) == error
    assert scrub_body("<html>not json</html>") == "<html>not json</html>"
    assert scrub_body(b"") == b""
    assert scrub_body(None) is None


def test_scrub_response_masks_secret_headers_and_body() -> None:
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"Set-Cookie": ["session=abc"], "Content-Type": ["application/json"]},
        "body": {"string": b'{"auth_token": "' + TOKEN.encode() + b'"}'},
    }
    scrubbed = scrub_response(response)
    assert scrubbed["headers"] == {
        "Set-Cookie": [CASSETTE_MASK],
        "Content-Type": ["application/json"],
    }
    assert scrubbed["body"]["string"] == b'{"auth_token": "<redacted>"}'


class _EmulatorHandler(BaseHTTPRequestHandler):
    emulator = VobizEmulator()

    def _answer(self) -> None:
        target = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        reply = self.emulator.dispatch(
            EmuRequest(
                method=self.command,
                path=target.path,
                query=parse_qs(target.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length),
            )
        )
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_PUT = do_POST = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def loopback_vobiz() -> Iterator[str]:
    """The Vobiz emulator served over real HTTP on 127.0.0.1, for a recording run."""
    _EmulatorHandler.emulator = VobizEmulator()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmulatorHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_recording_run_writes_no_secret(loopback_vobiz: str, tmp_path: Path) -> None:
    """Record against a live (loopback) Vobiz: the written cassette has no token, password or
    sub-account token, and it replays."""
    settings = {**cassette_settings(), "record_mode": "all"}
    cassette = tmp_path / "recorded.yaml"
    _EmulatorHandler.emulator.subs("MA_REC")["SA_1"]["auth_token"] = SUB_TOKEN
    with vcr.VCR(**settings).use_cassette(str(cassette)):
        client = tel.connect("vobiz", auth_id="MA_REC", auth_token=TOKEN, base_url=loopback_vobiz)
        tenant = client.tenants.update("SA_1", rate_limit=750)
        client.devices.update("87654321", password="NewSecurePassword456!")
    assert tenant.auth_token == tel.Secret(SUB_TOKEN)  # the live reply carried it
    recorded = yaml.safe_load(cassette.read_text())["interactions"]
    texts = [body for interaction in recorded for body in _bodies(interaction)]
    texts += [repr(interaction["request"]["headers"]) for interaction in recorded]
    for secret in (TOKEN, SUB_TOKEN, "NewSecurePassword456!"):
        assert all(secret not in text for text in texts)
    reply = json.loads(recorded[0]["response"]["body"]["string"], object_pairs_hook=list)
    assert ("auth_token", CASSETTE_MASK) in reply
    assert [key for key, _ in reply].count("parent_auth_id") == 2

    # And it replays offline, the live password matched against the masked one.
    with vcr.VCR(**cassette_settings()).use_cassette(str(cassette)) as replay:
        client = tel.connect("vobiz", auth_id="MA_REC", auth_token=TOKEN, base_url=loopback_vobiz)
        assert client.tenants.update("SA_1", rate_limit=750).auth_token is None
        client.devices.update("87654321", password="AnotherPassword789!")
    assert replay.all_played
