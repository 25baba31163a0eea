"""Is the budget the conflict? The least cost of the other requirements, in one LP.

A scenario with a budget (``objective.budget_yuan``, a ``max_reduction`` objective) is
infeasible when its other requirements (targets when enforced, category bands, dated
commitments, the coal ceiling, key projects, programme floors) cost more than the budget.
HiGHS says "infeasible" in well under a second, but naming the conflict by HiGHS's
irreducible infeasible subset took most of the 54 s a 1-yuan budget took from the
command line (issue 22), and the elastic diagnosis, whose slacks are relative to each
row's scale, blamed the coal ceiling: a 1-yuan budget relaxed to billions is a larger
relative shortfall than the ceiling's.

One LP answers instead: the scenario's least cost with the budget row left out (the same
rows and bounds; the objective is the cost the budget row limits). Where it is feasible,
its optimum :math:`C` is exactly the smallest budget at which the scenario is feasible
(its solution meets every other row and costs :math:`C`; nothing cheaper does), so a
budget below :math:`C` is the whole conflict and the message names the budget and
:math:`C`. Where that LP is infeasible too, the conflict lies in the other requirements
and the IIS is still needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from emisim.model.build import build_model
from emisim.model.i18n import N_, gettext
from emisim.model.params import Params
from emisim.model.vocabulary import LANGS
from emisim.model.wording import money
from emisim.solvers.highs import SolverOptions, solve
from emisim.solvers.iis import Iis

WORDS = {
    "short": N_(
        "the budget of {budget} (objective.budget_yuan) is below the least cost of meeting "
        "the scenario's other requirements, {need}: no allocation within the budget meets "
        "them; a budget of at least {need} does"
    ),
}
#: A least cost above the budget by less than this share is solver tolerance, not a
#: shortfall: the IIS is asked instead.
REL_TOL = 1e-7


@dataclass(frozen=True)
class BudgetShortfall:
    budget: float  # yuan, as the scenario states it
    least_cost: float  # yuan: the least cost of every other requirement
    #: The sentence in every language.
    sentences: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return self.sentences.get(lang, self.sentences.get("en", ""))

    def conflict(self) -> Iis:
        """The conflict as a result states it: the budget row against the least cost (an
        exact bound from one LP, not HiGHS's irreducible subset, so not marked
        irreducible)."""
        words = self.text("en")
        return Iis((("budget", None, words),), (), False, words, dict(self.sentences))


def budget_shortfall(p: Params, options: SolverOptions | None = None) -> BudgetShortfall | None:
    """The budget and the least cost of the other requirements, if the budget is what
    makes ``p`` infeasible; None without a budget, or where the other requirements
    conflict by themselves (or cost no more than the budget)."""
    if p.budget is None:
        return None
    res = solve(build_model(replace(p, budget=None, objective="least_cost")), options)
    if not res.ok or res.objective is None:
        return None
    need = float(res.objective)
    if need <= p.budget + REL_TOL * max(abs(need), 1.0):
        return None
    sentences = {
        lang: gettext(WORDS["short"], lang).format(
            budget=money(p.budget, lang), need=money(need, lang)
        )
        for lang in LANGS
    }
    return BudgetShortfall(p.budget, need, sentences)
