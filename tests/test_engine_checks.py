"""The engine refuses what it cannot do, as the schema would, before anything is solved.

Every change by name with an unknown pollutant, measure, district, requirement family or
row, or a value outside the schema's range (NaN, a cut of 1 or more, a negative cost, a
growth multiplier above 5 ...), raises :class:`ArgumentError` — naming the valid names,
or in the schema's own words — and leaves the loaded model and its solution as they were.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from emisim.api import resolve
from emisim.model.assemble import build_params
from emisim.model.errors import ArgumentError
from emisim.model.requirements import FAMILIES
from emisim.model.scenario import Scenario
from emisim.solvers.engine import Engine

BANDS = {"air": {"large": {"lower": 1.0}, "small": {"upper": 3.0}}}
NAN = math.nan


@pytest.fixture(scope="module")
def loaded(tiny_dir) -> Engine:
    """One engine for the refusals (each leaves it as it was, and checks so)."""
    raw = {"name": "tiny", "description": "tiny", "data": str(tiny_dir)}
    sc, ds = resolve(
        Scenario.model_validate(raw | {"targets": {"set": "test"}, "guidance": {"bands": BANDS}})
    )
    e = Engine(build_params(ds, sc))
    e.solve()
    return e


@pytest.fixture
def eng(loaded: Engine) -> Engine:
    return loaded


def refused(eng: Engine, change, *words: str) -> None:
    """``change(eng)`` raises ArgumentError whose message has ``words``; nothing moved."""
    before, objective, lp = eng.params, eng.objective, eng._highs.getLp()
    with pytest.raises(ArgumentError) as err:
        change(eng)
    for w in words:
        assert w in str(err.value), (w, str(err.value))
    assert eng.params is before and eng.objective == objective
    after = eng._highs.getLp()
    assert list(after.row_lower_) == list(lp.row_lower_)
    assert list(after.row_upper_) == list(lp.row_upper_)
    assert list(after.col_cost_) == list(lp.col_cost_)
    assert list(after.col_upper_) == list(lp.col_upper_)


UNKNOWN = [
    (lambda e: e.set_target("CO2", 0.1), "unknown pollutant 'CO2'", "NOX", "SO2"),
    (lambda e: e.set_cost("teleporter", 1.0), "unknown or disabled measure", "scrubber"),
    (lambda e: e.set_potential("999999", "scrubber", 1.0), "unknown district", "100001"),
    (lambda e: e.set_potential("100001", "warp", 1.0), "unknown or disabled measure"),
    (lambda e: e.set_removal("scrubber", "CO2", 1.0), "unknown pollutant", "NOX"),
    (lambda e: e.set_rhs("speed_limit", None, 1.0), "unknown requirement family", "city_target"),
    (lambda e: e.set_rhs("city_target", "CO2", 0.1), "not a requirement", "'SO2'"),
    (lambda e: e.set_band_multiple("air", "huge", "lower", 1.0), "no relative lower band"),
]


@pytest.mark.parametrize("case", UNKNOWN, ids=[c[1] for c in UNKNOWN])
def test_unknown_names_are_refused_naming_the_valid_ones(eng: Engine, case) -> None:
    refused(eng, case[0], *case[1:])


OUT_OF_RANGE = [
    (lambda e: e.set_target("NOX", 12), "less than 1"),
    (lambda e: e.set_target("NOX", 1.5), "less than 1"),
    (lambda e: e.set_target("NOX", 1.0), "less than 1"),
    (lambda e: e.set_target("NOX", NAN), "finite number"),
    (lambda e: e.set_target("NOX", -0.1), "greater than or equal to 0"),
    (lambda e: e.set_target("NOX", "0.1"), "valid number"),
    (lambda e: e.set_cost("scrubber", -1e9), "greater than or equal to 0"),
    (lambda e: e.set_cost("scrubber", NAN), "finite number"),
    (lambda e: e.set_potential("100001", "scrubber", -1.0), "greater than or equal to 0"),
    (lambda e: e.set_removal("scrubber", "SO2", math.inf), "finite number"),
    (lambda e: e.set_growth(7.0), "less than or equal to 5"),
    (lambda e: e.set_growth(NAN), "finite number"),
    (lambda e: e.set_discount_rate(-0.01), "greater than or equal to 0"),
    (lambda e: e.set_discount_rate(0.9), "less than or equal to 0.5"),
    (lambda e: e.set_coal_share(0.0), "greater than 0"),
    (lambda e: e.set_coal_share(1.2), "less than or equal to 1"),
    (lambda e: e.set_band_multiple("air", "large", "lower", -1.0), "greater than or equal"),
    (lambda e: e.set_band_multiple("air", "small", "upper", NAN), "finite number"),
    (lambda e: e.set_rhs("coal_cap", None, 1.5), "coal_cap", "less than or equal to 1"),
    (lambda e: e.set_rhs("city_target", "SO2", 1.0), "city_target", "less than 1"),
    (
        lambda e: e.set_rhs("band_lower", ("air", "100001", "SO2"), NAN),
        "band_lower",
        "finite number",
    ),
]


@pytest.mark.parametrize("case", OUT_OF_RANGE, ids=[c[1] for c in OUT_OF_RANGE])
def test_values_outside_the_schema_are_refused_in_its_words(eng: Engine, case) -> None:
    refused(eng, case[0], *case[1:])


ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True, width=64)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tau=ANY_FLOAT, cost=ANY_FLOAT)
def test_any_target_outside_0_1_or_negative_cost_is_refused_and_moves_nothing(
    eng: Engine, tau: float, cost: float
) -> None:
    """The fuzz family 'the engine does what it is not asked' as a property: every float
    that is not a cut rate in [0, 1) (NaN, infinities, 1.5, -0.1 ...) and every cost that
    is negative or not finite is refused before solving, the model untouched."""
    assume(not 0 <= tau < 1 or not (math.isfinite(cost) and cost >= 0))
    if not 0 <= tau < 1:
        refused(eng, lambda e: e.set_target("NOX", tau), "targets.overrides.NOX")
    if not (math.isfinite(cost) and cost >= 0):
        refused(eng, lambda e: e.set_cost("scrubber", cost))


def test_every_family_checks_its_required_value_with_a_schema_type() -> None:
    for name, fam in FAMILIES.items():
        assert fam.schema_at, name
        for bad in (NAN, -1.0):
            with pytest.raises(ArgumentError, match=name):
                fam.check(bad)
        assert fam.check(0.5) == 0.5


def test_pollutants_in_any_case_and_a_short_repr(make_scenario) -> None:
    sc, ds = resolve(make_scenario(guidance={"bands": BANDS}))
    eng = Engine(build_params(ds, sc))
    eng.set_target("NOx", 0.1)
    assert eng.params.targets["NOX"] == 0.1
    eng.set_target("nox", 0.12)
    assert eng.params.targets["NOX"] == 0.12
    text = repr(eng)
    assert "not solved yet" in text and "solve()" in text
    eng.solve()
    text = repr(eng)
    assert len(text) < 200 and "optimal" in text and "objective" in text and "record()" in text
    public = [n for n in dir(eng) if not n.startswith("_")]
    assert "highs" not in public and "layout" not in public and "x" not in public
    assert {"set_target", "set_cost", "set_growth", "solve", "record", "params"} <= set(public)


def test_scenarios_are_immutable_in_depth() -> None:
    """An in-place edit of a scenario's mapping or list fails at once; a validated copy
    is the way to change one, and scenarios still dump, pickle and copy as before."""
    import copy
    import pickle

    from emisim.model.scenario import load_scenario, scenario_to_dict

    sc = load_scenario("plan2020")
    edits = [
        lambda: sc.targets.overrides.__setitem__("SO2", 5.0),
        lambda: sc.targets.overrides.update(SO2=5.0),
        lambda: sc.guidance.bands["air"].pop("large"),
        lambda: sc.guidance.adapt_locally.append(sc.guidance.adapt_locally[0]),
        lambda: sc.guidance.adapt_locally[0].sectors.append("power"),
        lambda: sc.deadlines_except.extend(["x"]),
    ]
    for edit in edits:
        with pytest.raises(TypeError, match="with_changes"):
            edit()
    assert sc == load_scenario("plan2020")
    changed = sc.with_changes(**{"targets.overrides.SO2": 0.1})
    assert changed.targets.overrides["SO2"] == 0.1 and "SO2" not in sc.targets.overrides
    plain = scenario_to_dict(sc)
    assert type(plain["targets"]["overrides"]) is dict
    assert type(plain["guidance"]["adapt_locally"]) is list
    assert pickle.loads(pickle.dumps(sc)) == sc == copy.deepcopy(sc)
