"""Reports: comparison charts, the HTML report and the workbook. Imports the model and
results layers; nothing in ``model/`` or ``solvers/`` imports this package.

``write_comparison`` is loaded on first use, so importing a light module of this package
(the message catalogue, :mod:`.i18n`) does not import matplotlib: every CLI command
starts without it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plain_axes", "write_comparison"]


def __getattr__(name: str) -> Any:
    if name == "write_comparison":
        from emisim.reports.export import write_comparison

        return write_comparison
    if name == "plain_axes":  # a notebook's own chart, numbered like the report's
        from emisim.reports.ticks import plain_axes

        return plain_axes
    raise AttributeError(name)
