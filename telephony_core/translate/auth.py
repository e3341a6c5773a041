"""Authentication headers for provider plugins, with every value a `Secret`.

`Provider.auth_headers()` returns these, so the credentials (and the header values made
from them) are masked in reprs, logs, dry runs, error excerpts and recorded cassettes.
"""

from __future__ import annotations

import base64
import binascii

from telephony_core.secret import Secret


def basic_auth(user: str | Secret, password: str | Secret) -> dict[str, str | Secret]:
    """`{"Authorization": Secret("Basic base64(user:password)")}` (RFC 7617, UTF-8)."""
    plain_user = user.reveal() if isinstance(user, Secret) else user
    plain_password = password.reveal() if isinstance(password, Secret) else password
    pair = f"{plain_user}:{plain_password}".encode()
    return {"Authorization": Secret("Basic " + base64.b64encode(pair).decode("ascii"))}


def parse_basic_auth(header: str | None) -> tuple[str, str] | None:
    """The user and password of an `Authorization: Basic ...` header value, or None when it
    is not one (the inverse of `basic_auth`, for emulators checking credentials)."""
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, colon, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if colon else None


def bearer_auth(token: str | Secret) -> dict[str, str | Secret]:
    """`{"Authorization": Secret("Bearer <token>")}`; a token that already starts with a
    scheme (`Bearer ...`, `Token ...`) is sent as given."""
    plain = token.reveal() if isinstance(token, Secret) else token
    scheme, _, rest = plain.partition(" ")
    if rest and scheme.isalpha():
        return {"Authorization": Secret(plain)}
    return {"Authorization": Secret(f"Bearer {plain}")}
