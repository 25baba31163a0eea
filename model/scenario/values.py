"""One value checked by the schema that would hold it, without a whole scenario or table.

The re-solve engine and the sweeps change one number at a time (a city target, a band
multiple, the discount rate, a measure's cost); each is checked here by the pydantic type
of the scenario key (:mod:`emisim.model.scenario.schema`) or of the data column
(:mod:`emisim.model.data.schema`) that would hold it, so an out-of-range value fails with
the schema's own words before anything is solved, and the ranges are stated once.
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from emisim.model.data import schema as data_schema
from emisim.model.errors import ArgumentError
from emisim.model.scenario.schema import Scenario

STRICT = ConfigDict(strict=True)


def checked(path: str, value: Any) -> Any:
    """``value`` if the scenario key ``path`` (dotted, e.g. ``growth.multiplier``,
    ``targets.overrides.NOX``, ``guidance.bands.air.large.lower``) may hold it, else
    :class:`ArgumentError` with the schema's message. Checks the key's own type only
    (rules that span keys, like a band's lower <= upper, are the caller's)."""
    adapter, rest = _adapter(path)
    doc: Any = value
    for key in reversed(rest):
        doc = {key: doc}
    try:
        adapter.validate_python(doc)
    except ValidationError as exc:
        raise ArgumentError(f"{path} = {value!r}: {_message(exc)}") from None
    return value


def checked_column(table: str, column: str, value: Any, what: str) -> Any:
    """``value`` if the data column ``table.column`` may hold it (e.g. ``potentials``,
    ``potential``), else :class:`ArgumentError` naming ``what``."""
    try:
        _column(table, column).validate_python(value)
    except ValidationError as exc:
        raise ArgumentError(f"{what} = {value!r}: {_message(exc)}") from None
    return value


def _message(exc: ValidationError) -> str:
    err = exc.errors()[0]
    return err["msg"]


@cache
def _adapter(path: str) -> tuple[TypeAdapter, tuple[str, ...]]:
    """The adapter of the deepest model field on ``path`` and the keys below it."""
    model: type[BaseModel] = Scenario
    keys = path.split(".")
    for i, key in enumerate(keys):
        field = model.model_fields.get(key)
        if field is None:
            known = ", ".join(model.model_fields)
            raise ArgumentError(f"{path}: no key '{key}' here; one of {known}")
        annotation = field.annotation
        inner = _model_of(annotation)
        if inner is not None and i < len(keys) - 1:
            model = inner
            continue
        adapter = TypeAdapter(_annotated(field), config=None if inner else STRICT)
        return adapter, tuple(keys[i + 1 :])
    raise ArgumentError(f"{path}: names a section, not a value")


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a key holds: itself, optional, or the items of a list of them."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    args = get_args(annotation)
    if get_origin(annotation) is list or type(None) in args:
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return None


def _annotated(field: Any) -> Any:
    from typing import Annotated

    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


@cache
def _column(table: str, column: str) -> TypeAdapter:
    spec = next(s for s in data_schema.TABLES if s.name == table)
    return TypeAdapter(_annotated(spec.row.model_fields[column]), config=STRICT)
