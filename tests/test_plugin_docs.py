"""docs/plugins.md quotes the example vendor: every quoted block is in the file it names."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

DOCS = (ROOT / "docs" / "plugins.md").read_text()
#: Fenced blocks whose first line names the file they quote: "# examples/...".
QUOTES = re.findall(r"```[a-z]+\n# (examples/\S+)\n(.*?)\n```", DOCS, flags=re.S)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_the_tutorial_quotes_the_example() -> None:
    quoted = {path for path, _ in QUOTES}
    assert {p.rsplit("/", 1)[-1] for p in quoted} >= {
        "pyproject.toml",
        "__init__.py",
        "provider.py",
        "phones.py",
        "emulator.py",
        "test_example_conformance.py",
        "test_example_cassettes.py",
    }


@pytest.mark.parametrize(("path", "block"), QUOTES, ids=[p for p, _ in QUOTES])
def test_a_quoted_block_is_in_the_file_it_names(path: str, block: str) -> None:
    source, quote = _lines((ROOT / path).read_text()), _lines(block)
    starts = [i for i, line in enumerate(source) if line == quote[0]]
    assert any(source[i : i + len(quote)] == quote for i in starts), (
        f"docs/plugins.md quotes {path}, but the file says otherwise now"
    )
