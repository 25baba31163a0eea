"""District totals from statistics: the spatial split is built around them.

``inputs/district_totals.csv`` (code, pollutant, total_t, grade, source) holds a
district's 2015 total of a pollutant where a statistical or environmental bulletin, the
city yearbook, the pollution-source census or the district's own plan states it. The
derived baseline reproduces each such total (to the 6 significant digits the tables
keep): the district's non-point cells are scaled so that, with its point sources (coal
plants, the steel works, which stay as they are), they sum to the total; every other
district's non-point cells of the same sector are scaled so that each sector keeps its
city total. No figure was found for the default data (docs/data.md says where it was
searched), so the file holds its header only; an institute adds its own rows.
"""

from __future__ import annotations

from emisim.model.data.derive.csvio import sig
from emisim.model.data.derive.inputs import INPUTS, Inputs
from emisim.model.errors import DataError
from emisim.model.vocabulary import GRADES, POLLUTANTS

NAME = "district_totals"
Base = dict[tuple[str, str, str], float]


def read_totals(inp: Inputs) -> dict[tuple[str, str], float]:
    """(code, pollutant) -> t, each row checked (file, row and column named)."""
    file = inp.folder / INPUTS / f"{NAME}.csv"
    codes = {u["code"] for u in inp["unit_sources"]}
    out: dict[tuple[str, str], float] = {}
    for i, r in enumerate(inp[NAME], start=2):
        checks = (
            ("code", r["code"] in codes, "no such unit in inputs/unit_sources.csv"),
            ("pollutant", r["pollutant"] in POLLUTANTS, f"expected one of {POLLUTANTS}"),
            ("grade", r["grade"] in GRADES, f"expected one of {GRADES}"),
            ("source", len(r["source"].strip()) > 10, "name the document (title, issuer, year)"),
        )
        for column, ok, msg in checks:
            if not ok:
                raise DataError(file, msg, row=i, column=column)
        try:
            value = float(r["total_t"])
        except ValueError:
            raise DataError(file, "expected a number of tonnes", row=i, column="total_t") from None
        if not value >= 0:
            raise DataError(file, "expected tonnes >= 0", row=i, column="total_t")
        if (r["code"], r["pollutant"]) in out:
            raise DataError(file, "a second row for this unit and pollutant", row=i, column="code")
        out[(r["code"], r["pollutant"])] = value
    return out


def pin(base: Base, totals: dict[tuple[str, str], float], point_sectors: set[str]) -> Base:
    """``base`` with each given district total reproduced and every sector total kept."""
    if not totals:
        return base
    out = dict(base)
    for p in sorted({p for _, p in totals}):
        pinned = {c: t for (c, q), t in totals.items() if q == p}
        sector_total: dict[str, float] = {}
        for (_c, s, q), v in base.items():
            if q == p:
                sector_total[s] = sector_total.get(s, 0.0) + v
        for c, t in pinned.items():
            keys = [k for k in base if k[0] == c and k[2] == p]
            fixed = sum(base[k] for k in keys if k[1] in point_sectors)
            free = sum(base[k] for k in keys if k[1] not in point_sectors)
            if free <= 0 or t < fixed:
                raise ValueError(
                    f"inputs/{NAME}.csv: {c} {p} {t:.0f} t cannot be reached: its point "
                    f"sources emit {fixed:.0f} t and it has {free:.0f} t of other sources"
                )
            for k in keys:
                if k[1] not in point_sectors:
                    out[k] = base[k] * (t - fixed) / free
        for s, total in sector_total.items():
            if s in point_sectors:
                continue
            keys = [k for k in base if k[1] == s and k[2] == p]
            held = sum(out[k] for k in keys if k[0] in pinned)
            rest = sum(base[k] for k in keys if k[0] not in pinned)
            if total - held < 0 or (rest <= 0 < total - held):
                raise ValueError(
                    f"inputs/{NAME}.csv: the pinned {p} totals leave {total - held:.0f} t of "
                    f"{s} for the other units, which cannot carry it"
                )
            for k in keys:
                if k[0] not in pinned:
                    out[k] = base[k] * (total - held) / rest if rest > 0 else 0.0
    return {k: float(sig(v)) for k, v in out.items() if v > 0}
