"""Reading a `Retry-After` header as RFC 9110 (section 10.2.3) defines it: one reading for
the retry loop (`telephony_core.resilience.retries`) and `RateLimited.retry_after`
(`telephony_core.translate.vendor_errors`), a vendor's rate-limit reset header included.

The value is either delta-seconds (`1*DIGIT`) or an HTTP-date (IMF-fixdate, or the obsolete
RFC 850 and asctime forms). Anything else is no advice at all (None): a vendor's `1e400`,
`-5`, `1.5` or `soon` never becomes an infinite, negative or made-up wait. Every wait is
bounded by `MAX_RETRY_AFTER`; a date in the past means "now" (0).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telephony_core.translate.wire import WireResponse

#: The longest wait a `Retry-After` can ask for (one day); longer values are cut to it. A
#: call's deadline bounds the wait further: a client never sleeps past it.
MAX_RETRY_AFTER = 86_400.0


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait according to a `Retry-After` value, or None when it says nothing valid.

    `now` is the moment an HTTP-date counts from: the reply's `Date` header when it has one
    (so that a skewed local clock does not matter), else the local clock.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        # Digits only, read as an int (never a float that could overflow to inf); a long
        # run of digits is simply more than the bound.
        digits = text.lstrip("0") or "0"
        if len(digits) > len(str(int(MAX_RETRY_AFTER))):
            return MAX_RETRY_AFTER
        return min(float(digits), MAX_RETRY_AFTER)
    when = _http_date(text)
    if when is None:
        return None
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def advised_wait(response: WireResponse, *, reset_header: str | None = None) -> float | None:
    """The seconds a reply's `Retry-After` asks to wait (an HTTP-date counted from the reply's
    own `Date`), or None when it has none that is valid. `reset_header` names the vendor's
    header of seconds until its rate-limit window resets (`Provider.rate_limit_reset_header`),
    read, the same way, when there is no valid `Retry-After`: pass it for a reply that says
    the rate limit was hit (a 429), never for others (the header is on every reply)."""
    advice = parse_retry_after(
        response.header("retry-after"), now=reply_date(response.header("date"))
    )
    if advice is None and reset_header is not None:
        advice = parse_retry_after(response.header(reset_header))
    return advice


def reply_date(value: str | None) -> datetime | None:
    """A reply's `Date` header as an aware datetime, or None when absent or unreadable."""
    return _http_date(value.strip()) if value else None


def _http_date(text: str) -> datetime | None:
    from email.utils import parsedate_to_datetime  # here: `email` costs start-up time

    if text[:1].isdigit() or len(text) > 64:  # every HTTP-date starts with a day name
        return None
    try:
        when = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError):
        return None
    # asctime has no zone: HTTP-dates are always GMT.
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
