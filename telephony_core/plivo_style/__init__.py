"""What Plivo-style REST APIs share, for the providers that speak one (Plivo, Vobiz):
resources under `.../Account/{auth_id}/`, offset paging with `meta` and `objects`, replies
that carry an `api_id` and a `message`, booleans as `"true"`/`"false"` strings, ids as
resource URIs; and, for their emulators, the listing pages those replies hold.

A provider declares its paths, field table and paging rules; `AccountResource` supplies the
plans (docs/plugins.md).
"""

from telephony_core.plivo_style.emulation import offset_page
from telephony_core.plivo_style.endpoints import ENDPOINT_FIELDS
from telephony_core.plivo_style.paging import OffsetPaging
from telephony_core.plivo_style.resources import AccountResource
from telephony_core.plivo_style.values import REPLY_KEYS, id_text, numeric_id, text_bool, uri_id

__all__ = [
    "ENDPOINT_FIELDS",
    "REPLY_KEYS",
    "AccountResource",
    "OffsetPaging",
    "id_text",
    "numeric_id",
    "offset_page",
    "text_bool",
    "uri_id",
]
