"""A stated reading of the plan's emitter words, off by default: 'big emitters emit more'.

Box 4 calls the air districts of the 'large' and 'medium' categories big emitters
(污染物排放量大) and the others small (排放量小); box 8 does the same for water. The
dataset does not use these words: its district split is a proxy split, and the
plan-consistency share (:mod:`emisim.model.data.consistency`) only checks it. A scenario
may state the reading instead (``guidance.emitter_weights``): every non-point sector of
the family (air: all air sectors but the coal plants and the steel works, whose sites are
known; water: industrial wastewater and urban and township sewage) has its district
shares multiplied by the weight in the big-emitter units and renormalised, so each
sector's city total is kept and emissions move towards the big emitters. The potentials
that follow a sector's emissions move with them. A weight of 1 (the default) changes
nothing. Reading the categories into the baseline makes the categories' bands partly
restate their own input: a sweep (``scenarios/sweeps/plan2020-emitter-reading.yaml``)
shows which conclusions change with it.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from emisim.model.data.dataset import Dataset
from emisim.model.errors import DataError

BIG = ("large", "medium")
#: proxy kinds of point sources, whose place is known and never re-weighted
POINT_PROXIES = ("power_plants", "sites")


def _inputs(ds: Dataset, name: str) -> list[dict[str, str]]:
    file = ds.path / "inputs" / f"{name}.csv"
    if not file.is_file():
        raise DataError(file, "the emitter-weight reading needs the dataset's authored inputs")
    with file.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def emitter_weighted(ds: Dataset, weights: Mapping[str, float]) -> Dataset:
    """``ds`` with the baseline and potentials of each family's non-point sectors moved
    towards its big-emitter units by ``weights[family]`` (1: unchanged)."""
    active = {f: float(w) for f, w in weights.items() if float(w) != 1.0}
    if not active:
        return ds
    point = {r["sector"] for r in _inputs(ds, "sector_proxies") if r["proxy"] in POINT_PROXIES}
    family_of = dict(zip(ds.sectors["sector"], ds.sectors["family"], strict=True))
    g = ds.guidance
    factor: dict[tuple[str, str, str], float] = {}
    base = ds.baseline.copy()
    for family, w in active.items():
        big = set(g.loc[(g["family"] == family) & g["category"].isin(BIG), "subject"])
        scope = base["sector"].map(family_of).eq(family) & ~base["sector"].isin(point)
        raw = base.loc[scope, "emissions_t"] * base.loc[scope, "code"].isin(big).map({True: w})
        raw = raw.fillna(base.loc[scope, "emissions_t"])
        keys = [base.loc[scope, "sector"], base.loc[scope, "pollutant"]]
        scale = base.loc[scope, "emissions_t"].groupby(keys).transform("sum") / raw.groupby(
            keys
        ).transform("sum")
        new = raw * scale
        ratio = new / base.loc[scope, "emissions_t"]
        for (c, s, p), f in zip(
            base.loc[scope, ["code", "sector", "pollutant"]].itertuples(index=False),
            ratio,
            strict=True,
        ):
            factor[(c, s, p)] = float(f)
        base.loc[scope, "emissions_t"] = new
    cards = {r["measure"]: r for r in _inputs(ds, "measure_cards")}
    pots = ds.potentials.copy()
    scaled = []
    for c, m, v in pots[["code", "measure", "potential"]].itertuples(index=False):
        card = cards.get(m)
        if card is None or card["potential_rule"] != "emissions":
            scaled.append(v)
            continue
        scaled.append(v * factor.get((c, card["sector"], card["main_pollutant"]), 1.0))
    pots["potential"] = pd.Series(scaled, index=pots.index, dtype=float)
    tables = {**ds._tables, "baseline": base, "potentials": pots}
    return replace(ds, _tables=tables, _cache={})
