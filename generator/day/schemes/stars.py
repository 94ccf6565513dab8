"""Star ratings (the Henan measures, 第十二至十六条, 附件1–5): categories scored from credit records and
evaluation sheets, a star per category, a level capped where a basic category has no star."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from generator.day.ratings import Rating, rate_enterprise
from generator.day.schemes.base import Checker, Rated, Results, Scheme, Uncounted, afresh
from generator.day.schemes.star_explain import provisional_rating, uncounted_records
from generator.labels import NOT_RATED, level_name
from generator.records import models as m
from generator.records.recordset import Doc, EvaluationSet, RecordSet
from generator.rules.regions import active_project_regions, claims_on, rating_scope
from generator.rules.rulebook import Rulebook


class StarScheme(Scheme):
    """第十二条: a star per category at the threshold; the level is the number of stars, capped."""

    key: ClassVar[str] = "stars"
    numeric_levels: ClassVar[bool] = True
    records_always_listed: ClassVar[bool] = True

    def __init__(self, rulebook: Rulebook) -> None:
        if rulebook.stars is None or rulebook.disclosure is None:
            raise ValueError(f"rulebook {rulebook.id}: a stars rulebook needs stars: and disclosure:")
        super().__init__(rulebook)
        self.stars = rulebook.stars

    # -- validation --

    def check_tree(self, v: Checker) -> None:
        """第十三条: one authority rates an enterprise in a year. Two evaluations of one year with different
        cutoffs could both claim an enterprise whose projects moved in between; that is refused."""
        claimed: dict[tuple[int, str], list[EvaluationSet]] = defaultdict(list)
        for es in sorted(v.rs.evaluations.values(), key=lambda e: (e.year, e.authority)):
            for uscc in sorted(v.claims(es.doc.model.cutoff).get(es.authority, ())):
                claimed[(es.year, uscc)].append(es)
        for (year, uscc), sets in sorted(claimed.items()):
            if len(sets) > 1:
                names = "、".join(f"{es.authority}（截止日 {es.doc.model.cutoff}）" for es in sets)
                v.err(sets[-1].doc.src, f"{v.rs.enterprises[uscc].model.name} 在 {year} 年会被 {names} 重复评定；"
                                        "请统一各评价的截止日（第十三条）", "cutoff")

    def check_evaluation(self, v: Checker, es: EvaluationSet) -> None:
        ev, src = es.doc.model, es.doc.src
        if ev.published > dt.date(es.year, 12, 31):
            v.warn(src, f"应于 {es.year} 年 12 月 31 日前完成评定{self.rb.cite('annual')}", "published")
        for uscc, sheet in es.sheets.items():
            ent = v.rs.enterprises.get(uscc)
            if ent is None:
                continue  # the validator reports a sheet without its enterprise
            active = active_project_regions(ent.model.projects, ev.cutoff)
            scope = rating_scope(active, ent.model.registered_region, v.rs.regions)
            if scope.region != es.authority:  # a street office does not rate
                v.err(sheet.src, f"按第十三条，{ent.model.name} 在 {es.year} 年应由 {scope.region} 评定（{scope.scope} 级），"
                                 f"评分表应放在 evaluations/{es.year}/{scope.region}/ 下")
            self._check_sheet(v, sheet, len(active))

    def _check_sheet(self, v: Checker, sheet: Doc[Any], communities: int) -> None:
        """附件3、4: every listed item exists, and its value fits how the item is scored."""
        for cat in self.rb.categories:
            if cat.kind != "checklist":
                continue
            cat_code = cat.code
            values = getattr(sheet.model, cat_code)
            if values is None:
                continue
            for key, value in values.items():
                code = f"{cat_code}.{key}"
                found = self.rb.items.get(code)
                if found is None or found[0].kind != "checklist":
                    v.err(sheet.src, f"{cat_code} 评分标准中没有条目 “{key}”", cat_code, key)
                    continue
                _cat, _sec, it = found
                if value == "absent":
                    continue
                if it.scoring == "parts":
                    if not isinstance(value, int):
                        v.err(sheet.src, f"“{key}” 应写缺项数（0 = 满分）或 absent", cat_code, key)
                        continue
                    step = self.rb.item_step(code)
                    assert it.max is not None
                    if Decimal(value) * step > it.max:
                        v.err(sheet.src, f"“{key}” 满分 {it.max} 分，每缺一项扣 {step} 分，"
                                         f"缺项数不能超过 {int(it.max / step)}",
                              cat_code, key)
                elif it.scoring == "community":
                    if not isinstance(value, m.CommunityMark):
                        v.err(sheet.src, f"“{key}” 应写 {{full: 完全符合的小区数, partial: 部分符合的小区数}}", cat_code, key)
                    elif value.full + value.partial > communities:
                        v.err(sheet.src, f"“{key}” 的小区数 {value.full + value.partial} 超过"
                                         f"该企业截止日在管小区数 {communities}",
                              cat_code, key)
                elif it.scoring == "results" and not isinstance(value, m.ResultCount):
                    v.err(sheet.src, f"“{key}” 应写 {{count: 近三年取得的成果数}}", cat_code, key)

    # -- evaluation --

    def evaluate(self, rs: RecordSet, by_subject: Mapping[str, Sequence[tuple[str, m.CreditRecord]]],
                 as_of: dt.date, rated: Rated = afresh) -> Results:
        """第十三条: each evaluation rates the enterprises whose rating authority it is on its cutoff. A rating
        does not depend on ``as_of`` (only whether it is published yet does), so each comes through ``rated``."""
        ratings: list[Rating] = []
        enterprises = {k: d.model for k, d in rs.enterprises.items()}
        claims: dict[dt.date, dict[str, list[str]]] = {}
        for (year, authority), es in sorted(rs.evaluations.items()):
            ev = es.doc.model
            if ev.cutoff not in claims:
                claims[ev.cutoff] = claims_on(enterprises, ev.cutoff, rs.regions)
            for uscc in claims[ev.cutoff].get(authority, []):
                sheet = es.sheets.get(uscc)
                ratings.append(rated(year, authority, uscc, functools.partial(
                    rate_enterprise, self.rb, uscc, enterprises[uscc], by_subject.get(uscc, []), ev, year,
                    authority, sheet.model if sheet is not None else None, rs.regions, rs.calendar,
                )))
        return ratings, []

    def publications_due(self, rs: RecordSet, as_of: dt.date) -> list[str]:
        """第十三条: every rating authority completes its year's rating by 31 December."""
        out = []
        year = as_of.year
        needed: dict[str, int] = {}
        for d in rs.enterprises.values():
            ent = d.model
            scope = rating_scope(active_project_regions(ent.projects, as_of), ent.registered_region, rs.regions)
            needed[scope.region] = needed.get(scope.region, 0) + 1
        for region, count in sorted(needed.items()):
            if (year, region) not in rs.evaluations:
                name = rs.authorities[region].model.name if region in rs.authorities else region
                out.append(f"{name}（{region}）：{year} 年度评定应于 {year}-12-31 前完成，涉及约 {count} 家企业")
        return out

    def explain_subject(self, rs: RecordSet, uscc: str, as_of: dt.date) -> dict[str, Any]:
        """第十三条: which authority would rate the enterprise today."""
        ent = rs.enterprises[uscc].model
        scope = rating_scope(active_project_regions(ent.projects, as_of), ent.registered_region, rs.regions)
        return {"rating_authority_now": {"scope": scope.scope, "region": scope.region, "counties": list(scope.counties)}}

    def provisional(self, rs: RecordSet, uscc: str, year: int, as_of: dt.date) -> tuple[Rating | None, str]:
        """The year's rating from the records alone, its cutoff taken as the as-of day (暂估)."""
        return provisional_rating(self.rb, rs, uscc, year, as_of)

    def uncounted(self, rs: RecordSet, uscc: str, rating: Rating | None, year: int,
                  as_of: dt.date) -> list[Uncounted]:
        if rating is None:
            return []
        records = [(rid, d.model) for rid, d in rs.records.items() if d.model.subject == uscc]
        return uncounted_records(self.rb, rating, records, as_of)

    # -- the site --

    def level_table(self) -> dict[str, str]:
        return {str(i): level_name(i) for i in range(6)} | {"v": level_name(None, vetoed=True), "-": NOT_RATED}

    def levels_best_first(self) -> list[str]:
        return [str(i) for i in range(5, -1, -1)] + ["v", "-"]

    def code_lists(self) -> dict[str, dict[str, str]]:
        """第十二条: the level is the number of stars (0–5) after the cap."""
        levels = {str(i): level_name(i) for i in range(6)}
        return {"enterprises.level": levels, "ratings.level": levels}

    def level_code(self, level: str | None, vetoed: bool) -> str:
        if vetoed:
            return "v"
        return level if level is not None and level in self.levels else "-"
