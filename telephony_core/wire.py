"""The sans-I/O wire types: what a plan yields (`WireRequest`) and receives (`WireResponse`)."""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import attrs

from telephony_core.errors import ProviderError, ValidationError
from telephony_core.redaction import Redactor
from telephony_core.secret import Secret

T = TypeVar("T")

#: A translation of one neutral call: yields requests, receives replies, returns the result.
Plan = Generator["WireRequest", "WireResponse", T]

_UNSAFE_SEGMENT_CHARS = frozenset("/\\?#%")
_UNSAFE_OR_SPACE = re.compile(r"[/\\?#% ]|\.\.")
#: A segment of only these characters is the same percent-encoded (RFC 3986 "unreserved").
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+")


def _headers(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


class JsonObject(dict[str, Any]):
    """A JSON object as the vendor sent it. The last value of a key sent more than once wins,
    as in any JSON parser; `repeated` keeps every value of each such key, in the order sent."""

    repeated: Mapping[str, list[Any]] = {}

    def copy_with(self, changes: Mapping[str, Any], drop: Iterable[str] = ()) -> JsonObject:
        """A copy with `changes` applied and the keys `drop` removed, that still knows the
        repeated keys."""
        left_out = frozenset(drop)
        copy = JsonObject({k: v for k, v in {**self, **changes}.items() if k not in left_out})
        copy.repeated = self.repeated
        return copy


def _json_object(pairs: list[tuple[str, Any]]) -> JsonObject:
    obj = JsonObject(pairs)
    if len(obj) < len(pairs):
        seen: dict[str, list[Any]] = {}
        for key, value in pairs:
            seen.setdefault(key, []).append(value)
        obj.repeated = {key: values for key, values in seen.items() if len(values) > 1}
    return obj


#: One decoder for every reply (`json.loads` with a hook builds a new one per call).
_DECODER = json.JSONDecoder(object_pairs_hook=_json_object)


def parse_json(body: bytes | str) -> Any:
    """JSON text with every object a `JsonObject` (repeated keys kept); raises `ValueError`."""
    if isinstance(body, bytes | bytearray):  # as json.loads reads bytes: UTF-8, -16 or -32
        body = body.decode(json.detect_encoding(body), "surrogatepass")
    return _DECODER.decode(body)


@attrs.frozen(kw_only=True)
class WireRequest:
    """One vendor HTTP request, before it is sent.

    `secrets` lists the secret values the request carries (auth header values, passwords in
    the body) so that reprs, logs, dry-runs and error messages can mask them.
    """

    method: str
    base_url: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_headers, repr=False)
    body: bytes | None = attrs.field(default=None, repr=False)
    secrets: frozenset[str] = attrs.field(factory=frozenset, repr=False, eq=False)

    @property
    def url(self) -> str:
        """The full URL, query string included."""
        url = self.base_url.rstrip("/") + self.path
        return f"{url}?{urlencode(self.query)}" if self.query else url

    @property
    def redactor(self) -> Redactor:
        """A redactor that masks this request's secrets."""
        return Redactor(self.secrets)

    def __repr__(self) -> str:
        body = self.redactor.text(self.body.decode("utf-8", "replace")) if self.body else None
        return f"WireRequest({self.method} {self.redactor.text(self.url)}, body={body!r})"


@attrs.frozen(kw_only=True)
class WireResponse:
    """One vendor HTTP reply. Header names are lower-case."""

    status: int
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """A header's value, looked up case-insensitively."""
        return self.headers.get(name.lower())

    def json(self, *, provider: str | None = None) -> Any:
        """The body parsed as JSON (objects as `JsonObject`); a malformed body is a
        `ProviderError`, never a JSON error."""
        try:
            return parse_json(self.body)
        except (ValueError, UnicodeDecodeError):
            masked = Redactor().text(self.body.decode("utf-8", "replace"))
            raise ProviderError(
                f"malformed reply (status {self.status}): the body is not JSON",
                provider=provider,
                status=self.status,
                body_excerpt=excerpt(masked.encode()),
            ) from None


def excerpt(body: bytes, limit: int = 200) -> str:
    """A short printable excerpt of a reply body (not yet redacted)."""
    text = body[:limit].decode("utf-8", "replace")
    return text + ("..." if len(body) > limit else "")


def check_segment(field: str, value: object) -> str:
    """Return `value` if it is safe as one URL path segment, else raise `ValidationError`.

    Ids can never change the path they are put in: `/`, `\\`, `?`, `#`, `%`, control
    characters, whitespace, and the dot segments `.` and `..` are refused.
    """
    if not isinstance(value, str):
        raise ValidationError(field_errors={field: f"must be a string, not {type(value).__name__}"})
    # Only ASCII space is both printable and whitespace: the common case costs two scans.
    if value.isprintable() and _UNSAFE_OR_SPACE.search(value) is None and value not in (".", ""):
        return value
    if not value:
        raise ValidationError(field_errors={field: "must not be empty"})
    if value in (".", "..") or ".." in value:
        raise ValidationError(field_errors={field: "must not contain '..'"})
    bad = sorted(
        {c for c in value if c in _UNSAFE_SEGMENT_CHARS or not c.isprintable() or c.isspace()}
    )
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise ValidationError(field_errors={field: f"must not contain {shown}"})
    return value


def build_path(template: str, **segments: str) -> str:
    """Fill `{name}` placeholders of `template` with checked, percent-encoded path segments."""
    safe = {
        name: value  # the common case: only unreserved characters, no dot segment
        if isinstance(value, str)
        and _UNRESERVED.fullmatch(value)
        and value != "."
        and ".." not in value
        else quote(check_segment(name, value), safe="~@:!$&'()*+,;=-._")
        for name, value in segments.items()
    }
    return template.format(**safe)


def _reveal(obj: object) -> object:
    if isinstance(obj, Secret):
        return obj.reveal()
    raise TypeError(f"cannot encode {type(obj).__name__} as JSON")


#: One encoder for every body (`json.dumps` with options builds a new one per call).
_JSON = json.JSONEncoder(separators=(",", ":"), default=_reveal)


def _secrets_in(value: object, found: set[str]) -> None:
    if isinstance(value, Secret):
        found.add(value.reveal())
    elif isinstance(value, Mapping):
        for item in value.values():
            _secrets_in(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _secrets_in(item, found)


def encode_json(value: Mapping[str, Any]) -> tuple[bytes, frozenset[str]]:
    """Encode a JSON body, revealing `Secret` values and returning them for masking."""
    found: set[str] = set()
    _secrets_in(value, found)
    return _JSON.encode(value).encode(), frozenset(found)


def encode_form(pairs: Iterable[tuple[str, Any]]) -> tuple[bytes, frozenset[str]]:
    """Encode an `application/x-www-form-urlencoded` body, revealing and returning secrets."""
    found: set[str] = set()
    plain: list[tuple[str, str]] = []
    for key, value in pairs:
        if isinstance(value, Secret):
            found.add(value.reveal())
            value = value.reveal()
        plain.append((key, str(value)))
    return urlencode(plain).encode(), frozenset(found)
