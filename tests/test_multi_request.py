"""Neutral calls made of several vendor requests: `run_in_order` and the progress an error
reports (`TelephonyError.applied` / `not_applied`), whatever the provider."""

from __future__ import annotations

import httpx
import pytest

import telephony_core as tel
from telephony_core.translate.provider import Step, run_in_order
from telephony_core.translate.wire import Plan, WireRequest, WireResponse
from tests.conftest import Scripted


def _request(path: str) -> WireRequest:
    return WireRequest(method="PATCH", base_url="https://example.test", path=path)


def _step(path: str, fields: tuple[str, ...]) -> Step[int]:
    def plan() -> Plan[int]:
        response = yield _request(path)
        if response.status != 200:
            raise tel.ValidationError(f"{path} refused", status=response.status)
        return response.status

    return Step(fields, plan())


def _drive(
    plan: Plan[list[int]], statuses: list[int], sent: list[str] | None = None
) -> tuple[list[str], list[int]]:
    """Answer each request with the next status; return the paths sent and the result."""
    sent = [] if sent is None else sent
    try:
        request = next(plan)
        while True:
            sent.append(request.path)
            request = plan.send(WireResponse(status=statuses[len(sent) - 1]))
    except StopIteration as done:
        return sent, done.value


def test_steps_run_in_order_and_return_every_result() -> None:
    plan = run_in_order([_step("/a", ("name",)), _step("/b", ("state",))])
    assert _drive(plan, [200, 200]) == (["/a", "/b"], [200, 200])


def test_a_failing_later_step_reports_what_was_and_was_not_applied() -> None:
    plan = run_in_order(
        [_step("/a", ("name", "email")), _step("/b", ("extension_id",)), _step("/c", ("state",))]
    )
    with pytest.raises(tel.ValidationError) as info:
        _drive(plan, [200, 406, 200])
    error = info.value
    assert error.applied == ("name", "email")
    assert error.not_applied == ("extension_id", "state")
    assert str(error) == "/b refused [applied: name, email; not applied: extension_id, state]"
    assert error.args == (str(error),)
    assert error.status == 406


def test_later_steps_are_not_sent_after_a_failure() -> None:
    plan = run_in_order([_step("/a", ("name",)), _step("/b", ("state",))])
    sent: list[str] = []
    with pytest.raises(tel.ValidationError):
        _drive(plan, [406, 200], sent)
    assert sent == ["/a"]


def test_a_failing_first_step_says_nothing_was_applied() -> None:
    plan = run_in_order([_step("/a", ("name",)), _step("/b", ("state",))])
    with pytest.raises(tel.ValidationError) as info:
        _drive(plan, [406])
    assert (info.value.applied, info.value.not_applied) == ((), ("name", "state"))
    assert str(info.value).endswith("[applied: nothing; not applied: name, state]")


def test_a_single_step_error_is_left_as_it_is() -> None:
    with pytest.raises(tel.ValidationError) as info:
        _drive(run_in_order([_step("/a", ("name",))]), [406])
    assert (info.value.applied, info.value.not_applied) == ((), ())
    assert str(info.value) == "/a refused"


def test_errors_of_single_calls_carry_no_progress() -> None:
    error = tel.NotFound("gone")
    assert (error.applied, error.not_applied) == ((), ())


def _failing_second(scripted: Scripted) -> None:
    """The first request is answered 200, the second cannot connect."""

    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    scripted.reply(200)
    scripted._replies.append(fail)


def _two_steps(client: tel.Client | tel.AsyncClient) -> Plan[list[int]]:
    def step(path: str) -> Plan[int]:
        response = yield client.provider.request("POST", path)
        return response.status

    return run_in_order([Step(("name",), step("/a")), Step(("password",), step("/b"))])


def test_the_driver_throws_a_transport_error_into_the_plan(scripted: Scripted) -> None:
    _failing_second(scripted)
    client = tel.connect(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, retries=0
    )
    with pytest.raises(tel.TransportError) as info:
        client._run(_two_steps(client))
    assert (info.value.applied, info.value.not_applied) == (("name",), ("password",))
    assert len(scripted.requests) == 2


async def test_the_async_driver_throws_a_transport_error_into_the_plan(
    scripted: Scripted,
) -> None:
    _failing_second(scripted)
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, retries=0
    ) as client:
        with pytest.raises(tel.TransportError) as info:
            await client._run(_two_steps(client))
    assert (info.value.applied, info.value.not_applied) == (("name",), ("password",))
