"""Time: Civil Code periods and State Council working days.

* 民法典 第二百零一、二百零二条: a period of months ends on the day of the final month that corresponds to the
  start date, or on that month's last day where there is none (2025-08-31 + 6 months → 2026-02-28).
* 第二十条 of the measures: its day counts are working days (工作日), counted from the day after the event.
  Working days come from the ``chinese_calendar`` library and, for years it does not cover, from
  ``records/calendar.yaml``. A year nobody covers is never a silent guess: where only a warning depends on
  it, the warning says what is unknown; where the public output does, the reading chosen publishes nothing
  past its last day (:meth:`WorkCalendar.add_workdays_or_none`, :meth:`WorkCalendar.earliest_add_workdays`),
  and the validator says so. A nightly build never fails for want of a future year's calendar (DESIGN §9).
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import chinese_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today_shanghai() -> dt.date:
    """Today's date in Asia/Shanghai (the default as-of date of every command)."""
    return dt.datetime.now(SHANGHAI).date()


DATES = (dt.date(1949, 10, 1), dt.date(2099, 12, 31))
"""Every date in a record lies in this range (issue 12): nothing in the measures predates the People's Republic,
and 2099 leaves every period (up to 60 months, or a penalty of up to 600) and every working-day count far
inside what ``datetime.date`` can hold, so no date arithmetic can overflow. ``--as-of`` ends there too."""
LAST_DATE = DATES[1]

FIRST_AS_OF = dt.date(1980, 1, 1)
"""The earliest ``--as-of``: the open-data zip cannot date its entries earlier, and no platform of the measures
existed then. The latest is the latest date a record may hold (:data:`LAST_DATE`)."""


def as_of_date(text: str) -> dt.date:
    """An ``--as-of`` argument: a date in range, or an argparse error in Chinese (every command's one parser)."""
    import argparse

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” 不是日期：请写成 YYYY-MM-DD，例如 2026-03-02") from None
    if not FIRST_AS_OF <= day <= LAST_DATE:
        raise argparse.ArgumentTypeError(
            f"日期 {day.isoformat()} 不在 {FIRST_AS_OF.isoformat()} 至 {LAST_DATE.isoformat()} 之间"
        )
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` months from ``start`` (民法典 第二百零二条)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last = _stdcal.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(start.day, last))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _stdcal.monthrange(year, month)[1])


class UnknownYear(Exception):
    """A working-day computation reached a year no calendar covers."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year} 年的法定节假日安排未知：请在 records/calendar.yaml 中加入 {year} 年的放假和调休上班日期"
            f"（working-day calendar has no year {year}; add it to records/calendar.yaml）"
        )
        self.year = year


@dataclass(frozen=True)
class YearSchedule:
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()


def _library_years() -> frozenset[int]:
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    return frozenset(years)


LIBRARY_YEARS = _library_years()


@dataclass(frozen=True)
class WorkCalendar:
    """Working days of the State Council schedule: the library's years plus ``extra`` years from records."""

    extra: Mapping[int, YearSchedule] = field(default_factory=dict)
    _memo: dict[dt.date, bool] = field(default_factory=dict, compare=False, repr=False)

    def covers(self, year: int) -> bool:
        return year in self.extra or year in LIBRARY_YEARS

    def is_workday(self, day: dt.date) -> bool:
        found = self._memo.get(day)
        if found is None:
            found = self._memo[day] = self._is_workday(day)
        return found

    def _is_workday(self, day: dt.date) -> bool:
        sched = self.extra.get(day.year)
        if sched is not None:
            if day in sched.workdays:
                return True
            if day in sched.holidays:
                return False
            return day.weekday() < 5
        if day.year not in LIBRARY_YEARS:
            raise UnknownYear(day.year)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            raise UnknownYear(day.year) from None

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (counting from the next day, 第二十条)."""
        return self._nth_after(start, n, self.is_workday)

    def add_workdays_or_none(self, start: dt.date, n: int) -> dt.date | None:
        """:meth:`add_workdays`, or None where it needs a year no calendar covers."""
        try:
            return self.add_workdays(start, n)
        except UnknownYear:
            return None

    def earliest_add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The earliest day the ``n``-th working day after ``start`` can be: days of a year no calendar covers
        count as working days (a holiday can only push the real day later). For an end of publication, this
        reading keeps nothing online past its last day."""
        return self._nth_after(start, n, lambda day: not self.covers(day.year) or self.is_workday(day))

    @staticmethod
    def _nth_after(start: dt.date, n: int, working: Callable[[dt.date], bool]) -> dt.date:
        if n < 1:
            raise ValueError("n must be at least 1")
        day = start
        found = 0
        while found < n:
            day += dt.timedelta(days=1)
            if working(day):
                found += 1
        return day

    def nth_workday_before(self, start: dt.date, n: int, limit: dt.date) -> dt.date | None:
        """The ``n``-th working day after ``start`` if it falls before ``limit``, else None.

        Looks only at days in (start, limit), so a deadline already missed — or not yet due — is known
        without a calendar for later years.
        """
        day = start
        found = 0
        while True:
            day += dt.timedelta(days=1)
            if day >= limit:
                return None
            if self.is_workday(day):
                found += 1
                if found == n:
                    return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in (start, end] — 0 when end ≤ start."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count
