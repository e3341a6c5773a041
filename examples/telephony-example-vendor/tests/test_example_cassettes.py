"""Example Phones replayed from its cassettes (cassettes/example/) through httpx's real HTTP
stack, every cassette checked for secrets, and the emulator checked against them.

Example Phones is fictional, so its cassettes were recorded from its emulator served by a
fresh `telephony sandbox serve` on port 8765 (see docs/plugins.md, "Record cassettes"), in
file order (each test leaves what the next one reads untouched); the replaying client connects
there. Cassettes of a real vendor need no `base_url`.
"""

from pathlib import Path
from typing import Any

import pytest
from telephony_example import ExampleProvider

import telephony_core as tel
from telephony_core.testing import cassette_leaks, emulator_mismatches

RECORDED_AT = "http://127.0.0.1:8765/example"
NEW_PASSWORD = "New-Passw0rd-2026"
CASSETTES = sorted((Path(__file__).parent.parent / "cassettes" / "example").glob("*.yaml"))


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    """What the kit's `telephony_client` replays with (any key: it is masked on file)."""
    return {"api_key": "ek_not-the-recorded-key", "base_url": RECORDED_AT}


@pytest.mark.vcr
def test_list_phones_a_page_at_a_time(
    telephony_client: tel.Client, telephony_recording: bool, vcr: Any
) -> None:
    phones = list(telephony_client.devices.list(page_size=1))
    assert [(p.id, p.name) for p in phones] == [
        ("ph_1001", "Reception"),
        ("ph_1002", "Conference room"),
    ]
    assert telephony_recording or vcr.play_count == 2


@pytest.mark.vcr
def test_update_phone(telephony_client: tel.Client, telephony_recording: bool, vcr: Any) -> None:
    phone = telephony_client.devices.update("ph_1001", name="Lobby", transport="tls")
    assert (phone.name, phone.transport, phone.registered) == ("Lobby", tel.Transport.TLS, True)
    assert phone.extra == {"firmware": "4.2.1"}
    assert telephony_recording or vcr.all_played  # a replay uses every interaction


@pytest.mark.vcr
def test_set_password(telephony_client: tel.Client, telephony_recording: bool, vcr: Any) -> None:
    phone = telephony_client.devices.update("ph_1002", password=NEW_PASSWORD)
    assert phone.password == tel.Secret(NEW_PASSWORD)  # the one set: the reply never shows it
    assert telephony_recording or vcr.all_played  # a replay uses every interaction


@pytest.mark.vcr
async def test_get_phone(
    telephony_async_client: tel.AsyncClient, telephony_recording: bool, vcr: Any
) -> None:
    async with telephony_async_client as client:
        phone = await client.devices.get("ph_1002")
    assert phone == tel.Device(
        id="ph_1002",
        name="Conference room",
        username="conference",
        transport=tel.Transport.TLS,
        auto_answer=True,
        registered=False,
        sip_uri="sip:ph_1002@sip.example.net",
        extra={"firmware": "4.1.0"},
    )
    assert telephony_recording or vcr.all_played  # a replay uses every interaction


@pytest.mark.vcr
def test_unknown_phone_is_404(
    telephony_client: tel.Client, telephony_recording: bool, vcr: Any
) -> None:
    with pytest.raises(tel.NotFound, match="No phone ph_9999"):
        telephony_client.devices.get("ph_9999")
    assert telephony_recording or vcr.all_played  # a replay uses every interaction


def test_there_are_cassettes() -> None:
    assert len(CASSETTES) == 5


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: p.stem)
def test_cassette_holds_no_secret(path: Path) -> None:
    assert cassette_leaks(path, ExampleProvider, secrets=[NEW_PASSWORD]) == []


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: p.stem)
def test_the_emulator_answers_as_recorded(path: Path) -> None:
    assert emulator_mismatches(path, "example", base_url=RECORDED_AT) == []
