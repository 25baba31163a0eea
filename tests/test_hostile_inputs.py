"""Hostile and careless inputs from issue 13 (item 3 and 6): every one ends in one clear
line naming the real cause, never a traceback; and fuzzed data folders and scenario
files either load or raise an EmisimError, never anything else."""

from __future__ import annotations

import contextlib
import shutil
import string
import subprocess
from pathlib import Path

import pytest
import yaml
from clirun import cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emisim.model.data import load_dataset
from emisim.model.errors import EmisimError
from emisim.model.scenario import load_scenario
from emisim.model.scenario.files import MAX_YAML_DEPTH


def one_line(out: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("emisim: error: "), out.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def billion_laughs() -> str:
    lines = ["description: x", "extends: plan2020", 'a: &a ["lol","lol","lol","lol","lol"]']
    prev = "a"
    for n in "bcdefghi":
        lines.append(f"{n}: &{n} [" + ",".join(["*" + prev] * 9) + "]")
        prev = n
    return "\n".join([*lines, "measures:", "  disabled: *i", ""])


SCENARIOS = {
    "deep": (
        "description: x\nextends: plan2020\na: " + "[" * 10_000 + "]" * 10_000 + "\n",
        (f"nested deeper than {MAX_YAML_DEPTH} levels",),
    ),
    "laughs": (billion_laughs(), ("expands to", "through aliases")),
    "bigint": ("description: x\nextends: plan2020\nfirst_year: 1" + "0" * 5000 + "\n", ("YAML",)),
    "long_value": (
        "description: x\nextends: plan2020\nmeasures:\n  disabled: " + "x" * 100_000 + "\n",
        ("measures.disabled", "..."),
    ),
    "later_year": ("description: x\nextends: plan2020\nlast_year: 2022\n", ("macro.csv", "2021")),
}


@pytest.mark.parametrize("case", sorted(SCENARIOS))
def test_hostile_scenario_files_give_one_line(case: str, tmp_path: Path) -> None:
    text, needles = SCENARIOS[case]
    (tmp_path / f"{case}.yaml").write_text(text, encoding="utf-8")
    line = one_line(cli("run", f"{case}.yaml", cwd=tmp_path), f"{case}.yaml", *needles)
    assert len(line) < 400  # a bounded excerpt, never the value itself
    assert not (tmp_path / "outputs").exists()


DATA_CASES = {
    "macro_header_only": ("macro.csv", lambda ls: ls[:1], ("macro.csv", "no rows")),
    "macro_without_2015": (
        "macro.csv",
        lambda ls: [x for x in ls if not x.startswith("2015")],
        ("macro.csv", "base year 2015"),
    ),
    "baseline_header_only": ("baseline.csv", lambda ls: ls[:1], ("baseline.csv", "no rows")),
    "emissions_1e300": (
        "baseline.csv",
        lambda ls: [ls[0], ",".join([*ls[1].split(",")[:3], "1e300"]), *ls[2:]],
        ("baseline.csv, row 2, column 'emissions_t'",),
    ),
}


@pytest.mark.parametrize("case", sorted(DATA_CASES))
def test_hostile_data_gives_one_line_per_error_on_run(case: str, tmp_path: Path) -> None:
    from emisim.model.data import embedded_path

    data = tmp_path / "data"
    shutil.copytree(embedded_path(), data, ignore=shutil.ignore_patterns("inputs", "sources"))
    name, change, needles = DATA_CASES[case]
    lines = (data / name).read_text(encoding="utf-8").splitlines()
    (data / name).write_text("\n".join(change(lines)) + "\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text("description: x\nextends: plan2020\ndata: data\n")
    out = cli("run", "s.yaml", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    errors = out.stderr.strip().splitlines()
    assert errors and all(x.startswith("emisim: error: ") for x in errors)
    assert any(all(n in x for n in needles) for x in errors), out.stderr


# ---------------------------------------------------------------- fuzzing


@pytest.fixture(scope="module")
def tiny_tables(tiny_dir: Path) -> dict[str, list[str]]:
    return {p.name: p.read_text(encoding="utf-8").splitlines() for p in tiny_dir.glob("*.csv")}


CELL = st.one_of(
    st.sampled_from(["", "0", "-1", "1e300", "nan", "inf", "x", "999999", "2015", "air", "SO2"]),
    st.text(alphabet=string.printable, max_size=12),
)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzzed_data_folders_load_or_raise_emisim_errors(
    tiny_tables: dict[str, list[str]], tmp_path_factory: pytest.TempPathFactory, data
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    tables = {k: list(v) for k, v in tiny_tables.items()}
    for _ in range(data.draw(st.integers(1, 3))):
        name = data.draw(st.sampled_from(sorted(tables)))
        rows = tables[name]
        if not rows:  # emptied by an earlier drop: the empty file is the mutation
            continue
        i = data.draw(st.integers(0, len(rows) - 1))
        action = data.draw(st.sampled_from(["cell", "drop", "duplicate", "garble"]))
        if action == "cell":
            cells = rows[i].split(",")
            cells[data.draw(st.integers(0, len(cells) - 1))] = data.draw(CELL).replace(",", "")
            rows[i] = ",".join(cells)
        elif action == "drop":
            del rows[i]
        elif action == "duplicate":
            rows.append(rows[i])
        else:
            rows[i] = data.draw(st.text(max_size=40))
    for name, rows in tables.items():
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    with contextlib.suppress(EmisimError):  # anything else fails the test
        load_dataset(folder)


KEYS = st.sampled_from(
    [
        "name",
        "description",
        "extends",
        "apply",
        "data",
        "targets",
        "guidance",
        "measures",
        "economics",
        "objective",
        "solver",
        "first_year",
        "set",
        "bands",
        "air",
        "large",
        "lower",
        "disabled",
        "x",
    ]
)
LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.sampled_from(["plan2020", "../x", "/abs", ".", "no_guidance"]),
)
TREE = st.recursive(
    LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.dictionaries(KEYS, TREE, max_size=5), raw=st.booleans(), junk=st.text(max_size=30))
def test_fuzzed_scenario_files_load_or_raise_emisim_errors(
    body: dict, raw: bool, junk: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("sc")
    text = junk if raw else yaml.safe_dump(body, allow_unicode=True)
    path = folder / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    with contextlib.suppress(EmisimError):  # anything else fails the test
        load_scenario(path)
