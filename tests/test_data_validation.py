"""Malformed datasets: every case raises DataError naming the file, row and column, and the
CLI turns it into one clear line (non-zero exit, no traceback)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emisim.cli import main
from emisim.model.data import load_dataset
from emisim.model.errors import DataError


def read(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(folder: Path, table: str, rows: list[dict[str, str]], header: list[str] | None = None):
    header = header or list(rows[0])
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def set_cell(table: str, index: int, column: str, value: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        rows = read(folder, table)
        rows[index][column] = value
        write(folder, table, rows)

    return mutate


def duplicate_row(table: str, index: int) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        rows = read(folder, table)
        rows.append(dict(rows[index]))
        write(folder, table, rows)

    return mutate


def drop_rows(table: str, keep: Callable[[dict], bool]) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        rows = read(folder, table)
        write(folder, table, [r for r in rows if keep(r)], header=list(rows[0]))

    return mutate


def rename_column(table: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        text = (folder / f"{table}.csv").read_text("utf-8")
        head, rest = text.split("\n", 1)
        (folder / f"{table}.csv").write_text(head.replace(old, new) + "\n" + rest, "utf-8")

    return mutate


def add_deadline(**cells: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        row = {"deadline": "d", "measure": "scrubber", "year": "2017", "basis": "potential"}
        row |= {"share": "1", "scope": "city", "mapping": "exact", "clause_zh": "条款"}
        row |= {"gist_en": "gist", "plan_ref": "ch.1"} | cells
        write(folder, "deadlines", [row])

    return mutate


def remove_file(table: str) -> Callable[[Path], None]:
    return lambda folder: (folder / f"{table}.csv").unlink()


def ragged_row(table: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        with (folder / f"{table}.csv").open("a", encoding="utf-8") as fh:
            fh.write("only,two\n")

    return mutate


# (id, mutation, file, row or None, column or None, words the message must contain)
CASES = [
    (
        "unknown unit code",
        set_cell("baseline", 0, "code", "999999"),
        "baseline.csv",
        2,
        "code",
        "unknown code",
    ),
    (
        "negative emissions",
        set_cell("baseline", 3, "emissions_t", "-5"),
        "baseline.csv",
        5,
        "emissions_t",
        "greater than or equal to 0",
    ),
    (
        "non-finite number",
        set_cell("units", 1, "population_2015", "nan"),
        "units.csv",
        3,
        "population_2015",
        "finite",
    ),
    (
        "text in a number",
        set_cell("measures", 2, "capex_yuan", "lots"),
        "measures.csv",
        4,
        "capex_yuan",
        "valid number",
    ),
    (
        "shares do not sum to one",
        set_cell("sector_shares", 0, "share", "0.99"),
        "sector_shares.csv",
        None,
        "share",
        "sum to",
    ),
    ("duplicate key", duplicate_row("units", 0), "units.csv", 5, "code", "duplicate key"),
    (
        "measure on unknown sector",
        set_cell("measures", 0, "sector", "teleport"),
        "measures.csv",
        2,
        "sector",
        "unknown sector",
    ),
    (
        "unit missing from a guidance family",
        drop_rows("guidance", lambda r: not (r["subject"] == "100002" and r["family"] == "water")),
        "guidance.csv",
        None,
        "subject",
        "no category in family 'water'",
    ),
    (
        "unknown guidance category",
        set_cell("guidance", 0, "category", "gigantic"),
        "guidance.csv",
        2,
        "category",
        "not in categories.csv",
    ),
    (
        "unknown zone",
        set_cell("units", 0, "zone", "moon"),
        "units.csv",
        2,
        "zone",
        "Input should be",
    ),
    (
        "bad grade",
        set_cell("provenance", 0, "grade", "guessed"),
        "provenance.csv",
        2,
        "grade",
        "sourced",
    ),
    (
        "missing provenance",
        drop_rows("provenance", lambda r: r["table"] != "removals"),
        "removals.csv",
        2,
        "removal_t",
        "no provenance",
    ),
    (
        "missing column",
        rename_column("units", "coal_2015_ktce", "coal"),
        "units.csv",
        1,
        "coal_2015_ktce",
        "missing column",
    ),
    ("missing file", remove_file("growth"), "growth.csv", None, None, "missing"),
    ("ragged row", ragged_row("zones"), "zones.csv", 6, None, "fields"),
    (
        "share out of range",
        set_cell("groups", 0, "share", "1.5"),
        "groups.csv",
        2,
        "share",
        "less than or equal to 1",
    ),
    (
        "group named two ways",
        set_cell("groups", 1, "name_zh", "另一个名字"),
        "groups.csv",
        3,
        "name_zh",
        "named '双区' in an earlier row",
    ),
    (
        "capex range inverted",
        set_cell("measures", 0, "capex_low", "9e9"),
        "measures.csv",
        2,
        "capex_yuan",
        "capex_low <= capex_yuan",
    ),
    (
        "growth gap",
        drop_rows("growth", lambda r: not (r["series"] == "mobile" and r["year"] == "2018")),
        "growth.csv",
        None,
        "index",
        "no BAU index",
    ),
    (
        "deadline on a measure without a programme",
        add_deadline(basis="programme"),
        "deadlines.csv",
        2,
        "basis",
        "has no programme_qty",
    ),
    (
        "programme deadline per district",
        add_deadline(measure="nev", basis="programme", scope="district"),
        "deadlines.csv",
        2,
        "scope",
        "expected scope 'city'",
    ),
    (
        "deadline share above one",
        add_deadline(share="1.2"),
        "deadlines.csv",
        2,
        "share",
        "less than or equal to 1",
    ),
    (
        "unknown removal pollutant",
        set_cell("removals", 0, "pollutant", "CO2"),
        "removals.csv",
        2,
        "pollutant",
        "Input should be",
    ),
]


@pytest.fixture
def broken(tiny_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(tiny_dir, folder)
    return folder


def test_the_tiny_fixture_is_valid(tiny_dir: Path) -> None:
    ds = load_dataset(tiny_dir)
    assert len(ds.units) == 3


@pytest.mark.parametrize(
    ("case", "mutate", "file", "row", "column", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_malformed_data_names_file_row_column(broken, case, mutate, file, row, column, words):
    mutate(broken)
    with pytest.raises(DataError) as err:
        load_dataset(broken)
    e = err.value
    assert Path(e.file).name == file, case
    if row is not None:
        assert e.row == row, case
    if column is not None:
        assert e.column == column, case
    assert words in str(e), case
    assert file in str(e)


@pytest.mark.parametrize(
    ("case", "mutate"), [(c[0], c[1]) for c in CASES[:6]], ids=[c[0] for c in CASES[:6]]
)
def test_cli_validate_gives_one_clear_line(broken, capsys, case, mutate):
    mutate(broken)
    code = main(["data", "validate", str(broken)])
    out = capsys.readouterr()
    assert code != 0
    lines = [line for line in out.err.splitlines() if line.strip()]
    assert len(lines) == 1, out.err
    assert lines[0].startswith("emisim: error:")
    assert "Traceback" not in out.err + out.out


def test_cli_validate_accepts_a_good_folder(tiny_dir, capsys):
    assert main(["data", "validate", str(tiny_dir)]) == 0
    assert "valid" in capsys.readouterr().out


def test_cli_validate_missing_folder(tmp_path, capsys):
    assert main(["data", "validate", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.one_of(
        st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False),
        st.sampled_from(["inf", "-inf", "nan", "", "1e999", "12abc", "--3"]),
    )
)
def test_any_bad_emission_value_is_rejected_with_its_location(tiny_dir, tmp_path_factory, value):
    folder = tmp_path_factory.mktemp("hyp")
    shutil.copytree(tiny_dir, folder, dirs_exist_ok=True)
    set_cell("baseline", 7, "emissions_t", str(value))(folder)
    with pytest.raises(DataError) as err:
        load_dataset(folder)
    assert err.value.row == 9
    assert err.value.column == "emissions_t"


def test_coal_above_primary_energy_fails_validate_naming_the_unit(broken, capsys):
    rows = read(broken, "units")
    rows[1]["coal_2015_ktce"] = str(2 * float(rows[1]["energy_2015_ktce"]) + 1)
    write(broken, "units", rows)
    with pytest.raises(DataError) as err:
        load_dataset(broken)
    e = err.value
    assert (Path(e.file).name, e.row, e.column) == ("units.csv", 3, "coal_2015_ktce")
    assert rows[1]["code"] in str(e) and "exceeds its primary energy" in str(e)
    assert main(["data", "validate", str(broken)]) == 2
    assert f"unit {rows[1]['code']}" in capsys.readouterr().err


def test_the_default_energy_balance_closes() -> None:
    """Every unit's coal <= its primary energy (<= 90 % of it, the stated cap, to rounding),
    and the units sum to the city's back-cast primary energy (77,734 ktce)."""
    import pandas as pd

    from emisim.model.data import embedded_path

    units = pd.read_csv(embedded_path() / "units.csv", dtype={"code": str})
    assert (units["coal_2015_ktce"] <= 0.90001 * units["energy_2015_ktce"]).all()
    assert units["energy_2015_ktce"].sum() == pytest.approx(88750 / 1.41652 / (1 - 0.194), rel=1e-5)
    assert units["coal_2015_ktce"].sum() == pytest.approx(62.9 * 0.7143 * 1000, rel=1e-5)


def test_split_energy_holds_units_at_their_coal_floor_and_keeps_the_total() -> None:
    from emisim.model.data.derive.units import split_energy

    weight = {"a": 1.0, "b": 1.0, "c": 2.0}
    floor = {"a": 50.0, "b": 0.0, "c": 10.0}
    out = split_energy(100.0, weight, floor)
    # a's share by weight (25) is below its floor: held at 50; b and c split 50 as 1:2
    assert out == pytest.approx({"a": 50.0, "b": 50 / 3, "c": 100 / 3})
    with pytest.raises(ValueError, match="more than the city"):
        split_energy(10.0, weight, floor)
