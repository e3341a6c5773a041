"""The sandbox served over real HTTP for tests that need a server rather than an in-process
transport: an application's tests of code written with the vendor's own SDK, which connects
to a URL (docs/guide.md, "Testing an app that uses the vendor's SDK")."""

from __future__ import annotations

from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.server import SandboxServer


def served_sandbox(*, host: str = "127.0.0.1", port: int = 0) -> SandboxServer:
    """Every installed vendor's emulator, freshly seeded, as `telephony sandbox serve`
    serves them: `with served_sandbox() as server:` serves on `host` (loopback only) and a
    free port (or `port`) until the block ends; `server.base_url(provider)` is the address a
    client or SDK connects to, `server.index()` lists each provider's credentials."""
    emulators = {name: cls() for name, cls in get_registry().sandboxes.items()}
    return SandboxServer(emulators, host=host, port=port)
