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
from telephony_core.translate.redaction import is_secret_key
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


def _code(body: object) -> int | None:
    """The vendor's numeric error code in an error body, if any."""
    code = body.get("code") if isinstance(body, dict) else None
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


def _message_and_details(body: object) -> tuple[str | None, Mapping[str, Any]]:
    """Find a message and a field-details mapping in any of the known error shapes.

    Shapes: `{"error": msg, "details": {...}}`, `{"error": msg, "code": n}`,
    `{"message": msg}`, `{"id": code, "message": msg}`, and the envelope
    `{"status": "error", "error": {"code", "message", "details"}}`.
    """
    if not isinstance(body, dict):
        return None, {}
    error = body.get("error")
    details = body.get("details")
    message = _text(body.get("message")) or _text(error)
    if isinstance(error, dict):
        message = _text(error.get("message")) or message
        details = error.get("details", details)
    if isinstance(body.get("errors"), dict) and not isinstance(details, dict):
        details = body["errors"]
    return message, details if isinstance(details, dict) else {}


def _detail_text(value: object) -> str:
    """A vendor's detail as plain text: lists joined with "; ", objects as "key: value"
    (secret-named keys masked), text as is (no repr: its backslashes stay single, so the
    request's secrets are found in it and masked)."""
    if isinstance(value, list):
        return "; ".join(_detail_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{k}: {MASK if is_secret_key(str(k)) else _detail_text(v)}" for k, v in value.items()
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
    reshape: Callable[[object], object] | None = None,
) -> TelephonyError:
    """The typed error for a failed reply, with secrets masked and vendor keys made neutral.

    `field_name` maps a vendor key in the error details to the neutral field name.
    `message_fields` names the field of a validation error that has a message but no
    details: each of its keys found in the message (case-insensitive) gives a field.
    `codes` maps the vendor's own error codes (the body's `code`) to typed errors; a code
    found there decides the class before the HTTP status does, and the message names the
    code (and the vendor's `more_info` link, when the body has one).
    `reshape` turns the parsed body (None when it is empty or not JSON) into a shape read
    here, for a vendor whose errors have one of their own (`Resource.error_body`).
    Never raises: a malformed, empty, HTML or truncated body still gives a typed error.
    """
    redact = request.redactor.text
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
        more_info = body.get("more_info") if isinstance(body, dict) else None
        link = f", {redact(more_info)}" if isinstance(more_info, str) and more_info else ""
        summary += f" (error {code}{link})"
    common: dict[str, Any] = {
        "provider": provider,
        "status": status,
        "body_excerpt": excerpt(response.body, request.redactor) if response.body else None,
    }
    if by_code is not None and by_code is not ValidationError:
        if by_code is RateLimited:
            return RateLimited(summary, retry_after=advised_wait(response), **common)
        return by_code(summary, **common)
    if status in _VALIDATION_STATUSES or by_code is ValidationError:
        field_errors = {field_name(str(k)): redact(_detail_text(v)) for k, v in details.items()}
        if not field_errors and message:
            field_errors = {
                field: redact(message)
                for needle, field in (message_fields or {}).items()
                if needle.lower() in message.lower()
            }
        return ValidationError(summary, field_errors=field_errors, **common)
    if status == 429:
        return RateLimited(summary, retry_after=advised_wait(response), **common)
    if status >= 500:
        return ServerError(summary, **common)
    return _BY_STATUS.get(status, ProviderError)(summary, **common)
