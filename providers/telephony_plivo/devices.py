"""Plivo Endpoints as neutral devices (docs/plivo.md gives the source of each rule).

A create sends `username`, `password`, `alias` and optionally `app_id`; Plivo appends a
12-digit number to the username it was sent, and that is the endpoint's username from then on
(`find` and the conformance suite accept it as the one asked for). Reads show the attached
application as its URI and the password as an MD5 hash (kept in `extra`, as a `Secret`).
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Device
from telephony_core.plivo_style import (
    ENDPOINT_FIELDS,
    REPLY_KEYS,
    AccountResource,
    OffsetPaging,
    uri_id,
)
from telephony_core.translate import FieldMap, PasswordPolicy, Plan, Scope, WireField

#: Create an Endpoint: "a 12-digit number appended to the username provided".
SUFFIX_DIGITS = 12
MIN_PASSWORD = 5
_SET_AT_CREATE = "Plivo sets the username at create: create a new endpoint and delete this one"

FIELDS = FieldMap(
    *ENDPOINT_FIELDS,
    WireField("application_id", "app_id", reply="application", from_wire=uri_id),
    ignore=("resource_uri", *REPLY_KEYS),
)


def is_username(text: str) -> bool:
    """Letters and digits, starting with a letter (Create an Endpoint)."""
    return text.isascii() and text.isalnum() and text[:1].isalpha()


class PlivoDevices(AccountResource[Device]):
    """`client.devices` at Plivo (the Endpoint API)."""

    model = Device
    fields = FIELDS
    collection_path = "/v1/Account/{auth_id}/Endpoint/"
    paging = OffsetPaging(max_limit=20, default_limit=20)
    operations = frozenset({"get", "list", "create", "update", "delete"})
    natural_key = "username"
    write_only = frozenset({"password"})
    required_at_create = frozenset({"username", "password", "name"})
    clearable = False
    lengths: ClassVar[Mapping[str, tuple[int, int]]] = {"username": (1, 25)}
    password_policy = PasswordPolicy(
        min_length=MIN_PASSWORD, source="Plivo Create an Endpoint: at least five characters"
    )
    hints: ClassVar[Mapping[str, str]] = {"username": _SET_AT_CREATE}
    message_fields: ClassVar[Mapping[str, str]] = {
        "username": "username",
        "password": "password",
        "alias": "name",
        "app_id": "application_id",
    }

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors: dict[str, str] = {}
        username = values.get("username")
        if username is not None and not is_username(username):
            errors["username"] = "must be letters and digits, starting with a letter"
        password = values.get("password")
        if password is not None and len(password) < MIN_PASSWORD:
            errors["password"] = f"must be at least {MIN_PASSWORD} characters"
        return errors

    def plan_find(self, key: Any, scope: Scope) -> Plan[Device | None]:
        """The endpoint named `key` exactly, else the newest one created as `key`: Plivo may
        hold several (the digits it appends are the time of creation, so the greatest is the
        newest, e.g. the one a create whose reply was lost just made)."""
        created_as_key: list[Device] = []

        def exact(device: Device) -> bool:
            if device.username != key and self.matches("username", device.username, key):
                created_as_key.append(device)
            return bool(device.username == key)

        found = yield from self.plan_scan(lambda cursor: self.plan_list(scope, cursor, None), exact)
        return found or max(created_as_key, key=lambda d: d.username or "", default=None)

    @classmethod
    def matches(cls, field: str, value: Any, wanted: Any) -> bool:
        """A username is the one asked for, or it followed by Plivo's 12 digits."""
        if field != "username" or not isinstance(value, str) or not isinstance(wanted, str):
            return super().matches(field, value, wanted)
        suffix = value[len(wanted) :]
        return value.startswith(wanted) and (
            suffix == "" or (len(suffix) == SUFFIX_DIGITS and suffix.isdigit())
        )
