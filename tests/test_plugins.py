"""Plugins are found through the `telephony` entry-point group, lazily, failures isolated."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

import telephony_core as tel
from telephony_core.plugins.registry import get_registry
from tests.conftest import Scripted

TINY_PLUGIN = """
from telephony_core import hookimpl
from telephony_core.translate.fieldmap import FieldMap, WireField
from telephony_core.models import Device
from telephony_core.translate.provider import Provider, Resource
from telephony_core.sandbox import Emulator, json_response, route
from telephony_core.translate.settings import Setting
from telephony_core.translate.wire import build_path


class TinyDevices(Resource):
    model = Device
    fields = FieldMap(WireField("id", "key"), WireField("name", "label"))
    operations = frozenset({"get"})

    def plan_get(self, id, scope):
        request = self.provider.request("GET", build_path("/things/{id}", id=id))
        response = yield request
        self.check(request, response, 200)
        return self.to_model(self.json_object(response), response)


class TinyProvider(Provider):
    name = "tiny"
    default_base_url = "https://tiny.example"
    settings = (Setting(name="key", env="TINY_KEY", secret=True),)
    resource_types = {"devices": TinyDevices}

    def auth_headers(self):
        return {"X-Key": self.config["key"]}


class TinyEmulator(Emulator):
    provider = "tiny"
    credentials = {"key": "sandbox"}

    @route("GET", "/things/{id}")
    def get_thing(self, request, id):
        return json_response({"key": id, "label": "Thing " + id})


@hookimpl
def telephony_register_providers(register):
    register(TinyProvider)


@hookimpl
def telephony_register_sandboxes(register):
    register(TinyEmulator)
"""


def _install(root: Path, dist: str, entry_points: dict[str, str], modules: dict[str, str]) -> None:
    """A minimal installed distribution: a dist-info with entry points, and its modules."""
    info = root / f"{dist}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    lines = "\n".join(f"{name} = {target}" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[telephony]\n{lines}\n")
    for module, source in modules.items():
        (root / f"{module}.py").write_text(textwrap.dedent(source))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("tiny_plugin", "broken_plugin"):
        sys.modules.pop(name, None)


def test_third_party_plugin_is_found_through_its_entry_point(site: Path) -> None:
    _install(site, "tiny_dist", {"tiny": "tiny_plugin"}, {"tiny_plugin": TINY_PLUGIN})
    client = tel.connect("tiny", sandbox=True)
    assert client.devices.get("42") == tel.Device(id="42", name="Thing 42")
    assert client.capabilities.supports("devices", "get")
    assert not client.capabilities.supports("devices", "update")
    with pytest.raises(tel.UnsupportedOperation):
        client.devices.update("42", name="x")


def test_broken_plugin_is_reported_and_skipped(site: Path, scripted: Scripted) -> None:
    _install(
        site,
        "broken_dist",
        {"broken": "broken_plugin"},
        {"broken_plugin": "raise RuntimeError('boom')"},
    )
    with pytest.warns(tel.PluginLoadWarning, match="broken.*boom"):
        registry = get_registry()
    assert "broken" in registry.failures
    scripted.reply(202)
    client = tel.connect("vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport)
    client.devices.update("1", name="still works")
    with pytest.raises(tel.ConfigurationError, match="broken.*boom"):
        tel.connect("broken")


def test_plugin_whose_hook_raises_is_isolated(site: Path) -> None:
    source = "from telephony_core import hookimpl\n@hookimpl\ndef telephony_register_providers(register):\n    raise ValueError('bad hook')\n"
    _install(site, "broken_dist", {"broken": "broken_plugin"}, {"broken_plugin": source})
    with pytest.warns(tel.PluginLoadWarning, match="bad hook"):
        registry = get_registry()
    assert "vobiz" in registry.providers


def test_telephony_plugins_env_loads_only_those(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(site, "tiny_dist", {"tiny": "tiny_plugin"}, {"tiny_plugin": TINY_PLUGIN})
    monkeypatch.setenv("TELEPHONY_PLUGINS", "tiny")
    registry = get_registry()
    assert set(registry.providers) == {"tiny"}
    with pytest.raises(tel.ConfigurationError, match="unknown provider 'vobiz'") as info:
        tel.connect("vobiz", auth_id="a", auth_token="b")
    assert "it is installed, but TELEPHONY_PLUGINS='tiny' leaves it out" in str(info.value)


def test_a_typo_in_telephony_plugins_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEPHONY_PLUGINS", "vobz,sipbx")
    with pytest.warns(tel.PluginLoadWarning, match="'vobz' skipped: TELEPHONY_PLUGINS names it"):
        registry = get_registry()
    assert set(registry.providers) == {"sipbx"}
    assert registry.failures["vobz"].startswith(
        "TELEPHONY_PLUGINS names it, but no installed plugin is called that (installed: "
    )
    with pytest.raises(tel.ConfigurationError) as info:
        registry.provider("vobiz")
    assert str(info.value) == (
        "unknown provider 'vobiz' (loaded: sipbx); it is installed, but "
        "TELEPHONY_PLUGINS='vobz,sipbx' leaves it out; TELEPHONY_PLUGINS names 'vobz', which no "
        "installed plugin is called"
    )


def test_loading_is_lazy() -> None:
    import subprocess

    code = "import sys, telephony_core; print('telephony_vobiz' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_before_send_can_replace_the_request_and_after_receive_sees_the_reply(
    scripted: Scripted,
) -> None:
    seen: list[tuple[str, int]] = []

    class Tracing:
        @tel.hookimpl
        def telephony_before_send(
            self, request: tel.WireRequest, provider: object
        ) -> tel.WireRequest:
            import attrs

            return attrs.evolve(request, headers={**request.headers, "X-Trace": "abc"})

        @tel.hookimpl
        def telephony_after_receive(
            self, request: tel.WireRequest, response: tel.WireResponse, provider: object
        ) -> None:
            seen.append((request.headers["X-Trace"], response.status))

    get_registry().add_plugin(Tracing(), "tracing")
    scripted.reply(202)
    tel.connect(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport
    ).devices.update("1", name="x")
    assert scripted.requests[0].headers["X-Trace"] == "abc"
    assert seen == [("abc", 202)]
