"""Applications (the webhook bundles numbers and endpoints point at) as Plivo-style APIs keep
them, at Plivo and Vobiz alike: `.../Account/{auth_id}/Application/[{app_id}/]`, the same keys
(`app_name`, `answer_url`, `answer_method`, `fallback_answer_url`, ...), a create answered with
the new `app_id` only, updates that change only the keys sent.

A vendor's resource is `ApplicationResource` with its `collection_path`, `paging` and field
table: `FieldMap(*APPLICATION_FIELDS, <its name field>, ...)` (the vendors differ on whether
`app_name` can be changed).
"""

from __future__ import annotations

from typing import Any, ClassVar

from telephony_core.models import Application
from telephony_core.plivo_style.resources import AccountResource
from telephony_core.plivo_style.values import id_text, optional_text, text_bool
from telephony_core.translate.fieldmap import WireField
from telephony_core.translate.provider import Scope
from telephony_core.translate.wire import Plan

#: The Application keys both vendors document, as neutral fields (`app_name` aside).
APPLICATION_FIELDS = (
    WireField("id", "app_id", from_wire=id_text, update=False, create=False),
    WireField("answer_url", "answer_url", from_wire=optional_text),
    WireField("answer_method", "answer_method", to_wire=str),
    WireField("fallback_url", "fallback_answer_url", from_wire=optional_text),
    WireField("fallback_method", "fallback_method", to_wire=str),
    WireField("hangup_url", "hangup_url", from_wire=optional_text),
    WireField("hangup_method", "hangup_method", to_wire=str),
    WireField("message_url", "message_url", from_wire=optional_text),
    WireField("message_method", "message_method", to_wire=str),
    WireField("default_for_numbers", "default_number_app", from_wire=text_bool),
    WireField("default_for_devices", "default_endpoint_app", from_wire=text_bool),
)
#: Keys of an application object that say nothing neutral (links, ids the path holds).
APPLICATION_ECHOES = ("resource_uri",)


class ApplicationResource(AccountResource[Application]):
    """`client.applications` at a Plivo-style vendor.

    Create needs `app_name` and `answer_url` and answers `{"app_id", "message": "created"}`
    (the values sent fill in the rest); update is a partial POST answered 202
    `{"message": "changed"}`; delete answers 204. The natural key is the name: `find` reads
    the listing filtered by `name_filter` where the vendor has one, else the whole listing.
    """

    model = Application
    natural_key = "name"
    operations = frozenset({"get", "list", "create", "update", "delete"})
    required_at_create = frozenset({"name", "answer_url"})
    clearable = False  # neither vendor documents a null for any key
    #: The listing's query parameter that filters by `app_name`, if the vendor has one.
    name_filter: ClassVar[str | None] = None

    def plan_find(self, key: Any, scope: Scope) -> Plan[Application | None]:
        if self.name_filter is None:
            return (yield from super().plan_find(key, scope))
        path, query = self.path(scope), [(self.name_filter, key)]
        return (
            yield from self.find_in(
                key, lambda cursor: self.plan_page(path, scope, cursor, None, query)
            )
        )
