"""Hypothesis strategies for the conformance suite's property checks: vendor replies no vendor
documents (fuzzed from the documented ones) and ids that try to leave their path segment."""

from __future__ import annotations

import json
from collections.abc import Sequence
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


def echoing(secrets: Sequence[str]) -> st.SearchStrategy[bytes]:
    """Bodies that repeat one of the client's secrets, around where an excerpt is cut (the
    first 200 characters), as text, in HTML or under a JSON key."""
    if not secrets:
        return st.nothing()
    secret = st.sampled_from(sorted(secrets))
    padding = st.integers(min_value=0, max_value=260).map(lambda n: "x" * n)
    return st.one_of(
        st.tuples(padding, secret).map(lambda p: f"{p[0]}{p[1]} tail".encode()),
        st.tuples(padding, secret).map(lambda p: f"<html>{p[0]}Bearer {p[1]}</html>".encode()),
        st.tuples(padding, secret).map(
            lambda p: json.dumps({"error": p[0] + p[1], "details": {"echo": {"v": p[1]}}}).encode()
        ),
    )


def _truncated(body: bytes) -> st.SearchStrategy[bytes]:
    """`body` cut short anywhere."""
    return st.integers(0, len(body) - 1).map(lambda n: body[:n])


def bodies(documented: Sequence[bytes], secrets: Sequence[str]) -> st.SearchStrategy[bytes]:
    """Reply bodies: the classics, random bytes and JSON, the documented replies truncated
    or mutated, and bodies echoing the client's secrets."""
    options: list[st.SearchStrategy[bytes]] = [
        st.sampled_from(CLASSIC_BODIES),
        st.binary(max_size=300),
        json_values().map(lambda value: json.dumps(value).encode()),
        echoing(secrets),
    ]
    for body in documented:
        if body:
            options.append(_truncated(body))
        try:
            json.loads(body)
        except ValueError:
            continue
        options.append(mutated_json(body))
    return st.one_of(*options)


def replies(
    documented: Sequence[bytes], secrets: Sequence[str]
) -> st.SearchStrategy[list[FuzzedReply]]:
    """The replies to the requests of one call, in order (the last one repeats)."""
    reply = st.builds(
        FuzzedReply,
        status=st.sampled_from(STATUSES) | st.integers(min_value=200, max_value=599),
        body=bodies(documented, secrets),
        headers=st.dictionaries(
            st.sampled_from(["Retry-After", "X-Total", "Content-Type", "Location", "Link"]),
            _HEADER_TEXT | st.sampled_from(["1e400", "-1", "9" * 5000, "application/json"]),
            max_size=3,
        ),
    )
    return st.lists(reply, min_size=1, max_size=4)


def hostile_segments() -> st.SearchStrategy[str]:
    """Ids and scopes: the known escapes, and any text at all (control characters and lone
    surrogates included)."""
    return st.sampled_from(HOSTILE_SEGMENTS) | st.text(
        st.characters(exclude_categories=()), max_size=40
    )
