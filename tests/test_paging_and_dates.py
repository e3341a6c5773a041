"""The core helpers vendor plugins share: next-page links (`telephony_core.translate.paging`) and RFC
2822 dates (`telephony_core.dates`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from telephony_core.dates import rfc2822_datetime
from telephony_core.translate.paging import next_page_query

BASE = "https://api.example.com/prefix"
PATH = "/v1/Items.json"


@pytest.mark.parametrize(
    ("link", "query"),
    [
        (None, None),
        ("", None),
        (f"{PATH}?Page=1&PageToken=PA1", (("Page", "1"), ("PageToken", "PA1"))),
        (f"{BASE}{PATH}?Page=2", (("Page", "2"),)),
        (f"{PATH}?Name=a%20b&Empty=", (("Name", "a b"), ("Empty", ""))),
    ],
)
def test_a_next_page_link_gives_the_query_of_the_next_page(
    link: object, query: tuple[tuple[str, str], ...] | None
) -> None:
    assert next_page_query(link, base_url=BASE, path=PATH) == query


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/prefix/v1/Items.json?Page=1",  # another host
        f"https://api.example.com{PATH}?Page=1",  # the host, but not under the API root
        f"//evil.example{PATH}?Page=1",  # scheme-relative
        "/v1/Other.json?Page=1",  # another listing
        f"{PATH}#frag",
        "Items.json?Page=1",  # not rooted
        7,
        ["/v1/Items.json"],
    ],
)
def test_a_link_that_leads_elsewhere_is_refused(link: object) -> None:
    with pytest.raises(ValueError, match="next page link"):
        next_page_query(link, base_url=BASE, path=PATH)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("Wed, 19 Aug 2015 19:48:45 +0000", datetime(2015, 8, 19, 19, 48, 45, tzinfo=UTC)),
        (
            "Mon, 20 Jul 2015 17:27:10 +0200",
            datetime(2015, 7, 20, 17, 27, 10, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("19 Aug 2015 19:48:45 GMT", datetime(2015, 8, 19, 19, 48, 45, tzinfo=UTC)),
    ],
)
def test_rfc2822_dates_are_read_as_aware_datetimes(text: str, moment: datetime) -> None:
    assert rfc2822_datetime(text) == moment


@pytest.mark.parametrize(
    "value", ["2015-08-19T19:48:45Z", "yesterday", "", "Wed, 19 Aug 2015 19:48:45 -0000", 5, None]
)
def test_anything_else_is_a_value_error(value: object) -> None:
    with pytest.raises(ValueError, match="date"):
        rfc2822_datetime(value)
