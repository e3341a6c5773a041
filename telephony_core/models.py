"""The neutral models: what an application reads and writes, whatever the vendor.

Every field but `id` is optional; `None` means "not known" (in a result) or "not given".
Enum fields accept their string values; secret fields accept a plain `str` and wrap it. Each
model's docstring says what every field means, in a "Fields:" section (`field_docs`).
"""

import inspect
import ipaddress
import re
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


class HttpMethod(StrEnum):
    """How a vendor calls an application's webhook URL (`GET` or `POST`; `post` is read as
    `POST`)."""

    GET = "GET"
    POST = "POST"

    @classmethod
    def _missing_(cls, value: object) -> "HttpMethod | None":
        if isinstance(value, str) and value.upper() in cls.__members__:
            return cls[value.upper()]
        return None


class NumberType(StrEnum):
    """The kind of a phone number."""

    LOCAL = "local"
    TOLL_FREE = "toll_free"
    MOBILE = "mobile"
    NATIONAL = "national"


#: What a phone number can carry (`PhoneNumber.capabilities`).
NUMBER_CAPABILITIES = frozenset({"voice", "sms", "mms", "fax"})
#: E.164: a `+`, a country code that does not start with 0, at most 15 digits in all.
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
#: What people write between the digits of a number: spaces, dashes, dots, parentheses.
_NUMBER_SEPARATORS = re.compile(r"[\s\-.()]")


#: The country calling code of each ISO 3166 alpha-2 country (ITU-T E.164 assignments).
_CALLING_CODES = (
    "AD376 AE971 AF93 AG1 AI1 AL355 AM374 AO244 AR54 AS1 AT43 AU61 AW297 AX358 AZ994 BA387 "
    "BB1 BD880 BE32 BF226 BG359 BH973 BI257 BJ229 BL590 BM1 BN673 BO591 BQ599 BR55 BS1 "
    "BT975 BW267 BY375 BZ501 CA1 CC61 CD243 CF236 CG242 CH41 CI225 CK682 CL56 CM237 CN86 "
    "CO57 CR506 CU53 CV238 CW599 CX61 CY357 CZ420 DE49 DJ253 DK45 DM1 DO1 DZ213 EC593 "
    "EE372 EG20 EH212 ER291 ES34 ET251 FI358 FJ679 FK500 FM691 FO298 FR33 GA241 GB44 GD1 "
    "GE995 GF594 GG44 GH233 GI350 GL299 GM220 GN224 GP590 GQ240 GR30 GT502 GU1 GW245 GY592 "
    "HK852 HN504 HR385 HT509 HU36 ID62 IE353 IL972 IM44 IN91 IO246 IQ964 IR98 IS354 IT39 "
    "JE44 JM1 JO962 JP81 KE254 KG996 KH855 KI686 KM269 KN1 KP850 KR82 KW965 KY1 KZ7 LA856 "
    "LB961 LC1 LI423 LK94 LR231 LS266 LT370 LU352 LV371 LY218 MA212 MC377 MD373 ME382 MF590 "
    "MG261 MH692 MK389 ML223 MM95 MN976 MO853 MP1 MQ596 MR222 MS1 MT356 MU230 MV960 MW265 "
    "MX52 MY60 MZ258 NA264 NC687 NE227 NF672 NG234 NI505 NL31 NO47 NP977 NR674 NU683 NZ64 "
    "OM968 PA507 PE51 PF689 PG675 PH63 PK92 PL48 PM508 PR1 PS970 PT351 PW680 PY595 QA974 "
    "RE262 RO40 RS381 RU7 RW250 SA966 SB677 SC248 SD249 SE46 SG65 SH290 SI386 SJ47 SK421 "
    "SL232 SM378 SN221 SO252 SR597 SS211 ST239 SV503 SX1 SY963 SZ268 TC1 TD235 TG228 TH66 "
    "TJ992 TK690 TL670 TM993 TN216 TO676 TR90 TT1 TV688 TW886 TZ255 UA380 UG256 US1 UY598 "
    "UZ998 VA39 VC1 VG1 VI1 VN84 VU678 WF681 WS685 XK383 YE967 YT262 ZA27 ZM260 ZW263"
)
CALLING_CODES: Mapping[str, str] = {entry[:2]: entry[2:] for entry in _CALLING_CODES.split()}


def calling_code(country: str) -> str | None:
    """The calling code numbers of `country` (ISO 3166 alpha-2) start with after the `+`
    (`US` -> `"1"`, `IN` -> `"91"`), or None for a code that is not a country."""
    return CALLING_CODES.get(country.upper())


def e164(value: Any, field: "attrs.Attribute[Any] | str" = "number") -> str | None:
    """`value` as an E.164 number (`+14155550100`); separators (spaces, dashes, dots,
    parentheses) are dropped. Anything else is a `ValidationError` naming the field: the
    neutral side always writes the `+` (providers convert a vendor's `14155550100`)."""
    name = field if isinstance(field, str) else field.name
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(field_errors={name: f"must be a string, not {type(value).__name__}"})
    compact = _NUMBER_SEPARATORS.sub("", value)
    if not _E164.fullmatch(compact):
        raise ValidationError(
            field_errors={
                name: "must be an E.164 number: a + then the country code and number, "
                f"at most 15 digits (e.g. +14155550100), not {value[:40]!r}"
            }
        )
    return compact


def country_code(value: Any, field: "attrs.Attribute[Any] | str" = "country") -> str | None:
    """An ISO 3166-1 alpha-2 country code, upper case (`us` is read as `US`)."""
    name = field if isinstance(field, str) else field.name
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise ValidationError(
            field_errors={
                name: f"must be an ISO 3166 alpha-2 country code (e.g. US), not {value!r}"
            }
        )
    return value.upper()


def web_url(value: Any, field: "attrs.Attribute[Any] | str") -> str | None:
    """An absolute `http`/`https` URL with a host, printable and without spaces."""
    name = field if isinstance(field, str) else field.name
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(field_errors={name: f"must be a string, not {type(value).__name__}"})
    from urllib.parse import urlsplit  # here: `import telephony_core` stays quick

    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not host
        or any(c.isspace() or not c.isprintable() for c in value)
        or len(value) > 2048
    ):
        raise ValidationError(
            field_errors={name: f"must be an absolute http or https URL, not {value[:60]!r}"}
        )
    return value


def _capability_set(value: Any, field: "attrs.Attribute[Any]") -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ValidationError(field_errors={field.name: "must be a set of capability names"})
    unknown = sorted(set(value) - NUMBER_CAPABILITIES)
    if unknown:
        allowed = ", ".join(sorted(NUMBER_CAPABILITIES))
        raise ValidationError(
            field_errors={field.name: f"has {', '.join(unknown)}; capabilities are {allowed}"}
        )
    return frozenset(value)


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


def _enum_field(enum: type[StrEnum], default: StrEnum) -> Any:
    return attrs.field(default=default, converter=_enum_converter(enum))


def _url() -> Any:
    return attrs.field(default=None, converter=attrs.Converter(web_url, takes_field=True))


def _e164(**kwargs: Any) -> Any:
    return attrs.field(**kwargs, converter=attrs.Converter(e164, takes_field=True))


def _country(**kwargs: Any) -> Any:
    return attrs.field(**kwargs, converter=attrs.Converter(country_code, takes_field=True))


def _capabilities(**metadata: Any) -> Any:
    return attrs.field(
        default=None,
        converter=attrs.Converter(_capability_set, takes_field=True),
        metadata=metadata,
    )


@attrs.frozen(kw_only=True, repr=False)
class Device:
    """A SIP device / endpoint.

    Fields:
        id: The vendor's id of the device (Vobiz endpoint_id, SiPbx device name).
        tenant: The account or domain it belongs to (Vobiz or Twilio account, SiPbx domain).
        owner: The container inside the tenant (the SiPbx user, the Twilio credential list).
        username: The SIP user name it registers with; set at create only.
        name: Its display name (a label).
        password: Its SIP registration password.
        application_id: The application that answers its calls.
        enabled: Whether it is in service: it may register and make calls (Telnyx: the
            credential connection is active).
        allow_voice: Whether it may make and take voice calls.
        allow_messaging: Whether it may send and receive messages.
        allow_video: Whether it may make and take video calls.
        transport: The SIP transport it registers with: udp, tcp or tls.
        srtp: Media encryption: off, opportunistic or required.
        recording: Call recording: off, on, transcribed or transcribed_with_sentiment.
        registration_expiry_s: How long a SIP registration lasts, in seconds.
        nat_traversal: How NAT is traversed: automatic, none, never or fixed.
        allowed_user_agent: Only a device whose SIP User-Agent matches may register.
        emergency_caller_id: The caller id shown on emergency calls.
        emergency_address_id: The registered emergency (E911) address.
        auto_answer: Whether it answers intercom calls by itself.
        model: The device model (e.g. Yealink T48S), for provisioning.
        mac_address: Its MAC address, for provisioning (with the model).
        provisioning_server: The server it fetches its configuration from.
        provisioning_username: The user name it fetches its configuration with.
        provisioning_password: The password it fetches its configuration with.
        provisioning_line: Which line (account slot) of the phone this is.
        provisioning_overrides: Further provisioning settings, in the vendor's syntax.
        registered: Whether it is registered now (read-only).
        sip_uri: Its SIP URI (read-only).
        extra: Vendor keys with no neutral field, under the vendor's names.
    """

    __repr__ = _compact_repr

    id: str
    tenant: str | None = _scope()
    owner: str | None = _scope()
    username: str | None = None
    name: str | None = None
    password: Secret | None = _secret()
    application_id: str | None = None
    enabled: bool | None = None
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

    Fields:
        id: The vendor's id of the rule.
        tenant: The account it belongs to.
        owner: The list it belongs to, where the vendor keeps rules in lists (a Twilio IP
            access control list).
        name: Its label.
        cidr: The IPv4 address or network allowed (e.g. 10.40.50.0/24).
        enabled: Whether it is in force (read-only through the API).
        created_at: When it was created (read-only).
        updated_at: When it last changed (read-only).
        extra: Vendor keys with no neutral field, under the vendor's names.
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
    """A sub-account / tenant under the credentials' own account.

    Fields:
        id: The vendor's id of the sub-account (Vobiz: its auth id, SA_...).
        parent_id: The account it belongs to (read-only).
        name: Its name.
        email: Its contact e-mail address.
        phone: Its contact phone number.
        description: A free text about it.
        rate_limit: How many API requests it may make (per the vendor's period).
        permissions: What it may do, by permission name (e.g. calls=true).
        enabled: Whether it is active.
        auth_token: Its own API token (read-only).
        created_at: When it was created (read-only).
        updated_at: When it last changed (read-only).
        extra: Vendor keys with no neutral field, under the vendor's names.
    """

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
    """A contact-centre agent user.

    Fields:
        id: The vendor's id of the user (a UUID).
        name: The agent's name.
        email: The agent's e-mail address.
        extension_id: The extension (UUID) the agent takes calls on.
        state: The agent's state: available, available_on_demand, on_break or logged_out.
        state_reason: Why, for a state that has a reason (e.g. the break's name).
        extra: Vendor keys with no neutral field, under the vendor's names.
    """

    __repr__ = _compact_repr

    id: str
    name: str | None = None
    email: str | None = None
    extension_id: str | None = None
    state: AgentState | None = _enum(AgentState)
    state_reason: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True, repr=False)
class Application:
    """Where a call is answered: the vendor's bundle of webhook URLs (an application, a
    TeXML application). Its natural key is `name`.

    Fields:
        id: The vendor's id of the application (Plivo-style app_id, Twilio AP...).
        tenant: The account it belongs to.
        name: Its name, unique in the account (the natural key).
        answer_url: The URL the vendor calls when a call arrives (absolute http or https).
        answer_method: How the answer URL is called: GET or POST.
        fallback_url: The URL called when the answer URL fails.
        fallback_method: How the fallback URL is called: GET or POST.
        hangup_url: The URL told when a call ends (Twilio: the status callback).
        hangup_method: How the hangup URL is called: GET or POST.
        message_url: The URL called when a message arrives.
        message_method: How the message URL is called: GET or POST.
        default_for_numbers: Whether numbers with no application use it.
        default_for_devices: Whether devices with no application use it.
        created_at: When it was created (read-only).
        updated_at: When it last changed (read-only).
        extra: Vendor keys with no neutral field, under the vendor's names.
    """

    __repr__ = _compact_repr

    id: str
    tenant: str | None = _scope()
    name: str | None = None
    answer_url: str | None = _url()
    answer_method: HttpMethod | None = _enum(HttpMethod)
    fallback_url: str | None = _url()
    fallback_method: HttpMethod | None = _enum(HttpMethod)
    hangup_url: str | None = _url()
    hangup_method: HttpMethod | None = _enum(HttpMethod)
    message_url: str | None = _url()
    message_method: HttpMethod | None = _enum(HttpMethod)
    default_for_numbers: bool | None = None
    default_for_devices: bool | None = None
    created_at: datetime | None = _ro()
    updated_at: datetime | None = _ro()
    extra: Mapping[str, Any] = attrs.field(factory=dict)


#: The fields of `PhoneNumber` that route its calls; a number routes to at most one.
ROUTING_FIELDS = ("application_id", "trunk_id", "user_id")


@attrs.frozen(kw_only=True, repr=False)
class PhoneNumber:
    """A phone number the account holds, and where its calls go. Its natural key is
    `number`, always E.164 with the `+`. It routes to at most one of `application_id`,
    `trunk_id` and `user_id`: setting one clears the others where the vendor keeps them apart.

    Fields:
        id: The vendor's id of the number (the E.164 or its digits, Twilio PN...).
        tenant: The account (or PBX domain) it belongs to.
        number: The number, E.164 with the + (e.g. +14155550100; the natural key).
        name: Its label.
        application_id: The application that answers its calls.
        trunk_id: The SIP trunk or connection its calls go to.
        user_id: The PBX user (extension) it rings.
        country: Its country, ISO 3166 alpha-2 (e.g. US).
        number_type: Its kind: local, toll_free, mobile or national.
        capabilities: What it can carry: voice, sms, mms, fax (read-only).
        created_at: When the account got it (read-only).
        extra: Vendor keys with no neutral field, under the vendor's names.
    """

    __repr__ = _compact_repr

    id: str
    tenant: str | None = _scope()
    number: str | None = _e164(default=None)
    name: str | None = None
    application_id: str | None = None
    trunk_id: str | None = None
    user_id: str | None = None
    country: str | None = _country(default=None)
    number_type: NumberType | None = _enum(NumberType)
    capabilities: frozenset[str] | None = _capabilities(**{READ_ONLY: True})
    created_at: datetime | None = _ro()
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True, repr=False)
class AvailableNumber:
    """A number a vendor offers for purchase (what `client.numbers.search` yields); buy it
    with `client.numbers.create(number=...)`.

    Fields:
        number: The number, E.164 with the +.
        country: Its country, ISO 3166 alpha-2.
        number_type: Its kind: local, toll_free, mobile or national.
        region: Its region or state, as the vendor names it.
        locality: Its city or rate centre, as the vendor names it.
        capabilities: What it can carry: voice, sms, mms, fax.
        monthly_cost: What it costs a month, the vendor's decimal as text (None: not said).
        extra: Vendor keys with no neutral field, under the vendor's names.
    """

    __repr__ = _compact_repr

    number: str = _e164()
    country: str | None = _country(default=None)
    number_type: NumberType | None = _enum(NumberType)
    region: str | None = None
    locality: str | None = None
    capabilities: frozenset[str] | None = _capabilities()
    monthly_cost: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class NumberSearch:
    """What `client.numbers.search(...)` asks a vendor for: numbers of `country` (ISO 3166
    alpha-2), of `number_type`, optionally in `area_code` (digits) or containing `contains`
    (digits), at most `limit` of them. Invalid values are a `ValidationError` naming the
    argument, before anything is sent."""

    country: str = _country()
    area_code: str | None = attrs.field(default=None)
    contains: str | None = attrs.field(default=None)
    number_type: NumberType = _enum_field(NumberType, NumberType.LOCAL)
    limit: int = attrs.field(default=20)

    @area_code.validator
    def _check_area_code(self, field: "attrs.Attribute[Any]", value: Any) -> None:
        if value is not None and not (
            isinstance(value, str) and re.fullmatch(r"[0-9]{1,6}", value)
        ):
            raise ValidationError(
                field_errors={"area_code": f"must be 1 to 6 digits, not {value!r}"}
            )

    @contains.validator
    def _check_contains(self, field: "attrs.Attribute[Any]", value: Any) -> None:
        if value is not None and not (
            isinstance(value, str) and re.fullmatch(r"[0-9]{1,15}", value)
        ):
            raise ValidationError(
                field_errors={"contains": f"must be 1 to 15 digits, not {value!r}"}
            )

    @limit.validator
    def _check_limit(self, field: "attrs.Attribute[Any]", value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
            raise ValidationError(
                field_errors={"limit": f"must be an integer from 1 to 1000, not {value!r}"}
            )


Model = Device | AccessRule | Tenant | AgentUser | Application | PhoneNumber

#: Fields of a model of which one call may set at most one: a number routes to one place.
EXCLUSIVE_FIELDS: dict[type[Model], tuple[str, ...]] = {PhoneNumber: ROUTING_FIELDS}


def field_docs(model: type[Any]) -> dict[str, str]:
    """What each field of `model` means, from the "Fields:" section of its docstring."""
    docs: dict[str, str] = {}
    lines = inspect.cleandoc(model.__doc__ or "").splitlines()
    if "Fields:" not in lines:
        return docs
    current = None
    for line in lines[lines.index("Fields:") + 1 :]:
        name, colon, text = line.strip().partition(": ")
        if line.startswith("    ") and not line.startswith("     ") and colon:
            current = name
            docs[current] = text
        elif current is not None and line.strip():
            docs[current] += " " + line.strip()
        elif not line.strip():
            break
    return docs


#: The neutral model of each client resource (`client.devices`, ...).
RESOURCE_MODELS: dict[str, type[Model]] = {
    "devices": Device,
    "access_rules": AccessRule,
    "tenants": Tenant,
    "agents": AgentUser,
    "applications": Application,
    "numbers": PhoneNumber,
}
