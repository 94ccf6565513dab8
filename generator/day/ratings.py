"""Henan star ratings (第十二至十六条, 附件1–5), interpreted from the rulebook.

For an evaluation with cutoff C in year Y an enterprise's rating uses the records with ``decision.effective``
in Y, entered by C and not withdrawn, revoked or repaired by C — C-class records deduct although they are
not public (第十四条). Then:

* an A-class record public on C (any year) → no rating (不予星级评定, 第十四条);
* a counted record on a 一票否决 item → that category scores 0;
* deduction categories: base − points × count; checklists: the sheet's items; social: 50 + items, capped;
* awards add the rulebook's bonus by level, one deed once at its highest (附件1–4 说明);
* every category is clamped; a star at the threshold; level = stars, capped at 2 where market or safety
  has none (第十二条); measures by level (第十五条).

Every point is kept as a :class:`Line` so that ``credit explain`` can show where it came from.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from generator.day.disclosure import status, void_on
from generator.labels import DECISION_LEVEL_NAMES
from generator.memo import remembered
from generator.records import models as m
from generator.rules.calendar import WorkCalendar, add_months
from generator.rules.regions import Scope, active_project_regions, rating_scope
from generator.rules.rulebook import Category, Item, Rulebook, Section

ZERO = Decimal(0)


def _by_fields(self: object) -> tuple[type, tuple[object, ...]]:
    """Pickled as the call that makes it, ``Class(*fields)``: read back without a state dictionary per object
    (generator.day.carry: 20,000 ratings read back grew the heap by 101 MB this way, by 113 MB by their state)."""
    return type(self), tuple(getattr(self, name) for name in type(self).__slots__)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Line:
    """One step of a category's score: where it came from and what it did."""

    kind: Literal["record", "sheet", "base", "cap", "veto"]
    item: str  # item code or category code
    points: Decimal  # signed change (for "cap": the amount removed)
    note: str
    record: str | None = None  # the record's id, for kind "record"
    unlisted: bool = False  # a checklist item the sheet does not list (附件3、4: it scores 0)
    public: bool = False  # whether the source record is public on the as-of day (for explain)

    @property
    def source(self) -> str:
        """Where the step came from: the record's id, or the kind of step ("sheet", "base", "cap", "veto")."""
        return self.record if self.record is not None else self.kind

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class CategoryScore:
    code: str
    name: str
    score: Decimal
    star: bool
    vetoed: bool = False
    lines: tuple[Line, ...] = ()

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class AppliedMeasure:
    key: str
    name: str
    article: str
    items: tuple[str, ...]
    until: dt.date | None

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class Rating:
    year: int
    uscc: str
    authority: str
    scope: Scope
    cutoff: dt.date
    published: dt.date
    notice_until: dt.date | None  # None: the default end needs a year's holidays not yet known (公示中 until known)
    vetoed: bool
    categories: tuple[CategoryScore, ...]  # the rated ones, in rulebook order
    stars: int | None
    level: int | None
    measures: tuple[AppliedMeasure, ...]
    veto_records: tuple[str, ...] = field(default=(), compare=False)  # internal: never published

    def status(self, day: dt.date) -> Literal["notice", "final"]:
        return "notice" if self.notice_until is None or day <= self.notice_until else "final"

    def category(self, code: str) -> CategoryScore | None:
        return next((c for c in self.categories if c.code == code), None)

    def public(self, shown: AbstractSet[str] = frozenset()) -> Rating:
        """The same rating for publishers: no veto records, and of each category's lines only those of the
        rules (base, caps, 一票否决) and of the records in ``shown`` (public on the as-of day), so that a page
        can explain every public point and say that the rest comes from information not public (第十四条)."""
        categories = []
        for c in self.categories:
            lines = tuple(ln for ln in c.lines if ln.kind in _RULE_LINES or (ln.kind == "record" and ln.record in shown))
            # every line kept: the same category; else a copy (made directly: dataclasses.replace costs 4× more)
            categories.append(c if len(lines) == len(c.lines) else
                              CategoryScore(c.code, c.name, c.score, c.star, c.vetoed, lines))
        return replace(self, categories=tuple(categories), veto_records=())

    __reduce__ = _by_fields


_RULE_LINES = frozenset({"base", "cap", "veto"})


def counted(rec: m.CreditRecord, year: int, cutoff: dt.date) -> bool:
    """Whether a record counts in the year's rating: effective in the year, entered by the cutoff and not
    withdrawn, revoked or repaired by then (a later repair does not change the rating, 第十六条)."""
    return rec.decision.effective.year == year and rec.entered <= cutoff and void_on(rec, cutoff) is None


def _clamp(value: Decimal, rb: Rulebook) -> Decimal:
    assert rb.stars is not None
    return max(rb.stars.score_min, min(rb.stars.score_max, value))


def _award_value(rec: m.CreditRecord, rb: Rulebook) -> Decimal:
    return rb.good_points(rec.item, rec.decision.level) * rec.count


def _dedupe_deeds(
    goods: list[tuple[str, m.CreditRecord]], cat: Category, rb: Rulebook
) -> tuple[list[tuple[str, m.CreditRecord, Decimal]], list[Line]]:
    """One deed counts once, at its highest value (同一优良行为…按最高值加分)."""
    best: dict[str, tuple[str, m.CreditRecord, Decimal]] = {}
    kept: list[tuple[str, m.CreditRecord, Decimal]] = []
    dropped: list[Line] = []
    for rid, rec in sorted(goods):
        value = _award_value(rec, rb)
        if rec.deed is None:
            kept.append((rid, rec, value))
            continue
        cur = best.get(rec.deed)
        if cur is None or value > cur[2]:
            if cur is not None:
                dropped.append(Line("record", cur[1].item, ZERO, f"同一事迹 {rec.deed} 只按最高值加分一次", record=cur[0]))
            best[rec.deed] = (rid, rec, value)
        else:
            dropped.append(Line("record", rec.item, ZERO, f"同一事迹 {rec.deed} 只按最高值加分一次", record=rid))
    return kept + sorted(best.values()), dropped




def score_category(
    cat: Category,
    rb: Rulebook,
    bads: list[tuple[str, m.CreditRecord]],
    goods: list[tuple[str, m.CreditRecord]],
    sheet: Mapping[str, m.SheetValue] | None,
    communities: int,
) -> CategoryScore:
    """One category's score from its counted records and (for checklists) the evaluation sheet."""
    assert rb.stars is not None
    lines: list[Line] = [Line("base", cat.code, cat.base, f"基准分 {cat.base}")]
    total = cat.base
    vetoed = False
    for rid, rec in sorted(bads):
        if rec.category != cat.code:
            continue
        _c, _s, it = rb.items[rec.item]
        if it.veto:
            vetoed = True
            lines.append(Line("record", rec.item, ZERO, "一票否决：该类别得 0 分", record=rid))
            continue
        per = rb.bad_points(rec.item, rec.points) or ZERO
        change = -per * rec.count
        total += change
        lines.append(Line("record", rec.item, change, f"{per} 分/{it.unit or '次'} × {rec.count}（{rec.class_} 类）", record=rid))
    if sheet is not None and cat.kind == "checklist":
        for code, (_c, sec, it) in rb.items.items():
            if _c.code != cat.code:
                continue
            key = rb.sheet_key(code)
            value = sheet.get(key)
            pts, note = _checklist_item(code, it, sec, value, communities, rb)
            total += pts
            lines.append(Line("sheet", code, pts, note, unlisted=value is None))
    if cat.kind == "bonus":
        kept, dropped = _dedupe_deeds([g for g in goods if g[1].category == cat.code], cat, rb)
        lines.extend(dropped)
        by_item: dict[str, list[tuple[str, m.CreditRecord, Decimal]]] = defaultdict(list)
        for entry in kept:
            by_item[entry[1].item].append(entry)
        for item_code in sorted(by_item, key=lambda c: [int(x) for x in c.split(".")[1:]]):
            _c, _s, it = rb.items[item_code]
            subtotal = ZERO
            for rid, rec, points in sorted(by_item[item_code]):
                subtotal += points
                lines.append(Line("record", item_code, points, _good_note(rec, it.by_level is not None), record=rid))
            if it.cap is not None and subtotal > it.cap:
                lines.append(Line("cap", item_code, Decimal(it.cap) - subtotal, f"该项最高 {it.cap} 分"))
                subtotal = Decimal(it.cap)
            total += subtotal
    elif cat.awards:
        kept, dropped = _dedupe_deeds([g for g in goods if g[1].item == cat.code], cat, rb)
        lines.extend(dropped)
        for rid, rec, points in sorted(kept):
            total += points
            lines.append(Line("record", cat.code, points, _good_note(rec, True), record=rid))
    if vetoed and total != ZERO:
        lines.append(Line("veto", cat.code, -total, "一票否决：该类别得 0 分"))
        total = ZERO
    clamped = _clamp(total, rb)
    if clamped != total:
        lines.append(Line("cap", cat.code, clamped - total, f"总分限定在 {rb.stars.score_min}–{rb.stars.score_max} 分"))
    return CategoryScore(cat.code, cat.name, clamped, clamped >= rb.stars.threshold, vetoed, tuple(lines))


def _good_note(rec: m.CreditRecord, by_level: bool) -> str:
    level = DECISION_LEVEL_NAMES.get(rec.decision.level, rec.decision.level)
    return f"{level}表彰 × {rec.count}" if by_level else f"× {rec.count}"


def _checklist_item(
    code: str, it: object, sec: object, value: m.SheetValue | None, communities: int, rb: Rulebook
) -> tuple[Decimal, str]:
    assert isinstance(it, Item) and isinstance(sec, Section) and it.max is not None
    if value is None:
        return ZERO, "未申报：0 分"
    if value == "absent":
        return ZERO, "完全缺失：0 分"
    if it.scoring == "community":
        assert isinstance(value, m.CommunityMark) and sec.community is not None
        rule = sec.community
        table = rule.small if communities <= rule.small_max else rule.large
        raw = table["full"] * value.full + table["partial"] * value.partial
        pts = min(it.max, raw)
        return pts, (f"在管小区 {communities} 个：完全符合 {value.full} × {table['full']} + 部分符合 {value.partial} × "
                     f"{table['partial']}，最高 {it.max}")
    if it.scoring == "results":
        assert isinstance(value, m.ResultCount)
        per = it.per_result or Decimal(1)
        return min(it.max, per * value.count), f"近三年成果 {value.count} 项 × {per}，最高 {it.max}"
    assert isinstance(value, int)
    step = rb.item_step(code)
    pts = max(ZERO, it.max - step * value)
    return pts, f"满分 {it.max}，缺 {value} 项 × {step}"


@remembered
def rate_enterprise(
    rb: Rulebook,
    uscc: str,
    ent: m.Enterprise,
    records: Iterable[tuple[str, m.CreditRecord]],
    evaluation: m.Evaluation,
    year: int,
    authority: str,
    sheet: BaseModel | None,  # the rulebook's sheet model (StarScheme.sheet_model)
    regions: Mapping[str, str],
    calendar: WorkCalendar,
) -> Rating:
    """The rating of one enterprise by one evaluation (第十二至十五条)."""
    assert rb.stars is not None and rb.disclosure is not None
    cutoff = evaluation.cutoff
    recs = list(records)
    veto = tuple(sorted(
        rid for rid, r in recs
        if r.kind == "bad" and r.class_ == rb.stars.veto_class and status(r, rb.disclosure, cutoff).public
    ))
    in_year = [(rid, r) for rid, r in recs if counted(r, year, cutoff)]
    bads = [(rid, r) for rid, r in in_year if r.kind == "bad"]
    goods = [(rid, r) for rid, r in in_year if r.kind == "good"]
    active = active_project_regions(ent.projects, cutoff)
    scope = rating_scope(active, ent.registered_region, regions)
    cats: list[CategoryScore] = []
    for cat in rb.categories:
        section = getattr(sheet, cat.code, None) if sheet is not None else None
        if not cat.basic and section is None:
            continue  # red and smart are rated only for enterprises that took part (第十二条)
        cats.append(score_category(cat, rb, bads, goods, section, len(active)))
    notice_until = evaluation.notice_until or calendar.add_workdays_or_none(evaluation.published, rb.notice_min_working_days)
    if veto:
        stars = level = None
    else:
        stars = sum(1 for c in cats if c.star)
        capped = any(not c.star for c in cats if c.code in rb.stars.level_cap_categories)
        level = min(stars, rb.stars.level_cap) if capped else stars
    measures = tuple(
        AppliedMeasure(ms.key, ms.name, ms.article, tuple(ms.items),
                       add_months(evaluation.published, ms.months) if ms.months else None)
        for ms in rb.measures
        if (ms.vetoed and veto) or (
            not ms.vetoed and not veto and level is not None
            and (ms.min_level is None or level >= ms.min_level)
            and (ms.max_level is None or level <= ms.max_level)
        )
    )
    return Rating(year, uscc, authority, scope.scope, cutoff, evaluation.published, notice_until, bool(veto),
                  tuple(cats), stars, level, measures, veto)
