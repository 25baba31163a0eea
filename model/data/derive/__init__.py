"""Derivation of a dataset's model tables from its authored inputs (see build.py)."""

from emisim.model.data.derive.build import build

__all__ = ["build"]
