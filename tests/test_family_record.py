"""A requirement family is one record: everything the results, diagnoses, engine and
reports know about a family they read from ``FAMILIES``, never from its name as a string."""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

from emisim.model.family import PUSHES
from emisim.model.i18n import gettext
from emisim.model.params import Params
from emisim.model.requirements import FAMILIES, GROUPS, group_label, row_label

ROOT = Path(__file__).resolve().parents[1]
#: "deadline" and "budget" are also a column of the deadlines table and a Params field.
SHARED_WORDS = {"deadline", "budget"}
PARAMS_FIELDS = {f.name for f in fields(Params)}


def test_no_module_names_a_family_by_a_string() -> None:
    names = set(FAMILIES) - SHARED_WORDS
    found = []
    for folder in ("model", "solvers", "emisim"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.parent.name == "families":
                continue  # where the families are defined
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Constant) and node.value in names:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert not found, "\n".join(found)


def test_every_family_states_its_words_and_its_push() -> None:
    for name, fam in FAMILIES.items():
        assert fam.push in PUSHES, name
        assert fam.params_field in PARAMS_FIELDS, name
        assert (fam.conflict_group is None) == (fam.conflict_many is None), name
        for text in (fam.title, fam.share_of, *fam.groups.values()):
            zh = gettext(text, "zh")
            assert zh != text and any("\u4e00" <= c <= "\u9fff" for c in zh), (name, text)
        assert row_label(name, "zh") == gettext(fam.title, "zh")
        assert fam.group_of("air") in GROUPS or fam.group_of() in GROUPS, name
    assert group_label("band_water", "en") == "Water category band"
    assert (
        group_label("band_water", "zh")
        == gettext("Water category band", "zh")
        != "Water category band"
    )
    assert group_label("deploy_ramp", "en") == "deployment ramp limits"


def test_subject_pollutant_and_topic_come_from_the_index() -> None:
    band = FAMILIES["band_lower"]
    assert (band.topic(("air", "500101", "NOX")), band.subject(("air", "500101", "NOX"))) == (
        "air",
        "500101",
    )
    assert band.pollutant(("air", "500101", "NOX")) == "NOX"
    city = FAMILIES["city_target"]
    assert (city.subject("NOX"), city.pollutant("NOX"), city.topic("NOX")) == ("city", "NOX", "")
    prog = FAMILIES["programme_cap"]
    assert (prog.subject("scr_power"), prog.group_of()) == ("scr_power", "programme")
    dl = FAMILIES["deadline"]
    assert dl.subject(("d1", "vapour_recovery", "500101")) == "500101"
    assert FAMILIES["adapt_share"].push == "rebuild"
    assert FAMILIES["programme_floor"].moved() == ("programme_cap", "programme_floor")
