"""Scenario schema, loading (inheritance, overrides), error messages, show and diff."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from emisim.cli import main
from emisim.cli import scenario as cli_scenario
from emisim.model.data import embedded_path, load_dataset
from emisim.model.errors import ScenarioError
from emisim.model.scenario import (
    ABSENT,
    Scenario,
    check_against,
    diff_scenarios,
    load_scenario,
    scenario_to_dict,
    shipped_scenarios,
)
from emisim.model.vocabulary import FAMILIES

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def stand_in_dataset() -> SimpleNamespace:
    """The few tables check_against reads, with the codes and names plan2020 refers to."""
    cats = [(f, c) for f in ("air", "water", "livestock") for c in FAMILIES[f]]
    return SimpleNamespace(
        units=pd.DataFrame({"code": ["500114", "500231", "500236", "500242", "500243"]}),
        sectors=pd.DataFrame(
            {
                "sector": [
                    "mobile_road",
                    "mobile_nonroad",
                    "construction",
                    "power",
                    "urban_sewage",
                ],
                "medium": ["air", "air", "air", "air", "water"],
            }
        ),
        measures=pd.DataFrame({"measure": ["nev_buses", "ultra_low_power"]}),
        targets=pd.DataFrame(
            {"target_set": ["plan2020", "national_assignment"], "target": ["a", "b"]}
        ),
        categories=pd.DataFrame(cats, columns=["family", "category"]),
    )


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    ds = stand_in_dataset()
    monkeypatch.setattr(cli_scenario, "load_dataset_for", lambda scenario: ds)
    return ds


# ---------------------------------------------------------------- shipped and minimal


@pytest.mark.parametrize("name", shipped_scenarios())
def test_every_shipped_scenario_loads(name: str) -> None:
    s = load_scenario(name)
    assert s.name == name
    assert len(s.description) > 40
    # a scenario of another period is checked against that period's dataset itself
    check_against(s, load_dataset(s.data_folder) if s.dataset else stand_in_dataset())


def test_plan2020_as_written() -> None:
    assert "plan2020" in shipped_scenarios()
    s = load_scenario("plan2020")
    assert s.targets.set == "plan2020"
    assert s.coal.share_max == 0.55
    assert s.objective.kind == "least_cost"
    assert s.guidance.mode == "relative"
    air = s.guidance.bands["air"]
    assert (air["large"].lower, air["large"].upper) == (1.3, None)
    assert (air["medium"].lower, air["medium"].upper) == (0.8, 1.6)
    assert s.guidance.bands["livestock"]["fairly_large"].lower == 1.0
    assert s.guidance.bands["water"]["adapt"].lower == 0.0
    rules = {r.name: r for r in s.guidance.adapt_locally}
    assert rules["main_urban_vehicles_dust"].zone == "main_urban"
    assert rules["main_urban_vehicles_dust"].min_share == 0.3
    assert rules["counties_construction_dust"].units == [
        "500114",
        "500231",
        "500236",
        "500242",
        "500243",
    ]


def test_minimal_scenario_has_all_defaults(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, "tiny.yaml", "description: only a question\n"))
    default = Scenario(name="tiny", description="only a question")
    assert scenario_to_dict(s) == scenario_to_dict(default)
    assert s.source == tmp_path / "tiny.yaml"
    assert (s.first_year, s.last_year) == (2016, 2020)
    assert s.data is None and s.extends is None and s.apply == []
    assert s.targets.set == "plan2020" and s.coal.share_max == 0.55
    assert s.guidance.enabled and s.guidance.bands == {}
    assert s.solver.tolerance == 1e-7 and s.economics.discount_rate == 0.08


def test_scenario_is_frozen() -> None:
    s = Scenario(name="x", description="y")
    with pytest.raises(Exception, match="frozen"):
        s.coal = s.coal  # type: ignore[misc]


def test_relative_data_path_resolves_against_the_file(tmp_path: Path) -> None:
    (tmp_path / "mydata").mkdir()
    (tmp_path / "mydata" / "period.csv").write_bytes((embedded_path() / "period.csv").read_bytes())
    sub = tmp_path / "sub"
    sub.mkdir()
    write(tmp_path, "base.yaml", "description: base\ndata: mydata\n")
    s = load_scenario(write(sub, "child.yaml", "description: child\nextends: ../base.yaml\n"))
    assert s.data == str((tmp_path / "mydata").resolve())


# ---------------------------------------------------------------- inheritance


def test_child_overrides_parent_and_grandparent(tmp_path: Path) -> None:
    write(
        tmp_path,
        "grand.yaml",
        """
        description: grandparent
        coal: {share_max: 0.5}
        economics: {discount_rate: 0.05}
        guidance: {bands: {air: {large: {lower: 1.2}, small: {upper: 1.0}}}}
        """,
    )
    write(
        tmp_path,
        "parent.yaml",
        """
        description: parent
        extends: grand
        coal: {share_max: 0.45}
        guidance: {bands: {air: {large: {lower: 1.4}}}}
        """,
    )
    child = write(
        tmp_path,
        "child.yaml",
        """
        description: child
        extends: parent
        economics: {discount_rate: 0.03}
        """,
    )
    s = load_scenario(child)
    assert (s.name, s.description, s.extends) == ("child", "child", "parent")
    assert s.coal.share_max == 0.45  # parent beats grandparent
    assert s.economics.discount_rate == 0.03  # child beats both
    assert s.guidance.bands["air"]["large"].lower == 1.4  # deep merge ...
    assert s.guidance.bands["air"]["small"].upper == 1.0  # ... keeps the sibling


def test_parent_found_by_name_on_search_path(tmp_path: Path) -> None:
    lib, mine = tmp_path / "lib", tmp_path / "mine"
    lib.mkdir(), mine.mkdir()
    write(lib, "base.yaml", "description: base\nmeasures: {cost_case: low}\n")
    write(mine, "child.yaml", "description: child\nextends: base\n")
    s = load_scenario("child", search_dirs=[mine, lib])
    assert s.measures.cost_case == "low"
    # a shipped parent by name
    s = load_scenario(write(tmp_path, "c.yaml", "description: c\nextends: plan2020\n"))
    assert s.guidance.bands["air"]["large"].lower == 1.3


def test_lists_replace(tmp_path: Path) -> None:
    write(tmp_path, "p.yaml", "description: p\nmeasures: {disabled: [a, b]}\n")
    child = "description: c\nextends: p\nmeasures: {disabled: [c]}\n"
    s = load_scenario(write(tmp_path, "c.yaml", child))
    assert s.measures.disabled == ["c"]


def test_inheritance_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "description: a\nextends: b\n")
    write(tmp_path, "b.yaml", "description: b\nextends: c\n")
    write(tmp_path, "c.yaml", "description: c\nextends: a\n")
    with pytest.raises(ScenarioError, match="cycle: a -> b -> c -> a") as err:
        load_scenario(tmp_path / "a.yaml")
    assert err.value.key == "extends"


def test_unknown_parent_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "description: a\nextends: nobody_home\n")
    with pytest.raises(ScenarioError, match="unknown parent scenario 'nobody_home'") as err:
        load_scenario(path)
    assert (err.value.file, err.value.key) == (str(path), "extends")


def test_error_names_the_parent_file_that_set_the_key(tmp_path: Path) -> None:
    parent = write(tmp_path, "p.yaml", "description: p\ncoal: {share_max: 0.5}\n")
    write(tmp_path, "c.yaml", "description: c\nextends: p\n")
    parent.write_text("description: p\ncoal: {share_max: 1.5}\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "c.yaml")
    assert (err.value.file, err.value.key) == (str(parent), "coal.share_max")


# ---------------------------------------------------------------- overrides


OVERRIDES = """
    cheap: {measures: {cost_case: low}}
    dear: {measures: {cost_case: high}}
    loose: {coal: {share_max: null}, guidance: {bands: {air: {large: {lower: 1.0}}}}}
    strict_large: {guidance: {bands: {air: {large: {lower: 1.6, upper: 3.0}}}}}
    strict_floor: {guidance: {bands: {air: {large: {lower: 1.5}}}}}
    broken: {solver: {tolerance: 0.5}}
"""


def test_non_overlapping_overrides_combine(tmp_path: Path) -> None:
    write(tmp_path, "overrides.yaml", OVERRIDES)
    path = write(
        tmp_path,
        "s.yaml",
        """
        description: s
        apply: [cheap, loose]
        guidance: {bands: {air: {large: {upper: 2.0}}}}
        """,
    )
    s = load_scenario(path)
    assert s.apply == ["cheap", "loose"]
    assert s.measures.cost_case == "low"
    assert s.coal.share_max is None
    assert s.guidance.bands["air"]["large"] == s.guidance.bands["air"]["large"].model_copy(
        update={"lower": 1.0, "upper": 2.0}
    )


def test_scenario_keys_beat_overrides_and_overrides_beat_parent(tmp_path: Path) -> None:
    write(tmp_path, "overrides.yaml", OVERRIDES)
    write(tmp_path, "p.yaml", "description: p\ncoal: {share_max: 0.5}\nmeasures: {cost_case: high}")
    own = "description: s\nextends: p\napply: [cheap, loose]\ncoal: {share_max: 0.4}"
    path = write(tmp_path, "s.yaml", own)
    s = load_scenario(path)
    assert s.measures.cost_case == "low" and s.coal.share_max == 0.4


@pytest.mark.parametrize(
    ("pair", "key"),
    [
        (("cheap", "dear"), "measures.cost_case"),
        (("loose", "strict_floor"), "guidance.bands.air.large.lower"),
        (("strict_large", "strict_floor"), "guidance.bands.air.large.lower"),
    ],
)
def test_overrides_setting_the_same_key_conflict(
    tmp_path: Path, pair: tuple[str, str], key: str
) -> None:
    write(tmp_path, "overrides.yaml", OVERRIDES)
    path = write(tmp_path, "s.yaml", f"description: s\napply: [{pair[0]}, {pair[1]}]\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.key == key
    assert f"'{pair[0]}'" in str(err.value) and f"'{pair[1]}'" in str(err.value)


def test_invalid_value_in_override_names_the_overrides_file(tmp_path: Path) -> None:
    overrides = write(tmp_path, "overrides.yaml", OVERRIDES)
    path = write(tmp_path, "s.yaml", "description: s\napply: [broken]\n")
    with pytest.raises(ScenarioError, match="set by override 'broken'") as err:
        load_scenario(path)
    assert (err.value.file, err.value.key) == (str(overrides), "solver.tolerance")


def test_shipped_overrides_used_when_folder_has_none(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "description: s\napply: [high_cost, no_guidance]\n")
    s = load_scenario(path)
    assert s.measures.cost_case == "high" and not s.guidance.enabled


# ---------------------------------------------------------------- malformed files via the CLI

MALFORMED = [
    ("bad_yaml_syntax.yaml", None, "line 4"),
    ("duplicate_key.yaml", None, "duplicate key 'coal'"),
    ("no_description.yaml", "description", "needs a 'description'"),
    ("unknown_key.yaml", "coal.shar_max", "unknown key 'shar_max'"),
    ("wrong_type.yaml", "solver.time_limit_s", "valid number"),
    ("unknown_pollutant.yaml", "targets.overrides.PM25", "unknown pollutant 'PM25'"),
    ("band_inverted.yaml", "guidance.bands.air.large.lower", "exceeds upper bound"),
    ("target_out_of_range.yaml", "targets.overrides.SO2", "less than 1"),
    ("unknown_override.yaml", "apply[1]", "unknown override 'cheap_as_chips'"),
    ("max_reduction_no_budget.yaml", "objective.budget_yuan", "needs a budget"),
    ("unknown_category.yaml", "guidance.bands.air.huge", "unknown air category 'huge'"),
    ("bad_unit_code.yaml", "guidance.adapt_locally[0].units[0]", "6-digit unit code"),
    ("zone_and_units.yaml", "guidance.adapt_locally[0].zone", "exactly one of"),
    ("milestone_outside.yaml", "targets.milestones.2020", "2016..2019"),
    ("milestone_share_outside.yaml", "targets.milestone_shares.2020", "2016..2019"),
    ("first_year_base.yaml", "first_year", "after the base year"),
    # references into the dataset (check_against)
    ("unknown_unit.yaml", "guidance.adapt_locally[0].units[1]", "unknown unit code '509999'"),
    ("unknown_target_set.yaml", "targets.set", "unknown target set 'plan2035'"),
    ("unknown_measure.yaml", "measures.disabled[1]", "unknown measure 'teleportation'"),
    ("unknown_sector.yaml", "guidance.adapt_locally[0].sectors[1]", "unknown sector 'dragons'"),
    ("wrong_medium_sector.yaml", "guidance.adapt_locally[0].sectors[0]", "emits to water"),
]


@pytest.mark.usefixtures("stand_in")
@pytest.mark.parametrize(("file", "key", "message"), MALFORMED)
def test_malformed_scenario_gives_one_line(
    capsys: pytest.CaptureFixture[str], file: str, key: str | None, message: str
) -> None:
    path = FIXTURES / file
    code = main(["scenario", "validate", str(path)])
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0]
    if key is not None:
        assert f"key '{key}'" in lines[0]
    assert message in lines[0]


def test_missing_file_gives_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert main(["scenario", "validate", str(path)]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "does not exist" in err


def test_unknown_scenario_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "show", "no_such_scenario_anywhere"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no scenario named 'no_such_scenario_anywhere'" in err


@pytest.mark.usefixtures("stand_in")
def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "validate", "plan2020"]) == 0
    assert "is valid" in capsys.readouterr().out


def test_validate_schema_only_skips_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "unknown_measure.yaml"
    assert main(["scenario", "validate", "--schema-only", str(path)]) == 0
    assert "valid (schema)" in capsys.readouterr().out


# ---------------------------------------------------------------- show and diff


def test_show_prints_merged_yaml_that_reloads_equal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["scenario", "show", "plan2020"]) == 0
    text = capsys.readouterr().out
    shown = yaml.safe_load(text)
    assert shown == scenario_to_dict(load_scenario("plan2020"))
    again = load_scenario(write(tmp_path, "plan2020.yaml", text))
    assert scenario_to_dict(again) == shown


def diff_pair(tmp_path: Path) -> tuple[Path, Path]:
    write(tmp_path, "overrides.yaml", OVERRIDES)
    a = write(tmp_path, "a.yaml", "description: a\nextends: plan2020\n")
    b = write(
        tmp_path,
        "b.yaml",
        """
        description: b
        extends: plan2020
        apply: [dear]
        last_year: 2025
        targets: {overrides: {SO2: 0.2}}
        guidance: {bands: {air: {large: {upper: 2.0}}, livestock: {none: {upper: 0.0}}}}
        measures: {disabled: [nev_buses]}
        """,
    )
    return a, b


def test_diff_scenarios_lists_exact_keys(tmp_path: Path) -> None:
    a, b = diff_pair(tmp_path)
    diff = diff_scenarios(load_scenario(a), load_scenario(b))
    assert diff == [
        ("guidance.bands.air.large.upper", None, 2.0),
        ("guidance.bands.livestock.none.lower", ABSENT, None),
        ("guidance.bands.livestock.none.upper", ABSENT, 0.0),
        ("last_year", 2020, 2025),
        ("measures.cost_case", "central", "high"),
        ("measures.disabled", [], ["nev_buses"]),
        ("targets.overrides.SO2", ABSENT, 0.2),
    ]
    full = diff_scenarios(load_scenario(a), load_scenario(b), include_meta=True)
    with_meta = [k for k, _, _ in full]
    assert {"name", "description", "apply"} <= set(with_meta) and "extends" not in with_meta


def test_diff_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a, b = diff_pair(tmp_path)
    assert main(["scenario", "diff", str(a), str(b)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["key", "a", "b"]
    assert [line.split()[0] for line in lines[1:]] == [
        "guidance.bands.air.large.upper",
        "guidance.bands.livestock.none.lower",
        "guidance.bands.livestock.none.upper",
        "last_year",
        "measures.cost_case",
        "measures.disabled",
        "targets.overrides.SO2",
    ]
    assert lines[4].split() == ["last_year", "2020", "2025"]
    assert main(["scenario", "diff", str(a), "plan2020"]) == 0
    assert capsys.readouterr().out.strip() == "no differences between 'a' and 'plan2020'"


# ---------------------------------------------------------------- check_against directly


def test_check_against_names_the_file_that_set_the_key(tmp_path: Path) -> None:
    parent = write(tmp_path, "p.yaml", "description: p\nmeasures: {disabled: [warp_drive]}\n")
    s = load_scenario(write(tmp_path, "c.yaml", "description: c\nextends: p\n"))
    with pytest.raises(ScenarioError, match="unknown measure 'warp_drive'") as err:
        check_against(s, stand_in_dataset())
    assert (err.value.file, err.value.key) == (str(parent), "measures.disabled[0]")
    with pytest.raises(ScenarioError) as err:
        check_against(s, stand_in_dataset(), "given.yaml")
    assert err.value.file == "given.yaml"


def test_check_against_category_missing_from_dataset() -> None:
    ds = stand_in_dataset()
    ds.categories = ds.categories[ds.categories["category"] != "adapt"]
    with pytest.raises(ScenarioError) as err:
        check_against(load_scenario("plan2020"), ds)
    assert err.value.key == "guidance.bands.air.adapt"


# ---------------------------------------------------------------- properties

bounds = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@given(lower=bounds, upper=bounds)
def test_band_order_property(lower: float, upper: float) -> None:
    data: dict[str, Any] = {
        "name": "p",
        "description": "property",
        "guidance": {"bands": {"water": {"small": {"lower": lower, "upper": upper}}}},
    }
    if lower <= upper:
        band = Scenario.model_validate(data).guidance.bands["water"]["small"]
        assert (band.lower, band.upper) == (lower, upper)
    else:
        with pytest.raises(ValueError, match="exceeds upper bound"):
            Scenario.model_validate(data)


@given(cut=st.floats(allow_nan=False, allow_infinity=False, min_value=-2, max_value=2))
def test_target_cut_range_property(cut: float) -> None:
    data = {"name": "p", "description": "d", "targets": {"overrides": {"NOX": cut}}}
    if 0 <= cut < 1:
        assert Scenario.model_validate(data).targets.overrides["NOX"] == cut
    else:
        with pytest.raises(ValueError):
            Scenario.model_validate(data)


def _embedded_data_present() -> bool:
    from emisim.model.data import embedded_path

    return (embedded_path() / "units.csv").is_file()


@pytest.mark.skipif(not _embedded_data_present(), reason="embedded dataset not shipped yet")
@pytest.mark.parametrize("name", shipped_scenarios())
def test_shipped_scenarios_match_the_embedded_dataset(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scenario", "validate", name]) == 0, capsys.readouterr().err


def test_list_names_every_shipped_scenario_with_its_question(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["scenario", "list"]) == 0
    out = capsys.readouterr().out
    for name in shipped_scenarios():
        assert f"\n{name}\n" in f"\n{out}"
    assert "price of the plan's spatial guidance" in " ".join(out.split())
