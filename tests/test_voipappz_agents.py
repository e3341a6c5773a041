"""voipappz agent users through the real httpx client over a scripted transport: the exact
wire of each neutral call, validation before sending, errors, paging and settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

import telephony_core as tel
from tests.conftest import Scripted

BASE = "https://api.voipappz.io"
USER = "5d249180-a0e7-4ef0-8e50-95d822dca45d"
EXTENSION = "b773227d-ae9a-4d86-8273-d08915c27686"
USER_URL = f"{BASE}/api/users/{USER}"
FORM = "application/x-www-form-urlencoded"
NOT_ACCEPTABLE = {"id": "not_acceptable", "message": "type must be one of the agent states"}


def user_object(**overrides: Any) -> dict[str, Any]:
    """A user as the project reads voipappz replies (see docs/voipappz.md)."""
    return {
        "uuid": USER,
        "name": "Alex Morgan",
        "email": "alex.morgan@example.com",
        "extension_uuid": EXTENSION,
        "status": "on_break",
        "status_name": "Lunch",
        "enabled": True,
        **overrides,
    }


def connect(scripted: Scripted, **kwargs: Any) -> tel.Client:
    """A client answered by the script, one reply per request: retries are off (they are
    tested in test_resilience.py)."""
    kwargs.setdefault("retries", 0)
    return tel.connect(
        "voipappz", base_url=BASE, token="tok", transport=scripted.transport, **kwargs
    )


def sent(scripted: Scripted) -> list[tuple[str, str, bytes]]:
    return [(r.method, str(r.url), r.content) for r in scripted.requests]


# The acceptance lines of the issue.


def test_set_extension_sends_exactly_the_documented_request(scripted: Scripted) -> None:
    scripted.reply(200, {})
    user = tel.connect(
        "voipappz", base_url=BASE, token="tok", transport=scripted.transport
    ).agents.update(USER, extension_id=EXTENSION)
    assert len(scripted.requests) == 1
    request = scripted.requests[0]
    assert request.method == "PATCH"
    assert str(request.url) == (f"{USER_URL}?action=extension&extension_uuid={EXTENSION}")
    assert request.headers["Authorization"] == "Bearer tok"
    assert request.headers["Content-Type"] == FORM
    assert request.content == b""
    assert isinstance(user, tel.AgentUser)
    assert (user.id, user.extension_id) == (USER, EXTENSION)
    assert user.state is None


async def test_set_extension_async_sends_the_same_request(scripted: Scripted) -> None:
    scripted.reply(200, {})
    async with tel.connect_async(
        "voipappz", base_url=BASE, token="tok", transport=scripted.transport
    ) as client:
        user = await client.agents.update(USER, extension_id=EXTENSION)
    assert sent(scripted) == [
        ("PATCH", f"{USER_URL}?action=extension&extension_uuid={EXTENSION}", b"")
    ]
    assert scripted.requests[0].headers["Authorization"] == "Bearer tok"
    assert user.extension_id == EXTENSION


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"extension_id": "not-a-uuid"}, "extension_id"),
        ({"extension_id": f"{EXTENSION}x"}, "extension_id"),
        ({"extension_id": "{" + EXTENSION + "}"}, "extension_id"),
        ({"extension_id": 5}, "extension_id"),
        ({"state": "asleep"}, "state"),
        ({"state": "AVAILABLE"}, "state"),
        ({"state": "available", "extension_id": "nope"}, "extension_id"),
        ({"state_reason": "Lunch"}, "state_reason"),
        ({"extension_id": None}, "extension_id"),
        ({"state": None}, "state"),
        ({"name": None}, "name"),
        ({"name": 5}, "name"),
        ({"extra": {"enabled": "yes"}}, "extra.enabled"),
        ({"extra": {"password": 1234}}, "extra.password"),
        ({"extra": {"tier": 1}}, "extra.tier"),
    ],
)
def test_bad_changes_are_refused_before_sending(
    scripted: Scripted, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).agents.update(USER, **changes)
    assert scripted.requests == []
    assert field in info.value.field_errors
    assert field in str(info.value)


@pytest.mark.parametrize("user_id", ["5", "not-a-uuid", f"{USER}/x", "..", "a?b", USER[:-1]])
def test_user_id_must_be_a_uuid(scripted: Scripted, user_id: str) -> None:
    client = connect(scripted)
    for call in (
        lambda: client.agents.update(user_id, extension_id=EXTENSION),
        lambda: client.agents.get(user_id),
    ):
        with pytest.raises(tel.ValidationError) as info:
            call()
        assert "id" in info.value.field_errors
    assert scripted.requests == []


def test_extension_then_state_send_two_requests_in_order(scripted: Scripted) -> None:
    scripted.reply(200, {}).reply(200, user_object())
    user = connect(scripted).agents.update(
        USER, extension_id=EXTENSION, state="on_break", state_reason="Lunch"
    )
    assert sent(scripted) == [
        ("PATCH", f"{USER_URL}?action=extension&extension_uuid={EXTENSION}", b""),
        ("PATCH", f"{USER_URL}?action=status&type=on_break&name=Lunch", b""),
    ]
    assert all(r.headers["Content-Type"] == FORM for r in scripted.requests)
    assert user.extension_id == EXTENSION
    assert (user.state, user.state_reason) == (tel.AgentState.ON_BREAK, "Lunch")
    assert user.name == "Alex Morgan"


def test_when_the_second_request_fails_the_error_reports_the_first_as_applied(
    scripted: Scripted,
) -> None:
    scripted.reply(200, {}).reply(406, NOT_ACCEPTABLE)
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).agents.update(
            USER, extension_id=EXTENSION, state="on_break", state_reason="Lunch"
        )
    error = info.value
    assert len(scripted.requests) == 2
    assert error.status == 406
    assert error.applied == ("extension_id",)
    assert error.not_applied == ("state", "state_reason")
    assert "applied: extension_id; not applied: state, state_reason" in str(error)
    assert "type must be one of the agent states" in str(error)


def test_when_the_first_request_fails_nothing_else_is_sent(scripted: Scripted) -> None:
    scripted.reply(404, {"id": "not_found", "message": "User not found"})
    with pytest.raises(tel.NotFound) as info:
        connect(scripted).agents.update(USER, extension_id=EXTENSION, state="available")
    assert len(scripted.requests) == 1
    assert (info.value.applied, info.value.not_applied) == ((), ("extension_id", "state"))


def test_a_transport_failure_on_the_second_request_reports_progress(scripted: Scripted) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    scripted.reply(200, {})
    scripted._replies.append(refuse)
    with pytest.raises(tel.TransportError) as info:
        connect(scripted).agents.update(USER, extension_id=EXTENSION, state="available")
    assert (info.value.applied, info.value.not_applied) == (("extension_id",), ("state",))


def test_profile_extension_and_state_go_in_the_documented_order(scripted: Scripted) -> None:
    scripted.reply(200, user_object(name="New", extension_uuid=None, status="logged_out"))
    scripted.reply(200, {})
    scripted.reply(200, user_object(name="New", status="available", status_name=None))
    user = connect(scripted).agents.update(
        USER, state="available", extension_id=EXTENSION, name="New"
    )
    assert [r.url.params.get("action") for r in scripted.requests] == [
        None,
        "extension",
        "status",
    ]
    assert scripted.requests[0].content == b"name=New"
    assert str(scripted.requests[0].url) == USER_URL
    assert (user.name, user.extension_id, user.state) == ("New", EXTENSION, "available")
    assert user.state_reason is None


def test_name_and_email_use_the_plain_patch_with_a_form_body(scripted: Scripted) -> None:
    scripted.reply(200, user_object(name="Alex M", email="am@example.com"))
    user = connect(scripted).agents.update(
        USER, name="Alex M", email="am@example.com", extra={"enabled": False}
    )
    request = scripted.requests[0]
    assert (request.method, str(request.url)) == ("PATCH", USER_URL)
    assert request.headers["Content-Type"] == FORM
    assert parse_qsl(request.content.decode()) == [
        ("name", "Alex M"),
        ("email", "am@example.com"),
        ("enabled", "false"),
    ]
    assert (user.name, user.email) == ("Alex M", "am@example.com")
    assert user.extra == {"enabled": True}  # the vendor's object as returned


def test_a_password_in_extra_is_sent_but_never_shown(scripted: Scripted) -> None:
    scripted.reply(401, {"id": "unauthorized", "message": "bad password S3cret-pass"})
    with pytest.raises(tel.AuthenticationError) as info:
        connect(scripted).agents.update(USER, extra={"password": "S3cret-pass"})
    assert scripted.requests[0].content == b"password=S3cret-pass"
    assert "S3cret-pass" not in str(info.value)
    assert "S3cret-pass" not in (info.value.body_excerpt or "")


def test_an_empty_profile_reply_is_merged_with_the_changes(scripted: Scripted) -> None:
    scripted.reply(200, raw=b"")
    user = connect(scripted).agents.update(USER, email="am@example.com")
    assert user == tel.AgentUser(id=USER, email="am@example.com")


def test_state_alone_returns_the_users_reply(scripted: Scripted) -> None:
    scripted.reply(200, user_object(status="available", status_name=None, extra_key="x"))
    user = connect(scripted).agents.update(USER, state=tel.AgentState.AVAILABLE)
    assert str(scripted.requests[0].url) == f"{USER_URL}?action=status&type=available"
    assert user.state is tel.AgentState.AVAILABLE
    assert user.extension_id == EXTENSION
    assert user.extra == {"enabled": True, "extra_key": "x"}


def test_get_maps_the_user_object(scripted: Scripted) -> None:
    scripted.reply(200, user_object(password="never-kept", team="blue"))
    user = connect(scripted).agents.get(USER)
    assert sent(scripted) == [("GET", USER_URL, b"")]
    assert user == tel.AgentUser(
        id=USER,
        name="Alex Morgan",
        email="alex.morgan@example.com",
        extension_id=EXTENSION,
        state="on_break",
        state_reason="Lunch",
        extra={"enabled": True, "team": "blue"},
    )


def _users(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        user_object(uuid=f"00000000-0000-4000-8000-{n:012d}", name=f"Agent {n}")
        for n in range(start, start + count)
    ]


def test_list_pages_lazily_until_the_total_is_reached(scripted: Scripted) -> None:
    scripted.reply(200, _users(2), **{"X-Total": "5"})
    scripted.reply(200, _users(2, 2), **{"X-Total": "5"})
    scripted.reply(200, _users(1, 4), **{"X-Total": "5"})
    agents = connect(scripted).agents.list(page_size=2)
    first = next(agents)
    assert first.name == "Agent 0"
    assert len(scripted.requests) == 1
    assert [a.name for a in agents] == [f"Agent {n}" for n in range(1, 5)]
    assert [str(r.url) for r in scripted.requests] == [
        f"{BASE}/api/users?page={n}&per_page=2" for n in (1, 2, 3)
    ]


def test_list_continues_past_a_short_page_while_the_total_is_not_reached(
    scripted: Scripted,
) -> None:
    # The server may cap per_page below what was asked: X-Total says there is more.
    scripted.reply(200, _users(2), **{"X-Total": "3"})
    scripted.reply(200, _users(1, 2), **{"X-Total": "3"})
    names = [a.name for a in connect(scripted).agents.list(page_size=50)]
    assert names == ["Agent 0", "Agent 1", "Agent 2"]
    assert len(scripted.requests) == 2


def test_list_stops_at_a_full_page_that_reaches_the_total(scripted: Scripted) -> None:
    scripted.reply(200, _users(2), **{"X-Total": "2"})
    assert len(list(connect(scripted).agents.list(page_size=2))) == 2
    assert len(scripted.requests) == 1


def test_list_stops_on_an_empty_page_even_if_the_total_says_more(scripted: Scripted) -> None:
    scripted.reply(200, _users(2), **{"X-Total": "9"}).reply(200, [], **{"X-Total": "9"})
    assert len(list(connect(scripted).agents.list(page_size=2))) == 2
    assert len(scripted.requests) == 2


def test_list_without_a_total_stops_on_a_short_page(scripted: Scripted) -> None:
    scripted.reply(200, _users(2)).reply(200, _users(1, 2))
    assert len(list(connect(scripted).agents.list(page_size=2))) == 3
    assert len(scripted.requests) == 2


def test_list_without_a_total_stops_on_an_empty_page(scripted: Scripted) -> None:
    scripted.reply(200, _users(2)).reply(200, [])
    assert len(list(connect(scripted).agents.list(page_size=2))) == 2
    assert [r.url.params["page"] for r in scripted.requests] == ["1", "2"]


def test_list_default_page_size(scripted: Scripted) -> None:
    scripted.reply(200, [])
    assert list(connect(scripted).agents.list()) == []
    assert str(scripted.requests[0].url) == f"{BASE}/api/users?page=1&per_page=25"


async def test_list_async(scripted: Scripted) -> None:
    scripted.reply(200, _users(1), **{"X-Total": "2"}).reply(200, _users(1, 1), **{"X-Total": "2"})
    async with tel.connect_async(
        "voipappz", base_url=BASE, token="tok", transport=scripted.transport
    ) as client:
        names = [a.name async for a in client.agents.list(page_size=1)]
    assert names == ["Agent 0", "Agent 1"]


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ({"users": []}, {}),
        ([{"name": "no uuid"}], {}),
        (["not an object"], {}),
        ([], {"X-Total": "many"}),
    ],
)
def test_a_malformed_list_reply_is_a_provider_error(
    scripted: Scripted, body: Any, headers: dict[str, str]
) -> None:
    scripted.reply(200, body, **headers)
    with pytest.raises(tel.ProviderError):
        list(connect(scripted).agents.list())


def test_create_posts_a_form(scripted: Scripted) -> None:
    created = user_object(
        uuid="11111111-2222-4333-8444-555555555555",
        extension_uuid=None,
        status="logged_out",
        status_name=None,
    )
    del created["email"]
    scripted.reply(201, created)
    user = connect(scripted).agents.create(
        name="Alex Morgan",
        email="alex.morgan@example.com",
        extra={"password": "Initial-Pass1", "enabled": True},
    )
    request = scripted.requests[0]
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/api/users")
    assert request.headers["Content-Type"] == FORM
    assert parse_qsl(request.content.decode()) == [
        ("name", "Alex Morgan"),
        ("email", "alex.morgan@example.com"),
        ("password", "Initial-Pass1"),
        ("enabled", "true"),
    ]
    assert user.id == "11111111-2222-4333-8444-555555555555"
    assert user.email == "alex.morgan@example.com"  # what was sent fills what the reply lacks
    assert user.state is tel.AgentState.LOGGED_OUT
    assert "Initial-Pass1" not in repr(user)


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"name": "A"}, tel.ValidationError, "email"),
        ({"email": "a@example.com"}, tel.ValidationError, "name"),
        (
            {"name": "A", "email": "a@example.com", "extension_id": EXTENSION},
            tel.UnsupportedField,
            "extension_id",
        ),
        (
            {"name": "A", "email": "a@example.com", "state": "available"},
            tel.UnsupportedField,
            "state",
        ),
    ],
)
def test_create_refuses_before_sending(
    scripted: Scripted, fields: dict[str, Any], error: type[tel.TelephonyError], field: str
) -> None:
    with pytest.raises(error) as info:
        connect(scripted).agents.create(**fields)
    assert scripted.requests == []
    assert field in str(info.value)


def test_delete_is_not_offered(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedOperation, match=r"agents\.delete"):
        connect(scripted).agents.delete(USER)


def test_capabilities() -> None:
    caps = tel.connect("voipappz", sandbox=True).capabilities
    assert caps.supports("agents", "update", "extension_id")
    assert caps.supports("agents", "update", "state_reason")
    assert not caps.supports("agents", "create", "state")
    assert not caps.supports("agents", "delete")
    assert not caps.supports("devices")


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (406, NOT_ACCEPTABLE, tel.ValidationError),
        (401, {"id": "unauthorized", "message": "invalid token"}, tel.AuthenticationError),
        (403, {"id": "forbidden", "message": "token of another tenant"}, tel.PermissionDenied),
        (404, {"id": "not_found", "message": "User not found"}, tel.NotFound),
        (429, {"id": "too_many_requests", "message": "slow down"}, tel.RateLimited),
        (500, {"id": "internal_error", "message": "boom"}, tel.ServerError),
        (503, None, tel.ServerError),
        (418, {"id": "teapot", "message": "?"}, tel.ProviderError),
    ],
)
def test_vendor_errors_are_typed(
    scripted: Scripted, status: int, body: Any, error: type[tel.TelephonyError]
) -> None:
    scripted.reply(status, body)
    with pytest.raises(error) as info:
        connect(scripted).agents.update(USER, extension_id=EXTENSION)
    assert type(info.value) is error
    assert info.value.status == status
    assert info.value.provider == "voipappz"
    if body:
        assert body["message"] in str(info.value)


def test_rate_limit_carries_retry_after(scripted: Scripted) -> None:
    scripted.reply(429, {"id": "too_many_requests", "message": "slow down"}, **{"Retry-After": "7"})
    with pytest.raises(tel.RateLimited) as info:
        connect(scripted).agents.get(USER)
    assert info.value.retry_after == 7.0


@pytest.mark.parametrize(
    ("status", "raw"),
    [
        (406, b"<html><body>Not Acceptable</body></html>"),
        (406, b'{"id": "not_acc'),
        (406, b""),
        (200, b"<html>oops</html>"),
        (200, b"[]"),
        (200, b"null"),
    ],
)
def test_malformed_replies_are_typed_errors(scripted: Scripted, status: int, raw: bytes) -> None:
    scripted.reply(status, raw=raw)
    with pytest.raises(tel.TelephonyError) as info:
        connect(scripted).agents.update(USER, state="available")
    assert isinstance(info.value, tel.ValidationError if status == 406 else tel.ProviderError)


def test_the_token_never_shows(scripted: Scripted) -> None:
    scripted.reply(401, {"id": "unauthorized", "message": "token tok-abcdef is not valid"})
    client = tel.connect(
        "voipappz", base_url=BASE, token="tok-abcdef", transport=scripted.transport
    )
    assert "tok-abcdef" not in repr(client) + repr(client.provider.config)
    with pytest.raises(tel.AuthenticationError) as info:
        client.agents.get(USER)
    assert scripted.requests[0].headers["Authorization"] == "Bearer tok-abcdef"
    assert "tok-abcdef" not in str(info.value) + (info.value.body_excerpt or "")


def test_a_token_given_with_its_scheme_is_sent_as_given(scripted: Scripted) -> None:
    scripted.reply(200, {})
    client = tel.connect(
        "voipappz", base_url=BASE, token="Bearer tok-abcdef", transport=scripted.transport
    )
    client.agents.update(USER, extension_id=EXTENSION)
    assert scripted.requests[0].headers["Authorization"] == "Bearer tok-abcdef"


# Settings.


def test_base_url_is_required_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(tel.ConfigurationError, match="VOIPAPPZ_BASE_URL"):
        tel.connect("voipappz", token="tok")


def test_token_is_required_and_named() -> None:
    with pytest.raises(tel.ConfigurationError, match="VOIPAPPZ_TOKEN"):
        tel.connect("voipappz", base_url=BASE)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://acme.voipappz.io", True),
        ("http://127.0.0.1:8080", True),
        ("http://localhost:9000/", True),
        ("http://api.voipappz.io", False),
        ("api.voipappz.io", False),
    ],
)
def test_base_url_must_be_https_unless_loopback(url: str, ok: bool) -> None:
    if ok:
        assert tel.connect("voipappz", base_url=url, token="t").provider.base_url == url.rstrip("/")
    else:
        with pytest.raises(tel.ConfigurationError, match="base_url"):
            tel.connect("voipappz", base_url=url, token="t")


def test_settings_from_the_environment(scripted: Scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOIPAPPZ_BASE_URL", "https://acme.voipappz.io")
    monkeypatch.setenv("VOIPAPPZ_TOKEN", "env-token")
    scripted.reply(200, user_object())
    tel.connect("voipappz", transport=scripted.transport).agents.get(USER)
    request = scripted.requests[0]
    assert str(request.url) == f"https://acme.voipappz.io/api/users/{USER}"
    assert request.headers["Authorization"] == "Bearer env-token"


def test_settings_from_a_profile(
    scripted: Scripted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[profiles.cc]\nprovider = "voipappz"\nbase_url = "https://cc.example"\ntoken = "prof"\n'
    )
    monkeypatch.setenv("TELEPHONY_CONFIG", str(config))
    scripted.reply(200, {})
    tel.connect(profile="cc", transport=scripted.transport).agents.update(
        USER, extension_id=EXTENSION
    )
    assert scripted.requests[0].url.host == "cc.example"
    assert scripted.requests[0].headers["Authorization"] == "Bearer prof"


@pytest.mark.parametrize(
    ("keys", "state", "reason"),
    [
        ({"status": "available"}, "available", None),
        ({"status": "Available"}, "available", None),
        ({"status": "On Break", "status_name": "Lunch"}, "on_break", "Lunch"),
        ({"status": " on-break "}, "on_break", None),
        ({"status": "AVAILABLE ON DEMAND"}, "available_on_demand", None),
        ({"status": "Logged  Out"}, "logged_out", None),
        ({"status": None, "status_type": "on_break"}, "on_break", None),
        ({"status_type": "Available"}, "available", None),
        # `status_name` labels the state: the state itself, not a reason.
        ({"status": "on_break", "status_name": "On Break"}, "on_break", None),
        ({"status": None, "status_name": "On Break"}, "on_break", None),
    ],
)
def test_the_state_is_read_from_every_documented_key_and_label(
    scripted: Scripted, keys: dict[str, Any], state: str, reason: str | None
) -> None:
    user = {k: v for k, v in user_object().items() if k not in ("status", "status_name")}
    scripted.reply(200, {**user, **keys})
    agent = connect(scripted).agents.get(USER)
    assert (agent.state, agent.state_reason) == (state, reason)
    assert "status_type" not in agent.extra and "status_name" not in agent.extra


def test_an_unknown_state_is_kept_in_extra(
    scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    scripted.reply(200, user_object(status="In A Meeting"))
    agent = connect(scripted).agents.get(USER)
    assert (agent.state, agent.extra["status"]) == (None, "In A Meeting")
    assert any("status" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
