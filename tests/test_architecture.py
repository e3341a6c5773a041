"""The layout stays what docs/architecture.md says: every module the docs name exists, the
layers contract covers the whole tree, the top level stays small, and no module only
re-exports another. (`lint-imports`, run by `.ci/run`, checks the imports themselves.)"""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "telephony_core"
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
#: A dotted name in the docs: `telephony_core.translate.fieldmap.FieldMap`.
DOTTED = re.compile(r"\btelephony_core(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
#: Logger names the docs give, which are not modules (`logging.getLogger(...)`).
LOGGERS = {"telephony_core.http"}
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "contracts"
]


def _resolves(dotted: str) -> bool:
    """Whether `dotted` is a module, or an attribute path inside one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def _named_in(path: Path) -> list[str]:
    return sorted(set(DOTTED.findall(path.read_text())))


@pytest.mark.parametrize("doc", DOCS, ids=[p.name for p in DOCS])
def test_every_module_a_doc_names_exists(doc: Path) -> None:
    missing = [name for name in _named_in(doc) if name not in LOGGERS and not _resolves(name)]
    assert not missing, f"{doc.name} names what does not exist: {missing}"


def _table_modules() -> list[str]:
    """The modules of the layer table in docs/architecture.md, `.x` relative to the last
    full name's package."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    names: list[str] = []
    for row in re.findall(r"^\| `[^\n]*$", text, flags=re.M):
        cells = re.split(r"(?<!\\)\|", row)
        package = ""
        for token in re.findall(r"`([^`]+)`", cells[2]):
            if token.startswith("telephony_core."):
                names.append(token)
                package = token.rsplit(".", 1)[0]
            elif token.startswith("."):
                names.append(package + token)
    return names


def test_the_layer_table_names_real_modules() -> None:
    names = _table_modules()
    assert len(names) > 40
    missing = [name for name in names if not _resolves(name)]
    assert not missing, f"docs/architecture.md's layer table names missing modules: {missing}"


def _top_level() -> set[str]:
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return (modules | packages) - {"__init__", "__main__"}


def test_the_layers_contract_covers_the_whole_tree() -> None:
    (layers,) = [c for c in CONTRACTS if c["type"] == "layers"]
    listed = [name.strip() for layer in layers["layers"] for name in re.split("[|:]", layer)]
    assert len(listed) == len(set(listed))
    assert set(listed) == _top_level()


def test_the_top_level_is_small() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 10, modules


def _defines_something(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return True
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id != "__all__" for t in targets):
                return True
    return False


@pytest.mark.parametrize(
    "module",
    sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_module_only_re_exports_another(module: Path) -> None:
    if module.name == "__main__.py":
        return
    assert _defines_something(module), f"{module} defines nothing of its own"
