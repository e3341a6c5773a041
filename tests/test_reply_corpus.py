"""Every documented reply variant (tests/reply_corpus.py) replayed through the real client
over MockTransport: as documented, with each key of the vendor object missing or null, and
with unknown keys added; and the emulators checked to answer in the newest documented shape."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest

import telephony_core as tel
from telephony_core.models import RESOURCE_MODELS
from telephony_core.plugins.registry import get_registry
from telephony_core.translate.capabilities import OPERATIONS
from tests.reply_corpus import RAW, RESOURCES, SETTINGS, VARIANTS, Variant

NEWEST = [v for v in VARIANTS if v.newest]
WITH_OBJECT = [v for v in VARIANTS if v.item is not None]


def _body(variant: Variant, body: Any) -> bytes:
    if body is None:
        return RAW.get(variant.name, b"")
    return json.dumps(body).encode()


class _Replayer:
    """A client of the variant's provider whose vendor answers every request with `body`."""

    def __init__(self, variant: Variant) -> None:
        self.variant = variant
        self.content = b""
        self.client = tel.connect(
            variant.provider,
            transport=httpx.MockTransport(self._answer),
            **SETTINGS[variant.provider],
        )

    def _answer(self, request: httpx.Request) -> httpx.Response:
        headers = dict(self.variant.headers)
        return httpx.Response(self.variant.status, content=self.content, headers=headers)

    def __call__(self, body: Any) -> Any:
        """The variant's call, answered with `body`."""
        self.content = _body(self.variant, body)
        return self.variant.call(self.client)


def _replay(variant: Variant, body: Any) -> Any:
    return _Replayer(variant)(body)


def _object(body: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        body = body[step]
    return body


def _keys(variant: Variant) -> list[str]:
    assert variant.item is not None
    body = variant.body if variant.body is not None else json.loads(RAW[variant.name])
    return list(_object(body, variant.item))


def _with(variant: Variant, change: Any) -> Any:
    """The variant's body with `change(vendor_object)` applied to a copy."""
    assert variant.item is not None
    body = copy.deepcopy(
        variant.body if variant.body is not None else json.loads(RAW[variant.name])
    )
    change(_object(body, variant.item))
    return body


def _check(variant: Variant, result: Any, skip: frozenset[str] = frozenset()) -> None:
    for name, expected in variant.expected.items():
        if name in skip:
            continue
        got = getattr(result, name)
        assert got == expected, f"{variant.name}: {name} is {got!r}, expected {expected!r}"


def _neutral(variant: Variant, result: Any, key: str) -> frozenset[str]:
    """The neutral fields a vendor key feeds in this variant (and `extra`); an offer of a
    number search is read through the numbers' `offer_fields`."""
    if isinstance(result, tel.AvailableNumber):
        offers = get_registry().provider(variant.provider).resource_types["numbers"].offer_fields
        assert offers is not None
        return frozenset({offers.neutral_name(key), "extra"}) | variant.coupled.get(
            key, frozenset()
        )
    resource = next(name for name, model in RESOURCE_MODELS.items() if isinstance(result, model))
    adapter = get_registry().provider(variant.provider).resource_types[resource]
    name = adapter.fields.neutral_name(key)
    return frozenset({name, "extra"}) | variant.coupled.get(key, frozenset())


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_each_documented_reply_is_read(variant: Variant) -> None:
    """`variant.source` shows this reply; the neutral result is `variant.expected`."""
    result = _replay(variant, variant.body)
    _check(variant, result)


def _missing_or_null(variant: Variant) -> Iterator[tuple[str, str]]:
    for key in _keys(variant):
        yield key, "missing"
        yield key, "null"


@pytest.mark.parametrize("variant", WITH_OBJECT, ids=lambda v: v.name)
def test_each_key_may_be_missing_or_null(variant: Variant) -> None:
    """A reply without any one key, or with it null, is still read (the rest as documented);
    only an object left without the id a call does not know is malformed."""
    replay = _Replayer(variant)
    first = replay(variant.body)
    for key, how in _missing_or_null(variant):

        def change(obj: dict[str, Any], key: str = key, how: str = how) -> None:
            if how == "missing":
                del obj[key]
            else:
                obj[key] = None

        body = _with(variant, change)
        if key in variant.ids:
            with pytest.raises(tel.ProviderError, match="no (id|number)"):
                replay(body)
            continue
        try:
            result = replay(body)
        except tel.TelephonyError as exc:
            raise AssertionError(f"{variant.name} with {key!r} {how}: {exc}") from exc
        assert type(result) is type(first), f"{variant.name} with {key!r} {how}"
        _check(variant, result, skip=_neutral(variant, result, key))


@pytest.mark.parametrize("variant", WITH_OBJECT, ids=lambda v: v.name)
def test_unknown_keys_are_kept_in_extra(variant: Variant) -> None:
    unknown = {"x-new-vendor-key": [1, {"nested": None}], "sip_password": "pw-corpus-0123"}
    result = _replay(variant, _with(variant, lambda obj: obj.update(unknown)))
    _check(variant, result, skip=frozenset({"extra"}))
    assert result.extra["x-new-vendor-key"] == [1, {"nested": None}]
    assert result.extra["sip_password"] == tel.Secret("pw-corpus-0123")
    assert "pw-corpus-0123" not in repr(result)


def _subject(variant: Variant) -> tuple[str, str, str]:
    """Provider, resource and operation, from the variant's name
    (`vobiz-endpoint-list-older`: vobiz, devices, list)."""
    prefix = next(p for p in RESOURCES if variant.name.startswith(p + "-"))
    operation = next(op for op in OPERATIONS if f"-{op}" in variant.name.removeprefix(prefix))
    return variant.provider, RESOURCES[prefix], operation


def test_the_corpus_covers_every_operation_of_every_built_in_provider() -> None:
    covered = {_subject(v) for v in VARIANTS}
    for provider in SETTINGS:
        for name, resource in get_registry().provider(provider).resource_types.items():
            for operation in resource.operations & set(OPERATIONS):
                assert (provider, name, operation) in covered, (
                    f"no {provider} {name}.{operation} reply in the corpus"
                )


@attrs.define
class _LastReply:
    body: bytes = b""

    @tel.hookimpl
    def telephony_after_receive(self, request: object, response: tel.WireResponse) -> None:
        self.body = response.body


@pytest.mark.parametrize("variant", NEWEST, ids=lambda v: v.name)
def test_the_emulator_answers_in_the_newest_documented_shape(variant: Variant) -> None:
    """The same call on the sandbox gets a reply with the documented keys (nothing else, and
    nothing missing but what only some states show)."""
    last = _LastReply()
    get_registry().add_plugin(last, "last-reply")
    with tel.connect(variant.provider, sandbox=True) as client:
        (variant.sandbox_call or variant.call)(client)
    answer, documented = json.loads(last.body), variant.body
    if isinstance(documented, dict) and variant.item:
        assert set(answer) == set(documented), f"{variant.name}: the reply's keys"
    if variant.item is not None:
        got, want = set(_object(answer, variant.item)), set(_object(documented, variant.item))
        assert got <= want, f"{variant.name}: undocumented keys {sorted(got - want)}"
        assert want - got <= variant.conditional, f"{variant.name}: no {sorted(want - got)}"
