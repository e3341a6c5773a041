"""Plivo applications (docs/plivo.md gives the source of each rule).

Plivo-shaped (`telephony_core.plivo_style.ApplicationResource`): `/v1/Account/{auth_id}/
Application/`; create needs `app_name` and `answer_url` and answers 201 `{"app_id",
"message": "created"}`; Modify an Application takes every key but `app_name` and answers 202
`{"message": "changed"}`; listings of at most 20, filtered by `app_name` for `find`.
"""

from collections.abc import Mapping
from typing import ClassVar

from telephony_core.plivo_style import (
    APPLICATION_ECHOES,
    APPLICATION_FIELDS,
    REPLY_KEYS,
    ApplicationResource,
    OffsetPaging,
)
from telephony_core.translate import FieldMap, WireField

_NAME_SET_AT_CREATE = (
    "Plivo's Modify an Application takes no app_name: create an application with the new "
    "name, point the numbers and endpoints at it, and delete this one"
)

FIELDS = FieldMap(
    *APPLICATION_FIELDS,
    WireField("name", "app_name", update=False),
    ignore=(*APPLICATION_ECHOES, *REPLY_KEYS),
)


class PlivoApplications(ApplicationResource):
    """`client.applications` at Plivo."""

    fields = FIELDS
    collection_path = "/v1/Account/{auth_id}/Application/"
    paging = OffsetPaging(max_limit=20, default_limit=20)
    name_filter = "app_name"
    #: Plivo's Application object shows no `default_number_app` (the SDK's fixtures): it is
    #: set, never read back.
    write_only = frozenset({"default_for_numbers"})
    hints: ClassVar[Mapping[str, str]] = {"name": _NAME_SET_AT_CREATE}
    message_fields: ClassVar[Mapping[str, str]] = {
        "app_name": "name",
        "answer_url": "answer_url",
        "hangup_url": "hangup_url",
        "fallback_answer_url": "fallback_url",
        "message_url": "message_url",
    }
