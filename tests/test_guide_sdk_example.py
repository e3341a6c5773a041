"""docs/guide.md, "Testing an app that uses the vendor's SDK": every Python block of the
section runs as pasted (each in a namespace of its own), against the real SDKs."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "guide.md").read_text()
SECTION = GUIDE.split("## Testing an app that uses the vendor's SDK", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```python\n(.*?)\n```", SECTION, flags=re.S)


def test_the_section_has_an_example() -> None:
    assert BLOCKS, "docs/guide.md has no Python example of pointing an SDK at the sandbox"
    assert all(sdk in BLOCKS[0] for sdk in ("twilio", "plivo", "vobiz"))


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block-{n}" for n in range(len(BLOCKS))])
def test_the_example_runs(block: str) -> None:
    code = compile(block, "docs/guide.md, Testing an app that uses the vendor's SDK", "exec")
    exec(code, {"__name__": "docs_guide_sdk"})  # noqa: S102 - the docs' own code
