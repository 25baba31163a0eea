"""Which question a scenario's cost answers (issue 21): read from the scenario's settings,
so that a run never lets its cost be quoted as the cost of something else (plan2020's is
the cost of meeting the targets, not of the plan's programme; plan-fixed's is the
programme's)."""

from __future__ import annotations

from emisim.model.scenario import Scenario

#: What a measure's programme quantity means, per ``measures.programme``: (en, zh).
_PROGRAMME = {
    "upper": (
        "the plan's programme quantities are ceilings, not commitments (a measure may be "
        "built less), so this is the cost of meeting the requirements, not of the plan's "
        "programme as written (measures.programme: fixed, e.g. plan-fixed, prices that)",
        "规划工程量只作为上限、不是承诺（措施可以少建），因此这是满足各项约束的成本，"
        "不是按规划原文实施工程的成本（按原文实施的成本见 measures.programme: fixed，"
        "如 plan-fixed）",
    ),
    "fixed": (
        "the plan's programme is built at exactly its stated quantities, so this is the "
        "cost of the programme as written, plus what the requirements add at least cost",
        "规划工程按原文工程量实施，因此这是按规划原文实施工程的成本，加上满足各项约束所需的最低追加成本",
    ),
    "ignore": (
        "the plan's programme quantities are ignored, so this is the cost of meeting the "
        "requirements with any measures, not of the plan's programme",
        "不考虑规划工程量，因此这是以任意措施满足各项约束的成本，不是规划工程的成本",
    ),
}

#: What is required, per ``targets.enforce``: (en, zh).
_TARGETS = {
    True: ("the city targets are required", "全市减排目标为硬约束"),
    False: (
        "the city targets are audited, not required (the compliance table says which are met)",
        "全市减排目标只核查、不强制（达标情况表说明哪些目标已完成）",
    ),
}

#: What is required where the period counts key-project tonnes (the 14th FYP): (en, zh).
_KEY_PROJECTS = (
    "the key-project tonnes (removed by measures built in the period) are required",
    "重点工程减排量（规划期内新建措施形成的减排量）为硬约束",
)

#: The objective's kind: what the cost is of (en, zh).
_OBJECTIVE = {
    "least_cost": ("Its cost is a least cost:", "其成本是最低成本："),
    "max_reduction": (
        "Its cost is the budget spent on the largest reduction, not a least cost;",
        "其成本是用于最大减排量的预算支出，不是最低成本；",
    ),
    "equity": (
        "Its cost is that of the most even allocation, not a least cost;",
        "其成本是最均衡分配方案的成本，不是最低成本；",
    ),
    "gini": (
        "Its cost is that of the allocation with the least Gini, not a least cost;",
        "其成本是基尼系数最小的分配方案的成本，不是最低成本；",
    ),
    "max_technical": (
        "Its cost is that of every measure at its full potential, not a least cost;",
        "其成本是所有措施按全部潜力实施的成本，不是最低成本；",
    ),
}


def cost_question(sc: Scenario) -> dict[str, str]:
    """``cost_answers`` and ``cost_answers_zh``: one sentence on what the scenario's cost
    is the cost of, from its objective, ``targets.enforce`` and ``measures.programme``."""
    obj_en, obj_zh = _OBJECTIVE[sc.objective.kind]
    tgt_en, tgt_zh = _TARGETS[bool(sc.targets.enforce)]
    if sc.period.mechanism == "key_project_tonnes":  # the period's targets are tonnes
        tgt_en, tgt_zh = _KEY_PROJECTS
    prog_en, prog_zh = _PROGRAMME[sc.measures.programme]
    return {
        "cost_answers": f"{obj_en} {tgt_en}; {prog_en}.",
        "cost_answers_zh": f"{obj_zh}{tgt_zh}；{prog_zh}。",
    }
