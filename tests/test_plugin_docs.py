"""docs/plugins.md stays true: every Python block runs as it is, every block that names a
file of the example vendor in its first line quotes that file (`# ...` stands for lines left
out: the parts around it appear in the file in that order), and its tables of the neutral
models' fields are the models' (`python -m tests.test_plugin_docs` writes them anew)."""

from __future__ import annotations

import re
import sys
from enum import Enum
from typing import Any

import attrs
import pytest

from telephony_core.models import READ_ONLY, RESOURCE_MODELS, SCOPE, AvailableNumber, field_docs
from telephony_core.plugins.registry import get_registry
from telephony_core.secret import Secret
from telephony_core.translate.changes import non_optional
from tests.conftest import ROOT

PAGE = ROOT / "docs" / "plugins.md"
DOCS = PAGE.read_text()
#: Where the generated tables are in docs/plugins.md.
FIELDS_START = "<!-- neutral fields: generated from telephony_core/models.py -->"
FIELDS_END = "<!-- end of the neutral fields -->"
EXAMPLE = ROOT / "examples" / "telephony-example-vendor"
#: Fenced blocks whose first line names the file they quote: "# examples/...".
QUOTES = re.findall(r"```[a-z]+\n# (examples/\S+)\n(.*?)\n```", DOCS, flags=re.S)
#: Every Python block, with the line of the docs it starts on.
PYTHON = [
    (DOCS.count("\n", 0, match.start()) + 2, match.group(1))
    for match in re.finditer(r"```python\n(.*?)\n```", DOCS, flags=re.S)
]
ELIDED = "# ..."


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def _segments(block: str) -> list[list[str]]:
    """The parts of a quoted block between the `# ...` lines."""
    parts: list[list[str]] = [[]]
    for line in _lines(block):
        if line == ELIDED:
            parts.append([])
        else:
            parts[-1].append(line)
    return [part for part in parts if part]


def test_the_tutorial_quotes_the_example() -> None:
    quoted = {path for path, _ in QUOTES}
    assert {p.rsplit("/", 1)[-1] for p in quoted} >= {
        "pyproject.toml",
        "__init__.py",
        "provider.py",
        "fields.py",
        "phones.py",
        "emulator.py",
        "test_example_sandbox.py",
        "test_example_conformance.py",
        "test_example_cassettes.py",
    }


@pytest.mark.parametrize(("path", "block"), QUOTES, ids=[p for p, _ in QUOTES])
def test_a_quoted_block_is_in_the_file_it_names(path: str, block: str) -> None:
    source = _lines((ROOT / path).read_text())
    position = 0
    for segment in _segments(block):
        found = next(
            (
                i
                for i in range(position, len(source) - len(segment) + 1)
                if source[i : i + len(segment)] == segment
            ),
            None,
        )
        assert found is not None, (
            f"docs/plugins.md quotes {path}, but the file says otherwise now: {segment[0]!r}"
        )
        position = found + len(segment)


def test_the_guide_has_python_blocks_to_run() -> None:
    assert len(PYTHON) >= 15


@pytest.mark.parametrize(("line", "block"), PYTHON, ids=[f"line-{n}" for n, _ in PYTHON])
def test_a_python_block_runs_as_it_is(
    line: int, block: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a namespace of its own (its imports are all it has), from the example's folder."""
    pytest.importorskip("telephony_example", reason="the example vendor plugin is not installed")
    monkeypatch.chdir(EXAMPLE)
    code = compile(block, f"docs/plugins.md, the block at line {line}", "exec")
    exec(code, {"__name__": f"docs_plugins_line_{line}"})  # noqa: S102 - the docs' own code


def test_the_blocks_leave_the_plugins_as_they_were(monkeypatch: pytest.MonkeyPatch) -> None:
    """A block that registers a plugin unregisters it (the docs show clean-up too)."""
    pytest.importorskip("telephony_example", reason="the example vendor plugin is not installed")
    monkeypatch.chdir(EXAMPLE)
    registry = get_registry()
    before = {name for name, _ in registry.manager.list_name_plugin()}
    for line, block in PYTHON:
        exec(compile(block, f"docs/plugins.md:{line}", "exec"), {"__name__": "docs"})  # noqa: S102
    assert {name for name, _ in registry.manager.list_name_plugin()} == before


def _type_name(type_: Any) -> str:
    """A field's type as the tables show it: `str`, `Transport: udp, tcp, tls`, ..."""
    bare = non_optional(type_)
    if isinstance(bare, type) and issubclass(bare, Enum):
        return f"{bare.__name__}: {', '.join(member.value for member in bare)}"
    if bare is Secret:
        return "Secret"
    if isinstance(bare, type):
        return bare.__name__
    return re.sub(r"\b(?:typing|collections\.abc|datetime)\.", "", str(bare))


def _notes(field: attrs.Attribute[Any]) -> str:
    notes = []
    if field.default is attrs.NOTHING:
        notes.append("required")
    if field.metadata.get(SCOPE):
        notes.append(f"scope (`{field.name}=`)")
    if field.metadata.get(READ_ONLY):
        notes.append("read-only")
    if non_optional(field.type) is Secret:
        notes.append("secret")
    return ", ".join(notes)


def neutral_fields() -> str:
    """The tables of every neutral model's fields, from the models and their docstrings."""
    models: list[tuple[str, type[Any]]] = [
        (f"`client.{name}`", model) for name, model in RESOURCE_MODELS.items()
    ]
    models.append(("what `client.numbers.search` yields", AvailableNumber))
    parts = [FIELDS_START]
    for where, model in models:
        meanings = field_docs(model)
        parts.append(f"\n**{model.__name__}** ({where})\n")
        parts.append("| field | type | | what it is |\n|---|---|---|---|")
        parts += [
            f"| `{f.name}` | {_type_name(f.type)} | {_notes(f)} | {meanings.get(f.name, '')} |"
            for f in attrs.fields(model)
        ]
    parts.append(FIELDS_END)
    return "\n".join(parts)


def test_the_neutral_fields_are_the_models() -> None:
    start, end = DOCS.index(FIELDS_START), DOCS.index(FIELDS_END) + len(FIELDS_END)
    assert DOCS[start:end] == neutral_fields(), (
        "docs/plugins.md's tables of the neutral fields are stale: python -m tests.test_plugin_docs"
    )


def test_every_field_has_a_meaning() -> None:
    for model in [*RESOURCE_MODELS.values(), AvailableNumber]:
        undocumented = {f.name for f in attrs.fields(model)} - set(field_docs(model))
        assert undocumented == set(), f"{model.__name__}: say what {undocumented} mean (Fields:)"


if __name__ == "__main__":
    text = PAGE.read_text()
    start, end = text.index(FIELDS_START), text.index(FIELDS_END) + len(FIELDS_END)
    PAGE.write_text(text[:start] + neutral_fields() + text[end:])
    sys.stdout.write(f"wrote the neutral fields into {PAGE}\n")
