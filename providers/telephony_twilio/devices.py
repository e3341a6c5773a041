"""Twilio SIP credentials (a username and a password in a credential list) as neutral devices.

`owner` is the credential list (`CL...`), `tenant` the account. The username is set when the
credential is created and never changes; the password is the only field an update changes,
and no reply ever shows it. The rules below are the ones the API reference states for
`Username` and `Password` (see docs/twilio.md).
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Device
from telephony_core.translate import FieldMap, PasswordPolicy, Scope, WireField, changeable_fields
from telephony_twilio import sids
from telephony_twilio.base import SipListMembers

MAX_USERNAME = 32
MIN_PASSWORD = 12
PASSWORD_RULE = (
    f"must be at least {MIN_PASSWORD} characters with a digit, an upper-case and a lower-case "
    "letter (Twilio's rule, e.g. IWasAtSignal2018)"
)
_ONLY_TWO = (
    "a Twilio SIP credential has only a username and a password: keep the other settings of "
    "the phone in the phone (or at the SIP domain)"
)
_USERNAME_FIXED = (
    "a Twilio credential's username is set when it is created: create a credential with the "
    "new username, then delete this one"
)

FIELDS = FieldMap(
    WireField("id", "Sid", reply="sid", update=False, create=False),
    WireField("tenant", "AccountSid", reply="account_sid", update=False, create=False),
    WireField(
        "owner", "CredentialListSid", reply="credential_list_sid", update=False, create=False
    ),
    WireField("username", "Username", reply="username", update=False),
    WireField("password", "Password", reply="password"),
    ignore=("uri",),
)


#: "The password must be a minimum of 12 characters, contain at least 1 digit, and have mixed
#: case" (the SIP Credential reference; the OpenAPI description's `Password`).
PASSWORD_POLICY = PasswordPolicy(
    min_length=MIN_PASSWORD,
    require_digit=True,
    require_lower=True,
    require_upper=True,
    source="Twilio SIP Credential resource: Password (12 characters, a digit, mixed case)",
)


def password_problem(password: str) -> str | None:
    """Why `password` breaks Twilio's credential password rule, or None."""
    problems = PASSWORD_POLICY.problems(password)
    return f"{PASSWORD_RULE}; it lacks {', '.join(problems)}" if problems else None


class TwilioDevices(SipListMembers[Device]):
    """`client.devices` at Twilio (the SIP Credential API)."""

    model = Device
    fields = FIELDS
    items_key = "credentials"
    container_setting = "credential_list"
    container_prefix = sids.CREDENTIAL_LIST
    member_prefix = sids.CREDENTIAL
    collection_path = "/Accounts/{account}/SIP/CredentialLists/{container}/Credentials.json"
    item_path = "/Accounts/{account}/SIP/CredentialLists/{container}/Credentials/{id}.json"
    natural_key = "username"
    required_at_create = frozenset({"username", "password"})
    lengths: ClassVar[Mapping[str, tuple[int, int]]] = {"username": (1, MAX_USERNAME)}
    write_only = frozenset({"password"})  # Twilio keeps only a digest of it
    password_policy = PASSWORD_POLICY
    hints: ClassVar[Mapping[str, str]] = {
        **{name: _ONLY_TWO for name in changeable_fields(Device) - {"username", "password"}},
        "username": _USERNAME_FIXED,
    }
    #: Twilio's 400s name the parameter in their message, not in details.
    message_fields: ClassVar[Mapping[str, str]] = {"Username": "username", "Password": "password"}

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        password = values.get("password")
        problem = password_problem(password.reveal()) if password is not None else None
        return {"password": problem} if problem is not None else {}
