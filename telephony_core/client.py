"""The clients: `Client` and `AsyncClient`, one per provider, with a `ResourceClient` per
neutral resource (`client.devices`, `client.numbers`, ...). Each neutral call is prepared
without I/O (`telephony_core.translate.operations`) and its plan run by a driver
(`telephony_core.transport.drivers`)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterator
from operator import attrgetter
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from telephony_core.models import (
    AccessRule,
    AgentUser,
    Application,
    AvailableNumber,
    Device,
    Model,
    PhoneNumber,
    Tenant,
)
from telephony_core.resilience.deadline import Deadline
from telephony_core.resilience.retries import Retries
from telephony_core.translate.capabilities import Capabilities
from telephony_core.translate.dryrun import DryRun, preview
from telephony_core.translate.operations import Call, Preparer
from telephony_core.translate.paging import ListingProgress, Page
from telephony_core.translate.redaction import Redactor
from telephony_core.transport.drivers import AsyncDriver, SyncDriver
from telephony_core.transport.reply_body import DEFAULT_MAX_REPLY_BYTES
from telephony_core.transport.request_builder import (
    RequestBuilder,
    default_headers,
    environment_proxy,
)

if TYPE_CHECKING:
    from telephony_core.plugins.registry import Registry
    from telephony_core.resilience.throttle import Throttle
    from telephony_core.translate.provider import Provider
    from telephony_core.translate.wire import Plan

M = TypeVar("M", bound=Model)
T = TypeVar("T")

#: What tells available numbers apart in a search's pages (they have no id).
_NUMBER = attrgetter("number")
#: Seconds one neutral call may take in all: every request, retry and wait included.
DEFAULT_TIMEOUT = 30.0


@functools.cache
def user_agent() -> str:
    """`telephony-core/<version>`, the User-Agent of every request."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"telephony-core/{version('telephony-core')}"
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "telephony-core"


class _ClientBase:
    """What both clients share: the provider, capabilities, dry runs, and the resilience
    settings (deadline, retries, throttle) their driver applies."""

    def __init__(
        self,
        provider: Provider,
        drop_unsupported: bool,
        *,
        rate_limit: str | None,
        rate_limit_storage: str | None,
        timeout: float,
    ) -> None:
        self.provider = provider
        self.drop_unsupported = drop_unsupported
        rate = rate_limit or provider.rate_limit
        self.throttle: Throttle | None = None
        if rate:
            from telephony_core.resilience.throttle import throttle_for  # `limits` when needed

            self.throttle = throttle_for(
                provider.name, provider.config, rate, rate_limit_storage, store_timeout=timeout
            )

    @property
    def capabilities(self) -> Capabilities:
        """Which resources, operations and fields this provider supports."""
        return Capabilities(provider=self.provider.name, resources=self.provider.capabilities())

    def dry_run(
        self, resource: str, operation: str, id: str | None = None, /, **arguments: Any
    ) -> DryRun:
        """The vendor requests `self.<resource>.<operation>(id, **arguments)` would send.

        Nothing is sent; input is validated as for the real call. See
        `telephony_core.translate.dryrun`. `id` is the id of a get, update or delete; the id
        a create chooses is an argument: `dry_run("devices", "create", id="1001c", ...)`.
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
        result: M = self._client._run(plan, self._prep.call("update", tenant, owner, id=id))
        return result

    def create(self, *, tenant: str | None = None, owner: str | None = None, **fields: Any) -> M:
        """Create a resource from neutral fields."""
        plan = self._prep.create(tenant, owner, fields)
        result: M = self._client._run(plan, self._prep.call("create", tenant, owner, fields))
        return result

    def delete(self, id: str, *, tenant: str | None = None, owner: str | None = None) -> None:
        """Delete a resource."""
        plan = self._prep.delete(id, tenant, owner)
        self._client._run(plan, self._prep.call("delete", tenant, owner, id=id))

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
        result: M = await self._client._run(plan, self._prep.call("update", tenant, owner, id=id))
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
        await self._client._run(plan, self._prep.call("delete", tenant, owner, id=id))

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


class NumberClient(ResourceClient[PhoneNumber]):
    """`client.numbers`: the numbers the account holds (`create` buys one, `delete` releases
    it: neither is ever sent again after an unknown outcome without a lookup), and `search`
    for numbers to buy."""

    def search(
        self,
        *,
        country: str,
        area_code: str | None = None,
        contains: str | None = None,
        number_type: str = "local",
        limit: int = 20,
        tenant: str | None = None,
        owner: str | None = None,
    ) -> Iterator[AvailableNumber]:
        """Numbers the vendor offers for purchase, at most `limit`, fetched page by page."""
        adapter, scope, query = self._prep.search(
            tenant,
            owner,
            {
                "country": country,
                "area_code": area_code,
                "contains": contains,
                "number_type": number_type,
                "limit": limit,
            },
        )

        def offers() -> Iterator[AvailableNumber]:
            progress = ListingProgress(self._client.provider.name, "available numbers", _NUMBER)
            cursor, left = None, query.limit
            while left > 0:
                page: Page[AvailableNumber] = self._client._run(
                    adapter.plan_search(query, scope, cursor)
                )
                cursor = progress.advance(cursor, page)
                yield from page.items[:left]
                left -= len(page.items)
                if cursor is None:
                    return

        return offers()


class AsyncNumberClient(AsyncResourceClient[PhoneNumber]):
    """The async twin of `NumberClient`."""

    def search(
        self,
        *,
        country: str,
        area_code: str | None = None,
        contains: str | None = None,
        number_type: str = "local",
        limit: int = 20,
        tenant: str | None = None,
        owner: str | None = None,
    ) -> AsyncIterator[AvailableNumber]:
        """Numbers the vendor offers for purchase (`async for`), at most `limit`."""
        adapter, scope, query = self._prep.search(
            tenant,
            owner,
            {
                "country": country,
                "area_code": area_code,
                "contains": contains,
                "number_type": number_type,
                "limit": limit,
            },
        )

        async def offers() -> AsyncIterator[AvailableNumber]:
            progress = ListingProgress(self._client.provider.name, "available numbers", _NUMBER)
            cursor, left = None, query.limit
            while left > 0:
                page: Page[AvailableNumber] = await self._client._run(
                    adapter.plan_search(query, scope, cursor)
                )
                cursor = progress.advance(cursor, page)
                for offer in page.items[:left]:
                    yield offer
                left -= len(page.items)
                if cursor is None:
                    return

        return offers()


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
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
    ) -> None:
        super().__init__(
            provider,
            drop_unsupported,
            rate_limit=rate_limit,
            rate_limit_storage=rate_limit_storage,
            timeout=timeout,
        )
        if transport is None:
            from telephony_core.transport.deadline_transport import deadline_transport

            transport = deadline_transport(environment_proxy(provider.base_url))
        self._driver = SyncDriver(
            provider,
            registry.manager.hook,
            RequestBuilder(httpx.Headers(default_headers(user_agent())), httpx.Timeout(timeout)),
            transport=transport,
            timeout=timeout,
            retries=Retries.of(retries),
            throttle=self.throttle,
            max_reply_bytes=max_reply_bytes,
        )
        self.devices: ResourceClient[Device] = ResourceClient(self, "devices")
        self.access_rules: ResourceClient[AccessRule] = ResourceClient(self, "access_rules")
        self.tenants: ResourceClient[Tenant] = ResourceClient(self, "tenants")
        self.agents: ResourceClient[AgentUser] = ResourceClient(self, "agents")
        self.applications: ResourceClient[Application] = ResourceClient(self, "applications")
        self.numbers = NumberClient(self, "numbers")

    @property
    def timeout(self) -> float:
        """The deadline of each neutral call, in seconds."""
        return self._driver.timeout

    @property
    def retries(self) -> Retries:
        """How requests are sent again where that cannot change the outcome."""
        return self._driver.retries

    def _run(self, plan: Plan[T], call: Call | None = None, deadline: Deadline | None = None) -> T:
        return self._driver.run(plan, call, deadline)

    def close(self) -> None:
        """Close the underlying HTTP connections."""
        self._driver.close()

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

    Requests go over the asyncio driver (`telephony_core.transport.asyncio_driver`: its
    throughput keeps growing with concurrency), or through httpx over `transport` when one is
    given (and where the driver hands a request to httpx: a proxy, a test tool patching httpx).
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
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
    ) -> None:
        super().__init__(
            provider,
            drop_unsupported,
            rate_limit=rate_limit,
            rate_limit_storage=rate_limit_storage,
            timeout=timeout,
        )
        headers = default_headers(user_agent())
        asyncio_driver = None
        if transport is None:
            from telephony_core.transport.asyncio_driver import AsyncioDriver  # imports asyncio

            asyncio_driver = AsyncioDriver(
                timeout=timeout, headers=headers, max_reply_bytes=max_reply_bytes
            )
        self._driver = AsyncDriver(
            provider,
            registry.manager.hook,
            RequestBuilder(httpx.Headers(headers), httpx.Timeout(timeout)),
            transport=transport,
            asyncio_driver=asyncio_driver,
            timeout=timeout,
            retries=Retries.of(retries),
            throttle=self.throttle,
            max_reply_bytes=max_reply_bytes,
        )
        self.devices: AsyncResourceClient[Device] = AsyncResourceClient(self, "devices")
        self.access_rules: AsyncResourceClient[AccessRule] = AsyncResourceClient(
            self, "access_rules"
        )
        self.tenants: AsyncResourceClient[Tenant] = AsyncResourceClient(self, "tenants")
        self.agents: AsyncResourceClient[AgentUser] = AsyncResourceClient(self, "agents")
        self.applications: AsyncResourceClient[Application] = AsyncResourceClient(
            self, "applications"
        )
        self.numbers = AsyncNumberClient(self, "numbers")

    @property
    def timeout(self) -> float:
        """The deadline of each neutral call, in seconds."""
        return self._driver.timeout

    @property
    def retries(self) -> Retries:
        """How requests are sent again where that cannot change the outcome."""
        return self._driver.retries

    async def _run(
        self, plan: Plan[T], call: Call | None = None, deadline: Deadline | None = None
    ) -> T:
        return await self._driver.run(plan, call, deadline)

    async def aclose(self) -> None:
        """Close the underlying HTTP connections."""
        await self._driver.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
