"""Properties over random record sets at random dates (hypothesis): DESIGN §4, §5, §6, §9.

* compute is deterministic: same input → equal snapshot, whatever the order the records arrive in;
* the public records of a snapshot are exactly those whose status is public, with their status' dates;
* no record whose state is not public appears anywhere in the snapshot or its table rows;
* the last public day is monotonic in the months of disclosure and in the day it is asked on;
* every rating respects the bounds of 第十二条 and DESIGN §6.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_helpers import E1, E2, RULES, HenanSheet, bad, d, enterprise, evaluation, good, project, record_set

from generator.day.disclosure import last_public_day, status
from generator.day.snapshot import compute
from generator.publish.data.rows import all_rows
from generator.records import models as m
from generator.rules.calendar import add_months

DAY0 = d("2025-01-01")
DAYS = st.integers(min_value=0, max_value=2 * 365 - 1).map(lambda n: DAY0 + dt.timedelta(days=n))  # 2025–2026
AS_OF = st.integers(min_value=0, max_value=5 * 365).map(lambda n: DAY0 + dt.timedelta(days=n))    # 2025–2029

A_ITEMS = [f"market.1.{i}" for i in range(1, 11)] + ["safety.1.1"]
FIXED_ITEMS = ["market.1.11", "market.1.18", "market.2.2", "market.3.5", "market.4.7", "safety.1.2",
               "safety.1.3", "safety.1.4", "safety.2.1", "safety.3.9"]
RANGE_ITEMS = {"market.5": (1, 3), "safety.4": (3, 10)}
GOOD_ITEMS = ["market", "safety", "red", "smart"] + [f"social.{i}" for i in range(1, 10)]
LEVELS = ["national", "province", "city", "county", "street"]


def iso(day: dt.date) -> str:
    return day.isoformat()


@st.composite
def bad_records(draw: st.DrawFn, subject: str) -> m.CreditRecord:
    cls = draw(st.sampled_from(["A", "B", "C"]))
    range_item = None
    if cls == "A":
        item = draw(st.sampled_from(A_ITEMS))
    else:
        item = draw(st.sampled_from(FIXED_ITEMS + list(RANGE_ITEMS)))
        range_item = RANGE_ITEMS.get(item)
    eff = draw(DAYS)
    entered = eff + dt.timedelta(days=draw(st.integers(0, 20)))
    over: dict[str, Any] = {
        "subject": subject,
        "decision": {"effective": iso(eff)},
        "notified": iso(entered),
        "entered": iso(entered),
        "count": 1 if item in A_ITEMS or item in ("safety.1.2", "safety.1.3") else draw(st.integers(1, 4)),
    }
    if range_item is not None:
        over["points"] = draw(st.integers(*range_item))
    if cls == "C":
        refuses = draw(st.booleans())
        over["refuses_correction"] = refuses
        over["disclosure_months"] = draw(st.integers(3, 6)) if refuses else None
    else:
        over["disclosure_months"] = draw(st.integers(3, 36))
    if draw(st.booleans()) and (cls != "C" or over["refuses_correction"]):
        decided = eff + dt.timedelta(days=draw(st.integers(0, 900)))
        months = draw(st.integers(1, 12))
        over["extensions"] = [{"decided": iso(decided), "months": months, "reason": "拒不纠正"}]
    if draw(st.booleans()):
        filed = eff + dt.timedelta(days=draw(st.integers(0, 400)))
        ob: dict[str, Any] = {"filed": iso(filed), "suspend": draw(st.booleans())}
        if draw(st.booleans()):
            ob["resolved"] = iso(filed + dt.timedelta(days=draw(st.integers(0, 30))))
            ob["outcome"] = draw(st.sampled_from(["upheld", "corrected", "revoked"]))
        over["objections"] = [ob]
    if draw(st.booleans()):
        applied = eff + dt.timedelta(days=draw(st.integers(0, 400)))
        rep: dict[str, Any] = {"applied": iso(applied)}
        if draw(st.booleans()):
            rep["decided"] = iso(applied + dt.timedelta(days=draw(st.integers(0, 20))))
            rep["outcome"] = draw(st.sampled_from(["approved", "rejected"]))
        over["repair"] = rep
    if draw(st.integers(0, 4)) == 0:
        wd = eff + dt.timedelta(days=draw(st.integers(0, 400)))
        over["withdrawn"] = {"date": iso(wd), "reason": "撤销"}
    return bad(item=item, cls=cls, **over)


@st.composite
def good_records(draw: st.DrawFn, subject: str) -> m.CreditRecord:
    eff = draw(DAYS)
    entered = eff + dt.timedelta(days=draw(st.integers(0, 20)))
    over: dict[str, Any] = {
        "subject": subject,
        "decision": {"effective": iso(eff)},
        "entered": iso(entered),
        "count": draw(st.integers(1, 4)),
    }
    if draw(st.booleans()):
        over["disclosure_months"] = draw(st.integers(3, 36))
    if draw(st.booleans()):
        over["deed"] = draw(st.sampled_from(["deed-a", "deed-b"]))
    return good(item=draw(st.sampled_from(GOOD_ITEMS)), level=draw(st.sampled_from(LEVELS)), **over)


@st.composite
def record_sets(draw: st.DrawFn) -> dict[str, m.CreditRecord]:
    out: dict[str, m.CreditRecord] = {}
    n = draw(st.integers(0, 10))
    for i in range(1, n + 1):
        subject = draw(st.sampled_from([E1, E2]))
        rec = draw(st.one_of(bad_records(subject), good_records(subject)))
        out[f"410105-{rec.decision.effective.year}-{i:04d}"] = rec
    return out


ENTERPRISES = {
    E1: enterprise([project("p1", "410105"), project("p2", "410105")]),
    E2: enterprise([project("q1", "410105"), project("q2", "410105", until="2026-06-30")]),
}
SHEETS = {E1: HenanSheet.model_validate(
    {"red": {"1.1": 0, "2.1": "absent"}, "smart": {"5.1": m.CommunityMark(full=1, partial=1), "1.1": 1}})}
EVALUATIONS = {(2026, "410105"): (evaluation(), SHEETS), (2025, "410105"): (
    evaluation(cutoff="2025-12-10", published="2025-12-15"), {})}

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(records=record_sets(), as_of=AS_OF, seed=st.integers(0, 2**16))
def test_compute_is_deterministic_and_order_free(records: dict[str, m.CreditRecord], as_of: dt.date,
                                                 seed: int) -> None:
    rs = record_set(records, ENTERPRISES, evaluations=EVALUATIONS)
    one = compute(rs, as_of)
    two = compute(rs, as_of)
    assert one.snapshot == two.snapshot
    assert one.ratings == two.ratings
    keys = list(records)
    random.Random(seed).shuffle(keys)
    shuffled = record_set({k: records[k] for k in keys}, dict(reversed(list(ENTERPRISES.items()))),
                          evaluations=EVALUATIONS)
    three = compute(shuffled, as_of)
    assert three.snapshot == one.snapshot
    assert all_rows(three.snapshot) == all_rows(one.snapshot)


@SETTINGS
@given(records=record_sets(), as_of=AS_OF)
def test_public_records_are_exactly_the_public_ones(records: dict[str, m.CreditRecord],
                                                    as_of: dt.date) -> None:
    rs = record_set(records, ENTERPRISES, evaluations=EVALUATIONS)
    snap = compute(rs, as_of).snapshot
    expected = {rid for rid, rec in records.items() if status(rec, RULES, as_of).public}
    assert {r.id for r in snap.records} == expected
    for r in snap.records:
        rec = records[r.id]
        st_ = status(rec, RULES, as_of)
        assert st_.state == "public"
        assert r.public_until == st_.last_public_day
        assert r.objection_pending == st_.objection_pending
        # DESIGN §5 line 1, restated: entered ≤ D ≤ last public day
        assert rec.entered <= as_of <= r.public_until
        # line 4: a C-class record only with refuses_correction
        assert rec.class_ != "C" or rec.refuses_correction


@SETTINGS
@given(records=record_sets(), as_of=AS_OF)
def test_no_non_public_record_appears_anywhere(records: dict[str, m.CreditRecord], as_of: dt.date) -> None:
    rs = record_set(records, ENTERPRISES, evaluations=EVALUATIONS)
    snap = compute(rs, as_of).snapshot
    hidden = {rid for rid, rec in records.items() if status(rec, RULES, as_of).state != "public"}
    assert not hidden & {r.id for r in snap.records}
    rows = all_rows(snap)
    cells = {str(v) for table in rows.values() for row in table for v in row.values()}
    assert not hidden & cells
    shown = {r.id for r in snap.records}
    for rating in snap.ratings:
        assert rating.veto_records == ()
        # a category keeps only the rules' lines and those of public records (issue 14: every public point
        # explained), never a hidden record's
        for c in rating.categories:
            assert all(ln.kind in ("base", "cap", "veto") or (ln.kind == "record" and ln.record in shown)
                       for ln in c.lines)
            assert not hidden & {ln.record for ln in c.lines}
    # severe (enterprises table) comes only from a public A-class record
    severe = {row["uscc"] for row in rows["enterprises"] if row["severe"]}
    public_a = {r.subject for r in snap.records if r.class_ == "A"}
    assert severe == public_a


@SETTINGS
@given(records=record_sets(), as_of=AS_OF)
def test_ratings_respect_the_bounds(records: dict[str, m.CreditRecord], as_of: dt.date) -> None:
    rs = record_set(records, ENTERPRISES, evaluations=EVALUATIONS)
    comp = compute(rs, as_of)
    for r in comp.ratings:
        for c in r.categories:
            assert 0 <= c.score <= 100
            assert c.star == (c.score >= 80)
        if r.vetoed:
            assert r.stars is None and r.level is None
            assert [ms.key for ms in r.measures] == ["veto"]
            # 第十四条: an A-class record public on the cutoff exists
            assert any(rec.class_ == "A" and rec.subject == r.uscc and status(rec, RULES, r.cutoff).public
                       for rec in records.values())
        else:
            assert r.stars == sum(1 for c in r.categories if c.star)
            assert r.level is not None and r.level <= r.stars
            basic = {c.code: c.star for c in r.categories if c.code in ("market", "safety")}
            assert r.level == (r.stars if all(basic.values()) else min(r.stars, 2))
            assert not any(rec.class_ == "A" and rec.subject == r.uscc and status(rec, RULES, r.cutoff).public
                           for rec in records.values())
        assert [c.code for c in r.categories if c.code in ("market", "safety", "social")] == [
            "market", "safety", "social"]
    # a rating is in the snapshot exactly from its published day on
    assert {(r.year, r.uscc) for r in comp.snapshot.ratings} == {
        (r.year, r.uscc) for r in comp.ratings if r.published <= as_of}


@settings(max_examples=300, deadline=None)
@given(start=DAYS, m1=st.integers(0, 60), m2=st.integers(0, 60))
def test_last_public_day_is_monotonic_in_months(start: dt.date, m1: int, m2: int) -> None:
    lo, hi = sorted((m1, m2))
    common: dict[str, Any] = {"decision": {"effective": iso(start)}, "notified": iso(start),
                              "entered": iso(start)}
    a = bad(disclosure_months=lo or 1, **common)
    b = bad(disclosure_months=hi or 1, **common)
    assert last_public_day(a, RULES, start) <= last_public_day(b, RULES, start)
    # the Civil Code month: same day of the month, or the month's last day; never more than 31 days per month
    assert add_months(start, lo) <= add_months(start, hi)
    end = add_months(start, hi)
    assert end.day == start.day or (end.day < start.day and (end + dt.timedelta(days=1)).day == 1)


@SETTINGS
@given(rec=bad_records(E1), d1=AS_OF, d2=AS_OF)
def test_last_public_day_never_shrinks_as_days_pass(rec: m.CreditRecord, d1: dt.date, d2: dt.date) -> None:
    lo, hi = sorted((d1, d2))
    assert last_public_day(rec, RULES, lo) <= last_public_day(rec, RULES, hi)
