"""The good side of the scaled tree: awards and social-responsibility records (附件3–5), and the yearly
evaluations (第十三条) with red/smart sheets for about 5% of the enterprises."""

from __future__ import annotations

import datetime as dt

from generator.rules.calendar import WorkCalendar
from generator.rules.regions import rating_scope

from .henan import CITY_OF, PROVINCE_AUTHORITY
from .tree_world import FIRST, LAST_EFFECTIVE, Project, World, optional, record_head

EVALUATIONS = {  # year: (cutoff, published)
    2024: (dt.date(2024, 12, 10), dt.date(2024, 12, 16)),
    2025: (dt.date(2025, 12, 10), dt.date(2025, 12, 15)),
}
_LEVEL_NAME = {
    "national": "全国", "province": "全省", "city": "全市", "county": "县（区）级", "street": "街道",
}
_AWARD_TEXT = {
    "market": "获评{lv}物业服务示范项目",
    "safety": "获评{lv}物业安全管理先进单位",
    "red": "获评{lv}“红色物业”示范企业",
    "smart": "获评{lv}智慧物业建设示范项目",
}
_SOCIAL_TEXT = {
    1: "为业主加装电梯、改造老旧管网等民生实事作出突出贡献",
    2: "主动参与防汛抢险、疫情防控等公共突发事件应对",
    3: "招录退役军人、高校毕业生等稳岗就业",
    4: "推行垃圾分类和节能改造，配合业主安装充电桩",
    5: "组织志愿服务和社会捐赠活动",
    6: "在管项目开展社区养老、托幼服务",
    7: "主动承接老旧小区物业服务",
    8: "参编物业服务地方标准",
    9: "其他履行社会责任的优良行为",
}

GoodRecord = tuple[str, int, dt.date, str]
"""(recorder, year, entered, file text)."""


class GoodRecords:
    """Awards (sometimes the same deed honoured at two levels) and social-responsibility records."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.rng = world.rng
        self.wd = world.wd

    def good_decision(self, county: str, level: str, year: int) -> tuple[str, str, str]:
        """(authority, document, recorder) of an award or recognition at ``level``."""
        rng = self.rng
        city = CITY_OF[county]
        no = rng.randint(1, 200)
        if level == "national":
            return "中华人民共和国住房和城乡建设部", f"建房〔{year}〕{no}号", county
        if level == "province":
            return PROVINCE_AUTHORITY, f"豫建房〔{year}〕{no}号", county
        if level == "city" and city.code in self.w.authorities and city.code != county:
            a = self.w.authorities[city.code]
            return a.name, f"{a.short}建〔{year}〕第{no}号", county
        if level == "street":
            scode = rng.choice(self.w.streets[county])
            a = self.w.authorities[scode]
            return a.name, f"{a.short}街〔{year}〕第{no}号", scode
        a = self.w.authorities[county]
        return a.name, f"{a.short}建〔{year}〕第{no}号", county

    def good_text(self, subject: str, project: Project | None, item: str, count: int, summary: str,
                  authority: str, level: str, document: str, effective: dt.date, recorder: str,
                  entered: dt.date, deed: str | None) -> str:
        lines = record_head(subject, project, f"kind: good\nitem: {item}\n", count)
        lines.append(f"summary: {summary}\ndecision:\n  authority: {authority}\n  level: {level}\n"
                     f"  document: {document}\n  effective: {effective.isoformat()}\n"
                     f'recorder: "{recorder}"\nentered: {entered.isoformat()}\n')
        lines.append(optional("deed", deed))
        return "".join(lines)

    def award(self, pair: bool) -> list[GoodRecord]:
        rng = self.rng
        ent, project, lo, hi = self.w.pick_enterprise(FIRST, LAST_EFFECTIVE - dt.timedelta(days=60) if pair
                                                    else LAST_EFFECTIVE)
        county = project.region if project is not None else ent.county
        cat = rng.choices(["market", "safety", "red", "smart"], [45, 25, 20, 10])[0]
        levels = ["street", "county", "city", "province", "national"]
        level = rng.choices(levels, [10, 40, 35, 13, 2])[0]
        if pair and level in ("province", "national"):
            level = "city"
        effective = self.wd.pick(rng, lo, hi) or lo
        deed = None
        if pair or rng.random() < 0.25:
            deed = f"{ent.uscc[-6:].lower()}-{effective.year}-{cat}-{rng.randint(1, 99)}"
        out = []
        for k in range(2 if pair else 1):
            if k == 1:  # the same deed honoured again one level up
                level = levels[levels.index(level) + 1]
                effective = self.wd.after(effective, rng.randint(10, 40))
                self.w.features["deed-pair"] += 1
            authority, document, recorder = self.good_decision(county, level, effective.year)
            entered = self.wd.after(effective, rng.randint(1, 3))
            summary = _AWARD_TEXT[cat].format(lv=_LEVEL_NAME[level])
            if project is not None and cat in ("market", "safety", "smart"):
                summary = f"{project.name}项目{summary}"
            text = self.good_text(ent.uscc, project, cat, 1, summary, authority, level, document, effective,
                                  recorder, entered, deed)
            out.append((recorder, effective.year, entered, text))
            self.w.count_class("good-award")
        return out

    def social(self) -> GoodRecord:
        rng = self.rng
        ent, project, lo, hi = self.w.pick_enterprise(FIRST, LAST_EFFECTIVE)
        county = project.region if project is not None else ent.county
        section = rng.randint(1, 9)
        item = f"social.{section}"
        if section in (1, 2, 3, 5):
            level = rng.choices(["street", "county", "city", "province", "national"], [25, 40, 25, 9, 1])[0]
            count = 1
        else:
            level = rng.choices(["street", "county", "city"], [40, 45, 15])[0]
            count = 2 if rng.random() < 0.15 else 1
        effective = self.wd.pick(rng, lo, hi) or lo
        authority, document, recorder = self.good_decision(county, level, effective.year)
        entered = self.wd.after(effective, rng.randint(1, 3))
        summary = _SOCIAL_TEXT[section]
        if project is not None:
            summary = f"{project.name}：{summary}"
        self.w.count_class("good-social")
        return recorder, effective.year, entered, self.good_text(
            ent.uscc, project, item, count, summary, authority, level, document, effective, recorder, entered,
            None)


# ---- evaluations (第十三条) -------------------------------------------------------------------------------


def build_evaluations(w: World) -> dict[str, str]:
    """relative path -> text of evaluation.yaml files and sheets."""
    rng = w.rng
    cal = WorkCalendar()
    files: dict[str, str] = {}
    raters = [a for a in w.authorities.values() if a.level != "street"]
    for year, (cutoff, published) in EVALUATIONS.items():
        notice_until = cal.add_workdays(published, w.rb.notice_min_working_days)
        for a in raters:
            files[f"evaluations/{year}/{a.code}/evaluation.yaml"] = (
                f"cutoff: {cutoff.isoformat()}\npublished: {published.isoformat()}\n"
                f"notice_until: {notice_until.isoformat()}\n")
            w.result.evaluations += 1
        for ent in w.enterprises:
            if ent.established > cutoff or rng.random() >= 0.05:
                continue
            active = [p.region for p in ent.projects if p.active_on(cutoff)]
            scope = rating_scope(active, ent.county, w.regions)
            files[f"evaluations/{year}/{scope.region}/{ent.uscc}.yaml"] = _sheet(w, len(active))
            w.result.sheets += 1
    return files


def _sheet(w: World, communities: int) -> str:
    rng = w.rng
    rb = w.rb
    which = rng.choices(["red", "smart", "both"], [35, 25, 40])[0]
    out = []
    for cat_code in ("red", "smart"):
        if which not in (cat_code, "both"):
            continue
        cat = rb.category_by_code[cat_code]
        good = rng.random()  # how good this enterprise is at the category
        lines = []
        for sec in cat.sections:
            for it in sec.items:
                key = f"{sec.number}.{it.number}"
                code = f"{cat_code}.{key}"
                r = rng.random()
                if r > 0.6 + 0.38 * good:  # not listed: 0 points
                    continue
                if it.scoring == "community":
                    if communities == 0:
                        continue
                    full = rng.randint(0, communities)
                    partial = rng.randint(0, communities - full)
                    lines.append(f'  "{key}": {{full: {full}, partial: {partial}}}\n')
                elif it.scoring == "results":
                    results = rng.choices([0, 1, 2, 3, 5], [20, 30, 25, 15, 10])[0]
                    lines.append(f'  "{key}": {{count: {results}}}\n')
                elif rng.random() < 0.04:
                    lines.append(f'  "{key}": absent\n')
                else:
                    step = rb.item_step(code)
                    assert it.max is not None
                    most = int(it.max / step)
                    missing = 0
                    if rng.random() >= 0.4 + 0.5 * good:
                        missing = rng.randint(1, max(1, min(most, 3)))
                    lines.append(f'  "{key}": {min(missing, most)}\n')
        if lines:
            out.append(f"{cat_code}:\n" + "".join(lines))
    return "".join(out) or 'red:\n  "1.1": 0\n'
