"""`telephony demo`: one neutral script, every installed vendor's sandbox, what each was sent."""

from __future__ import annotations

from collections.abc import Callable

from telephony_core.connecting import connect
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.registry import get_registry
from telephony_core.translate.dryrun import as_curl

NEW_PASSWORD = "Demo-Passw0rd-2026"  # noqa: S105 - a sandbox demo value


def run(echo: Callable[[str], None]) -> None:
    """Set a device's password on every vendor's sandbox, printing the vendor requests."""
    registry = get_registry()
    recorder = RequestRecorder()
    registry.manager.register(recorder, name="telephony-demo-recorder")
    try:
        echo("script: devices.update(<device>, password=...), then devices.get(<device>)")
        for name, emulator in sorted(registry.sandboxes.items()):
            device_id = emulator.examples.get("devices")
            provider = registry.providers.get(name)
            if device_id is None or provider is None or "devices" not in provider.resource_types:
                continue
            recorder.sent.clear()
            with connect(name, sandbox=True) as client:
                client.devices.update(device_id, password=NEW_PASSWORD)
                device = client.devices.get(device_id)
            echo("")
            echo(f"== {name}")
            for request in recorder.sent:
                echo(as_curl(request))
            echo(f"-> {device}")
    finally:
        registry.manager.unregister(recorder)
