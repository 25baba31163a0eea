"""The command line helps a user who mistypes (issue 21): the nearest shipped names for a
mistyped scenario or sweep spec, and the subcommand's own usage for a bad flag."""

from __future__ import annotations

import pytest

from emisim.cli import main


def _fails(argv: list[str], capsys) -> str:
    """Run ``emisim ARGV``, expect exit code 2 and return what it wrote to stderr."""
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    assert code == 2
    return capsys.readouterr().err


def test_mistyped_scenario_suggests_the_nearest_shipped_names(capsys, tmp_path):
    err = _fails(["run", "plan202", "--out", str(tmp_path)], capsys)
    assert "no scenario named 'plan202'; did you mean " in err  # plan2025 is as near
    assert "plan2020" in err.split("did you mean")[1]
    err = _fails(["run", "plan-fixd", "--out", str(tmp_path)], capsys)
    assert "did you mean plan-fixed" in err


def test_nothing_close_suggests_nothing(capsys, tmp_path):
    err = _fails(["run", "zzzzqqqq", "--out", str(tmp_path)], capsys)
    assert "no scenario named 'zzzzqqqq'" in err and "did you mean" not in err


def test_mistyped_sweep_spec_suggests_the_nearest_shipped_spec(capsys, tmp_path):
    err = _fails(["sweep", "plan2020-cost-30", "--out", str(tmp_path)], capsys)
    assert "did you mean plan2020-costs-30" in err
    assert "shipped specs:" in err  # the full list stays


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["run", "plan2020", "--bogus"], "usage: emisim run"),
        (["compare", "plan2020", "plan-fixed", "--bogus"], "usage: emisim compare"),
        (["sweep", "plan2020-costs-30", "--bogus"], "usage: emisim sweep"),
    ],
)
def test_bad_flag_shows_the_subcommands_usage(argv, usage, capsys):
    err = _fails(argv, capsys)
    assert usage in err
    assert "unrecognized arguments: --bogus" in err
    assert f"emisim {argv[0]}: error:" in err
    assert "usage: emisim [-h]" not in err  # not the top level's


def test_bad_flag_on_a_nested_command_shows_its_usage(capsys):
    """``emisim scenario show X --bogus``: the innermost command's usage."""
    err = _fails(["scenario", "show", "plan2020", "--bogus"], capsys)
    assert "usage: emisim scenario show" in err
    assert "emisim scenario show: error: unrecognized arguments: --bogus" in err
