"""Validate: rules across record files (DESIGN §3–§5), every problem with its file and line.

Errors fail validation; warnings (late entry 第七条, overdue objection 第十七条 or repair 第十六条) do not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator import heap
from generator.day.schemes import scheme_of
from generator.records import models as m
from generator.records.hints import project_hint, subject_hint
from generator.records.load import load_records, uscc_problem
from generator.records.problems import Problem
from generator.records.recordset import Doc, EvaluationSet, RecordSet, Source
from generator.rules.calendar import UnknownYear, WorkCalendar, add_months
from generator.rules.regions import claims_on, kind, parent


class Validator:
    def __init__(self, rs: RecordSet, as_of: dt.date) -> None:
        self.rs = rs
        self.as_of = as_of
        self.cal: WorkCalendar = rs.calendar
        self.problems: list[Problem] = []
        self.rb = rs.rulebook
        self.scheme = scheme_of(rs.rulebook)
        self._claims: dict[dt.date, dict[str, set[str]]] = {}

    # -- helpers --
    def err(self, src: Source, message: str, *path: str | int) -> None:
        self.problems.append(Problem(src.display, src.line(*path), message))

    def warn(self, src: Source, message: str, *path: str | int) -> None:
        self.problems.append(Problem(src.display, src.line(*path), message, "warning"))

    def unknown_year(self, src: Source, exc: UnknownYear, what: str, *path: str | int) -> None:
        """A year's holidays are not known yet: a warning saying what cannot be told, never a failed build
        (DESIGN §9: a nightly build never fails for want of a future year's calendar)."""
        self.warn(src, f"{what}：{exc.year} 年的法定节假日安排尚未知道，暂无法按工作日计算。"
                       f"国务院公布后请在 records/calendar.yaml 中加入 {exc.year} 年的放假和调休上班日期", *path)

    def missed(self, src: Source, start: dt.date, n: int, limit: dt.date, what: str, *path: str | int) -> dt.date | None:
        """The n-th working day after ``start`` when it lies before ``limit`` (a missed deadline), else None;
        None with a warning where that needs a year no calendar covers."""
        try:
            return self.cal.nth_workday_before(start, n, limit)
        except UnknownYear as exc:
            self.unknown_year(src, exc, f"无法判断是否已超过{what}的 {n} 个工作日期限", *path)
            return None

    def known_person(self, pid: str) -> bool:
        """A person with a file (one that failed to load has its own problems: not reported again)."""
        return pid in self.rs.persons or pid in self.rs.unreadable

    def region(self, src: Source, code: str, *path: str | int) -> None:
        if code not in self.rs.regions:
            self.err(src, f"区划代码 {code} 不在 regions.yaml 中；请先在 regions.yaml 中加入它", *path)

    # -- run --
    def run(self) -> list[Problem]:
        rs = self.rs
        self.check_platform()
        self.check_regions()
        for a in rs.authorities.values():
            self.check_authority(a)
        for e in rs.enterprises.values():
            self.check_enterprise(e)
        for r in rs.records.values():
            self.check_record(r)
        self.check_deeds()
        for es in rs.evaluations.values():
            self.check_evaluation(es)
        self.scheme.check_tree(self)
        return self.problems

    def claims(self, cutoff: dt.date) -> dict[str, set[str]]:
        """Rating authority → enterprises it rates at a cutoff (第十三条), computed once per cutoff."""
        found = self._claims.get(cutoff)
        if found is None:
            enterprises = {k: d.model for k, d in self.rs.enterprises.items()}
            found = {k: set(v) for k, v in claims_on(enterprises, cutoff, self.rs.regions).items()}
            self._claims[cutoff] = found
        return found

    def check_platform(self) -> None:
        p = self.rs.platform
        if p.model.operator not in self.rs.authorities:
            self.err(p.src, f"运营机关 {p.model.operator} 不在 authorities.yaml 中", "operator")

    def check_regions(self) -> None:
        src = self.rs.regions_src
        for code in self.rs.regions:
            if kind(code, self.rs.regions) != "province" and parent(code, self.rs.regions) is None:
                self.err(src, f"区划 {code} 的上级（省或市）不在 regions.yaml 中", code)

    def check_authority(self, a: Doc[m.Authority]) -> None:
        code = a.model.code
        self.region(a.src, code[:6], "code")
        if len(code) == 9 and a.model.level != "street":
            self.err(a.src, f"9 位代码 {code} 是乡镇街道，level 应为 street", "level")
        if len(code) == 6 and a.model.level == "street":
            self.err(a.src, f"街道办事处的代码应为 9 位（现为 {code}）", "code")
        if len(code) == 6 and code.endswith("0000") and a.model.level != "province":
            self.err(a.src, f"{code} 是省级区划，level 应为 province", "level")

    def check_enterprise(self, e: Doc[m.Enterprise]) -> None:
        ent = e.model
        self.region(e.src, ent.registered_region, "registered_region")
        if ent.name in ent.former_names:
            self.err(e.src, "曾用名中不应包含现名称", "former_names")
        seen: set[str] = set()
        for i, pr in enumerate(ent.projects):
            if pr.id in seen:
                self.err(e.src, f"项目编号 “{pr.id}” 在本企业中重复", "projects", i, "id")
            seen.add(pr.id)
            self.region(e.src, pr.region, "projects", i, "region")
            if pr.manager is not None and not self.known_person(pr.manager):
                self.err(e.src, f"项目负责人 {pr.manager} 没有对应的 persons/{pr.manager}.yaml", "projects", i, "manager")
        for i, mg in enumerate(ent.managers):
            if not self.known_person(mg.person):
                self.err(e.src, f"人员 {mg.person} 没有对应的 persons/{mg.person}.yaml", "managers", i, "person")

    # -- credit records --
    def check_record(self, d: Doc[m.CreditRecord]) -> None:  # noqa: C901 - one rule per branch, in order
        r, src, rb = d.model, d.src, self.rb
        dec = r.decision
        # subject and project
        if r.subject.startswith("P-"):
            if not self.known_person(r.subject):
                self.err(src, f"信用主体 {r.subject} 没有对应的 persons/{r.subject}.yaml", "subject")
            if r.project is not None:
                self.err(src, "project 只用于企业的信息（信用主体是人员时请删除）", "project")
        elif r.subject not in self.rs.enterprises and (why := uscc_problem(r.subject)):
            self.err(src, subject_hint(r.subject, self.rs.enterprises, self.rs.persons) or why, "subject")
        else:
            if r.subject not in self.rs.enterprises:
                if r.subject not in self.rs.unreadable:
                    self.err(src, f"信用主体 {r.subject} 没有对应的 enterprises/{r.subject}.yaml", "subject")
            elif r.project is not None and r.project not in {
                p.id for p in self.rs.enterprises[r.subject].model.projects
            }:
                self.err(src, project_hint(r.project, self.rs.enterprises[r.subject].model, r.subject), "project")
        if r.recorder not in self.rs.authorities:
            self.err(src, f"录入机关 {r.recorder} 不在 authorities.yaml 中", "recorder")
        if r.entered < dec.effective:
            self.err(src, "录入日期 entered 早于决定生效日期 decision.effective", "entered")
        if dec.learned is not None and dec.learned < dec.effective:
            self.err(src, "获悉日期 learned 早于决定生效日期", "decision", "learned")
        if dec.learned is not None and dec.learned > r.entered:
            self.err(src, "获悉日期 learned 晚于录入日期 entered", "decision", "learned")

        # item and category
        item = rb.items.get(r.item)
        if r.kind == "good":
            self.check_good(d)
        elif item is None:
            self.err(src, f"评分标准中没有条目 “{r.item}”；不良信息请写 market.<节>.<项> 或 safety.<节>.<项>，例如 market.1.21",
                     "item")
        else:
            cat, _sec, it = item
            if cat.kind != "deduction":
                self.err(src, f"“{r.item}” 是{cat.name}的加分项，不能用于不良信息", "item")
            if r.class_ is None:
                self.err(src, "不良信息必须写明类别 class: A、B 或 C（第十条）", "kind")
            elif it.class_only and r.class_ != it.class_only:
                self.err(src, f"“{r.item}” 是第十条所列 A 类严重不良行为，class 必须是 A", "class")
            elif r.class_ == "A" and not it.veto:
                self.err(src, f"A 类不良信息只用于第十条所列行为（一票否决项），“{r.item}” 不是", "class")
            if it.points_range is not None:
                lo, hi = it.points_range
                if r.points is None:
                    self.err(src, f"“{r.item}” 的扣分在 {lo}–{hi} 分之间，请用 points 写明本次扣几分", "item")
                elif not lo <= r.points <= hi:
                    self.err(src, f"points 应在 {lo}–{hi} 之间（现为 {r.points}）", "points")
            elif r.points is not None:
                self.err(src, f"“{r.item}” 的分值是固定的，请删除 points", "points")
            if it.veto and r.count != 1:
                self.err(src, "一票否决项不计次数，请删除 count", "count")
            self.check_bad(d)

    def check_good(self, d: Doc[m.CreditRecord]) -> None:
        r, src, rb = d.model, d.src, self.rb
        cat = rb.category_by_code.get(r.item)
        item = rb.items.get(r.item)
        if cat is not None:
            if not cat.awards:
                self.err(src, f"{cat.name}的优良信息请写具体条目，例如 {cat.code}.1", "item")
        elif item is None or item[0].kind != "bonus":
            awards = "、".join(c.code for c in rb.categories if c.awards)
            self.err(src, f"优良信息的 item 应为表彰类别（{awards}）或履行社会责任条目（如 social.4），不是 “{r.item}”", "item")
        if r.class_ is not None:
            self.err(src, "优良信息没有类别，请删除 class", "class")
        if r.points is not None:
            self.err(src, "优良信息的加分由表彰级别决定，请删除 points", "points")
        if r.decision.kind is not None:
            self.err(src, "decision.kind 只用于不良信息，请删除", "decision", "kind")
        if r.decision.level == "court":
            self.err(src, "优良信息的级别应为 national、province、city、county 或 street", "decision", "level")
        if r.notified is not None:
            self.err(src, "notified 只用于不良信息（录入前告知），请删除", "notified")
        for key in ("refuses_correction",):
            if getattr(r, key):
                self.err(src, f"{key} 只用于 C 类不良信息", key)
        if r.extensions:
            self.err(src, "只有不良信息可以延长公开期限", "extensions")
        if r.repair is not None:
            self.err(src, "只有不良信息可以申请信用修复", "repair")
        if r.disclosure_months is not None and rb.disclosure and not (
            1 <= r.disclosure_months <= rb.disclosure.total_max_months
        ):
            self.err(src, "公开期限超出范围", "disclosure_months")
        self.check_lifecycle(d)
        self.check_entry_deadline(d)

    def check_bad(self, d: Doc[m.CreditRecord]) -> None:
        r, src = d.model, d.src
        rules = self.rb.disclosure
        assert rules is not None
        dec = r.decision
        if r.deed is not None:
            self.err(src, "deed 只用于优良信息", "deed")
        if dec.kind is None:
            self.err(src, "请写明决定类型 decision.kind：penalty、order、handling 或 judgment", "decision")
        if dec.kind == "judgment" and dec.level != "court":
            self.err(src, "生效裁判（judgment）的 level 应为 court", "decision", "level")
        if dec.level == "court" and dec.kind != "judgment":
            self.err(src, "法院（court）作出的是生效裁判，decision.kind 应为 judgment", "decision", "kind")
        if r.notified is None:
            self.err(src, "不良信息录入前应告知信用主体理由和依据（第七条）：请填写 notified 告知日期", "entered")
        elif r.notified > r.entered:
            self.err(src, "告知日期 notified 晚于录入日期 entered：应先告知再录入（第七条）", "notified")
        if r.refuses_correction and r.class_ != "C":
            self.err(src, "refuses_correction 只用于 C 类不良信息", "refuses_correction")
        months = r.disclosure_months
        public_c = r.class_ == "C" and r.refuses_correction
        if months is None:
            if r.class_ != "C" or r.refuses_correction:
                self.err(src, "请写明公开期限 disclosure_months（由认定部门确定，第十一条）", "kind")
        elif r.class_ == "C":
            if not rules.c_min_months <= months <= rules.c_max_months:
                self.err(src, f"C 类不良信息的公开期限为 {rules.c_min_months}–{rules.c_max_months} 个月"
                              f"（第十一条），现为 {months}",
                         "disclosure_months")
        else:
            # 第十一条: 3 months to 3 years, and never below the penalty: a longer penalty raises the ceiling
            ceiling = max(rules.bad_max_months, dec.penalty_months or 0)
            if not rules.bad_min_months <= months <= ceiling:
                longer = f"，行政处罚期限更长的可至 {dec.penalty_months} 个月" if ceiling > rules.bad_max_months else ""
                self.err(src, f"不良信息的公开期限为 {rules.bad_min_months}–{ceiling} 个月"
                              f"（第十一条{longer}），现为 {months}",
                         "disclosure_months")
            if dec.penalty_months is not None and months < dec.penalty_months:
                self.err(src, f"公开期限不得低于行政处罚期限 {dec.penalty_months} 个月（第十一条）", "disclosure_months")
            if dec.kind == "penalty" and dec.domain in rules.safety_domains and months < rules.safety_domain_min_months:
                self.err(src, f"特种设备、安全生产、消防领域的行政处罚信息最短公示 "
                              f"{rules.safety_domain_min_months} 个月（第十一条）",
                         "disclosure_months")
        if r.extensions and r.class_ == "C" and not public_c:
            self.err(src, "不公开的 C 类信息无需延长；拒不纠正的请写 refuses_correction: true", "extensions")
        total = (months or 0) + sum(e.months for e in r.extensions)
        if total > rules.total_max_months:
            self.err(src, f"公开期限（含延长）总计不得超过 {rules.total_max_months} 个月（第十一条），现为 {total}",
                     "extensions" if r.extensions else "disclosure_months")
        last = dec.effective
        running = months or 0
        for i, ext in enumerate(r.extensions):
            if ext.decided < last:
                self.err(src, "延长决定日期应不早于生效日期和前一次延长", "extensions", i, "decided")
            last = ext.decided
            # 第十一条: the validity is extended, not restarted — an expired record has been archived
            # (转为档案保存) and an extension decided after that day would bring it back online
            ends = add_months(dec.effective, running)
            if months is not None and ext.decided > ends:
                self.err(src, f"延长决定须在有效期届满之日（{ends}）或之前作出：期满的信息已转为档案保存、不再公开，"
                              "不能再延长后重新公开（第十一条）", "extensions", i, "decided")
            running += ext.months
        if r.repair is not None:
            rep = r.repair
            if rep.applied < dec.effective:
                self.err(src, "修复申请日期早于决定生效日期", "repair", "applied")
            if (rep.decided is None) != (rep.outcome is None):
                self.err(src, "修复决定需同时写明 decided 和 outcome", "repair")
            if rep.decided is not None and rep.decided < rep.applied:
                self.err(src, "修复决定日期早于申请日期", "repair", "decided")
            if rep.decided is None:
                due = self.missed(src, rep.applied, self.rb.deadline_working_days, self.as_of, "修复申请处理",
                                  "repair", "applied")
                if due is not None:
                    self.warn(src, f"信用修复申请已超过 {self.rb.deadline_working_days} 个工作日未作决定"
                                   f"（{_with(self.rb.citations.repair)}应于 {due} 前）",
                              "repair", "applied")
        self.check_lifecycle(d)
        self.check_entry_deadline(d)

    def check_lifecycle(self, d: Doc[m.CreditRecord]) -> None:
        r, src = d.model, d.src
        pending = 0
        prev: dt.date | None = None
        for i, ob in enumerate(r.objections):
            if ob.filed < r.decision.effective:
                self.err(src, "异议提出日期早于决定生效日期", "objections", i, "filed")
            if prev is not None and ob.filed < prev:
                self.err(src, "异议请按提出日期先后排列", "objections", i, "filed")
            prev = ob.filed
            if (ob.resolved is None) != (ob.outcome is None):
                self.err(src, "异议处理结果需同时写明 resolved 和 outcome", "objections", i)
            if ob.resolved is not None and ob.resolved < ob.filed:
                self.err(src, "异议处理日期早于提出日期", "objections", i, "resolved")
            if ob.resolved is None:
                pending += 1
                due = self.missed(src, ob.filed, self.rb.deadline_working_days, self.as_of, "异议处理",
                                  "objections", i, "filed")
                if due is not None:
                    self.warn(src, f"异议已超过 {self.rb.deadline_working_days} 个工作日未处理完毕"
                                   f"（{_with(self.rb.citations.objection)}应于 {due} 前告知核查结果）",
                              "objections", i, "filed")
            if ob.outcome == "revoked" and i != len(r.objections) - 1:
                self.err(src, "异议结果为撤销（revoked）后，该信息已作废，不应再有后续异议", "objections", i, "outcome")
        if pending > 1:
            self.err(src, "同一时间只能有一项未处理完的异议", "objections")
        if r.withdrawn is not None and r.withdrawn.date < r.decision.effective:
            self.err(src, "撤销日期早于决定生效日期", "withdrawn", "date")

    def check_entry_deadline(self, d: Doc[m.CreditRecord]) -> None:
        """第七条 (the rulebook's ``citations.entry``): entered within 7 working days of the decision (or of
        learning of it)."""
        r, src = d.model, d.src
        start = r.decision.learned or r.decision.effective
        due = self.missed(src, start, self.rb.deadline_working_days, r.entered, "录入", "entered")
        if due is not None:
            where = self.rb.citations.entry
            self.warn(src, f"录入晚于{where or ''}规定的 {self.rb.deadline_working_days} 个工作日（应于 {due} 前录入）",
                      "entered")

    def check_deeds(self) -> None:
        seen: dict[tuple[str, str], tuple[str, Doc[m.CreditRecord]]] = {}
        for d in self.rs.records.values():
            r = d.model
            if r.deed is None:
                continue
            cat = r.category
            key = (r.subject, r.deed)
            if key in seen and seen[key][0] != cat:
                self.err(d.src, f"同一事迹 {r.deed} 已在 {seen[key][1].id} 中计入{seen[key][0]}类别；"
                                "同一事迹只能属于一个类别", "deed")
            seen.setdefault(key, (cat, d))

    # -- evaluations --
    def check_evaluation(self, es: object) -> None:

        assert isinstance(es, EvaluationSet)
        ev, src = es.doc.model, es.doc.src
        if es.authority not in self.rs.authorities:
            self.err(src, f"评价机关 {es.authority}（文件夹名）不在 authorities.yaml 中")
        if ev.cutoff.year != es.year:
            self.err(src, f"评价截止日应在 {es.year} 年内（{_with(self.rb.citations.annual)}一年开展一次）", "cutoff")
        if ev.published < ev.cutoff:
            self.err(src, "公示日期 published 早于截止日 cutoff", "published")
        n_days = self.rb.notice_min_working_days
        if ev.notice_until is None:  # the default is computed: where its year is unknown, 公示中 until it is known
            try:
                self.cal.add_workdays(ev.published, n_days)
            except UnknownYear as exc:
                self.unknown_year(src, exc, f"公示截止日（公示日后第 {n_days} 个工作日）暂无法确定，网站在此之前显示“公示中”、"
                                            "截止日待定；也可以写明 notice_until", "published")
        else:
            try:  # the notice runs at least n working days: the n-th must fall on or before notice_until
                enough = self.cal.nth_workday_before(ev.published, n_days, ev.notice_until + dt.timedelta(days=1))
            except UnknownYear as exc:
                self.unknown_year(src, exc, f"无法核对公示期是否不少于 {n_days} 个工作日", "notice_until")
                enough = ev.notice_until
            if enough is None:
                earliest = self.cal.add_workdays_or_none(ev.published, n_days)
                self.err(src, f"公示期不少于 {n_days} 个工作日{self.rb.cite('notice')}：notice_until 不得早于 "
                              f"{earliest or f'公示日（{ev.published}）后第 {n_days} 个工作日'}", "notice_until")
        for uscc, sheet in es.sheets.items():
            if uscc not in self.rs.enterprises and uscc not in self.rs.unreadable:
                self.err(sheet.src, f"企业 {uscc} 没有对应的 enterprises/{uscc}.yaml")
        self.scheme.check_evaluation(self, es)


def _with(where: str | None) -> str:
    """``第十六条，`` to begin a bracket that goes on, or nothing where the document sets no article."""
    return f"{where}，" if where else ""


@heap.paused()
def validate(root: Path, as_of: dt.date) -> tuple[RecordSet | None, list[Problem]]:
    """Load and validate; returns the record set only when there is no error."""
    return check(*load(root), as_of)


def load(root: Path, *, blob_hash: str | None = None) -> tuple[RecordSet | None, list[Problem]]:
    """The records at ``root``, loaded (:func:`~generator.records.load.load_records`) and not yet validated: the
    one place a command reads a records tree (a test counts the calls). ``blob_hash``: for ``credit diff``."""
    return load_records(root, blob_hash=blob_hash)


@heap.paused()
def check(rs: RecordSet | None, problems: list[Problem], as_of: dt.date) -> tuple[RecordSet | None, list[Problem]]:
    """Validate loaded records (``problems``: the loader's): every problem sorted, and the record set only
    when none is an error."""
    if rs is not None:
        problems = problems + Validator(rs, as_of).run()
    problems = sorted(set(problems))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return rs, problems
