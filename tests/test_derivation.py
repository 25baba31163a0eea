"""The dataset is data: derivation code is short and holds no numbers that are data;
the schema is declared once and the docs list it; the authored inputs are checked."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from emisim.model.data import embedded_path
from emisim.model.data.derive import build
from emisim.model.data.derive.formula import evaluate
from emisim.model.data.derive.inputs import INPUT_FILES, INPUTS
from emisim.model.data.schema import TABLES, table_list_markdown
from emisim.model.errors import DataError

ROOT = Path(__file__).parents[1]
# The code that writes the embedded dataset. Other scripts (notebooks, the studio's map
# outlines, screenshots) write no data table and may hold drawing parameters.
CODE = sorted([ROOT / "scripts/build_dataset.py", *(ROOT / "model/data/derive").glob("*.py")])
MAX_FUNCTION_LINES = 80
# Numbers derivation code may contain: counting, rounding digits, tolerances. Anything
# else is data and belongs in a CSV under model/data/chongqing/.
ALLOWED_LITERALS = {0, 1, 2, 6, 10, -1, 1e-9, 1.0001}


def _nodes(path: Path):
    return ast.walk(ast.parse(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", CODE, ids=lambda p: p.name)
def test_no_function_longer_than_80_lines(path: Path) -> None:
    for node in _nodes(path):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{path.name}:{node.name} has {length} lines"


@pytest.mark.parametrize("path", CODE, ids=lambda p: p.name)
def test_derivation_code_holds_no_data_numbers(path: Path) -> None:
    found = {
        node.value
        for node in _nodes(path)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    }
    assert found <= ALLOWED_LITERALS, f"{path.name}: numbers {sorted(found - ALLOWED_LITERALS)}"


def test_docs_list_every_table_with_the_schema_columns() -> None:
    docs = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    assert table_list_markdown() in docs, "regenerate the table list: schema.table_list_markdown()"
    for name, columns in INPUT_FILES.items():
        assert f"| `{INPUTS}/{name}.csv` | {columns.replace(',', ', ')} |" in docs, name


def test_formulas_are_arithmetic_only() -> None:
    assert evaluate("A * (2 - B) / 4", {"A": 3.0, "B": 1.0}, "here") == pytest.approx(0.75)
    with pytest.raises(DataError, match="only numbers"):
        evaluate("__import__('os').getcwd()", {}, "here")
    with pytest.raises(DataError, match="unknown name 'C'"):
        evaluate("C * 2", {}, "here")


def test_a_bad_input_header_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    shutil.copytree(embedded_path(), folder)
    cards = folder / INPUTS / "measure_cards.csv"
    text = cards.read_text(encoding="utf-8")
    cards.write_text(text.replace("capex_low", "capex_lo", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"measure_cards\.csv"):
        build(folder, tmp_path / "out")


def test_a_card_change_reaches_the_model_tables(tmp_path: Path) -> None:
    """Edit one number on a card: measures.csv and potentials follow, nothing else moves."""
    folder = tmp_path / "ds"
    shutil.copytree(embedded_path(), folder)
    params = folder / INPUTS / "parameters.csv"
    text = params.read_text(encoding="utf-8")
    params.write_text(text.replace("MANURE_REDUCTION,0.7,", "MANURE_REDUCTION,0.35,"), "utf-8")
    build(folder)
    new = (folder / "removals.csv").read_text(encoding="utf-8").splitlines()
    old = (embedded_path() / "removals.csv").read_text(encoding="utf-8").splitlines()
    changed = [a for a, b in zip(new, old, strict=True) if a != b]
    assert [r.split(",")[:2] for r in changed] == [
        ["livestock_manure", "COD"],
        ["livestock_manure", "NH3N"],
    ]
    for spec in TABLES:
        if spec.name not in ("removals",):
            same = (folder / spec.file).read_bytes() == (embedded_path() / spec.file).read_bytes()
            assert same, spec.file
