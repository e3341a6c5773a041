"""The sandbox: vendor emulators (`Emulator` and its helpers, for plugin authors), and the
ASGI app that serves them over HTTP (`telephony_core.sandbox.app`, run by uvicorn in
`telephony_core.sandbox.server`, imported only when serving)."""

from telephony_core.sandbox.emulator import (
    BadRequest,
    Emulator,
    EmuRequest,
    EmuResponse,
    Sample,
    empty,
    json_response,
    route,
)
from telephony_core.sandbox.numbers import NumberInventory, classify

__all__ = [
    "BadRequest",
    "EmuRequest",
    "EmuResponse",
    "Emulator",
    "NumberInventory",
    "Sample",
    "classify",
    "empty",
    "json_response",
    "route",
]
