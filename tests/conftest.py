"""Shared fixtures: the tiny 3-unit dataset and scenarios over it."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tiny import write_tiny

from emisim.model.scenario import Scenario


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny(tmp_path_factory.mktemp("tiny"))


def deep_update(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in extra.items():
        out[k] = (
            deep_update(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
        )
    return out


@pytest.fixture
def make_scenario(tiny_dir: Path):
    """Build a validated Scenario over the tiny dataset from nested overrides."""

    def make(data: Path | None = None, **overrides: Any) -> Scenario:
        base = {
            "name": "tiny",
            "description": "tiny test scenario",
            "data": str(data or tiny_dir),
            "targets": {"set": "test"},
        }
        return Scenario.model_validate(deep_update(base, overrides))

    return make


@pytest.fixture(scope="session")
def compared():
    """plan2020, no-guidance and high-cost side by side, solved once for every test module
    that reads a comparison."""
    import emisim

    return emisim.compare(["plan2020", "no-guidance", "high-cost"])
