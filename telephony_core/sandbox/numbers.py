"""An emulator's number inventory: unbounded, as DESIGN "Sandbox" says.

A search yields well-formed numbers that match the filter (country, area code, digits the
number contains, kind), in a stable order, skipping the numbers some account of the emulator
holds; buying any valid E.164 number that no account holds works, so that a test can hold the
same number at two vendors, as after a completed port. The inventory knows nothing of a
vendor's wire format: each emulator shows the numbers as its vendor does.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import attrs

#: Calling code and national number length of the countries the inventory offers numbers of.
COUNTRIES: dict[str, tuple[str, int]] = {
    "US": ("1", 10),
    "CA": ("1", 10),
    "GB": ("44", 10),
    "AU": ("61", 9),
    "DE": ("49", 10),
    "IN": ("91", 10),
    "FR": ("33", 9),
    "NL": ("31", 9),
}
#: The area codes offered per country and kind, where the kind decides the first digits.
_PREFIXES: dict[tuple[str, str], tuple[str, ...]] = {
    ("US", "local"): ("415", "212", "312", "646", "720", "206"),
    ("CA", "local"): ("416", "604", "514"),
    ("US", "toll_free"): ("800", "833", "844", "855", "866", "877", "888"),
    ("CA", "toll_free"): ("800", "888"),
    ("GB", "local"): ("20", "161", "121"),
    ("GB", "mobile"): ("7700", "7900"),
    ("GB", "toll_free"): ("800",),
    ("AU", "local"): ("2", "3", "7"),
    ("AU", "mobile"): ("4",),
    ("DE", "local"): ("30", "89", "40"),
    ("DE", "mobile"): ("151", "160"),
    ("IN", "local"): ("80", "22", "11"),
    ("IN", "mobile"): ("9",),
    ("FR", "local"): ("1", "4"),
    ("FR", "mobile"): ("6", "7"),
    ("NL", "local"): ("20", "10"),
    ("NL", "mobile"): ("6",),
}
#: Candidates a search skips in a row before it ends (a `contains` that nothing near matches).
MAX_MISSES = 100_000
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def is_valid(number: str) -> bool:
    """Whether `number` is an E.164 number (`+` and 7 to 15 digits)."""
    return _E164.fullmatch(number) is not None


def country_of(number: str) -> str | None:
    """The first inventory country whose calling code `number` starts with (`+1...` is US)."""
    for country, (code, _) in COUNTRIES.items():
        if number.startswith("+" + code):
            return country
    return None


def classify(number: str) -> tuple[str, str] | None:
    """The country and kind of `number` as the inventory offers it (`("US", "toll_free")`
    for `+18005550100`, `("CA", "local")` for `+14165550100`): those of the longest area code
    the number starts with, among the countries of its calling code and length; None for a
    number the inventory offers nothing like."""
    best: tuple[int, str, str] | None = None
    for (country, kind), prefixes in _PREFIXES.items():
        code, length = COUNTRIES[country]
        national = number[1 + len(code) :]
        if not number.startswith("+" + code) or len(national) != length:
            continue
        for prefix in prefixes:
            if national.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), country, kind)
    return None if best is None else (best[1], best[2])


@attrs.define
class NumberInventory:
    """Which numbers the emulator's accounts hold, and the numbers it offers."""

    #: number (E.164) -> the account that holds it.
    holders: dict[str, str] = attrs.field(factory=dict)

    def offers(
        self,
        country: str,
        *,
        area_code: str | None = None,
        contains: str | None = None,
        number_type: str = "local",
    ) -> Iterator[str]:
        """Numbers of `country` no account holds that match the filter, in a stable order;
        endless where the filter leaves any room, empty where it leaves none (a country or
        kind the inventory has no numbers of, an area code it does not offer)."""
        known = COUNTRIES.get(country.upper())
        prefixes = _PREFIXES.get((country.upper(), number_type), ())
        if known is None:
            return
        code, length = known
        if area_code is not None:
            prefixes = tuple(
                p for p in prefixes if p.startswith(area_code) or area_code.startswith(p)
            )
            prefixes = tuple(area_code if area_code.startswith(p) else p for p in prefixes)
        misses = 0
        for serial in itertools.count():
            found = False
            for prefix in prefixes:
                rest = length - len(prefix)
                subscriber = _subscriber(serial, rest, number_type) if rest > 0 else None
                if subscriber is None:
                    continue
                found = True
                number = f"+{code}{prefix}{subscriber}"
                if (contains and contains not in number[1 + len(code) :]) or (
                    number in self.holders
                ):
                    misses += 1
                    if misses > MAX_MISSES:  # a filter that (almost) nothing matches
                        return
                    continue
                misses = 0
                yield number
            if not found:
                return

    @staticmethod
    def countries() -> tuple[str, ...]:
        """The countries the inventory offers numbers of (ISO 3166 alpha-2)."""
        return tuple(COUNTRIES)

    @staticmethod
    def country(number: str) -> str | None:
        """The inventory country `number` belongs to (`country_of`), or None."""
        return country_of(number)

    def holder(self, number: str) -> str | None:
        """The account that holds `number`, or None."""
        return self.holders.get(number)

    def hold(self, number: str, account: str) -> None:
        """`account` now holds `number` (bought, or seeded)."""
        self.holders[number] = account

    def release(self, number: str) -> None:
        """Nobody holds `number` any more."""
        self.holders.pop(number, None)


def _subscriber(serial: int, digits: int, number_type: str) -> str | None:
    """The `serial`-th subscriber part of `digits` digits, or None past the last. A local
    number's part starts with 2..9 (as a North American exchange does), from 555-0100 on."""
    if number_type != "local" or digits < 7:
        return str(serial).zfill(digits) if serial < 10**digits else None
    rest = 10 ** (digits - 1)
    total = 8 * rest
    if serial >= total:
        return None
    start = 3 * rest + 5_550_100 % rest if digits == 7 else 0  # 555-0100 first
    value = (start + serial) % total
    return str(2 + value // rest) + str(value % rest).zfill(digits - 1)
