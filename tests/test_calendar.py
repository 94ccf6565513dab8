"""Time (DESIGN §4): Civil Code month periods and State Council working days (第二十条).

Expected working days are typed from the State Council notices
(国务院办公厅关于2025年、2026年部分节假日安排的通知), not read from the chinese_calendar package
the code uses.
"""

from __future__ import annotations

import calendar as stdcal
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.rules.calendar import (
    LIBRARY_YEARS,
    UnknownYear,
    WorkCalendar,
    YearSchedule,
    add_months,
    month_end,
)

D = dt.date


def days(first: dt.date, last: dt.date) -> set[dt.date]:
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}


# ---- Civil Code months (民法典 第二百零一、二百零二条) ------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (D(2026, 1, 10), 6, D(2026, 7, 10)),  # DESIGN §4: public through 2026-07-10
        (D(2025, 8, 31), 6, D(2026, 2, 28)),  # DESIGN §4: no 31st in February → its last day
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # leap day, next year has none
        (D(2023, 3, 31), 11, D(2024, 2, 29)),  # into a leap February
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # across a year end
        (D(2026, 3, 2), 12, D(2027, 3, 2)),
        (D(2026, 3, 2), 36, D(2029, 3, 2)),
        (D(2026, 3, 2), 60, D(2031, 3, 2)),  # 第十一条: at most 5 years
        (D(2025, 9, 26), 6, D(2026, 3, 26)),
        (D(2026, 5, 31), 0, D(2026, 5, 31)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),
        (D(2099, 12, 31), 2, D(2100, 2, 28)),  # 2100 is not a leap year
        (D(2399, 12, 31), 2, D(2400, 2, 29)),  # 2400 is
    ],
)
def test_add_months_examples(start: dt.date, months: int, last: dt.date) -> None:
    assert add_months(start, months) == last


@pytest.mark.parametrize(
    ("year", "month", "last"), [(2024, 2, 29), (2026, 2, 28), (2026, 4, 30), (2026, 12, 31)]
)
def test_month_end(year: int, month: int, last: int) -> None:
    assert month_end(year, month) == D(year, month, last)


dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2300, 12, 31))
months_st = st.integers(min_value=0, max_value=1200)


@settings(deadline=None)
@given(dates, months_st)
def test_add_months_lands_in_the_right_month(start: dt.date, months: int) -> None:
    got = add_months(start, months)
    index = start.year * 12 + start.month - 1 + months
    assert (got.year, got.month) == (index // 12, index % 12 + 1)


@settings(deadline=None)
@given(dates, months_st)
def test_add_months_day_is_the_start_day_or_the_month_end(start: dt.date, months: int) -> None:
    got = add_months(start, months)
    assert got.day <= start.day
    if got.day < start.day:  # clipped: only where the month has no such day, and then to its last day
        assert got.day == stdcal.monthrange(got.year, got.month)[1]
    else:
        assert got.day == start.day


def month_length(start: dt.date, months: int) -> int:
    index = start.year * 12 + start.month - 1 + months
    return stdcal.monthrange(index // 12, index % 12 + 1)[1]


@settings(deadline=None)
@given(dates, st.integers(min_value=0, max_value=600), st.integers(min_value=0, max_value=600))
def test_add_months_in_two_steps(start: dt.date, a: int, b: int) -> None:
    whole = add_months(start, a + b)
    stepped = add_months(add_months(start, a), b)
    assert (stepped.year, stepped.month) == (whole.year, whole.month)
    assert whole.day == min(start.day, month_length(start, a + b))
    # a clip in the intermediate month carries over: two steps can only shorten the period
    assert stepped.day == min(start.day, month_length(start, a), month_length(start, a + b))
    assert stepped <= whole
    if start.day <= 28:
        assert stepped == whole


@settings(deadline=None)
@given(dates, months_st, months_st)
def test_add_months_is_monotonic_in_months(start: dt.date, a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assert add_months(start, lo) <= add_months(start, hi)
    if lo < hi:
        assert add_months(start, lo) < add_months(start, hi)


@settings(deadline=None)
@given(dates, dates, months_st)
def test_add_months_is_monotonic_in_the_start(d1: dt.date, d2: dt.date, months: int) -> None:
    lo, hi = sorted((d1, d2))
    assert add_months(lo, months) <= add_months(hi, months)


# ---- the State Council schedule -----------------------------------------------------------------------

# 国办发明电〔2024〕12号 (2025) and 国办发明电〔2025〕7号 (2026): days off (whole ranges, weekends included)
# and weekend days worked (调休上班).
OFF = {
    2025: days(D(2025, 1, 1), D(2025, 1, 1)) | days(D(2025, 1, 28), D(2025, 2, 4))
    | days(D(2025, 4, 4), D(2025, 4, 6)) | days(D(2025, 5, 1), D(2025, 5, 5))
    | days(D(2025, 5, 31), D(2025, 6, 2)) | days(D(2025, 10, 1), D(2025, 10, 8)),
    2026: days(D(2026, 1, 1), D(2026, 1, 3)) | days(D(2026, 2, 15), D(2026, 2, 23))
    | days(D(2026, 4, 4), D(2026, 4, 6)) | days(D(2026, 5, 1), D(2026, 5, 5))
    | days(D(2026, 6, 19), D(2026, 6, 21)) | days(D(2026, 9, 25), D(2026, 9, 27))
    | days(D(2026, 10, 1), D(2026, 10, 7)),
}
WORKED_WEEKENDS = {
    2025: {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)},
    2026: {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)},
}


def official_workday(day: dt.date) -> bool:
    if day in WORKED_WEEKENDS[day.year]:
        return True
    if day in OFF[day.year]:
        return False
    return day.weekday() < 5


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_day_matches_the_official_schedule(year: int) -> None:
    cal = WorkCalendar()
    wrong = [d for d in days(D(year, 1, 1), D(year, 12, 31)) if cal.is_workday(d) != official_workday(d)]
    assert sorted(wrong) == []


def test_worked_weekends_are_weekends() -> None:
    """Guard on the table above: every 调休上班 day is a Saturday or Sunday."""
    for year in WORKED_WEEKENDS:
        assert all(d.weekday() >= 5 for d in WORKED_WEEKENDS[year])


def test_design_example_national_day_2025() -> None:
    # Fri 2025-09-26 → Sun 28 (1, worked), Mon 29 (2), Tue 30 (3), Oct 1–8 off, Thu 9 (4), Fri 10 (5),
    # Sat 11 (6, worked), Mon 13 (7)
    cal = WorkCalendar()
    assert cal.add_workdays(D(2025, 9, 26), 7) == D(2025, 10, 13)
    assert cal.add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert cal.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert cal.workdays_between(D(2025, 9, 26), D(2025, 10, 13)) == 7
    assert cal.workdays_between(D(2025, 9, 30), D(2025, 10, 8)) == 0


def test_spring_festival_2026() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(D(2026, 2, 14))  # Saturday, worked
    assert not any(cal.is_workday(d) for d in days(D(2026, 2, 15), D(2026, 2, 23)))
    assert cal.is_workday(D(2026, 2, 24))
    assert cal.is_workday(D(2026, 2, 28))  # Saturday, worked
    assert not cal.is_workday(D(2026, 3, 1))  # an ordinary Sunday
    # Fri 13 → Sat 14 (1), Tue 24 (2), 25 (3), 26 (4), 27 (5), Sat 28 (6), Mon Mar 2 (7)
    assert cal.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert cal.add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert cal.add_workdays(D(2026, 2, 13), 7) == D(2026, 3, 2)
    assert cal.workdays_between(D(2026, 2, 14), D(2026, 2, 23)) == 0


def test_dragon_boat_2026() -> None:
    # Mon 2026-06-15 → 16, 17, 18, (Fri 19 off), 22, 23, 24, 25
    assert WorkCalendar().add_workdays(D(2026, 6, 15), 7) == D(2026, 6, 25)


def test_december_2026_has_no_holidays() -> None:
    # Tue 2026-12-15 → 16, 17, 18, 21, 22, 23, 24
    assert WorkCalendar().add_workdays(D(2026, 12, 15), 7) == D(2026, 12, 24)


def test_add_workdays_needs_at_least_one() -> None:
    with pytest.raises(ValueError):
        WorkCalendar().add_workdays(D(2026, 3, 2), 0)


def test_workdays_between_backwards_is_zero() -> None:
    assert WorkCalendar().workdays_between(D(2026, 3, 10), D(2026, 3, 2)) == 0
    assert WorkCalendar().workdays_between(D(2026, 3, 10), D(2026, 3, 10)) == 0


# ---- years nobody covers ------------------------------------------------------------------------------


def test_2027_is_unknown_without_records_calendar() -> None:
    assert 2027 not in LIBRARY_YEARS  # chinesecalendar 1.11.0 stops at 2026 (DESIGN §4)
    cal = WorkCalendar()
    assert not cal.covers(2027)
    with pytest.raises(UnknownYear) as info:
        cal.add_workdays(D(2026, 12, 28), 7)  # Tue 29, Wed 30, Thu 31, then 2027
    assert info.value.year == 2027
    assert "2027" in str(info.value)
    assert "calendar.yaml" in str(info.value)


def test_a_year_before_the_library_is_unknown() -> None:
    with pytest.raises(UnknownYear) as info:
        WorkCalendar().is_workday(D(1999, 10, 1))
    assert info.value.year == 1999


def test_no_question_needed_inside_a_known_year() -> None:
    # Mon 2026-12-21 + 7 = Wed 12-30: never looks at 2027
    assert WorkCalendar().add_workdays(D(2026, 12, 21), 7) == D(2026, 12, 30)


def test_extra_year_from_records() -> None:
    # an illustrative 2027 entry (as records/calendar.yaml would give it): New Year's Day, Fri 2027-01-01, off
    extra = {2027: YearSchedule(holidays=frozenset({D(2027, 1, 1)}), workdays=frozenset({D(2027, 1, 9)}))}
    cal = WorkCalendar(extra)
    assert cal.covers(2027)
    assert not cal.is_workday(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 1, 9))  # a Saturday made a working day
    assert not cal.is_workday(D(2027, 1, 10))  # an ordinary Sunday
    # Mon 2026-12-28 → Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri Jan 1 off, Mon 4 (4), 5 (5), 6 (6), 7 (7)
    assert cal.add_workdays(D(2026, 12, 28), 7) == D(2027, 1, 7)
    # Thu 2027-01-07 → 8 (1), Sat 9 (2, worked), Mon 11 (3)
    assert cal.add_workdays(D(2027, 1, 7), 3) == D(2027, 1, 11)
    with pytest.raises(UnknownYear) as info:
        cal.is_workday(D(2028, 1, 3))
    assert info.value.year == 2028


# ---- properties of working-day counting --------------------------------------------------------------

# starts and counts that stay inside the years the library covers (2004 … 2026): from Mon 2026-11-30,
# 20 working days reach Mon 2026-12-28 at most
FIRST_KNOWN = D(min(LIBRARY_YEARS), 1, 1)
known_starts = st.dates(min_value=FIRST_KNOWN, max_value=D(2026, 11, 30))
counts = st.integers(min_value=1, max_value=20)


@settings(max_examples=300, deadline=None)
@given(known_starts, counts)
def test_add_workdays_properties(start: dt.date, n: int) -> None:
    cal = WorkCalendar()
    got = cal.add_workdays(start, n)
    assert got > start
    assert cal.is_workday(got)
    assert cal.workdays_between(start, got) == n
    assert cal.workdays_between(start, got - dt.timedelta(days=1)) == n - 1  # the first day to reach n


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=FIRST_KNOWN, max_value=D(2026, 11, 15)), st.integers(min_value=0, max_value=40))
def test_workdays_between_is_the_inverse(start: dt.date, span: int) -> None:
    cal = WorkCalendar()
    end = start + dt.timedelta(days=span)
    k = cal.workdays_between(start, end)
    assert 0 <= k <= span
    if k >= 1:
        assert cal.add_workdays(start, k) <= end
    assert cal.add_workdays(start, k + 1) > end


@settings(deadline=None)
@given(st.dates(min_value=FIRST_KNOWN, max_value=D(2026, 10, 15)), counts, counts)
def test_add_workdays_composes(start: dt.date, a: int, b: int) -> None:
    cal = WorkCalendar()
    assert cal.add_workdays(cal.add_workdays(start, a), b) == cal.add_workdays(start, a + b)


@settings(deadline=None)
@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 11, 30)), counts)
def test_add_workdays_against_the_official_schedule(start: dt.date, n: int) -> None:
    day, found = start, 0
    while found < n:
        day += dt.timedelta(days=1)
        found += official_workday(day)
    assert WorkCalendar().add_workdays(start, n) == day


# --- deadlines that need no later year (nth_workday_before) -------------------------------------------------


def test_nth_workday_before_finds_a_missed_deadline_without_the_next_year() -> None:
    # Objection filed Tue 2026-11-10; the 7th working day after it is Thu 2026-11-19
    # (11, 12, 13, 16, 17, 18, 19). Asked on 2027-01-05, the answer needs no 2027 calendar.
    from generator.rules.calendar import WorkCalendar

    cal = WorkCalendar()
    assert cal.nth_workday_before(dt.date(2026, 11, 10), 7, dt.date(2027, 1, 5)) == dt.date(2026, 11, 19)


def test_nth_workday_before_is_none_when_the_deadline_has_not_passed() -> None:
    # Decision Mon 2026-12-28, entered Wed 2026-12-30: only 2 working days (29, 30) lie before the entry
    # day, so the entry is on time and no 2027 calendar is consulted.
    from generator.rules.calendar import WorkCalendar

    cal = WorkCalendar()
    assert cal.nth_workday_before(dt.date(2026, 12, 28), 7, dt.date(2026, 12, 30)) is None


def test_nth_workday_before_excludes_the_limit_day() -> None:
    # 7th working day after Fri 2025-09-26 is Mon 2025-10-13 (DESIGN §4): before 10-14, not before 10-13.
    from generator.rules.calendar import WorkCalendar

    cal = WorkCalendar()
    assert cal.nth_workday_before(dt.date(2025, 9, 26), 7, dt.date(2025, 10, 14)) == dt.date(2025, 10, 13)
    assert cal.nth_workday_before(dt.date(2025, 9, 26), 7, dt.date(2025, 10, 13)) is None
