"""Run the publishers side by side (issue 7): the open data and the search index in their own processes while
the pages render on every core.

Each publisher reads only the snapshot and writes its own part of the output (``data/`` and ``api/``;
``search/``; everything else), so running them at once cannot change a byte. The processes are forked, so the
snapshot is shared, not pickled; an exception in one is raised here, and the build fails as a whole.
"""

from __future__ import annotations

import contextlib
import time
from concurrent.futures import Future
from pathlib import Path

from generator.day.snapshot import Snapshot
from generator.publish.pages import PAGE_WORKER_SHARE, page_workers_forking
from generator.publish.pages.site import write_site
from generator.publish.registry import PUBLISHERS
from generator.runtime import HEADROOM, can_fork, fork_pool, meminfo_kb, rss_kb, settings

SIDE_SHARE = 0.7
"""What each side publisher adds to memory, as a share of the parent's resident size when the page workers fork
(the site model built: :data:`generator.publish.pages.page_workers_forking`): the pages it copies from its
parent (CPython writes an object's reference count whenever it is read, so a forked worker that reads the
snapshot copies most of it) and its own. Measured at 10k (2026-12-01, ``Private_*`` of
``/proc/<pid>/smaps_rollup`` beside a 536 MB parent): open data and search 223–335 MB. A page worker's share is
the pages' own (:data:`generator.publish.pages.PAGE_WORKER_SHARE`), sent with the signal. With the shares of
then (0.25 a page worker) a 200k build (6.1 GB parent) ran both beside the pages and the OOM killer ended it;
sized before the site model was built (6.0 GB, the model then took it to 9.8 GB), one beside the pages was still
too many (2026-12-02: the OOM killer ended a page worker with 10.6 GB resident, 3.5 GB of it its own). As many of
the open data and the search index run beside the pages as fit 1.25 times over in the memory the machine has
available; the others run after the pages, each in a process of its own that gives its memory back when it
ends. ``CREDIT_PUBLISH_SIDE_BY_SIDE=0|1|2`` sets how many run beside the pages (the others then run one at a
time)."""


MODEL_GROWTH = 1.63
"""How much this process grows while it builds the site model, as a factor of its size before: measured at 200k
(2026-12-02) from 6.0 to 9.8 GB. Side publishers that fit with this growth counted start before the model is
built (:func:`publish`), so that they run beside all of the pages' work (the model, a nightly's plan), not only
beside the page workers. At 10k (2026-12-02) the parent was about 0.5 GB: all three start before the model; at
200k none does (:func:`sides_that_fit` with 6.0 GB and 17 GB available), and they are sized when the page workers
fork, as before."""


def sides_that_fit(wanted: int, page_workers: int, page_share: float = 0.0, growth: float = 1.0) -> int:
    """How many of ``wanted`` side publishers fit in available memory beside ``page_workers`` page workers
    that each add ``page_share`` of this process (at least one when no pages are being written: the work has to
    be done). ``growth``: this process will still grow that many times (the site model, :data:`MODEL_GROWTH`);
    then the growth counts too, and every share is of the grown process, as if sized once it has grown."""
    available, rss = meminfo_kb("MemAvailable"), rss_kb()
    if available is None or rss is None:
        return wanted
    for k in range(wanted, 0, -1):
        if available >= HEADROOM * rss * ((growth - 1) + growth * (k * SIDE_SHARE + page_workers * page_share)):
            return k
    return 0 if page_workers else 1


def _timed(job: tuple[Snapshot, Path, str | None], which: str) -> tuple[float, dict[str, int]]:
    """One side publisher by name (:data:`generator.publish.registry.PUBLISHERS`): (seconds taken, rows per
    table). Runs here or in a worker forked with the job (snapshot, output folder, records commit)."""
    snapshot, out, commit = job
    t = time.perf_counter()
    rows = PUBLISHERS[which].write(snapshot, out, commit)
    return time.perf_counter() - t, rows


def publish(snapshot: Snapshot, out: Path, records: Path | None, commit: str | None, pages: bool,
            timings: dict[str, float]) -> tuple[dict[str, int], int]:
    """Write the site (when ``pages``) and the open data under ``out``; returns (rows per table, pages written).
    ``timings`` gets ``pages`` and one entry per publisher, each as long as that publisher ran."""
    run = settings()
    job = (snapshot, out, commit)
    sides = [name for name in PUBLISHERS if pages or not PUBLISHERS[name].with_pages]
    done: dict[str, tuple[float, dict[str, int]]] = {}
    n = 0
    if not pages or len(snapshot.enterprises) < run.parallel_min_enterprises or not can_fork(run.workers):
        if pages:
            t = time.perf_counter()
            n = write_site(snapshot, out, records=records, search=False)
            timings["pages"] = time.perf_counter() - t
        for name in sides:
            done[name] = _timed(job, name)
    else:
        forced = run.side_by_side
        with contextlib.ExitStack() as beside:
            running: dict[str, Future[tuple[float, dict[str, int]]]] = {}

            def start(k: int) -> None:
                if k and not running:
                    pool = beside.enter_context(fork_pool(job, k))  # forks on submit
                    running.update({w: pool.submit(_timed, w) for w in sides[:k]})

            def start_beside(_generator: object, workers: int, share: float) -> None:
                """Sized when the page workers are about to fork (the site model built), unless started already."""
                if not running:
                    start(forced if forced is not None else sides_that_fit(len(sides), workers, share))

            if forced is None and sides_that_fit(len(sides), run.workers, PAGE_WORKER_SHARE, MODEL_GROWTH) == len(sides):
                start(len(sides))  # room for all of them, the model and the page workers: now, beside all the pages
            page_workers_forking.connect(start_beside, weak=False)
            try:
                t = time.perf_counter()
                n = write_site(snapshot, out, records=records, search=False)
                timings["pages"] = time.perf_counter() - t
            finally:
                page_workers_forking.disconnect(start_beside)
            done |= {w: f.result() for w, f in running.items()}
        rest = [w for w in sides if w not in done]
        while rest:
            k = 1 if forced is not None else sides_that_fit(len(rest), 0)
            batch, rest = rest[:k], rest[k:]
            with fork_pool(job, len(batch)) as pool:
                running = {w: pool.submit(_timed, w) for w in batch}
                done |= {w: f.result() for w, f in running.items()}
    rows: dict[str, int] = {}
    for name in sides:
        timings[name], part = done[name]
        rows |= part
    return rows, n
