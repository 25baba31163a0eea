"""Dependencies run one way, floor by floor, and never in a circle.

vocabulary/errors -> data -> scenario -> formulation -> solvers -> results -> api ->
comparison -> reports/outputs -> studio -> CLI. Checked from the source's own imports (ast), so a
back-edge or a cycle fails the build.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
# floor of each emisim module prefix (longest prefix wins); a module may import only from
# its own floor or below
FLOORS = {
    "emisim.model.vocabulary": 0,
    "emisim.model.errors": 0,
    "emisim.model.i18n": 0,  # the message catalogue every floor translates through
    "emisim.model.data": 1,
    "emisim.model.scenario": 2,
    "emisim.model": 3,  # the formulation: params, constraints, objective, build
    "emisim.solvers": 4,
    "emisim.results": 5,
    "emisim.api": 6,
    "emisim.analysis": 6.5,  # re-solves on top of a run: ranges, curves, frontier, IIS
    "emisim.comparison": 7,
    "emisim.sweeps": 7,
    "emisim.outputs": 8,
    "emisim.reports": 8,
    "emisim.studio": 8.5,  # the web application: sessions over the engine, the reports
    "emisim.cli": 9,
}
FOLDERS = {"model": "emisim.model", "solvers": "emisim.solvers", "emisim": "emisim"}


def floor(module: str) -> int:
    best = max(
        (p for p in FLOORS if module == p or module.startswith(p + ".")), key=len, default=None
    )
    assert best is not None, f"no floor for {module}"
    return FLOORS[best]


def modules():
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT / folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            yield ".".join([package, *parts]), path


#: Upward imports allowed because they run lazily: inside a function (or only for type
#: checkers), never when the importing module loads. ``Result.plot`` reaches the charts.
LAZY_UPWARD = {
    ("emisim.api", "emisim.reports.plotting"),
    ("emisim.comparison", "emisim.reports.plotting"),
    ("emisim.sweeps.analysis", "emisim.reports.sweep_plots"),
    ("emisim.sweeps.analysis", "emisim.reports.sweep_report"),
}


def lazy_imports(path: Path) -> set[str]:
    """emisim modules imported only inside functions or ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text("utf-8"))
    eager = set()
    for node in tree.body:  # module level, outside TYPE_CHECKING blocks
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if isinstance(sub, ast.ImportFrom) and sub.module and sub.col_offset == 0:
                eager.add(sub.module)
    return imports(path) - eager


def allowed(name: str, target: str, path: Path) -> bool:
    return (name, target) in LAZY_UPWARD and target in lazy_imports(path)


def imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m == "emisim" or m.startswith("emisim.")}


def test_no_import_runs_down_a_floor() -> None:
    back = []
    for name, path in modules():
        if name == "emisim":
            continue  # lazy re-exports of the public API
        for target in imports(path):
            if (
                target != "emisim"
                and floor(target) > floor(name)
                and not allowed(name, target, path)
            ):
                back.append(f"{name} (floor {floor(name)}) imports {target} ({floor(target)})")
    assert not back, "\n".join(back)


def test_results_never_import_reports() -> None:
    for name, path in modules():
        if name.startswith(("emisim.results", "emisim.model", "emisim.solvers")):
            assert not any(t.startswith("emisim.reports") for t in imports(path)), name


def find_cycles(graph: dict[str, set[str]]) -> list[str]:
    """Import cycles in ``graph`` (module -> imported modules), one line each."""
    state: dict[str, int] = {}
    cycles = []

    def visit(n: str, stack: list[str]) -> None:
        state[n] = 1
        for t in sorted(graph.get(n, ())):
            if t.startswith(n + "."):
                continue  # a package's __init__ re-exporting its own modules
            if state.get(t) == 1:
                cycles.append(" -> ".join([*stack[stack.index(t) :], t]))
            elif t not in state:
                visit(t, [*stack, t])
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    return cycles


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "p": {"p.x"}, "p.x": set()}
    assert find_cycles(graph) == ["a -> b -> c -> a"]


def test_no_import_cycles() -> None:
    known = dict(modules())
    graph = {}
    for name, path in known.items():
        targets = set()
        for t in imports(path):
            # `from emisim.x import name` may name a submodule or an attribute: the module
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name and t != "emisim" and not allowed(name, t, path):
                targets.add(t)
        graph[name] = targets
    cycles = find_cycles(graph)
    assert not cycles, "\n".join(cycles)


def test_bare_model_and_solvers_imports_are_banned() -> None:
    for _name, path in modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in ("model", "solvers"), path


def test_lazy_upward_imports_are_lazy() -> None:
    """Each allowed upward import exists and stays out of the module's load path."""
    paths = dict(modules())
    for name, target in LAZY_UPWARD:
        assert target in lazy_imports(paths[name]), f"{name} no longer imports {target} lazily"
