"""Run ``credit diff`` once (``generator.commands.diff.run_diff``) and print its timings as JSON (one line on stdout).

    .venv/bin/python bench/diff_timed.py --records DIR --base REF --as-of 2026-11-22 [--checkout] [--report FILE]

Reports how the base was made (``overlay``: from the working tree's records, or ``checkout``: the whole base
read from git and loaded), how many files differ, the time of each stage (git ls-tree, load head, overlay or
checkout + load of the base, then validate + compute of both sides and the comparison), the report's first line
and its SHA-256 (two runs that must agree can be checked), and this process's peak RSS.

``--checkout`` takes the path ``credit diff`` took before the overlay (the base checked out whole), by refusing the
overlay in this process only (nothing in the generator is changed); it still validates and computes the two
sides beside each other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=Path, required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    ap.add_argument("--checkout", action="store_true", help="check the base out whole (the path before the overlay)")
    ap.add_argument("--report", type=Path, help="also write the report (Markdown) here")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    from generator.commands import diff_sides
    from generator.commands.diff import run_diff
    from generator.records.overlay import NotFast

    import_s = time.perf_counter() - started
    if args.checkout:
        def refuse(*_args: object) -> dict[str, str | None]:
            raise NotFast("bench: --checkout")

        diff_sides.changes = refuse  # type: ignore[assignment]
    code, text, sides = run_diff(args.records, args.base, args.as_of)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    print(json.dumps({
        "ok": code == 0,
        "exit": code,
        "how": sides.how,
        "why": sides.why,
        "changed": sides.changed,
        "import_s": round(import_s, 3),
        "wall_s": round(time.perf_counter() - started, 3),
        "timings": {k: round(v, 3) for k, v in sides.timings.items()},
        "summary": text.splitlines()[0] if text else "",
        "report_sha256": hashlib.sha256(text.encode()).hexdigest()[:16],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, ensure_ascii=False))
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
