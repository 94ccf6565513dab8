"""One door to a computed day: the records as of a day, loaded, validated and computed once (DESIGN §4).

Every command and the Pelican plugin open the records the same way, through :func:`open_day`: load →
validate → compute, with "today" worked out in one place (:func:`generator.rules.calendar.today_shanghai`) and the
records' problems raised as :class:`~generator.records.problems.RecordsInvalid` when any is an error. Nothing else
re-validates or recomputes: a command that needs the records twice (``credit publish``) passes its
:class:`Day` on. ``credit diff`` opens two days of the same date, a pull request's head and its base, by the same
steps (:mod:`generator.day.pair`): the head loaded once, the base made from it (:mod:`generator.records.overlay`).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import heap
from generator.day.carry import salt_of
from generator.day.carry_store import carry_file, read_carry, write_carry
from generator.day.snapshot import NOTHING, Computed, Snapshot, compute
from generator.day.validate import validate
from generator.day.withhold import withheld
from generator.records.problems import Problem, RecordsInvalid
from generator.records.recordset import RecordSet
from generator.rules.calendar import today_shanghai


@dataclass
class Day:
    """The records at ``records`` as of the end of ``as_of``: the record set, what was computed from it, and
    the warnings validation gave (errors never get this far)."""

    records: Path
    as_of: dt.date
    record_set: RecordSet | None
    computed: Computed
    warnings: list[Problem]
    timings: dict[str, float] = field(default_factory=dict)  # seconds: "load+validate", "compute"

    @property
    def snapshot(self) -> Snapshot:
        return self.computed.snapshot

    @property
    def rs(self) -> RecordSet:
        if self.record_set is None:
            raise RuntimeError("the record models were freed for publishing (Day.free_records)")
        return self.record_set

    def free_records(self) -> None:
        """Drop the record models before publishing: the publishers read the snapshot only, and the statuses
        (for ``credit guard``) stay."""
        self.record_set = None
        self.computed.records = {}
        self.computed.ratings = tuple(r.public() for r in self.computed.ratings)


def open_day(records: Path, as_of: dt.date | None = None, *,
             withhold_unless_public_in: Path | None = None, carry: bool = False) -> Day:
    """Load, validate and compute the records as of ``as_of`` (default: today in Asia/Shanghai).

    Raises :class:`RecordsInvalid` (errors first, then warnings) when the records have an error, and
    :class:`~generator.rules.calendar.UnknownYear` where a computation needs a year no calendar covers.
    ``withhold_unless_public_in``: the nightly fail-safe (:mod:`generator.day.withhold`). ``carry``: the caller
    keeps its output from night to night; then, where ``CREDIT_CARRY=on``, take over what an earlier night
    computed and still holds, and keep this night's for the next (:mod:`generator.day.carry`; off by default:
    at 10k it made a nightly slower, bench/README.md "Step 4"). The day is the same either way."""
    day = as_of or today_shanghai()
    t0 = time.perf_counter()
    rs, problems = validate(records, day)
    t1 = time.perf_counter()
    if rs is None:
        raise RecordsInvalid([p for p in problems if p.severity == "error"]
                             + [p for p in problems if p.severity == "warning"])
    withhold = NOTHING
    if withhold_unless_public_in is not None:
        withhold = withheld(rs, records, withhold_unless_public_in, day)
    place = carry_file(records) if carry else None
    with heap.paused():  # reading back and keeping what is carried makes objects, no cycles
        earlier = read_carry(place, salt_of(rs)) if place is not None else None
        computed = compute(rs, day, withhold, earlier, carry=place is not None)
        if place is not None and computed.carry is not None:
            write_carry(place, computed.carry)
    del earlier
    computed.carry = None
    timings = {"load+validate": t1 - t0, "compute": time.perf_counter() - t1}
    return Day(records, day, rs, computed, [p for p in problems if p.severity == "warning"], timings)
