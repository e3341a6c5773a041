"""Offset paging as Plivo-style APIs do it: `limit` and `offset` in the query, and replies
`{"meta": {"limit", "offset", "total_count", "next", "previous"}, "objects": [...]}`.

The next page's offset is the one read plus the items it held, until the vendor says the
listing ends (`listing_goes_on`): an empty page, `meta.next` null, or the total reached,
whichever comes first (Plivo's own SDKs stop on `next: null` even where `total_count` is
larger). The link itself is not followed: its form differs from one copy of the documents to another (`/v1/...`, `v1/...`),
and the offset is all it carries.
"""

from __future__ import annotations

from typing import Any

import attrs

from telephony_core.translate.paging import listing_goes_on


@attrs.frozen(kw_only=True)
class OffsetPaging:
    """One vendor listing's paging rules.

    `max_limit` is the largest `limit` the vendor accepts; `default_limit` the one sent when
    the caller asks for no page size (None: send no `limit`, the vendor's default applies);
    `offset_on_first_page` whether `offset=0` is sent; `total_keys` the `meta` keys that may
    carry the total, in order of preference.
    """

    max_limit: int
    default_limit: int | None = None
    offset_on_first_page: bool = True
    total_keys: tuple[str, ...] = ("total_count",)

    def query(self, offset: int, page_size: int | None) -> list[tuple[str, int]]:
        """The query of the page at `offset`, of `page_size` items (at most `max_limit`)."""
        query: list[tuple[str, int]] = []
        limit = page_size or self.default_limit
        if limit is not None:
            query.append(("limit", min(limit, self.max_limit)))
        if offset or self.offset_on_first_page:
            query.append(("offset", offset))
        return query

    def read(self, body: dict[str, Any], offset: int) -> tuple[list[Any], int | None]:
        """The objects of the page read at `offset`, and the next page's offset (None on the
        last page, as `listing_goes_on` says). A body without the `objects` list and the `meta` object, or with a total
        that is not a whole number (a null one says nothing), is a `ValueError`."""
        objects, meta = body.get("objects"), body.get("meta")
        if not isinstance(objects, list) or not isinstance(meta, dict):
            raise ValueError("expected 'objects' and 'meta'")
        key = next((key for key in self.total_keys if meta.get(key) is not None), None)
        total = meta.get(key) if key else None
        if key is not None and (isinstance(total, bool) or not isinstance(total, int)):
            raise ValueError(f"expected a whole number in 'meta.{key}'")
        end = offset + len(objects)
        link = None if "next" not in meta else meta["next"] not in (None, "")
        more = listing_goes_on(len(objects), read=end, total=total, next_link=link)
        return objects, end if more else None
