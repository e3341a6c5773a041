"""The Twilio sandbox: the sandbox account with a credential list and an IP access control
list (each holding the API reference's example), an application, two phone numbers (one
routed to the application) and a trunk, and one subaccount, kept in memory (see
`emulator_base` for credentials; one module per part of the API)."""

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from telephony_twilio import sids
from telephony_twilio.emulator_accounts import AccountsEmulator
from telephony_twilio.emulator_applications import SEEDED_APPLICATION
from telephony_twilio.emulator_base import SANDBOX_ACCOUNT, SANDBOX_AUTH_TOKEN, new_account
from telephony_twilio.emulator_numbers import (
    SEEDED_NUMBER,
    SEEDED_ROUTED_NUMBER,
    SEEDED_TRUNK,
    NumbersEmulator,
)
from telephony_twilio.emulator_sip import SEEDED_CREDENTIAL, SEEDED_IP_ADDRESS, SipListsEmulator

SEEDED_SUBACCOUNT = sids.ACCOUNT + "b" * 32
_CREATED = "Thu, 30 Jul 2015 20:00:00 +0000"  # the reference's example date


class TwilioEmulator(SipListsEmulator, AccountsEmulator, NumbersEmulator):
    """In-memory Twilio: SIP credentials, SIP IP addresses, subaccounts, applications and
    phone numbers."""

    examples: ClassVar[Mapping[str, str]] = {
        "devices": SEEDED_CREDENTIAL,
        "access_rules": SEEDED_IP_ADDRESS,
        "tenants": SEEDED_SUBACCOUNT,
        "applications": SEEDED_APPLICATION,
        "numbers": SEEDED_NUMBER,
    }
    seeded: ClassVar[Mapping[str, Sequence[str]]] = {
        "devices": (SEEDED_CREDENTIAL,),
        "access_rules": (SEEDED_IP_ADDRESS,),
        "tenants": (SEEDED_SUBACCOUNT,),
        "applications": (SEEDED_APPLICATION,),
        "numbers": (SEEDED_NUMBER, SEEDED_ROUTED_NUMBER),  # +18089255327, +14155550199
        "trunks": (SEEDED_TRUNK,),
    }
    unknown_ids: ClassVar[Mapping[str, str]] = {
        "devices": sids.CREDENTIAL + "f" * 32,
        "access_rules": sids.IP_ADDRESS + "f" * 32,
        "tenants": sids.ACCOUNT + "f" * 32,
        "applications": sids.APPLICATION + "f" * 32,
        "numbers": sids.PHONE_NUMBER + "f" * 32,
    }
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "devices": {"username": "alice", "password": "IWasAtSignal2018"},
        "access_rules": {"name": "Office", "cidr": "10.40.50.0/24"},
        "tenants": {"name": "Billing Team", "enabled": False},
        "applications": {
            "name": "Main IVR",
            "answer_url": "https://ivr.example.org/answer",
            "answer_method": "POST",
            "fallback_url": "https://ivr.example.org/fallback",
            "fallback_method": "POST",
            "hangup_url": "https://ivr.example.org/hangup",
            "hangup_method": "POST",
            "message_url": "https://ivr.example.org/message",
            "message_method": "POST",
        },
        "numbers": {
            "number": "+14155550123",
            "name": "Front desk line",
            "application_id": SEEDED_APPLICATION,
            "trunk_id": SEEDED_TRUNK,
            "extra.AccountSid": SANDBOX_ACCOUNT,  # moving a number to its own account
        },
    }

    def reset(self) -> None:
        super().reset()
        main = new_account(SANDBOX_ACCOUNT, SANDBOX_ACCOUNT, "Sandbox project", _CREATED)
        main["auth_token"] = SANDBOX_AUTH_TOKEN
        self.accounts[SANDBOX_ACCOUNT] = main
        self.seed_lists(main)
        self.seed_applications(SANDBOX_ACCOUNT)
        self.seed_numbers(SANDBOX_ACCOUNT)
        self.accounts[SEEDED_SUBACCOUNT] = new_account(
            SEEDED_SUBACCOUNT, SANDBOX_ACCOUNT, "friendly_name", _CREATED
        )
