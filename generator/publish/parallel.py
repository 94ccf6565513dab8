"""Run the publishers side by side (issue 7): the open data and the search index in their own processes while
the pages render on every core.

Each publisher reads only the snapshot and writes its own part of the output (``data/`` and ``api/``;
``search/``; everything else), so running them at once cannot change a byte. The processes are forked, so the
snapshot is shared, not pickled; an exception in one is raised here, and the build fails as a whole.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ..snapshot import Snapshot

PARALLEL_MIN_ENTERPRISES = 500
"""Below this many enterprises the publishers take well under a second: forking costs more than it saves."""

_JOB: tuple[Snapshot, Path, str | None] | None = None


def _side(which: str) -> tuple[float, dict[str, int]]:
    """Worker: one publisher, timed (the job was set before the fork)."""
    assert _JOB is not None
    snapshot, out, commit = _JOB
    t = time.perf_counter()
    rows: dict[str, int] = {}
    if which == "data":
        from .data import write_data

        rows = write_data(snapshot, out, commit)
    else:
        from .search_index import write_search_index

        write_search_index(snapshot, out / "search")
    return time.perf_counter() - t, rows


def publish(snapshot: Snapshot, out: Path, records: Path | None, commit: str | None, pages: bool,
            timings: dict[str, float]) -> tuple[dict[str, int], int]:
    """Write the site (when ``pages``) and the open data under ``out``; returns (rows per table, pages written).
    ``timings`` gets ``pages``, ``search`` and ``data``, each as long as that publisher ran."""
    from .data import write_data
    from .search_index import write_search_index

    workers = int(os.environ.get("CREDIT_WORKERS") or os.cpu_count() or 1)
    least = int(os.environ.get("CREDIT_PARALLEL_MIN_ENTERPRISES") or PARALLEL_MIN_ENTERPRISES)
    if not pages or workers < 2 or len(snapshot.enterprises) < least or not hasattr(os, "fork"):
        n = 0
        if pages:
            from .site import write_site

            t = time.perf_counter()
            n = write_site(snapshot, out, records=records, search=False)
            timings["pages"] = time.perf_counter() - t
            t = time.perf_counter()
            write_search_index(snapshot, out / "search")
            timings["search"] = time.perf_counter() - t
        t = time.perf_counter()
        rows = write_data(snapshot, out, commit)
        timings["data"] = time.perf_counter() - t
        return rows, n

    global _JOB
    _JOB = (snapshot, out, commit)
    try:
        with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
            side: dict[str, Future[tuple[float, dict[str, int]]]] = {w: pool.submit(_side, w) for w in ("data", "search")}
            from .site import write_site

            t = time.perf_counter()
            n = write_site(snapshot, out, records=records, search=False)
            timings["pages"] = time.perf_counter() - t
            timings["data"], rows = side["data"].result()
            timings["search"], _ = side["search"].result()
    finally:
        _JOB = None
    return rows, n
