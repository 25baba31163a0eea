"""emisim studio in a real browser (Playwright driving Debian's headless Chromium): load the
page, change the NOx target and see the prices and the map `emisim run` gives for the same
YAML; switch to Chinese and find no English; save, and `emisim run` on the saved file
reproduces the objective."""

from __future__ import annotations

import math
import re
import shutil
import threading
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

import emisim
from emisim.studio.app import Studio, create_app
from emisim.studio.server import listening_socket
from emisim.studio.sessions import COOKIE

WAIT_MS = 60_000
#: Latin words the Chinese page may show: the program's name, the credited data package
#: and its licence, the button back to English, scenario names (file names), and LNG in a
#: measure's Chinese name in the data (工业窑炉煤改气（页岩气、LNG）).
NAMES = {"emisim", "cnmaps", "data", "MIT", "English", "LNG"}


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Studio]]:
    studio = Studio("plan2020", out=tmp_path_factory.mktemp("out"))
    sock = listening_socket("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(studio), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/", studio
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(served) -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    assert chromium, "make test needs Debian's chromium (make chromium)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(browser) -> Page:
    return browser.new_page(viewport={"width": 1280, "height": 900})


def shown_prices(page: Page) -> dict[str, tuple[float, float]]:
    out = {}
    for row in page.query_selector_all("#prices tbody tr"):
        q = row.get_attribute("data-pollutant")
        plan = row.query_selector("[data-plan-price]").get_attribute("data-plan-price")
        held = row.query_selector("[data-held-price]").get_attribute("data-held-price")
        out[q] = (float(plan), float(held))
    return out


def test_change_the_nox_target_chinese_and_save(page, served) -> None:
    url, studio = served
    page.goto(url)
    page.wait_for_selector('#detail[data-version="0"] #map path', timeout=WAIT_MS)
    before = shown_prices(page)["NOX"]

    box = page.locator('input[data-path="targets.overrides.NOX"]')
    box.fill("120")  # outside the schema's range: refused with its message, nothing changes
    box.press("Enter")
    page.wait_for_selector("#message .refused", timeout=WAIT_MS)
    assert "input should be less than 1, got 1.2" in page.inner_text("#message")
    assert shown_prices(page)["NOX"] == before and page.query_selector('#detail[data-version="0"]')
    box.fill("12")
    box.press("Enter")  # a change event: htmx posts it
    page.wait_for_selector('#detail[data-version="1"] #map path', timeout=WAIT_MS)

    ref = emisim.run(
        emisim.load_scenario("plan2020").with_changes(**{"targets.overrides.NOX": 0.12})
    )
    prices = ref.target_prices.set_index("pollutant")
    plan, held = shown_prices(page)["NOX"]
    assert held == pytest.approx(prices.at["NOX", "bands_held_price"], rel=1e-6)
    assert plan == pytest.approx(prices.at["NOX", "plan_target_price"], rel=1e-6)
    assert plan > before[0] * 1.05  # the price moved
    assert re.search(r"NOx price \+\d+ %", page.inner_text("#what-changed"))
    cuts = {
        p.get_attribute("data-code"): float(p.get_attribute("data-cut"))
        for p in page.query_selector_all("#map path")
    }
    alloc = ref.allocation.query("pollutant == 'NOX'").set_index("code")["cut_pct"]
    assert len(cuts) == 38
    for code, cut in cuts.items():
        assert cut == pytest.approx(alloc[code], abs=0.051), code
    assert "now cuts" in page.inner_text("#cut-changes")
    assert page.inner_text("#message") == ""  # the refusal is cleared by the next answer

    page.click("#lang")  # Chinese: the page reloads in Chinese
    page.wait_for_selector(
        'html[lang="zh-CN"] #detail[data-version="1"] #map path', timeout=WAIT_MS
    )
    page.click("#measures summary")  # every control shown, the measures' too
    text = page.inner_text("body")
    assert "全市减排目标的价格" in text and "氮氧化物" in text
    scenario_names = {o.get_attribute("value") for o in page.query_selector_all("#scenario option")}
    for name in sorted(scenario_names, key=len, reverse=True):  # plan2020-midterm first
        text = text.replace(name, " ")
    english = sorted(set(re.findall(r"[A-Za-z]{2,}", text)) - NAMES)
    assert not english, english
    page.click("#lang")
    page.wait_for_selector('html[lang="en"] #detail[data-version="1"] #map path', timeout=WAIT_MS)

    page.fill("#save-name", "nox-12")
    page.click("#save")
    page.wait_for_selector("#saved-note", timeout=WAIT_MS)
    saved = studio.out / "studio" / "nox-12.yaml"
    shown = float(page.get_attribute("#headlines", "data-objective"))
    rerun = emisim.run(saved)
    assert math.isclose(rerun.summary["objective_value"], shown, rel_tol=1e-9)
    assert rerun.scenario.targets.overrides == {"NOX": 0.12}


def test_two_browser_sessions_changing_different_targets_each_see_their_own(
    browser, served
) -> None:
    """Two browser contexts (two cookie jars: two sessions, as two people on two machines)
    change different targets at the same moment; each page shows the prices `emisim run`
    gives for its own change only, and its own control values."""
    url, studio = served
    changes = {"a": ("NOX", "11", 0.11), "b": ("SO2", "15", 0.15)}
    contexts = {k: browser.new_context(viewport={"width": 1280, "height": 900}) for k in changes}
    pages = {k: c.new_page() for k, c in contexts.items()}
    try:
        for p in pages.values():
            p.goto(url)
        for p in pages.values():
            p.wait_for_selector('#detail[data-version="0"] #map path', timeout=WAIT_MS)
        for k, (q, shown, _tau) in changes.items():  # both sent before either answer arrives
            box = pages[k].locator(f'input[data-path="targets.overrides.{q}"]')
            box.fill(shown)
            box.press("Enter")
        for p in pages.values():
            p.wait_for_selector('#detail[data-version="1"] #map path', timeout=WAIT_MS)
        cookies = {
            k: next(x["value"] for x in c.cookies() if x["name"] == COOKIE)
            for k, c in contexts.items()
        }
        assert cookies["a"] != cookies["b"]
        base = emisim.load_scenario("plan2020")
        for k, (q, _shown, tau) in changes.items():
            ref = emisim.run(base.with_changes(**{f"targets.overrides.{q}": tau}))
            prices = ref.target_prices.set_index("pollutant")
            for pollutant, (plan, held) in shown_prices(pages[k]).items():
                want = prices.loc[pollutant]
                assert held == pytest.approx(want["bands_held_price"], rel=1e-6, abs=1e-3), k
                assert plan == pytest.approx(want["plan_target_price"], rel=1e-6, abs=1e-3), k
            shown_objective = float(pages[k].get_attribute("#headlines", "data-objective"))
            assert shown_objective == pytest.approx(ref.summary["objective_value"], rel=1e-9)
            other = changes["b" if k == "a" else "a"][0]
            box = pages[k].locator(f'input[data-path="targets.overrides.{other}"]')
            assert box.input_value() != changes["b" if k == "a" else "a"][1], k
            session = studio.sessions.get(cookies[k])
            assert session.changes == {f"targets.overrides.{q}": tau}
    finally:
        for c in contexts.values():
            c.close()


def test_the_near_optimal_ranges_arrive_by_themselves(browser, served) -> None:
    """The page asks every second; the ranges computed in the background worker replace
    the placeholders without a click (their numbers: tests/test_studio_keep.py). A fresh
    browser context: a new session in English, whatever the tests before it changed."""
    url, _studio = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#detail #map path", timeout=WAIT_MS)
    page.wait_for_selector("#pinned-exact", timeout=300_000)
    rows = page.query_selector_all("#who tbody tr")
    assert len(rows) > 30
    for row in rows:
        assert re.fullmatch(
            r"-?[\d.]+ – -?[\d.]+ %.*", row.query_selector_all("td")[4].inner_text()
        )
    said = page.inner_text("#pinned")
    assert re.search(r"\d+ of \d+ cuts are pinned within 1 %", said)
    assert re.search(r"At exactly the least cost \d+ of \d+ are pinned", said)
    assert page.query_selector("#ranges-wait") is None  # polling stopped
    paths = page.query_selector_all("#map path")
    assert len(paths) == 38
    for path in paths:  # the map says each district's range too
        if path.get_attribute("data-cut"):
            assert re.fullmatch(r"-?[\d.]+ – -?[\d.]+ %", path.get_attribute("data-range"))
    context.close()
