"""The sessions of one studio server: one :class:`Session` (and engine) per browser,
created on its first visit, freed after ``idle_s`` seconds without a request."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable

from emisim.studio.session import Session

COOKIE = "emisim_studio"


class Sessions:
    def __init__(self, factory: Callable[[], Session], idle_s: float = 1800.0) -> None:
        self.factory = factory
        self.idle_s = idle_s
        self._by_id: dict[str, Session] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, sid: str | None) -> Session | None:
        """The live session ``sid`` (its clock restarted), or None."""
        self.expire()
        with self._lock:
            s = self._by_id.get(sid or "")
        if s is not None:
            s.last_used = time.monotonic()
        return s

    def new(self) -> tuple[str, Session]:
        sid = secrets.token_urlsafe(24)
        s = self.factory()  # solves the base: outside the store's own lock
        s.last_used = time.monotonic()  # idle from now, not from when loading began
        with self._lock:
            self._by_id[sid] = s
        return sid, s

    def expire(self) -> list[str]:
        """Free every session idle longer than ``idle_s`` (its engine with it)."""
        now = time.monotonic()
        with self._lock:
            gone = [k for k, s in self._by_id.items() if now - s.last_used > self.idle_s]
            for k in gone:
                close = getattr(self._by_id.pop(k), "close", None)
                if close is not None:  # its background job, if queued, is not run
                    close()
        return gone
