"""Compute: the state of everything as of a day — pure, no I/O (DESIGN §4–§6).

:func:`compute` turns a validated :class:`~generator.records.load.RecordSet` and an as-of date into a
:class:`Computed`: the internal view (every record's status, every rating with its lines, for ``explain``,
``diff`` and ``expiring``) and the :class:`Snapshot`, the only thing publishers read. A snapshot holds
public information only, so a publisher cannot leak what it was never given (DESIGN §5).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from generator import heap
from generator.day.carry import Carry, Carrying
from generator.day.disclosure import Status, status
from generator.day.grades import Grade
from generator.day.ratings import Rating
from generator.day.schemes import scheme_of
from generator.day.schemes.base import afresh
from generator.memo import remembered
from generator.records import models as m
from generator.records.recordset import RecordSet
from generator.rules.calendar import WorkCalendar
from generator.rules.rulebook import Rulebook


@dataclass(frozen=True, slots=True)
class PublicRecord:
    """A credit record as the public may see it on the as-of day."""

    id: str
    subject: str
    subject_kind: Literal["enterprise", "person"]
    project: str | None
    kind: Literal["bad", "good"]
    class_: str | None
    category: str
    category_name: str
    item: str
    item_text: str
    count: int
    points: Decimal | None  # per occurrence: the item's deduction, the chosen range value, or the award
    summary: str
    decision: m.Decision
    recorder: str
    entered: dt.date
    public_until: dt.date
    objection_pending: bool
    extension_months: int
    deed: str | None
    objection_filed: dt.date | None = None  # the pending objection's filing day (第十七条)
    objection_overdue: bool = False  # pending past the rulebook's working days after filing (第十七条)


@dataclass(frozen=True)
class Snapshot:
    as_of: dt.date
    platform: m.Platform
    rulebook: Rulebook
    regions: dict[str, str]
    authorities: dict[str, m.Authority]
    enterprises: dict[str, m.Enterprise]
    persons: dict[str, m.Person]
    records: tuple[PublicRecord, ...]
    ratings: tuple[Rating, ...]  # published by the as-of day, without lines
    grades: tuple[Grade, ...]  # published by the as-of day

    def records_by_subject(self) -> dict[str, list[PublicRecord]]:
        out: dict[str, list[PublicRecord]] = defaultdict(list)
        for r in self.records:
            out[r.subject].append(r)
        return out

    def latest_rating(self) -> dict[str, Rating]:
        """Each enterprise's most recent published rating (by year, then published day)."""
        out: dict[str, Rating] = {}
        for r in sorted(self.ratings, key=lambda r: (r.year, r.published)):
            out[r.uscc] = r
        return out

    def latest_grade(self) -> dict[str, Grade]:
        out: dict[str, Grade] = {}
        for g in sorted(self.grades, key=lambda g: (g.year, g.published)):
            out[g.uscc] = g
        return out


@dataclass(frozen=True)
class Withheld:
    """What a build keeps out of publication although its own records make it public (the nightly fail-safe,
    :mod:`generator.day.withhold`): credit records by id, every rating or grade of an evaluation, one sheet's."""

    records: frozenset[str] = frozenset()
    evaluations: frozenset[tuple[int, str]] = frozenset()  # (year, authority)
    sheets: frozenset[tuple[int, str, str]] = frozenset()  # (year, authority, USCC)

    def rating(self, year: int, authority: str, uscc: str) -> bool:
        return (year, authority) in self.evaluations or (year, authority, uscc) in self.sheets


NOTHING = Withheld()


@dataclass
class Computed:
    snapshot: Snapshot
    statuses: dict[str, Status]
    ratings: tuple[Rating, ...]  # every evaluation's ratings, published or not, with lines
    grades: tuple[Grade, ...]
    records: dict[str, m.CreditRecord] = field(default_factory=dict)
    carry: Carry | None = None  # for the next night (compute with carry=True)


def item_points(rec: m.CreditRecord, rb: Rulebook) -> Decimal | None:
    """Points per occurrence, as the appendix sets them (or as chosen within a range)."""
    if rec.kind == "good":
        return rb.good_points(rec.item, rec.decision.level)
    return rb.bad_points(rec.item, rec.points)


def item_text(code: str, rb: Rulebook) -> tuple[str, str]:
    """(category name, item text) for a record's item code."""
    cat = rb.category_by_code.get(code)
    if cat is not None:
        return cat.name, f"{cat.name}表彰（扬）奖励"
    c, s, it = rb.items[code]
    return c.name, it.text


@remembered
def public_record(rid: str, rec: m.CreditRecord, st: Status, rb: Rulebook, calendar: WorkCalendar,
                  as_of: dt.date) -> PublicRecord:
    cat_name, text = item_text(rec.item, rb)
    pending = [o for o in rec.objections if o.pending_on(as_of)] if st.objection_pending else []
    filed = min((o.filed for o in pending), default=None)
    due = calendar.add_workdays_or_none(filed, rb.deadline_working_days) if filed is not None else None
    return PublicRecord(
        id=rid, subject=rec.subject, subject_kind="person" if rec.subject.startswith("P-") else "enterprise",
        project=rec.project, kind=rec.kind, class_=rec.class_, category=rec.category, category_name=cat_name,
        item=rec.item, item_text=text, count=rec.count, points=item_points(rec, rb), summary=rec.summary,
        decision=rec.decision, recorder=rec.recorder, entered=rec.entered, public_until=st.last_public_day,
        objection_pending=st.objection_pending, extension_months=st.extension_months, deed=rec.deed,
        objection_filed=filed, objection_overdue=due is not None and due < as_of,  # unknown holidays: not overdue
    )


@heap.paused()
def compute(rs: RecordSet, as_of: dt.date, withhold: Withheld = NOTHING, earlier: Carry | None = None,
            *, carry: bool = False) -> Computed:
    """Everything the publishers and the regulators' commands need, as of the end of ``as_of``.

    ``withhold``: what is kept out of publication although the records make it public (the nightly
    fail-safe, :mod:`generator.day.withhold`); statuses and ratings are computed as ever, for regulators.
    ``carry``: also give what the next night may take over (:attr:`Computed.carry`), taking over what
    ``earlier`` (an earlier night's) holds for ``as_of`` (:mod:`generator.day.carry`): the result is the same
    as without it."""
    rb = rs.rulebook
    records = {rid: d.model for rid, d in rs.records.items()}
    carrying = Carrying(rs, earlier) if carry or earlier is not None else None
    statuses: dict[str, Status] = {}
    public: list[PublicRecord] = []
    if rb.disclosure is not None:
        for rid in sorted(records):
            rec = records[rid]
            held = carrying.held(rid, rs.records[rid].digest, as_of) if carrying is not None else None
            if held is not None:
                st = held
            else:
                st = status(rec, rb.disclosure, as_of)
                if carrying is not None:
                    carrying.hold(rid, rs.records[rid].digest, rec, as_of, st)
            statuses[rid] = st
            if st.public and rid not in withhold.records:
                public.append(public_record(rid, rec, st, rb, rs.calendar, as_of))
    by_subject: dict[str, list[tuple[str, m.CreditRecord]]] = defaultdict(list)
    for rid in sorted(records):
        by_subject[records[rid].subject].append((rid, records[rid]))

    rated = carrying.rated(by_subject) if carrying is not None else afresh
    ratings, grades = scheme_of(rb).evaluate(rs, by_subject, as_of, rated)
    enterprises = {k: d.model for k, d in rs.enterprises.items()}
    shown = frozenset(r.id for r in public)

    snapshot = Snapshot(
        as_of=as_of,
        platform=rs.platform.model,
        rulebook=rb,
        regions=dict(sorted(rs.regions.items())),
        authorities={k: d.model for k, d in sorted(rs.authorities.items())},
        enterprises=dict(sorted(enterprises.items())),
        persons={k: d.model for k, d in sorted(rs.persons.items())},
        records=tuple(public),
        ratings=tuple(r.public(shown) for r in ratings
                      if r.published <= as_of and not withhold.rating(r.year, r.authority, r.uscc)),
        grades=tuple(g for g in grades if g.published <= as_of and not withhold.rating(g.year, g.authority, g.uscc)),
    )
    return Computed(snapshot, statuses, tuple(ratings), tuple(grades), records,
                    carrying.done() if carrying is not None and carry else None)
