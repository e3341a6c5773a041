"""Secrets never leak: not in reprs, str, DEBUG logs, exceptions or dry-run reprs."""

from __future__ import annotations

import logging
import pickle

import httpx
import pytest

import telephony_core as tel
from tests.conftest import Scripted

TOKEN = "tok-9f8e7d6c5b4a"
PASSWORD = "NewSecurePassword456!"


def test_secret_masks_itself() -> None:
    secret = tel.Secret(PASSWORD)
    for text in (repr(secret), str(secret), f"{secret}", f"{secret!r}", "%s" % secret):
        assert PASSWORD not in text
    assert secret.reveal() == PASSWORD
    assert secret == tel.Secret(PASSWORD)
    assert secret != tel.Secret("other")
    assert pickle.loads(pickle.dumps(secret)) == secret


def test_models_hide_secrets() -> None:
    device = tel.Device(id="1", password=PASSWORD, provisioning_password=PASSWORD)
    tenant = tel.Tenant(id="SA", auth_token=TOKEN)
    for text in (repr(device), str(device), repr(tenant), str(tenant)):
        assert PASSWORD not in text and TOKEN not in text
    assert isinstance(device.password, tel.Secret)


@pytest.mark.parametrize("status", [202, 400, 401, 500])
def test_nothing_secret_in_logs_errors_or_reprs(
    status: int, scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    # A vendor that echoes what it was sent in its error body must not leak it either.
    scripted.reply(
        status,
        {"error": f"bad password {PASSWORD} for token {TOKEN}", "details": {"password": PASSWORD}},
    )
    caplog.set_level(logging.DEBUG)
    client = tel.connect(
        "vobiz", auth_id="MA_X", auth_token=TOKEN, transport=scripted.transport, retries=0
    )
    texts = [repr(client), repr(client.provider.config)]
    try:
        result = client.devices.update("87654321", password=PASSWORD)
        texts += [repr(result), str(result)]
    except tel.TelephonyError as exc:
        texts += [
            str(exc),
            repr(exc),
            exc.body_excerpt or "",
            repr(getattr(exc, "field_errors", "")),
        ]
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(record.args) for record in caplog.records]
    assert caplog.records  # the exchange was logged at DEBUG
    for text in texts:
        assert TOKEN not in text, text
        assert PASSWORD not in text, text


def test_wire_request_repr_masks_secrets(scripted: Scripted) -> None:
    seen: list[tel.WireRequest] = []

    class Spy:
        @tel.hookimpl
        def telephony_before_send(self, request: tel.WireRequest, provider: object) -> None:
            seen.append(request)

    from telephony_core.plugins.registry import get_registry

    get_registry().add_plugin(Spy(), "spy")
    scripted.reply(202)
    client = tel.connect("vobiz", auth_id="MA_X", auth_token=TOKEN, transport=scripted.transport)
    client.devices.update("1", password=PASSWORD)
    assert PASSWORD not in repr(seen[0]) and TOKEN not in repr(seen[0])
    assert PASSWORD.encode() in (seen[0].body or b"")


def test_transport_error_message_has_no_secret() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout(
            f"timed out sending {request.headers['X-Auth-Token']}", request=request
        )

    client = tel.connect(
        "vobiz", auth_id="MA_X", auth_token=TOKEN, transport=httpx.MockTransport(fail), retries=0
    )
    with pytest.raises(tel.TransportError, match="timed out") as info:
        client.devices.update("1", password=PASSWORD)
    assert TOKEN not in str(info.value) and PASSWORD not in str(info.value)
