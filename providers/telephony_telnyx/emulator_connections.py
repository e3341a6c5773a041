"""The Telnyx sandbox's connections: credential connections (devices) and the IPs of IP
connections (access rules), with the rules of the OpenAPI description.

Credential connections: `user_name` 4 to 32 letters and digits with a letter among the first
five, unique across the sandbox ("user_name has already been taken", as the acceptance
example of docs/telnyx.md quotes it); `password` 8 to 128 characters; `connection_name`
required at create. IPs: `ip_address` a single address (a network is refused), `port`
1..65535 (default 5060), `connection_id` an IP connection of the account.
"""

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from telephony_core.sandbox import EmuRequest, EmuResponse, route
from telephony_telnyx.base import ANCHORSITES, DTMF_TYPES
from telephony_telnyx.emulator_base import (
    API,
    BOOL,
    INT,
    MISSING_ASSOCIATION,
    OBJECT,
    TAGS,
    TEXT,
    URL,
    Check,
    TelnyxEmulatorBase,
    data,
    invalid,
    not_found,
    one_of,
)

_USER_NAME = re.compile(r"[A-Za-z0-9]{4,32}")
_SETTINGS: Mapping[str, Check] = {
    "active": BOOL,
    "anchorsite_override": one_of(*ANCHORSITES),
    "sip_uri_calling_preference": one_of("disabled", "unrestricted", "internal"),
    "default_on_hold_comfort_noise_enabled": BOOL,
    "dtmf_type": one_of(*DTMF_TYPES),
    "encode_contact_header_enabled": BOOL,
    "encrypted_media": one_of("SRTP"),
    "onnet_t38_passthrough_enabled": BOOL,
    "ios_push_credential_id": TEXT,
    "android_push_credential_id": TEXT,
    "webhook_event_url": URL,
    "webhook_event_failover_url": URL,
    "webhook_api_version": one_of("1", "2", "texml"),
    "webhook_timeout_secs": INT,
    "call_cost_in_webhooks": BOOL,
    "tags": TAGS,
    "rtcp_settings": OBJECT,
    "inbound": OBJECT,
    "outbound": OBJECT,
    "noise_suppression": one_of("inbound", "outbound", "both", "disabled"),
    "noise_suppression_details": OBJECT,
    "jitter_buffer": OBJECT,
}
CONNECTION_KEYS: Mapping[str, Check] = {
    **_SETTINGS,
    "user_name": TEXT,
    "password": TEXT,
    "connection_name": TEXT,
}
_IP_KEYS: Mapping[str, Check] = {"connection_id": TEXT, "ip_address": TEXT, "port": INT}
DEFAULT_PORT = 5060


def new_connection(id: str, created: str, **values: Any) -> dict[str, Any]:
    """A credential connection as Telnyx shows it, with its defaults."""
    return {
        "id": id,
        "record_type": "credential_connection",
        "active": True,
        "anchorsite_override": "Latency",
        "sip_uri_calling_preference": "disabled",
        "default_on_hold_comfort_noise_enabled": False,
        "dtmf_type": "RFC 2833",
        "encode_contact_header_enabled": False,
        "encrypted_media": None,
        "onnet_t38_passthrough_enabled": False,
        "webhook_api_version": "1",
        "webhook_timeout_secs": None,
        "call_cost_in_webhooks": False,
        "tags": [],
        "created_at": created,
        "updated_at": created,
        **values,
    }


def new_ip(
    id: str, connection_id: str | None, address: str, port: int, created: str
) -> dict[str, Any]:
    """An IP as Telnyx shows it."""
    return {
        "id": id,
        "record_type": "ip",
        "connection_id": connection_id,
        "ip_address": address,
        "port": port,
        "created_at": created,
        "updated_at": created,
    }


class ConnectionsEmulator(TelnyxEmulatorBase):
    """Credential connections and IPs."""

    # Credential connections.
    def taken(self, user_name: str, but: str | None = None) -> bool:
        """Whether some connection of the sandbox (any account) has `user_name`: user names
        are globally unique and case-insensitive."""
        return any(
            str(connection.get("user_name")).lower() == user_name.lower() and id != but
            for account in self.accounts.values()
            for id, connection in account.credential_connections.items()
        )

    def checked_connection(
        self, request: EmuRequest, *, create: bool, id: str | None = None
    ) -> dict[str, Any]:
        required = ("user_name", "password", "connection_name") if create else ()
        body = self.body(request, CONNECTION_KEYS, required)
        user_name = body.get("user_name")
        if user_name is not None:
            if not _USER_NAME.fullmatch(user_name) or not any(c.isalpha() for c in user_name[:5]):
                raise invalid(
                    "user_name",
                    "user_name must be 4-32 characters long and alphanumeric values only, "
                    "with at least one letter among the first 5 characters",
                )
            if self.taken(user_name, but=id):
                raise invalid("user_name", "user_name has already been taken")
        password = body.get("password")
        if password is not None and not 8 <= len(password) <= 128:
            raise invalid("password", "password must be 8 to 128 characters long")
        return body

    def credential_connection(self, request: EmuRequest, id: str) -> dict[str, Any]:
        found = self.account(request).credential_connections.get(id)
        if found is None:
            raise not_found()
        return found

    @route("GET", API + "/credential_connections")
    def list_credential_connections(self, request: EmuRequest) -> EmuResponse:
        items = list(self.account(request).credential_connections.values())
        contains = request.arg("filter[connection_name][contains]")
        if contains is not None:
            items = [c for c in items if contains.lower() in str(c.get("connection_name")).lower()]
        return self.page(request, items)

    @route("POST", API + "/credential_connections")
    def create_credential_connection(self, request: EmuRequest) -> EmuResponse:
        body = self.checked_connection(request, create=True)
        connection = new_connection(self.connection_id(), self.now(), **body)
        self.account(request).credential_connections[connection["id"]] = connection
        return data(connection, 201)

    @route("GET", API + "/credential_connections/{id}")
    def get_credential_connection(self, request: EmuRequest, id: str) -> EmuResponse:
        return data(self.credential_connection(request, id))

    @route("PATCH", API + "/credential_connections/{id}")
    def update_credential_connection(self, request: EmuRequest, id: str) -> EmuResponse:
        connection = self.credential_connection(request, id)
        body = self.checked_connection(request, create=False, id=id)
        connection.update(body, updated_at=self.now())
        return data(connection)

    @route("DELETE", API + "/credential_connections/{id}")
    def delete_credential_connection(self, request: EmuRequest, id: str) -> EmuResponse:
        self.credential_connection(request, id)
        return data(self.account(request).credential_connections.pop(id))

    # IPs.
    def ip(self, request: EmuRequest, id: str) -> dict[str, Any]:
        found = self.account(request).ips.get(id)
        if found is None:
            raise not_found()
        return found

    def checked_ip(self, request: EmuRequest) -> dict[str, Any]:
        body = self.body(request, _IP_KEYS, ("ip_address",))
        try:
            address = ipaddress.ip_address(body["ip_address"])
        except ValueError:
            raise invalid("ip_address", "ip_address must be an IP address") from None
        body["ip_address"] = str(address)
        port = body.get("port")
        if port is not None and not 1 <= port <= 65535:
            raise invalid("port", "port must be 1 to 65535")
        connection = body.get("connection_id")
        if connection is not None and connection not in self.account(request).ip_connections:
            raise invalid(
                "connection_id", "One of the associated fields does not exist.", MISSING_ASSOCIATION
            )
        return body

    @route("GET", API + "/ips")
    def list_ips(self, request: EmuRequest) -> EmuResponse:
        items = list(self.account(request).ips.values())
        items = self.matching(
            request, items, connection_id="connection_id", ip_address="ip_address", port="port"
        )
        return self.page(request, items)

    @route("POST", API + "/ips")
    def create_ip(self, request: EmuRequest) -> EmuResponse:
        body = self.checked_ip(request)
        port = body.get("port") or DEFAULT_PORT
        ip = new_ip(self.uuid(), body.get("connection_id"), body["ip_address"], port, self.now())
        self.account(request).ips[ip["id"]] = ip
        return data(ip, 201)

    @route("GET", API + "/ips/{id}")
    def get_ip(self, request: EmuRequest, id: str) -> EmuResponse:
        return data(self.ip(request, id))

    @route("PATCH", API + "/ips/{id}")
    def update_ip(self, request: EmuRequest, id: str) -> EmuResponse:
        ip = self.ip(request, id)
        body = self.checked_ip(request)
        ip.update({k: v for k, v in body.items() if v is not None}, updated_at=self.now())
        return data(ip)

    @route("DELETE", API + "/ips/{id}")
    def delete_ip(self, request: EmuRequest, id: str) -> EmuResponse:
        self.ip(request, id)
        return data(self.account(request).ips.pop(id))
