"""Every hookspec is documented in docs/plugins.md with its exact signature, and has a test:
a hook implementation of it somewhere in the test suite (a test's plugin object, or the
source of a plugin a test installs). Adding a hook without either fails here."""

from __future__ import annotations

import ast
import contextlib
import inspect
import textwrap
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

from telephony_core.plugins import hooks as hookspecs
from tests.conftest import ROOT

if TYPE_CHECKING:
    from telephony_core.translate.wire import WireRequest

DOCS = ROOT / "docs" / "plugins.md"
TESTS = ROOT / "tests"
THIS = "test_hook_docs.py"


def hooks_of(module: ModuleType) -> dict[str, Callable[..., object]]:
    """The hookspecs a module declares, by name."""
    return {
        name: value
        for name, value in vars(module).items()
        if name.startswith("telephony_") and callable(value)
    }


HOOKS = hooks_of(hookspecs)


def rendered(hook: Callable[..., object]) -> str:
    """`def name(param: Type, ...) -> Return` as written in the hookspec source."""
    signature = inspect.signature(hook)
    params = ", ".join(f"{p.name}: {p.annotation}" for p in signature.parameters.values())
    return f"def {hook.__name__}({params}) -> {signature.return_annotation}"


def undocumented(hooks: dict[str, Callable[..., object]], docs: str) -> list[str]:
    """Hooks without a `### name` section or whose exact signature the docs do not show."""
    return sorted(
        name
        for name, hook in hooks.items()
        if f"### {name}" not in docs or rendered(hook) not in docs
    )


def _is_hookimpl(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr == "hookimpl"
    return isinstance(target, ast.Name) and target.id == "hookimpl"


def hookimpls_in(source: str) -> set[str]:
    """Names of the functions decorated with `hookimpl` in Python source, and in the string
    constants of that source that are plugin source themselves."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if any(_is_hookimpl(d) for d in node.decorator_list):
                found.add(node.name)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            with contextlib.suppress(SyntaxError):
                if "hookimpl" in node.value:
                    found |= hookimpls_in(textwrap.dedent(node.value))
    return found


def untested(hooks: dict[str, Callable[..., object]], sources: Iterable[str]) -> list[str]:
    """Hooks that no test implements."""
    implemented = set().union(*(hookimpls_in(source) for source in sources))
    return sorted(set(hooks) - implemented)


def suite_sources() -> list[str]:
    """Every test module but this one (whose own examples must not count)."""
    return [path.read_text() for path in sorted(TESTS.rglob("*.py")) if path.name != THIS]


def test_there_are_hooks() -> None:
    assert "telephony_register_providers" in HOOKS
    assert "telephony_before_send" in HOOKS


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_is_documented_with_its_signature(name: str) -> None:
    assert undocumented({name: HOOKS[name]}, DOCS.read_text()) == [], (
        f"docs/plugins.md: add a `### {name}` section with `{rendered(HOOKS[name])}`"
    )


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_has_a_test(name: str) -> None:
    assert untested({name: HOOKS[name]}, suite_sources()) == [], (
        f"no test implements {name}: add a test with a plugin that does"
    )


def telephony_new_hook(request: WireRequest) -> None:
    """A hook added to the hookspecs without docs or a test."""


def test_a_hook_without_docs_or_a_test_is_caught() -> None:
    specs = ModuleType("new_specs")
    specs.telephony_new_hook = telephony_new_hook  # type: ignore[attr-defined]
    new = hooks_of(specs)
    assert undocumented(new, DOCS.read_text()) == ["telephony_new_hook"]
    assert untested(new, suite_sources()) == ["telephony_new_hook"]

    docs = "### telephony_new_hook\n\n    def telephony_new_hook(request: WireRequest) -> None\n"
    assert undocumented(new, docs) == []
    plugin = "@tel.hookimpl\ndef telephony_new_hook(request):\n    pass\n"
    installed = (
        f"SOURCE = '''\nfrom telephony_core import hookimpl\n{plugin.replace('tel.', '')}'''\n"
    )
    assert untested(new, [plugin]) == []
    assert untested(new, [installed]) == []  # in the source of a plugin a test installs
