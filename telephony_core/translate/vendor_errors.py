"""Turning a vendor's error reply into the typed error, whatever shape its body has."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from telephony_core.errors import (
    AuthenticationError,
    Conflict,
    NotFound,
    PermissionDenied,
    ProviderError,
    RateLimited,
    ServerError,
    TelephonyError,
    ValidationError,
)
from telephony_core.secret import MASK
from telephony_core.translate.redaction import Redactor
from telephony_core.translate.retry_after import advised_wait
from telephony_core.translate.wire import WireRequest, WireResponse, excerpt, parse_json

_BY_STATUS: dict[int, type[TelephonyError]] = {
    401: AuthenticationError,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
}
_VALIDATION_STATUSES = frozenset({400, 406, 422})
#: What a status means, in the user's words.
_MEANINGS = {
    400: "invalid request",
    401: "authentication failed: the credentials were not accepted",
    403: "permission denied",
    404: "not found",
    406: "invalid request",
    409: "conflict",
    422: "invalid request",
    429: "rate limited",
}


def _meaning(status: int) -> str:
    if status in _MEANINGS:
        return f" ({_MEANINGS[status]})"
    return " (server error)" if status >= 500 else ""


#: A vendor's own error codes (the `code` of its error body) -> the typed error, for vendors
#: whose code says more than the HTTP status: an exact code, or a `range` of codes.
ErrorCodes: TypeAlias = Mapping[int | range, type[TelephonyError]]


def _jsonapi_errors(body: object) -> list[dict[str, Any]]:
    """The error objects of a JSON:API error document (`{"errors": [{"code", "title",
    "detail", "source": {"pointer" | "parameter"}, "meta"}]}`, as Telnyx sends), if it is one."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return []
    return [error for error in errors if isinstance(error, dict)]


def _first_error(body: object) -> object:
    """The object that carries the error's `code`: the first of a JSON:API list, else the
    body itself."""
    errors = _jsonapi_errors(body)
    return errors[0] if errors else body


def _code(body: object) -> int | None:
    """The vendor's numeric error code in an error body, if any."""
    first = _first_error(body)
    code = first.get("code") if isinstance(first, dict) else None
    if isinstance(code, str) and code.isdigit():
        code = int(code)
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def _class_for_code(code: int | None, codes: ErrorCodes) -> type[TelephonyError] | None:
    if code is None:
        return None
    if code in codes:
        return codes[code]
    return next((cls for key, cls in codes.items() if isinstance(key, range) and code in key), None)


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _more_info(body: object) -> str | None:
    """The link to the vendor's page about the error: Twilio's `more_info`, a JSON:API
    error's `meta.url` (Telnyx)."""
    first = _first_error(body)
    if not isinstance(first, dict):
        return None
    meta = first.get("meta")
    link = first.get("more_info") or (meta.get("url") if isinstance(meta, dict) else None)
    return link if isinstance(link, str) and link else None


def pointer_key(pointer: object) -> str | None:
    """The vendor key a JSON:API `source.pointer` (an RFC 6901 JSON pointer into the request
    body) names: `/user_name` -> `user_name`, `/data/attributes/user_name` -> `user_name`, a
    nested `/inbound/channel_limit` -> `inbound.channel_limit`; None for the whole document
    (`/`, ``) or anything that is no pointer."""
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        return None
    segments = [s.replace("~1", "/").replace("~0", "~") for s in pointer[1:].split("/")]
    if segments[:2] == ["data", "attributes"]:
        segments = segments[2:]
    return ".".join(segment for segment in segments if segment) or None


def _jsonapi_message_and_details(
    errors: list[dict[str, Any]],
) -> tuple[str | None, dict[str, str]]:
    """The message of a JSON:API error list (each error's `detail`, else its `title`, joined
    with "; ") and its details by the vendor key each error's `source` names (`pointer`, or
    the query `parameter`)."""
    texts: list[str] = []
    details: dict[str, str] = {}
    for error in errors:
        text = _text(error.get("detail")) or _text(error.get("title"))
        if text is None:
            continue
        if text not in texts:
            texts.append(text)
        source = error.get("source")
        if not isinstance(source, dict):
            continue
        key = pointer_key(source.get("pointer")) or _text(source.get("parameter"))
        if key is not None:
            details[key] = f"{details[key]}; {text}" if key in details else text
    return ("; ".join(texts) or None), details


def _message_and_details(body: object) -> tuple[str | None, Mapping[str, Any]]:
    """Find a message and a field-details mapping in any of the known error shapes.

    Shapes: `{"error": msg, "details": {...}}`, `{"error": msg, "code": n}`,
    `{"message": msg}`, `{"id": code, "message": msg}`, the envelope
    `{"status": "error", "error": {"code", "message", "details"}}`, and JSON:API error lists
    `{"errors": [{"code", "title", "detail", "source": {"pointer"}}]}` (Telnyx).
    """
    if not isinstance(body, dict):
        return None, {}
    errors = _jsonapi_errors(body)
    if errors:
        return _jsonapi_message_and_details(errors)
    error = body.get("error")
    details = body.get("details")
    message = _text(body.get("message")) or _text(error)
    if isinstance(error, dict):
        message = _text(error.get("message")) or message
        details = error.get("details", details)
    if isinstance(body.get("errors"), dict) and not isinstance(details, dict):
        details = body["errors"]
    return message, details if isinstance(details, dict) else {}


def _detail_text(value: object, redactor: Redactor) -> str:
    """A vendor's detail as plain text: lists joined with "; ", objects as "key: value"
    (secret-named keys, the vendor's own included, masked), text as is (no repr: its
    backslashes stay single, so the request's secrets are found in it and masked)."""
    if isinstance(value, list):
        return "; ".join(_detail_text(v, redactor) for v in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{k}: {MASK if redactor.is_secret_key(str(k)) else _detail_text(v, redactor)}"
            for k, v in value.items()
        )
    return value if isinstance(value, str) else str(value)


def error_from_response(
    provider: str,
    request: WireRequest,
    response: WireResponse,
    *,
    field_name: Callable[[str], str] = lambda key: key,
    message_fields: Mapping[str, str] | None = None,
    codes: ErrorCodes | None = None,
    reset_header: str | None = None,
    reshape: Callable[[object], object] | None = None,
) -> TelephonyError:
    """The typed error for a failed reply, with secrets masked and vendor keys made neutral.

    `field_name` maps a vendor key in the error details to the neutral field name.
    `message_fields` names the field of a validation error that has a message but no
    details: each of its keys found in the message (case-insensitive) gives a field.
    `codes` maps the vendor's own error codes (the body's `code`) to typed errors; a code
    found there decides the class before the HTTP status does, and the message names the
    code (and the vendor's link about it: `more_info`, or a JSON:API error's `meta.url`).
    A JSON:API error list gives the message (each error's `detail`) and, through each error's
    `source.pointer`, the field errors. `reshape` turns the parsed body (None when it is empty
    or not JSON) into a shape read here, for a vendor whose errors have one of their own
    (`Resource.error_body`). `reset_header` names the vendor's header of seconds until its
    rate limit resets, read as `RateLimited.retry_after` without a `Retry-After`.
    Never raises: a malformed, empty, HTML or truncated body still gives a typed error.
    """
    redactor = request.redactor
    redact = redactor.text
    try:
        body: object = parse_json(response.body) if response.body else None
    except ValueError:  # not JSON, or nested too deep: the status still says what failed
        body = None
    if reshape is not None:
        try:
            body = reshape(body)
        except Exception:  # a plugin's reading of an odd body: the status still tells
            body = None
    message, details = _message_and_details(body)
    status = response.status
    what = f"{request.method} {redact(request.path)}"
    summary = f"{provider}: {what} failed with {status}{_meaning(status)}" + (
        f": {redact(message)}" if message else ""
    )
    code = _code(body) if codes else None
    by_code = _class_for_code(code, codes or {})
    if code is not None:
        more_info = _more_info(body)
        link = f", {redact(more_info)}" if more_info else ""
        summary += f" (error {code}{link})"
    common: dict[str, Any] = {
        "provider": provider,
        "status": status,
        "body_excerpt": excerpt(response.body, redactor) if response.body else None,
    }
    if by_code is not None and by_code is not ValidationError:
        if by_code is RateLimited:
            retry_after = advised_wait(response, reset_header=reset_header)
            return RateLimited(summary, retry_after=retry_after, **common)
        return by_code(summary, **common)
    if status in _VALIDATION_STATUSES or by_code is ValidationError:
        field_errors = {
            field_name(str(k)): redact(_detail_text(v, redactor)) for k, v in details.items()
        }
        if not field_errors and message:
            field_errors = {
                field: redact(message)
                for needle, field in (message_fields or {}).items()
                if needle.lower() in message.lower()
            }
        return ValidationError(summary, field_errors=field_errors, **common)
    if status == 429:
        retry_after = advised_wait(response, reset_header=reset_header)
        return RateLimited(summary, retry_after=retry_after, **common)
    if status >= 500:
        return ServerError(summary, **common)
    return _BY_STATUS.get(status, ProviderError)(summary, **common)
