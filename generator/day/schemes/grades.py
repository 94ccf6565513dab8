"""Grades and red/black lists (the Hulunbuir notice, seed 002): a score from parts, bands, and lists with
conditions (三、五)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from generator.day.grades import Grade, grade_sheet
from generator.day.ratings import Rating
from generator.day.schemes.base import Checker, Rated, Results, Scheme, Uncounted, afresh
from generator.labels import NOT_RATED
from generator.records import models as m
from generator.records.recordset import Doc, EvaluationSet, RecordSet
from generator.rules.calendar import UnknownYear, month_end
from generator.rules.rulebook import GradeRules, ListRule, Rulebook


class GradeScheme(Scheme):
    """三(一): a band by score; 三(二)、(三): the red and black lists; 五: removal from them."""

    key: ClassVar[str] = "grades"

    def __init__(self, rulebook: Rulebook) -> None:
        if rulebook.grades is None:
            raise ValueError(f"rulebook {rulebook.id}: a grades rulebook needs grades:")
        super().__init__(rulebook)
        self.grades: GradeRules = rulebook.grades

    # -- validation --

    def check_evaluation(self, v: Checker, es: EvaluationSet) -> None:
        ev, src = es.doc.model, es.doc.src
        due = month_end(es.year + 1, self.grades.publication_due_month)
        if ev.published > due:
            v.warn(src, f"评价结果应于 {due} 前公示{self.rb.cite('annual')}", "published")
        for uscc, sheet in es.sheets.items():
            if uscc in v.rs.enterprises:
                self._check_sheet(v, sheet, ev)

    def _check_sheet(self, v: Checker, sheet: Doc[Any], ev: m.Evaluation) -> None:
        g = self.grades
        s = sheet.model
        for field, rule in (("red_conditions", g.red_list), ("black_conditions", g.black_list)):
            numbers = {c.number for c in rule.conditions}
            values = getattr(s, field)
            for i, n in enumerate(values):
                if n not in numbers:
                    v.err(sheet.src, f"{rule.name}条件只有 1–{max(numbers)} 条（现为 {n}）", field, i)
            if len(set(values)) != len(values):
                v.err(sheet.src, f"{field} 中有重复的条件", field)
        if s.red_removed is not None and s.red_removed.date < ev.published:
            v.err(sheet.src, "移出红榜的日期早于公示日期", "red_removed", "date")
        if s.black_repair is not None and s.black_repair.approved < ev.published:
            v.err(sheet.src, "黑榜修复认定日期早于公示日期", "black_repair", "approved")
        n = g.black_list.removal_working_days or 0
        if s.black_repair is not None and n and not s.severe:
            try:
                v.cal.add_workdays(s.black_repair.approved, n)
            except UnknownYear as exc:
                v.unknown_year(sheet.src, exc,
                               f"移出黑榜的日期（修复认定后第 {n} 个工作日）暂无法确定，网站按最早可能的日期"
                               "（未知年份的每一天都算工作日）移出，不会在榜上多留一天", "black_repair", "approved")
        if s.severe and not s.black_conditions:
            v.err(sheet.src, "severe（情节特别严重、不得移出黑榜）只用于符合黑榜条件的企业", "severe")

    # -- evaluation --

    def evaluate(self, rs: RecordSet, by_subject: Mapping[str, Sequence[tuple[str, m.CreditRecord]]],
                 as_of: dt.date, rated: Rated = afresh) -> Results:
        """Each sheet is graded; records do not enter the score. A grade is made with the as-of day, so none
        comes through ``rated``: every grade is made afresh."""
        grades: list[Grade] = []
        for (year, authority), es in sorted(rs.evaluations.items()):
            for uscc in sorted(es.sheets):
                grades.append(grade_sheet(self.grades, year, authority, uscc, es.doc.model, es.sheets[uscc].model,
                                          as_of, rs.calendar, self.rb.notice_min_working_days))
        return [], grades

    def publications_due(self, rs: RecordSet, as_of: dt.date) -> list[str]:
        """The county authorities publish the previous year's results by the end of the due month."""
        out = []
        due_month = self.grades.publication_due_month
        year = as_of.year - 1 if as_of.month <= due_month else as_of.year
        due = month_end(year + 1, due_month)
        authorities = {k for k, d in rs.authorities.items() if d.model.level == "county"}
        done = {auth for (y, auth) in rs.evaluations if y == year}
        for auth in sorted(authorities - done):
            out.append(f"{rs.authorities[auth].model.name}（{auth}）：{year} 年度评价应于 {due} 前公示")
        return out

    def _scored_from(self) -> str:
        return "、".join(p.name for p in self.grades.parts)

    def provisional(self, rs: RecordSet, uscc: str, year: int, as_of: dt.date) -> tuple[Rating | None, str]:
        """None: a grade is the sum of the sheet's parts (三(一)); the records give no score to estimate from."""
        return None, (f"暂无 {year} 年度评价结果，也无法暂估：等级只按{self._scored_from()}的得分确定"
                      f"{self.rb.cite('scoring')}，信用信息不直接计分")

    def uncounted(self, rs: RecordSet, uscc: str, rating: Rating | None, year: int,
                  as_of: dt.date) -> list[Uncounted]:
        why = f"等级只按{self._scored_from()}的得分确定{self.rb.cite('scoring')}，信用信息不直接计分"
        return [Uncounted(rid, "not_scored", why, year) for rid, d in sorted(rs.records.items())
                if d.model.subject == uscc and d.model.decision.effective.year == year]

    # -- the site --

    def listings(self) -> list[tuple[str, ListRule]]:
        return [("red", self.grades.red_list), ("black", self.grades.black_list)]

    def level_table(self) -> dict[str, str]:
        grades = [b.grade for b in self.grades.bands]
        return {"abcdefghij"[i]: f"{g} 级" for i, g in enumerate(grades)} | {"-": NOT_RATED}

    def code_lists(self) -> dict[str, dict[str, str]]:
        """三(一): the grades, highest first."""
        grades = {b.grade: f"{b.grade} 级" for b in self.grades.bands}
        return {"enterprises.level": grades, "grades.grade": grades}

    def level_code(self, level: str | None, vetoed: bool) -> str:
        return self._codes.get(level or "", "-")

    @functools.cached_property
    def _codes(self) -> dict[str, str]:
        return {label.removesuffix(" 级"): code for code, label in self.levels.items()}
