"""Grades and red/black lists of a ``grades`` rulebook (the Hulunbuir notice, seed 002).

* Score = the sum of the sheet's parts (street + authority); the band is the highest whose minimum the
  score reaches, so 119.5 is AA, not AAA (三(一)).
* Red list: the red grade and at least ``min_conditions`` of the conditions (三(二)), until removed (五(一)).
* Black list: the black grade and at least one condition (三(三)), until the ``removal_working_days``-th
  working day after an approved repair (五(二)) — never where the case is severe.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.memo import remembered
from generator.records import models as m
from generator.rules.calendar import WorkCalendar
from generator.rules.rulebook import GradeRules


@dataclass(frozen=True)
class Grade:
    year: int
    uscc: str
    authority: str
    cutoff: dt.date
    published: dt.date
    notice_until: dt.date | None  # None: the default end needs a year's holidays not yet known (公示中 until known)
    parts: tuple[tuple[str, Decimal], ...]
    score: Decimal
    grade: str
    red_conditions: tuple[int, ...]
    black_conditions: tuple[int, ...]
    red_list: bool
    red_until: dt.date | None  # last day on the red list, where removed
    black_list: bool
    black_until: dt.date | None  # last day on the black list, where a repair removes it
    severe: bool
    red_removed_reason: str | None = None  # why it left the red list (五(一)), where it did

    def status(self, day: dt.date) -> str:
        return "notice" if self.notice_until is None or day <= self.notice_until else "final"


def band(score: Decimal, rules: GradeRules) -> str:
    for b in sorted(rules.bands, key=lambda b: b.min if b.min is not None else Decimal("-Infinity"), reverse=True):
        if b.min is None or score >= b.min:
            return b.grade
    raise ValueError("the rulebook has no lowest band")


@remembered
def grade_sheet(
    rules: GradeRules,
    year: int,
    authority: str,
    uscc: str,
    evaluation: m.Evaluation,
    sheet: Any,  # the rulebook's sheet model (GradeScheme.sheet_model)
    day: dt.date,
    calendar: WorkCalendar,
    notice_working_days: int,
) -> Grade:
    parts = tuple((p.key, Decimal(str(getattr(sheet.scores, p.key)))) for p in rules.parts)
    score = sum((v for _k, v in parts), Decimal(0))
    grade = band(score, rules)
    red_ok = grade == rules.red_list.grade and len(set(sheet.red_conditions)) >= rules.red_list.min_conditions
    red_until = (
        sheet.red_removed.date - dt.timedelta(days=1)
        if sheet.red_removed is not None and sheet.red_removed.date <= day else None
    )
    red_now = red_ok and (red_until is None or day <= red_until)
    black_ok = grade == rules.black_list.grade and len(set(sheet.black_conditions)) >= rules.black_list.min_conditions
    black_until: dt.date | None = None
    if black_ok and sheet.black_repair is not None and not sheet.severe and sheet.black_repair.approved <= day:
        n = rules.black_list.removal_working_days or 0
        # the earliest possible day where a year's holidays are not known yet: never on the list too long
        off = calendar.earliest_add_workdays(sheet.black_repair.approved, n) if n else sheet.black_repair.approved
        black_until = off - dt.timedelta(days=1)
    black_now = black_ok and (black_until is None or day <= black_until)
    notice_until = evaluation.notice_until or calendar.add_workdays_or_none(evaluation.published, notice_working_days)
    return Grade(
        year, uscc, authority, evaluation.cutoff, evaluation.published, notice_until, parts, score, grade,
        tuple(sorted(set(sheet.red_conditions))), tuple(sorted(set(sheet.black_conditions))),
        red_now, red_until, black_now, black_until, sheet.severe and black_ok,
        sheet.red_removed.reason if red_ok and red_until is not None else None,
    )
