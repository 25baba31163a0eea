"""Time emisim studio against the engine it serves, and serve several sessions at once.

In one fresh process per repetition, on the same scenario and the same sequence of NOx
city targets (±4 % around the scenario's, as bench_resolve.py), the two interleaved step by
step so that both meet the same load of a shared machine:

* **engine** — ``emisim.engine(scenario)``: ``set_target("NOX", tau)`` then ``record()``;
* **server** — ``emisim studio`` started in its own process (uvicorn on 127.0.0.1), one
  browser session: the time from sending ``POST /change`` to having read the whole answer
  fragment (form parsing, the schema's validation, the warm re-solve, the summary, both
  prices, the change line, the HTML), measured by an HTTP client on a kept-alive
  connection; then ``GET /detail`` (the presented plan, its map and tables: no goal,
  reported);
* **sessions** — N sessions (10; 3 in the smoke mode) opened, then each sends one change
  (its own target) at the same moment; every answer's prices and objective must equal
  those of a fresh engine given the same change alone (1e-9 relative), and the resident
  memory the sessions added, per session, is reported.

Goal (docs/performance.md): server p95 ≤ 1.5× engine p95 over the changes.

    make bench
    python benchmarks/bench_studio.py --repeats 1 --steps 50 --sessions 10
    python benchmarks/bench_studio.py --smoke --out DIR   # tiny, once (inside make test)
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POLLUTANT = "NOX"
SMOKE_UNITS = 6
PRICE = re.compile(
    r'data-pollutant="(\w+)".*?data-plan-price="([^"]+)".*?data-held-price="([^"]+)"', re.S
)
OBJECTIVE = re.compile(r'data-objective="([^"]+)"')


def _taus(tau0: float, steps: int) -> list[float]:
    return [tau0 * (1 + 0.02 * ((i % 5) - 2)) for i in range(1, steps + 1)]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def serve(scenario, out: Path) -> tuple[subprocess.Popen, int]:
    """``emisim studio`` in its own process, as a user starts it (a browser is another
    process too); its port."""
    import yaml

    from emisim.model.scenario import Scenario, scenario_to_dict

    ref = scenario
    if isinstance(scenario, Scenario):  # the synthetic case: written out as a file
        ref = out / f"{scenario.name}.yaml"
        ref.write_text(yaml.safe_dump(scenario_to_dict(scenario)), "utf-8")
    cmd = [sys.executable, "-m", "emisim.cli", "studio", str(ref), "--no-browser"]
    cmd += ["--out", str(out / "outputs")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"emisim studio did not start: {line}{proc.stderr.read()[-2000:]}")
    return proc, int(m.group(1))


class Client:
    """One browser session: a kept-alive connection and the session's cookie."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None) -> str:
        body = urllib.parse.urlencode(form) if form else None
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected):  # idle: closed by the server
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
        text = resp.read().decode()
        cookie = resp.getheader("set-cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        if resp.status not in (200, 204):
            raise RuntimeError(f"{method} {path}: {resp.status} {text[:300]}")
        return text

    def change(self, tau: float) -> str:
        form = {"path": f"targets.overrides.{POLLUTANT}", "value": repr(tau), "percent": "0"}
        return self.request("POST", "/change", form)


def answer(html: str) -> dict[str, float]:
    out = {f"plan.{q}": float(a) for q, a, _ in PRICE.findall(html)}
    out |= {f"held.{q}": float(b) for q, _, b in PRICE.findall(html)}
    m = OBJECTIVE.search(html)
    out["objective"] = float(m.group(1)) if m else float("nan")
    return out


def engine_answer(eng) -> dict[str, float]:
    """What the answer fragment shows, read from an engine (Session.quick)."""
    from emisim.studio.session import quick

    q = quick(eng)
    out = {f"plan.{k}": v for k, v in q.plan_target.items()}
    out |= {f"held.{k}": v for k, v in q.bands_held.items()}
    out["objective"] = q.objective
    return out


def same(a: dict[str, float], b: dict[str, float]) -> bool:
    return a.keys() == b.keys() and all(abs(a[k] - b[k]) <= 1e-9 * max(1.0, abs(b[k])) for k in a)


def worker(case: str, data: str | None, steps: int, sessions: int) -> dict:
    import emisim

    sys.path.insert(0, str(HERE))
    from cases import case_scenario

    scenario = case_scenario(case, data)
    eng = emisim.engine(scenario)
    eng.record()
    tau0 = eng.params.targets[POLLUTANT]
    taus = _taus(tau0, steps)
    with tempfile.TemporaryDirectory() as out:
        server, port = serve(scenario, Path(out))
        try:
            one = Client(port)
            one.request("GET", "/")
            engine_s, server_s, detail_s = [], [], []
            for i, tau in enumerate(taus):  # interleaved: both meet the same machine load
                a = time.perf_counter()
                eng.set_target(POLLUTANT, tau)
                eng.record()
                engine_s.append(time.perf_counter() - a)
                a = time.perf_counter()
                one.change(tau)
                server_s.append(time.perf_counter() - a)
                if i < 5:
                    a = time.perf_counter()
                    one.request("GET", "/detail")
                    detail_s.append(time.perf_counter() - a)
            del eng
            one.request("POST", "/reset")
            mem0 = rss_mb(server.pid)
            clients = [Client(port) for _ in range(sessions)]
            for c in clients:
                c.request("GET", "/")
            mem1 = rss_mb(server.pid)
            mine = [tau0 * (0.9 + 0.02 * i) for i in range(sessions)]
            got: dict[int, dict[str, float]] = {}
            start = threading.Barrier(sessions)

            def go(i: int) -> None:
                start.wait()
                got[i] = answer(clients[i].change(mine[i]))

            jobs = [threading.Thread(target=go, args=(i,)) for i in range(sessions)]
            a = time.perf_counter()
            for j in jobs:
                j.start()
            for j in jobs:
                j.join()
            together_s = time.perf_counter() - a
        finally:
            server.terminate()
            server.communicate(timeout=30)
    wrong, differences = 0, []
    for i, tau in enumerate(mine):
        ref = emisim.engine(scenario)
        ref.record()
        ref.set_target(POLLUTANT, tau)
        expected = engine_answer(ref)
        if not same(got[i], expected):
            wrong += 1
            differences.append(
                {
                    k: (got[i].get(k), expected.get(k))
                    for k in expected
                    if got[i].get(k) != expected[k]
                }
            )
    return {
        "engine_p95_ms": 1e3 * p95(engine_s),
        "engine_median_ms": 1e3 * statistics.median(engine_s),
        "server_p95_ms": 1e3 * p95(server_s),
        "server_median_ms": 1e3 * statistics.median(server_s),
        "server_over_engine": p95(server_s) / p95(engine_s),
        "detail_median_ms": 1e3 * statistics.median(detail_s),
        "sessions": sessions,
        "sessions_answer_s": together_s,
        "sessions_wrong": wrong,
        "differences": differences,
        "memory_per_session_mb": (mem1 - mem0) / sessions,
        "steps": steps,
    }


def _run_worker(case: str, data: str | None, steps: int, sessions: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", case]
    cmd += ["--steps", str(steps), "--sessions", str(sessions)]
    if data:
        cmd += ["--data", data]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"{case} worker failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


ROWS = (
    ("engine_p95_ms", "engine: set_target + record(), p95", "{:.1f} ms"),
    ("engine_median_ms", "  median", "{:.1f} ms"),
    ("server_p95_ms", "server: POST /change -> fragment, p95", "{:.1f} ms"),
    ("server_median_ms", "  median", "{:.1f} ms"),
    ("server_over_engine", "server / engine, p95 (goal <= 1.5)", "{:.2f} x"),
    ("detail_median_ms", "GET /detail (presented plan, map), median", "{:.0f} ms"),
    ("sessions", "sessions at once", "{:.0f}"),
    ("sessions_answer_s", "  all answered in", "{:.2f} s"),
    ("sessions_wrong", "  answers != a lone engine's", "{:.0f}"),
    ("memory_per_session_mb", "  resident memory per session", "{:.0f} MB"),
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="plan2020", choices=("plan2020", "synthetic"))
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--units", type=int, default=400)
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "bench")
    ap.add_argument("--smoke", action="store_true", help="tiny synthetic case, once")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.steps, args.sessions)))
        return 0
    if args.smoke:
        args.case, args.units, args.repeats, args.steps, args.sessions = (
            "synthetic",
            SMOKE_UNITS,
            1,
            5,
            3,
        )
    with tempfile.TemporaryDirectory(prefix="emisim-bench-") as tmp:
        data = None
        if args.case == "synthetic":
            sys.path.insert(0, str(HERE))
            from synthetic import write_synthetic

            data = str(write_synthetic(Path(tmp) / "synthetic", units=args.units))
        runs = []
        for rep in range(args.repeats):
            r = _run_worker(args.case, data, args.steps, args.sessions)
            runs.append(r)
            print(
                f"{args.case} run {rep + 1}/{args.repeats}: engine p95 {r['engine_p95_ms']:.1f} "
                f"ms, server p95 {r['server_p95_ms']:.1f} ms "
                f"({r['server_over_engine']:.2f}x); {r['sessions']} sessions in "
                f"{r['sessions_answer_s']:.2f} s, {r['sessions_wrong']} wrong",
                flush=True,
            )
    median = {k: statistics.median(r[k] for r in runs) for k, _, _ in ROWS}
    print()
    for key, label, fmt in ROWS:
        print(f"{label:<45}{fmt.format(median[key]):>14}")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "studio-latest.json"
    path.write_text(json.dumps({"case": args.case, "median": median, "runs": runs}, indent=2))
    print(f"\nwritten {path}")
    return 1 if any(r["sessions_wrong"] for r in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
