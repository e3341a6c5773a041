"""`RequestRecorder`: a ready-made plugin that keeps every request a client sends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony_core.plugins.hooks import hookimpl

if TYPE_CHECKING:
    from telephony_core.translate.provider import Provider
    from telephony_core.translate.wire import WireRequest


class RequestRecorder:
    """Register it with a registry's `manager` to see what was sent (demos, tests, audits)."""

    def __init__(self) -> None:
        self.sent: list[WireRequest] = []

    @hookimpl
    def telephony_before_send(self, request: WireRequest, provider: Provider) -> None:
        """Keep the request; send it unchanged."""
        self.sent.append(request)
