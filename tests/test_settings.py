"""Settings: keywords, else environment variables, else a named TOML profile."""

from __future__ import annotations

from pathlib import Path

import pytest

import telephony_core as tel
from tests.conftest import Scripted


def test_missing_setting_names_the_variable_to_set() -> None:
    with pytest.raises(tel.ConfigurationError, match="VOBIZ_AUTH_TOKEN") as info:
        tel.connect("vobiz", auth_id="MA_X")
    assert (info.value.setting, info.value.env) == ("auth_token", "VOBIZ_AUTH_TOKEN")
    with pytest.raises(tel.ConfigurationError, match="VOBIZ_AUTH_ID"):
        tel.connect("vobiz")
    with pytest.raises(tel.ConfigurationError) as info:
        tel.connect("voipappz", token="t")
    assert (info.value.setting, info.value.env) == ("base_url", "VOIPAPPZ_BASE_URL")


def test_environment_is_used_when_no_keyword(
    monkeypatch: pytest.MonkeyPatch, scripted: Scripted
) -> None:
    monkeypatch.setenv("VOBIZ_AUTH_ID", "MA_ENV")
    monkeypatch.setenv("VOBIZ_AUTH_TOKEN", "env-token")
    scripted.reply(202)
    client = tel.connect("vobiz", transport=scripted.transport)
    client.devices.update("1", name="x")
    assert scripted.requests[0].headers["X-Auth-ID"] == "MA_ENV"
    assert scripted.requests[0].url.path.startswith("/api/v1/Account/MA_ENV/")


def test_keywords_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOBIZ_AUTH_ID", "MA_ENV")
    client = tel.connect("vobiz", auth_id="MA_KW", auth_token="t")
    assert client.provider.setting("auth_id") == "MA_KW"


def _profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    monkeypatch.setenv("TELEPHONY_CONFIG", str(path))


def test_named_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scripted: Scripted) -> None:
    _profiles(
        tmp_path,
        monkeypatch,
        '[profiles.office]\nprovider = "vobiz"\nauth_id = "MA_PROF"\nauth_token = "prof-token"\n',
    )
    scripted.reply(202)
    client = tel.connect(profile="office", transport=scripted.transport)
    client.devices.update("1", name="x")
    assert scripted.requests[0].headers["X-Auth-Token"] == "prof-token"
    assert client.provider.name == "vobiz"


def test_environment_beats_the_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _profiles(
        tmp_path,
        monkeypatch,
        '[profiles.o]\nprovider = "vobiz"\nauth_id = "MA_P"\nauth_token = "p"\n',
    )
    monkeypatch.setenv("VOBIZ_AUTH_ID", "MA_ENV")
    assert tel.connect(profile="o").provider.setting("auth_id") == "MA_ENV"


def test_profile_errors_are_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(tel.ConfigurationError, match="does not exist"):
        tel.connect(profile="nowhere")
    _profiles(tmp_path, monkeypatch, '[profiles.a]\nprovider = "vobiz"\n')
    with pytest.raises(tel.ConfigurationError, match="profiles: a"):
        tel.connect(profile="b")
    with pytest.raises(tel.ConfigurationError, match="add auth_id to profile 'a'"):
        tel.connect(profile="a")
    with pytest.raises(tel.ConfigurationError, match="not 'tiny'"):
        tel.connect("tiny", profile="a")
    _profiles(tmp_path, monkeypatch, "not toml [")
    with pytest.raises(tel.ConfigurationError, match="not valid TOML"):
        tel.connect(profile="a")


def test_unknown_setting_and_provider() -> None:
    with pytest.raises(TypeError, match="auth_tokn"):
        tel.connect("vobiz", auth_id="a", auth_tokn="b")
    with pytest.raises(tel.ConfigurationError, match="unknown provider 'nope'.*vobiz"):
        tel.connect("nope")
    with pytest.raises(tel.ConfigurationError, match="name a provider") as info:
        tel.connect()
    assert info.value.setting == "provider"


def test_an_unknown_key_in_a_profile_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _profiles(
        tmp_path,
        monkeypatch,
        '[profiles.o]\nprovider = "vobiz"\nauth_id = "MA_P"\nauth_tokn = "p"\n',
    )
    with pytest.raises(tel.ConfigurationError) as info:
        tel.connect(profile="o")
    assert str(info.value).startswith(
        "profile 'o' has 'auth_tokn', which is not a setting of vobiz "
        "(its settings: auth_id, auth_token, base_url); see "
    )


def test_a_profile_without_a_provider_says_what_to_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _profiles(tmp_path, monkeypatch, '[profiles.o]\nauth_id = "MA_P"\n')
    with pytest.raises(
        tel.ConfigurationError, match="profile 'o' names no provider: add provider = \"<name>\""
    ):
        tel.connect(profile="o")


def test_token_is_a_secret_in_the_resolved_settings() -> None:
    client = tel.connect("vobiz", auth_id="MA_X", auth_token="tok-abcdef")
    assert isinstance(client.provider.config["auth_token"], tel.Secret)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://eu.api.vobiz.ai", True),
        ("https://proxy.example/vobiz/", True),
        ("http://127.0.0.1:8080", True),
        ("http://127.8.0.1:8080", True),
        ("http://localhost:9000", True),
        ("http://[::1]:9000", True),
        ("http://api.vobiz.ai", False),
        ("http://10.0.0.5", False),
        ("ftp://api.vobiz.ai", False),
        ("https://api.vobiz.ai/?x=1", False),
        ("api.vobiz.ai", False),
    ],
)
def test_base_url_must_be_https_unless_loopback(url: str, ok: bool, scripted: Scripted) -> None:
    if ok:
        scripted.reply(202)
        client = tel.connect(
            "vobiz", auth_id="MA_X", auth_token="t", base_url=url, transport=scripted.transport
        )
        client.devices.update("1", name="x")
        assert str(scripted.requests[0].url) == url.rstrip("/") + "/api/v1/Account/MA_X/Endpoint/1/"
    else:
        with pytest.raises(tel.ConfigurationError, match="base_url"):
            tel.connect("vobiz", auth_id="MA_X", auth_token="t", base_url=url)


def test_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOBIZ_BASE_URL", "https://eu.example")
    assert (
        tel.connect("vobiz", auth_id="a", auth_token="b").provider.base_url == "https://eu.example"
    )
