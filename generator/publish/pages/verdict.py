"""The verdict an enterprise page opens with (issue 14: the ten-second test): the current level in words with
one plain line of what it means, 严重失信 / 不予星级评定 / 红榜 / 黑榜 where they apply, the public records by
class, pending objections, and the measures that follow from the level — every line from the rulebook's
data and the public snapshot (第十二、十四、十五、十七条; the Hulunbuir notice 三、五)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from generator.labels import NOT_RATED, level_name
from generator.publish.data.rows import severe_flags
from generator.publish.pages.views import GradeView, RatingView, RecordView, SiteModel, num
from generator.rules.rulebook import Rulebook


@dataclass(frozen=True)
class Verdict:
    level: str  # 三星级 / 不予星级评定 / AA 级 / 暂无评价结果
    year: int | None
    status_label: str | None  # 公示中 / 已确定
    meaning: list[str]  # plain lines: what the level means and why
    severe: bool  # 严重失信
    tone: str  # good | regular | bad | none: the panel's colour
    counts: dict[str, int]  # A, B, C, good: public records
    objections: list[RecordView]  # records with a pending objection (第十七条)
    veto_records: list[RecordView] = field(default_factory=list)  # the public A-class records behind a veto
    veto_gone: bool = False  # vetoed, but those records are not public any more
    measures: list[tuple[str, str, str, dt.date | None, bool]] = field(default_factory=list)  # name, article, line,
    # until, and whether that day has passed (pages see the date only through what is computed for them)
    lists: list[str] = field(default_factory=list)  # 红榜 / 黑榜 lines


def verdicts(model: SiteModel) -> dict[str, Verdict]:
    """Every enterprise's verdict, made once for its page and its badge."""
    severe = severe_flags(model.snap)
    return {uscc: verdict(model, uscc, uscc in severe) for uscc in model.snap.enterprises}


def verdict(model: SiteModel, uscc: str, severe: bool) -> Verdict:
    records = model.records_by_subject.get(uscc, [])
    counts: Counter[str] = Counter("good" if v.rec.kind == "good" else (v.rec.class_ or "") for v in records)
    pending = [v for v in records if v.rec.objection_pending]
    base = Verdict(NOT_RATED, None, None, ["尚无已公布的信用评价结果"], severe, "none",
                   {k: counts[k] for k in ("A", "B", "C", "good")}, pending)
    rv = model.latest_rating.get(uscc)
    if rv is not None:
        return _rating(model.rb, rv, records, base)
    gv = model.latest_grade.get(uscc)
    if gv is not None:
        return _grade(model.rb, gv, base)
    return base


def _rating(rb: Rulebook, rv: RatingView, records: list[RecordView], base: Verdict) -> Verdict:
    r = rv.rating
    stars = rb.stars
    assert stars is not None
    by_key = {m.key: m for m in rb.measures}
    measures = [(m.name, m.article, by_key[m.key].summary, m.until, bool(m.until and m.until < rv.as_of))
                for m in r.measures]
    tone = by_key[r.measures[0].key].tone if r.measures else "regular"  # the rulebook's (第十五条)
    if r.vetoed:
        # 第十四条: an A-class record public on the cutoff; link those still public (entered by the cutoff)
        behind = [v for v in records if v.rec.kind == "bad" and v.rec.class_ == stars.veto_class
                  and v.rec.entered <= r.cutoff]
        meaning = [f"评价截止日 {r.cutoff.isoformat()} 存在公开的 {stars.veto_class} 类不良信用信息，"
                   f"{r.year} 年度不予星级评定（第十四条）"]
        return replace(base, level=level_name(None, vetoed=True), year=r.year, status_label=rv.status_label,
                       meaning=meaning, tone=tone, veto_records=behind, veto_gone=not behind, measures=measures)
    threshold = num(stars.threshold)
    got = r.stars or 0
    meaning = [f"{got} 个类别达到 {threshold} 分、获得星级认定（第十二条）" if got
               else f"没有类别达到 {threshold} 分（第十二条）"]
    if r.level is not None and r.level < got:
        capped = "、".join(rb.category_by_code[c].name for c in stars.level_cap_categories)
        meaning.append(f"{capped}任一类未获得星级认定的，等级最高为{level_name(stars.level_cap)}（第十二条）")
    return replace(base, level=rv.level_label, year=r.year, status_label=rv.status_label, meaning=meaning, tone=tone,
                   measures=measures)


def _grade(rb: Rulebook, gv: GradeView, base: Verdict) -> Verdict:
    g = gv.grade
    parts = "＋".join(f"{name} {score}" for name, score in gv.parts)
    meaning = [f"得分 {gv.score}（{parts}），评级 {g.grade}"]
    lists = []
    rules = rb.grades
    assert rules is not None
    if g.red_list:
        lists.append("在红榜：符合红榜条件 " + "、".join(str(n) for n, _t in gv.red_conditions))
        lists += [rules.red_list.summary] if rules.red_list.summary else []
    if g.black_list:
        lists.append("在黑榜：符合黑榜条件 " + "、".join(str(n) for n, _t in gv.black_conditions)
                     + ("；情节特别严重，不得移出" if g.severe else "")
                     + (f"；修复认定合格，{g.black_until.isoformat()} 后移出" if g.black_until else ""))
        lists += [rules.black_list.summary] if rules.black_list.summary else []
    if g.red_until is not None and not g.red_list:  # 五(一)
        lists.append(f"已于 {(g.red_until + dt.timedelta(days=1)).isoformat()} 移出红榜：{g.red_removed_reason}")
    if g.black_until is not None and not g.black_list:  # 五(二)
        lists.append(f"已于 {(g.black_until + dt.timedelta(days=1)).isoformat()} 移出黑榜：自主修复并经认定合格")
    tone = "bad" if g.black_list else ("good" if g.red_list else "regular")
    return replace(base, level=f"{g.grade} 级", year=g.year, status_label=gv.status_label, meaning=meaning, tone=tone,
                   lists=lists)
