"""Does the data agree with the plan's own words about who emits a lot?

Box 4 calls the air districts of the 'large' and 'medium' categories big emitters
(污染物排放量大) and the 'small' and 'adapt' ones small emitters (排放量小); box 8 does the
same for water. The pair-ordering share is the fraction of (big, small) district pairs in
which the big district emits more: of SO2+NOx (air sectors) for air, of COD+NH3-N (all
sources, livestock included) for water. 1 means the data order every pair as the plan does.
"""

from __future__ import annotations

import pandas as pd

from emisim.model.data.dataset import Dataset

BIG = ("large", "medium")
#: family -> (pollutants, media of the sectors counted)
SCOPE = {"air": (("SO2", "NOX"), ("air",)), "water": (("COD", "NH3N"), ("water",))}


def pair_share(
    baseline: pd.DataFrame, guidance: pd.DataFrame, sectors: pd.DataFrame, family: str
) -> tuple[float, list[tuple[str, str]]]:
    """(share of pairs ordered as the plan says, the (big, small) pairs that are not)."""
    pollutants, media = SCOPE[family]
    in_scope = set(sectors.loc[sectors["medium"].isin(media), "sector"])
    rows = baseline[baseline["pollutant"].isin(pollutants) & baseline["sector"].isin(in_scope)]
    tonnes = rows.groupby("code")["emissions_t"].sum()
    cats = guidance[(guidance["family"] == family) & guidance["subject"].str.isdigit()]
    big = [c for c, k in zip(cats["subject"], cats["category"], strict=True) if k in BIG]
    small = [c for c, k in zip(cats["subject"], cats["category"], strict=True) if k not in BIG]
    if not big or not small:  # no categories (a period whose plan names none): no pairs
        return float("nan"), []
    bad = [(b, s) for b in big for s in small if not tonnes.get(b, 0.0) > tonnes.get(s, 0.0)]
    return 1 - len(bad) / (len(big) * len(small)), bad


def plan_consistency(ds: Dataset) -> pd.DataFrame:
    """One row per family: the share and the pairs out of order, by district name."""
    names = dict(zip(ds.units["code"], ds.units["name_en"], strict=True))
    rows = []
    for family in SCOPE:
        share, bad = pair_share(ds.baseline, ds.guidance, ds.sectors, family)
        shown = ", ".join(f"{names[b]} < {names[s]}" for b, s in bad)
        rows.append({"family": family, "pair_share": round(share, 4), "out_of_order": shown})
    return pd.DataFrame(rows).set_index("family")
