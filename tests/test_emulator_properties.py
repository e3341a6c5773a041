"""Every emulator answers whatever a client sends (hostile paths, bodies, queries) with a
reply below 500: a handler never fails (a failure would be the 500 of `Emulator.failed`)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox import Emulator, EmuRequest
from telephony_core.testing.clients import isolated_client
from telephony_core.testing.strategies import bodies, hostile_segments

PROVIDERS = ("vobiz", "sipbx", "voipappz", "twilio")
EXAMPLES = 150


def _routes(emulator: type[Emulator]) -> list[tuple[str, str]]:
    """(method, path template) of every route, `{name}` kept."""
    found = []
    for method, pattern, _ in emulator._routes:
        template = re.sub(r"\(\?P<(\w+)>\[\^/\]\+\)", r"{\1}", pattern.pattern)
        found.append((method, template.removesuffix(r"\Z")))
    return found


def _headers(emulator: type[Emulator]) -> dict[str, str]:
    """The headers a sandbox client sends, so that requests get past the credentials check."""
    provider = isolated_client(emulator.provider, emulator.credentials).provider
    return {k.lower(): v for k, v in provider.request("GET", "/").headers.items()}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_emulator_route_answers_any_request_below_500(provider: str) -> None:
    emulator_cls = get_registry().sandbox(provider)
    routes = _routes(emulator_cls)
    headers = _headers(emulator_cls)
    example_ids = sorted(emulator_cls.examples.values())

    segment = st.sampled_from(example_ids) | hostile_segments()
    query = st.dictionaries(
        st.sampled_from(["limit", "offset", "page", "size", "per_page", "action", "type"]),
        st.lists(
            st.sampled_from(["1", "0", "-1", "abc", "9" * 5000, "", "x\x00"]),
            min_size=1,
            max_size=2,
        ),
        max_size=3,
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.sampled_from(routes), st.data(), bodies([], []), query, st.booleans())
    def answer(route: tuple[str, str], data: Any, body: bytes, params: Any, form: bool) -> None:
        method, template = route
        path = re.sub(r"\{\w+\}", lambda _: data.draw(segment).replace("/", "%2F"), template)
        content_type = "application/x-www-form-urlencoded" if form else "application/json"
        request = EmuRequest(
            method=method,
            path=path,
            query=params,
            headers={**headers, "content-type": content_type},
            body=body,
        )
        reply = emulator_cls().dispatch(request)
        assert reply.status < 500, (method, path, body[:80], reply.body[:200])

    answer()
