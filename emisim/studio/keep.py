"""Keep and share: save a session's scenario as a YAML file that ``extends:`` its base and
holds only the changed keys (``<out>/studio/<name>.yaml``), and compare saved scenarios as
``emisim compare`` does (``<out>/compare/<name>/``). Names follow the output folder's rules,
so nothing is written outside the output folder.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import yaml

import emisim
from emisim.model.errors import ScenarioError
from emisim.model.scenario import shipped_scenarios
from emisim.model.scenario.checks import folder_name_problem
from emisim.reports import write_comparison
from emisim.studio.session import SOLVES, Session

FOLDER = "studio"


def saved_names(out: Path) -> list[str]:
    folder = Path(out) / FOLDER
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def _extends(s: Session, folder: Path) -> str:
    """How the saved file names its base: a shipped name, or a path relative to it."""
    if isinstance(s.ref, str) and s.ref in shipped_scenarios():
        return s.ref
    return os.path.relpath(Path(s.ref).resolve(), folder.resolve())


def save(s: Session, name: str, out: Path) -> Path:
    """Write ``<out>/studio/<name>.yaml``: name, description, ``extends`` and the keys
    this session changed, nothing else (so ``emisim run`` on it solves the same model)."""
    problem = folder_name_problem(name)
    if problem:
        raise ScenarioError("studio", f"scenario name {problem}", key="name")
    if name == s.base.name or name in shipped_scenarios():
        raise ScenarioError("studio", f"'{name}' names a shipped or the base scenario", key="name")
    folder = Path(out) / FOLDER
    path = folder / f"{name}.yaml"
    if s.ref not in shipped_scenarios() and path.resolve() == Path(s.ref).resolve():
        raise ScenarioError("studio", f"'{name}' is the base it would extend", key="name")
    folder.mkdir(parents=True, exist_ok=True)
    changed = ", ".join(f"{k} = {v}" for k, v in sorted(s.changes.items())) or "no change"
    doc = {
        "name": name,
        "description": f"{s.base.name} as changed in emisim studio: {changed}.",
        "description_zh": f"在 emisim studio 中修改的 {s.base.name}：{changed}。",
        "extends": _extends(s, folder),
        **s.own_keys(),
    }
    tmp = folder / f".{name}.yaml.tmp-{os.getpid()}"
    tmp.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    tmp.replace(path)
    return path


def compare_saved(
    names: Sequence[str], out: Path, lang: str, search_dirs: Sequence[Path] = ()
) -> Path:
    """Solve the named scenarios (shipped or saved here) and write the comparison report
    as ``emisim compare`` does; the folder it wrote."""
    if len(names) < 2:
        raise ScenarioError("studio", "pick at least two scenarios to compare", key="names")
    saved = set(saved_names(out))
    refs: list[str | Path] = []
    for n in names:
        if n in saved:
            refs.append(Path(out) / FOLDER / f"{n}.yaml")
        elif n in shipped_scenarios():
            refs.append(n)
        else:
            raise ScenarioError("studio", f"unknown scenario '{n}'", key="names")
    with SOLVES:
        results = [emisim.run(r, search_dirs=search_dirs, raise_on_infeasible=False) for r in refs]
    comp = emisim.compare(results, reference=results[0].name)
    return write_comparison(comp, out, lang=lang)
