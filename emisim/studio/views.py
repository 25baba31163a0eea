"""What the studio's fragments show, computed from a session: prices, cost headlines,
binding requirements, the map of cut rates, who cuts what and the line on what changed.
Every English string goes through the reports' catalogue (``_``), so ``lang=zh`` leaves no
English in the page.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from typing import Any

import pandas as pd

from emisim.model.requirements import row_label
from emisim.reports.i18n import Translator, translator
from emisim.reports.lang import unit_names
from emisim.studio.controls import Control
from emisim.studio.session import Quick, Session

#: Sequential colours of the cut-rate map (light to dark) and their lower edges in %.
COLOURS = ("#fff5eb", "#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603", "#7f2704")
EDGES = (0.0, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0)
NEGATIVE = "#9ecae1"  # emissions above the base year
NO_DATA = "#dddddd"
WANSHENG = "500199"  # no outline of its own in the source polygons (part of Qijiang's)
#: A price or cost moves "visibly" from this relative change; a district from this many pp.
PRICE_STEP, CUT_STEP = 0.005, 0.5


@functools.cache
def counties() -> dict[str, Any]:
    text = resources.files("emisim.studio").joinpath("static", "counties.json").read_text("utf-8")
    return json.loads(text)


def colour(cut: float | None) -> str:
    if cut is None or math.isnan(cut):
        return NO_DATA
    if cut < 0:
        return NEGATIVE
    return next(c for c, e in zip(reversed(COLOURS), reversed(EDGES), strict=True) if cut >= e)


def money(_: Translator, yuan: float | None) -> str:
    if yuan is None:
        return "–"
    if _.zh:
        return _("{x} 100 million yuan").format(x=f"{yuan / 1e8:,.1f}")
    return _("{x} bn yuan").format(x=f"{yuan / 1e9:,.2f}")


def price(_: Translator, value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f} %"


def names(session: Session, lang: str) -> dict[str, str]:
    return unit_names(session.dataset.units, lang)


def price_rows(session: Session, q: Quick, _: Translator) -> list[dict[str, Any]]:
    rows = []
    for pol, held in q.bands_held.items():
        rows.append(
            {
                "pollutant": pol,
                "label": _.pollutant(pol),
                "target": session.engine.params.targets.get(pol),
                "cut": q.city_cut.get(pol),
                "held": held,
                "plan": q.plan_target.get(pol),
            }
        )
    return rows


def _relative(new: float | None, old: float | None) -> float | None:
    if new is None or old is None or abs(old) < 1e-9:
        return None
    return new / old - 1


def price_changes(session: Session, q: Quick, _: Translator) -> list[str]:
    """'NOx price +18 %' for each pollutant whose city-target price moved, and the cost."""
    base = session.base_quick
    out = []
    if not (q.ok and base.ok):
        return out
    for pol, row in q.plan_target.items():
        old = base.plan_target.get(pol, 0.0)
        label = _.pollutant(pol)
        if abs(old) < 1e-6 and abs(row) >= 1e-6:
            out.append(_("{p} price now {x} (was 0)").format(p=label, x=price(_, row)))
        elif abs(old) >= 1e-6 and abs(row / old - 1) >= PRICE_STEP:
            out.append(_("{p} price {x}").format(p=label, x=f"{100 * (row / old - 1):+.0f} %"))
    rel = _relative(q.objective, base.objective)
    if rel is not None and abs(rel) >= 1e-4:
        out.append(_("least cost {x}").format(x=f"{100 * rel:+.1f} %"))
    return out


def cut_changes(session: Session, lang: str, top: int = 3) -> list[str]:
    """'Fuling now cuts 21 % of NOx instead of 16 %': the districts whose presented cut
    moved most against the base scenario's."""
    _ = translator(lang)
    now, base = session.result(), session.base_full()
    if not now.tables or not base.tables:
        return []
    a = now.allocation.set_index(["code", "pollutant"])["cut_pct"]
    b = base.allocation.set_index(["code", "pollutant"])["cut_pct"]
    diff = (a - b).dropna()
    diff = diff[diff.abs() >= CUT_STEP]
    order = diff.abs().sort_values(ascending=False, kind="stable").index[:top]
    who = names(session, lang)
    return [
        _("{d} now cuts {new} of {p} instead of {old}").format(
            d=who[code],
            new=percent(a[code, pol], 0),
            p=_.pollutant(pol),
            old=percent(b[code, pol], 0),
        )
        for code, pol in order
    ]


def binding_families(q: Quick, lang: str) -> list[str]:
    return [row_label(f, lang) for f in q.binding]


def binding_list(session: Session, lang: str, top: int = 12) -> tuple[list[str], int]:
    """Binding requirements in the plan's words (city-wide first), and how many bind."""
    res = session.result()
    if not res.tables:
        return [], 0
    req = res.requirements
    hot = req[(req["binding"] != "") & req["enforced"]]
    order = hot.assign(city=hot["subject"] != "city").sort_values(["city", "family"], kind="stable")
    col = "label_zh" if lang == "zh" else "label_en"
    return order[col].astype(str).head(top).tolist(), len(hot)


def headlines(session: Session, _: Translator) -> list[tuple[str, str]]:
    s = session.result().summary
    if "total_cost_yuan" not in s:
        return []
    base = session.base_full().summary
    out = []
    for key, label in (
        ("total_cost_yuan", _("Least cost (present value)")),
        ("capital_outlay_yuan", _("Capital outlay")),
        ("annual_cost_final_year_yuan", _("Annual cost in the final year")),
    ):
        text = money(_, s[key])
        if key in base and abs(s[key] - base[key]) > 1e-6 * abs(base[key]):
            text += " (" + _("base") + " " + money(_, base[key]) + ")"
        out.append((label, text))
    if s.get("coal_share_final") is not None:
        out.append(
            (_("Coal share of primary energy, final year"), percent(100 * s["coal_share_final"]))
        )
    return out


def map_view(session: Session, pollutant: str, lang: str) -> dict[str, Any]:
    """The districts of the map: outline, colour, label position, name and cut rate."""
    geo = counties()
    alloc = session.result().allocation
    cut = alloc[alloc["pollutant"] == pollutant].set_index("code")["cut_pct"]
    who = names(session, lang)
    spans = _spans(session, pollutant)
    shapes = []
    for code, path in geo["paths"].items():
        value = cut.get(code)
        shape = _shape(code, who.get(code, code), value, path, geo["labels"][code])
        shapes.append({**shape, "range": spans.get(code, "")})
    w = cut.get(WANSHENG)
    extra = (
        _shape(WANSHENG, who.get(WANSHENG, WANSHENG), w, "", [0, 0]) if WANSHENG in who else None
    )
    legend = [(c, f"≥ {e:g} %") for c, e in zip(COLOURS, EDGES, strict=True)]
    return {
        "width": geo["width"],
        "height": geo["height"],
        "shapes": shapes,
        "wansheng": extra,
        "legend": legend,
        "pollutant": pollutant,
    }


def _spans(session: Session, pollutant: str) -> dict[str, str]:
    """Each district's range within 1 % of the least cost, as text, once computed."""
    rng = session.ranges_done
    if rng is None:
        return {}
    t = rng.table
    t = t[(t["pollutant"] == pollutant) & (t["epsilon"] == 0.01)]
    return {
        code: f"{lo:.1f} – {hi:.1f} %"
        for code, lo, hi in zip(t["code"], t["min_pct"], t["max_pct"], strict=True)
    }


def _shape(code: str, name: str, value: Any, path: str, at: list[float]) -> dict[str, Any]:
    ok = value is not None and not pd.isna(value)
    return {
        "code": code,
        "name": name,
        "cut": f"{value:.1f}" if ok else "",
        "fill": colour(float(value)) if ok else NO_DATA,
        "d": path,
        "x": at[0],
        "y": at[1],
    }


def who_cuts_what(session: Session, pollutant: str, lang: str) -> list[dict[str, Any]]:
    """Each district's presented cut of ``pollutant``, its band and (when computed) its
    near-optimal range within 1 % of the least cost, and whether it is pinned there and at
    exactly the least cost."""
    _ = translator(lang)
    alloc = session.result().allocation
    rows = alloc[alloc["pollutant"] == pollutant]
    who = names(session, lang)
    rng = session.ranges_done
    span = exact = None
    if rng is not None:
        t = rng.table[rng.table["pollutant"] == pollutant]
        span = t[t["epsilon"] == 0.01].set_index("code")[["min_pct", "max_pct"]]
        exact = t[t["epsilon"] == 0.0].set_index("code")["pinned"]
    out = []
    for r in rows.itertuples():
        band = ""
        if isinstance(r.category, str) and isinstance(r.family, str):
            band = _.category(r.family, r.category)
        lo = "" if pd.isna(r.lower_pct) else f"{r.lower_pct:.1f}"
        hi = "" if pd.isna(r.upper_pct) else f"{r.upper_pct:.1f}"
        item = {"code": r.code, "name": who[r.code], "cut": percent(r.cut_pct), "band": band}
        item["bounds"] = f"{lo or '0'} – {hi or '∞'} %" if band else ""
        if span is not None and r.code in span.index:
            lo_r, hi_r = span.loc[r.code]
            item["range"] = f"{lo_r:.1f} – {hi_r:.1f} %"
            item["pinned"] = hi_r - lo_r < 0.05
        if exact is not None and r.code in exact.index:
            item["exact_pinned"] = bool(exact.loc[r.code])
        out.append(item)
    return out


def measure_names(session: Session, lang: str) -> dict[str, str]:
    m = session.dataset.measures
    return dict(zip(m["measure"], m["name_zh" if lang == "zh" else "name_en"], strict=True))


def control_label(c: Control, _: Translator, measures: dict[str, str]) -> str:
    """A control's name in the plan's words."""
    keys = c.path.split(".")
    if c.group == "measures":
        what = _("cost ×") if keys[1] == "cost_scale" else _("potential ×")
        return f"{measures.get(keys[2], keys[2])} · {what}"
    if c.group == "targets":
        return _("{p} city cut").format(p=_.pollutant(keys[-1]))
    if c.group == "bands":
        side = _("lower") if keys[-1] == "lower" else _("upper")
        return f"{_.family(keys[2])} · {_.category(keys[2], keys[3])} · {side}"
    return {
        "coal.share_max": _("Coal share ceiling"),
        "growth.multiplier": _("Growth multiplier"),
        "economics.discount_rate": _("Discount rate"),
        "deadlines": _("The plan's dated commitments"),
    }.get(c.path, c.path)


def shown(c: Control) -> str:
    """The value in the control's box (a rate in %)."""
    value = 100 * c.value if c.percent else c.value
    return f"{value:.6g}"


def allowed(c: Control, _: Translator) -> str:
    """The schema's range of the control, e.g. '0 ≤ value < 100 %'."""
    scale, unit = (100, " %") if c.percent else (1, "")
    parts = []
    if c.low is not None:
        parts.append(f"{c.low * scale:g} {'<' if c.low_open else '≤'}")
    parts.append(_("value"))
    if c.high is not None:
        parts.append(f"{'<' if c.high_open else '≤'} {c.high * scale:g}{unit}")
    return _("allowed: {r}").format(r=" ".join(parts))
