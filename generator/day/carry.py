"""What a computed day carries to the next night (issue 17, step 4: incremental compute).

A record's disclosure state changes only on days its own document names (DESIGN §5): the day it was entered,
the day after its last public day (第十一条: the decision's effective day plus the months and the extensions
decided by then), the days an objection is filed and resolved (第十七条), the day a repair is decided (第十六条)
and the day a withdrawal takes effect. Between two such days its :class:`~generator.day.disclosure.Status`
stays the same. A star rating does not depend on the as-of day at all (第十三条: the records counted are those
of the evaluation's cutoff), only on the documents it is made from.

So a computed day keeps, per record, its status with the days it holds for, and per rating the rating with the
digest of its documents. (A public row is made again each night from the record and its status: it names the
as-of day's pending objection and whether its answer is overdue, and making it costs what reading it back would.)
The next night (:func:`generator.day.snapshot.compute` with ``earlier``) takes over each entry whose documents
have the same digests (:attr:`generator.records.recordset.Doc.digest`) and whose days hold the new as-of day,
and computes the rest.
Nothing is carried where a digest is unknown, or once the code, the rulebooks or any of the files every result
may depend on (platform, regions, authorities, calendar, evaluations) has changed: :func:`salt_of`.

The days a status holds for are worked out from *every* date in the record's document, each with the day after
it, so a field added later is counted without anyone naming it here; tests/test_carry.py holds the windows to
a day-by-day computation over random records and a chain of carried nights to fresh computations.

What is kept is small and flat — a status as a tuple of plain values, days as ordinals — because reading back
dataclass instances costs as much as computing them.

Off by default (``CREDIT_CARRY=on``, :func:`generator.day.carry_store.carry_file`): measured at 10k, a carried night
computes 0.5 s faster but runs about 1 s slower in all, its memory laid out in more pages that the forked
publishers copy (bench/README.md, "Step 4").
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from generator.day.disclosure import Status, last_public_day
from generator.day.ratings import Rating
from generator.day.schemes.base import Rated
from generator.fingerprint import source_digest
from generator.records import models as m
from generator.records.recordset import RecordSet
from generator.rules.rulebook import Disclosure

ONE_DAY = dt.timedelta(days=1)
RatingKey = tuple[int, str, str]  # (year, authority, USCC)


Held = tuple[bytes, int, int, str, int, bool, int]
"""A record's status on every day of ``[first, until)`` for the document with ``digest``: ``(digest, first,
until, state, last public day, objection pending, extension months)``, days as ordinals."""


@dataclass
class Carry:
    """Everything one day computed that a later day may take over. ``records_changed``, ``ratings_changed``:
    whether this day computed a part afresh or dropped one of its entries, so that it must be kept again."""

    salt: bytes
    records: dict[str, Held] = field(default_factory=dict)
    ratings: dict[RatingKey, tuple[bytes, Rating]] = field(default_factory=dict)
    records_changed: bool = False
    ratings_changed: bool = False


def salt_of(rs: RecordSet) -> bytes:
    """What every carried result depends on besides its own documents: the code (with the rulebooks and the
    libraries' versions) and the files read one by one. Empty where these are unknown: nothing is carried."""
    if not rs.top_digest:
        return b""
    return hashlib.sha256(source_digest().encode() + b"\0" + rs.top_digest).digest()


def _may_hold_date(annotation: object) -> bool:
    """Whether a field so annotated may hold a date at any depth (anything not known to be plain may)."""
    if annotation in (str, int, bool, float, bytes, type(None)):
        return False
    if isinstance(annotation, type) and (issubclass(annotation, dt.date) or issubclass(annotation, BaseModel)):
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:  # the type, not its constraints
        return _may_hold_date(typing.get_args(annotation)[0])
    if origin is typing.Literal:
        return False
    args = typing.get_args(annotation)  # unions, lists and dictionaries: what they hold
    return not args or any(_may_hold_date(a) for a in args)


@functools.cache
def _dated_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a document model that may hold a date, at any depth."""
    return tuple(name for name, info in model.model_fields.items() if _may_hold_date(info.annotation))


def _marks(doc: BaseModel, marks: set[dt.date]) -> None:
    """Every date in a document, at any depth, and the day after each, into ``marks``."""
    stack: list[object] = [doc]
    while stack:
        v = stack.pop()
        if isinstance(v, dt.date):
            marks.add(v)
            marks.add(v + ONE_DAY)
        elif isinstance(v, BaseModel):
            stack.extend(getattr(v, name) for name in _dated_fields(type(v)))
        elif isinstance(v, (list, tuple, set, frozenset)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())


def window(rec: m.CreditRecord, rules: Disclosure, day: dt.date) -> tuple[dt.date, dt.date]:
    """The days ``[first, until)`` around ``day`` on which the record's status cannot change: bounded by every
    date in the record and the day after it, and the day after its last public day as known on ``day`` (第十一条;
    the extensions that move it are decided on days of the record)."""
    marks: set[dt.date] = {last_public_day(rec, rules, day) + ONE_DAY}
    _marks(rec, marks)
    first = max((d for d in marks if d <= day), default=dt.date.min)
    until = min((d for d in marks if d > day), default=dt.date.max)
    return first, until


class Carrying:
    """One night's use of an earlier night's :class:`Carry`: what it may take over, and the carry it leaves."""

    def __init__(self, rs: RecordSet, earlier: Carry | None) -> None:
        self.rs = rs
        salt = salt_of(rs)
        self.earlier = earlier if earlier is not None and salt and earlier.salt == salt else Carry(salt)
        fresh = earlier is None or earlier.salt != salt
        self.now = Carry(salt, records_changed=fresh, ratings_changed=fresh)
        self._statuses: dict[tuple[object, ...], Status] = {}  # one object per distinct status, as read back
        self._subjects: dict[str, bytes | None] = {}

    def held(self, rid: str, digest: bytes, day: dt.date) -> Status | None:
        """The earlier night's status of the record ``rid`` where it holds on ``day``; kept for the next night."""
        h = self.earlier.records.get(rid)
        if h is None or not digest or h[0] != digest or not h[1] <= day.toordinal() < h[2]:
            return None
        self.now.records[rid] = h
        st = self._statuses.get(h[3:])
        if st is None:
            st = self._statuses[h[3:]] = Status(h[3], dt.date.fromordinal(h[4]), h[5], h[6])  # type: ignore[arg-type]
        return st

    def hold(self, rid: str, digest: bytes, rec: m.CreditRecord, day: dt.date, st: Status) -> None:
        """Keep a status computed afresh on ``day`` for the next night."""
        self.now.records_changed = True
        if not digest or not self.now.salt:
            return
        assert self.rs.rulebook.disclosure is not None
        first, until = window(rec, self.rs.rulebook.disclosure, day)
        self.now.records[rid] = (digest, first.toordinal(), until.toordinal(), st.state,
                                 st.last_public_day.toordinal(), st.objection_pending, st.extension_months)

    def rated(self, by_subject: Mapping[str, Sequence[tuple[str, m.CreditRecord]]]) -> Rated:
        """A :data:`Rated` for the scheme: the earlier rating where made from the same documents."""

        def rated(year: int, authority: str, uscc: str, make: Callable[[], Rating]) -> Rating:
            key = self._rating_key(year, authority, uscc, by_subject.get(uscc, ()))
            if key is not None:
                got = self.earlier.ratings.get((year, authority, uscc))
                if got is not None and got[0] == key:
                    self.now.ratings[(year, authority, uscc)] = got
                    return got[1]
            rating = make()
            self.now.ratings_changed = True
            if key is not None:
                self.now.ratings[(year, authority, uscc)] = (key, rating)
            return rating

        return rated

    def _rating_key(self, year: int, authority: str, uscc: str,
                    records: Sequence[tuple[str, m.CreditRecord]]) -> bytes | None:
        """The digest of every document a rating is made from besides the salt's (the enterprise, its sheet and
        its records, each by id), or None where one is unknown."""
        rs = self.rs
        es = rs.evaluations.get((year, authority))
        subject = self._subject(uscc, records)
        if subject is None or es is None:
            return None
        sheet = es.sheets.get(uscc)
        if sheet is None:
            return subject
        return hashlib.sha256(subject + sheet.digest).digest() if sheet.digest else None

    def _subject(self, uscc: str, records: Sequence[tuple[str, m.CreditRecord]]) -> bytes | None:
        """The digest of an enterprise's document and its records' (each by id), once per enterprise."""
        if uscc in self._subjects:
            return self._subjects[uscc]
        ent = self.rs.enterprises.get(uscc)
        docs = self.rs.records
        parts = [(rid.encode(), docs[rid].digest) for rid, _rec in records]
        if not self.now.salt or ent is None or not ent.digest or not all(digest for _rid, digest in parts):
            key = None
        else:  # ids hold no NUL and digests are 32 bytes: the joined parts read back one way only
            key = hashlib.sha256(b"\0".join([uscc.encode(), ent.digest, *(rid + b"\0" + digest for rid, digest in parts)])
                                 ).digest()
        self._subjects[uscc] = key
        return key

    def done(self) -> Carry:
        """The carry for the next night; changed too where an earlier entry was not taken over."""
        now = self.now
        now.records_changed |= len(now.records) != len(self.earlier.records)
        now.ratings_changed |= len(now.ratings) != len(self.earlier.ratings)
        return now

