"""Example Phones' translation table: each neutral device field and the vendor key it is.

`transport` is upper-case on the wire; `status` ("online" / "offline") is the neutral
`registered`; `sip_username` is set at create only; the phone never shows its
`sip_password`, and its `firmware` has no neutral field (it lands in `Device.extra`).
"""

from telephony_core import Transport
from telephony_core.translate import FieldMap, WireField


def transport_to_wire(value: Transport) -> str:
    return value.value.upper()


def transport_from_wire(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("transport is not a string")
    return value.lower()


def online(value: object) -> bool:
    if value not in ("online", "offline"):
        raise ValueError("status is neither online nor offline")
    return value == "online"


#: Neutral field <-> Example Phones key. A field with update=False and create=False is
#: read-only; converters raise ValueError or TypeError on a value they cannot read.
FIELDS = FieldMap(
    WireField("id", "id", update=False, create=False),
    WireField("name", "label"),
    WireField("username", "sip_username", update=False),  # chosen at create, then fixed
    WireField("password", "sip_password"),
    WireField("transport", "transport", to_wire=transport_to_wire, from_wire=transport_from_wire),
    WireField("auto_answer", "auto_answer"),
    WireField("registered", "status", from_wire=online, update=False, create=False),
    WireField("sip_uri", "sip_uri", update=False, create=False),
)
