"""emisim: allocate Chongqing's 13th Five-Year Plan emission cuts across districts.

The public API: :func:`run` solves one scenario and returns a :class:`Result` whose tables
(``result.allocation``, ``result.measures``, ``result.prices`` ...) are pandas DataFrames.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from emisim.api import Result
    from emisim.comparison import Comparison
    from emisim.solvers.engine import Engine
    from emisim.sweeps import Summary

__all__ = [
    "Comparison",
    "Engine",
    "Result",
    "analysis",
    "compare",
    "engine",
    "load_dataset",
    "load_scenario",
    "run",
    "sweep",
    "sweeps",
]
#: Classes and subpackages imported on first use, so ``import emisim`` stays light.
_LAZY = {
    "Result": ("emisim.api", "Result"),
    "Comparison": ("emisim.comparison", "Comparison"),
    "Engine": ("emisim.solvers.engine", "Engine"),
    "analysis": ("emisim.analysis", None),
    "sweeps": ("emisim.sweeps", None),
}


def run(scenario: Any, **kwargs: Any) -> Result:
    """Solve a scenario (name, YAML path or Scenario). See :func:`emisim.api.run`."""
    from emisim.api import run as _run

    return _run(scenario, **kwargs)


def engine(scenario: Any, **kwargs: Any) -> Engine:
    """A scenario loaded into HiGHS once, to change by name and re-solve warm
    (``set_target``, ``set_rhs``, ``set_cost``, ``record`` ...). See
    :func:`emisim.api.engine` and :mod:`emisim.solvers.engine`."""
    from emisim.api import engine as _engine

    return _engine(scenario, **kwargs)


def compare(scenarios: Any, reference: str | None = None, name: str | None = None) -> Comparison:
    """Solve several scenarios and set them side by side. See :func:`emisim.comparison.compare`."""
    from emisim.comparison import compare as _compare

    return _compare(scenarios, reference=reference, name=name)


def sweep(spec: Any, **options: Any) -> Summary:
    """Run (or resume) a sensitivity sweep: a spec path, dict or SweepSpec. Records go to
    ``outputs/sweeps/<name>/``. See :func:`emisim.sweeps.run_sweep` for the options."""
    from emisim.sweeps import sweep as _sweep

    return _sweep(spec, **options)


def load_scenario(ref: Any, **kwargs: Any):
    """A validated, fully merged scenario: a shipped name (``"plan2020"``), a YAML path or a
    Scenario. Change it with ``scenario.with_changes(**{"coal.share_max": 0.5})`` and pass it
    to :func:`run`. See :func:`emisim.model.scenario.load_scenario`."""
    from emisim.model.scenario import load_scenario as _load

    return _load(ref, **kwargs)


def load_dataset(path: Any = None):
    """The embedded Chongqing dataset, or the data folder at ``path``, loaded and checked.
    See :func:`emisim.model.data.load_dataset`."""
    from emisim.model.data import load_dataset as _load

    return _load(path)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'emisim' has no attribute {name!r}")
    module, attr = _LAZY[name]
    loaded = importlib.import_module(module)
    return loaded if attr is None else getattr(loaded, attr)


def __dir__() -> list[str]:
    return sorted(__all__)
