"""emisim studio over HTTP (Starlette's test client; the browser test is test_studio_browser):
answers equal `emisim run`'s, refused values change nothing, infeasible changes show the
conflict, malformed requests get a 4xx, sessions are separate, idle ones are freed, saving
writes only the changed keys, and another interface needs the printed token."""

from __future__ import annotations

import gc
import math
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import weakref

import pytest
import yaml
from starlette.testclient import TestClient

import emisim
from emisim.analysis import conflict
from emisim.model.errors import ScenarioError
from emisim.studio.app import COOKIE, Studio, create_app
from emisim.studio.keep import save
from emisim.studio.session import Session
from emisim.studio.sessions import Sessions

NOX = "targets.overrides.NOX"


def prices(html: str) -> dict[str, tuple[float, float]]:
    """Pollutant -> (cost of the plan's target, of one more tonne with the bands held), as
    the answer fragment carries them."""
    rows = re.findall(
        r'data-pollutant="(\w+)".*?data-plan-price="([^"]+)".*?data-held-price="([^"]+)"',
        html,
        re.S,
    )
    return {q: (float(a), float(b)) for q, a, b in rows}


@pytest.fixture(scope="module")
def studio(tmp_path_factory) -> Studio:
    return Studio("plan2020", out=tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def client(studio) -> TestClient:
    c = TestClient(create_app(studio))
    assert c.get("/").status_code == 200
    return c


def test_the_first_page_shows_the_scenario_prices_as_emisim_run(client) -> None:
    page = client.get("/").text
    ref = emisim.run("plan2020").target_prices.set_index("pollutant")
    shown = prices(page)
    assert set(shown) == set(ref.index)
    for q, (plan, held) in shown.items():
        assert held == pytest.approx(ref.at[q, "bands_held_price"], rel=1e-6, abs=1e-3), q
        assert plan == pytest.approx(ref.at[q, "plan_target_price"], rel=1e-6, abs=1e-3), q
    assert 'id="map"' not in page and 'hx-get="/detail' in page  # the map follows
    detail = client.get("/detail?pollutant=NOX").text
    cuts = dict(
        re.findall(r'<path d="[^"]+" fill="[^"]+" data-code="(\d+)" data-cut="([^"]*)"', detail)
    )
    assert len(cuts) == 38  # every outline; Wansheng is drawn as a box
    alloc = emisim.run("plan2020").allocation.query("pollutant == 'NOX'").set_index("code")
    for code, cut in cuts.items():
        assert float(cut) == pytest.approx(alloc.at[code, "cut_pct"], abs=0.051), code


def test_a_value_outside_the_schema_is_refused_with_its_message_and_changes_nothing(
    client, studio
) -> None:
    sid = client.cookies.get(COOKIE)
    s = studio.sessions.get(sid)
    before = prices(client.get("/").text)
    r = client.post("/change", data={"path": NOX, "value": "120", "percent": "1"})
    assert r.status_code == 422
    assert "input should be less than 1, got 1.2" in r.text and NOX in r.text
    assert s.changes == {} and prices(client.get("/").text) == before
    r = client.post("/change", data={"path": "economics.discount_rate", "value": "x"})
    assert r.status_code == 422 and "expected a number, got 'x'" in r.text
    assert s.changes == {}


def test_an_infeasible_change_shows_the_conflict_sentence(client, studio) -> None:
    r = client.post("/change", data={"path": NOX, "value": "50", "percent": "1"})
    assert r.status_code == 200
    s = studio.sessions.get(client.cookies.get(COOKIE))
    expected = conflict(s.scenario).sentence
    assert 'id="conflict"' in r.text and expected[:80] in r.text.replace("&#39;", "'")
    assert "No map" in client.get("/detail").text
    r = client.post("/change", data={"path": NOX})  # back to the base value
    assert r.status_code == 200 and 'id="conflict"' not in r.text and s.changes == {}


@pytest.mark.parametrize(
    ("method", "url", "data", "status", "message"),
    [
        ("post", "/change", {"value": "3"}, 400, "no 'path' field"),
        ("post", "/change", {"path": "solver.time_limit_s", "value": "3"}, 422, "not a key"),
        ("get", "/detail?pollutant=CO2", None, 400, "unknown pollutant 'CO2'"),
        ("post", "/lang", {"lang": "fr"}, 400, "lang must be one of"),
        ("post", "/scenario", {"scenario": "../etc"}, 400, "unknown scenario"),
        ("get", "/saved/nothing.yaml", None, 404, "no saved scenario"),
        ("get", "/compare/x/report.html", None, 404, "no such comparison file"),
        ("get", "/nowhere", None, 404, "Not Found"),
    ],
)
def test_malformed_requests_get_a_4xx_with_a_clear_message(
    client, method, url, data, status, message
) -> None:
    r = getattr(client, method)(url, data=data) if data else getattr(client, method)(url)
    assert r.status_code == status and message in r.text
    assert "Traceback" not in r.text


def test_a_request_without_a_session_is_told_to_reload(studio) -> None:
    fresh = TestClient(create_app(studio))
    r = fresh.post("/change", data={"path": NOX, "value": "10", "percent": "1"})
    assert r.status_code == 409 and "reload the page" in r.text


class _Held:
    """Stands for a session (and its engine) in the store."""

    last_used = 0.0


def test_idle_sessions_are_freed() -> None:
    store = Sessions(_Held, idle_s=60)  # type: ignore[arg-type]
    sid, s = store.new()
    other, o = store.new()
    freed = weakref.ref(o)
    s.last_used = o.last_used = time.monotonic() - 59  # both idle for 59 s
    assert store.get(sid) is s  # a request restarts its clock
    o.last_used -= 2  # idle 61 s
    del o
    assert store.get(other) is None and store.get(sid) is s and len(store) == 1
    gc.collect()
    assert freed() is None  # nothing else holds it: its engine's memory is returned


def test_two_sessions_changing_different_targets_each_see_their_own(studio) -> None:
    a, b = TestClient(create_app(studio)), TestClient(create_app(studio))
    a.get("/"), b.get("/")
    assert a.cookies.get(COOKIE) != b.cookies.get(COOKIE)
    answers: dict[str, str] = {}

    def change(name: str, c: TestClient, path: str, value: str) -> None:
        answers[name] = c.post("/change", data={"path": path, "value": value, "percent": "1"}).text

    jobs = [
        threading.Thread(target=change, args=("a", a, NOX, "11")),
        threading.Thread(target=change, args=("b", b, "targets.overrides.SO2", "15")),
    ]
    for j in jobs:
        j.start()
    for j in jobs:
        j.join()
    base = emisim.load_scenario("plan2020")
    for name, change_ in (("a", {NOX: 0.11}), ("b", {"targets.overrides.SO2": 0.15})):
        ref = emisim.run(base.with_changes(**change_)).target_prices.set_index("pollutant")
        for q, (plan, held) in prices(answers[name]).items():
            assert held == pytest.approx(ref.at[q, "bands_held_price"], rel=1e-6, abs=1e-3), (
                name,
                q,
            )
            assert plan == pytest.approx(ref.at[q, "plan_target_price"], rel=1e-6, abs=1e-3)
    sa = studio.sessions.get(a.cookies.get(COOKIE))
    sb = studio.sessions.get(b.cookies.get(COOKIE))
    assert sa.changes == {NOX: 0.11} and sb.changes == {"targets.overrides.SO2": 0.15}
    assert sa.engine is not sb.engine


def test_saved_file_extends_its_base_holds_only_the_changes_and_reproduces(tmp_path) -> None:
    s = Session("plan2020")
    s.change(NOX, 0.115)
    s.change("guidance.bands.air.small.upper", 1.2)
    other = {"enforce": "ignore", "ignore": "enforce"}[s.base.deadlines]
    s.change("deadlines", other)
    s.change("economics.discount_rate", s.base.economics.discount_rate)  # no change: not kept
    base = s.engine.params
    s.change("measures.cost_scale.ind_denox", 2.0)  # every cost of the measure doubled
    s.change("measures.potential_scale.ind_denox", 0.5)  # half its potential everywhere
    p = s.engine.params
    assert p.capex["ind_denox"] == pytest.approx(2 * base.capex["ind_denox"])
    assert p.annual_cost["ind_denox"] == pytest.approx(2 * base.annual_cost["ind_denox"])
    assert all(
        p.unit_pv["ind_denox", t] == pytest.approx(2 * base.unit_pv["ind_denox", t])
        for t in p.years
    )
    assert p.capex["cement_denox"] == base.capex["cement_denox"]  # the others unchanged
    halved = {k: v for k, v in p.potential.items() if k[1] == "ind_denox"}
    assert halved and all(v == pytest.approx(0.5 * base.potential[k]) for k, v in halved.items())
    path = save(s, "nox-11.5", tmp_path)
    assert path == tmp_path / "studio" / "nox-11.5.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    assert doc["extends"] == "plan2020"
    assert set(doc) == {
        "name",
        "description",
        "description_zh",
        "extends",
        "targets",
        "guidance",
        "deadlines",
        "measures",
    }
    assert doc["targets"] == {"overrides": {"NOX": 0.115}}
    assert doc["guidance"] == {"bands": {"air": {"small": {"upper": 1.2}}}}
    assert doc["deadlines"] == other
    assert doc["measures"] == {
        "cost_scale": {"ind_denox": 2.0},
        "potential_scale": {"ind_denox": 0.5},
    }
    rerun = emisim.run(path)
    assert math.isclose(
        rerun.summary["objective_value"], s.result().summary["objective_value"], rel_tol=1e-9
    )
    for bad in ("../up", "plan2020", ".hidden"):
        with pytest.raises(ScenarioError, match="name"):
            save(s, bad, tmp_path)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["nox-11.5.yaml"]


def _serve(*args: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "emisim.cli", "studio", "--no-browser", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    m = re.search(r"(http://\S+)", line)
    assert m, line + proc.stderr.read()
    return proc, m.group(1)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_the_command_serves_on_loopback_and_elsewhere_only_with_the_token() -> None:
    proc, url = _serve()
    try:
        assert url.startswith("http://127.0.0.1:") and "token" not in url
        assert _get(url + "static/studio.css")[0] == 200  # no token asked on loopback
    finally:
        proc.terminate()
        proc.communicate(timeout=10)  # waits, and closes the pipes
    proc, url = _serve("--host", "0.0.0.0")
    try:
        assert "?token=" in url
        bare = url.split("?")[0]
        status, text = _get(bare)
        assert status == 403 and "access token" in text
        assert _get(bare + "?token=wrong")[0] == 403
        assert _get(bare + "static/studio.css")[0] == 403
        token = url.split("?token=")[1]
        assert _get(f"{bare}static/studio.css?token={token}")[0] == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=10)  # waits, and closes the pipes
