"""SiPbx settings: `server` and `token` from keywords, SIPBX_* variables or a profile."""

from __future__ import annotations

from pathlib import Path

import pytest

import telephony_core as tel
from tests.conftest import Scripted

ACCEPTED = {"code": 202, "message": "Accepted"}


def test_keywords(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    client = tel.connect(
        "sipbx", server="pbx.example.com", token="nsd_kw", transport=scripted.transport
    )
    client.devices.update("1001a", srtp="off")
    assert str(scripted.requests[0].url).startswith("https://pbx.example.com/ns-api/v2/domains/")
    assert scripted.requests[0].headers["Authorization"] == "Bearer nsd_kw"


def test_environment(monkeypatch: pytest.MonkeyPatch, scripted: Scripted) -> None:
    monkeypatch.setenv("SIPBX_SERVER", "env.example.com")
    monkeypatch.setenv("SIPBX_TOKEN", "nsd_env")
    scripted.reply(202, ACCEPTED)
    tel.connect("sipbx", transport=scripted.transport).devices.update("1001a", srtp="off")
    assert scripted.requests[0].url.host == "env.example.com"
    assert scripted.requests[0].headers["Authorization"] == "Bearer nsd_env"


def test_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scripted: Scripted) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[profiles.pbx]\nprovider = "sipbx"\nserver = "prof.example.com"\ntoken = "nsu_prof"\n'
    )
    monkeypatch.setenv("TELEPHONY_CONFIG", str(config))
    scripted.reply(202, ACCEPTED)
    tel.connect(profile="pbx", transport=scripted.transport).devices.update("1001a", srtp="off")
    assert scripted.requests[0].url.host == "prof.example.com"
    assert scripted.requests[0].headers["Authorization"] == "Bearer nsu_prof"


def test_an_explicit_base_url_wins_over_the_server(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    client = tel.connect(
        "sipbx",
        server="pbx.example.com",
        token="t",
        base_url="https://proxy.example.net/pbx/ns-api/v2/",
        transport=scripted.transport,
    )
    client.devices.update("1001a", srtp="off")
    assert str(scripted.requests[0].url) == (
        "https://proxy.example.net/pbx/ns-api/v2/domains/~/users/~/devices/1001a"
    )


def test_base_url_alone_needs_no_server() -> None:
    client = tel.connect("sipbx", token="t", base_url="http://127.0.0.1:8080/ns-api/v2")
    assert client.provider.base_url == "http://127.0.0.1:8080/ns-api/v2"


def test_missing_settings_name_what_to_set() -> None:
    with pytest.raises(tel.ConfigurationError, match="SIPBX_SERVER"):
        tel.connect("sipbx", token="t")
    with pytest.raises(tel.ConfigurationError, match="SIPBX_TOKEN"):
        tel.connect("sipbx", server="pbx.example.com")


@pytest.mark.parametrize(
    "server",
    [
        "https://pbx.example.com",
        "pbx.example.com/ns-api/v2",
        "pbx.example.com:8443",
        "pbx example.com",
        "pbx.example.com?x=1",
        "-pbx.example.com",
        "pbx..example.com",
        "user@pbx.example.com",
        "pbx.example.com.",
        "a" * 64 + ".example.com",
    ],
)
def test_server_must_be_a_bare_host_name(server: str) -> None:
    with pytest.raises(tel.ConfigurationError, match="bare host name") as info:
        tel.connect("sipbx", server=server, token="t")
    assert "base_url" in str(info.value)


@pytest.mark.parametrize("server", ["pbx.example.com", "PBX-1.example.co.uk", "localhost"])
def test_good_host_names(server: str) -> None:
    assert tel.connect("sipbx", server=server, token="t").provider.base_url == (
        f"https://{server}/ns-api/v2"
    )
