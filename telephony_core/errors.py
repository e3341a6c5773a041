"""The one error hierarchy: every failure the library raises is a `TelephonyError`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Self


class TelephonyError(Exception):
    """Base of every error raised by telephony-core and its provider plugins.

    `provider` names the vendor plugin involved (if any), `status` is the vendor's HTTP
    status (if a reply was received) and `body_excerpt` a short, secret-free excerpt of it.
    When a neutral call that needs several vendor requests fails part-way, `applied` and
    `not_applied` name the neutral fields it had and had not changed (see `record_progress`);
    both are empty otherwise.
    """

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        status: int | None = None,
        body_excerpt: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.status = status
        self.body_excerpt = body_excerpt
        self.applied: tuple[str, ...] = ()
        self.not_applied: tuple[str, ...] = ()

    def record_progress(self, applied: Iterable[str], not_applied: Iterable[str]) -> Self:
        """Record how far a multi-request call got when this error stopped it; return self.

        `applied`: neutral fields whose requests succeeded (changed at the vendor).
        `not_applied`: fields whose request failed or was never sent. After a transport error
        (no reply) the failing request's change may still have reached the vendor: read the
        resource back to be sure. The message gains "[applied: ...; not applied: ...]".
        """
        self.applied = tuple(applied)
        self.not_applied = tuple(not_applied)
        done = ", ".join(self.applied) or "nothing"
        self.message = (
            f"{self.message} [applied: {done}; not applied: {', '.join(self.not_applied)}]"
        )
        self.args = (self.message,)
        return self

    def __str__(self) -> str:
        return self.message


class ConfigurationError(TelephonyError):
    """A setting is missing or invalid, or the provider / profile cannot be found.

    When one setting is at fault, `setting` names it (`"provider"` when no provider was
    chosen) and `env` its environment variable, so that a command line can say which of its
    options to use.
    """

    def __init__(
        self,
        message: str,
        *,
        setting: str | None = None,
        env: str | None = None,
        provider: str | None = None,
    ) -> None:
        super().__init__(message, provider=provider)
        self.setting = setting
        self.env = env


class ValidationError(TelephonyError):
    """Invalid input, found before sending or reported by the vendor (400/406/422).

    `field_errors` maps neutral field names to messages.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        field_errors: Mapping[str, str] | None = None,
        provider: str | None = None,
        status: int | None = None,
        body_excerpt: str | None = None,
    ) -> None:
        self.field_errors: dict[str, str] = dict(field_errors or {})
        if message is None:
            message = "invalid " + "; ".join(f"{k}: {v}" for k, v in self.field_errors.items())
        elif self.field_errors:
            details = "; ".join(f"{k}: {v}" for k, v in self.field_errors.items())
            message = f"{message} ({details})"
        super().__init__(message, provider=provider, status=status, body_excerpt=body_excerpt)


class NotFound(TelephonyError):
    """The resource does not exist at the vendor (404)."""


class AuthenticationError(TelephonyError):
    """The vendor rejected the credentials (401)."""


class PermissionDenied(TelephonyError):
    """The credentials are valid but not allowed to do this (403)."""


class Conflict(TelephonyError):
    """The change conflicts with the vendor's current state (409), e.g. a duplicate name."""


class RateLimited(TelephonyError):
    """The vendor asked us to slow down (429); `retry_after` is in seconds when known."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class ServerError(TelephonyError):
    """The vendor failed (5xx)."""


class TransportError(TelephonyError):
    """No usable reply: connection refused, timeout, TLS failure.

    `request_sent` is False when the request surely never reached the vendor (the connection
    never opened, or the call's deadline passed first); True when it may have been applied.
    """

    def __init__(self, message: str, *, request_sent: bool = True, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.request_sent = request_sent


class UnsupportedOperation(TelephonyError):
    """The provider has no such operation for this resource (e.g. `get` where the vendor lacks it)."""


class UnsupportedField(TelephonyError):
    """The provider cannot set this neutral field in this operation.

    Raised before any request is sent unless the client was made with
    `drop_unsupported=True`, in which case an `UnsupportedFieldWarning` is issued instead.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str,
        resource: str,
        operation: str,
        provider: str | None = None,
    ) -> None:
        super().__init__(message, provider=provider)
        self.field = field
        self.resource = resource
        self.operation = operation


class ProviderError(TelephonyError):
    """Any other vendor failure: an unexpected status or a malformed reply."""


class UnsupportedFieldWarning(UserWarning):
    """Issued when `drop_unsupported=True` drops a field the provider cannot set."""


class PluginLoadWarning(UserWarning):
    """Issued when a plugin named in the `telephony` entry-point group fails to import."""
