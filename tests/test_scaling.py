"""Work that grows with the model, not with its square: counted, not timed.

Every dict and tuple of ``Params`` is replaced by a subclass that counts each read (a
look-up, a membership test, each element an iteration yields); the counts of building the
presented allocation's rows, every requirement's labels, the model (its rows assembled as
arrays included) and the result tables are compared on synthetic cases of two sizes. A
scan of the whole model per band (what made the presented allocation quadratic: 50
million look-ups at 400 units) grows with the square of the size; the test first shows
that the counter sees such a scan.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

from cases import synthetic_scenario
from synthetic import write_synthetic

from emisim import api
from emisim.model.assemble import build_params
from emisim.model.build import build_model, release
from emisim.model.forms import band_cut, nominal_rate
from emisim.model.params import Params
from emisim.model.requirements import FAMILIES
from emisim.solvers.engine import Engine
from emisim.solvers.loaded import wrap
from emisim.solvers.presented import deviation_rows

SIZES = (12, 48)  # units; the model grows ~4x between them


class Reads:
    n = 0


class CountingDict(dict):
    def __getitem__(self, k):
        Reads.n += 1
        return super().__getitem__(k)

    def get(self, k, default=None):
        Reads.n += 1
        return super().get(k, default)

    def __contains__(self, k):
        Reads.n += 1
        return super().__contains__(k)

    def _count(self, it):
        for x in it:
            Reads.n += 1
            yield x

    def __iter__(self):
        return self._count(super().__iter__())

    def items(self):
        return self._count(super().items())

    def keys(self):
        return self._count(super().keys())

    def values(self):
        return self._count(super().values())


class CountingTuple(tuple):
    def __iter__(self):
        for x in super().__iter__():
            Reads.n += 1
            yield x


def counting(p: Params) -> Params:
    """``p`` with every dict and tuple field counting its reads."""
    change = {}
    for f in dataclasses.fields(p):
        v = getattr(p, f.name)
        if isinstance(v, dict):
            change[f.name] = CountingDict(v)
        elif isinstance(v, tuple):
            change[f.name] = CountingTuple(v)
    return dataclasses.replace(p, **change)


def reads(fn) -> int:
    Reads.n = 0
    fn()
    return Reads.n


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Params, Engine]]:
    out = {}
    for units in SIZES:
        folder = write_synthetic(tmp_path_factory.mktemp(f"s{units}"), units=units)
        sc, ds = api.resolve(synthetic_scenario(folder))
        p = counting(build_params(ds, sc))
        out[units] = (p, Engine(p, api.solver_options(sc)))
    return out


def _size(engine: Engine) -> int:
    h = engine._highs
    return h.getNumRow() + h.getNumCol() + h.getNumNz()


def _growth(cases, work) -> tuple[float, float]:
    """(ratio of the work, ratio of the model's size) from the small case to the large."""
    small, large = (cases[n] for n in SIZES)
    w = [reads(lambda c=c: work(*c)) for c in (small, large)]
    assert w[0] > 0, "the counter saw no work: the instrument is broken"
    return w[1] / w[0], _size(large[1]) / _size(small[1])


def test_the_counter_sees_a_scan_per_band(cases) -> None:
    """The old form of ``band_cut`` (every potential scanned for each band) counts as
    quadratic: the test below could fail."""

    def scan_per_band(p: Params, _engine: Engine) -> None:
        for b in p.bands:
            for (_d, k), _u in p.potential.items():
                p.removal.get((k, b.pollutant))

    work, size = _growth(cases, scan_per_band)
    assert size > 3
    assert work > 2 * size


def test_presented_rows_grow_with_the_model(cases) -> None:
    def rows(_p: Params, engine: Engine) -> None:
        lp = wrap(engine)
        added, cols = deviation_rows(lp)
        assert len(added) == sum(nominal_rate(b) is not None for b in lp.params.bands)
        lp.highs.deleteRows(len(added), added)
        lp.highs.deleteVars(len(cols), cols)

    work, size = _growth(cases, rows)
    assert work < 1.5 * size, (work, size)


def test_band_forms_read_only_their_subject(cases) -> None:
    """One band's form reads about as much at 48 units as at 12."""
    small, large = (cases[n][0] for n in SIZES)

    def first_band(p: Params):
        b = next(b for b in p.bands if b.subject in p.units)
        return lambda: band_cut(p, b)

    for p in (small, large):
        assert p.potential_by_unit  # the index is built once per Params (linear), not per band
    per_band = [reads(first_band(p)) for p in (small, large)]
    assert per_band[1] < 2 * per_band[0], per_band


def test_requirement_labels_grow_with_the_model(cases) -> None:
    def labels(p: Params, _engine: Engine) -> None:
        for fam in FAMILIES.values():
            for key in fam.audit_keys(p):
                for lang in ("en", "zh"):
                    assert fam.describe(p, key, lang)

    work, size = _growth(cases, labels)
    assert work < 1.5 * size, (work, size)


def test_model_build_grows_with_the_model(cases) -> None:
    """The whole build, the rows assembled as arrays (``model/rows.py``) included."""

    def build(p: Params, _engine: Engine) -> None:
        m = build_model(p)
        assert m.array_rows
        release(m)

    work, size = _growth(cases, build)
    assert work < 1.5 * size, (work, size)


def test_result_tables_grow_with_the_model(cases) -> None:
    """Every result table, the requirements and their labels included, from one solve."""
    solved = {id(p): Engine(p).solve() for p, _engine in cases.values()}

    def tables(p: Params, _engine: Engine) -> None:
        assert len(api.collect_tables(p, solved[id(p)])["bands"]) == len(p.bands)

    work, size = _growth(cases, tables)
    assert work < 1.5 * size, (work, size)
