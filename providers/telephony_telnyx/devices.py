"""Telnyx credential connections (a SIP user name and password that phones register with) as
neutral devices: `/v2/credential_connections`.

The rules are the OpenAPI description's (team-telnyx/openapi `openapi/spec3.json`, the
`CreateCredentialConnectionRequest` and `CredentialConnection` schemas; see docs/telnyx.md):
`user_name` 4 to 32 letters and digits, at least one of its first five a letter; `password`
8 to 128 characters; `connection_name` required at create (a device created without a name
is named after its user name). A PATCH changes only the keys sent; Telnyx shows the
password in its replies.
"""

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Device
from telephony_core.translate import (
    FieldMap,
    PasswordPolicy,
    Plan,
    Scope,
    WireField,
    changeable_fields,
)
from telephony_telnyx.base import (
    ANCHORSITES,
    DTMF_TYPES,
    RECORD_TYPE,
    TAGS,
    URL,
    ExtraRule,
    TelnyxResource,
    extra_problems,
    one_of,
)

MIN_PASSWORD, MAX_PASSWORD = 8, 128
USER_NAME = re.compile(r"[A-Za-z0-9]{4,32}")
#: "At least one of the first 5 characters must be a letter" (the `user_name` of the
#: `CredentialConnection` schema).
LETTER_WITHIN = 5
USER_NAME_RULE = (
    "must be 4 to 32 letters and digits (no spaces or symbols), with a letter among the "
    "first five (Telnyx's rule for a credential connection's user_name)"
)
#: Vendor keys of a credential connection a write may set in `extra`, and their rules (the
#: `CreateCredentialConnectionRequest` schema; see docs/telnyx.md).
EXTRA_RULES: Mapping[str, ExtraRule] = {
    "anchorsite_override": one_of(*ANCHORSITES),
    "dtmf_type": one_of(*DTMF_TYPES),
    "sip_uri_calling_preference": one_of("disabled", "unrestricted", "internal"),
    "webhook_event_url": URL,
    "tags": TAGS,
}
EXTRA_KEYS = frozenset(EXTRA_RULES)
_USERNAME_IS_THE_KEY = (
    "the neutral username is set at create only (it is the natural key fleet plans match "
    "devices by): create a credential connection with the new user name, then delete this one"
)
_NOT_A_CONNECTION_SETTING = (
    "a Telnyx credential connection has a user name, a password, a name and an active switch "
    "(its other settings are vendor keys in extra={...}, see docs/telnyx.md)"
)

FIELDS = FieldMap(
    WireField("id", "id", update=False, create=False),
    WireField("username", "user_name", update=False),
    WireField("password", "password"),
    WireField("name", "connection_name"),
    WireField("enabled", "active"),
    ignore=(RECORD_TYPE,),  # created_at / updated_at go to extra: a Device has no dates
)

#: "Must be 8 to 128 characters long" (the `password` of the create request).
PASSWORD_POLICY = PasswordPolicy(
    min_length=MIN_PASSWORD,
    max_length=MAX_PASSWORD,
    source="Telnyx OpenAPI, CreateCredentialConnectionRequest.password (8 to 128 characters)",
)


def user_name_problem(user_name: str) -> str | None:
    """Why `user_name` breaks Telnyx's rule, or None."""
    if USER_NAME.fullmatch(user_name) and any(c.isalpha() for c in user_name[:LETTER_WITHIN]):
        return None
    return USER_NAME_RULE


class TelnyxDevices(TelnyxResource[Device]):
    """`client.devices` at Telnyx (credential connections)."""

    model = Device
    fields = FIELDS
    collection = "/credential_connections"
    operations = frozenset({"get", "list", "count", "create", "update", "delete"})
    idempotent = frozenset({"update", "delete"})  # a PATCH of values; a DELETE
    natural_key = "username"
    required_at_create = frozenset({"username", "password"})
    clearable = False  # none of these keys takes null
    lengths: ClassVar[Mapping[str, tuple[int, int]]] = {"password": (MIN_PASSWORD, MAX_PASSWORD)}
    password_policy = PASSWORD_POLICY
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {
        "create": EXTRA_KEYS,
        "update": EXTRA_KEYS,
    }
    hints: ClassVar[Mapping[str, str]] = {
        **{
            name: _NOT_A_CONNECTION_SETTING
            for name in changeable_fields(Device) - {"username", "password", "name", "enabled"}
        },
        "username": _USERNAME_IS_THE_KEY,
    }

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[Device]:
        """Telnyx requires a `connection_name`: without a name, the user name is the name."""
        named = values if values.get("name") else {**values, "name": values["username"]}
        return (yield from super().plan_create(named, scope))

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors = extra_problems(values.get("extra"), EXTRA_RULES)
        user_name = values.get("username")
        problem = user_name_problem(user_name) if isinstance(user_name, str) else None
        return errors | ({"username": problem} if problem is not None else {})
