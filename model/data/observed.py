"""The meaning check of ``observed.csv``, the official figures ``emisim hindcast`` reads:
each indicator in its unit, naming a subject it has, a share at most 1."""

from __future__ import annotations

from emisim.model.data.checks import Frames, Problems
from emisim.model.vocabulary import POLLUTANTS

#: The unit of each indicator of observed.csv, and the subjects it may name.
OBSERVED_UNITS = {
    "emissions": "t",
    "emissions_cut": "share",
    "coal_share": "share",
    "primary_energy": "ktce",
    "intensity_cut": "share",
}
OBSERVED_SUBJECTS = {
    "emissions": tuple(q.lower() for q in POLLUTANTS),
    "emissions_cut": tuple(q.lower() for q in POLLUTANTS),
    "coal_share": ("coal",),
    "primary_energy": ("energy",),
    "intensity_cut": ("energy", "co2"),
}


def check_observed(p: Problems, frames: Frames) -> None:
    """An official figure is in its indicator's unit, names a subject the indicator has,
    and a share is at most 1."""
    o = frames["observed"]
    for i, r in enumerate(o.itertuples(index=False)):
        unit, subjects = OBSERVED_UNITS[r.indicator], OBSERVED_SUBJECTS[r.indicator]
        if r.unit != unit:
            msg = f"{r.indicator} is in {unit}, not {r.unit}"
            p.error("observed", msg, frame=o, i=i, column="unit")
        elif r.subject not in subjects:
            msg = f"{r.indicator}: subject {r.subject!r} is not one of {', '.join(subjects)}"
            p.error("observed", msg, frame=o, i=i, column="subject")
        elif unit == "share" and r.value > 1:
            msg = f"a share is at most 1 (got {r.value:g}; a percentage? write 0.443 for 44.3 %)"
            p.error("observed", msg, frame=o, i=i, column="value")
