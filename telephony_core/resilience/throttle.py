"""Client-side throttling: one request budget per vendor account (`rate_limit="10/s"`).

Built on `limits` (its moving-window strategy: never more than N requests in any window, and
storage named by a URI: `memory://` in the process, `redis://host:port/db` to share one budget
between processes and machines; see `telephony_core.resilience.store`, which bounds the
store's I/O by the call's deadline). `throttle_for()` hands every client of the same provider,
credentials and storage the same `Throttle`, sync and async alike.

A 429 from the vendor slows the budget down: each request then costs 2, 4 or 8 units of it
(at most the whole window's), and every `RECOVERY_WINDOWS` windows without a 429 halve the
cost again, until the configured rate is back.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Mapping

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter as AsyncMovingWindowRateLimiter
from limits.strategies import MovingWindowRateLimiter

from telephony_core.errors import ConfigurationError
from telephony_core.resilience import store
from telephony_core.resilience.store import MEMORY
from telephony_core.secret import Secret

#: Seconds a store operation may take outside any call (the socket timeouts of its client).
STORE_TIMEOUT = 30.0
#: The most a run of 429s multiplies the cost of a request by.
MAX_SLOWDOWN = 8
#: Windows without a 429 after which the cost of a request halves again.
RECOVERY_WINDOWS = 5
#: The shortest wait between two tries for a slot (seconds).
MIN_WAIT = 0.002

_UNITS = {
    "s": "second",
    "sec": "second",
    "second": "second",
    "seconds": "second",
    "m": "minute",
    "min": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
}
_SHORT = re.compile(r"\s*(\d+)\s*/\s*(\d*)\s*([A-Za-z]+)\s*")


def parse_rate(text: str) -> RateLimitItem:
    """`"10/s"`, `"600/minute"`, `"100/5s"` or any `limits` notation (`"10 per second"`)."""
    notation = text
    match = _SHORT.fullmatch(text)
    if match and match[3].lower() in _UNITS:
        count, multiple, unit = match[1], match[2] or "1", _UNITS[match[3].lower()]
        notation = f"{count}/{multiple} {unit}"
    try:
        rate = parse(notation)
    except ValueError:
        rate = None
    if rate is None or rate.amount < 1:
        raise ConfigurationError(
            f"rate_limit {text!r} is not a rate: write it as '10/s', '600/minute' or '100/5s'"
        )
    return rate


class Throttle:
    """The request budget of one vendor account, shared by the clients that use it."""

    def __init__(
        self,
        rate: RateLimitItem,
        key: str,
        storage: str = MEMORY,
        *,
        store_timeout: float = STORE_TIMEOUT,
    ) -> None:
        """`store_timeout`: the connect and socket timeouts of the store's client; within a
        call its I/O ends by the call's deadline too (`telephony_core.resilience.store`)."""
        self.rate = rate
        self.key = key
        self.storage = storage
        self._in_memory = storage.startswith(MEMORY)
        self._store_timeout = store_timeout
        self._limiter = MovingWindowRateLimiter(store.sync_storage(storage, store_timeout))
        self._async_limiter: AsyncMovingWindowRateLimiter | None = None
        self._lock = threading.Lock()
        self._window = float(rate.get_expiry())
        self._slowdown = 1
        self._changed = time.monotonic() - self._window  # the first 429 counts at once

    def __repr__(self) -> str:
        return f"<Throttle {self.rate} x{self._slowdown} ({self.storage.split(':', 1)[0]})>"

    @property
    def slowdown(self) -> int:
        """How many units of the budget a request costs now (1 unless the vendor sent 429s)."""
        with self._lock:
            now = time.monotonic()
            while self._slowdown > 1 and now - self._changed >= self._window * RECOVERY_WINDOWS:
                self._slowdown //= 2
                self._changed += self._window * RECOVERY_WINDOWS
            return min(self._slowdown, self.rate.amount)

    def slow_down(self) -> None:
        """The vendor answered 429: halve the rate (at most once per window)."""
        with self._lock:
            now = time.monotonic()
            if self._slowdown < MAX_SLOWDOWN and now - self._changed >= self._window:
                self._slowdown *= 2
                self._changed = now
            elif self._slowdown > 1:
                self._changed = now  # still too fast: recovery starts again from here

    def try_acquire(self) -> float:
        """Take a slot for one request: 0.0 when taken, else the seconds to wait first. A
        store that fails or does not answer by the call's deadline is a `StoreFailed`."""
        if self._in_memory:
            return self._take(self._limiter)
        return store.run(self.storage, lambda: self._take(self._limiter))

    def _take(self, limiter: MovingWindowRateLimiter) -> float:
        if limiter.hit(self.rate, self.key, cost=self.slowdown):
            return 0.0
        stats = limiter.get_window_stats(self.rate, self.key)
        return max(stats.reset_time - time.time(), MIN_WAIT)

    async def try_acquire_async(self) -> float:
        """`try_acquire` for the async client (without blocking the event loop on Redis)."""
        if self._in_memory:
            return self.try_acquire()  # in memory a slot is taken without waiting
        if self._async_limiter is None:
            storage = store.async_storage(self.storage, self._store_timeout)
            self._async_limiter = AsyncMovingWindowRateLimiter(storage)
        limiter = self._async_limiter

        async def take() -> float:
            if await limiter.hit(self.rate, self.key, cost=self.slowdown):
                return 0.0
            stats = await limiter.get_window_stats(self.rate, self.key)
            return max(stats.reset_time - time.time(), MIN_WAIT)

        return await store.run_async(self.storage, take)


_THROTTLES: dict[tuple[str, str], Throttle] = {}
_REGISTRY_LOCK = threading.Lock()


def account_key(provider: str, config: Mapping[str, str | Secret | None]) -> str:
    """`telephony/<provider>/<digest>`: one key per provider and credentials, which never
    shows them (a SHA-256 of every setting, secrets included)."""
    digest = hashlib.sha256(provider.encode())
    for name in sorted(config):
        value = config[name]
        plain = value.reveal() if isinstance(value, Secret) else (value or "")
        digest.update(f"\0{name}\0{plain}".encode())
    return f"telephony/{provider}/{digest.hexdigest()[:24]}"


def throttle_for(
    provider: str,
    config: Mapping[str, str | Secret | None],
    rate_limit: str,
    storage: str | None = None,
    *,
    store_timeout: float = STORE_TIMEOUT,
) -> Throttle:
    """The shared `Throttle` of this provider and credentials at `rate_limit` (the first
    client to ask for it sets its `store_timeout`)."""
    storage = storage or MEMORY
    rate = parse_rate(rate_limit)
    key = f"{account_key(provider, config)}/{rate.amount}/{rate.multiples}/{rate.GRANULARITY.name}"
    with _REGISTRY_LOCK:
        throttle = _THROTTLES.get((storage, key))
        if throttle is None:
            try:
                throttle = Throttle(rate, key, storage, store_timeout=store_timeout)
            except Exception as exc:  # an unknown scheme, a missing redis package
                raise ConfigurationError(
                    f"rate_limit_storage {store.describe(storage)} cannot be used: {exc}"
                ) from None
            _THROTTLES[(storage, key)] = throttle
        return throttle
