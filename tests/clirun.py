"""Run the emisim command line in a fresh process, as a user's shell would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def cli(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``emisim ARGS`` in ``cwd``: exit code, stdout and stderr as text."""
    return subprocess.run(
        [sys.executable, "-m", "emisim.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
    )
