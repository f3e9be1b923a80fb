"""The layers import one way only: cli → app → {cache, store} → core, and store never
imports cache. Read with `ast` (nothing is imported), imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vaultgoals"
# what each layer may import of the package (besides itself and the top-level __init__)
ALLOWED = {
    "core": set(),
    "store": {"core"},
    "cache": {"core", "store"},
    "app": {"core", "store", "cache"},
    "cli": {"core", "store", "cache", "app"},
}
IMPURE = {"os", "sqlite3", "watchdog", "rich", "threading", "subprocess", "shutil",
          "tempfile", "signal", "fcntl", "socket", "multiprocessing", "concurrent"}


def _imports(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
    return found


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) > 1:
            out.append((parts[0], path))
    return out


def test_every_module_is_in_a_layer() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py",
                                                                     "__main__.py")]
    assert loose == [], "modules outside the layer packages"
    assert {layer for layer, _ in _modules()} == set(ALLOWED)


@pytest.mark.parametrize(("layer", "path"), _modules(), ids=lambda v: str(v))
def test_imports_go_one_way(layer: str, path: Path) -> None:
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] != "vaultgoals" or len(parts) < 2 or parts[1] == layer:
            continue
        if parts[1] in ALLOWED:
            assert parts[1] in ALLOWED[layer], f"{path.name} ({layer}) imports {name}"
    if layer == "core":
        impure = sorted({n.split(".")[0] for n in _imports(path)} & IMPURE)
        assert impure == [], f"{path.name} is core but imports {impure}"
