"""A released model is freed at once by reference counting, not by the cyclic collector.

The engine keeps no Pyomo model once HiGHS has the LP (``Engine._load`` calls
``release``). Left to itself, a built model is a web of cycles (a scalar component holds
itself, rules close over the model) that only a full pass of the cyclic collector frees:
0.3-0.4 s at 400 synthetic units. With the collector off, the released model's variables,
rows and objective are gone as soon as the last name goes; without ``release`` they are not
(the test can fail).
"""

from __future__ import annotations

import gc
import weakref

from emisim.api import resolve
from emisim.model.assemble import build_params
from emisim.model.build import build_model, release


def _refs(make_scenario) -> tuple:
    sc, ds = resolve(make_scenario(objective={"budget_yuan": 1e12}))
    m = build_model(build_params(ds, sc))
    return m, [weakref.ref(c) for c in (m.y, m.obj, m.total_cost, m.budget)]


def test_released_model_is_freed_without_the_collector(make_scenario):
    gc.collect()
    gc.disable()
    try:
        m, refs = _refs(make_scenario)
        release(m)
        del m
        assert [r() for r in refs] == [None] * len(refs)
        m, refs = _refs(make_scenario)
        del m  # not released: kept alive by its cycles until the collector runs
        assert all(r() is not None for r in refs)
    finally:
        gc.enable()
    gc.collect()
    assert [r() for r in refs] == [None] * len(refs)
