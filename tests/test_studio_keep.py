"""emisim studio on the tiny dataset: the near-optimal ranges beside each presented cut
(on demand), saving an edited scenario and comparing it with its base as `emisim compare`
writes it, with the report and workbook downloadable."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from emisim.analysis import ranges
from emisim.model.scenario import Scenario, load_scenario
from emisim.studio.app import Studio, create_app

sys.path.insert(0, str(Path(__file__).parent))
from tiny import analysis_scenario


@pytest.fixture(scope="module")
def tiny_studio(tiny_dir, tmp_path_factory) -> tuple[TestClient, Studio, Path]:
    folder = tmp_path_factory.mktemp("tinystudio")
    path = analysis_scenario(tiny_dir, folder, "tinystudio")
    studio = Studio(str(path), out=folder / "outputs")
    client = TestClient(create_app(studio))
    assert client.get("/").status_code == 200
    return client, studio, path


def _check_ranges(html: str, scenario: Path | Scenario) -> None:
    """Each row's range is the one `emisim ranges` gives, the presented cut lies in it,
    and the pinned counts (within 1 % and at exactly the least cost) are those of the
    ranges table."""
    ref = ranges(scenario, epsilons=(0.01, 0.0), must_haves=False).table
    ref = ref[ref["pollutant"] == "SO2"]
    exact = ref[ref["epsilon"] == 0.0].set_index("code")["pinned"]
    ref = ref[ref["epsilon"] == 0.01].set_index("code")
    rows = re.findall(r'<tr data-code="(\w+)">(.*?)</tr>', html, re.S)
    assert len(rows) == len(ref) > 0
    pinned = 0
    for code, row in rows:
        low, high = ref.at[code, "min_pct"], ref.at[code, "max_pct"]
        assert f"{low:.1f} – {high:.1f} %" in row, code
        pinned += "pinned" in row and "pinned at the least cost" not in row
        cut = float(re.findall(r'class="num">([-\d.]+) %', row)[0])
        assert low - 0.051 <= cut <= high + 0.051, code  # the presented cut lies in its range
    assert f"{pinned} of {len(rows)} cuts are pinned within 1 %" in html
    assert f"At exactly the least cost {int(exact.sum())} of {len(rows)} are pinned" in html


def test_who_cuts_what_shows_each_cuts_near_optimal_range_and_how_many_are_pinned(
    tiny_studio,
) -> None:
    """By default: the first answer at once with the ranges pending, computed in the
    background worker process; the page's poll gets nothing until they are there."""
    client, _, path = tiny_studio
    client.post("/change", data={"path": "targets.overrides.SO2", "value": "9", "percent": "1"})
    html = client.get("/detail?pollutant=SO2").text
    assert 'id="ranges"' not in html  # no button: computed without asking
    assert "Range within 1 % of the least cost" in html
    assert 'id="ranges-pending"' in html  # the worker process is still starting
    assert 'id="ranges-wait"' in html and 'hx-trigger="every 1s"' in html
    deadline = time.monotonic() + 120
    while True:
        r = client.get("/detail?pollutant=SO2&when=ranges")
        if r.status_code == 200:
            break
        assert r.status_code == 204 and time.monotonic() < deadline
        time.sleep(0.2)
    html = r.text
    assert 'id="ranges-pending"' not in html and 'id="ranges-wait"' not in html
    _check_ranges(html, load_scenario(path).with_changes(**{"targets.overrides.SO2": 0.09}))
    client.post("/change", data={"path": "targets.overrides.SO2", "value": "", "percent": "1"})
    html = client.post("/ranges?pollutant=SO2").text  # computed here and now, on request
    _check_ranges(html, path)


def test_save_and_compare_with_the_base_as_emisim_compare_writes_it(tiny_studio) -> None:
    client, studio, _ = tiny_studio
    r = client.post(
        "/change", data={"path": "targets.overrides.SO2", "value": "25", "percent": "1"}
    )
    assert r.status_code == 200
    r = client.post("/save", data={"name": "tiny-so2"})
    assert r.status_code == 200 and "tiny-so2.yaml" in r.text
    saved = studio.out / "studio" / "tiny-so2.yaml"
    assert client.get("/saved/tiny-so2.yaml").text == saved.read_text("utf-8")
    page = client.get("/").text
    assert 'value="tiny-so2"' in page  # offered for comparison and as a scenario
    r = client.post("/save", data={"name": "../escape"})
    assert r.status_code == 422 and "plain folder name" in r.text
    assert not (studio.out.parent / "escape.yaml").exists()

    r = client.post("/compare", data={"names": ["tiny-so2"]})
    assert r.status_code == 422 and "at least two" in r.text
    r = client.post("/compare", data={"names": ["tiny-so2", "nonexistent"]})
    assert r.status_code == 422 and "unknown scenario 'nonexistent'" in r.text
    # the base is a file here, not a shipped name: compare the saved file with plan2020's
    # tiny cousin by saving the base unchanged too
    client.post("/change", data={"path": "targets.overrides.SO2"})
    client.post("/change", data={"path": "growth.multiplier", "value": "1.1"})
    assert client.post("/save", data={"name": "tiny-growth"}).status_code == 200
    r = client.post("/compare", data={"names": ["tiny-so2", "tiny-growth"]})
    assert r.status_code == 200, r.text
    links = re.findall(r'href="(/compare/[^"]+)"', r.text)
    names = {link.rsplit("/", 1)[1] for link in links}
    assert {"report.html", "workbook.xlsx", "manifest.json"} <= names
    folder = studio.out / "compare" / "tiny-so2_vs_tiny-growth"
    report = client.get(next(link for link in links if link.endswith("report.html")))
    assert report.status_code == 200 and report.text == (folder / "report.html").read_text("utf-8")
    book = client.get(next(link for link in links if link.endswith("workbook.xlsx")))
    assert book.content == (folder / "workbook.xlsx").read_bytes()
    html = report.text
    assert "tiny-so2" in html and "tiny-growth" in html  # side by side

    # a saved scenario is a base like any other; saving over it is refused, and the
    # scenario the studio was started with stays in the list
    assert client.post("/scenario", data={"scenario": "tiny-so2"}).status_code == 204
    r = client.post("/save", data={"name": "tiny-so2"})
    assert r.status_code == 422 and "base" in r.text
    assert 'value="tinystudio"' in client.get("/").text
    assert client.post("/scenario", data={"scenario": "tinystudio"}).status_code == 204


def test_an_idle_session_is_freed_without_any_further_request(tiny_studio) -> None:
    _, served, path = tiny_studio
    studio = Studio(str(path), out=served.out, idle_s=2.0)
    with TestClient(create_app(studio)) as client:  # runs the app's clock
        assert client.get("/").status_code == 200 and len(studio.sessions) == 1
        deadline = time.monotonic() + 20
        while len(studio.sessions) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(studio.sessions) == 0
        r = client.post("/change", data={"path": "targets.overrides.SO2", "value": "20"})
        assert r.status_code == 409 and "reload the page" in r.text
