"""Hulunbuir grades and red/black lists (seed 002 三(一)–(三), 五; DESIGN §6), worked out by hand.

Working days are those of the State Council schedule (2025: National Day 10-01 … 10-08 off, Sun 09-28 and
Sat 10-11 worked; 2026: Spring Festival 02-15 … 02-23 off, Sat 02-14 and Sat 02-28 worked).
"""

from __future__ import annotations

import datetime as dt

import pytest
from rules_helpers import CAL, GRADES, HULUNBUIR, D, d, evaluation, hulunbuir_sheet

from generator.day.grades import band, grade_sheet

EV = evaluation(cutoff="2025-12-20", published="2026-02-10", notice_until="2026-02-27")


def grade(day: str, **sheet: object):  # type: ignore[no-untyped-def]
    return grade_sheet(GRADES, 2025, "150702", "91150702MA0N4RXY3C", EV, hulunbuir_sheet(**sheet), d(day),
                       CAL, HULUNBUIR.notice_min_working_days)


# ---- 三(一) bands --------------------------------------------------------------------------------------


@pytest.mark.parametrize("score,expected", [
    ("200", "AAA"), ("120", "AAA"),              # 得分120分及以上 → AAA
    ("119.5", "AA"), ("119", "AA"), ("105", "AA"),  # 105-119 → AA (119.5 has not reached 120)
    ("104.5", "A"), ("104", "A"), ("90", "A"),       # 90-104 → A
    ("89.5", "B"), ("75", "B"),                       # 75-89 → B
    ("74.5", "C"), ("60", "C"),                       # 60-74 → C
    ("59.5", "D"), ("0", "D"),                        # 60分以下 → D
])
def test_bands_at_the_edges(score: str, expected: str) -> None:
    assert band(D(score), GRADES) == expected


def test_score_is_street_plus_authority() -> None:
    # 三: 旗市区住建局汇总评价分数形成最终得分: 59.5 + 60 = 119.5 → AA
    g = grade("2026-02-10", scores={"street": 59.5, "authority": 60})
    assert g.score == D("119.5") and g.grade == "AA"
    g2 = grade("2026-02-10", scores={"street": 60, "authority": 60})
    assert g2.score == 120 and g2.grade == "AAA"


# ---- 三(二) red list -----------------------------------------------------------------------------------


def test_red_list_needs_aaa_and_three_conditions() -> None:
    assert grade("2026-02-10", scores={"street": 60, "authority": 60}, red_conditions=[1, 3, 4]).red_list
    # two conditions are not enough
    assert not grade("2026-02-10", scores={"street": 60, "authority": 60}, red_conditions=[1, 3]).red_list
    # AA with all six: not AAA → no
    assert not grade("2026-02-10", scores={"street": 59.5, "authority": 60},
                     red_conditions=[1, 2, 3, 4, 5, 6]).red_list


def test_red_list_removed_from_its_date_and_not_before_it_is_known() -> None:
    # 五(一): 从“红榜”名单中移出 on 2026-03-10 — on the list through 03-09
    sheet = {"scores": {"street": 70, "authority": 55}, "red_conditions": [2, 5, 6],
             "red_removed": {"date": "2026-03-10", "reason": "发生黑榜所列情况"}}
    before = grade("2026-03-09", **sheet)
    assert before.grade == "AAA" and before.red_list and before.red_until is None
    on = grade("2026-03-10", **sheet)
    assert not on.red_list and on.red_until == d("2026-03-09")
    assert not grade("2026-12-31", **sheet).red_list


# ---- 三(三) black list, 五(二) removal -----------------------------------------------------------------


def test_black_list_needs_d_and_one_condition() -> None:
    assert grade("2026-02-10", scores={"street": 30, "authority": 29}, black_conditions=[7]).black_list
    assert not grade("2026-02-10", scores={"street": 30, "authority": 29}).black_list  # D, no condition
    # 60 = C, not D: a condition alone does not list it
    assert not grade("2026-02-10", scores={"street": 30, "authority": 30}, black_conditions=[7]).black_list


def test_black_list_leaves_on_the_fifth_working_day_after_repair_spring_festival() -> None:
    # approved Thu 2026-02-12 → working days after: Fri 02-13 (1), Sat 02-14 调休 (2), [02-15 … 02-23 off],
    # Tue 02-24 (3), Wed 02-25 (4), Thu 02-26 (5) → off from 2026-02-26, last day on the list 2026-02-25.
    sheet = {"scores": {"street": 30, "authority": 29}, "black_conditions": [7],
             "black_repair": {"approved": "2026-02-12"}}
    known_not_yet = grade("2026-02-11", **sheet)
    assert known_not_yet.black_list and known_not_yet.black_until is None
    on_approval = grade("2026-02-12", **sheet)
    assert on_approval.black_list and on_approval.black_until == d("2026-02-25")
    assert grade("2026-02-25", **sheet).black_list
    assert not grade("2026-02-26", **sheet).black_list


def test_black_list_removal_across_national_day() -> None:
    # approved Fri 2025-09-26 → Sun 09-28 (1), Mon 09-29 (2), Tue 09-30 (3), [10-01 … 10-08 off],
    # Thu 10-09 (4), Fri 10-10 (5) → off from 2025-10-10.
    ev = evaluation(cutoff="2024-12-20", published="2025-02-20", notice_until="2025-03-03")
    sheet = hulunbuir_sheet(scores={"street": 20, "authority": 30}, black_conditions=[3],
                            black_repair={"approved": "2025-09-26"})
    g9 = grade_sheet(GRADES, 2024, "150702", "X", ev, sheet, d("2025-10-09"), CAL, 7)
    g10 = grade_sheet(GRADES, 2024, "150702", "X", ev, sheet, d("2025-10-10"), CAL, 7)
    assert g9.black_list and g9.black_until == d("2025-10-09")
    assert not g10.black_list


def test_severe_is_never_removed() -> None:
    # 五(二): 认定失信情况特别严重…的“黑榜”名单物业服务企业，不得从“黑榜”名单中移出
    sheet = {"scores": {"street": 20, "authority": 20}, "black_conditions": [1],
             "black_repair": {"approved": "2026-02-12"}, "severe": True}
    for day in ("2026-02-12", "2026-02-26", "2027-12-31"):
        g = grade(day, **sheet)
        assert g.black_list and g.black_until is None and g.severe


def test_removal_working_days_is_five() -> None:
    # 五(二): 在认定合格后5个工作日内从“黑榜”名单中移出
    assert GRADES.black_list.removal_working_days == 5
    assert GRADES.red_list.min_conditions == 3 and GRADES.red_list.grade == "AAA"
    assert GRADES.black_list.min_conditions == 1 and GRADES.black_list.grade == "D"


def test_grade_status_follows_notice_until() -> None:
    g = grade("2026-02-27", scores={"street": 60, "authority": 60})
    assert g.status(d("2026-02-27")) == "notice"
    assert g.status(d("2026-02-27") + dt.timedelta(days=1)) == "final"


def test_default_notice_is_the_rulebooks_five_working_days() -> None:
    """DESIGN §6 (decided 2026-11-30): the Hulunbuir notice lasts 5 working days after ``published`` (seed 002
    四, the enterprises' objection window), not Henan's 7. Published Tue 2026-01-20: 01-21, 01-22, 01-23,
    01-26, 01-27 → notice through 2026-01-27 (no holiday or 调休 in that stretch of the 2026 schedule)."""
    assert HULUNBUIR.notice_min_working_days == 5
    ev = evaluation(cutoff="2025-12-20", published="2026-01-20")
    g = grade_sheet(GRADES, 2025, "150702", "91150702MA0N4RXY3C", ev, hulunbuir_sheet(scores={"street": 60,
                    "authority": 60}), d("2026-01-28"), CAL, HULUNBUIR.notice_min_working_days)
    assert g.notice_until == d("2026-01-27")
    assert g.status(d("2026-01-27")) == "notice" and g.status(d("2026-01-28")) == "final"
