"""Hypothesis strategies for the conformance suite's property checks: vendor replies no vendor
documents (fuzzed from the documented ones, echoing the client's secrets in every spelling
a server may write them in) and ids that try to leave their path segment."""

from __future__ import annotations

import base64
import html.entities
import json
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import attrs
from hypothesis import strategies as st

#: Statuses a vendor may answer with, the documented ones and the odd ones.
STATUSES = (200, 201, 202, 204, 301, 304, 400, 401, 403, 404, 406, 409, 422, 429, 500, 502, 503)
#: Bodies that broke readers before: empty, binary, HTML, truncated, deeply nested, huge.
CLASSIC_BODIES = (
    b"",
    b"\x00\xff\xfe binary",
    b"<html><body>502 Bad Gateway</body></html>",
    b"null",
    b"[]",
    b"{}",
    b'{"truncated": ',
    b"[" * 1000,
    b'{"a":' * 150 + b"1" + b"}" * 150,
    b'{"error": ' + b"[" * 1000 + b"}",
    b'{"objects": "not a list", "meta": 7}',
    b'{"id": ' + b"9" * 5000 + b"}",
    b"x" * 300_000,
)
#: Ids (and scopes) that would escape their path segment, or break a URL, if put in unchecked.
HOSTILE_SEGMENTS = (
    "a/b",
    "../a",
    "..",
    ".",
    "a?b=c",
    "a#b",
    "a%2Fb",
    "%2e%2e",
    "..%2f",
    "a\\b",
    "a\x00b",
    "a\r\nX-Injected: 1",
    "a b",
    "\u202e",
    "\ud800",
    "",
    "~",
    "a" * 70_000,
    "é" * 3000,
)
_HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30)


@attrs.frozen
class FuzzedReply:
    """One fuzzed vendor reply."""

    status: int
    body: bytes
    headers: dict[str, str]
    #: The spellings of the client's secrets the body carries (none of them may show).
    echoed: tuple[str, ...] = ()

    def __repr__(self) -> str:
        shown = self.body[:80] + (b"..." if len(self.body) > 80 else b"")
        return f"FuzzedReply({self.status}, {shown!r}, {self.headers!r})"


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value, a few levels deep."""
    leaves = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=20)
    )
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=12), children, max_size=4)
        ),
        max_leaves=12,
    )


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `value` (object keys, list indexes), itself included."""
    paths = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            paths += _leaf_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths += _leaf_paths(child, (*path, index))
    return paths


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replaced(copy[head], rest, new)
    return copy


def _dropped(value: Any, path: tuple[Any, ...]) -> Any:
    """`value` without the object key at `path` (unchanged when `path` is not one)."""
    if not path:
        return value
    parent_path, key = path[:-1], path[-1]
    parent: Any = value
    for step in parent_path:
        parent = parent[step]
    if not isinstance(parent, dict):
        return value
    return _replaced(value, parent_path, {k: v for k, v in parent.items() if k != key})


@st.composite
def mutated_json(draw: st.DrawFn, documented: bytes) -> bytes:
    """A documented JSON reply with one value replaced by any JSON value, or one key dropped
    (a wrong type, a missing id, a list where an object was)."""
    value = json.loads(documented)
    path = draw(st.sampled_from(_leaf_paths(value)))
    if draw(st.booleans()):
        changed = _replaced(value, path, draw(json_values()))
    else:
        changed = _dropped(value, path)
    return json.dumps(changed).encode()


def _percent(char: str, upper: bool) -> str:
    return "".join(f"%{b:02X}" if upper else f"%{b:02x}" for b in char.encode("utf-8"))


def _json_escape(char: str, upper: bool) -> str:
    if char == "/":
        return "\\/"
    units = char.encode("utf-16-be")
    hexes = [units[i : i + 2].hex() for i in range(0, len(units), 2)]
    return "".join(f"\\u{h.upper() if upper else h}" for h in hexes)


def _html(char: str, style: int) -> str:
    name = html.entities.codepoint2name.get(ord(char))
    if style == 0 and name:
        return f"&{name};"
    return f"&#{ord(char)};" if style % 2 else f"&#x{ord(char):x};"


#: How a server may write one character of a secret it echoes (the index varies the case of
#: hex digits and the form of HTML references).
CHARACTER_SPELLINGS: tuple[Callable[[str, int], str], ...] = (
    lambda char, i: char,
    lambda char, i: _percent(char, True),
    lambda char, i: _percent(char, False),
    lambda char, i: _json_escape(char, i % 2 == 0),
    lambda char, i: _html(char, i % 3),
)


@st.composite
def secret_spellings(draw: st.DrawFn, secret: str) -> str:
    """`secret` as a server may echo it: each character as is, percent-encoded (upper or lower
    case), JSON-escaped (`\\uXXXX`, `\\/`) or as an HTML reference, mixed; or base64 of it
    with text around (an HTTP Basic header, a blob), in either alphabet."""
    if draw(st.integers(0, 4)) == 0:
        before = draw(st.text(st.characters(codec="ascii"), max_size=5))
        data = f"{before}:{secret}".encode("utf-8", "surrogateescape")
        encode = draw(st.sampled_from([base64.b64encode, base64.urlsafe_b64encode]))
        return encode(data).decode("ascii")
    spell = st.sampled_from(CHARACTER_SPELLINGS)
    return "".join(draw(spell)(char, index) for index, char in enumerate(secret))


@st.composite
def echoing(draw: st.DrawFn, secrets: Sequence[str]) -> tuple[bytes, tuple[str, ...]]:
    """A body that repeats one of the client's secrets in some spelling, around where an
    excerpt is cut (the first 200 characters), as text, in HTML or under a JSON key; and the
    spelling it used."""
    secret = draw(st.sampled_from(sorted(secrets)))
    spelled = draw(secret_spellings(secret))
    padding = "x" * draw(st.integers(min_value=0, max_value=260))
    shape = draw(st.integers(0, 2))
    if shape == 0:
        body = f"{padding}{spelled} tail".encode()
    elif shape == 1:
        body = f"<html>{padding}Bearer {spelled}</html>".encode()
    else:
        error = {"error": padding + spelled, "details": {"echo": {"v": spelled}}}
        body = json.dumps(error, ensure_ascii=False).encode()
    return body, (spelled,)


@st.composite
def echoed_in_documented(
    draw: st.DrawFn, documented: bytes, secrets: Sequence[str]
) -> tuple[bytes, tuple[str, ...]]:
    """A documented JSON object reply with a secret of the client's, in some spelling, added
    under a key no vendor documents (a reply a model is read from: the value lands in
    `extra`)."""
    value = json.loads(documented)
    secret = draw(st.sampled_from(sorted(secrets)))
    spelled = draw(secret_spellings(secret))
    echo = draw(st.sampled_from([spelled, f"note: {spelled}", [spelled], {"v": spelled}]))
    return json.dumps({**value, "conformance_note": echo}).encode(), (spelled,)


def _truncated(body: bytes) -> st.SearchStrategy[bytes]:
    """`body` cut short anywhere."""
    return st.integers(0, len(body) - 1).map(lambda n: body[:n])


def _carrying_nothing(body: bytes) -> tuple[bytes, tuple[str, ...]]:
    return body, ()


def bodies(documented: Sequence[bytes], secrets: Sequence[str]) -> st.SearchStrategy[bytes]:
    """Reply bodies: the classics, random bytes and JSON, the documented replies truncated
    or mutated, and bodies echoing the client's secrets (in any spelling)."""
    return _bodies_and_echoes(documented, secrets).map(lambda pair: pair[0])


def _bodies_and_echoes(
    documented: Sequence[bytes], secrets: Sequence[str]
) -> st.SearchStrategy[tuple[bytes, tuple[str, ...]]]:
    """`bodies`, each with the spellings of the secrets it echoes."""
    plain: list[st.SearchStrategy[bytes]] = [
        st.sampled_from(CLASSIC_BODIES),
        st.binary(max_size=300),
        json_values().map(lambda value: json.dumps(value).encode()),
    ]
    carrying: list[st.SearchStrategy[tuple[bytes, tuple[str, ...]]]] = []
    if secrets:
        carrying.append(echoing(secrets))
    for body in documented:
        if body:
            plain.append(_truncated(body))
        try:
            json.loads(body)
        except ValueError:
            continue
        plain.append(mutated_json(body))
    return st.one_of(st.one_of(*plain).map(_carrying_nothing), *carrying)


def _echoes_documented(
    documented: Sequence[bytes], statuses: Sequence[int], secrets: Sequence[str]
) -> list[st.SearchStrategy[FuzzedReply]]:
    """The documented JSON object replies, with their own status, carrying a secret under a
    key no vendor documents (see `echoed_in_documented`)."""
    found: list[st.SearchStrategy[FuzzedReply]] = []
    for body, status in zip(documented, statuses, strict=False):
        try:
            value = json.loads(body)
        except ValueError:
            continue
        if secrets and isinstance(value, dict):
            found.append(echoed_in_documented(body, secrets).map(partial(_reply_of, status)))
    return found


def _reply_of(status: int, echo: tuple[bytes, tuple[str, ...]]) -> FuzzedReply:
    return FuzzedReply(status, echo[0], {}, echo[1])


def replies(
    documented: Sequence[bytes], secrets: Sequence[str], statuses: Sequence[int] = ()
) -> st.SearchStrategy[list[FuzzedReply]]:
    """The replies to the requests of one call, in order (the last one repeats); `statuses`
    are those of the `documented` replies (a documented reply carrying a secret keeps its
    status, so that the call reads it)."""
    fuzzed = st.builds(
        lambda status, body, headers: FuzzedReply(status, body[0], headers, body[1]),
        status=st.sampled_from(STATUSES) | st.integers(min_value=200, max_value=599),
        body=_bodies_and_echoes(documented, secrets),
        headers=st.dictionaries(
            st.sampled_from(["Retry-After", "X-Total", "Content-Type", "Location", "Link"]),
            _HEADER_TEXT | st.sampled_from(["1e400", "-1", "9" * 5000, "application/json"]),
            max_size=3,
        ),
    )
    reply = st.one_of(fuzzed, *_echoes_documented(documented, statuses, secrets))
    return st.lists(reply, min_size=1, max_size=4)


def hostile_segments() -> st.SearchStrategy[str]:
    """Ids and scopes: the known escapes, and any text at all (control characters and lone
    surrogates included)."""
    return st.sampled_from(HOSTILE_SEGMENTS) | st.text(
        st.characters(exclude_categories=()), max_size=40
    )
