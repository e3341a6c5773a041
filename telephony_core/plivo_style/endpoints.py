"""The keys every Plivo-style Endpoint (a SIP user: Plivo, Vobiz) has, as neutral device fields.

A vendor's device table is these plus its own keys: `FieldMap(*ENDPOINT_FIELDS, ...)`.
"""

from __future__ import annotations

from telephony_core.plivo_style.values import id_text, text_bool
from telephony_core.translate.fieldmap import WireField

ENDPOINT_FIELDS = (
    WireField("id", "endpoint_id", from_wire=id_text, update=False, create=False),
    WireField("username", "username", update=False),
    WireField("name", "alias"),
    # Never the password in a reply (Plivo shows an MD5 hash under this key: kept in extra).
    WireField("password", "password", in_replies=False),
    WireField("registered", "sip_registered", from_wire=text_bool, update=False, create=False),
    WireField("sip_uri", "sip_uri", update=False, create=False),
)
