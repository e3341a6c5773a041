"""Masking secrets in any text that may reach a user: errors, logs, dry-runs, cassettes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from telephony_core.secret import MASK

#: Body keys whose values are secret at every vendor we know.
SECRET_KEYS = frozenset(
    {"password", "auth_token", "token", "secret", "api_key", "access_token", "refresh_token"}
)
_SECRET_KEY_PATTERN = "|".join(sorted(SECRET_KEYS | {r"[a-z0-9_-]*password"}))
MIN_SECRET_LENGTH = 4
# A value cut off by the end of a truncated body is masked too.
_JSON_SECRET = re.compile(
    rf'("(?:{_SECRET_KEY_PATTERN})"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|\\?\Z)', re.IGNORECASE
)
_SECRET_KEY = re.compile(_SECRET_KEY_PATTERN, re.IGNORECASE)
# The user information of a URL (`https://user:password@host`) is a credential wherever it shows.
_URL_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^\s/?#@]+@", re.IGNORECASE)


def is_secret_key(name: str) -> bool:
    """Whether a body key holds a secret value: one of `SECRET_KEYS`, or any `...password`."""
    return _SECRET_KEY.fullmatch(name) is not None


class Redactor:
    """Replaces known secret values, and values of secret-named JSON keys, with a mask."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole. Values shorter than
        # MIN_SECRET_LENGTH are not searched for: masking every "t" would garble the text.
        self._secrets = sorted(
            {s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True
        )

    def text(self, text: str) -> str:
        """`text` with every known secret, the values of secret-named JSON keys and the user
        information of URLs (`https://user:password@host`) masked."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        text = _URL_USERINFO.sub(rf"\1{MASK}@", text)
        return _JSON_SECRET.sub(rf'\1"{MASK}"', text)

    @property
    def longest(self) -> int:
        """The length of the longest secret searched for (0 without any)."""
        return len(self._secrets[0]) if self._secrets else 0

    def __add__(self, other: Redactor) -> Redactor:
        return Redactor([*self._secrets, *other._secrets])
