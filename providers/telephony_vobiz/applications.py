"""Vobiz applications (docs/vobiz.md gives the source of each rule).

Plivo-shaped (`telephony_core.plivo_style.ApplicationResource`): `/api/v1/Account/{auth_id}/
Application/`, trailing slash; create needs `app_name` and `answer_url`; an update changes
only the keys sent (the name too) and answers `{"message": "changed"}`; reads carry
`created_at` and `updated_at`.
"""

from telephony_core.plivo_style import (
    APPLICATION_ECHOES,
    APPLICATION_FIELDS,
    REPLY_KEYS,
    ApplicationResource,
    OffsetPaging,
)
from telephony_core.translate import FieldMap, WireField

FIELDS = FieldMap(
    *APPLICATION_FIELDS,
    WireField("name", "app_name"),
    WireField("created_at", "created_at", update=False, create=False),
    WireField("updated_at", "updated_at", update=False, create=False),
    ignore=(*APPLICATION_ECHOES, *REPLY_KEYS),
)


class VobizApplications(ApplicationResource):
    """`client.applications` at Vobiz."""

    fields = FIELDS
    collection_path = "/api/v1/Account/{auth_id}/Application/"
    #: List Applications: `limit` 20 by default, at most 100, and `offset`.
    paging = OffsetPaging(max_limit=100, default_limit=20)
