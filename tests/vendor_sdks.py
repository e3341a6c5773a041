"""Pointing the vendors' own SDKs at a served sandbox, as docs/guide.md shows: Twilio's by its
API domain's `base_url`; Plivo's and Vobiz's, which build URLs from constants of their own
modules, by a requests adapter on the SDK's session that sends what it addresses to the
vendor's host to the sandbox instead."""

from __future__ import annotations

from typing import Any

import plivo
import requests
import vobiz
from twilio.rest import Client as TwilioClient

from telephony_core.sandbox.server import SandboxServer

PLIVO_API = "https://api.plivo.com"
VOBIZ_API = "https://api.vobiz.ai"


class ToSandbox(requests.adapters.HTTPAdapter):
    """Sends each request for `vendor_root` to `sandbox_root` (the rest of its URL kept)."""

    def __init__(self, vendor_root: str, sandbox_root: str) -> None:
        super().__init__()
        self.vendor_root, self.sandbox_root = vendor_root, sandbox_root

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        assert request.url is not None and request.url.startswith(self.vendor_root)
        request.url = self.sandbox_root + request.url.removeprefix(self.vendor_root)
        return super().send(request, **kwargs)


def credentials(server: SandboxServer, provider: str) -> dict[str, str]:
    """The sandbox credentials `GET /` of the server lists for `provider`."""
    found: dict[str, str] = server.index()["providers"][provider]["credentials"]
    return found


def twilio_client(server: SandboxServer, username: str = "", password: str = "") -> TwilioClient:
    """twilio-python on the sandbox account (or `username`/`password`: an API key, another
    account's SID and token)."""
    sandbox = credentials(server, "twilio")
    client = TwilioClient(
        username or sandbox["account_sid"],
        password or sandbox["auth_token"],
        account_sid=sandbox["account_sid"],
    )
    client.api.base_url = server.base_url("twilio")
    return client


def plivo_client(server: SandboxServer, auth_id: str = "", auth_token: str = "") -> Any:
    """plivo-python, by default on the sandbox account."""
    sandbox = credentials(server, "plivo")
    client = plivo.RestClient(auth_id or sandbox["auth_id"], auth_token or sandbox["auth_token"])
    client.session.mount(PLIVO_API, ToSandbox(PLIVO_API, server.base_url("plivo")))
    return client


def vobiz_client(server: SandboxServer, auth_id: str = "", auth_token: str = "") -> Any:
    """vobiz-python, by default on the sandbox account."""
    sandbox = credentials(server, "vobiz")
    client = vobiz.RestClient(
        auth_id=auth_id or sandbox["auth_id"], auth_token=auth_token or sandbox["auth_token"]
    )
    client.session.mount(VOBIZ_API, ToSandbox(VOBIZ_API, server.base_url("vobiz")))
    return client
