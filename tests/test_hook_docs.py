"""Every hookspec is documented in docs/plugins.md with its exact signature."""

from __future__ import annotations

import inspect

import pytest

from telephony_core import hookspecs
from tests.conftest import ROOT

HOOKS = sorted(
    name
    for name, value in vars(hookspecs).items()
    if name.startswith("telephony_") and callable(value)
)


def test_there_are_hooks() -> None:
    assert "telephony_register_providers" in HOOKS
    assert "telephony_before_send" in HOOKS


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented_with_its_signature(name: str) -> None:
    docs = (ROOT / "docs" / "plugins.md").read_text()
    assert f"### {name}" in docs
    assert rendered(name) in docs, f"docs/plugins.md: signature of {name} is out of date"


def rendered(name: str) -> str:
    """`def name(param: Type, ...) -> Return` as written in the hookspec source."""
    signature = inspect.signature(getattr(hookspecs, name))
    params = ", ".join(f"{p.name}: {p.annotation}" for p in signature.parameters.values())
    return f"def {name}({params}) -> {signature.return_annotation}"
