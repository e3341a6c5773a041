"""Retries that cannot change the outcome (DESIGN "Resilience"), on tenacity.

What may be sent again, per request of a neutral call (`Call`):
- reads (GET, HEAD, OPTIONS) and writes of an operation the resource declares idempotent
  (`Resource.idempotent`, e.g. an update that sets values, a full replace, a delete): after a
  timeout, a dropped connection, 408, 429, 500, 502, 503 or 504. A delete resent after an
  unknown outcome that answers 404 was done by the first attempt: the call returns.
- the first write of a create: at once after a reply that says it was not applied (408, 429)
  or a connection that never opened; after an unknown outcome (timeout or connection lost
  after sending, 5xx) only once a lookup by the natural key (`Resource.plan_find`) confirmed
  the resource is absent; if the lookup finds it, the call returns it and sends nothing more.
- the delete of a resource that declares it `irreversible` (releasing a number): at once
  after a reply that says it was not applied; after an unknown outcome only once a read by
  its id (`Resource.plan_get`) found it still there; if it is gone, the first attempt
  deleted it and the call returns, sending nothing more. Without `get`, never again.
- any other write (`WireRequest.idempotent=False`, a later write of a create, an operation
  not declared idempotent): only after a reply or failure that says it was not applied.

Waits grow exponentially with full jitter (`Retries`), a `Retry-After` replaces them (on a
429 without one, the seconds of the provider's `rate_limit_reset_header`), and nothing waits
past the call's deadline: when the next wait would end after it, the last failure is the
call's.
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from telephony_core.errors import ConfigurationError, NotFound, TelephonyError, TransportError
from telephony_core.translate.operations import Call
from telephony_core.translate.retry_after import advised_wait
from telephony_core.translate.wire import Plan, WireRequest, WireResponse

if TYPE_CHECKING:
    import tenacity

    from telephony_core.resilience.deadline import Deadline
    from telephony_core.resilience.store import StoreFailed
    from telephony_core.resilience.throttle import Throttle
    from telephony_core.translate.provider import Provider, Resource

logger = logging.getLogger("telephony_core.http")

#: Replies worth another attempt.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
#: Replies that say the request was not applied, so that even a create may be resent.
NOT_APPLIED_STATUSES = frozenset({408, 429})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _at_least(minimum: float) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise ConfigurationError(f"retries: {attribute.name} must be a number >= {minimum}")

    return check


@attrs.frozen(kw_only=True)
class Retries:
    """How a client retries: at most `attempts` sends of one request (1 = never again), the
    n-th wait drawn from [0, min(`wait_max`, `wait_initial` * 2**n)] seconds."""

    attempts: int = attrs.field(default=4, validator=_at_least(1))
    wait_initial: float = attrs.field(default=0.25, validator=_at_least(0))
    wait_max: float = attrs.field(default=8.0, validator=_at_least(0))

    @classmethod
    def of(cls, value: int | Retries | None) -> Retries:
        """`retries=` as `connect()` takes it: None (the default), a number of retries
        (0 turns them off), or a `Retries`."""
        if value is None:
            return cls()
        if isinstance(value, Retries):
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigurationError(
                f"retries must be a number of retries (0 turns them off), not {value!r}"
            )
        return cls(attempts=value + 1)


class Kind(enum.Enum):
    """What a request is, for retrying it."""

    REPEATABLE = "repeatable"  # a read, or a write declared idempotent
    DELETE = "delete"  # repeatable; a 404 to a resend after an unknown outcome means done
    CREATE = "create"  # resent after an unknown outcome only once a lookup found nothing
    RELEASE = "release"  # an irreversible delete: resent only once a read found it still there
    ONCE = "once"  # resent only when it surely was not applied


def kind_of(request: WireRequest, call: Call | None, first_write: bool) -> Kind:
    """How `request`, sent by `call`, may be retried (see the module docstring)."""
    if request.idempotent is not None:
        return Kind.REPEATABLE if request.idempotent else Kind.ONCE
    if request.method in READ_METHODS:
        return Kind.REPEATABLE
    if call is None or call.resource is None:
        return Kind.ONCE
    if call.operation == "create":
        return Kind.CREATE if first_write and call.can_look_up() else Kind.ONCE
    if call.operation in call.resource.irreversible:
        checked = call.operation == "delete" and request.method == "DELETE" and first_write
        return Kind.RELEASE if checked and call.can_look_up() else Kind.ONCE
    if call.operation in call.resource.idempotent:
        if call.operation == "delete" and request.method == "DELETE":
            return Kind.DELETE
        return Kind.REPEATABLE
    return Kind.ONCE


class RetryableReply(Exception):
    """A reply worth another attempt (raised inside an attempt, never to the caller)."""

    def __init__(self, response: WireResponse) -> None:
        super().__init__(response.status)
        self.response = response


class Settled(Exception):
    """The call's result is known without the rest of its plan: the resource a create was
    making, found by the lookup; None for a delete that a resend found already done."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


class Exchange:
    """One request of a call, sent (and sent again where safe) until it has an outcome."""

    def __init__(
        self,
        request: WireRequest,
        call: Call | None,
        *,
        provider: Provider,
        retries: Retries,
        deadline: Deadline,
        throttle: Throttle | None,
        on_retry: Callable[..., object],
    ) -> None:
        first_write = False
        if call is not None and request.method not in READ_METHODS:
            first_write = call.writes == 0
            call.writes += 1
        self.kind = kind_of(request, call, first_write)
        header = provider.idempotency_header
        if header and call is not None and call.operation == "create" and first_write:
            if call.idempotency_key is None:
                call.idempotency_key = uuid.uuid4().hex
            request = attrs.evolve(
                request, headers={**request.headers, header: call.idempotency_key}
            )
        self.request = request
        self.call = call
        self.provider = provider
        self.retries = retries
        self.deadline = deadline
        self.throttle = throttle
        self._on_retry = on_retry
        self.unknown_outcome = False  # an earlier attempt may have been applied
        self.look_up_first = False  # the next attempt must look the created resource up

    def retrying(self) -> dict[str, Any]:
        """The arguments of tenacity's `Retrying` / `AsyncRetrying` for this request."""
        return {
            "retry": self._should_retry,
            "wait": self._wait,
            "stop": self._should_stop,
            "before_sleep": self._before_sleep,
            "reraise": True,
        }

    def outcome(self, response: WireResponse) -> WireResponse:
        """Check one reply: raise `RetryableReply` for one worth another attempt, `Settled`
        for a delete found done, else return it to the plan."""
        if response.status == 429 and self.throttle is not None:
            self.throttle.slow_down()
        if self.kind is Kind.DELETE and self.unknown_outcome and response.status == 404:
            logger.info(
                "%s %s %s: gone on the resend, so the first attempt deleted it",
                self.provider.name,
                self.request.method,
                self.request.redactor.text(self.request.url),
            )
            raise Settled(None)
        if response.status in RETRY_STATUSES:
            raise RetryableReply(response)
        return response

    def before_send(self) -> None:
        """Raise a `TransportError` (not sent) once the call's deadline has passed."""
        if self.deadline.expired():
            raise self.deadline_passed("before it could be sent")

    def wait_for_turn(self, wait: float) -> None:
        """Check that waiting `wait` seconds for the rate limiter ends before the deadline."""
        if wait >= self.deadline.remaining():
            raise self.deadline_passed(
                f"waiting for the client-side rate limit ({self.throttle.rate if self.throttle else ''})"
            )

    def store_failed(self, failure: StoreFailed) -> TransportError:
        """The error of a request that could not take its turn: the rate limit's shared
        store failed or did not answer by the call's deadline (it was not sent)."""
        return TransportError(
            f"{self.provider.name}: {self.request.method} "
            f"{self.request.redactor.text(self.request.url)} was not sent: waiting for the "
            f"client-side rate limit, {failure}",
            provider=self.provider.name,
            request_sent=False,
        )

    def deadline_passed(self, when: str) -> TransportError:
        """The error of a request the call's deadline stopped before it was sent."""
        return TransportError(
            f"{self.provider.name}: {self.request.method} "
            f"{self.request.redactor.text(self.request.url)} timed out {when}: the call's "
            f"deadline (timeout={self.deadline.seconds:g}s) passed",
            provider=self.provider.name,
            request_sent=False,
        )

    def lookup(self) -> Plan[Any]:
        """The plan that looks up the resource a create (or an irreversible delete) whose
        outcome is unknown made (or removed)."""
        call = self.call
        assert call is not None
        resource = call.resource
        assert resource is not None
        if self.kind is Kind.RELEASE:
            return (yield from self._still_there(resource, call))
        logger.info(
            "%s: the outcome of creating %s is unknown: looking it up by %s before sending "
            "it again",
            self.provider.name,
            type(resource).__name__,
            resource.natural_key,
        )
        try:
            return (yield from resource.plan_find(call.key, call.scope))
        except TelephonyError as exc:
            exc.add_note(
                f"(while looking up by {resource.natural_key} whether a create whose outcome "
                f"was unknown had reached {self.provider.name}: it may exist)"
            )
            raise

    def _still_there(self, resource: Resource[Any], call: Call) -> Plan[Any]:
        """The resource an irreversible delete is about, read by its id, or None if gone."""
        assert call.id is not None
        logger.info(
            "%s: the outcome of deleting %s %r is unknown, and it cannot be undone: reading "
            "it before sending the delete again",
            self.provider.name,
            type(resource).__name__,
            call.id,
        )
        try:
            return (yield from resource.plan_get(call.id, call.scope))
        except NotFound:
            return None
        except TelephonyError as exc:
            exc.add_note(
                f"(while reading whether a delete whose outcome was unknown had reached "
                f"{self.provider.name}: it may be done)"
            )
            raise

    def found(self, existing: object) -> None:
        """The lookup's answer. After a create: the resource (the call returns it), or None
        (resend). After an irreversible delete: None (gone: the call returns), or the
        resource (still there: resend)."""
        if self.kind is Kind.RELEASE:
            if existing is None:
                logger.info("%s: gone: the delete had been applied", self.provider.name)
                raise Settled(None)
            logger.info("%s: still there: sending the delete again", self.provider.name)
            self.look_up_first = False
            return
        if existing is not None:
            logger.info("%s: found it: the create had been applied", self.provider.name)
            raise Settled(existing)
        logger.info("%s: not found: sending the create again", self.provider.name)
        self.look_up_first = False

    # tenacity's callbacks.
    def _should_retry(self, state: tenacity.RetryCallState) -> bool:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, RetryableReply):
            not_applied = failure.response.status in NOT_APPLIED_STATUSES
        elif isinstance(failure, TransportError):
            not_applied = not failure.request_sent
        else:
            return False
        if not not_applied:
            self.unknown_outcome = True
        if not_applied or self.kind in (Kind.REPEATABLE, Kind.DELETE):
            return True
        if self.kind in (Kind.CREATE, Kind.RELEASE):
            self.look_up_first = True
            return True
        return False

    def _wait(self, state: tenacity.RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, RetryableReply):
            reply = failure.response
            reset = self.provider.rate_limit_reset_header if reply.status == 429 else None
            advice = advised_wait(reply, reset_header=reset)
            if advice is not None:
                return advice
        import tenacity  # here: it imports asyncio, which `import telephony_core` does not need

        backoff = tenacity.wait_random_exponential(
            multiplier=self.retries.wait_initial, max=self.retries.wait_max
        )
        return float(backoff(state))

    def _should_stop(self, state: tenacity.RetryCallState) -> bool:
        out_of_attempts = state.attempt_number >= self.retries.attempts
        return out_of_attempts or state.upcoming_sleep >= self.deadline.remaining()

    def _before_sleep(self, state: tenacity.RetryCallState) -> None:
        failure = state.outcome.exception() if state.outcome else None
        response = failure.response if isinstance(failure, RetryableReply) else None
        reason = str(response.status) if response else type(failure).__name__
        logger.info(
            "%s %s %s: %s; attempt %d of %d in %.2f s%s",
            self.provider.name,
            self.request.method,
            self.request.redactor.text(self.request.url),
            reason,
            state.attempt_number + 1,
            self.retries.attempts,
            state.upcoming_sleep,
            self._lookup_note() if self.look_up_first else "",
        )
        self._on_retry(
            request=self.request,
            response=response,
            attempt=state.attempt_number + 1,
            delay=state.upcoming_sleep,
            provider=self.provider,
        )

    def _lookup_note(self) -> str:
        return (
            " (after a read by id)"
            if self.kind is Kind.RELEASE
            else " (after a lookup by natural key)"
        )
