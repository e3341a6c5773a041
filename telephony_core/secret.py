"""`Secret`: a string that never shows itself in a repr, str, format or log record; `Sealed`:
any value holding secrets, kept the same way."""

from __future__ import annotations

from typing import Final, Generic, TypeVar, final

T = TypeVar("T")

MASK: Final = "********"


@final
class Secret:
    """A secret value (password, token). Call `.reveal()` to get the plain string."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise TypeError(f"Secret wraps a str, not {type(value).__name__}")
        self._value = value

    def reveal(self) -> str:
        """Return the plain secret value."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return format(MASK, spec)

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        import hmac  # here: it imports hashlib, which `import telephony_core` does without

        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        return (Secret, (self._value,))


@final
class Sealed(Generic[T]):
    """A value that holds secrets (headers with a token revealed, a set of secret strings),
    kept so that it never shows: its repr and str are masked, and it is no container and has
    no `__dict__`, so `vars()` of an object keeping one, and a debugger's or a traceback's view
    of the locals holding it, show no secret. `.reveal()` gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value = value

    def reveal(self) -> T:
        """Return the value."""
        return self._value

    def __repr__(self) -> str:
        return f"Sealed({MASK})"

    def __str__(self) -> str:
        return MASK

    def __reduce__(self) -> tuple[type[Sealed[T]], tuple[T]]:
        return (Sealed, (self._value,))


def to_secret(value: str | Secret | None) -> Secret | None:
    """Wrap a plain string as a `Secret` (None and existing secrets pass through)."""
    if value is None or isinstance(value, Secret):
        return value
    return Secret(value)
