"""The sans-I/O wire types: what a plan yields (`WireRequest`) and receives (`WireResponse`)."""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import attrs

from telephony_core.errors import ProviderError, ValidationError
from telephony_core.secret import Secret
from telephony_core.translate.redaction import Redactor, redactor_for

T = TypeVar("T")

#: A translation of one neutral call: yields requests, receives replies, returns the result.
Plan = Generator["WireRequest", "WireResponse", T]

_UNSAFE_SEGMENT_CHARS = frozenset("/\\?#%")
_UNSAFE_OR_SPACE = re.compile(r"[/\\?#% ]|\.\.")
#: A segment of only these characters is the same percent-encoded (RFC 3986 "unreserved").
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+")
#: The longest value `check_segment` accepts in one path segment.
MAX_SEGMENT_LENGTH = 1024
#: The deepest nesting of arrays and objects a vendor reply may have (no vendor documents
#: more than a handful of levels; a deeper body is malformed, not a reason to overflow).
MAX_JSON_DEPTH = 100
#: The longest request URL we send: 8 KiB, what common servers and proxies accept.
MAX_URL_LENGTH = 8192
#: The most digits a count (e.g. a total in a header) may have: anything longer is no count.
MAX_COUNT_DIGITS = 18


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
    """JSON text with every object a `JsonObject` (repeated keys kept); `ValueError` when it
    is not JSON, or nested more than `MAX_JSON_DEPTH` levels deep (never a `RecursionError`)."""
    if isinstance(body, bytes | bytearray):  # as json.loads reads bytes: UTF-8, -16 or -32
        text = body.decode(json.detect_encoding(body), "surrogatepass")
    else:
        text, body = body, body.encode("utf-8", "surrogatepass")
    try:
        value = _DECODER.decode(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    # Only a body with more openers than the limit can be nested deeper than it.
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and _deeper_than(value, MAX_JSON_DEPTH):
        raise ValueError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
    return value


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether `value` has arrays or objects nested more than `limit` levels deep."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def parse_count(text: str | None) -> int | None:
    """A non-negative decimal count (at most `MAX_COUNT_DIGITS` digits), else None."""
    if text is None:
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_COUNT_DIGITS:
        return None
    return int(text)


@attrs.frozen(kw_only=True)
class WireRequest:
    """One vendor HTTP request, before it is sent.

    `secrets` lists the secret values the request carries (auth header values, passwords in
    the body) so that reprs, logs, dry-runs and error messages can mask them; `secret_keys`
    the vendor's declared secret body keys (`Provider.secret_fields`), whose values are
    masked in any text of the exchange too (both through `redactor`). `idempotent` overrides
    whether it may be sent again after a failure (None: by its method and the operation, see
    `telephony_core.resilience.retries`).
    """

    method: str
    base_url: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_headers, repr=False)
    body: bytes | None = attrs.field(default=None, repr=False)
    secrets: frozenset[str] = attrs.field(factory=frozenset, repr=False, eq=False)
    secret_keys: frozenset[str] = attrs.field(factory=frozenset, repr=False, eq=False)
    idempotent: bool | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def url(self) -> str:
        """The full URL, query string included."""
        url = self.base_url.rstrip("/") + self.path
        return f"{url}?{urlencode(self.query)}" if self.query else url

    @property
    def redactor(self) -> Redactor:
        """A redactor that masks this request's secrets (and its vendor's secret keys)."""
        return redactor_for(self.secrets, self.secret_keys)

    def __repr__(self) -> str:
        body = self.redactor.text(self.body.decode("utf-8", "replace")) if self.body else None
        return f"WireRequest({self.method} {self.redactor.text(self.url)}, body={body!r})"


@attrs.frozen(kw_only=True)
class WireResponse:
    """One vendor HTTP reply. Header names are lower-case.

    `secrets` and `secret_keys` are those of the request it answers (the drivers fill them
    in, `for_request`), so that an excerpt of a reply that echoes them, or that carries a
    vendor's secret key, is masked (`excerpt`).
    """

    status: int
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    body: bytes = attrs.field(default=b"", repr=False)
    secrets: frozenset[str] = attrs.field(factory=frozenset, repr=False, eq=False)
    secret_keys: frozenset[str] = attrs.field(factory=frozenset, repr=False, eq=False)

    @classmethod
    def for_request(
        cls, request: WireRequest, status: int, headers: Mapping[str, str], body: bytes
    ) -> WireResponse:
        """The reply to `request`, knowing what of it to mask."""
        return cls(
            status=status,
            headers=headers,
            body=body,
            secrets=request.secrets,
            secret_keys=request.secret_keys,
        )

    def header(self, name: str) -> str | None:
        """A header's value, looked up case-insensitively."""
        return self.headers.get(name.lower())

    def json(self, *, provider: str | None = None) -> Any:
        """The body parsed as JSON (objects as `JsonObject`); a malformed body is a
        `ProviderError`, never a JSON error."""
        try:
            return parse_json(self.body)
        except ValueError:  # UnicodeDecodeError is one
            raise ProviderError(
                f"malformed reply (status {self.status}): the body is not JSON",
                provider=provider,
                status=self.status,
                body_excerpt=self.excerpt(),
            ) from None

    def excerpt(self) -> str:
        """A short excerpt of the body with the request's secrets masked (see `excerpt`)."""
        return excerpt(self.body, redactor_for(self.secrets, self.secret_keys))


def excerpt(body: bytes, redactor: Redactor | None = None, limit: int = 200) -> str:
    """A short printable excerpt of a reply body, secrets masked before it is cut (so that
    no part of a secret straddling the cut shows). Without a `redactor`, the values of
    secret-named keys and URL credentials are masked."""
    redactor = redactor or Redactor()
    reach = redactor.reach
    window = limit + reach
    # Masking the whole of a large body would cost for nothing: only the window can show. A
    # secret cut off at the window's end shows nowhere before the last `reach` characters of
    # the masked window: the window grows until those are past the excerpt's end.
    while True:
        text = body[: window * 4 + 4].decode("utf-8", "replace")
        masked = redactor.text(text[:window])
        if len(masked) >= limit + reach or len(text) <= window:
            break
        window *= 2
    cut = masked[:limit]
    return cut + ("..." if len(cut) < len(masked) or len(text) > window else "")


def check_segment(field: str, value: object) -> str:
    """Return `value` if it is safe as one URL path segment, else raise `ValidationError`.

    Ids can never change the path they are put in: `/`, `\\`, `?`, `#`, `%`, control
    characters, whitespace, and the dot segments `.` and `..` are refused.
    """
    if not isinstance(value, str):
        raise ValidationError(field_errors={field: f"must be a string, not {type(value).__name__}"})
    # Only ASCII space is both printable and whitespace: the common case costs two scans.
    if (
        len(value) <= MAX_SEGMENT_LENGTH
        and value.isprintable()
        and _UNSAFE_OR_SPACE.search(value) is None
        and value not in (".", "")
    ):
        return value
    if not value:
        raise ValidationError(field_errors={field: "must not be empty"})
    if len(value) > MAX_SEGMENT_LENGTH:
        raise ValidationError(
            field_errors={field: f"must be at most {MAX_SEGMENT_LENGTH} characters long"}
        )
    if value in (".", "..") or ".." in value:
        raise ValidationError(field_errors={field: "must not contain '..'"})
    bad = sorted(
        {c for c in value if c in _UNSAFE_SEGMENT_CHARS or not c.isprintable() or c.isspace()}
    )
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise ValidationError(field_errors={field: f"must not contain {shown}"})
    return value


def check_query(url: str, query: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """`query` as a tuple, if it can be sent after `url` (the base URL and path); else a
    `ValidationError` naming the parameter: text that is not Unicode, or a URL longer than
    `MAX_URL_LENGTH` (a parameter or an id too long for any server)."""
    pairs = tuple(query)
    for key, value in pairs:
        if not _is_utf8(key) or not _is_utf8(value):
            raise ValidationError(field_errors={key: _NOT_UNICODE})
    length = len(url) + len(urlencode(pairs)) + 1
    if length > MAX_URL_LENGTH:
        longest = max(pairs, key=lambda pair: len(pair[1]), default=None)
        where = f"query parameter {longest[0]}" if longest else "path"
        raise ValidationError(
            f"the request URL would be {length} characters long, more than the "
            f"{MAX_URL_LENGTH} servers accept: the {where} is too long"
        )
    return pairs


def build_path(template: str, **segments: str) -> str:
    """Fill `{name}` placeholders of `template` with checked, percent-encoded path segments."""
    safe = {
        name: value  # the common case: only unreserved characters, no dot segment
        if isinstance(value, str)
        and len(value) <= MAX_SEGMENT_LENGTH
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
_JSON = json.JSONEncoder(separators=(",", ":"), default=_reveal, allow_nan=False)


def _secrets_in(value: object, found: set[str], where: str) -> None:
    """Collect the `Secret` values in `value`; a `ValidationError` naming `where` for text
    that is not Unicode (a lone surrogate: JSON would carry it as `\udcff`)."""
    if isinstance(value, Secret | str):
        plain = value.reveal() if isinstance(value, Secret) else value
        if not plain.isascii() and not _is_utf8(plain):
            raise ValidationError(field_errors={where: _NOT_UNICODE})
        if isinstance(value, Secret):
            found.add(plain)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and not key.isascii() and not _is_utf8(key):
                raise ValidationError(field_errors={where: f"has a key that {_NOT_UNICODE}"})
            _secrets_in(item, found, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            _secrets_in(item, found, where)


def encode_json(value: Mapping[str, Any]) -> tuple[bytes, frozenset[str]]:
    """Encode a JSON body, revealing `Secret` values and returning them for masking. Text
    that is not Unicode (lone surrogates) is a `ValidationError` naming the body key."""
    found: set[str] = set()
    try:
        _secrets_in(value, found, "")
        text = _JSON.encode(value)
    except (TypeError, ValueError, RecursionError) as exc:
        # The message names the type at fault, never a value (it may be a secret).
        why = str(exc) if isinstance(exc, TypeError) else "not finite, circular or too deep"
        raise ValidationError(f"the request body cannot be sent as JSON: {why}") from None
    return text.encode(), frozenset(found)


def encode_form(pairs: Iterable[tuple[str, Any]]) -> tuple[bytes, frozenset[str]]:
    """Encode an `application/x-www-form-urlencoded` body, revealing and returning secrets."""
    found: set[str] = set()
    plain: list[tuple[str, str]] = []
    for key, value in pairs:
        if isinstance(value, Secret):
            found.add(value.reveal())
            value = value.reveal()
        plain.append((key, str(value)))
    for key, value in plain:
        if not _is_utf8(key) or not _is_utf8(value):
            raise ValidationError(field_errors={key: _NOT_UNICODE})
    return urlencode(plain).encode(), frozenset(found)


_NOT_UNICODE = "is not valid Unicode text (an undecodable byte, e.g. from a non-UTF-8 argument)"


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
