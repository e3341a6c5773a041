"""The Telnyx sandbox: the sandbox account with the OpenAPI description's examples (a
credential connection, an IP connection and its IP, a TeXML application), one managed
account, and three numbers (one routed to the TeXML application, one to the credential
connection, one unrouted), kept in memory (one module per part of the API, `emulator_base`
for credentials)."""

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from telephony_telnyx.emulator_accounts import AccountsEmulator, new_managed_account
from telephony_telnyx.emulator_base import (
    SANDBOX_ACCOUNT,
    SANDBOX_IP_CONNECTION,
    Account,
)
from telephony_telnyx.emulator_connections import ConnectionsEmulator, new_connection, new_ip
from telephony_telnyx.emulator_numbers import (
    NumbersEmulator,
    new_phone_number,
    new_texml_application,
)

#: The ids and values of the OpenAPI description's examples (team-telnyx/openapi, 354b744).
SEEDED_CREDENTIAL_CONNECTION = "1293384261075731499"
SEEDED_IP = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"
SEEDED_TEXML_APPLICATION = "1293384261075731498"
SEEDED_MANAGED_ACCOUNT = "f65ceda4-6522-4ad6-aede-98de83385123"
SEEDED_MANAGED_API_KEY = "KEY01236170692E74656C6E79782E636F6D_YmlnIGlyb24gaXMgZGVhZA"
SEEDED_NUMBERS = {
    "1293384261075731401": ("+13125550100", SEEDED_TEXML_APPLICATION),
    "1293384261075731402": ("+13125550101", SEEDED_CREDENTIAL_CONNECTION),
    "1293384261075731403": ("+13125550102", None),
}
UNROUTED_NUMBER = "1293384261075731403"
_CREATED = "2018-02-02T22:25:27.521Z"  # the examples' time stamp


class TelnyxEmulator(ConnectionsEmulator, AccountsEmulator, NumbersEmulator):
    """In-memory Telnyx: credential connections, IPs, managed accounts, TeXML applications,
    phone numbers, available numbers and number orders."""

    examples: ClassVar[Mapping[str, str]] = {
        "devices": SEEDED_CREDENTIAL_CONNECTION,
        "access_rules": SEEDED_IP,
        "tenants": SEEDED_MANAGED_ACCOUNT,
        "applications": SEEDED_TEXML_APPLICATION,
        "numbers": UNROUTED_NUMBER,
    }
    seeded: ClassVar[Mapping[str, Sequence[str]]] = {
        "devices": (SEEDED_CREDENTIAL_CONNECTION,),
        "access_rules": (SEEDED_IP,),
        "ip_connections": (SANDBOX_IP_CONNECTION,),
        "tenants": (SEEDED_MANAGED_ACCOUNT,),
        "applications": (SEEDED_TEXML_APPLICATION,),
        "numbers": tuple(number for number, _ in SEEDED_NUMBERS.values()),
    }
    unknown_ids: ClassVar[Mapping[str, str]] = {
        "access_rules": "6a09cdc3-8948-47f0-aa62-74ac943d6c59",  # an IP id is a UUID
    }
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "devices": {
            "username": "alice42",
            "password": "Alice-Passw0rd-2026",
            "name": "Front desk",
            "enabled": False,
            "extra.anchorsite_override": "Chicago, IL",
            "extra.dtmf_type": "SIP INFO",
            "extra.sip_uri_calling_preference": "internal",
            "extra.webhook_event_url": "https://hooks.example.com/telnyx",
            "extra.tags": ["front-desk"],
        },
        "access_rules": {"cidr": "203.0.113.7", "extra.port": 5080},
        "tenants": {
            "name": "Billing Team",
            "email": "billing@example.com",
            "enabled": False,
            "extra.password": "Billing-Passw0rd-2026",
            "extra.managed_account_allow_custom_pricing": False,
            "extra.rollup_billing": True,
        },
        "applications": {
            "name": "Main IVR",
            "answer_url": "https://ivr.example.com/answer",
            "answer_method": "POST",
            "fallback_url": "https://ivr.example.com/fallback",
            "hangup_url": "https://ivr.example.com/status",
            "hangup_method": "POST",
            "extra.active": True,
            "extra.dtmf_type": "RFC 2833",
            "extra.first_command_timeout": False,
            "extra.first_command_timeout_secs": 20,
            "extra.tags": ["ivr"],
        },
        "numbers": {
            "number": "+14155550123",
            "application_id": SEEDED_TEXML_APPLICATION,
            "trunk_id": SEEDED_CREDENTIAL_CONNECTION,
            "extra.tags": ["main-line"],
            "extra.customer_reference": "MAIN LINE",
        },
    }

    def reset(self) -> None:
        super().reset()
        main = self.accounts[SANDBOX_ACCOUNT]
        main.credential_connections[SEEDED_CREDENTIAL_CONNECTION] = new_connection(
            SEEDED_CREDENTIAL_CONNECTION,
            _CREATED,
            user_name="myusername123",
            password="my123secure456password789",
            connection_name="my name",
        )
        main.ip_connections[SANDBOX_IP_CONNECTION] = {
            "id": SANDBOX_IP_CONNECTION,
            "record_type": "ip_connection",
            "active": True,
            "connection_name": "office-connection",
            "created_at": _CREATED,
            "updated_at": _CREATED,
        }
        main.ips[SEEDED_IP] = new_ip(
            SEEDED_IP, SANDBOX_IP_CONNECTION, "192.168.0.0", 5060, _CREATED
        )
        main.texml_applications[SEEDED_TEXML_APPLICATION] = new_texml_application(
            SEEDED_TEXML_APPLICATION,
            _CREATED,
            friendly_name="call-router",
            active=False,
            anchorsite_override="Amsterdam, Netherlands",
            dtmf_type="Inband",
            first_command_timeout=True,
            first_command_timeout_secs=10,
            voice_url="https://example.com",
            voice_fallback_url="https://fallback.example.com",
            voice_method="get",
            status_callback="https://example.com",
            status_callback_method="get",
            tags=["tag1", "tag2"],
        )
        for id, (number, routed_to) in SEEDED_NUMBERS.items():
            connection = main.connection(routed_to)
            main.phone_numbers[id] = new_phone_number(
                id, number, "US", "local", _CREATED, connection
            )
            self.inventory.hold(number, main.id)
        managed = new_managed_account(
            SEEDED_MANAGED_ACCOUNT,
            main,
            "user@example.com",
            "Example Company LLC",
            _CREATED,
            SEEDED_MANAGED_API_KEY,
            "x6oexQNHTs-fZ7-QsDMOeg",
        )
        managed["managed_account_allow_custom_pricing"] = True
        main.managed_accounts[SEEDED_MANAGED_ACCOUNT] = managed
        self.add_account(
            Account(SEEDED_MANAGED_ACCOUNT, "user@example.com", SEEDED_MANAGED_API_KEY)
        )
