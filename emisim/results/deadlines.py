"""The plan's dated commitments in a solved scenario: required, in place, met, price.

``achieved`` is recomputed from deployment (units of the measure in place in the deadline
year in the subject), not read from the model. A deadline row binds when its dual is
non-zero; its price is what one more unit of the measure required by that year costs
(positive; unit by accounting, see docs/model.md "Prices").
"""

from __future__ import annotations

import pandas as pd

from emisim.model.params import Params
from emisim.model.requirements import DEADLINE
from emisim.solvers.highs import SolveResult

TOL = 1e-6
COLUMNS = [
    "deadline",
    "measure",
    "year",
    "subject",
    "name",
    "basis",
    "share",
    "mapping",
    "enforced",
    "required",
    "achieved",
    "met",
    "binding",
    "price",
    "unit",
    "note",
]


def deadlines_table(p: Params, y: dict, res: SolveResult) -> pd.DataFrame:
    duals = res.duals.get(DEADLINE.name, {})
    in_place: dict[tuple[str, str, int], float] = {}
    for (d, k, t), units in y.items():
        in_place[d, k, t] = units
    rows = []
    for dl in p.deadlines:
        units = [d for d, k in p.potential if k == dl.measure]
        where = units if dl.subject == "city" else [dl.subject]
        got = sum(in_place.get((d, dl.measure, dl.year), 0.0) for d in where)
        dual = duals.get(dl.key) if p.enforce_deadlines else None
        binding = dual is not None and abs(dual) > TOL
        rows.append(
            {
                "deadline": dl.deadline,
                "measure": dl.measure,
                "year": dl.year,
                "subject": dl.subject,
                "name": "city" if dl.subject == "city" else p.names.get(dl.subject, dl.subject),
                "basis": dl.basis,
                "share": dl.share,
                "mapping": dl.mapping,
                "enforced": p.enforce_deadlines,
                "required": dl.required,
                "achieved": got,
                "met": got >= dl.required - TOL * max(1.0, dl.required),
                "binding": binding,
                "price": dual * DEADLINE.price_factor(p, dl.key) if binding else 0.0,
                "unit": DEADLINE.price_unit(p),
                "note": "",
            }
        )
    for s in p.deadlines_skipped:
        rows.append(
            {"deadline": s.deadline, "measure": s.measure, "year": s.year, "subject": "city"}
            | {"name": "city", "enforced": False, "met": False, "binding": False}
            | {"note": f"not applied: {s.reason}"}
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def deadline_summary(table: pd.DataFrame) -> list[dict]:
    """One entry per deadline: rows met and binding, and the price range where it binds."""
    out = []
    for name, sub in table.groupby("deadline", sort=False):
        bind = sub[sub["binding"]]
        out.append(
            {
                "deadline": name,
                "measure": str(sub["measure"].iloc[0]),
                "year": int(sub["year"].iloc[0]),
                "enforced": bool(sub["enforced"].all()),
                "rows": len(sub),
                "met": int(sub["met"].sum()),
                "binding": len(bind),
                "price_min": float(bind["price"].min()) if len(bind) else 0.0,
                "price_max": float(bind["price"].max()) if len(bind) else 0.0,
                "unit": str(sub["unit"].iloc[0]),
                "note": str(sub["note"].iloc[0] or ""),
            }
        )
    return out
