"""What Plivo-style REST APIs share, for the providers that speak one (Plivo, Vobiz):
resources under `.../Account/{auth_id}/`, offset paging with `meta` and `objects`, replies
that carry an `api_id` and a `message`, booleans as `"true"`/`"false"` strings, ids as
resource URIs, the Application resource both document alike; and, for their emulators, the
listing pages those replies hold and the applications an account keeps.

A provider declares its paths, field table and paging rules; `AccountResource` supplies the
plans (docs/plugins.md).
"""

from telephony_core.plivo_style.applications import (
    APPLICATION_ECHOES,
    APPLICATION_FIELDS,
    ApplicationResource,
)
from telephony_core.plivo_style.emulation import (
    APPLICATION_KEYS,
    ApplicationBook,
    application_problems,
    offset_page,
)
from telephony_core.plivo_style.endpoints import ENDPOINT_FIELDS
from telephony_core.plivo_style.paging import OffsetPaging
from telephony_core.plivo_style.resources import AccountResource
from telephony_core.plivo_style.values import (
    REPLY_KEYS,
    enabled_names,
    id_text,
    numeric_id,
    optional_text,
    text_bool,
    uri_id,
)

__all__ = [
    "APPLICATION_ECHOES",
    "APPLICATION_FIELDS",
    "APPLICATION_KEYS",
    "ENDPOINT_FIELDS",
    "REPLY_KEYS",
    "AccountResource",
    "ApplicationBook",
    "ApplicationResource",
    "OffsetPaging",
    "application_problems",
    "enabled_names",
    "id_text",
    "numeric_id",
    "offset_page",
    "optional_text",
    "text_bool",
    "uri_id",
]
