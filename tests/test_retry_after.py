"""`Retry-After` as RFC 9110 defines it: delta-seconds or an HTTP-date, bounded; anything
else is no advice (never an infinite, negative or made-up wait)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telephony_core.translate.retry_after import MAX_RETRY_AFTER, parse_retry_after, reply_date

NOW = datetime(1994, 11, 6, 8, 49, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        (" 120 ", 120.0),
        ("0", 0.0),
        ("007", 7.0),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 7.0),  # IMF-fixdate
        ("Sunday, 06-Nov-94 08:49:37 GMT", 7.0),  # obsolete RFC 850
        ("Sun Nov  6 08:49:37 1994", 7.0),  # obsolete asctime
        ("Sun, 06 Nov 1994 08:00:00 GMT", 0.0),  # in the past: now
        ("86401", MAX_RETRY_AFTER),
        ("9" * 5000, MAX_RETRY_AFTER),  # longer than any int() may parse
    ],
)
def test_valid_values(value: str, seconds: float) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


@pytest.mark.parametrize(
    "value", [None, "", "1e400", "inf", "nan", "-5", "1.5", "soon", "\uff11\uff12", "0x10", "1 2"]
)
def test_anything_else_is_no_advice(value: str | None) -> None:
    assert parse_retry_after(value, now=NOW) is None


def test_a_date_counts_from_the_local_clock_without_a_reply_date() -> None:
    assert parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT") == 0.0
    assert reply_date("Sun, 06 Nov 1994 08:49:30 GMT") == NOW
    assert reply_date("yesterday") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_bounded_wait_or_none(value: str) -> None:
    seconds = parse_retry_after(value, now=NOW)
    assert seconds is None or (math.isfinite(seconds) and 0 <= seconds <= MAX_RETRY_AFTER)
