"""Disclosure: is a piece of credit information public on day D, and until when (DESIGN §5).

Pure functions of (record, rules, day). A record is public on D when every line holds:

1. ``entered`` ≤ D ≤ its last public day — ``decision.effective`` plus ``disclosure_months`` plus the
   extensions decided by D, by Civil Code months (第十一条; 民法典 第二百零二条);
2. not withdrawn, not revoked by an objection, not repaired (第十六条) — each from its own date;
3. no pending objection whose authority stopped publication (第十七条);
4. a C-class record only where the subject refuses to correct (第十一条).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from generator.memo import remembered
from generator.records.models import CreditRecord
from generator.rules.calendar import add_months
from generator.rules.rulebook import Disclosure as DisclosureRules

State = Literal["public", "not_entered", "hidden_c", "expired", "repaired", "withdrawn", "revoked", "suspended"]

STATE_NAMES: dict[State, str] = {
    "public": "公开",
    "not_entered": "尚未录入",
    "hidden_c": "C 类不公开",
    "expired": "公开期满",
    "repaired": "已信用修复",
    "withdrawn": "决定已撤销",
    "revoked": "异议后撤销",
    "suspended": "异议期间停止公开",
}


@dataclass(frozen=True, slots=True)
class Status:
    state: State
    last_public_day: dt.date
    objection_pending: bool
    extension_months: int

    @property
    def public(self) -> bool:
        return self.state == "public"


def disclosure_months(rec: CreditRecord, rules: DisclosureRules) -> int:
    """The period set by the deciding authority; good information defaults to three years (第十一条)."""
    if rec.disclosure_months is not None:
        return rec.disclosure_months
    return rules.good_months if rec.kind == "good" else 0


def last_public_day(rec: CreditRecord, rules: DisclosureRules, day: dt.date) -> dt.date:
    """Last public day as known on ``day``: extensions count only once decided (第十一条: at most 5 years)."""
    months = disclosure_months(rec, rules) + sum(e.months for e in rec.extensions if e.decided <= day)
    return add_months(rec.decision.effective, months)


def void_on(rec: CreditRecord, day: dt.date) -> State | None:
    """Withdrawn, revoked or repaired by ``day`` — the record no longer counts for anything."""
    if rec.withdrawn is not None and rec.withdrawn.date <= day:
        return "withdrawn"
    if any(o.revoked_on(day) for o in rec.objections):
        return "revoked"
    if rec.repair is not None and rec.repair.approved_on(day):
        return "repaired"
    return None


@remembered
def status(rec: CreditRecord, rules: DisclosureRules, day: dt.date) -> Status:
    last = last_public_day(rec, rules, day)
    pending = [o for o in rec.objections if o.pending_on(day)]
    ext = sum(e.months for e in rec.extensions if e.decided <= day)
    state: State
    void = void_on(rec, day)
    if void is not None:
        state = void
    elif rec.class_ == "C" and not rec.refuses_correction:
        state = "hidden_c"
    elif rec.entered > day:
        state = "not_entered"
    elif day > last:
        state = "expired"
    elif any(o.suspend for o in pending):
        state = "suspended"
    else:
        state = "public"
    return Status(state, last, bool(pending), ext)


def next_change(rec: CreditRecord, rules: DisclosureRules, day: dt.date, horizon: dt.date) -> list[
    tuple[dt.date, State, State]
]:
    """Days in (day, horizon] on which the record's state changes, as (date, before, after).

    Candidate days are the record's own event dates and the day after its last public day, so this is
    exact without stepping through every day.
    """
    r = rec
    candidates: set[dt.date] = {r.entered}
    for e in r.extensions:
        candidates.add(e.decided)
    for o in r.objections:
        candidates.add(o.filed)
        if o.resolved is not None:
            candidates.add(o.resolved)
    if r.repair is not None and r.repair.decided is not None:
        candidates.add(r.repair.decided)
    if r.withdrawn is not None:
        candidates.add(r.withdrawn.date)
    out = []
    prev = status(rec, rules, day)
    probe = sorted(c for c in candidates if day < c <= horizon)
    cursor = day
    while True:
        expiry = prev.last_public_day + dt.timedelta(days=1)
        nxt = min([c for c in probe if c > cursor] + ([expiry] if cursor < expiry <= horizon else []), default=None)
        if nxt is None:
            break
        cur = status(rec, rules, nxt)
        if cur.state != prev.state:
            out.append((nxt, prev.state, cur.state))
        prev, cursor = cur, nxt
    return out
