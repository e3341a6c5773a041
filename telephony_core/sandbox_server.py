"""The former home of `SandboxServer`: it lives in `telephony_core.sandbox.server` now."""

from telephony_core.sandbox.server import SandboxServer

__all__ = ["SandboxServer"]
