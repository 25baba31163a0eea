"""What happened: a solved scenario's final year beside the official figures (``observed.csv``).

One row per indicator (each pollutant's city total, coal's share, primary energy, energy
intensity): the model's base-year and final-year values, recomputed from the run's own
output tables (``emissions``, ``coal_city``), beside the official figures of the same
years with their statistical basis, grade and source, the cut each implies, the plan's
requirement, and codes saying why model and reality differ (:data:`REASONS`; the reports
put them in words). No number here is tuned to agree: the table states the gap.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from emisim.model.data import Dataset
from emisim.model.errors import EmisimError
from emisim.model.params import Params

#: The pollutants the plan's total-control statistics cover (VOC has no official total).
POLLUTANTS = ("COD", "NH3N", "SO2", "NOX")
#: Why model and official figures differ; each code is set by a rule in :func:`_reasons`.
REASONS = (
    "rebased",  # the official figures of the two years are on different statistical bases
    "estimate",  # the official final-year figure is an estimate (graded derived)
    "exact",  # the least-cost model meets its requirement exactly and goes no further
    "side_effect",  # the model goes beyond its target: other requirements force it
    "went_further",  # reality went further than the model (a consistent-basis figure says so)
    "demand",  # the model's energy demand is above what happened
    "path",  # the model's energy follows GDP and the intensity target by construction
)
#: Relative tolerance for "exactly at the requirement".
EXACT = 1e-6


def _observed(ds: Dataset) -> pd.DataFrame:
    obs = ds.observed
    obs["key"] = obs["indicator"] + "|" + obs["subject"] + "|" + obs["scope"] + "|"
    obs["key"] += obs["year"].astype(str)
    return obs.set_index("key")


def _official(ds: Dataset, obs: pd.DataFrame, key: str) -> dict:
    """Value, basis, grade and source of one official figure (NaN and blanks if none)."""
    if key not in obs.index:
        return {"value": float("nan"), "basis": "", "grade": "", "source": ""}
    grade, source = ds.provenance_of("observed", "value", key)
    row = obs.loc[key]
    return {"value": float(row["value"]), "basis": row["basis"], "grade": grade, "source": source}


def _cut(base: float, final: float) -> float:
    return 1 - final / base if base == base and base > 0 else float("nan")


def _reasons(row: Mapping) -> str:
    """The codes of :data:`REASONS` that hold for one row, joined by ';'."""
    out = []
    if row["official_base_basis"] and row["official_basis"] != row["official_base_basis"]:
        out.append("rebased")
    if row["official_grade"] == "derived":
        out.append("estimate")
    model, target = row["model"], row["requirement"]
    if row["indicator"] in ("emissions", "intensity_cut"):
        model = row["model_cut"] if row["indicator"] == "emissions" else model
        if target == target:
            if abs(model - target) <= EXACT * max(1.0, abs(target)):
                out.append("exact")
            elif model > target:
                out.append("side_effect")
        benchmark = row["national_cut"] if row["indicator"] == "emissions" else row["official"]
        if benchmark == benchmark and benchmark > model + EXACT:
            out.append("went_further")
    elif row["indicator"] == "coal_share":
        if target == target and abs(model - target) <= EXACT:
            out.append("exact")
        if row["official"] < model - EXACT:
            out.append("went_further")
    elif row["indicator"] == "primary_energy" and row["official"] < model * (1 - EXACT):
        out.append("demand")
    if row["indicator"] in ("primary_energy", "intensity_cut"):
        out.append("path")
    return ";".join(out)


def _national(
    ds: Dataset, obs: pd.DataFrame, q: str, year: int, base_year: int
) -> dict[str, float]:
    """The nation's consistent-basis cut to the year before ``year`` (the last one the
    13th plan's review reported) and the census re-basing (2017 census / 2015 statistics)."""
    s = q.lower()
    census = _official(ds, obs, f"emissions|{s}|china|2017")["value"]
    before = _official(ds, obs, f"emissions|{s}|china|{base_year}")["value"]
    return {
        "national_cut": _official(ds, obs, f"emissions_cut|{s}|china|{year - 1}")["value"],
        "national_rebasing": census / before,
    }


def has_official(ds: Dataset, year: int) -> bool:
    """True if ``observed.csv`` has Chongqing's official figures for ``year``."""
    obs = ds.observed
    return bool((obs["scope"].eq("chongqing") & obs["year"].eq(year)).any())


def require_official(ds: Dataset, year: int) -> None:
    """EmisimError naming ``observed.csv`` unless it has Chongqing's figures for ``year``."""
    if not has_official(ds, year):
        years = ", ".join(map(str, sorted(set(ds.observed["year"])))) or "none"
        raise EmisimError(
            f"no official figures for {year} in {ds.path / 'observed.csv'}: the hindcast "
            f"compares a scenario's last year with them (years there: {years})"
        )


def hindcast(tables: Mapping[str, pd.DataFrame], p: Params, ds: Dataset) -> pd.DataFrame:
    """The hindcast table of a solved scenario (its ``tables``, ``params`` and dataset)."""
    year, base_year = p.final_year, ds.plan_period.base_year
    require_official(ds, year)
    obs = _observed(ds)
    em = tables["emissions"]
    em = em[em["year"] == year].groupby("pollutant")[["base_t", "emissions_t"]].sum()
    coal = tables["coal_city"].set_index("year").loc[year]
    gdp = ds.macro.set_index("year")["gdp_index"]
    energy0 = p.energy_path[base_year]
    nan = float("nan")
    specs = [
        {
            "indicator": "emissions",
            "subject": q,
            "unit": "t",
            "model_base": float(em.at[q, "base_t"]),
            "model": float(em.at[q, "emissions_t"]),
            "requirement": p.targets.get(q, nan),
            "base_key": f"emissions|{q.lower()}|chongqing|{base_year}",
            "key": f"emissions|{q.lower()}|chongqing|{year}",
            **_national(ds, obs, q, year, base_year),
        }
        for q in POLLUTANTS
    ]
    share_max = p.coal_share_max if p.coal_share_max is not None else nan
    energy = float(coal["primary_energy_ktce"])
    specs += [
        {
            "indicator": "coal_share",
            "subject": "coal",
            "unit": "share",
            "model_base": sum(p.coal0.values()) / energy0,
            "model": float(coal["coal_share"]),
            "requirement": share_max,
        },
        {
            "indicator": "primary_energy",
            "subject": "energy",
            "unit": "ktce",
            "model_base": energy0,
            "model": energy,
            "requirement": nan,
        },
        {
            "indicator": "intensity_cut",
            "subject": "energy",
            "unit": "share",
            "model_base": 0.0,
            "model": 1 - energy / energy0 / (float(gdp[year]) / float(gdp[base_year])),
            "requirement": nan,
        },
    ]
    rows = []
    for spec in specs:
        key = spec.pop("key", f"{spec['indicator']}|{spec['subject']}|chongqing|{year}")
        official_base = _official(ds, obs, spec.pop("base_key", ""))
        official = _official(ds, obs, key)
        rows.append(
            {
                "indicator": spec.pop("indicator"),
                "subject": spec.pop("subject"),
                "unit": spec.pop("unit"),
                "base_year": base_year,
                "year": year,
                "model_base": spec.pop("model_base"),
                "official_base": official_base["value"],
                "official_base_basis": official_base["basis"],
                "official_base_grade": official_base["grade"],
                "model": spec.pop("model"),
                "official": official["value"],
                "official_basis": official["basis"],
                "official_grade": official["grade"],
                "official_source": official["source"],
                "requirement": spec.pop("requirement"),
                "national_cut": spec.pop("national_cut", nan),
                "national_rebasing": spec.pop("national_rebasing", nan),
            }
        )
    out = pd.DataFrame(rows)
    emis = out["indicator"] == "emissions"
    out["model_cut"] = [
        _cut(b, f) if e else nan
        for b, f, e in zip(out["model_base"], out["model"], emis, strict=True)
    ]
    out["official_cut"] = [
        _cut(b, f) if e else nan
        for b, f, e in zip(out["official_base"], out["official"], emis, strict=True)
    ]
    out["reasons"] = [_reasons(r) for r in out.to_dict("records")]
    return out


def official_figures(ds: Dataset) -> pd.DataFrame:
    """Every row of ``observed.csv`` with its grade and source (``provenance.csv``)."""
    obs = _observed(ds)
    graded = [ds.provenance_of("observed", "value", k) for k in obs.index]
    obs["grade"] = [g for g, _s in graded]
    obs["source"] = [s for _g, s in graded]
    return obs.reset_index(drop=True)
