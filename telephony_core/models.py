"""The neutral models: what an application reads and writes, whatever the vendor.

Every field but `id` is optional; `None` means "not known" (in a result) or "not given".
Enum fields accept their string values; secret fields accept a plain `str` and wrap it.
"""

import ipaddress
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs

from telephony_core.errors import ValidationError
from telephony_core.secret import Secret, to_secret

#: Metadata key marking a field the vendor reports but nobody can set.
READ_ONLY = "telephony_read_only"
#: Metadata key marking a field that scopes a call (a path part) rather than being changed.
SCOPE = "telephony_scope"


class Transport(StrEnum):
    """SIP transport a device registers with."""

    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class SrtpMode(StrEnum):
    """Media encryption on a device."""

    OFF = "off"
    OPPORTUNISTIC = "opportunistic"
    REQUIRED = "required"


class RecordingMode(StrEnum):
    """Call recording on a device."""

    OFF = "off"
    ON = "on"
    TRANSCRIBED = "transcribed"
    TRANSCRIBED_WITH_SENTIMENT = "transcribed_with_sentiment"


class NatTraversal(StrEnum):
    """NAT traversal strategy for a device."""

    AUTOMATIC = "automatic"
    NONE = "none"
    NEVER = "never"
    FIXED = "fixed"


class AgentState(StrEnum):
    """Contact-centre agent state."""

    AVAILABLE = "available"
    AVAILABLE_ON_DEMAND = "available_on_demand"
    ON_BREAK = "on_break"
    LOGGED_OUT = "logged_out"


def _enum_converter(enum: type[StrEnum]) -> "attrs.Converter[Any, Any]":
    def convert(value: Any, field: "attrs.Attribute[Any]") -> Any:
        if value is None or isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise ValidationError(
                field_errors={field.name: f"must be one of {allowed}, not {value!r}"}
            ) from None

    return attrs.Converter(convert, takes_field=True)


def _ipv4_network(value: Any, field: "attrs.Attribute[Any]") -> str | None:
    """An IPv4 address or network in canonical form: `a.b.c.d`, or `a.b.c.d/n` for n < 32.

    A `/32` network is the bare address; a netmask becomes a prefix length. IPv6, a network
    with host bits set, and anything else are a `ValidationError` naming the field.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(
            field_errors={field.name: f"must be a string, not {type(value).__name__}"}
        )
    try:
        network = ipaddress.IPv4Network(value, strict=True)
    except ValueError as exc:
        if ":" in value:
            reason = f"must be an IPv4 address or network; {value!r} is IPv6"
        elif "host bits set" in str(exc):
            network = ipaddress.IPv4Network(value, strict=False)
            reason = f"{value!r} has host bits set: the network is {network}"
        else:
            reason = (
                "must be an IPv4 address or network (e.g. 192.168.1.200 or 10.40.50.0/24), "
                f"not {value!r}"
            )
        raise ValidationError(field_errors={field.name: reason}) from None
    return str(network.network_address) if network.prefixlen == 32 else str(network)


def _compact_repr(self: Any) -> str:
    """Show `id` and the fields that are known; secrets mask themselves."""
    shown = [
        f"{f.name}={getattr(self, f.name)!r}"
        for f in attrs.fields(type(self))
        if f.name == "id" or getattr(self, f.name) not in (None, {})
    ]
    return f"{type(self).__name__}({', '.join(shown)})"


def _ro(default: Any = None) -> Any:
    return attrs.field(default=default, metadata={READ_ONLY: True})


def _scope() -> Any:
    return attrs.field(default=None, metadata={SCOPE: True})


def _secret() -> Any:
    return attrs.field(default=None, converter=to_secret)


def _ipv4() -> Any:
    return attrs.field(default=None, converter=attrs.Converter(_ipv4_network, takes_field=True))


def _enum(enum: type[StrEnum]) -> Any:
    return attrs.field(default=None, converter=_enum_converter(enum))


@attrs.frozen(kw_only=True, repr=False)
class Device:
    """A SIP device / endpoint."""

    __repr__ = _compact_repr

    id: str
    tenant: str | None = _scope()
    owner: str | None = _scope()
    username: str | None = None
    name: str | None = None
    password: Secret | None = _secret()
    application_id: str | None = None
    allow_voice: bool | None = None
    allow_messaging: bool | None = None
    allow_video: bool | None = None
    transport: Transport | None = _enum(Transport)
    srtp: SrtpMode | None = _enum(SrtpMode)
    recording: RecordingMode | None = _enum(RecordingMode)
    registration_expiry_s: int | None = None
    nat_traversal: NatTraversal | None = _enum(NatTraversal)
    allowed_user_agent: str | None = None
    emergency_caller_id: str | None = None
    emergency_address_id: str | None = None
    auto_answer: bool | None = None
    model: str | None = None
    mac_address: str | None = None
    provisioning_server: str | None = None
    provisioning_username: str | None = None
    provisioning_password: Secret | None = _secret()
    provisioning_line: int | None = None
    provisioning_overrides: str | None = None
    registered: bool | None = _ro()
    sip_uri: str | None = _ro()
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True, repr=False)
class AccessRule:
    """An IP access rule: an allow-listed IPv4 address or network (`cidr`, normalised).

    `owner` is the list the rule belongs to where the vendor keeps rules in lists (a Twilio
    IP access control list).
    """

    __repr__ = _compact_repr

    id: str
    tenant: str | None = _scope()
    owner: str | None = _scope()
    name: str | None = None
    cidr: str | None = _ipv4()
    enabled: bool | None = None
    created_at: datetime | None = _ro()
    updated_at: datetime | None = _ro()
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True, repr=False)
class Tenant:
    """A sub-account / tenant under the credentials' own account."""

    __repr__ = _compact_repr

    id: str
    parent_id: str | None = _ro()
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    description: str | None = None
    rate_limit: int | None = None
    permissions: Mapping[str, bool] | None = None
    enabled: bool | None = None
    auth_token: Secret | None = attrs.field(
        default=None, converter=to_secret, metadata={READ_ONLY: True}
    )
    created_at: datetime | None = _ro()
    updated_at: datetime | None = _ro()
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True, repr=False)
class AgentUser:
    """A contact-centre agent user."""

    __repr__ = _compact_repr

    id: str
    name: str | None = None
    email: str | None = None
    extension_id: str | None = None
    state: AgentState | None = _enum(AgentState)
    state_reason: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict)


Model = Device | AccessRule | Tenant | AgentUser

#: The neutral model of each client resource (`client.devices`, ...).
RESOURCE_MODELS: dict[str, type[Model]] = {
    "devices": Device,
    "access_rules": AccessRule,
    "tenants": Tenant,
    "agents": AgentUser,
}
