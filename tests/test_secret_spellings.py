"""Secrets are masked in every spelling they travel in: percent-encoded in either case, JSON
escapes (`\\uXXXX`, `\\/`), HTML entities, base64 at any alignment, and those nested; in
error messages and excerpts, in the models' reprs (a reply echoing the token under an
innocent key keeps it as a `Secret` in `extra`), in CLI output, in the causes of a transport
error, and in what the client objects keep (`vars(client.provider)` holds no raw token)."""

from __future__ import annotations

import asyncio
import base64
import html.entities
import json
import re
import traceback
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import telephony_core as tel
from telephony_core.cli import cli
from telephony_core.secret import MASK, Secret
from telephony_core.translate.redaction import Redactor, credential_secrets, encoded_forms
from tests.loopback_server import Server

TOKEN = "Tok/en+Secret&Value=42"
SETTINGS = {"auth_id": "MA_SPELL", "auth_token": TOKEN, "retries": 0}


# One spelling of each character, as servers and templates write them.
def _percent(char: str, upper: bool) -> str:
    hexes = [f"{b:02X}" if upper else f"{b:02x}" for b in char.encode()]
    return "".join(f"%{h}" for h in hexes)


def _json_escape(char: str, upper: bool) -> str:
    if char == "/":
        return "\\/"
    units = char.encode("utf-16-be")
    pairs = [units[i : i + 2].hex() for i in range(0, len(units), 2)]
    return "".join(f"\\u{p.upper() if upper else p}" for p in pairs)


def _html(char: str, style: int) -> str:
    name = html.entities.codepoint2name.get(ord(char))
    if style == 0 and name:
        return f"&{name};"
    return f"&#{ord(char)};" if style == 1 else f"&#x{ord(char):x};"


def _lower_hex(percent_encoded: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda match: match[0].lower(), percent_encoded)


SPELLINGS = {
    "as is": lambda c, i: c,
    "percent, upper case": lambda c, i: _percent(c, True),
    "percent, lower case": lambda c, i: _percent(c, False),
    "JSON escape": lambda c, i: _json_escape(c, i % 2 == 0),
    "HTML entity": lambda c, i: _html(c, i % 3),
}


@st.composite
def spelled(draw: st.DrawFn, secret: str) -> str:
    """`secret` with each character spelled one of the ways above (mixed)."""
    kinds = list(SPELLINGS.values())
    return "".join(draw(st.sampled_from(kinds))(char, i) for i, char in enumerate(secret))


SECRETS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=8, max_size=24
)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.data(), SECRETS, st.text(max_size=20), st.text(max_size=20))
def test_a_secret_is_masked_in_any_mix_of_spellings(
    data: st.DataObject, secret: str, before: str, after: str
) -> None:
    spelling = data.draw(spelled(secret))
    masked = Redactor([secret]).text(f"{before}{spelling}{after}")
    assert spelling not in masked and MASK in masked


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_each_spelling_of_the_token_is_masked(name: str) -> None:
    spelling = "".join(SPELLINGS[name](c, i) for i, c in enumerate(TOKEN))
    assert Redactor([TOKEN]).text(f"seen: {spelling}!") == f"seen: {MASK}!"


@pytest.mark.parametrize(
    "layered",
    [
        quote(json.dumps(TOKEN)[1:-1].replace("/", "\\/"), safe=""),  # percent of JSON escapes
        _lower_hex(quote(quote(TOKEN, safe=""), safe="")),  # percent-encoded twice, lower case
        "".join(_html(c, 1) for c in quote(TOKEN, safe="")),  # HTML entities of percent
    ],
)
def test_nested_spellings_are_masked(layered: str) -> None:
    assert Redactor([TOKEN]).text(f"<{layered}>") == f"<{MASK}>"


@pytest.mark.parametrize("offset", [0, 1, 2, 3, 4, 5])
@pytest.mark.parametrize("alphabet", ["standard", "url-safe"])
def test_a_secret_inside_any_base64_is_masked(offset: int, alphabet: str) -> None:
    """Base64 of any text holding the secret (an HTTP Basic header with any user, a JWT-like
    blob), whatever the secret's alignment in it."""
    data = b"user-" * offset + b":" + TOKEN.encode() + b";more"
    encode = base64.b64encode if alphabet == "standard" else base64.urlsafe_b64encode
    blob = encode(data).decode()
    masked = Redactor([TOKEN]).text(f"Authorization: Basic {blob}")
    assert masked == f"Authorization: Basic {MASK}"


def test_text_without_a_secret_is_left_as_it_is() -> None:
    text = "a%2Fb &amp; \\u0041 \\/ aGVsbG8gd29ybGQ="
    assert Redactor([TOKEN]).text(text) == text


# Through the client: errors, excerpts, models.
def _client(reply: httpx.Response) -> tel.Client:
    return tel.connect("vobiz", transport=httpx.MockTransport(lambda request: reply), **SETTINGS)


def _spellings_of_token() -> list[str]:
    every = ["".join(spell(c, i) for i, c in enumerate(TOKEN)) for spell in SPELLINGS.values()]
    return [*every, _lower_hex(quote(TOKEN, safe="")), TOKEN.replace("/", "\\/")]


def _shown(exc: BaseException) -> str:
    parts = [str(exc), repr(exc), repr(exc.args)]
    parts += [getattr(exc, "body_excerpt", None) or "", repr(getattr(exc, "field_errors", {}))]
    parts.append("".join(traceback.format_exception(exc)))
    return "\n".join(parts)


def _no_spelling_of_the_token(text: str) -> None:
    for spelling in _spellings_of_token():
        assert spelling not in text, f"{spelling!r} shows"
    assert "Tok" not in text


@pytest.mark.parametrize("spelling", _spellings_of_token())
def test_an_error_echoing_the_token_in_any_spelling_shows_none_of_it(spelling: str) -> None:
    body = json.dumps({"error": f"token {spelling} refused", "details": {"alias": spelling}})
    with (
        _client(httpx.Response(400, content=body.encode())) as client,
        pytest.raises(tel.ValidationError) as info,
    ):
        client.devices.update("87654321", name="x")
    _no_spelling_of_the_token(_shown(info.value))


@pytest.mark.parametrize("spelling", _spellings_of_token())
def test_a_malformed_reply_echoing_the_token_shows_none_of_it(spelling: str) -> None:
    body = f"<html><p>{spelling}</p></html>".encode()
    with (
        _client(httpx.Response(200, content=body)) as client,
        pytest.raises(tel.ProviderError) as info,
    ):
        client.devices.get("87654321")
    _no_spelling_of_the_token(_shown(info.value))


DEVICE = {
    "endpoint_id": "87654321",
    "username": "john_desk",
    "alias": "Desk",
    "sip_uri": "sip:john_desk@registrar.vobiz.ai",
}


@pytest.mark.parametrize(
    "echo",
    [
        {"note": TOKEN},
        {"note": f"your token is {TOKEN}"},
        {"note": _lower_hex(quote(TOKEN, safe=""))},
        {"meta": {"note": TOKEN}, "list": ["a", TOKEN]},
    ],
)
def test_a_reply_echoing_the_token_under_an_innocent_key_keeps_it_secret(
    echo: dict[str, Any],
) -> None:
    body = json.dumps({**DEVICE, **echo}).encode()
    with _client(httpx.Response(200, content=body)) as client:
        device = client.devices.get("87654321")
    _no_spelling_of_the_token(repr(device) + str(device) + repr(device.extra))
    assert device.username == "john_desk"  # the rest is read as it is


@pytest.fixture
def echoing_server() -> Iterator[Server]:
    echoes = {"alias": f"desk {TOKEN}", "note": TOKEN, "meta": {"hint": f"token={TOKEN}"}}
    body = json.dumps({**DEVICE, **echoes}).encode()
    served = Server()
    served.reply(
        (
            f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode(),
        body,
    )
    try:
        yield served
    finally:
        served.close()


@pytest.mark.parametrize("as_json", [False, True])
def test_cli_output_never_shows_an_echoed_token(echoing_server: Server, as_json: bool) -> None:
    env = {"VOBIZ_AUTH_ID": "MA_SPELL", "VOBIZ_AUTH_TOKEN": TOKEN}
    args = ["--provider", "vobiz", "--base-url", echoing_server.url, "--retries", "0"]
    args += ["devices", "get", "87654321"] + (["--json"] if as_json else [])
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "john_desk" in result.stdout
    _no_spelling_of_the_token(result.stdout + result.stderr)


# The causes of a transport error.
def _malformed_header_server() -> Server:
    served = Server()
    served.reply(
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Echo " + TOKEN.encode() + b"\r\n\r\n{}", b""
    )
    return served


def test_a_sync_transport_error_never_shows_an_echoed_token() -> None:
    served = _malformed_header_server()
    try:
        with (
            tel.connect("vobiz", base_url=served.url, **SETTINGS) as client,
            pytest.raises(tel.TransportError) as info,
        ):
            client.devices.get("87654321")
    finally:
        served.close()
    _no_spelling_of_the_token(_shown(info.value))


def test_an_async_transport_error_never_shows_an_echoed_token() -> None:
    served = _malformed_header_server()

    async def run() -> BaseException:
        async with tel.connect_async("vobiz", base_url=served.url, **SETTINGS) as client:
            try:
                await client.devices.get("87654321")
            except tel.TransportError as exc:
                return exc
        raise AssertionError("no TransportError")

    try:
        raised = asyncio.run(run())
    finally:
        served.close()
    _no_spelling_of_the_token(_shown(raised))


# What the objects keep.
def _strings(value: object, seen: set[int]) -> Iterator[str]:
    """Every string reachable from `value` through containers and `vars()` (a `Secret`, and
    objects that keep no `__dict__`, are not opened: what they hold never shows)."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes):
        yield value.decode("latin-1")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, seen)
            yield from _strings(item, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item, seen)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        yield from _strings(vars(value), seen)


def _hold_no_token(obj: object) -> None:
    credentials = credential_secrets({"auth_id": "MA_SPELL", "auth_token": Secret(TOKEN)})
    forms = encoded_forms(TOKEN) | credentials
    for text in _strings(obj, set()):
        for form in forms:
            assert form not in text, f"{form!r} is kept in {text[:80]!r}"


def test_vars_of_the_provider_hold_no_raw_token() -> None:
    with tel.connect("vobiz", sandbox=True, auth_token=TOKEN) as client:
        _hold_no_token(vars(client.provider))


def test_the_client_objects_hold_no_raw_token_after_calls() -> None:
    body = json.dumps(DEVICE).encode()
    with _client(httpx.Response(200, content=body)) as client:
        client.devices.get("87654321")
        _hold_no_token(vars(client.provider))
        _hold_no_token(client._driver._requests)
    async_client = tel.connect_async(
        "vobiz", transport=httpx.MockTransport(lambda r: httpx.Response(200, content=body)),
        **SETTINGS,
    )  # fmt: skip
    asyncio.run(async_client.devices.get("87654321"))
    _hold_no_token(vars(async_client.provider))


def _locals_hold_no_token(exc: BaseException) -> None:
    """What a traceback printer with locals (pytest --showlocals, rich, Sentry) shows: the
    repr of each local of each frame, of the exception and each of its causes."""
    current: BaseException | None = exc
    while current is not None:
        tb = current.__traceback__
        while tb is not None:
            for name, value in tb.tb_frame.f_locals.items():
                if name == "self" and tb.tb_frame.f_code.co_name.startswith("test_"):
                    continue
                shown = repr(value)
                assert TOKEN not in shown, f"{tb.tb_frame.f_code.co_name}: {name} = {shown[:200]}"
            tb = tb.tb_next
        current = current.__cause__ or current.__context__


def test_traceback_locals_of_a_failed_call_hold_no_raw_token() -> None:
    with (
        _client(httpx.Response(401, content=b'{"error": "bad credentials"}')) as client,
        pytest.raises(tel.AuthenticationError) as info,
    ):
        client.devices.get("87654321")
    _locals_hold_no_token(info.value)


def test_traceback_locals_of_a_transport_error_hold_no_raw_token() -> None:
    served = _malformed_header_server()
    try:
        with (
            tel.connect("vobiz", base_url=served.url, **SETTINGS) as client,
            pytest.raises(tel.TransportError) as info,
        ):
            client.devices.get("87654321")
    finally:
        served.close()
    _locals_hold_no_token(info.value)
