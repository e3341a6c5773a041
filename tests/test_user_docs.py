"""The user docs stay true: every Python block of README.md and docs/guide.md runs as it is
(docs/plugins.md's are run by tests/test_plugin_docs.py), and the README's count of the tests
that skip without the vendors' OpenAPI descriptions is the count.

A block runs in a namespace of its own (its imports are all it has), from an empty folder,
with no provider settings in the environment; what it sets there is undone after it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SPECS_ENV

DOCS = ("README.md", "docs/guide.md")
TESTS = ROOT / "tests"


def python_blocks(name: str) -> list[tuple[str, str]]:
    """Each Python block of a doc, with where it starts (`README.md:23`)."""
    text = (ROOT / name).read_text()
    return [
        (f"{name}:{text.count(chr(10), 0, match.start()) + 2}", match.group(1))
        for match in re.finditer(r"```python\n(.*?)\n```", text, flags=re.S)
    ]


BLOCKS = [block for name in DOCS for block in python_blocks(name)]


@pytest.fixture
def own_process_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An empty working folder, and the environment as it was once the block is done."""
    monkeypatch.chdir(tmp_path)
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_each_doc_has_python_blocks() -> None:
    assert {where.split(":")[0] for where, _ in BLOCKS} == set(DOCS)
    assert len(BLOCKS) >= 7


@pytest.mark.usefixtures("own_process_state")
@pytest.mark.parametrize(("where", "block"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_a_python_block_runs_as_pasted(where: str, block: str) -> None:
    code = compile(block, where, "exec")
    exec(code, {"__name__": "__main__"})  # noqa: S102 - the docs' own code


def test_the_readme_starts_with_the_two_set_up_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```bash\n", 1)[1].split("\n```", 1)[0]
    assert first_block.splitlines() == [
        "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/telephony --sandbox "
        '--provider vobiz devices update 87654321 --name "Front desk"',
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' -e "
        "examples/telephony-example-vendor && .venv/bin/python -m pytest && .venv/bin/python -m "
        "pytest examples/telephony-example-vendor",
    ]
    assert readme.index("```bash") < readme.index("```python")


def spec_test_modules() -> list[Path]:
    """The test modules with tests that need a vendor's OpenAPI description."""
    return sorted(
        path
        for path in TESTS.glob("test_*.py")
        if re.search(r"Spec\.require\(\)|require_\w*spec\(\)", path.read_text())
    )


def test_the_readme_says_how_many_tests_skip_without_the_vendor_specs(tmp_path: Path) -> None:
    """Run those modules with an empty specs folder, as on a clone, and count the skips."""
    env = {**os.environ, SPECS_ENV: str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *spec_test_modules()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    found = re.search(r"^(\d+) skipped: the vendors' OpenAPI descriptions", run.stdout, re.M)
    assert run.returncode == 0 and found, run.stdout[-2000:]
    count = int(found.group(1))
    readme = (ROOT / "README.md").read_text()
    assert f"{count} tests skip" in readme, (
        f'README.md, "Tests": {count} tests skip without the vendors\' OpenAPI descriptions now'
    )
