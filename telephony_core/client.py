"""The sync and async clients: thin drivers that run the providers' plans over httpx's
transports or, async, the asyncio driver (`telephony_core.asyncio_driver`)."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from telephony_core import __version__
from telephony_core.capabilities import Capabilities
from telephony_core.deadline import Deadline, running_until
from telephony_core.dryrun import DryRun, preview
from telephony_core.errors import TransportError, ValidationError
from telephony_core.http import (
    RequestBuilder,
    default_headers,
    environment_proxy,
    send,
    send_async,
)
from telephony_core.listing import ListingProgress
from telephony_core.models import AccessRule, AgentUser, Device, Model, Tenant
from telephony_core.operations import Preparer
from telephony_core.plugins import Registry
from telephony_core.provider import Page, Provider
from telephony_core.redaction import Redactor
from telephony_core.retries import Call, Exchange, Retries, RetryableReply, Settled
from telephony_core.transport_errors import transport_error
from telephony_core.wire import Plan, WireRequest, WireResponse

if TYPE_CHECKING:
    from telephony_core.asyncio_driver import AsyncioDriver
    from telephony_core.throttle import Throttle

logger = logging.getLogger("telephony_core.http")

M = TypeVar("M", bound=Model)
T = TypeVar("T")

USER_AGENT = f"telephony-core/{__version__}"
#: Seconds one neutral call may take in all: every request, retry and wait included.
DEFAULT_TIMEOUT = 30.0


class _ClientBase:
    """What both drivers share: the provider, capabilities, dry runs, the resilience
    settings (deadline, retries, throttle), and the hooks and httpx conversions around each
    exchange."""

    def __init__(
        self,
        provider: Provider,
        registry: Registry,
        drop_unsupported: bool,
        *,
        timeout: float,
        retries: int | Retries | None,
        rate_limit: str | None,
        rate_limit_storage: str | None,
    ) -> None:
        self.provider = provider
        self.drop_unsupported = drop_unsupported
        self._hooks = registry.manager.hook
        self._before_send_hook = self._hooks.telephony_before_send
        self._after_receive_hook = self._hooks.telephony_after_receive
        self.timeout = timeout
        self.retries = Retries.of(retries)
        rate = rate_limit or provider.rate_limit
        self.throttle: Throttle | None = None
        if rate:
            from telephony_core.throttle import throttle_for  # `limits` only when it is needed

            self.throttle = throttle_for(provider.name, provider.config, rate, rate_limit_storage)

    def _exchange_of(self, request: WireRequest, call: Call | None, deadline: Deadline) -> Exchange:
        return Exchange(
            request,
            call,
            provider=self.provider,
            retries=self.retries,
            deadline=deadline,
            throttle=self.throttle,
            on_retry=self._hooks.telephony_before_retry,
        )

    @property
    def capabilities(self) -> Capabilities:
        """Which resources, operations and fields this provider supports."""
        return Capabilities(provider=self.provider.name, resources=self.provider.capabilities())

    def dry_run(
        self, resource: str, operation: str, id: str | None = None, /, **arguments: Any
    ) -> DryRun:
        """The vendor requests `self.<resource>.<operation>(id, **arguments)` would send.

        Nothing is sent; input is validated as for the real call. See `telephony_core.dryrun`.
        `id` is the id of a get, update or delete; the id a create chooses is an argument:
        `dry_run("devices", "create", id="1001c", ...)`.
        """
        return preview(
            self.provider,
            resource,
            operation,
            id,
            drop_unsupported=self.drop_unsupported,
            **arguments,
        )

    def __repr__(self) -> str:
        return (
            f"<telephony {type(self).__name__} provider={self.provider.name!r} "
            f"base_url={Redactor().text(self.provider.base_url)!r}>"
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


class ResourceClient(Generic[M]):
    """`client.devices`, `client.access_rules`, ...: the neutral operations of one resource."""

    def __init__(self, client: Client, resource: str) -> None:
        self._client = client
        self._prep = Preparer(client.provider, resource, drop_unsupported=client.drop_unsupported)

    def get(self, id: str, *, tenant: str | None = None, owner: str | None = None) -> M:
        """Read one resource."""
        result: M = self._client._run(self._prep.get(id, tenant, owner))
        return result

    def list(
        self, *, tenant: str | None = None, owner: str | None = None, page_size: int | None = None
    ) -> Iterator[M]:
        """Iterate over all resources; pages are fetched lazily as iteration proceeds."""
        adapter, scope = self._prep.list_page(tenant, owner, page_size)

        def pages() -> Iterator[M]:
            progress = ListingProgress(self._client.provider.name, self._prep.resource)
            cursor = None
            while True:
                page: Page[M] = self._client._run(adapter.plan_list(scope, cursor, page_size))
                cursor = progress.advance(cursor, page)
                yield from page.items
                if cursor is None:
                    return

        return pages()

    def update(
        self, id: str, *, tenant: str | None = None, owner: str | None = None, **changes: Any
    ) -> M:
        """Change only the given fields; returns the resource as known after the change."""
        plan = self._prep.update(id, tenant, owner, changes)
        result: M = self._client._run(plan, self._prep.call("update", tenant, owner))
        return result

    def create(self, *, tenant: str | None = None, owner: str | None = None, **fields: Any) -> M:
        """Create a resource from neutral fields."""
        plan = self._prep.create(tenant, owner, fields)
        result: M = self._client._run(plan, self._prep.call("create", tenant, owner, fields))
        return result

    def delete(self, id: str, *, tenant: str | None = None, owner: str | None = None) -> None:
        """Delete a resource."""
        plan = self._prep.delete(id, tenant, owner)
        self._client._run(plan, self._prep.call("delete", tenant, owner))

    def count(self, *, tenant: str | None = None, owner: str | None = None) -> int:
        """How many resources there are, in one request where the vendor has a count."""
        result: int = self._client._run(self._prep.count(tenant, owner))
        return result

    def find(self, key: object, *, tenant: str | None = None, owner: str | None = None) -> M | None:
        """The resource whose natural key (`capabilities` tells which field: devices
        `username`, access rules `cidr`, tenants `name`, ...) equals `key`, or None."""
        result: M | None = self._client._run(self._prep.find(key, tenant, owner))
        return result


class AsyncResourceClient(Generic[M]):
    """The async twin of `ResourceClient`: the same plans, awaited."""

    def __init__(self, client: AsyncClient, resource: str) -> None:
        self._client = client
        self._prep = Preparer(client.provider, resource, drop_unsupported=client.drop_unsupported)

    async def get(self, id: str, *, tenant: str | None = None, owner: str | None = None) -> M:
        """Read one resource."""
        result: M = await self._client._run(self._prep.get(id, tenant, owner))
        return result

    def list(
        self, *, tenant: str | None = None, owner: str | None = None, page_size: int | None = None
    ) -> AsyncIterator[M]:
        """Iterate (`async for`) over all resources; pages are fetched lazily."""
        adapter, scope = self._prep.list_page(tenant, owner, page_size)

        async def pages() -> AsyncIterator[M]:
            progress = ListingProgress(self._client.provider.name, self._prep.resource)
            cursor = None
            while True:
                page: Page[M] = await self._client._run(adapter.plan_list(scope, cursor, page_size))
                cursor = progress.advance(cursor, page)
                for item in page.items:
                    yield item
                if cursor is None:
                    return

        return pages()

    async def update(
        self, id: str, *, tenant: str | None = None, owner: str | None = None, **changes: Any
    ) -> M:
        """Change only the given fields; returns the resource as known after the change."""
        plan = self._prep.update(id, tenant, owner, changes)
        result: M = await self._client._run(plan, self._prep.call("update", tenant, owner))
        return result

    async def create(
        self, *, tenant: str | None = None, owner: str | None = None, **fields: Any
    ) -> M:
        """Create a resource from neutral fields."""
        plan = self._prep.create(tenant, owner, fields)
        result: M = await self._client._run(plan, self._prep.call("create", tenant, owner, fields))
        return result

    async def delete(self, id: str, *, tenant: str | None = None, owner: str | None = None) -> None:
        """Delete a resource."""
        plan = self._prep.delete(id, tenant, owner)
        await self._client._run(plan, self._prep.call("delete", tenant, owner))

    async def count(self, *, tenant: str | None = None, owner: str | None = None) -> int:
        """How many resources there are, in one request where the vendor has a count."""
        result: int = await self._client._run(self._prep.count(tenant, owner))
        return result

    async def find(
        self, key: object, *, tenant: str | None = None, owner: str | None = None
    ) -> M | None:
        """The resource whose natural key equals `key`, or None (see `ResourceClient.find`)."""
        result: M | None = await self._client._run(self._prep.find(key, tenant, owner))
        return result


class Client(_ClientBase):
    """A synchronous client for one provider. Use `telephony_core.connect()` to make one."""

    def __init__(
        self,
        provider: Provider,
        registry: Registry,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        drop_unsupported: bool = False,
        retries: int | Retries | None = None,
        rate_limit: str | None = None,
        rate_limit_storage: str | None = None,
    ) -> None:
        super().__init__(
            provider,
            registry,
            drop_unsupported,
            timeout=timeout,
            retries=retries,
            rate_limit=rate_limit,
            rate_limit_storage=rate_limit_storage,
        )
        if transport is None:
            from telephony_core.deadline_transport import deadline_transport

            transport = deadline_transport(environment_proxy(provider.base_url))
        self._transport = transport
        self._requests = RequestBuilder(
            httpx.Headers(default_headers(USER_AGENT)), httpx.Timeout(timeout)
        )
        self.devices: ResourceClient[Device] = ResourceClient(self, "devices")
        self.access_rules: ResourceClient[AccessRule] = ResourceClient(self, "access_rules")
        self.tenants: ResourceClient[Tenant] = ResourceClient(self, "tenants")
        self.agents: ResourceClient[AgentUser] = ResourceClient(self, "agents")

    def _run(self, plan: Plan[T], call: Call | None = None, deadline: Deadline | None = None) -> T:
        """Drive `plan` within the call's deadline, each request sent (again where safe) by
        `_exchange`; a `TransportError` is thrown into the plan at the request that failed."""
        deadline = deadline or Deadline(self.timeout)
        with running_until(deadline):
            try:
                request = next(plan)
                while True:
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
                        exchange.found(self._run(exchange.lookup(), deadline=exchange.deadline))
                    self._take_turn(exchange)
                    return exchange.outcome(self._send(exchange.request))
        except RetryableReply as last:
            return last.response
        raise AssertionError("tenacity ended without an outcome")  # pragma: no cover

    def _take_turn(self, exchange: Exchange) -> None:
        """Wait until the deadline and the rate limit let the request go."""
        exchange.before_send()
        while self.throttle is not None and (wait := self.throttle.try_acquire()) > 0:
            exchange.wait_for_turn(wait)
            time.sleep(wait)

    def _send(self, request: WireRequest) -> WireResponse:
        request = self._before_send(request)
        started = time.perf_counter()
        try:
            response = send(self._transport, self._requests.build(request), request.secrets)
        except httpx.HTTPError as exc:
            error = transport_error(self.provider.name, request, exc)
            raise error from error.__cause__
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise self._unsendable(request, exc) from None
        return self._received(request, response, started)

    def close(self) -> None:
        """Close the underlying HTTP connections."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(_ClientBase):
    """An asyncio client for one provider. Use `telephony_core.connect_async()` to make one.

    Requests go over the asyncio driver (`telephony_core.asyncio_driver`: its throughput
    keeps growing with concurrency), or through httpx over `transport` when one is given
    (and where the driver hands a request to httpx: a proxy, a test tool patching httpx).
    """

    def __init__(
        self,
        provider: Provider,
        registry: Registry,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        drop_unsupported: bool = False,
        retries: int | Retries | None = None,
        rate_limit: str | None = None,
        rate_limit_storage: str | None = None,
    ) -> None:
        super().__init__(
            provider,
            registry,
            drop_unsupported,
            timeout=timeout,
            retries=retries,
            rate_limit=rate_limit,
            rate_limit_storage=rate_limit_storage,
        )
        self._transport = transport
        self._driver: AsyncioDriver | None = None
        headers = default_headers(USER_AGENT)
        if transport is None:
            from telephony_core.asyncio_driver import AsyncioDriver  # imports asyncio

            self._driver = AsyncioDriver(timeout=timeout, headers=headers)
        self._requests = RequestBuilder(httpx.Headers(headers), httpx.Timeout(timeout))
        self.devices: AsyncResourceClient[Device] = AsyncResourceClient(self, "devices")
        self.access_rules: AsyncResourceClient[AccessRule] = AsyncResourceClient(
            self, "access_rules"
        )
        self.tenants: AsyncResourceClient[Tenant] = AsyncResourceClient(self, "tenants")
        self.agents: AsyncResourceClient[AgentUser] = AsyncResourceClient(self, "agents")

    async def _run(
        self, plan: Plan[T], call: Call | None = None, deadline: Deadline | None = None
    ) -> T:
        """Drive `plan` as `Client._run` does, awaiting each exchange."""
        deadline = deadline or Deadline(self.timeout)
        with running_until(deadline):
            try:
                request = next(plan)
                while True:
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
        """`Client._exchange`, awaited; each send is cut off at the call's deadline."""
        try:
            await self._take_turn(exchange)
            return exchange.outcome(await self._send(exchange))
        except (RetryableReply, TransportError) as first:
            return await self._retry(exchange, first)

    async def _retry(self, exchange: Exchange, first: Exception) -> WireResponse:
        """`Client._retry`, awaited."""
        import tenacity

        failure: Exception | None = first
        try:
            async for attempt in tenacity.AsyncRetrying(**exchange.retrying()):
                with attempt:
                    if failure is not None:
                        pending, failure = failure, None
                        raise pending
                    if exchange.look_up_first:
                        found = await self._run(exchange.lookup(), deadline=exchange.deadline)
                        exchange.found(found)
                    await self._take_turn(exchange)
                    return exchange.outcome(await self._send(exchange))
        except RetryableReply as last:
            return last.response
        raise AssertionError("tenacity ended without an outcome")  # pragma: no cover

    async def _take_turn(self, exchange: Exchange) -> None:
        import asyncio

        exchange.before_send()
        while self.throttle is not None and (wait := await self.throttle.try_acquire_async()) > 0:
            exchange.wait_for_turn(wait)
            await asyncio.sleep(wait)

    async def _send(self, exchange: Exchange) -> WireResponse:
        """Send the exchange's request once, cut off at the call's deadline: by the driver's
        own timer, or by `asyncio.timeout` around an httpx transport."""
        import asyncio

        request = self._before_send(exchange.request)
        started = time.perf_counter()
        time_left = exchange.deadline.remaining()
        driver, transport = self._driver, self._transport
        try:
            if driver is not None:  # None: the driver sends it
                transport = driver.httpx_transport_for(request.base_url)
            if transport is None:
                assert driver is not None
                response = await driver.send(request, timeout=time_left)
            else:
                built = self._requests.build(request)
                async with asyncio.timeout(time_left):
                    response = await send_async(transport, built, request.secrets)
        except (httpx.HTTPError, TimeoutError) as exc:
            error = transport_error(self.provider.name, request, exc)
            raise error from error.__cause__
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise self._unsendable(request, exc) from None
        return self._received(request, response, started)

    async def aclose(self) -> None:
        """Close the underlying HTTP connections."""
        if self._driver is not None:
            await self._driver.aclose()
        if self._transport is not None:
            await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
