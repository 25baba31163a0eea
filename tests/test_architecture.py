"""Dependencies run one way: data/model -> solvers -> results -> reports -> CLI.

Checked from the source's own imports (ast), so a back-edge fails the build.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
# layer of each emisim module prefix; a module may import only from its layer or below
LAYERS = [
    ("emisim.model", 0),
    ("emisim.solvers", 1),
    ("emisim.results", 2),
    ("emisim.summary", 2),
    ("emisim.data_summary", 2),
    ("emisim.api", 3),
    ("emisim.comparison", 4),
    ("emisim.compare_tables", 4),
    ("emisim.outputs", 4),
    ("emisim.reports", 4),
    ("emisim.cli", 5),
    ("emisim", 5),  # the package's public face (lazy imports of the API)
]
FOLDERS = {"model": "emisim.model", "solvers": "emisim.solvers", "emisim": "emisim"}


def layer(module: str) -> int:
    for prefix, n in LAYERS:
        if module == prefix or module.startswith(prefix + ".") or module.startswith(prefix + "_"):
            return n
    raise AssertionError(f"no layer for {module}")


def modules():
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT / folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            yield ".".join([package, *parts]), path


def imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m == "emisim" or m.startswith("emisim.")}


def test_no_import_runs_back_up_the_layers() -> None:
    back = []
    for name, path in modules():
        if name == "emisim":
            continue  # lazy re-exports of the public API
        for target in imports(path):
            if target != "emisim" and layer(target) > layer(name):
                back.append(f"{name} imports {target}")
    assert not back, "\n".join(back)


def test_bare_model_and_solvers_imports_are_banned() -> None:
    for _name, path in modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in ("model", "solvers"), path
