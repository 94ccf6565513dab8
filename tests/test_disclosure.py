"""Disclosure (DESIGN §4, §5; 第十一条, 第十六条, 第十七条): is a record public on day D, and until when.

Every expected date below is worked out by hand:
* 民法典 第二百零二条 — a period of N months ends on the day of the final month that corresponds to the start
  date, or on that month's last day where there is none;
* DESIGN §5 — public on D when entered ≤ D ≤ last public day, not withdrawn / revoked / repaired by D, no
  pending objection with suspend, and a C-class record only with refuses_correction.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rules_helpers import RULES, bad, d, good

from generator.day.disclosure import last_public_day, next_change, status

# ---- the period: Civil Code months ------------------------------------------------------------------


def test_six_months_from_jan_10_is_public_through_jul_10_and_hidden_on_jul_11() -> None:
    # DESIGN §4: effective 2026-01-10 + 6 months → July has a 10th → last public day 2026-07-10.
    rec = bad(decision={"effective": "2026-01-10"}, notified="2026-01-11", entered="2026-01-12",
              disclosure_months=6)
    assert last_public_day(rec, RULES, d("2026-07-10")) == d("2026-07-10")
    assert status(rec, RULES, d("2026-07-10")).public
    st = status(rec, RULES, d("2026-07-11"))
    assert not st.public and st.state == "expired"


def test_six_months_from_aug_31_ends_on_feb_28() -> None:
    # DESIGN §4: 2025-08-31 + 6 months → February 2026 has no 31st (and 2026 is no leap year) → its last
    # day 2026-02-28 (民法典 第二百零二条 “没有对应日的，月末日为期间的最后一日”).
    rec = bad(decision={"effective": "2025-08-31"}, notified="2025-09-01", entered="2025-09-02",
              disclosure_months=6)
    assert last_public_day(rec, RULES, d("2026-02-28")) == d("2026-02-28")
    assert status(rec, RULES, d("2026-02-28")).public
    assert status(rec, RULES, d("2026-03-01")).state == "expired"


def test_month_end_in_a_leap_year() -> None:
    # 2023-08-31 + 6 months → February 2024 has 29 days, no 31st → 2024-02-29.
    rec = bad(decision={"effective": "2023-08-31"}, notified="2023-09-01", entered="2023-09-04",
              disclosure_months=6)
    assert last_public_day(rec, RULES, d("2024-01-01")) == d("2024-02-29")
    assert status(rec, RULES, d("2024-02-29")).public
    assert not status(rec, RULES, d("2024-03-01")).public


def test_thirty_six_months_and_three_months() -> None:
    # 第十一条（三）: 3 months to 3 years. 2026-03-02 + 36 → 2029-03-02; 2026-03-02 + 3 → 2026-06-02.
    long = bad(disclosure_months=36)
    short = bad(disclosure_months=3)
    assert last_public_day(long, RULES, d("2026-03-05")) == d("2029-03-02")
    assert last_public_day(short, RULES, d("2026-03-05")) == d("2026-06-02")
    assert status(short, RULES, d("2026-06-02")).public
    assert not status(short, RULES, d("2026-06-03")).public


# ---- entry ---------------------------------------------------------------------------------------------


def test_not_public_before_it_is_entered() -> None:
    # DESIGN §3: “entered: public from this day”. Effective 2026-03-02, entered 2026-03-05.
    rec = bad()
    assert status(rec, RULES, d("2026-03-02")).state == "not_entered"
    assert status(rec, RULES, d("2026-03-04")).state == "not_entered"
    assert status(rec, RULES, d("2026-03-05")).public


# ---- extensions (第十一条: 认定部门可决定延长有效期，总计不超过 5 年) --------------------------------------


def test_extension_counts_only_from_its_decision() -> None:
    # C refusing correction: effective 2025-09-26 + 6 months → 2026-03-26.
    # Extension of 6 months decided 2026-03-20: 6 + 6 = 12 months → 2026-09-26.
    rec = bad(item="market.1.13", cls="C", refuses_correction=True,
              decision={"effective": "2025-09-26", "kind": "order"}, notified="2025-09-29",
              entered="2025-10-13",
              disclosure_months=6,
              extensions=[{"decided": "2026-03-20", "months": 6, "reason": "拒不纠正"}])
    # the day before the decision, the old end applies
    before = status(rec, RULES, d("2026-03-19"))
    assert before.public and before.last_public_day == d("2026-03-26") and before.extension_months == 0
    on = status(rec, RULES, d("2026-03-20"))
    assert on.public and on.last_public_day == d("2026-09-26") and on.extension_months == 6
    assert status(rec, RULES, d("2026-03-27")).public  # the old end no longer hides it
    assert status(rec, RULES, d("2026-09-26")).public
    assert status(rec, RULES, d("2026-09-27")).state == "expired"


def test_extension_decided_after_expiry_reopens_from_its_decision_only() -> None:
    # B: 2026-01-10 + 6 → 2026-07-10. 第十一条: “对于有效期满但仍拒不纠正…可决定延长有效期”:
    # extended by 6 on 2026-08-03 → 12 months from 2026-01-10 → 2027-01-10.
    rec = bad(decision={"effective": "2026-01-10"}, notified="2026-01-11", entered="2026-01-12",
              disclosure_months=6,
              extensions=[{"decided": "2026-08-03", "months": 6, "reason": "拒不纠正"}])
    assert status(rec, RULES, d("2026-07-20")).state == "expired"
    assert status(rec, RULES, d("2026-08-02")).state == "expired"
    on = status(rec, RULES, d("2026-08-03"))
    assert on.public and on.last_public_day == d("2027-01-10")
    assert not status(rec, RULES, d("2027-01-11")).public


def test_two_extensions_add_up() -> None:
    # 12 + 12 + 12 = 36 months from 2026-03-02 → 2029-03-02; each counts from its own decision.
    rec = bad(extensions=[{"decided": "2027-02-20", "months": 12, "reason": "拒不纠正"},
                          {"decided": "2028-02-21", "months": 12, "reason": "仍拒不纠正"}])
    assert last_public_day(rec, RULES, d("2027-02-19")) == d("2027-03-02")
    assert last_public_day(rec, RULES, d("2027-02-20")) == d("2028-03-02")
    assert last_public_day(rec, RULES, d("2028-02-21")) == d("2029-03-02")


# ---- withdrawal, revocation, repair: each from its own date -------------------------------------------


def test_withdrawn_from_its_date() -> None:
    rec = bad(withdrawn={"date": "2026-04-01", "reason": "行政复议撤销"})
    assert status(rec, RULES, d("2026-03-31")).public
    assert status(rec, RULES, d("2026-04-01")).state == "withdrawn"
    assert status(rec, RULES, d("2026-12-31")).state == "withdrawn"


def test_revoked_by_an_objection_from_its_resolution() -> None:
    # 第十七条: filed 03-10, resolved 03-18 as revoked. Pending (flagged) 03-10 … 03-17, void from 03-18.
    rec = bad(objections=[{"filed": "2026-03-10", "resolved": "2026-03-18", "outcome": "revoked"}])
    assert status(rec, RULES, d("2026-03-09")).objection_pending is False
    mid = status(rec, RULES, d("2026-03-17"))
    assert mid.public and mid.objection_pending
    assert status(rec, RULES, d("2026-03-18")).state == "revoked"


def test_corrected_objection_keeps_the_record_public() -> None:
    rec = bad(objections=[{"filed": "2026-03-10", "resolved": "2026-03-18", "outcome": "corrected"}])
    after = status(rec, RULES, d("2026-03-18"))
    assert after.public and not after.objection_pending


def test_repaired_from_the_repair_decision_not_the_application() -> None:
    # 第十六条: 完成信用修复后，该信用信息不再公开. Applied 06-01, decided 06-05.
    rec = bad(repair={"applied": "2026-06-01", "decided": "2026-06-05", "outcome": "approved"})
    assert status(rec, RULES, d("2026-06-01")).public
    assert status(rec, RULES, d("2026-06-04")).public
    assert status(rec, RULES, d("2026-06-05")).state == "repaired"


def test_rejected_or_undecided_repair_changes_nothing() -> None:
    rejected = bad(repair={"applied": "2026-06-01", "decided": "2026-06-05", "outcome": "rejected"})
    pending = bad(repair={"applied": "2026-06-01"})
    for rec in (rejected, pending):
        assert status(rec, RULES, d("2026-06-10")).public


# ---- objections: flag, and suspend only while pending (第十七条) ------------------------------------------


def test_pending_objection_is_flagged_and_stays_public() -> None:
    # 第十七条: 异议处理期间，不停止对原信用信息的公开 — unless the authority decides otherwise.
    rec = bad(objections=[{"filed": "2026-11-18"}])
    st = status(rec, RULES, d("2026-11-18"))
    assert st.public and st.objection_pending
    assert not status(rec, RULES, d("2026-11-17")).objection_pending


def test_suspend_hides_only_while_the_objection_is_pending() -> None:
    rec = bad(objections=[{"filed": "2026-03-10", "resolved": "2026-03-18", "outcome": "upheld",
                           "suspend": True}])
    assert status(rec, RULES, d("2026-03-09")).public
    assert status(rec, RULES, d("2026-03-10")).state == "suspended"
    assert status(rec, RULES, d("2026-03-17")).state == "suspended"
    back = status(rec, RULES, d("2026-03-18"))  # resolved: no longer pending
    assert back.public and not back.objection_pending


def test_suspend_on_a_resolved_objection_does_not_hide_a_later_day() -> None:
    rec = bad(objections=[
        {"filed": "2026-03-10", "resolved": "2026-03-18", "outcome": "upheld", "suspend": True},
        {"filed": "2026-05-04"},
    ])
    st = status(rec, RULES, d("2026-05-04"))
    assert st.public and st.objection_pending


# ---- C class (第十一条: C类不良信用信息不向社会公开，但信用主体拒不纠正…的除外) ----------------------------


def test_c_class_is_hidden_unless_the_subject_refuses_to_correct() -> None:
    hidden = bad(item="market.1.13", cls="C", disclosure_months=None)
    public = bad(item="market.1.13", cls="C", refuses_correction=True)
    for day in ("2026-03-05", "2026-05-01", "2026-09-02"):
        assert status(hidden, RULES, d(day)).state == "hidden_c"
    # refusing: 6 months from 2026-03-02 → 2026-09-02
    assert status(public, RULES, d("2026-03-05")).public
    assert status(public, RULES, d("2026-09-02")).public
    assert status(public, RULES, d("2026-09-03")).state == "expired"


def test_a_and_b_classes_are_public() -> None:
    a = bad(item="market.1.6", cls="A", disclosure_months=36)
    assert status(a, RULES, d("2026-03-05")).public


# ---- good information (第十一条（二）: 一般为3年) -------------------------------------------------------


def test_good_defaults_to_thirty_six_months() -> None:
    # 2026-05-20 + 36 months → 2029-05-20.
    rec = good(decision={"effective": "2026-05-20"}, entered="2026-05-22")
    assert last_public_day(rec, RULES, d("2026-05-22")) == d("2029-05-20")
    assert status(rec, RULES, d("2029-05-20")).public
    assert status(rec, RULES, d("2029-05-21")).state == "expired"


def test_good_with_its_own_period() -> None:
    # 2026-05-20 + 12 → 2027-05-20.
    rec = good(decision={"effective": "2026-05-20"}, entered="2026-05-22", disclosure_months=12)
    assert last_public_day(rec, RULES, d("2026-05-22")) == d("2027-05-20")


# ---- next_change: the exact days (credit expiring, nightly CI) -------------------------------------------


def test_next_change_finds_the_exact_expiry_day() -> None:
    # through 2026-07-10 → leaves on 2026-07-11
    rec = bad(decision={"effective": "2026-01-10"}, notified="2026-01-11", entered="2026-01-12",
              disclosure_months=6)
    assert next_change(rec, RULES, d("2026-07-01"), d("2026-07-31")) == [
        (d("2026-07-11"), "public", "expired")]
    # a horizon that ends on the last public day sees nothing yet; one day more sees the change
    assert next_change(rec, RULES, d("2026-07-01"), d("2026-07-10")) == []
    assert next_change(rec, RULES, d("2026-07-01"), d("2026-07-11")) == [
        (d("2026-07-11"), "public", "expired")]
    # as of the last public day itself the change is the next day
    assert next_change(rec, RULES, d("2026-07-10"), d("2026-07-11")) == [
        (d("2026-07-11"), "public", "expired")]
    # as of the first hidden day there is nothing left to change
    assert next_change(rec, RULES, d("2026-07-11"), d("2027-12-31")) == []


def test_next_change_at_month_end() -> None:
    # through 2026-02-28 → leaves on 2026-03-01
    rec = bad(decision={"effective": "2025-08-31"}, notified="2025-09-01", entered="2025-09-02",
              disclosure_months=6)
    assert next_change(rec, RULES, d("2026-02-01"), d("2026-03-31")) == [
        (d("2026-03-01"), "public", "expired")]


def test_next_change_sees_entry_objection_and_extension() -> None:
    # entered 2026-01-12 (public), suspended 2026-03-10 … 03-17, public again 03-18,
    # 6 months → 2026-07-10, extended on 2026-07-01 by 6 → 2027-01-10, leaves 2027-01-11.
    rec = bad(decision={"effective": "2026-01-10"}, notified="2026-01-11", entered="2026-01-12",
              disclosure_months=6,
              objections=[{"filed": "2026-03-10", "resolved": "2026-03-18", "outcome": "upheld",
                           "suspend": True}],
              extensions=[{"decided": "2026-07-01", "months": 6, "reason": "拒不纠正"}])
    assert next_change(rec, RULES, d("2026-01-10"), d("2027-12-31")) == [
        (d("2026-01-12"), "not_entered", "public"),
        (d("2026-03-10"), "public", "suspended"),
        (d("2026-03-18"), "suspended", "public"),
        (d("2027-01-11"), "public", "expired"),
    ]


def test_next_change_sees_repair_and_withdrawal() -> None:
    repaired = bad(repair={"applied": "2026-06-01", "decided": "2026-06-05", "outcome": "approved"})
    assert next_change(repaired, RULES, d("2026-06-01"), d("2026-12-31")) == [
        (d("2026-06-05"), "public", "repaired")]
    withdrawn = bad(withdrawn={"date": "2026-04-01", "reason": "诉讼撤销"})
    assert next_change(withdrawn, RULES, d("2026-03-05"), d("2026-12-31")) == [
        (d("2026-04-01"), "public", "withdrawn")]


@pytest.mark.parametrize("months,last", [
    # 2026-01-31 + N months: the corresponding day or the month's last day (民法典 第二百零二条)
    (1, "2026-02-28"), (2, "2026-03-31"), (3, "2026-04-30"), (4, "2026-05-31"), (12, "2027-01-31"),
    (25, "2028-02-29"), (36, "2029-01-31"),
])
def test_civil_code_month_table(months: int, last: str) -> None:
    rec = bad(decision={"effective": "2026-01-31"}, notified="2026-02-02", entered="2026-02-03",
              disclosure_months=months)
    assert last_public_day(rec, RULES, d("2026-02-03")) == d(last)
    assert status(rec, RULES, d(last)).public
    assert not status(rec, RULES, d(last) + dt.timedelta(days=1)).public
