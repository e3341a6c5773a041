"""Masking a provider's secrets in recorded HTTP interactions (vcrpy), before anything is written.

What is secret comes from the provider's declarations:
- headers: `Provider.secret_headers`, plus `Authorization`, `Proxy-Authorization`, `Cookie`
  and `Set-Cookie`;
- query parameters and body keys (JSON, at any depth, or form-encoded): `Provider.secret_fields`,
  the names of its secret settings, and every key `redaction.is_secret_key` calls secret
  (`auth_token`, `token`, `password`, `sip_password`, ...);
- known secret values (e.g. the credentials of a recording run), wherever they appear, in any
  spelling (`redaction.Redactor`: percent-encoded in either case, JSON escapes, HTML entities,
  base64; pass `redaction.credential_secrets` of the settings to cover HTTP Basic headers);
- every value it masked in a request (a password sent in a secret field, a token in a secret
  header or parameter): a vendor that echoes it back, under any key, in any header or in a
  later interaction, has it masked there too.

Each is replaced by `CASSETTE_MASK`. A body that is not UTF-8 is scrubbed all the same (its
other bytes kept as they are). vcrpy runs `before_record_request` on live requests too
before matching them against a cassette, so a cassette's masked password matches whatever
password a replaying test sends.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from telephony_core.translate.redaction import (
    MIN_SECRET_LENGTH,
    Redactor,
    is_secret_key,
    mask_secret_keys,
    secret_keys,
)

if TYPE_CHECKING:
    from telephony_core.translate.provider import Provider

#: What a cassette holds in place of a credential or secret value.
CASSETTE_MASK = "<redacted>"
#: Headers that carry credentials at every vendor (lower-case).
DEFAULT_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
#: Keys whose object maps field names to error messages (e.g. `"details": {"password": "too
#: short"}`): a message about a secret field is not the secret, and stays.
MESSAGE_MAPS = frozenset({"details", "errors"})


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its key-value pairs, so that a repeated key survives a round trip."""


def _dumps(value: Any, ascii: bool = True) -> str:
    if isinstance(value, _Pairs):
        items = (f"{json.dumps(k, ensure_ascii=ascii)}: {_dumps(v, ascii)}" for k, v in value)
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dumps(v, ascii) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii)


def _credentials_in_header(value: str) -> list[str]:
    """The secrets an auth header value carries: the value, its token after the scheme, and
    for HTTP Basic the password of `user:password`."""
    found = [value]
    scheme, _, token = value.partition(" ")
    if token:
        found.append(token.strip())
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return found
            found.append(decoded.partition(":")[2])
    return found


class Scrubber:
    """Masks secret headers, query parameters, body fields and values in vcrpy records."""

    def __init__(
        self, *, headers: Iterable[str] = (), fields: Iterable[str] = (), values: Iterable[str] = ()
    ) -> None:
        self.headers = DEFAULT_SECRET_HEADERS | {name.lower() for name in headers}
        self.fields = secret_keys(fields)
        self._known = {value for value in values if len(value) >= MIN_SECRET_LENGTH}
        self._redactor = Redactor(self._known, mask=CASSETTE_MASK)

    def learn(self, value: str) -> None:
        """Mask `value` too from now on, wherever it shows (a secret a request carried)."""
        if len(value) >= MIN_SECRET_LENGTH and value != CASSETTE_MASK:
            self._known.add(value)  # one step under the GIL: threads may learn at once

    @classmethod
    def for_provider(cls, provider: type[Provider], values: Iterable[str] = ()) -> Scrubber:
        """The scrubber of `provider`'s declarations, masking `values` too."""
        secret_settings = {s.name for s in provider.all_settings() if s.secret}
        return cls(
            headers=provider.secret_headers,
            fields=provider.secret_fields | secret_settings,
            values=values,
        )

    def is_secret_header(self, name: str) -> bool:
        """Whether header `name` carries credentials."""
        return name.lower() in self.headers

    def is_secret_field(self, name: str) -> bool:
        """Whether query parameter or body key `name` holds a secret (any case)."""
        return is_secret_key(name, self.fields)

    def text(self, text: str) -> str:
        """`text` with every known secret value masked, in any spelling (see
        `redaction.Redactor`)."""
        known = frozenset(self._known)
        if len(known) != self._redactor.count:
            self._redactor = Redactor(known, mask=CASSETTE_MASK)
        return self._redactor.values(text)

    def _secret_value(self, value: str) -> str:
        self.learn(value)
        return CASSETTE_MASK

    def _masked(self, value: Any, *, messages: bool = False) -> Any:
        if isinstance(value, _Pairs):
            return _Pairs(
                (
                    key,
                    self._secret_value(item)
                    if self.is_secret_field(key) and isinstance(item, str) and not messages
                    else self._masked(item, messages=key in MESSAGE_MAPS),
                )
                for key, item in value
            )
        if isinstance(value, list):
            return [self._masked(item) for item in value]
        return value

    def _pairs(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Query or form pairs with the values of secret fields masked (and learnt)."""
        return [(k, self._secret_value(v) if self.is_secret_field(k) else v) for k, v in pairs]

    def _form(self, text: str) -> str:
        try:
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
        except ValueError:
            return text
        masked = self._pairs(pairs)
        return text if masked == pairs else urlencode(masked)

    def body(self, body: Any) -> Any:
        """A body (bytes, str or None) with its secrets masked, of the same type.

        Secret fields of a JSON body (keys kept in order, repeated keys included) or of a
        form-encoded body hold the mask, as does any known secret value. A body with nothing
        to mask is returned as it is; one that is not UTF-8 is scrubbed as well, its other
        bytes kept as they were.
        """
        if not body:
            return body
        utf8 = True
        if isinstance(body, bytes):
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:  # masked all the same: the other bytes kept as they are
                text, utf8 = body.decode("utf-8", "surrogateescape"), False
        else:
            text = body
        try:
            parsed = json.loads(text, object_pairs_hook=_Pairs)
        except ValueError:  # a form, or text (a truncated body) with JSON in it
            scrubbed = mask_secret_keys(self._form(text), CASSETTE_MASK, self.fields)
        else:
            masked = self._masked(parsed)
            scrubbed = text if masked == parsed else _dumps(masked, ascii=utf8)
        scrubbed = self.text(scrubbed)
        if scrubbed == text:
            return body
        if isinstance(body, bytes):
            return scrubbed.encode("utf-8", "strict" if utf8 else "surrogateescape")
        return scrubbed

    def uri(self, uri: str) -> str:
        """`uri` with the values of secret query parameters, and known secrets, masked."""
        parts = urlsplit(uri)
        if parts.query:
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            masked = self._pairs(pairs)
            if masked != pairs:
                parts = parts._replace(query=urlencode(masked))
        return self.text(urlunsplit(parts))

    def request(self, request: Any) -> Any:
        """vcrpy `before_record_request`: mask headers, query parameters and the body."""
        for name in list(request.headers):
            if self.is_secret_header(name):
                if isinstance(request.headers[name], str):
                    for secret in _credentials_in_header(request.headers[name]):
                        self.learn(secret)
                request.headers[name] = CASSETTE_MASK
            elif isinstance(request.headers[name], str):
                request.headers[name] = self.text(request.headers[name])
        request.uri = self.uri(request.uri)
        # vcrpy's aiohttp stub (an aiohttp-based client) has None where its httpx stub
        # has b"" for a request without a body: one form, so that either replays the other.
        request.body = self.body(request.body if request.body is not None else b"")
        return request

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        """vcrpy `before_record_response`: mask secret headers and the body."""
        headers = response.get("headers") or {}
        for name in list(headers):
            if self.is_secret_header(name):
                headers[name] = [CASSETTE_MASK for _ in headers[name]]
            else:
                headers[name] = [self.text(v) if isinstance(v, str) else v for v in headers[name]]
        response["body"]["string"] = self.body(response["body"]["string"])
        return response
