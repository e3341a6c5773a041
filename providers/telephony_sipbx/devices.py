"""SiPbx (NetSapiens API v2) devices as neutral devices.

Paths are `/domains/{domain}/users/{user}/devices[/{device}]`: `tenant` is the domain and
`owner` the user, both `~` (the token's own) by default. Keys are kebab-case and switches are
`"yes"`/`"no"` strings. Writes are asynchronous: update and delete answer
`202 {"code": 202, "message": "Accepted"}`; create sends `"synchronous": "yes"` so that the
created device comes back (200). The list is not paged: one request returns every device.
"""

import re
from collections.abc import Hashable, Mapping
from typing import Any, ClassVar

from telephony_core import Device, NatTraversal, RecordingMode, SrtpMode, Transport, ValidationError
from telephony_core.translate import (
    FieldMap,
    Page,
    PasswordPolicy,
    Plan,
    Resource,
    Scope,
    WireField,
    WireResponse,
    build_path,
)

#: In a path, the token's own domain or user.
OWN = "~"
#: In a domain path, every domain the token may see (OpenAPI `DomainNamePath`: `\*+`).
ALL_DOMAINS = re.compile(r"\*+")
MAX_DOMAIN = 64
MAX_USER = 16
_DOMAIN = re.compile(rf"[A-Za-z0-9._-]{{1,{MAX_DOMAIN}}}")
DEVICES = "/domains/{domain}/users/{user}/devices"
#: `GET .../devices/count` is the count endpoint, so a device called "count" cannot be read.
COUNT = "count"

_MAC_FORMS = (
    re.compile(r"[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}", re.IGNORECASE),
    re.compile(r"[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}", re.IGNORECASE),
    re.compile(r"[0-9a-f]{12}", re.IGNORECASE),
)
MAC_HELP = (
    "must be a MAC address: 12 hex digits, bare or written aa:bb:cc:dd:ee:ff, "
    "aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff"
)


def mac_digits(value: str) -> str:
    """The 12 lower-case hex digits of a MAC address in a common notation (SiPbx's form).

    Accepts `aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff` and `aabbccddeeff`
    (any case); anything else is a `ValueError`.
    """
    if not any(form.fullmatch(value) for form in _MAC_FORMS):
        raise ValueError(MAC_HELP)
    return re.sub(r"[^0-9a-f]", "", value.lower())


def neutral_mac(value: str) -> str:
    """The neutral form of a MAC address: lower-case, colon-separated (`aa:bb:cc:dd:ee:ff`)."""
    digits = mac_digits(value)
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _mac_from_wire(value: object) -> str | None:
    if value == "":
        return None  # no MAC linked
    if not isinstance(value, str):
        raise TypeError("device-provisioning-mac-address is not a string")
    return neutral_mac(value)


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("device is not a string")
    return value


def _translated(neutral: str, wire: str, table: Mapping[Any, str], **kwargs: Any) -> WireField:
    """A field whose neutral values (enum members, booleans) are vendor strings on the wire."""
    back: dict[Hashable, Any] = {vendor: value for value, vendor in table.items()}

    def from_wire(value: object) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"{wire} is not a string")
        return back[value]

    return WireField(neutral, wire, to_wire=table.__getitem__, from_wire=from_wire, **kwargs)


YES_NO = {True: "yes", False: "no"}
SRTP = {SrtpMode.OFF: "no", SrtpMode.OPPORTUNISTIC: "opportunistic", SrtpMode.REQUIRED: "yes"}
RECORDING = {
    RecordingMode.OFF: "no",
    RecordingMode.ON: "yes",
    RecordingMode.TRANSCRIBED: "yes-with-transcription",
    RecordingMode.TRANSCRIBED_WITH_SENTIMENT: "yes-with-transcription-and-sentiment",
}
TRANSPORT = {member: member.value for member in Transport}
NAT_TRAVERSAL = {member: member.value for member in NatTraversal}
REGISTRATION_STATE = {True: "registered", False: "unregistered"}

FIELDS = FieldMap(
    WireField("id", "device", from_wire=_string, update=False),
    WireField("tenant", "domain", update=False, create=False),
    WireField("owner", "user", update=False, create=False),
    WireField("username", "login-username", update=False, create=False),
    WireField("password", "device-sip-registration-password"),
    _translated("transport", "device-provisioning-sip-transport-protocol", TRANSPORT),
    _translated("srtp", "device-srtp-enabled", SRTP),
    _translated("recording", "recording-configuration", RECORDING),
    WireField("registration_expiry_s", "device-sip-registration-expiry-seconds"),
    _translated("nat_traversal", "device-sip-nat-traversal-enabled", NAT_TRAVERSAL),
    WireField("allowed_user_agent", "device-sip-allowed-user-agent"),
    WireField("emergency_caller_id", "caller-id-number-emergency"),
    WireField("emergency_address_id", "emergency-address-id"),
    _translated("auto_answer", "auto-answer-enabled", YES_NO),
    WireField("model", "device-models-model"),
    # Sent as SiPbx's 12 hex digits; read back (in whatever notation) into the neutral form.
    WireField(
        "mac_address",
        "device-provisioning-mac-address",
        to_wire=mac_digits,
        from_wire=_mac_from_wire,
    ),
    WireField("provisioning_server", "device-provisioning-registration-core-server"),
    WireField("provisioning_username", "device-provisioning-username"),
    WireField("provisioning_password", "device-provisioning-password"),
    WireField("provisioning_line", "device-provisioning-line"),
    WireField("provisioning_overrides", "device-provisioning-overrides"),
    _translated(
        "registered",
        "device-sip-registration-state",
        REGISTRATION_STATE,
        update=False,
        create=False,
    ),
    WireField("sip_uri", "device-sip-registration-uri", update=False, create=False),
)

#: Vendor switches with no neutral field, settable through `extra` ("yes" / "no").
EXTRA_SWITCHES = frozenset(
    {
        "device-force-notify-new-voicemails-enabled",
        "device-level-call-recording-enabled",
        "device-push-enabled",
        "device-sip-registration-ignore-for-presence-calculation",
        "device-sip-registration-ignore-report-enabled",
        "device-sip-no-to-tag-in-cancel",
    }
)
#: Vendor keys that only the vendor sets (the OpenAPI's `readOnly` properties).
READ_ONLY_KEYS = frozenset(
    {
        "device-sip-registration-uri",
        "device-sip-registration-state",
        "device-sip-registration-contact",
        "device-sip-registration-core-server",
        "device-sip-registration-datetime",
        "device-sip-registration-expires-datetime",
        "device-sip-registration-ip-address",
        "device-sip-registration-user-agent",
        "device-sip-latency-seconds-current",
        "device-sip-latency-seconds-average",
        "error-reading-from-endpoint-module",
        "login-username",
        "name-full-name",
    }
)
#: Neutral fields the vendor accepts `null` for; every other field needs a value.
NULLABLE = frozenset({"emergency_address_id", "provisioning_username", "provisioning_password"})


def _hints() -> dict[str, str]:
    hints = {key: "read-only at SiPbx (the vendor sets it)" for key in READ_ONLY_KEYS}
    hints |= {
        field.wire: f"use the neutral field {field.neutral}"
        for field in FIELDS.fields.values()
        if field.update or field.create
    }
    hints |= {
        "username": "read-only at SiPbx: login-username is the owning user's login",
        "domain": "the domain is the tenant= argument",
        "user": "the user is the owner= argument",
        "device": "the device is the id (the path on update, id= on create)",
        "synchronous": "set by the plugin on create",
    }
    return hints


def scope_errors(scope: Scope) -> dict[str, str]:
    """SiPbx's rules for the domain (`tenant`) and user (`owner`) put in the path (the
    OpenAPI's `DomainNamePath` and `UserNamePath`).

    Empty values never get here: an empty path segment is refused for every provider
    (`//` in a path is merged by servers and proxies, so `users//devices` is not safe).
    """
    errors: dict[str, str] = {}
    tenant = scope.tenant
    if (
        tenant not in (None, OWN)
        and not _DOMAIN.fullmatch(tenant)
        and not ALL_DOMAINS.fullmatch(tenant)
    ):
        errors["tenant"] = (
            f"must be a SiPbx domain: at most {MAX_DOMAIN} characters of A-Z a-z 0-9 . _ - "
            f"({OWN} for the token's own domain, * for every domain)"
        )
    if scope.owner not in (None, OWN) and len(scope.owner) > MAX_USER:
        errors["owner"] = (
            f"must be a SiPbx user: at most {MAX_USER} characters "
            f"(or {OWN} for the token's own user)"
        )
    return errors


class SipbxDevices(Resource[Device]):
    """`client.devices` at SiPbx (NetSapiens API v2 devices of a user)."""

    model = Device
    fields = FIELDS
    operations = frozenset({"get", "list", "create", "update", "delete", "count"})
    idempotent = frozenset({"update", "delete"})
    paged_listing = False  # the device listing is one JSON array: the API has no pages
    scopes = frozenset({"tenant", "owner"})  # the domain and the user in the path
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {
        "create": EXTRA_SWITCHES,
        "update": EXTRA_SWITCHES,
    }
    hints: ClassVar[Mapping[str, str]] = _hints()
    #: The OpenAPI states no rule for device-sip-registration-password (the vendor's own
    #: random ones are 16 characters); generated ones are `GENERATED_LENGTH` long.
    password_policy = PasswordPolicy(
        source="NetSapiens v2 OpenAPI, device-sip-registration-password: no rule stated",
    )

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors = scope_errors(scope)
        for name, value in values.items():
            if value is None and name in self.fields.fields and name not in NULLABLE:
                errors[name] = "cannot be cleared at SiPbx (send a value instead)"
        mac = values.get("mac_address")
        if mac is not None:
            try:
                mac_digits(mac)
            except ValueError as exc:
                errors["mac_address"] = str(exc)
            if not values.get("model"):
                errors.setdefault(
                    "mac_address",
                    "needs model in the same call: SiPbx links a MAC address to a device "
                    "model (device-models-model)",
                )
        for key, value in (values.get("extra") or {}).items():
            if key in EXTRA_SWITCHES and value not in YES_NO.values():
                errors[f"extra.{key}"] = 'must be "yes" or "no"'
        if operation == "create" and values.get("id") is None:
            errors["id"] = "is required to create a SiPbx device (its name, e.g. 1001a)"
        return errors

    def _path(self, scope: Scope, device: str | None = None, *, count: bool = False) -> str:
        errors = scope_errors(scope)
        if errors:
            raise ValidationError(field_errors=errors, provider=self.provider.name)
        path = build_path(DEVICES, domain=scope.tenant or OWN, user=scope.owner or OWN)
        if device is not None:
            path += build_path("/{device}", device=device)
        return path + f"/{COUNT}" if count else path

    def _as_known(self, id: str, scope: Scope, values: Mapping[str, Any]) -> Device:
        """The device as known after a write the vendor did not echo: the path plus `values`,
        in the form a read would give them (e.g. the MAC address normalised)."""
        known = self.fields.from_wire(self.fields.to_wire(values))
        known |= {"id": id, "tenant": scope.tenant or OWN, "owner": scope.owner or OWN}
        return Device(**known)

    def _read(self, obj: object, response: WireResponse, scope: Scope, **known: Any) -> Device:
        device: Device = self.to_model(
            obj,
            response,
            tenant=scope.tenant or OWN,
            owner=scope.owner or OWN,
            **known,
        )
        return device

    def plan_get(self, id: str, scope: Scope) -> Plan[Device]:
        if id == COUNT:
            raise ValidationError(
                field_errors={"id": f"{COUNT!r} cannot be read: GET .../devices/{COUNT} counts"},
                provider=self.provider.name,
            )
        response = yield from self.exchange(
            self.provider.request("GET", self._path(scope, id)), 200
        )
        return self._read(self.json_object(response), response, scope, id=id)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[Device]]:
        response = yield from self.exchange(self.provider.request("GET", self._path(scope)), 200)
        body = response.json(provider=self.provider.name)
        if not isinstance(body, list):
            raise self.malformed(response, "expected a JSON array of devices")
        return Page(items=[self._read(obj, response, scope) for obj in body])

    def plan_count(self, scope: Scope) -> Plan[int]:
        response = yield from self.exchange(
            self.provider.request("GET", self._path(scope, count=True)), 200
        )
        total = self.json_object(response).get("total")
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise self.malformed(response, "expected a non-negative integer 'total'")
        return total

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[Device]:
        body = {"synchronous": "yes", **self.fields.to_wire(values)}
        response = yield from self.exchange(
            self.provider.request("POST", self._path(scope), json=body), 200, 202
        )
        if response.status == 202:  # the vendor did not wait: the device as sent
            return self._as_known(values["id"], scope, values)
        return self._read(self.json_object(response), response, scope, id=values["id"])

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Device]:
        yield from self.exchange(
            self.provider.request("PUT", self._path(scope, id), json=self.fields.to_wire(changes)),
            200,
            202,
        )
        # Accepted, applied asynchronously: the device as known is the path plus the changes.
        return self._as_known(id, scope, changes)

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        yield from self.exchange(
            self.provider.request("DELETE", self._path(scope, id)), 200, 202, 204
        )
        return None
