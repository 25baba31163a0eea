"""Reports: comparison charts, the HTML report and the workbook. Imports the model and
results layers; nothing in ``model/`` or ``solvers/`` imports this package."""

from __future__ import annotations

from emisim.reports.export import write_comparison

__all__ = ["write_comparison"]
