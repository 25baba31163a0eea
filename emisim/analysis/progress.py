"""Progress of a long analysis, for whoever shows it (the CLI draws tqdm bars).

An analysis calls ``progress(step, total, **values)`` once per step (``step`` a fixed
English key: ``ranges``, ``must-haves``, ``curve``, ``frontier``; ``total`` the number of
solves expected, ``None`` if unknown) and gets a counter with ``update(n)``, ``close()``
and a settable ``total``; without a factory nothing is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class Counter(Protocol):
    total: Any

    def update(self, n: int = 1) -> object: ...

    def close(self) -> object: ...


ProgressFactory = Callable[..., Counter]


class _Silent:
    total: Any = None

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def counter(progress: ProgressFactory | None, step: str, total: int | None, **values) -> Counter:
    """A counter from ``progress``, or one that shows nothing."""
    return _Silent() if progress is None else progress(step, total, **values)
