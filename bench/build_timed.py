"""Run ``generator.commands.build.build()`` once and print its timings as JSON (one line on stdout).

    .venv/bin/python bench/build_timed.py --records DIR --output DIR --as-of 2026-11-22 [--data-only]

Besides ``BuildResult.timings`` (load+validate, compute, pages, data, total) it reports:

* ``publish``: the wall time of writing the output, during which ``pages``, ``search`` and ``data`` run side
  by side (each timed in its own process, so they overlap: generator/publish/parallel.py);
* ``rss_after_mb``: this process's peak resident set size after each stage (``ru_maxrss``), so a stage
  that needs the memory shows up;
* counts: pages, public records, enterprises, rows per table.

Nothing in the generator is changed: this script only calls it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=Path, required=True)
    ap.add_argument("--output", type=Path, required=True)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    ap.add_argument("--data-only", action="store_true")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    from generator.commands import build as build_mod

    import_s = time.perf_counter() - started
    marks: list[tuple[str, float, float]] = []

    def step(name: str) -> None:
        marks.append((name, time.perf_counter() - started, peak_mb()))

    from generator.records.problems import RecordsInvalid

    try:
        result = build_mod.build(args.records, args.output, args.as_of, pages=not args.data_only, step=step)
    except RecordsInvalid as exc:
        print(json.dumps({"ok": False, "error": f"{len(exc.problems)} problems in the records",
                          "first": [p.text() for p in exc.problems[:5]]}, ensure_ascii=False))
        return 1
    except Exception as exc:  # noqa: BLE001 - report any failure as data for the harness
        print(json.dumps({
            "ok": False, "error": f"{type(exc).__name__}: {exc}"[:2000], "failed_at_s": round(time.perf_counter() - started, 3),
            "steps": [{"step": n, "at_s": round(t, 3), "peak_rss_mb_before": round(r, 1)} for n, t, r in marks],
            "peak_rss_mb": round(peak_mb(), 1),
        }, ensure_ascii=False))
        return 1
    total = time.perf_counter() - started
    timings = dict(result.timings)
    out = {
        "ok": True,
        "pages_built": not args.data_only,
        "import_s": round(import_s, 3),
        "wall_s": round(total, 3),
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "steps": [{"step": n, "at_s": round(t, 3), "peak_rss_mb_before": round(r, 1)} for n, t, r in marks],
        "peak_rss_mb": round(peak_mb(), 1),
        "pages": result.pages,
        "enterprises": len(result.snapshot.enterprises),
        "public_records": len(result.snapshot.records),
        "ratings": len(result.snapshot.ratings),
        "rows": result.rows,
        "warnings": sum(1 for p in result.problems if p.severity == "warning"),
    }
    stages = sum(timings.get(k, 0.0) for k in ("load+validate", "compute", "publish"))
    if "total" in timings and timings["total"] - stages > 0.05:
        # outside the stages: the records' git commit and the atomic swap (keeping unchanged files)
        out["timings"]["swap+other"] = round(timings["total"] - stages, 3)
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
