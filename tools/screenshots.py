"""Screenshots of the enterprise pages a reviewer should look at (issue 14): a vetoed enterprise, a five-star
one and a black-listed one, on a desktop (1366×900) and a phone (390×844), in Debian's Chromium.

    make screenshots          # = .venv/bin/python tools/screenshots.py; writes test-artifacts/screenshots/*.png

The pages are chosen from the built data, not by name: the first vetoed and the first five-star enterprise of
the demo (records/, as of 2026-11-22) and the first black-listed one of the Hulunbuir example (as of
2026-04-10).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
OUT = REPO / "test-artifacts" / "screenshots"
SIZES = ((1366, 900), (390, 844))


def _rows(site: Path, table: str) -> list[dict[str, str]]:
    with (site / "data" / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return None


def main() -> int:
    from playwright.sync_api import sync_playwright

    from generator.commands.build import build

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        demo, hlbe = Path(tmp) / "demo", Path(tmp) / "hulunbuir"
        build(REPO / "records", demo, dt.date(2026, 11, 22))
        build(REPO / "examples" / "hulunbuir" / "records", hlbe, dt.date(2026, 4, 10))
        ents = _rows(demo, "enterprises")
        pages = {
            "vetoed": (demo, next(e["uscc"] for e in ents if e["level_status"] == "vetoed")),
            "five-star": (demo, next(e["uscc"] for e in ents if e["level"] == "5")),
            "black-listed": (hlbe, next(g["uscc"] for g in _rows(hlbe, "grades") if g["black_list"] == "true")),
        }
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for name, (site, uscc) in pages.items():
                handler = functools.partial(_Quiet, directory=str(site))
                server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
                threading.Thread(target=server.serve_forever, daemon=True).start()
                try:
                    for width, height in SIZES:
                        context = browser.new_context(viewport={"width": width, "height": height})
                        page = context.new_page()
                        page.goto(f"http://127.0.0.1:{server.server_address[1]}/enterprises/{uscc}/", wait_until="load")
                        path = OUT / f"enterprise-{name}-{width}x{height}.png"
                        page.screenshot(path=str(path), full_page=True)
                        context.close()
                        print(path.relative_to(REPO))
                finally:
                    server.shutdown()
                    server.server_close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
