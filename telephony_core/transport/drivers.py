"""The drivers: run a provider's plan (a generator of `WireRequest`s, see
`telephony_core.translate.wire`) over the network, sync or async.

For each request of a plan a driver waits for its turn (the call's deadline, the rate
limit), runs the `telephony_before_send` hook, sends it (httpx's transport, sync; the
asyncio driver or an httpx transport, async), maps transport failures to `TransportError`,
runs `telephony_after_receive`, and sends it again where `telephony_core.resilience.retries`
says a repeat cannot change the outcome. A `TransportError` is thrown into the plan at the
request that failed, so a plan can reconcile a write whose outcome is unknown.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, TypeVar

import attrs
import httpx

from telephony_core.errors import ProviderError, TransportError, ValidationError
from telephony_core.resilience.deadline import Deadline, running_until
from telephony_core.resilience.retries import Exchange, Retries, RetryableReply, Settled
from telephony_core.secret import Sealed
from telephony_core.translate.operations import Call
from telephony_core.translate.wire import Plan, WireRequest, WireResponse
from telephony_core.transport.error_mapping import transport_error
from telephony_core.transport.reply_body import DEFAULT_MAX_REPLY_BYTES, ReplyTooLarge
from telephony_core.transport.request_builder import RequestBuilder, send, send_async

if TYPE_CHECKING:
    import pluggy

    from telephony_core.resilience.throttle import Throttle
    from telephony_core.translate.provider import Provider
    from telephony_core.transport.asyncio_driver import AsyncioDriver

logger = logging.getLogger("telephony_core.http")

T = TypeVar("T")


def _with_call_secrets(
    request: WireRequest, known: Sealed[frozenset[str]]
) -> tuple[WireRequest, Sealed[frozenset[str]]]:
    """`request` knowing the secrets of the call's earlier requests too (a reply may echo the
    password an earlier request sent: it is masked, and kept as a `Secret`, all the same),
    and the secrets known from now on (sealed: a traceback's locals show none)."""
    if known.reveal() <= request.secrets:
        return request, Sealed(request.secrets)
    request = attrs.evolve(request, secrets=request.secrets | known.reveal())
    return request, Sealed(request.secrets)


class _Driver:
    """What both drivers share: the provider, the resilience settings (deadline, retries,
    throttle), and the hooks around each exchange."""

    def __init__(
        self,
        provider: Provider,
        hooks: pluggy.HookRelay,
        requests: RequestBuilder,
        *,
        timeout: float,
        retries: Retries,
        throttle: Throttle | None,
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
    ) -> None:
        self.provider = provider
        self.timeout = timeout
        self.retries = retries
        self.throttle = throttle
        self.max_reply_bytes = max_reply_bytes
        self._requests = requests
        self._retry_hook = hooks.telephony_before_retry
        self._before_send_hook = hooks.telephony_before_send
        self._after_receive_hook = hooks.telephony_after_receive

    def _exchange_of(self, request: WireRequest, call: Call | None, deadline: Deadline) -> Exchange:
        return Exchange(
            request,
            call,
            provider=self.provider,
            retries=self.retries,
            deadline=deadline,
            throttle=self.throttle,
            on_retry=self._retry_hook,
        )

    def _before_send(self, request: WireRequest) -> WireRequest:
        if not self._before_send_hook.get_hookimpls():  # no plugin implements it: no call
            return request
        replacement = self._before_send_hook(request=request, provider=self.provider)
        return replacement if isinstance(replacement, WireRequest) else request

    def _unsendable(self, request: WireRequest, exc: Exception) -> ValidationError:
        """httpx refused to build the request (a URL or header it cannot send): a request
        that `Provider.request` did not check. The exception's text is not shown (a
        `UnicodeEncodeError` carries the whole value, a token perhaps)."""
        return ValidationError(
            f"{self.provider.name}: {request.method} {request.redactor.text(request.path)} "
            f"cannot be sent ({type(exc).__name__}): a value in its URL or headers is invalid",
            provider=self.provider.name,
        )

    def _too_large(self, request: WireRequest, exc: ReplyTooLarge) -> ProviderError:
        """A reply over `max_reply_bytes`: read no further (DESIGN "Resilience")."""
        return ProviderError(
            f"{self.provider.name}: {request.method} {request.redactor.text(request.path)} "
            f"got a reply (status {exc.status}) that was not read: {exc}",
            provider=self.provider.name,
            status=exc.status,
        )

    def _received(
        self, request: WireRequest, response: WireResponse, started: float
    ) -> WireResponse:
        if logger.isEnabledFor(logging.DEBUG):  # masking the URL costs more than the log call
            logger.debug(
                "%s %s %s -> %d (%.1f ms)",
                self.provider.name,
                request.method,
                request.redactor.text(request.url),
                response.status,
                (time.perf_counter() - started) * 1000,
            )
        if self._after_receive_hook.get_hookimpls():
            self._after_receive_hook(request=request, response=response, provider=self.provider)
        return response


class SyncDriver(_Driver):
    """Runs plans over an httpx sync transport (by default httpx's own, with every network
    operation cut to the call's deadline: `telephony_core.transport.deadline_transport`)."""

    def __init__(
        self,
        provider: Provider,
        hooks: pluggy.HookRelay,
        requests: RequestBuilder,
        *,
        transport: httpx.BaseTransport,
        timeout: float,
        retries: Retries,
        throttle: Throttle | None,
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
    ) -> None:
        super().__init__(
            provider,
            hooks,
            requests,
            timeout=timeout,
            retries=retries,
            throttle=throttle,
            max_reply_bytes=max_reply_bytes,
        )
        self.transport = transport

    def run(self, plan: Plan[T], call: Call | None = None, deadline: Deadline | None = None) -> T:
        """Drive `plan` within the call's deadline, each request sent (again where safe) by
        `_exchange`; a `TransportError` is thrown into the plan at the request that failed."""
        deadline = deadline or Deadline(self.timeout)
        known: Sealed[frozenset[str]] = Sealed(frozenset())
        with running_until(deadline):
            try:
                request = next(plan)
                while True:
                    request, known = _with_call_secrets(request, known)
                    try:
                        response = self._exchange(self._exchange_of(request, call, deadline))
                    except Settled as settled:
                        plan.close()
                        result: T = settled.value
                        return result
                    except TransportError as exc:
                        request = plan.throw(exc)
                    else:
                        request = plan.send(response)
            except StopIteration as done:
                result = done.value
                return result

    def _exchange(self, exchange: Exchange) -> WireResponse:
        """Send one request, again where `exchange` says it is safe (see `retries`); the
        first attempt is sent directly, so a call that succeeds costs no retry machinery."""
        try:
            self._take_turn(exchange)
            return exchange.outcome(self._send(exchange.request))
        except (RetryableReply, TransportError) as first:
            return self._retry(exchange, first)

    def _retry(self, exchange: Exchange, first: Exception) -> WireResponse:
        """Go on after the first attempt's failure `first`, which tenacity judges as its own
        first attempt (retry or not, how long to wait) before sending again."""
        import tenacity  # imports asyncio: kept out of `import telephony_core`

        failure: Exception | None = first
        try:
            for attempt in tenacity.Retrying(sleep=time.sleep, **exchange.retrying()):
                with attempt:
                    if failure is not None:
                        pending, failure = failure, None
                        raise pending
                    if exchange.look_up_first:
                        exchange.found(self.run(exchange.lookup(), deadline=exchange.deadline))
                    self._take_turn(exchange)
                    return exchange.outcome(self._send(exchange.request))
        except RetryableReply as last:
            return last.response
        raise AssertionError("tenacity ended without an outcome")  # pragma: no cover

    def _take_turn(self, exchange: Exchange) -> None:
        """Wait until the deadline and the rate limit let the request go."""
        exchange.before_send()
        throttle = self.throttle
        if throttle is None:
            return
        from telephony_core.resilience.store import StoreFailed

        try:
            while (wait := throttle.try_acquire()) > 0:
                exchange.wait_for_turn(wait)
                time.sleep(wait)
        except StoreFailed as failure:
            raise exchange.store_failed(failure) from None

    def _send(self, request: WireRequest) -> WireResponse:
        request = self._before_send(request)
        started = time.perf_counter()
        try:
            response = send(
                self.transport, self._requests.build(request), request, self.max_reply_bytes
            )
        except ReplyTooLarge as exc:
            raise self._too_large(request, exc) from None
        except httpx.HTTPError as exc:
            error = transport_error(self.provider.name, request, exc)
            raise error from error.__cause__
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise self._unsendable(request, exc) from None
        return self._received(request, response, started)

    def close(self) -> None:
        """Close the transport's connections."""
        self.transport.close()


class AsyncDriver(_Driver):
    """Runs plans over the asyncio driver (`telephony_core.transport.asyncio_driver`: its
    throughput keeps growing with concurrency), or through httpx over `transport` when one is
    given (and where the asyncio driver hands a request to httpx: a proxy, a test tool
    patching httpx)."""

    def __init__(
        self,
        provider: Provider,
        hooks: pluggy.HookRelay,
        requests: RequestBuilder,
        *,
        transport: httpx.AsyncBaseTransport | None,
        asyncio_driver: AsyncioDriver | None,
        timeout: float,
        retries: Retries,
        throttle: Throttle | None,
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
    ) -> None:
        super().__init__(
            provider,
            hooks,
            requests,
            timeout=timeout,
            retries=retries,
            throttle=throttle,
            max_reply_bytes=max_reply_bytes,
        )
        self.transport = transport
        self.asyncio_driver = asyncio_driver

    async def run(
        self, plan: Plan[T], call: Call | None = None, deadline: Deadline | None = None
    ) -> T:
        """Drive `plan` as `SyncDriver.run` does, awaiting each exchange."""
        deadline = deadline or Deadline(self.timeout)
        known: Sealed[frozenset[str]] = Sealed(frozenset())
        with running_until(deadline):
            try:
                request = next(plan)
                while True:
                    request, known = _with_call_secrets(request, known)
                    try:
                        response = await self._exchange(self._exchange_of(request, call, deadline))
                    except Settled as settled:
                        plan.close()
                        result: T = settled.value
                        return result
                    except TransportError as exc:
                        request = plan.throw(exc)
                    else:
                        request = plan.send(response)
            except StopIteration as done:
                result = done.value
                return result

    async def _exchange(self, exchange: Exchange) -> WireResponse:
        """`SyncDriver._exchange`, awaited; each send is cut off at the call's deadline."""
        try:
            await self._take_turn(exchange)
            return exchange.outcome(await self._send(exchange))
        except (RetryableReply, TransportError) as first:
            return await self._retry(exchange, first)

    async def _retry(self, exchange: Exchange, first: Exception) -> WireResponse:
        """`SyncDriver._retry`, awaited."""
        import tenacity

        failure: Exception | None = first
        try:
            async for attempt in tenacity.AsyncRetrying(**exchange.retrying()):
                with attempt:
                    if failure is not None:
                        pending, failure = failure, None
                        raise pending
                    if exchange.look_up_first:
                        found = await self.run(exchange.lookup(), deadline=exchange.deadline)
                        exchange.found(found)
                    await self._take_turn(exchange)
                    return exchange.outcome(await self._send(exchange))
        except RetryableReply as last:
            return last.response
        raise AssertionError("tenacity ended without an outcome")  # pragma: no cover

    async def _take_turn(self, exchange: Exchange) -> None:
        import asyncio

        exchange.before_send()
        throttle = self.throttle
        if throttle is None:
            return
        from telephony_core.resilience.store import StoreFailed

        try:
            while (wait := await throttle.try_acquire_async()) > 0:
                exchange.wait_for_turn(wait)
                await asyncio.sleep(wait)
        except StoreFailed as failure:
            raise exchange.store_failed(failure) from None

    async def _send(self, exchange: Exchange) -> WireResponse:
        """Send the exchange's request once, cut off at the call's deadline: by the asyncio
        driver's own timer, or by `asyncio.timeout` around an httpx transport."""
        import asyncio

        request = self._before_send(exchange.request)
        started = time.perf_counter()
        time_left = exchange.deadline.remaining()
        asyncio_driver, transport = self.asyncio_driver, self.transport
        try:
            if asyncio_driver is not None:  # a transport None: the asyncio driver sends it
                transport = asyncio_driver.httpx_transport_for(request.base_url)
            if transport is None:
                assert asyncio_driver is not None
                response = await asyncio_driver.send(request, timeout=time_left)
            else:
                built = self._requests.build(request)
                async with asyncio.timeout(time_left):
                    response = await send_async(transport, built, request, self.max_reply_bytes)
        except ReplyTooLarge as exc:
            raise self._too_large(request, exc) from None
        except (httpx.HTTPError, TimeoutError) as exc:
            error = transport_error(self.provider.name, request, exc)
            raise error from error.__cause__
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise self._unsendable(request, exc) from None
        return self._received(request, response, started)

    async def aclose(self) -> None:
        """Close the connections of the asyncio driver and of the transport."""
        if self.asyncio_driver is not None:
            await self.asyncio_driver.aclose()
        if self.transport is not None:
            await self.transport.aclose()
