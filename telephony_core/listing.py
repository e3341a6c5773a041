"""Listings that always end: a vendor that keeps claiming more pages without giving anything
new (a `next` link always set, a total never reached, a page parameter ignored) is stopped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telephony_core.errors import ProviderError

if TYPE_CHECKING:
    from telephony_core.provider import Page

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

    def __init__(self, provider: str, resource: str) -> None:
        self.provider = provider
        self.resource = resource.replace("_", " ")
        self.pages = 0
        self._seen: set[int] = set()
        self._empty = 0
        self._cursors: set[int] = set()

    def advance(self, cursor: Any, page: Page[Any]) -> Any:
        """Check `page`, fetched with `cursor`; return the next page's cursor, or None."""
        self.pages += 1
        self._cursors.add(hash(repr(cursor)))
        ids = {hash(item.id) for item in page.items}
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
