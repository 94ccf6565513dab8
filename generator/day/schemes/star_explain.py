"""What ``credit explain`` says beyond the lines of a star rating (:mod:`generator.day.ratings`): which of the
enterprise's records the rating did not count and why, and a provisional score from the records alone for
a year that has no rating yet. The reasons follow the rating's own rules, in its order:

* a record effective in another year belongs to that year's rating (第十三条: 当期信用等级);
* a record entered after the cutoff is not taken (the records as they stood on the cutoff);
* a withdrawn record, one revoked after an objection (第十七条) or repaired (第十六条) by the cutoff is void;
* an award in a category the enterprise was not rated in (red, smart without a sheet section, 第十二条)
  has nothing to add to;
* a deed honoured at several levels counts once, at its highest (附件1–4 说明).

C-class records are counted though never public (第十四条), and an A-class record public on the cutoff,
of any year, stops the rating (第十四条): neither is listed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from generator.day.disclosure import void_on
from generator.day.ratings import Rating, rate_enterprise
from generator.day.schemes.base import Uncounted
from generator.records import models as m
from generator.records.recordset import RecordSet
from generator.rules.regions import active_project_regions, rating_scope
from generator.rules.rulebook import Rulebook


def _void_why(rec: m.CreditRecord, cutoff: dt.date, rb: Rulebook) -> str | None:
    """Why a record void by the cutoff counts for nothing, or None where it is not void."""
    void = void_on(rec, cutoff)
    if void == "withdrawn" and rec.withdrawn is not None:
        return f"决定已于 {rec.withdrawn.date} 撤销（{rec.withdrawn.reason}），该信息作废"
    if void == "revoked":
        day = min(o.resolved for o in rec.objections if o.revoked_on(cutoff) and o.resolved is not None)
        return f"异议核查后已于 {day} 撤销{rb.cite('objection')}，该信息作废"
    if void == "repaired" and rec.repair is not None:
        return f"已于 {rec.repair.decided} 完成信用修复{rb.cite('repair')}，不再扣分"
    return None


def uncounted_records(rb: Rulebook, rating: Rating, records: Iterable[tuple[str, m.CreditRecord]],
                      as_of: dt.date) -> list[Uncounted]:
    """Each of the enterprise's records that adds or deducts nothing in ``rating``, with why."""
    rated = {c.code for c in rating.categories}
    dropped = {ln.record: ln.note for c in rating.categories for ln in c.lines
               if ln.kind == "record" and ln.record is not None and ln.note.startswith("同一事迹")}
    cutoff, year = rating.cutoff, rating.year
    out: list[Uncounted] = []
    for rid, rec in sorted(records):
        if rid in rating.veto_records:
            continue  # 不予星级评定: named with the rating
        effective = rec.decision.effective
        found: tuple[str, str] | None = None
        if effective.year != year:
            found = "other_year", (f"决定于 {effective.year} 年生效，计入 {effective.year} 年度的评定，"
                                   f"不计入 {year} 年度{rb.cite('scoring')}")
        elif rec.entered > as_of:
            found = "not_entered", f"尚未录入：录入日期 {rec.entered} 在数据日期 {as_of} 之后"
        elif rec.entered > cutoff:
            found = "late", f"{rec.entered} 才录入，晚于评价截止日 {cutoff}：评定只按截止日已录入的信息"
        elif (void := _void_why(rec, cutoff, rb)) is not None:
            found = "void", void
        elif rec.kind == "good" and rec.category not in rated:
            cat = rb.category_by_code.get(rec.category)
            name = cat.name if cat is not None else rec.category
            found = "not_rated", (f"{name}类的表彰：该企业没有参加{name}评定（评价表中没有 {rec.category} 部分），"
                                  f"这一类不评分，也就没有加分{rb.cite('optional_categories')}")
        elif rid in dropped:
            found = "same_deed", dropped[rid]
        if found is not None:
            out.append(Uncounted(rid, found[0], found[1], effective.year))
    return out


def provisional_rating(rb: Rulebook, rs: RecordSet, uscc: str, year: int, as_of: dt.date) -> tuple[Rating | None, str]:
    """The ``year``'s rating as if its cutoff were ``as_of``, from the records alone, for an enterprise no
    evaluation of the year has rated yet; and, in plain words, why it is only an estimate (暂估)."""
    if year > as_of.year:
        return None, f"{year} 年尚未开始，无法暂估"
    ent = rs.enterprises[uscc].model
    scope = rating_scope(active_project_regions(ent.projects, as_of), ent.registered_region, rs.regions)
    authority = rs.authorities[scope.region].model.name if scope.region in rs.authorities else scope.region
    if (year, scope.region) in rs.evaluations:
        missing = f"{authority}（{scope.region}）{year} 年度的评价中没有该企业"
    else:
        missing = (f"{authority}（{scope.region}）还没有作出 {year} 年度的评定"
                   f"（没有 records/evaluations/{year}/{scope.region}/evaluation.yaml）")
    records = [(rid, d.model) for rid, d in sorted(rs.records.items()) if d.model.subject == uscc]
    evaluation = m.Evaluation(cutoff=as_of, published=as_of, notice_until=as_of)
    rating = rate_enterprise(rb, uscc, ent, records, evaluation, year, scope.region, None, rs.regions, rs.calendar)
    sheets = "、".join(c.name for c in rb.categories if not c.basic)
    why = (f"暂估，不是评定结果：{missing}。下面只按截至 {as_of} 已录入的 {year} 年信用信息计算"
           f"（截止日按 {as_of} 算）；{sheets}要有评价表才能评分，这里没有计算。此后录入、撤销或修复的信息"
           f"都会改变结果；以评定机关公示的结果为准{rb.cite('annual')}。")
    return rating, why
