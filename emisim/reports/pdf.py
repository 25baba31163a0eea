"""``report.pdf`` from ``report.html`` through headless Chromium, which applies the report's
print stylesheet (every section open, charts kept with their captions, A4 pages).

Chromium is found on the PATH (Debian's ``chromium``, or ``chromium-browser``,
``google-chrome``); without one, asking for a PDF is a one-line error saying what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from emisim.model.errors import EmisimError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Flags for a headless, offline, throw-away Chromium (no profile, no network services).
HEADLESS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def find_chromium() -> str | None:
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


def chromium_command(exe: str, profile: str, *args: str) -> list[str]:
    return [exe, *HEADLESS, f"--user-data-dir={profile}", *args]


def html_to_pdf(html: Path, pdf: Path, *, timeout_s: float = 180.0) -> Path:
    """Print ``html`` to ``pdf`` with headless Chromium and return ``pdf``."""
    exe = find_chromium()
    if exe is None:
        raise EmisimError(
            "--pdf needs Chromium on the PATH to print the report "
            "(Debian/Ubuntu: apt-get install chromium); report.html was not converted"
        )
    with tempfile.TemporaryDirectory() as profile:
        args = (f"--print-to-pdf={pdf}", "--no-pdf-header-footer", Path(html).resolve().as_uri())
        done = subprocess.run(
            chromium_command(exe, profile, *args),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    if done.returncode != 0 or not Path(pdf).is_file():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise EmisimError(f"Chromium could not print {Path(html).name} to PDF: {last}")
    return Path(pdf)
