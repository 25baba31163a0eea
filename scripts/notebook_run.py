"""Executing the teaching notebooks for the repository, and comparing executions.

``make_notebooks.py`` writes each notebook executed (outputs in, so a repository page shows
its figures): the cells run top to bottom in a fresh kernel in a temporary folder (nothing
is written inside notebooks/), with small PNG figures, no timing metadata and the kernel's
version details left out, so that only what the cells show is stored. ``tests/
test_notebooks.py`` checks a stored notebook against the generator's cells (:func:`strip`)
and its outputs against a fresh execution (:func:`shown`, volatile parts masked).
"""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

#: Figures stored at this resolution (inline PNG): small files, readable on a page.
DPI = 60
#: Run first in every kernel: the inline backend's PNG at DPI, without metadata.
SETUP = (
    "%config InlineBackend.figure_formats = ['png']\n"
    f"%config InlineBackend.rc = {{'figure.dpi': {DPI}, 'savefig.dpi': {DPI}}}\n"
    "%config InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', "
    "'metadata': {'Software': None}}"
)
#: Text that changes from one execution to the next: timings, temporary paths, addresses.
VOLATILE = (
    (re.compile(r"/tmp/[^\s'\"),]*"), "<tmp>"),
    (re.compile(r"0x[0-9a-f]{6,}"), "<address>"),
    (re.compile(r"\d+(?:[.,]\d+)*\s?(?:ms|s|solves/s|runs/s)\b"), "<time>"),
)


def execute(
    nb: nbformat.NotebookNode, folder: Path | None = None, timeout: int = 600
) -> nbformat.NotebookNode:
    """``nb`` executed in a fresh kernel whose working folder is ``folder`` (default: a
    temporary one), outputs and execution counts in; its metadata as it was."""
    run = strip(nb)
    metadata = copy.deepcopy(nb.metadata)
    run.cells.insert(0, nbformat.v4.new_code_cell(SETUP))  # run first, not stored
    with tempfile.TemporaryDirectory(prefix="emisim-nb-") as scratch:
        client = NotebookClient(
            run,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(folder or scratch)}},
        )
        client.execute()
    setup = run.cells.pop(0)
    for cell in run.cells:  # counted from the first stored cell
        if cell.cell_type == "code" and cell.execution_count is not None:
            cell.execution_count -= setup.execution_count
    run.metadata = metadata
    return run


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` without outputs and execution counts: what the generator's cells are."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return out


def mask(text: str) -> str:
    for pattern, word in VOLATILE:
        text = pattern.sub(word, text)
    return text


def shown(cell: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """What a code cell shows, comparable across executions: each output's kind and its
    text (volatile parts masked); an image only as its presence."""
    out = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            out.append((o.name, mask(o.text)))
        elif o.output_type == "error":
            out.append(("error", o.ename))
        elif "image/png" in o.data:
            out.append(("image", ""))
        else:
            data = o.data.get("text/html") or o.data.get("text/plain", "")
            out.append((o.output_type, mask(str(data))))
    return out
