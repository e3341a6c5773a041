"""Reading the values Plivo-style replies carry, for `WireField.from_wire` converters.

Each raises `ValueError` on a value it cannot read, so that the tolerant reader keeps the
vendor's value in `extra` (DESIGN "Reading vendor replies").
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

#: Keys of a reply itself, not of the resource in it: the request's id (`api_id`) and a
#: status text (`message`: `"created"`, `"changed"`).
REPLY_KEYS = ("api_id", "message")


def text_bool(value: object) -> bool:
    """A boolean sent as JSON `true`/`false` or as the strings `"true"`/`"false"`
    (e.g. `sip_registered`)."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("neither true nor false")


def id_text(value: object) -> str:
    """An id sent as a string or a number (`"37371860103666"` or `37371860103666`)."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)
    raise ValueError("an id is a string or a number")


def uri_id(value: object) -> str:
    """The id a resource URI ends in: `/v1/Account/MA123/Application/4567/` -> `"4567"`,
    `/v1/Account/MA123/` -> `"MA123"` (a bare id is read as itself)."""
    if not isinstance(value, str):
        raise ValueError("a resource URI is a string")
    last = urlsplit(value).path.rstrip("/").rsplit("/", 1)[-1]
    if not last or not last.isascii() or not last.replace("_", "").replace("-", "").isalnum():
        raise ValueError("not a resource URI")
    return last


def numeric_id(value: object) -> str:
    """An id made of digits, sent as a number, a string or a URI ending in it."""
    found = str(value) if isinstance(value, int) and not isinstance(value, bool) else uri_id(value)
    if not found.isdigit():
        raise ValueError("not a numeric id")
    return found


def optional_text(value: object) -> str | None:
    """A text value where an empty string means none (Plivo's `"fallback_answer_url": ""`)."""
    if value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def enabled_names(flags: Mapping[str, object]) -> frozenset[str]:
    """The names whose flag is true, read as `text_bool` does (`{"voice": true, "sms":
    "false"}` -> `{"voice"}`): a number's capabilities, however the vendor spells them."""
    return frozenset(name for name, flag in flags.items() if flag is not None and text_bool(flag))
