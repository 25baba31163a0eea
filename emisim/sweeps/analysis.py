"""Read a stored sweep back: distributions, tornado swings, Sobol / Morris indices, how
often each target and band binds, and the conclusions that hold in most runs.

Everything here is computed from the stored records alone (and the design they came
from), so a report can be re-made without solving anything. Sensitivity indices are
SALib's estimators on the design SALib drew; runs that failed leave their whole block
(Sobol) or trajectory (Morris) out, never a biased part of one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from emisim.model.vocabulary import POLLUTANTS
from emisim.results.prices import BANDS_HELD, PLAN_TARGET
from emisim.sweeps.design import problem
from emisim.sweeps.spec import Design, SweepSpec
from emisim.sweeps.storage import read_design, read_records

if TYPE_CHECKING:
    from emisim.reports.sweep_plots import SweepPlots

#: The outputs every report summarises (prices appear when a target has one).
OUTPUTS = ("total_cost_yuan", *(f"{BANDS_HELD}.{q}" for q in POLLUTANTS))
#: A tornado compares the runs in a parameter's lowest and highest fifth.
TAIL = 0.2


@dataclass(frozen=True)
class SweepData:
    """A stored sweep: its spec, parameter names, design and records."""

    folder: Path
    spec: SweepSpec
    names: tuple[str, ...]
    design: pd.DataFrame  # run_id, x.<name>
    records: pd.DataFrame  # one row per stored run
    unit_names: dict[str, str] = field(default_factory=dict)  # code -> English name
    pinned: tuple[str, ...] | None = None  # cut_pct columns the tie-break names (None: unknown)
    notes: tuple[str, ...] = ()  # damaged parts skipped, duplicates left out (storage.py)
    objective: str = ""  # the base scenario's objective kind ("" unknown: no guarantees)
    accounting: str = "lifetime"  # the base scenario's cost accounting (prices' unit)
    #: "unit_en", "unit_zh", "measure_en", "measure_zh": code -> name in the base data
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def optimal(self) -> pd.DataFrame:
        return self.records[self.records["status"] == "optimal"]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the sweep report: statuses, distributions, tornado, indices,
        binding, conclusions, statements, pinned."""
        ok = len(self.optimal) > 0
        return {
            "statuses": status_counts(self),
            "distributions": distributions(self),
            "tornado": tornado(self) if ok else pd.DataFrame(),
            "indices": indices(self),
            "binding": binding_shares(self),
            "conclusions": conclusions(self),
            "statements": statements(self) if ok else pd.DataFrame(),
            "pinned": pinned_table(self),
        }

    @property
    def plot(self) -> SweepPlots:
        """The report's charts of this sweep as matplotlib Figures: ``.distributions()``,
        ``.tornado()``, ``.indices()``, ``.binding()``; ``data.plot("zh")`` in Chinese.
        The charts live in the reports layer, imported lazily (tests/test_architecture.py)."""
        from emisim.reports.sweep_plots import SweepPlots  # lazy upward import

        return SweepPlots(self)

    def write_report(self, lang: str = "en") -> Path:
        """Write the sweep's report folder (``<folder>/report/``) and return its path."""
        from emisim.reports.sweep_report import write_sweep_report  # lazy upward import

        return write_sweep_report(self.folder, lang)

    def outputs(self) -> list[str]:
        """Outputs with at least two distinct values among the solved runs."""
        ok = self.optimal
        return [c for c in (*OUTPUTS, *plan_prices(ok)) if c in ok and ok[c].nunique() > 1]


def plan_prices(records: pd.DataFrame) -> list[str]:
    """The plan-target price columns some run has a value in."""
    cols = records.columns
    return [c for c in cols if c.startswith(f"{PLAN_TARGET}.") and records[c].notna().any()]


def load(folder: Path | str) -> SweepData:
    info, records = read_records(folder)
    spec = SweepSpec.model_validate(info["spec"])
    design = read_design(folder)
    base = info.get("base_scenario", {})
    names = _names(base.get("data"), base.get("dataset"))
    pinned = tuple(info["pinned"]) if "pinned" in info else None
    notes = tuple(records.attrs.get("notes", ()))
    objective = base.get("objective", {})
    return SweepData(
        Path(folder),
        spec,
        tuple(info["parameters"]),
        design,
        records,
        names.get("unit_en", {}),
        pinned,
        notes,
        objective.get("kind", ""),
        objective.get("accounting", "lifetime"),
        names,
    )


def _names(data: str | None, dataset: str | None = None) -> dict[str, dict[str, str]]:
    """District and measure names in English and Chinese, for the conclusions and labels
    (none, so codes are shown, if the data folder is gone)."""
    from emisim.model.data import load_dataset
    from emisim.model.data.period import dataset_folder
    from emisim.model.errors import EmisimError

    try:
        ds = load_dataset(dataset_folder(dataset) if dataset and not data else data)
    except (EmisimError, OSError, KeyError):
        return {}
    return {
        f"{what}_{lang}": dict(zip(frame[key], frame[f"name_{lang}"], strict=True))
        for what, frame, key in (("unit", ds.units, "code"), ("measure", ds.measures, "measure"))
        for lang in ("en", "zh")
    }


def status_counts(data: SweepData) -> pd.DataFrame:
    stored = data.records["status"].value_counts()
    out = stored.rename_axis("status").reset_index(name="runs")
    missing = len(data.design) - len(data.records)
    if missing:
        out.loc[len(out)] = ["not yet run", missing]
    return out


def distributions(data: SweepData) -> pd.DataFrame:
    """Quantiles of each output over the solved runs."""
    ok = data.optimal
    rows = []
    for col in data.outputs() or [c for c in OUTPUTS if c in ok]:
        v = ok[col].dropna()
        q = v.quantile([0.05, 0.25, 0.5, 0.75, 0.95]).to_numpy() if len(v) else [np.nan] * 5
        rows.append([col, len(v), v.mean(), v.std(), v.min(), *q, v.max()])
    cols = ["output", "runs", "mean", "std", "min", "p5", "p25", "median", "p75", "p95", "max"]
    return pd.DataFrame(rows, columns=cols)


def tornado(data: SweepData, output: str = "total_cost_yuan") -> pd.DataFrame:
    """Mean ``output`` in the runs where each parameter is in its lowest vs highest fifth
    (for a grid: at its lowest vs highest value), sorted by the swing between them; each
    mean and swing with a seeded bootstrap interval, and swings against a direction the
    model guarantees flagged (:func:`emisim.sweeps.confidence.tornado_table`)."""
    from emisim.sweeps.confidence import tornado_table

    ok = data.optimal
    groups = []
    for name in data.names:
        x = ok[f"x.{name}"]
        if x.nunique() < 2:
            continue
        if data.spec.design.kind == "grid":
            low, high = x == x.min(), x == x.max()
        else:
            low, high = x <= x.quantile(TAIL), x >= x.quantile(1 - TAIL)
        y = ok[output]
        groups.append((name, y[low].dropna().to_numpy(), y[high].dropna().to_numpy()))
    objective = data.objective
    return tornado_table(groups, output=output, objective=objective, seed=data.spec.design.seed)


def sensitivity(
    design: Design, names: tuple[str, ...], unit: np.ndarray, y: np.ndarray
) -> pd.DataFrame:
    """SALib's indices of one output: Sobol S1 and ST (with 95 % confidence half-widths)
    or Morris mu* and sigma. ``y`` is NaN where a run failed; the failed runs' blocks are
    left out. ``unit`` is the design in the unit cube, as drawn."""
    k = len(names)
    block = k + 2 if design.kind == "sobol" else k + 1
    y = np.asarray(y, dtype=float).reshape(-1, block)
    keep = ~np.isnan(y).any(axis=1)
    if keep.sum() < 2:
        return pd.DataFrame(columns=["parameter"])
    y = y[keep].ravel()
    if design.kind == "sobol":
        from SALib.analyze import sobol

        res = sobol.analyze(problem(names), y, calc_second_order=False, seed=design.seed)
        cols = ("S1", "S1_conf", "ST", "ST_conf")
    else:
        from SALib.analyze import morris

        x = unit.reshape(-1, block, k)[keep].reshape(-1, k)
        res = morris.analyze(problem(names), x, y, num_levels=design.levels, seed=design.seed)
        cols = ("mu_star", "mu_star_conf", "sigma")
    out = pd.DataFrame({c: np.asarray(res[c], dtype=float) for c in cols})
    out.insert(0, "parameter", list(names))
    return out.sort_values(cols[2] if design.kind == "sobol" else cols[0], ascending=False)


def indices(data: SweepData) -> pd.DataFrame:
    """Sensitivity indices of every output (empty unless the design is Sobol or Morris)."""
    design = data.spec.design
    if design.kind not in ("sobol", "morris"):
        return pd.DataFrame()
    from emisim.sweeps.design import unit_points

    unit = unit_points(design, data.names)
    runs = data.records.set_index("run_id").reindex(range(len(data.design)))
    ok = runs["status"] == "optimal"
    frames = []
    for output in data.outputs():
        y = runs[output].where(ok).to_numpy(dtype=float)
        frame = sensitivity(design, data.names, unit, y)
        frame.insert(0, "output", output)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def binding_shares(data: SweepData) -> pd.DataFrame:
    """Share of solved runs in which each target, the coal cap and each band family binds."""
    ok = data.optimal
    cols = [c for c in ok.columns if c.startswith("bind.")]
    share = (ok[cols] > 0).mean() if len(ok) else pd.Series(0.0, index=cols)
    out = share.rename_axis("requirement").reset_index(name="share_of_runs")
    mean = ok[cols].mean() if len(ok) else pd.Series(0.0, index=cols)
    out["mean_binding_count"] = mean.to_numpy()
    return out[[c not in _never_present(ok) for c in out["requirement"]]]


def _never_present(ok: pd.DataFrame) -> set[str]:
    """Band categories the base scenario does not use (never binding, never relevant)."""
    cols = [c for c in ok.columns if c.startswith("bind.band.")]
    return {c for c in cols if not (ok[c] > 0).any()} if len(ok) else set(cols)


def pinned_table(data: SweepData) -> pd.DataFrame:
    """Each district cut column and whether the stated tie-break pins it (``objective.
    tie_break``): pinned values are the rule's choice among equally cheap plans; the others
    are one such plan (the same whichever worker solved the run, not implied by the model)."""
    cols = [c for c in data.records.columns if c.startswith("cut_pct.")]
    pinned = set(data.pinned or ())
    rows = [(*c.split(".")[1:3], c in pinned if data.pinned is not None else None) for c in cols]
    return pd.DataFrame(rows, columns=["district", "pollutant", "pinned"])


def statements(data: SweepData) -> pd.DataFrame:
    """Candidate conclusions and the share of solved runs in which each holds: the
    statement in English, its ``kind`` and terms (``subject``: a pollutant or district
    code, ``pollutant``; ``pinned``: whether the tie-break pins a district's cut, None
    where not recorded or not a district's), for a report to word in its language."""
    ok = data.optimal
    rows = [("feasible: the plan's requirements can all be met", _share_all(data), "feasible")]
    for q in POLLUTANTS:
        if f"bind.target.{q}" in ok:
            share = (ok[f"bind.target.{q}"] > 0).mean()
            rows.append((f"the {q} target binds", share, "target_binds", "", q))
    rows.append(("the coal-share cap binds", (ok["bind.coal_cap"] > 0).mean(), "coal_binds"))
    held = {q: f"{BANDS_HELD}.{q}" for q in POLLUTANTS}
    priced = [q for q in POLLUTANTS if ok[held[q]].fillna(0).gt(0).mean() > 0]
    for a, b in itertools.permutations(priced, 2):
        dearer = (ok[held[a]] > ok[held[b]]).mean()
        rows.append((f"abating {a} costs more per tonne than {b}", dearer, "dearer", a, b))
    units = sorted({c.split(".")[1] for c in ok.columns if c.startswith("cut_pct.")})
    for d, q in itertools.product(units, POLLUTANTS):
        col = f"cut_pct.{d}.{q}"
        if col in ok and ok[col].notna().any():
            above = ok[col] > ok[f"city_cut_pct.{q}"] + 1e-9
            who = f"{data.unit_names[d]} ({d})" if d in data.unit_names else d
            pinned = None if data.pinned is None else col in data.pinned
            note = " (not pinned: one of several least-cost plans)" if pinned is False else ""
            text = f"{who} cuts {q} by more than the city rate{note}"
            rows.append((text, above.mean(), "above_city", d, q, pinned))
    cols = ["statement", "share_of_runs", "kind", "subject", "pollutant", "pinned"]
    padded = [(*r, "", "", None)[:5] + ((r[5],) if len(r) > 5 else (None,)) for r in rows]
    out = pd.DataFrame(padded, columns=cols).astype({"pinned": object})
    return out.dropna(subset=["share_of_runs"]).reset_index(drop=True)


def _share_all(data: SweepData) -> float:
    n = len(data.records)
    return float((data.records["status"] == "optimal").mean()) if n else float("nan")


def conclusions(data: SweepData) -> pd.DataFrame:
    """Statements that hold (``holds`` True) or fail (False: their negation holds) in at
    least the spec's threshold share of runs, with the statement's kind and terms."""
    s = statements(data)
    thr = data.spec.threshold
    held = s[s["share_of_runs"] >= thr].assign(conclusion=lambda f: f["statement"], holds=True)
    failed = s[s["share_of_runs"] <= 1 - thr].assign(
        conclusion=lambda f: "NOT: " + f["statement"], holds=False
    )
    cols = ["conclusion", "share_of_runs", "holds", "kind", "subject", "pollutant", "pinned"]
    return pd.concat([held, failed], ignore_index=True)[cols]
