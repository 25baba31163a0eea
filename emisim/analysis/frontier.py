r"""The price of equity: a cost–equity frontier by the epsilon-constraint method.

Equity is the largest deviation :math:`z` of a band subject's cut rate from its category's
nominal rate (:mod:`emisim.model.alternatives`). Two end points:

* :math:`z_{\min}`: the most equitable plan (``objective.kind: equity``), and its cost;
* :math:`z_{\mathrm{lc}}`: the most equitable plan among least-cost ones.

Between them, for each :math:`\varepsilon`, the least cost with :math:`z \le \varepsilon`:

.. math::

    C(\varepsilon) = \min \mathrm{Cost}(y)\ \text{s.t. all constraints},\
    -\varepsilon \le \mathrm{cut}_b(y) - n_b \le \varepsilon\ \ \forall b

one warm re-solve per point, moving only the bound of one column :math:`z`. :math:`C` is
non-increasing in :math:`\varepsilon` (cost never falls as equity tightens).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from emisim.analysis.progress import ProgressFactory, counter
from emisim.analysis.ranges import solved
from emisim.model.alternatives import equity_rows
from emisim.model.errors import EmisimError
from emisim.model.params import Params
from emisim.solvers.highs import SolverOptions
from emisim.solvers.loaded import INF, LoadedLP


@dataclass(frozen=True)
class Frontier:
    scenario: str
    table: pd.DataFrame  # epsilon_pct, cost, extra_cost_pct, status
    z_min: float  # the most equitable plan's largest deviation (fraction)
    z_least_cost: float  # the most equitable least-cost plan's (fraction)
    least_cost: float


def _equity_column(lp: LoadedLP) -> int:
    """Add ``z`` and the rows ``|cut_b - n_b| <= z``; return z's column."""
    z = int(lp.add_cols(1)[0])
    for _key, nominal, terms, constant in equity_rows(lp.params):
        idx, val = lp.indices(terms)
        idx1, val1 = np.r_[idx, z], np.r_[val, -1.0]
        lp.add_row(-INF, nominal - constant, idx1, val1)  # cut - n <= z
        lp.add_row(nominal - constant, INF, idx1, np.r_[val, 1.0])  # cut - n >= -z
    return z


def _min_z(lp: LoadedLP, z: int) -> float:
    lp.set_objective(np.array([z], dtype=np.int32), np.ones(1))
    if not lp.run():
        raise EmisimError(f"scenario '{lp.params.scenario_name}': equity LP failed ({lp.status})")
    return lp.objective()


def cost_equity_frontier(
    p: Params,
    options: SolverOptions | None = None,
    *,
    points: int = 9,
    progress: ProgressFactory | None = None,
) -> Frontier:
    """The least cost at ``points`` equity levels from the most equitable plan to the
    most equitable least-cost plan (see the module docstring)."""
    if p.objective != "least_cost":
        raise EmisimError(
            f"scenario '{p.scenario_name}': the cost-equity frontier needs objective.kind "
            f"least_cost, not {p.objective}"
        )
    if not equity_rows(p):
        raise EmisimError(
            f"scenario '{p.scenario_name}': no band states a nominal rate, so equity "
            "(deviation from the category rates) is undefined"
        )
    lp = solved(p, options)
    least = lp.objective()
    z = _equity_column(lp)
    z_min = _min_z(lp, z)
    cost_row = lp.objective_row(least, 0.0)
    z_lc = _min_z(lp, z)
    lp.highs.deleteRows(1, np.array([cost_row], dtype=np.int32))
    lp.restore_objective()
    rows = []
    bar = counter(progress, "frontier", points)
    for eps in np.linspace(z_min, z_lc, points):
        bar.update()
        lp.highs.changeColBounds(z, 0.0, float(eps) * (1 + 1e-9) + 1e-12)
        ok = lp.run()
        cost = lp.objective() if ok else np.nan
        rows.append({"epsilon_pct": 100 * eps, "cost": cost, "status": lp.status})
    bar.close()
    table = pd.DataFrame(rows)
    table["extra_cost_pct"] = 100 * (table["cost"] / least - 1)
    return Frontier(p.scenario_name, table, z_min, z_lc, least)
