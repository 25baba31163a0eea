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
from matplotlib.transforms import offset_copy

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


#: A tile is this many times wider than tall: a district's name fits across it at a size
#: that stays readable when a comparison's maps are printed on A4 (one panel per row).
TILE_WIDTH = 1.5
#: Largest label size on a tile (points, at the figure's size).
LABEL_PT = 7.5


def label_size(name: str, room_pt: float) -> float:
    """The font size (points) at which ``name`` fits in ``room_pt`` points of width: a Chinese
    character takes about 1 em, a Latin letter about 0.55 em; at most :data:`LABEL_PT`."""
    ems = sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in name) or 1.0
    return min(LABEL_PT, 0.88 * room_pt / ems)


def _text_colour(rgba: tuple[float, ...]) -> str:
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


#: Marker of each plan category, in the plan's order (most demanding first).
CATEGORY_MARKERS = ("^", "s", "o", "D")
GREY = (0.85, 0.85, 0.85, 1.0)


def centroid(ring: np.ndarray) -> tuple[float, float]:
    """Area centroid of a closed ring (shoelace formula); the mean point if degenerate."""
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return float(x.mean()), float(y.mean())
    return (
        float(((x + np.roll(x, -1)) * cross).sum() / (6 * area)),
        float(((y + np.roll(y, -1)) * cross).sum() / (6 * area)),
    )


def _label(ax: Axes, x: float, y: float, name: str, shown: str, face, size: float) -> None:
    colour = _text_colour(face)
    ax.text(x, y, name, ha="center", va="bottom", fontsize=size, color=colour)
    ax.text(
        x,
        y,
        shown,
        ha="center",
        va="top",
        fontsize=min(LABEL_PT, size + 0.6),
        color=colour,
        fontweight="bold",
    )


def tile_points(panel_width_in: float) -> float:
    """The width of one tile in points when the tile map fills ``panel_width_in`` inches."""
    layout = tiles()
    span = (layout["col"].max() - layout["col"].min() + 1) * TILE_WIDTH + 0.2
    return panel_width_in * 72 * TILE_WIDTH / span


def draw_map(
    ax: Axes,
    values: Mapping[str, float],
    labels: Mapping[str, str],
    *,
    cmap: str,
    norm: Normalize,
    fmt: str = "{:.1f}",
    polygons: Mapping[str, list[np.ndarray]] | None = None,
    categories: Mapping[str, int] | None = None,
    tile_pt: float | None = None,
) -> None:
    """Colour each unit by ``values[code]`` (grey where missing) on the tile layout, or on
    real ``polygons`` when given; label every unit with its name and value, and mark its
    plan category (``categories``: code -> index into :data:`CATEGORY_MARKERS`). Names on
    tiles are sized to fit ``tile_pt``, a tile's width in points (see :func:`tile_points`)."""
    colormap = colormaps[cmap]
    ax.set_aspect("equal")
    ax.axis("off")
    places: dict[str, tuple[float, float, tuple]] = {}
    if polygons:
        for code, rings in polygons.items():
            v = values.get(code)
            face = colormap(norm(v)) if v is not None and np.isfinite(v) else GREY
            for ring in rings:
                ax.add_patch(Polygon(ring, closed=True, fc=face, ec="white", lw=0.4))
            biggest = max(rings, key=len)
            places[code] = (*centroid(np.asarray(biggest, dtype=float)), face)
        ax.autoscale_view()
    else:
        w = TILE_WIDTH
        for t in tiles().itertuples():
            v = values.get(t.code)
            face = colormap(norm(v)) if v is not None and np.isfinite(v) else GREY
            x, y = t.col * w, -t.row
            ax.add_patch(Rectangle((x + 0.04, y + 0.04), w - 0.08, 0.92, fc=face, ec="none"))
            places[t.code] = (x + w / 2, y + 0.4, face)
        layout = tiles()
        ax.set_xlim(layout["col"].min() * w - 0.1, (layout["col"].max() + 1) * w + 0.1)
        ax.set_ylim(-layout["row"].max() - 0.1, 1.1)
    names = dict(zip(tiles()["code"], tiles()["name_en"], strict=True))
    if tile_pt is None:  # the axes' share of the figure before any layout: on the safe side
        tile_pt = tile_points(ax.get_position().width * ax.get_figure().get_figwidth())
    for code, (x, y, face) in places.items():
        v = values.get(code)
        shown = fmt.format(v) if v is not None and np.isfinite(v) else "–"
        name = labels.get(code, names.get(code, code))
        size = label_size(name, tile_pt) if not polygons else min(6.6, 44 / max(len(name), 1)) * 0.8
        _label(ax, x, y, name, shown, face, size)
    _mark_categories(ax, places, categories or {}, bool(polygons))


def _mark_categories(
    ax: Axes, places: Mapping[str, tuple], categories: Mapping[str, int], real: bool
) -> None:
    """A small black-edged marker per unit, its shape naming the unit's plan category."""
    for k, marker in enumerate(CATEGORY_MARKERS):
        codes = [c for c, i in categories.items() if i == k and c in places]
        if not codes:
            continue
        xs = [places[c][0] + (0.0 if real else 0.16 - TILE_WIDTH / 2) for c in codes]
        ys = [places[c][1] + (0.0 if real else 0.44) for c in codes]  # above the name
        # on real boundaries the marker sits below the unit's label, a fixed distance away
        where = offset_copy(ax.transData, fig=ax.figure, y=-13, units="points") if real else None
        ax.scatter(
            xs,
            ys,
            marker=marker,
            s=16 if real else 22,
            facecolor="white",
            edgecolor="black",
            linewidth=0.8,
            zorder=4,
            transform=where or ax.transData,
        )
