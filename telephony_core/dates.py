"""Reading the date formats vendors send, for `WireField.from_wire` converters."""

from __future__ import annotations

from datetime import UTC, date, datetime


def rfc2822_datetime(value: object) -> datetime:
    """An RFC 2822 date (`Wed, 19 Aug 2015 19:48:45 +0000`) as an aware `datetime`.

    Anything else is a `ValueError` (a date without a zone is refused: it names no instant).
    """
    from email.utils import parsedate_to_datetime  # here: `email` costs start-up time

    if not isinstance(value, str):
        raise ValueError("the date is not a string")
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"not an RFC 2822 date: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"the RFC 2822 date has no time zone: {value!r}")
    return parsed


def calendar_date(value: object) -> datetime:
    """A day (`2022-09-05`, as Plivo dates its subaccounts) as midnight UTC of that day: the
    vendor gives no time and no zone. Anything else is a `ValueError`."""
    if not isinstance(value, str):
        raise ValueError("the date is not a string")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a YYYY-MM-DD date: {value!r}") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
