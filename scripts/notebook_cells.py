"""Cell constructors shared by the notebook scripts (``make_notebooks.py`` and the cell
modules it imports): markdown, code, and code cells tagged "figure" (the notebook test
checks each of those shows an image)."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell


def md(text: str):
    return new_markdown_cell(text.strip())


def code(text: str):
    return new_code_cell(text.strip())


def figure(text: str):
    """A code cell whose output is a figure (checked by the notebook test)."""
    return new_code_cell(text.strip(), metadata={"tags": ["figure"]})
