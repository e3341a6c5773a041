"""Vobiz Endpoints as neutral devices.

Paths end in a slash; update is a partial POST answered 202 with no body; `application`
is an integer in requests and, in replies, whatever shape a copy of the documents shows:
an integer, an id string, an application URI, an object with `app_id`, or null. Four
permission flags (`allow_same_domain`, `allow_other_domains`, `allow_phones`, `allow_apps`)
are vendor keys set through `extra` at create and locked afterwards.
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Device
from telephony_core.plivo_style import (
    ENDPOINT_FIELDS,
    REPLY_KEYS,
    AccountResource,
    OffsetPaging,
    numeric_id,
)
from telephony_core.translate import FieldMap, PasswordPolicy, Scope, WireField

_LOCKED = "locked after the endpoint is created: create a new endpoint and delete the old one"
#: Update Endpoint: "SIP password (minimum 8 characters)"; at create only a recommendation.
MIN_PASSWORD = 8
#: List Endpoints: `limit` defaults to 20, at most 100.
PAGING = OffsetPaging(max_limit=100, default_limit=20)
#: Vendor keys settable only at create (Create an Endpoint), each a boolean.
CREATE_ONLY_FLAGS = frozenset(
    {"allow_same_domain", "allow_other_domains", "allow_phones", "allow_apps"}
)


def _application_from_wire(value: object) -> str:
    """The application id in any documented shape: `98765432`, `"98765432"`,
    `"/v1/Account/MA_X/Application/98765432/"` or `{"app_id": "98765432", ...}`."""
    return numeric_id(value.get("app_id") if isinstance(value, dict) else value)


FIELDS = FieldMap(
    *ENDPOINT_FIELDS,
    WireField("application_id", "application", to_wire=int, from_wire=_application_from_wire),
    WireField("allow_voice", "allow_voice"),
    WireField("allow_messaging", "allow_message"),
    WireField("allow_video", "allow_video"),
    ignore=("resource_uri", *REPLY_KEYS),
)


class VobizDevices(AccountResource[Device]):
    """`client.devices` at Vobiz (the Endpoint API)."""

    model = Device
    fields = FIELDS
    collection_path = "/api/v1/Account/{auth_id}/Endpoint/"
    paging = PAGING
    operations = frozenset({"get", "list", "create", "update", "delete"})
    natural_key = "username"
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {
        "create": frozenset({"sub_account"}) | CREATE_ONLY_FLAGS
    }
    write_only = frozenset({"password"})  # never in a reply
    required_at_create = frozenset({"username", "password", "name"})
    password_policy = PasswordPolicy(
        min_length=MIN_PASSWORD,
        source="Vobiz Update Endpoint: password, SIP password (minimum 8 characters)",
    )
    hints: ClassVar[Mapping[str, str]] = {
        "username": _LOCKED,
        **{key: _LOCKED for key in ("domain", *sorted(CREATE_ONLY_FLAGS))},
    }

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        """The documented rules (docs/vobiz.md lists the source of each)."""
        errors: dict[str, str] = {}
        password = values.get("password")
        if operation == "update" and password is not None and len(password) < MIN_PASSWORD:
            errors["password"] = f"must be at least {MIN_PASSWORD} characters"
        application = values.get("application_id")
        if application is not None and not (application.isascii() and application.isdigit()):
            errors["application_id"] = "must be a numeric application id"
        for key, value in (values.get("extra") or {}).items():
            if key in CREATE_ONLY_FLAGS and not isinstance(value, bool):
                errors[f"extra.{key}"] = "must be true or false"
            if key == "sub_account" and not isinstance(value, str):
                errors[f"extra.{key}"] = "must be a sub-account auth_id (a string)"
        return errors
