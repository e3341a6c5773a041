"""Vendors' password rules, and passwords generated to meet them.

An empty password (or any empty secret) is refused by every write unless the vendor's
policy says it documents them (`allow_empty`).

A `Resource` whose create takes a password declares its vendor's documented rules as
`password_policy`; fleet operations generate the password of a new resource from it when the
input has none (passwords are write-only at every vendor, so they cannot be copied).
"""

from __future__ import annotations

import secrets
import string

import attrs

from telephony_core.secret import Secret

#: Length of a generated password when the vendor allows it (about 119 bits of letters and digits).
GENERATED_LENGTH = 20


@attrs.frozen(kw_only=True)
class PasswordPolicy:
    """What a vendor accepts as a password, as its documents say (`source` cites them).

    A generated password uses letters and digits (plus `symbols`, when the vendor requires
    one), at least one of each required kind, `GENERATED_LENGTH` characters long unless the
    vendor's bounds say otherwise.
    """

    min_length: int = 1
    max_length: int | None = None
    require_digit: bool = False
    require_lower: bool = False
    require_upper: bool = False
    #: Symbols a generated password may contain; when not empty, it contains one of them.
    symbols: str = ""
    #: Whether the vendor documents an empty password as valid (an open SIP account invites
    #: toll fraud: every write refuses one otherwise, see `Resource.declared_rule_errors`).
    allow_empty: bool = False
    #: Where the vendor documents these rules.
    source: str = ""

    def __attrs_post_init__(self) -> None:
        kinds = sum(required for required, _, _ in self._kinds())
        if self.min_length < 1 or (
            self.max_length is not None and self.max_length < max(self.min_length, kinds)
        ):
            raise ValueError(f"no password can meet {self!r}")

    def length(self) -> int:
        """The length of a generated password."""
        length = max(self.min_length, GENERATED_LENGTH)
        return min(length, self.max_length) if self.max_length else length

    def problems(self, value: str) -> list[str]:
        """The rules `value` breaks (empty when it meets the policy)."""
        found: list[str] = []
        if len(value) < self.min_length:
            found.append(f"at least {self.min_length} characters")
        if self.max_length is not None and len(value) > self.max_length:
            found.append(f"at most {self.max_length} characters")
        for required, kind, chars in self._kinds():
            if required and not any(c in chars for c in value):
                found.append(f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}")
        return found

    def generate(self) -> Secret:
        """A new random password (from `secrets`) that meets the policy."""
        alphabet = string.ascii_letters + string.digits + self.symbols
        length = self.length()
        while True:
            value = "".join(secrets.choice(alphabet) for _ in range(length))
            if not self.problems(value):
                return Secret(value)

    def _kinds(self) -> tuple[tuple[bool, str, str], ...]:
        return (
            (self.require_digit, "digit", string.digits),
            (self.require_lower, "lower-case letter", string.ascii_lowercase),
            (self.require_upper, "upper-case letter", string.ascii_uppercase),
            (bool(self.symbols), "symbol", self.symbols),
        )
