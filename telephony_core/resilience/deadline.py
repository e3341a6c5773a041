"""The total deadline of one neutral call (`timeout=`), and how the drivers enforce it.

httpx's timeouts bound each network operation, not a whole request: a server dripping one
byte every half second keeps a request with `timeout=1` alive for as long as it likes. A
`Deadline` is started when a neutral call starts and covers every request of it, the retries,
their back-off and the waits for the rate limiter.

- Sync, over the network: `telephony_core.transport.deadline_transport` is httpx's transport whose
  network streams cut every connect, read and write to the time left (`current_deadline()`),
  so a dripping server fails the call with a timeout once the deadline passes.
- Async: the asyncio driver ends each exchange when the time left runs out (one timer);
  an httpx transport (`transport=`) runs each request under `asyncio.timeout`.
- Any driver: no request, retry or wait starts after the deadline.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import time
from collections.abc import Iterator

from telephony_core.errors import ConfigurationError

_CURRENT: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "telephony_deadline", default=None
)


#: The longest deadline a call may be given: a day (longer ones are a mistake, and the
#: clocks and sockets below refuse values that do not fit them).
MAX_TIMEOUT = 86_400.0


def check_timeout(timeout: object) -> float:
    """`timeout` if it is a finite number of seconds above 0 and at most `MAX_TIMEOUT`."""
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or not 0 < timeout <= MAX_TIMEOUT
    ):
        raise ConfigurationError(
            f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, "
            f"not {timeout!r}"
        )
    return float(timeout)


class Deadline:
    """The moment a call must be over by, on the monotonic clock."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (0 once it has passed)."""
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        """Whether the deadline has passed."""
        return time.monotonic() >= self.at

    def cut(self, timeout: float | None) -> float:
        """`timeout` shortened to the time left."""
        left = self.remaining()
        return left if timeout is None else min(timeout, left)

    def __repr__(self) -> str:
        return f"<Deadline {self.seconds:g}s, {self.remaining():.3f}s left>"


def current_deadline() -> Deadline | None:
    """The deadline of the call running in this thread or task, if any."""
    return _CURRENT.get()


@contextlib.contextmanager
def running_until(deadline: Deadline) -> Iterator[None]:
    """Make `deadline` the current one for the code in the `with` block."""
    token = _CURRENT.set(deadline)
    try:
        yield
    finally:
        _CURRENT.reset(token)
