"""The runtime: the settings a run reads from its environment (once, here) and the ways work is spread over
forked worker processes: a pool (:func:`fork_pool`) and a companion (:class:`Companion`).

Settings (environment variables; every one optional):

=================================  =====================================================================
``CREDIT_WORKERS``                 worker processes for loading, pages and publishers (default: every core)
``CREDIT_POOL_MIN_FILES``          parse in workers from this many record files (default 2,000)
``CREDIT_PARALLEL_MIN_PAGES``      render pages in workers from this many pages (default 2,000)
``CREDIT_PARALLEL_MIN_ENTERPRISES``  run the publishers side by side from this many enterprises (default 500)
``CREDIT_PUBLISH_SIDE_BY_SIDE``    0, 1 or 2 publishers beside the pages (default: as many as memory allows)
``CREDIT_CACHE``                   ``off`` turns every cache off: the parse cache, the output's digests and
                                   the file store (generator/publish/file_store.py)
``CREDIT_CACHE_DIR``               where the caches live (default: the user's cache folder)
``CREDIT_CARRY``                   ``on``: a build that keeps its output carries what it computed to the next
                                   night (generator/day/carry.py; default off: bench/README.md "Step 4")
=================================  =====================================================================

A command reads them once when it starts (:func:`configure`, from ``credit``'s entry point); code called as a
library reads them when it asks (:func:`settings`). Workers are forked, so what they work on is shared with
them, not pickled: :func:`fork_pool` hands each worker the job as it was at the fork.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

J = TypeVar("J")
T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")
M = TypeVar("M")

_OFF = ("0", "off", "no", "false")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    return int(value) if value.isdigit() else default


@dataclass(frozen=True)
class Settings:
    workers: int
    pool_min_files: int
    parallel_min_pages: int
    parallel_min_enterprises: int
    side_by_side: int | None  # None: as many as fit in memory
    cache: bool
    cache_dir: str | None  # None: the user's cache folder
    carry: bool = False  # a kept output's nightly takes over what the last night computed (generator.day.carry)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        side = env.get("CREDIT_PUBLISH_SIDE_BY_SIDE", "")
        return cls(
            workers=max(1, _int(env, "CREDIT_WORKERS", os.cpu_count() or 1)),
            pool_min_files=_int(env, "CREDIT_POOL_MIN_FILES", 2000),
            parallel_min_pages=_int(env, "CREDIT_PARALLEL_MIN_PAGES", 2000),
            parallel_min_enterprises=_int(env, "CREDIT_PARALLEL_MIN_ENTERPRISES", 500),
            side_by_side=int(side) if side in ("0", "1", "2") else None,
            cache=env.get("CREDIT_CACHE", "").lower() not in _OFF,
            cache_dir=env.get("CREDIT_CACHE_DIR") or None,
            carry=env.get("CREDIT_CARRY", "").lower() in ("1", "on", "yes", "true"),
        )


_CONFIGURED: Settings | None = None


def configure(s: Settings | None) -> None:
    """Fix the settings for the rest of this process (a command, at its start); None lets go of them."""
    global _CONFIGURED
    _CONFIGURED = s


def settings() -> Settings:
    """The settings of this run: as configured by the command, else as the environment says now."""
    return _CONFIGURED if _CONFIGURED is not None else Settings.from_env()


def can_fork(workers: int) -> bool:
    """Whether work may go to forked workers: more than one wanted, and an OS that forks."""
    return workers > 1 and hasattr(os, "fork")


# ---- memory -------------------------------------------------------------------------------------------


def meminfo_kb(field: str) -> int | None:
    """A field of ``/proc/meminfo`` (``MemAvailable``) in kB; None where there is none (not Linux)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_kb() -> int | None:
    """This process's resident size in kB; None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return None


HEADROOM = 1.25
"""Forked workers start only where what they are expected to add fits this many times over in available memory."""


def workers_that_fit(wanted: int, share: float) -> int:
    """How many of ``wanted`` forked workers fit in available memory when each adds ``share`` of this process's
    resident size (the pages it copies and its own); at least one (the work has to be done). Where memory
    cannot be read, ``wanted``."""
    available, rss = meminfo_kb("MemAvailable"), rss_kb()
    if available is None or rss is None:
        return wanted
    for k in range(wanted, 1, -1):
        if available >= HEADROOM * rss * k * share:
            return k
    return 1


# ---- the fork map -------------------------------------------------------------------------------------

_JOBS: dict[int, Any] = {}
_KEYS = itertools.count()


def _call(call: tuple[int, Callable[[Any, Any], Any], Any]) -> Any:
    """Worker: one item of a job (the job itself was copied into the worker by the fork)."""
    key, fn, item = call
    return fn(_JOBS[key], item)


class ForkPool(Generic[J]):
    """Worker processes forked from this one while ``job`` was set: ``fn(job, item)`` runs in a worker with
    only ``fn`` (a module-level function) and ``item`` pickled."""

    def __init__(self, pool: ProcessPoolExecutor, key: int) -> None:
        self._pool, self._key = pool, key

    def map(self, fn: Callable[[J, T], R], items: Iterable[T]) -> Iterator[R]:
        """Results in the order of ``items``, each as soon as it and those before it are done."""
        return self._pool.map(_call, [(self._key, fn, it) for it in items])

    def submit(self, fn: Callable[[J, T], R], item: T) -> Future[R]:
        return self._pool.submit(_call, (self._key, fn, item))


WATCH_SECONDS = 1.0
"""How often :func:`fork_pool` looks for a worker that died (see :func:`_watch`)."""


def _watch(pool: ProcessPoolExecutor, stop: threading.Event) -> None:
    """Make a worker's death fail the pool instead of hanging it.

    A worker killed while it sends its result (the OOM killer, at 200k enterprises on 24 GB: bench/README.md)
    leaves half a message in the result pipe; the executor's manager thread then waits for the rest for ever, and
    the build never ends. When a worker has died, the others are killed and this process's end of the result
    pipe is closed: the manager thread reads the end of the pipe, marks the pool broken, and every pending
    result raises :class:`~concurrent.futures.process.BrokenProcessPool`, which fails the command."""
    while not stop.wait(WATCH_SECONDS):
        found = dict(getattr(pool, "_processes", None) or {})  # pid → process, from the first submit on
        if not any(p.exitcode is not None for p in found.values()):
            continue
        for p in found.values():
            if p.exitcode is None:
                p.kill()
        for p in found.values():
            p.join(timeout=10)
        result_queue = getattr(pool, "_result_queue", None)
        if result_queue is not None:
            result_queue._writer.close()  # the last writer: the manager thread now reads the end of the pipe
        return


@contextmanager
def fork_pool(job: J, workers: int) -> Iterator[ForkPool[J]]:
    """A pool of ``workers`` forked processes sharing ``job``. Pools may nest or overlap: each has its own job.
    An exception in a worker is raised where its result is taken, and the whole command fails; so does a worker
    that dies (:func:`_watch`)."""
    key = next(_KEYS)
    _JOBS[key] = job
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            stop = threading.Event()
            watcher = threading.Thread(target=_watch, args=(pool, stop), name="fork-pool-watch", daemon=True)
            watcher.start()
            try:
                yield ForkPool(pool, key)
            finally:
                stop.set()
                watcher.join()
    finally:
        del _JOBS[key]


# ---- the companion ------------------------------------------------------------------------------------


class CompanionLost(Exception):
    """The companion died or failed; the caller does the work itself."""


def _companion_main(conn: Any, start: Callable[[], Any], then: Callable[[Any, Any], Any]) -> None:
    try:
        state: Any = start()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which does the work itself
        conn.send(("lost", repr(exc)))
        return
    try:
        message = conn.recv()
    except EOFError:  # the parent went on without it
        return
    try:
        result = ("ok", then(state, message))
    except BaseException as exc:  # noqa: BLE001
        result = ("lost", repr(exc))
    conn.send(result)


class Companion(Generic[S, M, R]):
    """One forked process working beside this one: ``start()`` runs in it at once (on what this process held when
    it forked: nothing is pickled); :meth:`ask` sends it one message, and it answers with ``then(state,
    message)`` — only that answer is pickled. ``credit diff`` computes both sides in a companion while it
    validates them here, and only the report comes back. Without ``fork`` (or one worker) it is not started:
    :attr:`started` is False and the caller works alone."""

    def __init__(self, start: Callable[[], S], then: Callable[[S, M], R], workers: int) -> None:
        self.started = can_fork(workers)
        if not self.started:
            return
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        sys.stdout.flush()  # the child must not write what this process had buffered
        sys.stderr.flush()
        self._proc = ctx.Process(target=_companion_main, args=(child, start, then), daemon=True)
        self._proc.start()
        child.close()

    def ask(self, message: M) -> R:
        """The companion's answer to ``message``; raises :class:`CompanionLost` when it has none."""
        if not self.started:
            raise CompanionLost("not started")
        try:
            if self._conn.poll(0):  # it failed before it was asked
                kind, value = self._conn.recv()
                raise CompanionLost(value)
            self._conn.send(message)
            kind, value = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise CompanionLost(repr(exc)) from None
        finally:
            self.stop()
        if kind != "ok":
            raise CompanionLost(value)
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        """End the companion (its work is not wanted) and wait for it."""
        if not self.started:
            return
        self.started = False
        self._conn.close()
        if self._proc.is_alive():
            self._proc.join(timeout=0.05)
        if self._proc.is_alive():
            self._proc.terminate()  # this process's own child, by its id
        self._proc.join()
