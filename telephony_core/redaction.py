"""Masking secrets in any text that may reach a user: errors, logs, dry-runs, cassettes."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from telephony_core.secret import MASK, Secret

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


@functools.lru_cache(maxsize=4096)
def is_secret_key(name: str) -> bool:
    """Whether a body key holds a secret value: one of `SECRET_KEYS`, or any `...password`."""
    return _SECRET_KEY.fullmatch(name) is not None


def wrap_secrets(key: str, value: Any, *, secret: bool = False) -> Any:
    """`value` as a model keeps it under `key` in `extra`: a string or number under a
    secret-named key (`is_secret_key`, or `secret=True`) becomes a `Secret`, at any depth
    of objects and lists (e.g. `{"tokens": {"access_token": Secret}}`)."""
    secret = secret or is_secret_key(key)
    if isinstance(value, Mapping):
        return {k: wrap_secrets(str(k), v, secret=secret) for k, v in value.items()}
    if isinstance(value, list):
        return [wrap_secrets(key, item, secret=secret) for item in value]
    if secret and isinstance(value, str | int | float) and not isinstance(value, bool):
        return Secret(str(value))
    return value


class Redactor:
    """Replaces known secret values, and values of secret-named JSON keys, with a mask."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole. Values shorter than
        # MIN_SECRET_LENGTH are not searched for: masking every "t" would garble the text.
        self._secrets = sorted(
            {s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True
        )

    def text(self, text: str) -> str:
        """`text` with every known secret masked."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return _JSON_SECRET.sub(rf'\1"{MASK}"', text)

    def __add__(self, other: Redactor) -> Redactor:
        return Redactor([*self._secrets, *other._secrets])
