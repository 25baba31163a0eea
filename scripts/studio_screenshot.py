"""Take the README's screenshot of emisim studio (docs/studio.png, 256 colours): plan2020 served on
127.0.0.1, the NOx target raised to 12 %, the page photographed by headless Chromium
(Debian's ``chromium``, driven by Playwright). ``python scripts/studio_screenshot.py``"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

import uvicorn
from PIL import Image
from playwright.sync_api import sync_playwright

from emisim.studio.app import Studio, create_app
from emisim.studio.server import listening_socket

OUT = Path(__file__).parents[1] / "docs" / "studio.png"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        studio = Studio("plan2020", out=tmp)
        sock = listening_socket("127.0.0.1", 0)
        server = uvicorn.Server(uvicorn.Config(create_app(studio), log_level="warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=shutil.which("chromium"))
                page = browser.new_page(viewport={"width": 1280, "height": 1280})
                page.goto(f"http://127.0.0.1:{sock.getsockname()[1]}/")
                page.wait_for_selector("#map path", timeout=120_000)
                box = page.locator('input[data-path="targets.overrides.NOX"]')
                box.fill("12")
                box.press("Enter")
                page.wait_for_selector('#detail[data-version="1"] #map path', timeout=120_000)
                page.screenshot(path=str(OUT))
                browser.close()
        finally:
            server.should_exit = True
            thread.join(10)
    with Image.open(OUT) as img:  # 256 colours: a small file for the README
        img.convert("RGB").quantize(256).save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
