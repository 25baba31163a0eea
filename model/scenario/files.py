"""Scenario files: finding them, reading YAML strictly, and merging layers with provenance.

Only plain dicts here; :mod:`emisim.model.scenario` validates the merged result. Every
merged leaf remembers which file (and which override) set it, so that a validation error
can name the file the user has to edit.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from emisim.model.errors import ScenarioError

Loc = tuple[str | int, ...]
SUFFIXES = (".yaml", ".yml")
OVERRIDES_FILE = "overrides.yaml"


@dataclass(frozen=True)
class Origin:
    """Where a merged key came from: a file, and the override's name if it was one."""

    file: Path
    override: str | None = None


Provenance = dict[Loc, Origin]


def shipped_dir() -> Path:
    """The folder of the scenarios installed with emisim (package ``emisim.scenarios``)."""
    return Path(str(files("emisim.scenarios")))


#: Limits on a scenario file: real ones are a few kB and a few levels deep. Beyond them
#: a file is refused with one line, before PyYAML recurses (10,000 levels) or aliases
#: expand (a 'billion laughs' block) into something no message or merge can handle.
MAX_YAML_BYTES = 1_000_000
MAX_YAML_DEPTH = 50
MAX_YAML_VALUES = 100_000  # after expanding aliases


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys instead of silently keeping the last, and
    nesting deeper than :data:`MAX_YAML_DEPTH`."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_YAML_DEPTH} levels", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}' (line {line})", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
# YAML 1.1 reads 3.0e9 or 1e9 (no exponent sign) as strings; users mean numbers.
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def read_yaml(path: Path) -> dict[Any, Any]:
    """Read a YAML mapping; a missing file, bad syntax or a non-mapping is a ScenarioError."""
    if not path.is_file():
        raise ScenarioError(path, "scenario file does not exist")
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise ScenarioError(path, f"{size:,} bytes: a scenario file has at most {MAX_YAML_BYTES:,}")
    try:
        data = _load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise ScenarioError(path, f"YAML syntax error{where}: {problem}") from None
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:  # ValueError: a huge int
        text = " ".join(str(exc).split())
        raise ScenarioError(path, f"cannot read YAML: {text[:200]}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(
            path, f"expected a mapping of keys at top level, got {type(data).__name__}"
        )
    return data


def _load(text: str) -> Any:
    """Compose (depth-limited), check the size after aliases, then construct."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        values = _expanded(node, {})
        if values > MAX_YAML_VALUES:
            raise yaml.YAMLError(
                f"the document expands to {values:,} values (through aliases); "
                f"at most {MAX_YAML_VALUES:,}"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _expanded(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many values ``node`` stands for once every alias is expanded (memoised, so
    a shared subtree is counted as often as it is used but walked once)."""
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, yaml.SequenceNode):
        n = 1 + sum(_expanded(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        n = 1 + sum(_expanded(k, memo) + _expanded(v, memo) for k, v in node.value)
    else:
        n = 1
    memo[id(node)] = n
    return n


def search_path(search_dirs: Sequence[Path]) -> list[Path]:
    """Folders searched for a scenario name, in order."""
    return [*search_dirs, Path.cwd() / "scenarios", shipped_dir()]


def find_named(name: str, dirs: Sequence[Path]) -> Path | None:
    for folder in dirs:
        for suffix in SUFFIXES:
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate.resolve()
    return None


def resolve_ref(ref: str | Path, search_dirs: Sequence[Path]) -> Path:
    """A ``.yaml``/``.yml`` path as given, else a scenario name looked up on the search path."""
    path = Path(ref)
    if path.suffix in SUFFIXES:
        if not path.is_file():
            raise ScenarioError(path, "scenario file does not exist")
        return path.resolve()
    if str(ref) == Path(OVERRIDES_FILE).stem:
        raise ScenarioError(ref, "'overrides' holds named overrides, not a scenario")
    dirs = search_path(search_dirs)
    found = find_named(str(ref), dirs)
    if found is None:
        looked = ", ".join(dict.fromkeys(str(d.resolve()) for d in dirs))
        near = nearest_names(str(ref), dirs)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        raise ScenarioError(ref, f"no scenario named '{ref}'{hint} (looked in {looked})")
    return found


def nearest_names(name: str, dirs: Sequence[Path], n: int = 3) -> list[str]:
    """The scenario names on the search path closest to a mistyped one (difflib)."""
    import difflib

    known = {
        p.stem
        for d in dirs
        if d.is_dir()
        for p in d.iterdir()
        if p.suffix in SUFFIXES and p.name != OVERRIDES_FILE
    }
    return difflib.get_close_matches(name, sorted(known), n=n, cutoff=0.6)


def resolve_parent(name: str, child: Path, search_dirs: Sequence[Path]) -> Path:
    """The parent named by ``extends``: a path relative to the child, or a name searched
    in the child's folder first, then the usual search path."""
    if Path(name).suffix in SUFFIXES:
        path = child.parent / name
        if path.is_file():
            return path.resolve()
        raise ScenarioError(child, f"parent scenario file {path} does not exist", key="extends")
    found = find_named(name, [child.parent, *search_path(search_dirs)])
    if found is None:
        raise ScenarioError(child, f"unknown parent scenario '{name}'", key="extends")
    return found


def resolve_data(layer: dict[Any, Any], folder: Path) -> None:
    """Make a relative ``data`` path absolute against the folder of the file that set it."""
    data = layer.get("data")
    if isinstance(data, str) and data:
        path = Path(data).expanduser()
        layer["data"] = str(path if path.is_absolute() else (folder / path).resolve())


_NOT_IN_OVERRIDE = ("name", "description", "description_zh", "extends", "apply")


def read_override(name: str, scenario: Path, index: int) -> tuple[dict[Any, Any], Origin]:
    """The named override, from ``overrides.yaml`` beside ``scenario``, else the shipped one."""
    known: list[str] = []
    for folder in dict.fromkeys([scenario.parent, shipped_dir()]):
        path = folder / OVERRIDES_FILE
        if not path.is_file():
            continue
        table = read_yaml(path)
        if name in table:
            body = table[name]
            if body is None:
                body = {}
            if not isinstance(body, dict):
                raise ScenarioError(path, "an override must be a mapping of keys", key=name)
            for key in _NOT_IN_OVERRIDE:
                if key in body:
                    raise ScenarioError(
                        path, f"an override cannot set '{key}'", key=f"{name}.{key}"
                    )
            body = copy.deepcopy(body)
            resolve_data(body, folder)
            return body, Origin(path.resolve(), name)
        known += [str(k) for k in table]
    raise ScenarioError(
        scenario,
        f"unknown override '{name}'; known: {', '.join(sorted(set(known))) or 'none'}",
        key=f"apply[{index}]",
    )


def leaf_paths(node: Any, path: Loc = ()) -> list[Loc]:
    """Paths of the keys a layer sets (dicts are descended, anything else is a leaf)."""
    if isinstance(node, dict) and node:
        return [p for k, v in node.items() for p in leaf_paths(v, (*path, k))]
    return [path] if path else []


def check_conflicts(layers: Sequence[tuple[dict[Any, Any], Origin]], scenario: Path) -> None:
    """Two applied overrides may not set the same key (or one a key inside the other's)."""
    owner: dict[Loc, str] = {}
    for body, origin in layers:
        mine = leaf_paths(body)
        for path in mine:
            for other, name in owner.items():
                shorter = min(len(path), len(other))
                if path[:shorter] == other[:shorter] and name != origin.override:
                    key = ".".join(str(p) for p in (path if len(path) <= len(other) else other))
                    raise ScenarioError(
                        scenario,
                        f"overrides '{name}' and '{origin.override}' both set this key; "
                        "combine them into one override or set the key in the scenario",
                        key=key,
                    )
        owner.update(dict.fromkeys(mine, origin.override or ""))


def merge_into(
    base: dict[Any, Any], top: dict[Any, Any], prov: Provenance, origin: Origin, path: Loc = ()
) -> None:
    """Deep-merge ``top`` into ``base`` in place (lists and scalars replace), noting origins."""
    for key, value in top.items():
        here = (*path, key)
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge_into(base[key], value, prov, origin, here)
            continue
        base[key] = copy.deepcopy(value)
        for stale in [p for p in prov if p[: len(here)] == here]:
            del prov[stale]
        prov[here] = origin
