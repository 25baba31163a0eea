"""The sweep spec: a base scenario, the parameters to vary by dotted path, and a design.

A spec is YAML, validated by a strict pydantic schema. Parameters name either a key of the
merged scenario (``targets.overrides.SO2``, ``guidance.bands.air.large.lower``,
``growth.multiplier``, ``coal.share_max``, ``economics.discount_rate``) or a measure's
data (``cost.<measure>``, ``removal.<measure>.<pollutant>``, ``potential.<measure>``);
``*`` matches several (one parameter each, or one shared factor with ``together``).
``relative: true`` makes the drawn value a multiple of the base value. The spec's hash
(with the merged base scenario and the dataset's file hashes) keys its stored runs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from emisim.model.errors import SweepError

Finite = Annotated[float, Field(allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Distribution(_Strict):
    """A stated distribution; sampled through its quantile function (so every design can
    draw from it: Monte Carlo, Latin hypercube, Sobol and Morris all sample the unit cube)."""

    kind: Literal["uniform", "normal", "triangular", "loguniform"]
    low: Finite | None = None
    high: Finite | None = None
    mode: Finite | None = None
    mean: Finite | None = None
    sd: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        need = {
            "uniform": ("low", "high"),
            "loguniform": ("low", "high"),
            "triangular": ("low", "mode", "high"),
            "normal": ("mean", "sd"),
        }[self.kind]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a {self.kind} distribution needs {', '.join(missing)}")
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(f"low {self.low} must be below high {self.high}")
        if self.kind == "loguniform" and self.low is not None and self.low <= 0:
            raise ValueError("a loguniform distribution needs low > 0")
        if self.kind == "triangular" and not self.low <= self.mode <= self.high:  # type: ignore[operator]
            raise ValueError(f"mode {self.mode} must lie in [{self.low}, {self.high}]")
        return self

    def frozen(self):
        """The scipy.stats distribution."""
        from scipy import stats  # only where values are drawn: workers need not import it

        if self.kind == "uniform":
            return stats.uniform(loc=self.low, scale=self.high - self.low)  # type: ignore[operator]
        if self.kind == "loguniform":
            return stats.loguniform(self.low, self.high)
        if self.kind == "triangular":
            width = self.high - self.low  # type: ignore[operator]
            return stats.triang(c=(self.mode - self.low) / width, loc=self.low, scale=width)  # type: ignore[operator]
        return stats.norm(loc=self.mean, scale=self.sd)


class Parameter(_Strict):
    """One varied input: a dotted path, and grid values or a distribution."""

    path: Annotated[str, Field(min_length=1)]
    relative: bool = False  # the value multiplies the base value
    together: bool = False  # a '*' path: one shared value for every match
    values: Annotated[list[Finite], Field(min_length=1)] | None = None
    distribution: Distribution | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.values is None) == (self.distribution is None):
            raise ValueError("give exactly one of 'values' (grid) or 'distribution'")
        return self


class Design(_Strict):
    """How the runs are chosen. ``samples``: Monte Carlo runs, Sobol base samples N
    (N x (k + 2) runs, a power of 2), or Morris trajectories (r x (k + 1) runs)."""

    kind: Literal["grid", "monte_carlo", "sobol", "morris"]
    samples: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    seed: int = 0
    sampler: Literal["random", "latin_hypercube"] = "random"  # Monte Carlo only
    levels: Annotated[int, Field(ge=2, le=20)] = 4  # Morris only

    @model_validator(mode="after")
    def _samples(self) -> Self:
        if self.kind != "grid" and self.samples is None:
            raise ValueError(f"a {self.kind} design needs 'samples'")
        if self.kind == "sobol" and self.samples & (self.samples - 1):  # type: ignore[operator]
            raise ValueError(f"Sobol samples must be a power of 2, not {self.samples}")
        return self


class SweepSpec(_Strict):
    """A validated sweep spec. ``base`` is a scenario name or a path (relative to the spec)."""

    name: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    description: Annotated[str, Field(min_length=1)]
    base: Annotated[str, Field(min_length=1)]
    design: Design
    parameters: Annotated[list[Parameter], Field(min_length=1)]
    time_limit_s: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    threshold: Annotated[float, Field(gt=0.5, le=1)] = 0.9  # "holds in >= 90 % of runs"

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        grid = self.design.kind == "grid"
        seen: set[str] = set()
        for i, par in enumerate(self.parameters):
            if grid != (par.values is not None):
                need = "'values'" if grid else "a 'distribution'"
                raise ValueError(f"parameters[{i}] ({par.path}): a {self.design.kind} needs {need}")
            if par.path in seen:
                raise ValueError(f"parameters[{i}]: '{par.path}' is varied twice")
            seen.add(par.path)
        return self


def shipped_specs() -> dict[str, Path]:
    """The sweep specs shipped with emisim (``scenarios/sweeps/``), by name."""
    from emisim.model.scenario.files import shipped_dir

    return {p.stem: p for p in sorted((shipped_dir() / "sweeps").glob("*.yaml"))}


def load_spec(path: str | Path) -> tuple[SweepSpec, Path]:
    """Read and validate a spec file (or a shipped spec's name); returns it with the
    folder its paths are relative to."""
    path = Path(path)
    if not path.exists() and str(path) in shipped_specs():
        path = shipped_specs()[str(path)]
    if not path.is_file():
        import difflib

        known = ", ".join(shipped_specs())
        near = difflib.get_close_matches(path.stem, list(shipped_specs()), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        raise SweepError(f"{path}: no such spec file{hint} (shipped specs: {known})")
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise SweepError(f"{path}: not valid YAML: {exc}".splitlines()[0]) from None
    if not isinstance(raw, dict):
        raise SweepError(f"{path}: expected a mapping of spec keys")
    raw.setdefault("name", path.stem)
    return parse_spec(raw, path), path.parent


def parse_spec(raw: dict, source: str | Path = "<spec>") -> SweepSpec:
    """Validate a spec given as a dict; the first problem becomes one line naming the key."""
    try:
        return SweepSpec.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise SweepError(f"{source}, key '{key}': {err['msg']}") from None


def spec_hash(spec: SweepSpec, base: dict, dataset_hashes: dict[str, str]) -> str:
    """What the stored runs depend on: the spec (name and description aside), the merged
    base scenario and the dataset's files. Any change gives a new hash."""
    payload = {
        "spec": spec.model_dump(mode="json", exclude={"name", "description", "threshold"}),
        "base": base,
        "data": dict(sorted(dataset_hashes.items())),
    }
    text = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
