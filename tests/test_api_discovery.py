"""A notebook user finds the API by tab: the package, a result and a comparison list what
they hold, their reprs are short and say what to call next, and pollutants are taken in
the spellings the command line takes."""

from __future__ import annotations

import inspect

import pytest
from matplotlib.figure import Figure

import emisim
from emisim.comparison import Comparison
from emisim.model.errors import EmisimError
from emisim.model.vocabulary import pollutant_code


def test_dir_of_the_package_lists_the_api_and_no_typing_names() -> None:
    names = dir(emisim)
    for name in ("run", "compare", "engine", "sweep", "analysis", "sweeps", "Result"):
        assert name in names
    for name in ("Any", "TYPE_CHECKING", "annotations", "importlib"):
        assert name not in names
    # every listed name resolves, the lazy subpackages included
    for name in emisim.__all__:
        assert getattr(emisim, name) is not None
    assert emisim.Result is emisim.api.Result
    assert inspect.ismodule(emisim.analysis) and hasattr(emisim.analysis, "ranges")
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        _ = emisim.nonsense


def test_every_public_function_of_the_package_has_a_docstring() -> None:
    for name in emisim.__all__:
        obj = getattr(emisim, name)
        if inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), f"emisim.{name} has no docstring"


def test_dir_of_a_result_lists_its_tables(compared: Comparison) -> None:
    result = compared.result("plan2020")
    names = dir(result)
    assert result.tables, "a solved result has tables"
    for table in result.tables:
        assert table in names
    for name in ("summary", "plot", "tidy", "status"):
        assert name in names


def test_repr_of_a_result_is_short_and_says_status_and_objective(compared: Comparison) -> None:
    result = compared.result("plan2020")
    text = repr(result)
    assert len(text) < 600
    assert "optimal" in text
    objective = result.summary["objective_value"]
    assert f"{objective:,.6g}" in text
    assert ".summary" in text and ".plot" in text


def test_repr_of_a_comparison_names_its_scenarios(compared: Comparison) -> None:
    text = repr(compared)
    assert len(text) < 600
    for name in compared.scenarios:
        assert name in text


@pytest.mark.parametrize(
    ("spelling", "code"),
    [("NOx", "NOX"), ("nox", "NOX"), ("NH3-N", "NH3N"), ("so2", "SO2"), (" VOC ", "VOC")],
)
def test_pollutants_in_any_case(spelling: str, code: str) -> None:
    assert pollutant_code(spelling) == code


@pytest.mark.parametrize("bad", ["CO2", "", None, 12])
def test_unknown_pollutants_are_none(bad: object) -> None:
    assert pollutant_code(bad) is None


def test_plot_map_takes_the_cli_spelling(compared: Comparison) -> None:
    result = compared.result("plan2020")
    assert isinstance(result.plot.map("NOx"), Figure)
    with pytest.raises(EmisimError, match="one of COD, NH3N, SO2, NOX, VOC"):
        result.plot.map("CO2")
