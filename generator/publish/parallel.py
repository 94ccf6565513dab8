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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.day.snapshot import Snapshot

PARALLEL_MIN_ENTERPRISES = 500
"""Below this many enterprises the publishers take well under a second: forking costs more than it saves."""

SIDE_SHARE = 0.7
PAGE_WORKER_SHARE = 0.25
"""What each forked publisher adds to memory, as a share of the parent's resident size when publishing
starts (measured at 10k: open data 271 MB and search 255 MB beside a 426 MB parent, each page worker
90 MB). As many of the open data and the search index run beside the pages as fit 1.25 times over in the
memory the machine has available; the others run after the pages, each in a process of its own that gives
its memory back when it ends. ``CREDIT_PUBLISH_SIDE_BY_SIDE=0|1|2`` sets how many run beside the pages (the
others then run one at a time)."""


def _meminfo_kb(field: str) -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _rss_kb() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return None


def sides_that_fit(wanted: int, page_workers: int) -> int:
    """How many of ``wanted`` side publishers fit in available memory beside ``page_workers`` page workers
    (at least one when no pages are being written: the work has to be done)."""
    available, rss = _meminfo_kb("MemAvailable"), _rss_kb()
    if available is None or rss is None:
        return wanted
    for k in range(wanted, 0, -1):
        if available >= 1.25 * rss * (k * SIDE_SHARE + page_workers * PAGE_WORKER_SHARE):
            return k
    return 0 if page_workers else 1


_JOB: tuple[Snapshot, Path, str | None] | None = None


def _timed(which: str, snapshot: Snapshot, out: Path, commit: str | None) -> tuple[float, dict[str, int]]:
    """One side publisher ("data" or "search"): (seconds taken, rows per table — the open data's only)."""
    t = time.perf_counter()
    rows: dict[str, int] = {}
    if which == "data":
        from generator.publish.data.write import write_data

        rows = write_data(snapshot, out, commit)
    else:
        from generator.publish.search.index import write_search_index

        write_search_index(snapshot, out / "search")
    return time.perf_counter() - t, rows


def _side(which: str) -> tuple[float, dict[str, int]]:
    """Worker: one side publisher (the job was set before the fork)."""
    assert _JOB is not None
    return _timed(which, *_JOB)


def publish(snapshot: Snapshot, out: Path, records: Path | None, commit: str | None, pages: bool,
            timings: dict[str, float]) -> tuple[dict[str, int], int]:
    """Write the site (when ``pages``) and the open data under ``out``; returns (rows per table, pages written).
    ``timings`` gets ``pages``, ``search`` and ``data``, each as long as that publisher ran."""
    workers = int(os.environ.get("CREDIT_WORKERS") or os.cpu_count() or 1)
    least = int(os.environ.get("CREDIT_PARALLEL_MIN_ENTERPRISES") or PARALLEL_MIN_ENTERPRISES)
    if not pages or workers < 2 or len(snapshot.enterprises) < least or not hasattr(os, "fork"):
        n = 0
        if pages:
            from generator.publish.pages.site import write_site

            t = time.perf_counter()
            n = write_site(snapshot, out, records=records, search=False)
            timings["pages"] = time.perf_counter() - t
            timings["search"], _ = _timed("search", snapshot, out, commit)
        timings["data"], rows = _timed("data", snapshot, out, commit)
        return rows, n

    global _JOB
    _JOB = (snapshot, out, commit)
    fork = multiprocessing.get_context("fork")
    from generator.publish.pages.site import write_site

    forced = os.environ.get("CREDIT_PUBLISH_SIDE_BY_SIDE")
    beside = int(forced) if forced in ("0", "1", "2") else sides_that_fit(2, workers)
    rest = ["data", "search"]  # the open data first: it takes longer
    now, rest = rest[:beside], rest[beside:]
    done: dict[str, tuple[float, dict[str, int]]] = {}
    try:
        with ProcessPoolExecutor(max_workers=max(1, len(now)), mp_context=fork) as pool:  # forks on submit
            running = {w: pool.submit(_side, w) for w in now}
            t = time.perf_counter()
            n = write_site(snapshot, out, records=records, search=False)
            timings["pages"] = time.perf_counter() - t
            done |= {w: f.result() for w, f in running.items()}
        while rest:
            k = 1 if forced is not None else sides_that_fit(len(rest), 0)
            batch, rest = rest[:k], rest[k:]
            with ProcessPoolExecutor(max_workers=len(batch), mp_context=fork) as pool:
                running = {w: pool.submit(_side, w) for w in batch}
                done |= {w: f.result() for w, f in running.items()}
    finally:
        _JOB = None
    timings["data"], rows = done["data"]
    timings["search"], _ = done["search"]
    return rows, n
