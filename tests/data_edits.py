"""Edited copies of the shipped data for tests of what loading them reports: the copy,
table edits (set a cell, scale a column) and the (file, column) of every error."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from emisim.model.data import embedded_path, load_dataset
from emisim.model.errors import DataError

WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def shipped_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped tables (not their inputs and sources) in a fresh folder."""
    folder = tmp_path_factory.mktemp("shipped") / "data"
    shutil.copytree(embedded_path(), folder, ignore=shutil.ignore_patterns("inputs", "sources"))
    return folder


def changed(shipped: Path, target: Path, edits: dict[str, Callable]) -> Path:
    """A copy of the shipped data with each named table passed through its edit."""
    folder = target / "data"
    shutil.copytree(shipped, folder, dirs_exist_ok=True)
    for name, edit in edits.items():
        path = folder / f"{name}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        edit(frame).to_csv(path, index=False)
    return folder


def errors(folder: Path) -> list[DataError]:
    """Every error loading ``folder`` (which must fail), in the order reported."""
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return list(getattr(info.value, "errors", [info.value]))


def found(folder: Path) -> list[tuple[str, str | None]]:
    """(file, column) of every error loading ``folder``."""
    return [(Path(e.file).name, e.column) for e in errors(folder)]


def setting(column: str, value: str, where: Callable[[pd.DataFrame], pd.Series]) -> Callable:
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[where(frame), column] = value
        return frame

    return edit


def scaled(column: str, factor: float) -> Callable:
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        frame[column] = (frame[column].astype(float) * factor).map(repr)
        return frame

    return edit
