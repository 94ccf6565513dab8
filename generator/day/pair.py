"""Two computed days of the same date side by side — a pull request's head and its base (``credit diff``).

Each side is exactly :func:`generator.day.open_day` of its records: validated (:func:`~generator.day.validate.check`)
and, when valid, computed (:func:`~generator.day.snapshot.compute`); a side whose validation gives an error, or that
needs a year no calendar covers, has nothing computed. Only the records arrive loaded, so that the head is read
once and the base can be made from it (:mod:`generator.records.overlay`).

The base shares most of its documents with the head, so what is computed from a document alone (a record's
status, an enterprise's rating) is worked out once for both (:mod:`generator.memo`). The work is done on two
cores where there are two: validating both sides here while a companion process
(:class:`generator.runtime.Companion`) computes both, on the record sets it shares with this process from
the fork. The companion then gets the two validations — a few hundred problems — and calls ``finish`` with both
sides, so only ``finish``'s result (the report) travels back: never a computed day. When the head is invalid
the companion is stopped and ``finish`` runs here; when it fails or cannot be forked, everything runs here,
one side after the other, as it always did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator import heap
from generator.day.snapshot import Computed, compute
from generator.day.validate import check
from generator.memo import remembering
from generator.records.problems import Problem
from generator.records.recordset import RecordSet
from generator.rules.calendar import UnknownYear
from generator.runtime import Companion, CompanionLost, settings

R = TypeVar("R")


@dataclass
class Loaded:
    """One side's records, loaded and not yet validated (``problems``: the loader's)."""

    record_set: RecordSet | None
    problems: list[Problem]
    root: Path  # the folder the problems' files are shown below


@dataclass
class Side:
    """One side as :func:`~generator.day.open_day` gives it: the computed day and its warnings, or nothing computed
    and the problems (errors first) or the failure that stopped it."""

    computed: Computed | None
    problems: list[Problem]
    root: Path | None
    failure: str | None = None  # a year no calendar covers


def _failed(root: Path, exc: UnknownYear) -> Side:
    return Side(None, [Problem(str(root), 0, str(exc))], root, str(exc))


Checked = tuple[bool, list[Problem]] | UnknownYear
"""A validation: whether the records are valid and every problem, or the year it needed. (Small: it is sent to
the companion, which holds the record set already.)"""


def _check(side: Loaded, as_of: dt.date) -> Checked:
    try:
        rs, problems = check(side.record_set, side.problems, as_of)
    except UnknownYear as exc:
        return exc
    return rs is not None, problems


class _Crashed:
    """A computation that raised something else than :class:`UnknownYear` (it counts only for a valid side)."""

    def __init__(self, exc: Exception) -> None:
        self.text = repr(exc)


Outcome = Computed | UnknownYear | _Crashed | None


def _compute(side: Loaded, as_of: dt.date) -> Outcome:
    """The computed day (None: no record set); in the companion, before validation says whether it is wanted,
    so anything it raises is kept for later."""
    if side.record_set is None:
        return None
    try:
        return compute(side.record_set, as_of)
    except UnknownYear as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - raised again (by doing it all here) if the side is valid
        return _Crashed(exc)


def _side(loaded: Loaded, checked: Checked, computed: Outcome) -> Side:
    """One side from its validation and computation, in open_day's order: the validation decides first."""
    if isinstance(checked, UnknownYear):
        return _failed(loaded.root, checked)
    valid, problems = checked
    if not valid:
        return Side(None, [p for p in problems if p.severity == "error"]
                    + [p for p in problems if p.severity == "warning"], loaded.root)
    if isinstance(computed, UnknownYear):
        return _failed(loaded.root, computed)
    if isinstance(computed, _Crashed):
        raise RuntimeError(f"computing the records failed: {computed.text}")
    assert computed is not None
    return Side(computed, [p for p in problems if p.severity == "warning"], loaded.root)


def side(loaded: Loaded, as_of: dt.date) -> Side:
    """One side, here: validated, then computed when valid (what it raises is raised)."""
    checked = _check(loaded, as_of)
    if isinstance(checked, UnknownYear) or not checked[0]:
        return _side(loaded, checked, None)
    assert loaded.record_set is not None
    try:
        computed: Outcome = compute(loaded.record_set, as_of)
    except UnknownYear as exc:
        computed = exc
    return _side(loaded, checked, computed)


def serial(head: Loaded, base: Loaded | None, as_of: dt.date, finish: Callable[[Side, Side | None], R]) -> R:
    """Both sides here, one after the other; the base only when the head is valid."""
    with remembering():
        h = side(head, as_of)
        if h.computed is None:
            return finish(h, None)
        b = side(base, as_of) if base is not None else None
    return finish(h, b)


@heap.paused()
def both(head: Loaded, base: Loaded | None, as_of: dt.date, finish: Callable[[Side, Side | None], R], *,
         shared: bool = True) -> R:
    """``finish(head side, base side)`` (the base side None when ``base`` is, or when the head is invalid): the
    same as :func:`serial`, on two cores where there are two. ``finish``'s result must pickle.

    ``shared``: the base was made from the head and shares its documents. A base loaded on its own shares
    nothing: it is done here, one side after the other, with nothing remembered — two whole record sets in two
    processes would copy each other's pages (a fork shares them until they are touched) for no gain in memory."""
    if not shared:
        h = side(head, as_of)
        return finish(h, side(base, as_of) if base is not None and h.computed is not None else None)

    def start() -> tuple[Outcome, Outcome]:
        with remembering():
            return _compute(head, as_of), (_compute(base, as_of) if base is not None else None)

    def then(computed: tuple[Outcome, Outcome], checked: tuple[Checked, Checked | None]) -> R:
        h = _side(head, checked[0], computed[0])
        if h.computed is None:
            return finish(h, None)
        b = _side(base, checked[1], computed[1]) if base is not None and checked[1] is not None else None
        return finish(h, b)

    companion: Companion[Any, tuple[Checked, Checked | None], R] = Companion(start, then, settings().workers)
    if not companion.started:
        return serial(head, base, as_of, finish)
    head_checked = _check(head, as_of)
    if isinstance(head_checked, UnknownYear) or not head_checked[0]:
        companion.stop()
        return finish(_side(head, head_checked, None), None)
    checked = (head_checked, _check(base, as_of) if base is not None else None)
    try:
        return companion.ask(checked)
    except CompanionLost:  # it died or a computation raised: here, where an error shows as it is
        return serial(head, base, as_of, finish)
