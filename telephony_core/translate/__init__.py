"""Translation without I/O, and the public API of provider plugins.

A provider plugin is a `Provider` (settings, auth, base URL) and one `Resource` per neutral
resource: field tables (`FieldMap`, `WireField`), plans that yield `WireRequest`s and read
`WireResponse`s, and declarations (natural key, password policy, error codes). Everything a
plugin imports from telephony-core is a name of `telephony_core` (models, errors, `Secret`,
`VendorPlugin`), of this package, of `telephony_core.sandbox` (its emulator) or of
`telephony_core.testing` (its tests); docs/plugins.md walks through one.

Names load on first use (`telephony_core.lazy`): `import telephony_core` does not pay for
the field maps and cattrs.
"""

from typing import TYPE_CHECKING

from telephony_core.lazy import lazy_names

if TYPE_CHECKING:
    from telephony_core.dates import calendar_date, rfc2822_datetime
    from telephony_core.models import Model, calling_code, e164
    from telephony_core.translate.auth import basic_auth, bearer_auth, parse_basic_auth
    from telephony_core.translate.changes import changeable_fields
    from telephony_core.translate.fieldmap import FieldMap, WireField
    from telephony_core.translate.paging import Page, PageQuery, listing_goes_on, next_page_query
    from telephony_core.translate.passwords import PasswordPolicy
    from telephony_core.translate.provider import Provider, Resource, Scope, Step, run_in_order
    from telephony_core.translate.redaction import wrap_secrets
    from telephony_core.translate.settings import Setting
    from telephony_core.translate.vendor_errors import ErrorCodes
    from telephony_core.translate.wire import (
        JsonObject,
        Plan,
        WireRequest,
        WireResponse,
        build_path,
        parse_count,
    )

_MODULES = {
    "calendar_date": "telephony_core.dates",
    "rfc2822_datetime": "telephony_core.dates",
    "Model": "telephony_core.models",
    "calling_code": "telephony_core.models",
    "e164": "telephony_core.models",
    "basic_auth": "telephony_core.translate.auth",
    "bearer_auth": "telephony_core.translate.auth",
    "parse_basic_auth": "telephony_core.translate.auth",
    "changeable_fields": "telephony_core.translate.changes",
    "FieldMap": "telephony_core.translate.fieldmap",
    "WireField": "telephony_core.translate.fieldmap",
    "Page": "telephony_core.translate.paging",
    "PageQuery": "telephony_core.translate.paging",
    "listing_goes_on": "telephony_core.translate.paging",
    "next_page_query": "telephony_core.translate.paging",
    "PasswordPolicy": "telephony_core.translate.passwords",
    "Provider": "telephony_core.translate.provider",
    "Resource": "telephony_core.translate.provider",
    "Scope": "telephony_core.translate.provider",
    "Step": "telephony_core.translate.provider",
    "run_in_order": "telephony_core.translate.provider",
    "wrap_secrets": "telephony_core.translate.redaction",
    "Setting": "telephony_core.translate.settings",
    "ErrorCodes": "telephony_core.translate.vendor_errors",
    "JsonObject": "telephony_core.translate.wire",
    "Plan": "telephony_core.translate.wire",
    "WireRequest": "telephony_core.translate.wire",
    "WireResponse": "telephony_core.translate.wire",
    "build_path": "telephony_core.translate.wire",
    "parse_count": "telephony_core.translate.wire",
}

__getattr__, __dir__ = lazy_names(globals(), _MODULES)

__all__ = [
    "ErrorCodes",
    "FieldMap",
    "JsonObject",
    "Model",
    "Page",
    "PageQuery",
    "PasswordPolicy",
    "Plan",
    "Provider",
    "Resource",
    "Scope",
    "Setting",
    "Step",
    "WireField",
    "WireRequest",
    "WireResponse",
    "basic_auth",
    "bearer_auth",
    "build_path",
    "calendar_date",
    "calling_code",
    "changeable_fields",
    "e164",
    "listing_goes_on",
    "next_page_query",
    "parse_basic_auth",
    "parse_count",
    "rfc2822_datetime",
    "run_in_order",
    "wrap_secrets",
]
