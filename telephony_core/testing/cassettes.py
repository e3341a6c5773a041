"""Cassettes: the vcrpy settings of a provider, what a written cassette gives away, and the
emulator checked against recorded interactions.

Cassettes are `<cassettes dir>/<provider>/<test>.yaml` (vcrpy's format), replayed with record
mode `none` and matched on method, scheme, host, path, query and body.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import yaml

from telephony_core.plugins.registry import get_registry
from telephony_core.profiles import resolve
from telephony_core.secret import Secret
from telephony_core.testing.scrub import CASSETTE_MASK, Scrubber
from telephony_core.translate.provider import Provider
from telephony_core.translate.redaction import Redactor
from telephony_core.translate.settings import is_loopback

#: How a live request is matched against a recorded one.
MATCH_ON = ("method", "scheme", "host", "path", "query", "body")


def vcr_config(
    provider: type[Provider], *, record_mode: str = "none", secrets: Iterable[str] = ()
) -> dict[str, Any]:
    """The vcrpy settings of `provider`'s cassettes (for `vcr.VCR(**...)` or pytest-recording).

    Before anything is written, requests and replies are scrubbed of what the provider
    declares secret and of the known `secrets` values (see `Scrubber`), and the resets of a
    sandbox served on loopback are left out (`is_sandbox_reset`).
    """
    scrubber = Scrubber.for_provider(provider, secrets)

    def record(request: Any) -> Any:
        return None if is_sandbox_reset(request.method, request.uri) else scrubber.request(request)

    return {
        "match_on": list(MATCH_ON),
        "record_mode": record_mode,
        "before_record_request": record,
        "before_record_response": scrubber.response,
        "decode_compressed_response": True,
    }


def is_sandbox_reset(method: str, url: str) -> bool:
    """Whether a request resets a sandbox served on loopback (`POST .../_reset` of
    `telephony sandbox serve`): part of recording from it, not of the vendor's API."""
    parts = urlsplit(url)
    return method == "POST" and parts.path.endswith("/_reset") and is_loopback(parts.hostname or "")


def interactions(path: Path) -> list[dict[str, Any]]:
    """The recorded interactions of a cassette file."""
    document = yaml.safe_load(path.read_text())
    found = document.get("interactions") if isinstance(document, dict) else None
    return found if isinstance(found, list) else []


def _text(body: Any) -> str:
    if isinstance(body, dict):  # vcrpy's {"string": ...} form of a reply body
        body = body.get("string")
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace")
    return body or ""


def cassette_leaks(path: Path, provider: type[Provider], secrets: Iterable[str] = ()) -> list[str]:
    """What the cassette at `path` gives away, one line per problem (empty: nothing).

    Every header `provider` declares secret must hold the mask, every secret query parameter
    and body field too, and none of the `secrets` values may appear anywhere in the file, in
    any spelling (`redaction.Redactor`: percent-encoded in either case, JSON escapes, HTML
    entities, base64). The lines never show a secret value.
    """
    scrubber = Scrubber.for_provider(provider)
    raw = path.read_text()
    problems = [
        f"{path.name}: secret #{number} appears in the file"
        for number, secret in enumerate(secrets, 1)
        if Redactor([secret]).mentions(raw)
    ]
    for number, interaction in enumerate(interactions(path), 1):
        where = f"{path.name}, interaction {number}"
        request, response = interaction["request"], interaction["response"]
        for part, message in (("request", request), ("response", response)):
            for name, values in (message.get("headers") or {}).items():
                shown = values if isinstance(values, list) else [values]
                if scrubber.is_secret_header(name) and any(v != CASSETTE_MASK for v in shown):
                    problems.append(f"{where}: {part} header {name} is not masked")
            body = _text(message.get("body"))
            if scrubber.body(body) != body:
                problems.append(f"{where}: a secret field of the {part} body is not masked")
        for key, value in parse_qsl(urlsplit(request.get("uri", "")).query):
            if scrubber.is_secret_field(key) and value != CASSETTE_MASK:
                problems.append(f"{where}: query parameter {key} is not masked")
    return problems


def _comparable(body: str, scrubber: Scrubber, ignore: frozenset[str]) -> Any:
    """A reply body as data: JSON with secrets masked and `ignore` keys left out, else text."""
    masked = _text(scrubber.body(body))
    try:
        return json.loads(
            masked, object_pairs_hook=lambda pairs: {k: v for k, v in pairs if k not in ignore}
        )
    except ValueError:
        return masked


def _unmasked_form(body: str, unmask: Mapping[str, str]) -> str:
    """A form-encoded body with the masked fields named in `unmask` given those values."""
    if not unmask or body.lstrip().startswith(("{", "[")):
        return body
    pairs = parse_qsl(body, keep_blank_values=True)
    if not any(v == CASSETTE_MASK and k in unmask for k, v in pairs):
        return body
    return urlencode(
        [(k, unmask[k] if v == CASSETTE_MASK and k in unmask else v) for k, v in pairs]
    )


def emulator_mismatches(
    path: Path,
    provider: str,
    *,
    base_url: str | None = None,
    ignore_keys: Iterable[str] = (),
    unmask: Mapping[str, str] | None = None,
) -> list[str]:
    """How `provider`'s emulator answers the requests of a cassette differently from the
    recorded replies, one line per difference (empty: it answers as recorded).

    The requests are sent in order to one fresh emulator (state carries over). A cassette
    recorded at another API root (e.g. `telephony sandbox serve`) names it as `base_url`: the
    rest of each URL is sent under the emulator's `api_root`. A masked auth header gets the
    sandbox credentials' value back; a masked form field named in `unmask` is sent with the
    value given there (a vendor may refuse the mask itself as a password); other masked
    values are sent as the mask. Bodies are compared as JSON data, secret fields masked,
    `ignore_keys` (e.g. a per-request id) out.
    """
    registry = get_registry()
    provider_cls = registry.provider(provider)
    emulator = registry.sandbox(provider)()
    config = resolve(provider, provider_cls.all_settings(), emulator.credentials, environ={})
    sandbox_headers = {
        name.lower(): value.reveal() if isinstance(value, Secret) else value
        for name, value in provider_cls(config).auth_headers().items()
    }
    scrubber = Scrubber.for_provider(provider_cls)
    ignore = frozenset(ignore_keys)
    problems: list[str] = []
    for number, interaction in enumerate(interactions(path), 1):
        recorded_request, recorded = interaction["request"], interaction["response"]
        headers: dict[str, str] = {}
        for name, values in (recorded_request.get("headers") or {}).items():
            value = values[0] if isinstance(values, list) else values
            if value == CASSETTE_MASK and name.lower() in sandbox_headers:
                value = sandbox_headers[name.lower()]
            headers[name] = value
        body = _unmasked_form(_text(recorded_request.get("body")), unmask or {})
        uri = recorded_request["uri"]
        if base_url is not None and uri.startswith(base_url):
            uri = "http://emulator" + emulator.api_root + uri.removeprefix(base_url)
        reply = emulator.handle(
            httpx.Request(recorded_request["method"], uri, headers=headers, content=body.encode())
        )
        where = f"{path.name}, interaction {number} ({recorded_request['method']} {urlsplit(recorded_request['uri']).path})"
        if reply.status_code != recorded["status"]["code"]:
            problems.append(
                f"{where}: status {reply.status_code}, recorded {recorded['status']['code']}"
            )
        expected = _comparable(_text(recorded["body"]), scrubber, ignore)
        actual = _comparable(reply.text, scrubber, ignore)
        if actual != expected:
            problems.append(f"{where}: body {actual!r}, recorded {expected!r}")
    return problems
