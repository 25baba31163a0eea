"""Mappings and lists that refuse in-place changes: a scenario is immutable in depth.

The scenario models are frozen (no attribute can be set), and their dict and list values
are these, so ``scenario.targets.overrides["SO2"] = 5.0`` fails at once instead of
changing a scenario behind the schema's back. A changed scenario is made with
``Scenario.with_changes`` (validated). Both types are a ``dict`` and a ``list`` for every
reader (pydantic dumps them as plain ones), and pickle.
"""

from __future__ import annotations

from typing import Any, NoReturn

HOW = "scenarios are immutable: make a changed copy with scenario.with_changes(...)"


def _refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise TypeError(HOW)


class FrozenDict(dict):
    """A dict that refuses changes."""

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __reduce__(self) -> tuple:
        return (FrozenDict, (dict(self),))


class FrozenList(list):
    """A list that refuses changes."""

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = remove = pop = clear = sort = reverse = _refuse

    def __reduce__(self) -> tuple:
        return (FrozenList, (list(self),))


def frozen(value: Any) -> Any:
    """``value`` with every dict and list in it (not models: they freeze themselves)
    made a FrozenDict or FrozenList."""
    if isinstance(value, dict) and not isinstance(value, FrozenDict):
        return FrozenDict({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list) and not isinstance(value, FrozenList):
        return FrozenList(frozen(v) for v in value)
    return value
