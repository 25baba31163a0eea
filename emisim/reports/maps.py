"""District maps: a schematic tile map of the 39 units (default), or the real county
boundaries when the optional ``maps`` extra (cnmaps) is installed and has the data.

The tile layout (``tiles.csv``) is a schematic, not geography: one equal square per unit,
arranged so that the main urban area, the new-urban ring, the north-east along the Yangtze
and the south-east sit roughly where they are.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.patches import Polygon, Rectangle

#: Units with fewer matched boundaries than this fall back to the tile map.
MIN_MATCHED = 30


@functools.cache
def tiles() -> pd.DataFrame:
    """code, name_en, col, row of the schematic layout (row grows southwards)."""
    with resources.files("emisim.reports").joinpath("tiles.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, comment="#", dtype={"code": str})


@functools.cache
def _cnmaps_boundaries() -> dict[str, list[np.ndarray]] | None:
    """Chinese county name -> polygon rings (lon, lat) from cnmaps, or None."""
    try:
        from cnmaps import get_adm_maps  # optional extra `maps`
    except ImportError:
        return None
    try:
        frame = get_adm_maps(province="重庆市", level="区县", engine="geopandas")
    except Exception:  # cnmaps without its data or geopandas: use the tiles
        return None
    out: dict[str, list[np.ndarray]] = {}
    for name, geom in zip(frame["区/县"], frame.geometry, strict=True):
        parts = getattr(geom, "geoms", [geom])
        out[str(name)] = [np.asarray(p.exterior.coords) for p in parts]
    return out


def boundaries(names_zh: Mapping[str, str]) -> dict[str, list[np.ndarray]] | None:
    """Unit code -> polygon rings when real boundaries are available for most units."""
    found = _cnmaps_boundaries()
    if not found:
        return None
    out = {code: found[zh] for code, zh in names_zh.items() if zh in found}
    return out if len(out) >= MIN_MATCHED else None


def _text_colour(rgba: tuple[float, ...]) -> str:
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def draw_map(
    ax: Axes,
    values: Mapping[str, float],
    labels: Mapping[str, str],
    *,
    cmap: str,
    norm: Normalize,
    fmt: str = "{:.1f}",
    polygons: Mapping[str, list[np.ndarray]] | None = None,
) -> None:
    """Colour each unit by ``values[code]`` (grey where missing) on the tile layout, or on
    real ``polygons`` when given."""
    colormap = colormaps[cmap]
    ax.set_aspect("equal")
    ax.axis("off")
    if polygons:
        for code, rings in polygons.items():
            v = values.get(code)
            face = colormap(norm(v)) if v is not None and np.isfinite(v) else (0.85,) * 3 + (1,)
            for ring in rings:
                ax.add_patch(Polygon(ring, closed=True, fc=face, ec="white", lw=0.4))
        ax.autoscale_view()
        return
    for t in tiles().itertuples():
        v = values.get(t.code)
        ok = v is not None and np.isfinite(v)
        face = colormap(norm(v)) if ok else (0.85, 0.85, 0.85, 1.0)
        x, y = t.col, -t.row
        ax.add_patch(Rectangle((x + 0.04, y + 0.04), 0.92, 0.92, fc=face, ec="none"))
        colour = _text_colour(face)
        name = labels.get(t.code, t.name_en)
        size = min(6.6, 44 / max(len(name), 1))  # long names shrink to fit the tile
        ax.text(x + 0.5, y + 0.64, name, ha="center", va="center", fontsize=size, color=colour)
        shown = fmt.format(v) if ok else "–"
        ax.text(
            x + 0.5,
            y + 0.3,
            shown,
            ha="center",
            va="center",
            fontsize=7,
            color=colour,
            fontweight="bold",
        )
    layout = tiles()
    ax.set_xlim(layout["col"].min() - 0.1, layout["col"].max() + 1.1)
    ax.set_ylim(-layout["row"].max() - 0.1, 1.1)
