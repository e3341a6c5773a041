"""Masking a provider's secrets in recorded HTTP interactions (vcrpy), before anything is written.

What is secret comes from the provider's declarations:
- headers: `Provider.secret_headers`, plus `Authorization`, `Proxy-Authorization`, `Cookie`
  and `Set-Cookie`;
- query parameters and body keys (JSON, at any depth, or form-encoded): `Provider.secret_fields`,
  the names of its secret settings, and every key `redaction.is_secret_key` calls secret
  (`auth_token`, `token`, `password`, `sip_password`, ...);
- known secret values (e.g. the credentials of a recording run), wherever they appear, in any
  encoding (`redaction.encoded_forms`; pass `redaction.credential_secrets` of the settings to
  cover HTTP Basic headers).

Each is replaced by `CASSETTE_MASK`. vcrpy runs `before_record_request` on live requests too
before matching them against a cassette, so a cassette's masked password matches whatever
password a replaying test sends.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from telephony_core.translate.redaction import (
    MIN_SECRET_LENGTH,
    encoded_forms,
    is_secret_key,
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


def _dumps(value: Any) -> str:
    if isinstance(value, _Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {_dumps(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dumps(v) for v in value) + "]"
    return json.dumps(value)


class Scrubber:
    """Masks secret headers, query parameters, body fields and values in vcrpy records."""

    def __init__(
        self, *, headers: Iterable[str] = (), fields: Iterable[str] = (), values: Iterable[str] = ()
    ) -> None:
        self.headers = DEFAULT_SECRET_HEADERS | {name.lower() for name in headers}
        self.fields = secret_keys(fields)
        # Every encoded form, longest first, so that a secret containing another is masked
        # whole; very short values are not searched for (masking every "t" would garble text).
        forms = {form for v in values if len(v) >= MIN_SECRET_LENGTH for form in encoded_forms(v)}
        self.values = sorted(
            (form for form in forms if len(form) >= MIN_SECRET_LENGTH), key=len, reverse=True
        )

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
        """`text` with every known secret value masked, in each of its `encoded_forms`
        (URL-encoded, JSON-escaped, base64)."""
        for value in self.values:
            text = text.replace(value, CASSETTE_MASK)
        return text

    def _masked(self, value: Any, *, messages: bool = False) -> Any:
        if isinstance(value, _Pairs):
            return _Pairs(
                (
                    key,
                    CASSETTE_MASK
                    if self.is_secret_field(key) and isinstance(item, str) and not messages
                    else self._masked(item, messages=key in MESSAGE_MAPS),
                )
                for key, item in value
            )
        if isinstance(value, list):
            return [self._masked(item) for item in value]
        return value

    def _form(self, text: str) -> str:
        try:
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
        except ValueError:
            return text
        masked = [(k, CASSETTE_MASK if self.is_secret_field(k) else v) for k, v in pairs]
        return text if masked == pairs else urlencode(masked)

    def body(self, body: Any) -> Any:
        """A body (bytes, str or None) with its secrets masked, of the same type.

        Secret fields of a JSON body (keys kept in order, repeated keys included) or of a
        form-encoded body hold the mask, as does any known secret value. A body with nothing
        to mask is returned as it is; a binary body is left alone.
        """
        if not body:
            return body
        try:
            text = body.decode("utf-8") if isinstance(body, bytes) else body
            parsed = json.loads(text, object_pairs_hook=_Pairs)
        except UnicodeDecodeError:
            return body
        except ValueError:
            scrubbed = self._form(text)
        else:
            masked = self._masked(parsed)
            scrubbed = text if masked == parsed else _dumps(masked)
        scrubbed = self.text(scrubbed)
        if scrubbed == text:
            return body
        return scrubbed.encode() if isinstance(body, bytes) else scrubbed

    def uri(self, uri: str) -> str:
        """`uri` with the values of secret query parameters, and known secrets, masked."""
        parts = urlsplit(uri)
        if parts.query:
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            masked = [(k, CASSETTE_MASK if self.is_secret_field(k) else v) for k, v in pairs]
            if masked != pairs:
                parts = parts._replace(query=urlencode(masked))
        return self.text(urlunsplit(parts))

    def request(self, request: Any) -> Any:
        """vcrpy `before_record_request`: mask headers, query parameters and the body."""
        for name in list(request.headers):
            if self.is_secret_header(name):
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
