"""What the code lists and the self-describing package cost (issue 15), against the six data tables alone,
in the same run on the same snapshot (the machine is shared: compare within a run, not across runs).

A synthetic tree (``python -m tools.fakedata tree``) is loaded and computed once; then the open data is written
three times each way, alternating: all tables (``write_data``) and the six contract tables only (the same
writer with the code lists left out: what the package cost before issue 15, but for the README, licence,
metadata, views and indexes that ``write_package`` always writes). Prints the best time of each, and the sizes.

    .venv/bin/python bench/open_data.py [--enterprises 10000] [--records 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))  # tools.fakedata


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from generator.day import open_day
    from generator.publish.data import write
    from generator.publish.data.tables import TABLES
    from tools.fakedata.tree import synth

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "records"
        synth(args.enterprises, args.records, args.seed, root)
        snap = open_day(root, None).snapshot
        six = tuple(t for t in TABLES if not t.reference)
        best: dict[str, float] = {}
        sizes: dict[str, tuple[int, int, int]] = {}
        for _ in range(args.rounds):
            for label, tables in (("all tables", TABLES), ("six data tables", six)):
                out = Path(tmp) / "out"
                if out.exists():
                    shutil.rmtree(out)
                write.TABLES = tables  # the writer's table list, for this measurement only
                started = time.perf_counter()
                write.write_data(snap, out)
                took = time.perf_counter() - started
                best[label] = min(best.get(label, took), took)
                data = out / "data"
                sizes[label] = (_size(data), (data / "credit.sqlite").stat().st_size,
                                next(data.glob("*.zip")).stat().st_size)
        write.TABLES = TABLES
        print(f"{args.enterprises} enterprises, {args.records} records, as of today; best of {args.rounds}:")
        print("| tables | write_data (s) | data/ (MB) | credit.sqlite (MB) | zip (MB) |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label in ("six data tables", "all tables"):
            total, sqlite, zipped = sizes[label]
            print(f"| {label} | {best[label]:.2f} | {total / 1e6:.1f} | {sqlite / 1e6:.1f} | {zipped / 1e6:.1f} |")
        ratio = best["all tables"] / best["six data tables"]
        print(f"code lists: {ratio:.2f}× the time of the six tables alone")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
