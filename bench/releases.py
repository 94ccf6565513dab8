"""How long ``credit release`` takes as earlier releases accumulate: one build and one release a night.

Every earlier release is re-checked and written anew each night (generator/carry.py), so the time grows with
the number of releases kept. Prints, every fifth night, how long that night's release took.

    .venv/bin/python bench/releases.py [--records records] [--nights 31] [--start 2026-10-01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=Path("records"))
    parser.add_argument("--nights", type=int, default=31)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2026, 10, 1))
    args = parser.parse_args()

    from generator.commands.build import build
    from generator.publish.data.releases import make_release

    with tempfile.TemporaryDirectory() as tmp:
        branch = Path(tmp) / "data-releases"
        branch.mkdir()
        day = args.start
        for night in range(args.nights):
            site = Path(tmp) / "site"
            build(args.records, site, day, pages=False)
            started = time.perf_counter()
            make_release(site, branch)
            took = time.perf_counter() - started
            releases = site / "data" / "releases"
            version = json.loads((releases / "index.json").read_text(encoding="utf-8"))["latest"]
            shutil.copytree(releases / version, branch / version)  # what publish.yml keeps on the branch
            shutil.copyfile(releases / "index.json", branch / "index.json")
            if night % 5 == 0 or night == args.nights - 1:
                print(f"night {night + 1}: release with {night} earlier releases took {took:.2f} s", flush=True)
            day += dt.timedelta(days=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
