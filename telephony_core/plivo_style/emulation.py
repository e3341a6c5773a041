"""For the emulators of Plivo-style APIs: the page a listing request asks for, as such APIs
answer it (`limit`/`offset` in, `meta` with the total and the neighbouring pages' links out)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from telephony_core.sandbox import EmuRequest

T = TypeVar("T")


def offset_page(
    request: EmuRequest,
    items: Sequence[T],
    *,
    max_limit: int,
    refuse: Callable[[str], Exception],
    default_limit: int = 20,
    total_key: str = "total_count",
    links: bool = True,
) -> tuple[list[T], dict[str, Any]]:
    """The items of the page `request` asks for, and the `meta` that describes it.

    `limit` (1 to `max_limit`, default `default_limit`) and `offset` (from 0) come from the
    query; `refuse(message)` is raised for any other value. `meta` holds the limit, the
    offset, the total under `total_key` and, with `links`, the `next` and `previous` pages'
    paths with their query (null at either end).
    """
    try:
        limit = int(request.arg("limit") or default_limit)
        offset = int(request.arg("offset") or 0)
    except ValueError:
        raise refuse("limit and offset must be whole numbers") from None
    if not 1 <= limit <= max_limit or offset < 0:
        raise refuse(f"limit must be 1 to {max_limit}, offset 0 or more")
    meta: dict[str, Any] = {"limit": limit, "offset": offset, total_key: len(items)}
    if links:

        def link(start: int) -> str:
            return f"{request.path}?limit={limit}&offset={start}"

        more = offset + limit < len(items)
        meta["next"] = link(offset + limit) if more else None
        meta["previous"] = link(max(0, offset - limit)) if offset else None
    return list(items[offset : offset + limit]), meta
