"""emisim's own exceptions. The CLI turns any of them into one clear line and exit code 2."""

from __future__ import annotations

import reprlib
from pathlib import Path

#: Longest quotation of a user's value in an error message: a hostile value (a huge
#: string, an expanded YAML alias bomb, a 10,000-deep nesting) must never flood the
#: terminal or exhaust memory.
EXCERPT_CHARS = 80

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4
_REPR.maxstring = _REPR.maxother = 60


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A bounded ``repr`` of ``value`` (at most ``limit`` characters), safe for any size."""
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class EmisimError(Exception):
    """Base class: a user-facing problem with a specific, readable message."""


class DataError(EmisimError):
    """A dataset file is malformed. Names the file, the row (1-based, header = row 1) and column."""

    def __init__(
        self,
        file: str | Path,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = str(file)
        self.row = row
        self.column = column
        self.detail = message
        where = self.file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


class DataErrors(DataError):
    """Every problem of one dataset, found in one pass; ``errors`` lists them. The
    message has one line per problem, each naming file, row and column."""

    def __init__(self, errors: list[DataError]) -> None:
        first = errors[0]
        super().__init__(first.file, first.detail, row=first.row, column=first.column)
        self.errors = list(errors)
        if len(errors) > 1:
            self.args = ("\n".join(str(e) for e in errors),)

    def __str__(self) -> str:
        return str(self.args[0])


class ScenarioError(EmisimError):
    """A scenario file is malformed or names something unknown. Names the file and the key."""

    def __init__(self, file: str | Path, message: str, *, key: str | None = None) -> None:
        self.file = str(file)
        self.key = key
        self.detail = message
        shown = (
            key if key is None or len(key) <= EXCERPT_CHARS else key[: EXCERPT_CHARS - 3] + "..."
        )
        where = self.file + (f", key '{shown}'" if key else "")
        super().__init__(f"{where}: {message}")


class InfeasibleError(EmisimError):
    """The scenario's requirements cannot all hold at once; the message names the conflict."""


class SolverError(EmisimError):
    """The solver failed for a reason other than infeasibility (time limit, numerical trouble)."""


class ArgumentError(EmisimError, TypeError):
    """An API function was called with an argument of the wrong type (a TypeError too)."""


class NoSolutionError(EmisimError, AttributeError):
    """A result's tables were asked for but the solve produced none (e.g. infeasible)."""


def expect(value: object, types: type | tuple[type, ...], what: str) -> None:
    """Raise :class:`ArgumentError` unless ``value`` is one of ``types``; ``what`` says
    what was expected, e.g. ``"scenario: a name, a YAML path or a Scenario"``."""
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in _tuple(types)):
        raise ArgumentError(f"{what}; got {type(value).__name__} {excerpt(value)}")


def _tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


class SweepError(EmisimError):
    """A sweep spec is malformed, or its stored runs belong to a different spec."""
