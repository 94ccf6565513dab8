"""The two sides of ``credit diff``: the working tree's records, loaded once, and the base's.

The base is made from the head (:mod:`generator.records.overlay`): ``git ls-tree`` lists the base, the loader
gave the blob id of every file it read, and only the files whose bytes differ are read from git (one
``git cat-file --batch``) and parsed. When that cannot be done — a top-level file or an ``evaluation.yaml``
differs, a file the walk would refuse, more than 5% of the files and 200
(:data:`~generator.records.overlay.FAST_MAX_SHARE`) — the whole base is checked out into a temporary folder and
loaded, as before. Either way the base's records are what loading a checkout of the base gives; which way was
taken shows only in :class:`Sides` (for the benchmark), never in the report.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.day.pair import Loaded
from generator.day.validate import load
from generator.records.gitref import BaseTree, GitError, Listing, checkout, listing
from generator.records.load import cache_dir_for
from generator.records.overlay import NotFast, changes, overlay


@dataclass
class Sides:
    head: Loaded
    base: Loaded | None  # None: nothing to compare (git failed, the head did not load, no records at the base)
    tree: BaseTree | None  # None: git failed (``git_error``) or the head did not load
    git_error: GitError | None = None
    how: str = ""  # overlay | checkout | empty (no records folder at the base)
    why: str = ""  # why the base was checked out (NotFast), for the log
    changed: int = 0  # files that differ (overlay)
    timings: dict[str, float] = field(default_factory=dict)  # seconds


@contextmanager
def sides(records: Path, base_ref: str) -> Iterator[Sides]:
    """The head and the base of a comparison; the base's files (all or the changed ones) live in a temporary
    folder until the block ends (their lines are read from there when a problem needs one)."""
    tmp = Path(tempfile.mkdtemp(prefix="credit-diff-"))
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        found: Listing | None = None
        git_error: GitError | None = None
        try:
            found = listing(base_ref, records)
        except GitError as exc:  # reported after the head, as ever: an invalid head says so first
            git_error = exc
        t1 = time.perf_counter()
        timings["git ls-tree"] = t1 - t0
        rs, problems = load(records, blob_hash=found.hash_name if found is not None else None)
        head = Loaded(rs, problems, records)
        t2 = time.perf_counter()
        timings["load head"] = t2 - t1
        if found is None or rs is None:
            yield Sides(head, None, None, git_error, timings=timings)
            return
        if not found.blobs:
            yield Sides(head, None, found.tree(None), how="empty", timings=timings)
            return
        try:
            diff = changes(rs, found)
            made = overlay(rs, problems, found, diff, tmp / "changed", cache_dir_for(records))
        except NotFast as exc:
            tree = checkout(found, tmp / "records")
            assert tree.root is not None
            t3 = time.perf_counter()
            timings["checkout base"] = t3 - t2
            base_rs, base_problems = load(tree.root)
            timings["load base"] = time.perf_counter() - t3
            yield Sides(head, Loaded(base_rs, base_problems, tree.root), tree, how="checkout", why=str(exc),
                        timings=timings)
            return
        timings["overlay base"] = time.perf_counter() - t2
        yield Sides(head, Loaded(made.record_set, made.problems, records), found.tree(tmp / "changed"),
                    how="overlay", changed=len(diff), timings=timings)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
