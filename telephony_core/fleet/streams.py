"""Sync or async iterables, consumed the async way."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable
from typing import TypeVar

T = TypeVar("T")


async def as_async(items: Iterable[T] | AsyncIterable[T]) -> AsyncIterator[T]:
    """Iterate `items` with `async for`, whether it is a sync or an async iterable."""
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item
