"""Listings: a page and its cursor, following a vendor's next-page link without letting it
lead elsewhere, and listings that always end.

Vendors that page with links (Twilio's `next_page_uri`, Plivo-style `meta.next`) answer each
page with the path and query of the next one. A plan sends that query to the path it listed,
and only if the link names that same path: a link to another host or path is a malformed
reply, never a request to wherever it points. A listing ends where the vendor first says it
does (`listing_goes_on`: an empty page, a null next-page link, the total reached), as the
vendors' own SDKs stop; one that keeps claiming more pages without giving anything new (a
`next` link always set, a total never reached, a page parameter ignored) is stopped
(`ListingProgress`).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs

from telephony_core.errors import ProviderError

M = TypeVar("M")


@attrs.frozen
class Page(Generic[M]):
    """One page of a listing and the cursor of the next (None on the last page)."""

    items: list[M]
    next: Any = None


#: A next-page cursor: the query of the next page's link, as pairs.
PageQuery = tuple[tuple[str, str], ...]


def next_page_query(link: object, *, base_url: str, path: str) -> PageQuery | None:
    """The query of `link`, the vendor's link to the next page of the listing at `path`.

    `link` is relative to the API root (`/2010-04-01/...?Page=1`) or an absolute URL under
    `base_url`; None or an empty string means the listing ends (None is returned). A link
    that is not a string, leaves `base_url`, or names another path is a `ValueError`.
    """
    if link is None or link == "":
        return None
    if not isinstance(link, str):
        raise ValueError("the next page link is not a string")
    relative = link.removeprefix(base_url) if "://" in link else link
    if "://" in relative or not relative.startswith("/"):
        raise ValueError(f"the next page link leaves the API root: {link!r}")
    parts = urlsplit(relative)
    if parts.netloc:
        raise ValueError(f"the next page link leaves the API root: {link!r}")
    if unquote(parts.path) != unquote(path) or parts.fragment:
        raise ValueError(f"the next page link names another listing: {link!r}")
    return tuple(parse_qsl(parts.query, keep_blank_values=True))


def listing_goes_on(
    returned: int, *, read: int = 0, total: int | None = None, next_link: bool | None = None
) -> bool:
    """Whether the vendor says its listing goes on after a page of `returned` items, `read`
    items having been read in all (this page included).

    The listing ends at the first sign the vendor gives of its end: an empty page, a next-page
    link that is null or empty (`next_link=False`; None where the vendor's replies have no
    such link), or `total` items read. Otherwise it goes on while there is a link to the next
    page or a total above what was read. (A vendor's total can exceed what its listing holds,
    e.g. Plivo's `total_count` 11 on a last page of 2 with `next: null`.)
    """
    if returned == 0 or next_link is False:
        return False
    if total is not None and read >= total:
        return False
    return next_link is True or total is not None


#: Empty pages in a row that claim more before a listing is stopped.
MAX_EMPTY_PAGES = 20


class ListingProgress:
    """Watches the pages of one listing, in order, and stops one that does not advance.

    `advance(cursor, page)` returns the cursor of the next page (None after the last) and
    raises `ProviderError` for a page that brings nothing new: after the first page, one
    whose items were all listed before (the vendor repeats itself); one whose next cursor
    was used before (the same page again); or the `MAX_EMPTY_PAGES`th empty page in a row
    that claims more (an empty page can be legitimate where the plugin leaves items out). A
    never-advancing listing therefore stops at its second request. Memory: one hash per
    item and per page.
    """

    def __init__(
        self, provider: str, resource: str, key: Callable[[Any], Any] = attrgetter("id")
    ) -> None:
        self.provider = provider
        self.resource = resource.replace("_", " ")
        self.pages = 0
        self._key = key
        self._seen: set[int] = set()
        self._empty = 0
        self._cursors: set[int] = set()

    def advance(self, cursor: Any, page: Page[Any]) -> Any:
        """Check `page`, fetched with `cursor`; return the next page's cursor, or None."""
        self.pages += 1
        self._cursors.add(hash(repr(cursor)))
        ids = {hash(self._key(item)) for item in page.items}
        if self.pages > 1 and ids and ids <= self._seen:
            raise self._stuck("repeats items already listed (is the vendor ignoring paging?)")
        self._seen |= ids
        if page.next is None:
            return None
        self._empty = 0 if page.items else self._empty + 1
        if self._empty >= MAX_EMPTY_PAGES:
            raise self._stuck(f"is the {MAX_EMPTY_PAGES}th empty page in a row to claim more")
        if hash(repr(page.next)) in self._cursors:
            raise self._stuck(f"points to a page already read ({page.next!r}) as the next")
        return page.next

    def _stuck(self, why: str) -> ProviderError:
        return ProviderError(
            f"{self.provider}: the {self.resource} listing does not advance: "
            f"page {self.pages} {why}; stopped after {self.pages} requests",
            provider=self.provider,
        )
