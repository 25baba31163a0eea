"""The shipped notebooks teach, are stored executed and execute cleanly: stored with their
outputs, as scripts/make_notebooks.py writes them; run again in a temporary copy (nothing
appears inside notebooks/) they show what is stored; every cell tagged "figure" shows an
image (image/png), and no figure shows as the text ``<Figure size ...>`` instead."""

from __future__ import annotations

import ast
import importlib
import re
import shutil
from pathlib import Path

import nbformat
import pytest

FOLDER = Path(__file__).parents[1] / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
#: The teaching notebooks: least figures and words of narrative each must have.
TAUGHT = {
    "01_quickstart.ipynb": (4, 500),
    "02_compare.ipynb": (3, 250),
    "03_sensitivity.ipynb": (3, 250),
    "04_beyond_least_cost.ipynb": (4, 1000),
}


def test_notebooks_are_shipped() -> None:
    names = {p.name for p in NOTEBOOKS}
    assert set(TAUGHT) <= names


def _scripts(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(FOLDER.parent / "scripts"))
    return importlib.import_module("make_notebooks"), importlib.import_module("notebook_run")


def test_notebooks_are_what_their_script_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cells live in scripts/make_notebooks.py (and the modules it imports): a notebook
    edited only as .ipynb, or a script edited without regenerating, fails here. Each is
    stored executed, top to bottom in one kernel (counts 1, 2, 3 ...); its outputs are
    compared with a fresh execution in test_notebook_executes."""
    script, run = _scripts(monkeypatch)
    assert sorted(script.NOTEBOOKS) == [p.name for p in NOTEBOOKS]
    for path in NOTEBOOKS:
        stored = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        assert nbformat.writes(run.strip(stored)) + "\n" == script.text(path.name), (
            f"{path.name}: run python scripts/make_notebooks.py"
        )
        code = [c for c in stored.cells if c.cell_type == "code"]
        counts = [c.execution_count for c in code]
        assert counts == list(range(1, len(code) + 1)), f"{path.name}: not stored executed"


def test_stored_notebooks_are_small() -> None:
    """Outputs in, figures small: the four notebooks under 1 MB together."""
    sizes = {p.name: p.stat().st_size for p in NOTEBOOKS}
    assert sum(sizes.values()) < 1_000_000, sizes
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        images = [
            o.data["image/png"]
            for c in nb.cells
            for o in c.get("outputs", [])
            if "image/png" in o.get("data", {})
        ]
        assert images and max(len(i) for i in images) < 150_000, path.name


#: The packages a notebook may import from, besides ``emisim`` itself: their ``__all__``.
PUBLIC = ("emisim", "emisim.analysis", "emisim.reports", "emisim.sweeps")


def test_notebooks_use_only_the_public_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every emisim name a notebook imports or reaches by attribute is in the ``__all__`` of
    emisim or of one of its public packages: no ``emisim.reports.charts``, no
    ``emisim.solvers.diagnostics`` (before: 11 such imports in notebooks 02-04)."""
    script, _run = _scripts(monkeypatch)
    exported = {m: set(importlib.import_module(m).__all__) for m in PUBLIC}
    bad = []
    for name, cells in script.NOTEBOOKS.items():
        for cell in cells:
            if cell.cell_type != "code":
                continue
            source = "\n".join(
                line for line in cell.source.splitlines() if not line.startswith("%")
            )
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("emisim"):
                    names = [a.name for a in node.names]
                    if node.module not in exported or not set(names) <= exported[node.module]:
                        bad.append((name, f"from {node.module} import {', '.join(names)}"))
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        if alias.name.startswith("emisim") and alias.name not in PUBLIC:
                            bad.append((name, f"import {alias.name}"))
            for package, attr in re.findall(r"\b(emisim(?:\.\w+)?)\.(\w+)", source):
                public = attr in exported.get(package, {attr}) or f"{package}.{attr}" in PUBLIC
                if not public:
                    bad.append((name, f"{package}.{attr}"))
    assert not bad, bad


def shown_texts(cell: nbformat.NotebookNode) -> list[str]:
    """Every text a reader sees in a code cell's outputs: streams, and results shown as plain
    text (a result that carries an image shows the image; its text/plain is only the
    fallback for plain-text front ends)."""
    out = []
    for o in cell.outputs:
        if o.output_type == "stream":
            out.append(o.text)
        elif "data" in o and "image/png" not in o.data:
            out.append(str(o.data.get("text/plain", "")))
    return out


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # jupyter_client/zmq internals
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Executed again from its cells (outputs stripped) in a temporary folder, the notebook
    shows what is stored: every cell's streams and results equal as text (timings,
    temporary paths and addresses masked), an image where one is stored."""
    _script, run = _scripts(monkeypatch)
    before = sorted(p.name for p in FOLDER.iterdir())
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    stored = nbformat.read(copy, as_version=4)
    nb = run.execute(stored, folder=tmp_path, timeout=300)
    code = [c for c in nb.cells if c.cell_type == "code"]
    kept = [c for c in stored.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors[0].get("evalue") if errors else ""
    for fresh, old in zip(code, kept, strict=True):
        assert run.shown(fresh) == run.shown(old), (
            f"{path.name}: the cell {fresh.source[:50]!r} shows other outputs than stored; "
            "if the change is meant, run python scripts/make_notebooks.py"
        )
    silent = [c.source for c in code if not c.outputs and not c.source.startswith("%matplotlib")]
    assert not silent, f"cells that show the reader nothing: {silent}"
    figures = [c for c in code if "figure" in c.metadata.get("tags", [])]
    for cell in figures:
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source
    for cell in code:
        assert not any("<Figure size" in t for t in shown_texts(cell)), cell.source
    if path.name in TAUGHT:
        least_figures, least_words = TAUGHT[path.name]
        assert len(figures) >= least_figures
        words = sum(len(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
        assert words >= least_words, f"{path.name}: {words} words of narrative"
    assert sorted(p.name for p in FOLDER.iterdir()) == before, "the notebook wrote in notebooks/"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name], "it wrote beside itself"
