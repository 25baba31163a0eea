"""Scenario checks: pydantic errors translated into ScenarioError, and dataset references.

Every message names the file that set the offending key (via the merge provenance) and
the dotted key path, list items as ``[i]``; never a raw pydantic report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol, get_args, get_origin

import pandas as pd
from pydantic import BaseModel, ValidationError

from emisim.model.errors import ScenarioError, excerpt
from emisim.model.scenario.files import Loc, Provenance
from emisim.model.vocabulary import POLLUTANTS, ZONES

if TYPE_CHECKING:
    from emisim.model.scenario import Scenario


class KeyedValueError(ValueError):
    """A validator's complaint about one key below the model that raised it."""

    def __init__(self, key: Loc, message: str) -> None:
        super().__init__(message)
        self.key = key


#: Longest scenario or comparison name: it becomes a folder name (plus a temporary suffix).
MAX_NAME_CHARS = 100
#: Path separators, characters Windows forbids in file names, and control characters.
_NOT_IN_NAMES = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


def folder_name_problem(name: object) -> str | None:
    """Why ``name`` cannot be an output folder's name (None if it can).

    Output folders are ``<out>/<name>/``: a name must never reach outside ``<out>``
    (separators, ``..``, absolute paths) nor collide with emisim's hidden temporary
    folders (a leading dot).
    """
    if not isinstance(name, str):
        return f"must be text (a plain folder name), got {excerpt(name)}"
    plain = f"{excerpt(name)} must be a plain folder name"
    bad = _NOT_IN_NAMES.search(name)
    if not name.strip():
        return f"{plain}, not empty"
    if name != name.strip():
        return f"{plain}, without leading or trailing spaces"
    if name.startswith("."):
        return f"{plain}, not '.', '..' or a hidden name starting with '.'"
    if bad:
        return f"{plain}, without {bad.group()!r} (use letters, digits, spaces, '-', '_', '.')"
    if len(name) > MAX_NAME_CHARS:
        return f"{plain} of at most {MAX_NAME_CHARS} characters"
    return None


def dotted(path: Sequence[str | int], data: Any = None) -> str:
    """``('a', 'b', 0, 'c')`` -> ``a.b[0].c``; an int is a list index only if ``data`` says so."""
    out, node = "", data
    for part in path:
        if isinstance(node, list) or (node is None and isinstance(part, int) and out):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
        try:
            node = node[part] if node is not None else None
        except (KeyError, IndexError, TypeError):
            node = None
    return out


def origin(prov: Provenance, loc: Loc, default: Path) -> tuple[Path, str]:
    """The file that set ``loc`` (or its nearest parent), and a note naming the override."""
    for n in range(len(loc), 0, -1):
        if loc[:n] in prov:
            where = prov[loc[:n]]
            note = f" (set by override '{where.override}')" if where.override else ""
            return where.file, note
    return default, ""


def _fields_at(root: type[BaseModel], loc: Loc) -> list[str]:
    """Names of the keys allowed in the mapping at ``loc`` (empty if not a model)."""
    node: Any = root
    for part in loc:
        if isinstance(node, type) and issubclass(node, BaseModel):
            if part not in node.model_fields:
                return []
            node = node.model_fields[part].annotation
        while True:
            kind, args = get_origin(node), get_args(node)
            if kind is Annotated:
                node = args[0]
            elif kind in (list, dict):
                node = args[-1]
                break
            elif args and type(None) in args:
                node = next(a for a in args if a is not type(None))
            else:
                break
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    return []


_NAMED_SETS = {
    frozenset(POLLUTANTS): "pollutant",
    frozenset(ZONES): "zone",
    frozenset(("air", "water", "livestock")): "guidance family",
}


def _sentence(root: type[BaseModel], err: Any, loc: Loc) -> str:
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        allowed = _fields_at(root, loc[:-1])
        return f"unknown key {excerpt(loc[-1])}" + (
            f"; expected one of: {', '.join(allowed)}" if allowed else ""
        )
    if kind == "missing":
        return f"required key {excerpt(loc[-1])} is missing"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "literal_error":
        expected = frozenset(re.findall(r"'([^']*)'", err["ctx"]["expected"]))
        what = _NAMED_SETS.get(expected, "value")
        return f"unknown {what} {excerpt(value)}; expected one of {err['ctx']['expected']}"
    if kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == r"^[0-9]{6}$":
        return f"expected a 6-digit unit code, got {excerpt(value)}"
    msg = err["msg"]
    return f"{msg[0].lower()}{msg[1:]}, got {excerpt(value)}"


def translate(
    exc: ValidationError,
    root: type[BaseModel],
    merged: dict[str, Any],
    prov: Provenance,
    path: Path,
) -> ScenarioError:
    """One ScenarioError for all of ``exc``: the first problem, then the others in brief."""
    parts: list[tuple[Path, str, str]] = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if p != "[key]")
        error = err.get("ctx", {}).get("error")
        if isinstance(error, KeyedValueError):
            loc = loc + error.key
        file, note = origin(prov, loc, path)
        parts.append((file, dotted(loc, merged), _sentence(root, err, loc) + note))
    file, key, message = parts[0]
    if len(parts) > 1:
        rest = "; ".join(f"{k}: {m}" for _, k, m in parts[1:4])
        more = "; ..." if len(parts) > 4 else ""
        message += f" (and {len(parts) - 1} more: {rest}{more})"
    return ScenarioError(file, message, key=key or None)


# ---------------------------------------------------------------- dataset references


class DatasetLike(Protocol):
    units: pd.DataFrame
    sectors: pd.DataFrame
    measures: pd.DataFrame
    targets: pd.DataFrame
    categories: pd.DataFrame


def check_against(scenario: Scenario, dataset: DatasetLike, file: str | Path | None = None) -> None:
    """Check the scenario's references into ``dataset``; raise ScenarioError on the first miss.

    The error names ``file`` if given, else the file that set the key, else the scenario's.
    """

    def fail(loc: Loc, message: str) -> None:
        where, note = origin(scenario._provenance, loc, scenario.source or Path("<scenario>"))
        raise ScenarioError(file or where, message + note, key=dotted(loc, scenario.model_dump()))

    sets = sorted(set(dataset.targets["target_set"]))
    if scenario.targets.set not in sets:
        fail(("targets", "set"), f"unknown target set '{scenario.targets.set}'; known: {sets}")
    codes = set(dataset.units["code"].astype(str))
    sectors = dataset.sectors.set_index("sector")
    for i, rule in enumerate(scenario.guidance.adapt_locally):
        for j, code in enumerate(rule.units or []):
            if code not in codes:
                fail(("guidance", "adapt_locally", i, "units", j), f"unknown unit code '{code}'")
        for j, sector in enumerate(rule.sectors):
            loc = ("guidance", "adapt_locally", i, "sectors", j)
            if sector not in sectors.index:
                fail(loc, f"unknown sector '{sector}'")
            if "medium" in sectors.columns and sectors.at[sector, "medium"] != rule.family:
                fail(
                    loc,
                    f"sector '{sector}' emits to {sectors.at[sector, 'medium']}, not {rule.family}",
                )
    measures = set(dataset.measures["measure"])
    for j, measure in enumerate(scenario.measures.disabled):
        if measure not in measures:
            fail(("measures", "disabled", j), f"unknown measure '{measure}'")
    for key in ("cost_scale", "potential_scale"):
        for measure in getattr(scenario.measures, key):
            if measure not in measures:
                fail(("measures", key, measure), f"unknown measure '{measure}'")
    cats = dataset.categories
    for family, bands in scenario.guidance.bands.items():
        known = set(cats.loc[cats["family"] == family, "category"])
        for cat in bands:
            if cat not in known:
                fail(
                    ("guidance", "bands", family, cat),
                    f"category '{cat}' is not in the dataset's {family} categories",
                )
