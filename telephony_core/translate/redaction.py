r"""Masking secrets in any text that may reach a user: errors, logs, dry-runs, excerpts,
models' `extra`, CLI output, cassettes. One mechanism, `Redactor`, for all of them.

A known secret is masked in every spelling it travels in, because the text is normalised
before it is matched: escapes are undone (percent-encoding in either case, JSON's `\uXXXX`
and `\/`, HTML character references and entities, and those nested up to `MAX_LAYERS`
deep), the secret is looked for in the decoded text, and what it was spelled as in the
original is masked. Base64 is matched at any alignment (the secret inside an HTTP Basic
header with any user, inside a longer blob, standard or URL-safe alphabet): the whole
base64 run that carries it is masked. The values of secret-named JSON keys (`is_secret_key`,
and a vendor's own, `Provider.secret_fields`, which its `Redactor` carries as `keys`) and the
user information of URLs are masked whatever they hold.
"""

from __future__ import annotations

import base64
import functools
import html.entities
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


@functools.lru_cache(maxsize=64)
def _json_secret(declared: frozenset[str]) -> re.Pattern[str]:
    """The JSON `"key": "value"` pairs of secret-named keys (`is_secret_key`, with the
    vendor's `declared` keys); a value cut off by the end of a truncated body is matched too."""
    names = "|".join([_SECRET_KEY_PATTERN, *(re.escape(key) for key in sorted(declared))])
    return re.compile(rf'("(?:{names})"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|\\?\Z)', re.IGNORECASE)


def mask_secret_keys(text: str, mask: str = MASK, declared: frozenset[str] = frozenset()) -> str:
    """`text` with the values of secret-named JSON keys (`"auth_token": "..."`, and the
    vendor's `declared` keys) masked, also in text that is not whole JSON (an excerpt, a
    truncated body)."""
    return _json_secret(declared).sub(lambda match: f'{match[1]}"{mask}"', text)


@functools.lru_cache(maxsize=4096)
def is_secret_key(name: str, declared: frozenset[str] = frozenset()) -> bool:
    """Whether a body key holds a secret value: one of `SECRET_KEYS`, any `...password` or
    `...auth_token` (e.g. Plivo's `new_auth_token`), or one of the vendor's `declared` keys
    (`secret_keys` of `Provider.secret_fields`, e.g. Telnyx's `api_token`)."""
    return name.lower() in declared or _SECRET_KEY.fullmatch(name) is not None


def wrap_secrets(
    key: str, value: Any, *, secret: bool = False, echoes: Redactor | None = None
) -> Any:
    """`value` as a model keeps it under `key` in `extra`: a string or number under a
    secret-named key (`is_secret_key`, or `secret=True`) becomes a `Secret`, at any depth
    of objects and lists (e.g. `{"tokens": {"access_token": Secret}}`). `echoes` is the
    exchange's `Redactor`: under one of its vendor's secret keys (`Redactor.keys`, e.g.
    Telnyx's `api_token`) a value is a `Secret` too, and so is one that holds, in any
    spelling, a secret it knows (the request's: a reply that echoes the token under an
    innocent key keeps it as a `Secret` too)."""
    secret = secret or is_secret_key(key, echoes.keys if echoes is not None else frozenset())
    if isinstance(value, Mapping):
        return {k: wrap_secrets(str(k), v, secret=secret, echoes=echoes) for k, v in value.items()}
    if isinstance(value, list):
        return [wrap_secrets(key, item, secret=secret, echoes=echoes) for item in value]
    scalar = isinstance(value, str | int | float) and not isinstance(value, bool)
    if scalar and (secret or (echoes is not None and echoes.mentions(str(value)))):
        return Secret(str(value))
    return value


def _bytes(text: str) -> bytes:
    """`text` as UTF-8, also when it is not Unicode (the undecodable bytes of an argument or
    an environment variable, kept as lone surrogates, are its bytes again)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _base64(text: str) -> set[str]:
    encoded = base64.b64encode(_bytes(text)).decode("ascii")
    return {encoded, encoded.rstrip("=")}


#: The shortest run of base64 characters that is taken for a secret inside base64: shorter
#: runs (of a short secret at an awkward alignment) would match ordinary text.
MIN_BASE64_CORE = 6
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")
_BASE64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")


@functools.lru_cache(maxsize=1024)
def base64_cores(secret: str) -> frozenset[str]:
    """What base64 of any text holding `secret` contains, whatever its alignment: for each of
    the three offsets the characters that only the secret's bytes decide, in the standard and
    URL-safe alphabets (at least `MIN_BASE64_CORE` long)."""
    data = _bytes(secret)
    cores: set[str] = set()
    for offset in range(3):
        encoded = base64.b64encode(bytes(offset) + data).decode("ascii")
        first = -(-8 * offset // 6)  # the first character with no filler bit in it
        last = (8 * (offset + len(data))) // 6  # past the last one all of the secret's
        core = encoded[first:last]
        if len(core) >= MIN_BASE64_CORE:
            cores |= {core, core.replace("+", "-").replace("/", "_")}
    return frozenset(cores)


def encodings(secret: str) -> dict[str, str]:
    """`secret` in each form it may travel in -> the name of that form: as is,
    percent-encoded (path and form style), JSON-escaped (ASCII-only and not), and
    base64-encoded (padded and not)."""
    named = {secret: "as is"}
    data = _bytes(secret)
    for form in (quote(data, safe=""), quote(data), quote_plus(data)):
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


#: How many layers of escapes are undone before matching (an HTML entity of a percent-encoded
#: JSON escape is three).
MAX_LAYERS = 3
#: The most characters one character of a secret may take once spelled (a percent-encoded
#: HTML hex reference of a four-byte character): excerpts mask that far past their cut.
MAX_SPELLING = 48
_ESCAPES = re.compile(
    r"(?:%[0-9A-Fa-f]{2})+"  # percent-encoding (a run: one character may take several bytes)
    r"|\\u[dD][89abAB][0-9A-Fa-f]{2}\\u[dD][c-fC-F][0-9A-Fa-f]{2}"  # a JSON surrogate pair
    r"|\\u[0-9A-Fa-f]{4}"  # a JSON escape
    r'|\\["\\/bfnrt]'  # a JSON short escape (`\/` too)
    r"|&#[0-9]{1,8};|&#[xX][0-9A-Fa-f]{1,6};"  # an HTML character reference
    r"|&[A-Za-z][A-Za-z0-9]{1,31};"  # an HTML named entity
)
_SHORT_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


def _unit(token: str) -> list[str] | None:
    """The characters an escape stands for (one per character of the result), or None when
    it is not one (an unknown entity, a number past Unicode)."""
    if token[0] == "%":
        data = bytes.fromhex(token.replace("%", ""))
        return list(data.decode("utf-8", "surrogateescape"))
    if token[0] == "\\":
        if len(token) == 12:  # a surrogate pair: one character
            pair = bytes.fromhex(token[2:6] + token[8:12])
            return [pair.decode("utf-16-be")]
        if token[1] == "u":
            return [chr(int(token[2:], 16))]
        return [_SHORT_ESCAPES[token[1]]]
    if token[1] == "#":
        number = int(token[3:-1], 16) if token[2] in "xX" else int(token[2:-1])
        return [chr(number)] if number < 0x110000 else None
    named = html.entities.html5.get(token[1:])
    return list(named) if named else None


def _width(char: str) -> int:
    """How many characters of percent-encoding a decoded character took."""
    return 3 * len(char.encode("utf-8", "surrogateescape"))


def _decoded(text: str) -> tuple[str, list[int]] | None:
    """`text` with one layer of escapes undone, and for each character of the result where
    it starts in `text` (one more entry: the end); None when `text` has no escape."""
    pieces: list[str] = []
    starts: list[int] = []
    at = 0
    for match in _ESCAPES.finditer(text):
        chars = _unit(match[0])
        if chars is None:
            continue
        start = match.start()
        if start > at:
            pieces.append(text[at:start])
            starts.extend(range(at, start))
        pieces.extend(chars)
        if match[0][0] == "%":  # each character its own bytes of the run
            position = start
            for char in chars:
                starts.append(position)
                position += _width(char)
        else:
            starts.extend([start] * len(chars))
        at = match.end()
    if not starts and at == 0:
        return None
    pieces.append(text[at:])
    starts.extend(range(at, len(text) + 1))
    return "".join(pieces), starts


class Redactor:
    """Masks known secret values in any spelling (see the module docstring), and the values
    of secret-named JSON keys (`is_secret_key`, with the vendor's declared `keys`) and URL
    user information (`text`); `values` masks the known secrets only. `mask` is what stands
    in for each (cassettes use their own)."""

    def __init__(
        self, secrets: Iterable[str] = (), *, keys: frozenset[str] = frozenset(), mask: str = MASK
    ) -> None:
        self.keys = keys
        # Values shorter than MIN_SECRET_LENGTH are not searched for: masking every "t"
        # would garble the text.
        self._plain = frozenset(s for s in secrets if len(s) >= MIN_SECRET_LENGTH)
        self.mask = mask
        # Longest first, so that a secret containing another is masked whole.
        needles = {form for s in self._plain for form in encoded_forms(s)}
        self._needles = sorted(
            (f for f in needles if len(f) >= MIN_SECRET_LENGTH), key=len, reverse=True
        )
        self._cores = sorted(
            {core for s in self._plain for core in base64_cores(s)}, key=len, reverse=True
        )

    def __repr__(self) -> str:
        return f"<Redactor of {self.count} secret(s)>"

    @property
    def count(self) -> int:
        """How many secrets it masks (those at least `MIN_SECRET_LENGTH` long)."""
        return len(self._plain)

    def values(self, text: str) -> str:
        """`text` with every known secret masked, in any spelling."""
        if not self._plain:
            return text
        for needle in self._needles:  # the common spellings: no decoding needed
            if needle in text:
                text = text.replace(needle, self.mask)
        return self._masked_after_decoding(text)

    def mentions(self, text: str) -> bool:
        """Whether `text` holds a known secret in any spelling."""
        if not self._plain:
            return False
        if any(needle in text for needle in self._needles) or any(
            core in text for core in self._cores
        ):
            return True
        if "%" not in text and "\\" not in text and "&" not in text:
            return False  # no escape: what is not there as is is not there at all
        return self._masked_after_decoding(text) != text

    def _masked_after_decoding(self, text: str) -> str:
        """Mask the secrets found in `text` once its escapes are undone (layer upon layer),
        and the base64 runs that carry one, at the places they had in `text`."""
        spans = self._spans(text)
        layer, starts = text, list(range(len(text) + 1))
        for _ in range(MAX_LAYERS):
            decoded = _decoded(layer)
            if decoded is None:
                break
            layer, inner = decoded
            starts = [starts[i] for i in inner]
            spans += [(starts[a], starts[b]) for a, b in self._spans(layer)]
        if not spans:
            return text
        out: list[str] = []
        at = 0
        for start, end in sorted(spans):
            if end <= at:
                continue
            start = max(start, at)
            out.append(text[at:start])
            out.append(self.mask)
            at = end
        out.append(text[at:])
        return "".join(out)

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Where the plain secrets and the base64 runs holding one are in `text`."""
        spans: list[tuple[int, int]] = []
        for secret in self._plain:
            start = text.find(secret)
            while start >= 0:
                spans.append((start, start + len(secret)))
                start = text.find(secret, start + 1)
        for core in self._cores:
            start = text.find(core)
            while start >= 0:
                spans.append(_base64_run(text, start, start + len(core)))
                start = text.find(core, start + 1)
        return spans

    def text(self, text: str) -> str:
        """`text` with every known secret, the values of secret-named JSON keys and the user
        information of URLs (`https://user:password@host`) masked."""
        text = self.values(text)
        text = _URL_USERINFO.sub(rf"\1{MASK}@", text)
        return mask_secret_keys(text, declared=self.keys)

    def is_secret_key(self, name: str) -> bool:
        """Whether body key `name` holds a secret at this vendor (`is_secret_key`)."""
        return is_secret_key(name, self.keys)

    @property
    def reach(self) -> int:
        """The most characters a known secret may take in any spelling (0 without any):
        how far past a cut an excerpt must look."""
        longest = max((len(s) for s in self._plain), default=0)
        return longest * MAX_SPELLING

    def __add__(self, other: Redactor) -> Redactor:
        return Redactor(self._plain | other._plain, keys=self.keys | other.keys, mask=self.mask)


@functools.lru_cache(maxsize=256)
def redactor_for(secrets: frozenset[str], keys: frozenset[str] = frozenset()) -> Redactor:
    """The `Redactor` of `secrets` and the vendor's secret `keys`, made once per pair (a
    request's secrets repeat: the credentials, the same password)."""
    return Redactor(secrets, keys=keys)


def _base64_run(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole run of base64 characters around `text[start:end]`."""
    before = start
    while before > 0 and text[before - 1] in _BASE64_CHARS:
        before -= 1
    after = _BASE64_RUN.match(text, end)
    return before, after.end() if after else end
