"""Masking secrets in any text that may reach a user: errors, logs, dry-runs, cassettes.

A secret is masked in every form it travels in: as is, percent-encoded (paths, queries, form
bodies), JSON-escaped, base64-encoded, and inside an HTTP Basic header (base64 of
`user:secret`, see `basic_forms` and `credential_secrets`).
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

from telephony_core.secret import MASK, Secret

#: Body keys whose values are secret at every vendor we know.
SECRET_KEYS = frozenset(
    {"password", "auth_token", "token", "secret", "api_key", "access_token", "refresh_token"}
)
_SECRET_KEY_PATTERN = "|".join(
    sorted(SECRET_KEYS | {r"[a-z0-9_-]*password", r"[a-z0-9_-]*auth_token"})
)
MIN_SECRET_LENGTH = 4
_SECRET_KEY = re.compile(_SECRET_KEY_PATTERN, re.IGNORECASE)
# The user information of a URL (`https://user:password@host`) is a credential wherever it shows.
_URL_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^\s/?#@]+@", re.IGNORECASE)


def secret_keys(names: Iterable[str]) -> frozenset[str]:
    """A provider's declared secret keys (`Provider.secret_fields`) as `is_secret_key` and
    `Redactor` compare them: case-insensitively."""
    return frozenset(name.lower() for name in names)


@functools.lru_cache(maxsize=4096)
def is_secret_key(name: str, declared: frozenset[str] = frozenset()) -> bool:
    """Whether a body key holds a secret value: one of `SECRET_KEYS`, any `...password` or
    `...auth_token` (e.g. Plivo's `new_auth_token`), or one of the vendor's `declared` keys
    (`secret_keys` of `Provider.secret_fields`, e.g. Telnyx's `api_token`)."""
    return name.lower() in declared or _SECRET_KEY.fullmatch(name) is not None


@functools.lru_cache(maxsize=64)
def _json_secret(declared: frozenset[str]) -> re.Pattern[str]:
    """The JSON `"key": "value"` pairs of secret-named keys (`is_secret_key`); a value cut off
    by the end of a truncated body is matched too."""
    names = "|".join([_SECRET_KEY_PATTERN, *(re.escape(key) for key in sorted(declared))])
    return re.compile(rf'("(?:{names})"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|\\?\Z)', re.IGNORECASE)


def wrap_secrets(
    key: str, value: Any, *, secret: bool = False, declared: frozenset[str] = frozenset()
) -> Any:
    """`value` as a model keeps it under `key` in `extra`: a string or number under a
    secret-named key (`is_secret_key`, with the vendor's `declared` keys, or `secret=True`)
    becomes a `Secret`, at any depth of objects and lists (e.g. `{"tokens": {"access_token":
    Secret}}`)."""
    secret = secret or is_secret_key(key, declared)
    if isinstance(value, Mapping):
        return {
            k: wrap_secrets(str(k), v, secret=secret, declared=declared) for k, v in value.items()
        }
    if isinstance(value, list):
        return [wrap_secrets(key, item, secret=secret, declared=declared) for item in value]
    if secret and isinstance(value, str | int | float) and not isinstance(value, bool):
        return Secret(str(value))
    return value


def _base64(text: str) -> set[str]:
    encoded = base64.b64encode(text.encode()).decode("ascii")
    return {encoded, encoded.rstrip("=")}


def encodings(secret: str) -> dict[str, str]:
    """`secret` in each form it may travel in -> the name of that form: as is,
    percent-encoded (path and form style), JSON-escaped (ASCII-only and not), and
    base64-encoded (padded and not)."""
    named = {secret: "as is"}
    for form in (quote(secret, safe=""), quote(secret), quote_plus(secret)):
        named.setdefault(form, "percent-encoded")
    for form in (json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]):
        named.setdefault(form, "JSON-escaped")
    for form in _base64(secret):
        named.setdefault(form, "base64-encoded")
    return named


def encoded_forms(secret: str) -> frozenset[str]:
    """`secret` as it may appear in text, in each of its `encodings`."""
    return frozenset(encodings(secret))


def basic_forms(user: str, secret: str) -> frozenset[str]:
    """What an HTTP Basic header carries for `user` and `secret`: base64 of `user:secret`."""
    return frozenset(_base64(f"{user}:{secret}"))


def credential_secrets(config: Mapping[str, str | Secret | None]) -> frozenset[str]:
    """The secrets of a provider's resolved settings: each `Secret` value, and each as an
    HTTP Basic header would carry it, with every plain setting (an account id) as the user
    and with the secret as the user (`secret:`), so that a hand-made Basic header is masked.
    """
    secrets = {v.reveal() for v in config.values() if isinstance(v, Secret) and v.reveal()}
    users = {v for v in config.values() if isinstance(v, str) and v} | {""}
    found = set(secrets)
    for secret in secrets:
        found |= basic_forms(secret, "")
        for user in users:
            found |= basic_forms(user, secret)
    return frozenset(found)


class Redactor:
    """Replaces known secret values (in each of their `encoded_forms`), and values of
    secret-named JSON keys (`is_secret_key`, with the vendor's `keys`), with a mask."""

    def __init__(self, secrets: Iterable[str] = (), keys: frozenset[str] = frozenset()) -> None:
        self.keys = keys
        # Longest first, so a secret containing another is masked whole. Values shorter than
        # MIN_SECRET_LENGTH are not searched for: masking every "t" would garble the text.
        self._plain = frozenset(s for s in secrets if len(s) >= MIN_SECRET_LENGTH)
        forms = {form for s in self._plain for form in encoded_forms(s)}
        self._secrets = sorted(
            (f for f in forms if len(f) >= MIN_SECRET_LENGTH), key=len, reverse=True
        )

    def text(self, text: str) -> str:
        """`text` with every known secret, the values of secret-named JSON keys and the user
        information of URLs (`https://user:password@host`) masked."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        text = _URL_USERINFO.sub(rf"\1{MASK}@", text)
        return _json_secret(self.keys).sub(rf'\1"{MASK}"', text)

    def is_secret_key(self, name: str) -> bool:
        """Whether body key `name` holds a secret at this vendor (`is_secret_key`)."""
        return is_secret_key(name, self.keys)

    @property
    def longest(self) -> int:
        """The length of the longest secret searched for (0 without any)."""
        return len(self._secrets[0]) if self._secrets else 0

    def __add__(self, other: Redactor) -> Redactor:
        return Redactor(self._plain | other._plain, self.keys | other.keys)
