"""What every page of the public site shows, computed once from a :class:`~generator.day.snapshot.Snapshot`.

Pure functions, no I/O and no Pelican: :func:`site_pages` yields one :class:`PageSpec` (output name, template,
template variables) per page, and the Pelican generator in this package renders them. The snapshot holds
public information only (DESIGN §5), so nothing here can show what a publisher was never given: counts,
lists, anchors and feed entries are all built from ``snapshot.records`` and the published ratings and grades.

Indexes (records by subject, enterprises by region, persons' roles, ratings by year) are built once, so the
work per page stays small for a province with ten thousand enterprises.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator import urls
from generator.day.grades import Grade
from generator.day.ratings import CategoryScore, Rating
from generator.day.snapshot import PublicRecord, Snapshot
from generator.labels import (
    DECISION_KIND_NAMES,
    DECISION_LEVEL_NAMES,
    DOMAIN_NAMES,
    NOT_RATED,
    SCOPE_NAMES,
    STATUS_NAMES,
    VETOED,
    level_name,
)
from generator.publish.data.rows import fmt_decimal
from generator.records.models import Authority, Project
from generator.rules.regions import parent as region_parent
from generator.rules.rulebook import Rulebook

LATEST_RECORDS = 20
FEED_MAX = 100


def num(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return fmt_decimal(value)


# ---- view records --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordView:
    """One public record as a row: every text the page shows, already chosen."""

    rec: PublicRecord
    kind_label: str  # 不良（B 类） / 优良
    class_label: str  # A / B / C / 优良
    points_label: str  # 扣 3 分 / 加 3 分 / 一票否决
    project_name: str | None
    decision_kind: str | None
    decision_level: str
    domain: str | None
    subject_name: str
    subject_url: str  # relative to the site root, e.g. enterprises/<USCC>/
    item_url: str  # the item on the standards page (site-relative, with anchor)

    @property
    def id(self) -> str:
        return self.rec.id

    @property
    def url(self) -> str:
        return f"{self.subject_url}#{self.rec.id}"


def points_label(r: PublicRecord, rb: Rulebook) -> str:
    if r.kind == "bad":
        if r.points is None:
            return "一票否决" if r.class_ == "A" or _is_veto(r.item, rb) else "—"
        per = num(r.points)
        if r.count == 1:
            return f"扣 {per} 分"
        return f"扣 {per} 分 × {r.count} = {num(r.points * r.count)} 分"
    if r.points is None:
        return "—"
    per = num(r.points)
    if r.count == 1:
        return f"加 {per} 分"
    return f"加 {per} 分 × {r.count} = {num(r.points * r.count)} 分"


def _is_veto(code: str, rb: Rulebook) -> bool:
    found = rb.items.get(code)
    return bool(found and found[2].veto)


# ---- ratings and grades as shown -------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryView:
    """One category of a rating as shown: its score, and every point that comes from public information
    (the base and the public records counted, each linking its record); ``rest`` is what the evaluation
    sheet and information not public or expired add (第十四条) — never itemised."""

    code: str
    name: str
    score: str
    star: bool
    vetoed: bool
    base: str
    public: tuple[tuple[str, str, str], ...]  # (record id and its url | a rule's note and "", signed points)
    rest: str  # signed sum of everything else, "" when nothing
    sheet: bool  # scored from the year's evaluation sheet (附件3、4): the rest is mostly the sheet's items
    appendix: str  # where its standard is (附件1…)
    bonus_base: bool  # a bonus category starting above zero (履行社会责任 50 分): the base is not a failure


def category_view(c: CategoryScore, records: dict[str, RecordView], rb: Rulebook) -> CategoryView:
    base = sum((ln.points for ln in c.lines if ln.kind == "base"), Decimal(0))
    steps: list[tuple[str, str, str]] = []
    for ln in c.lines:
        if ln.kind == "record" and ln.record in records:
            steps.append((ln.record, records[ln.record].url, _signed(ln.points)))
        elif ln.kind in ("cap", "veto"):
            steps.append((ln.note, "", _signed(ln.points)))
    rest = c.score - sum((ln.points for ln in c.lines if ln.kind != "record" or ln.record in records), Decimal(0))
    cat = rb.category_by_code[c.code]
    return CategoryView(
        c.code, c.name, num(c.score), c.star, c.vetoed, num(base), tuple(steps),
        _signed(rest) if rest else "", cat.kind == "checklist", cat.appendix, cat.kind == "bonus" and base > 0,
    )


def _signed(value: Decimal) -> str:
    return f"+{num(value)}" if value > 0 else (num(value) if value < 0 else "±0")


def project_state(p: Project, as_of: dt.date) -> str:
    """"" for a project served on the as-of day, else 尚未开始 or 已结束 (pages get the date only this way)."""
    if p.active_on(as_of):
        return ""
    return "尚未开始" if p.since > as_of else "已结束"


@dataclass(frozen=True)
class RatingView:
    rating: Rating
    authority_name: str
    scope_label: str
    status: str  # notice | final
    status_label: str
    level_label: str
    star_count: int | None
    categories: tuple[CategoryView, ...]
    as_of: dt.date = field(repr=False)  # for the views computed here; a page reads only the flags below
    measures_expired: tuple[bool, ...] = ()  # per measure of the rating: its year of application has passed


@dataclass(frozen=True)
class GradeView:
    grade: Grade
    authority_name: str
    status: str
    status_label: str
    parts: tuple[tuple[str, str], ...]  # (part name, score)
    score: str
    red_conditions: tuple[tuple[int, str], ...]
    black_conditions: tuple[tuple[int, str], ...]


# ---- the whole site model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    name: str  # output file, relative to the site root
    template: str
    variables: dict[str, Any]
    text: bool = False  # a feed or a badge: absolute addresses, and not counted as a page


@dataclass
class SiteModel:
    snap: Snapshot
    rb: Rulebook
    as_of: dt.date
    records_by_subject: dict[str, list[RecordView]]
    record_views: list[RecordView]  # every public record, in snapshot order
    ratings_by_uscc: dict[str, list[RatingView]]
    grades_by_uscc: dict[str, list[GradeView]]
    ratings_by_year: dict[int, list[RatingView]]
    grades_by_year: dict[int, list[GradeView]]
    latest_rating: dict[str, RatingView]
    latest_grade: dict[str, GradeView]
    region_children: dict[str, list[str]]
    region_roots: list[str]
    region_total: dict[str, int]  # region → distinct enterprises in its subtree
    region_all: dict[str, list[str]]  # region → those enterprises, by name (the paginated list of its page)
    person_projects: dict[str, list[dict[str, Any]]]
    person_roles: dict[str, list[dict[str, Any]]]
    counts: dict[str, Any] = field(default_factory=dict)

    # -- small lookups used by templates --
    def region_name(self, code: str) -> str:
        return self.snap.regions.get(code, code)

    def region_chain(self, code: str) -> list[str]:
        out = [code]
        p = region_parent(code, self.snap.regions)
        while p is not None:
            out.append(p)
            p = region_parent(p, self.snap.regions)
        return list(reversed(out))

    def authority_name(self, code: str) -> str:
        a = self.snap.authorities.get(code)
        if a is not None:
            return a.name
        return f"{self.region_name(code[:6])}物业管理行政主管部门"

    def region_relation(self, uscc: str, code: str) -> str:
        """Why an enterprise is listed on a region's page: registered there, or its projects are."""
        e = self.snap.enterprises[uscc]
        if code in self.region_chain(e.registered_region):
            return "注册地" if e.registered_region == code else f"注册地：{self.region_name(e.registered_region)}"
        here = sorted({p.region for p in e.projects if p.active_on(self.as_of) and code in self.region_chain(p.region)})
        return "在管项目：" + "、".join(self.region_name(r) for r in here)

    def authority(self, code: str) -> Authority | None:
        return self.snap.authorities.get(code)

    def authorities_with_contacts(self) -> list[str]:
        """Authorities whose address, phone or email is known (DESIGN §3), by code: the contacts list on the
        objection and repair pages (第十六、十七条)."""
        return [k for k, a in self.snap.authorities.items() if a.address or a.phone or a.email]

    def enterprise_name(self, uscc: str) -> str:
        e = self.snap.enterprises.get(uscc)
        return e.name if e is not None else uscc

    def person_name(self, pid: str) -> str:
        p = self.snap.persons.get(pid)
        return p.name if p is not None else pid

    def current_level_label(self, uscc: str) -> str:
        rv = self.latest_rating.get(uscc)
        if rv is not None:
            return f"{rv.level_label}（{rv.rating.year} 年度）"
        gv = self.latest_grade.get(uscc)
        if gv is not None:
            return f"{gv.grade.grade} 级（{gv.grade.year} 年度）"
        return NOT_RATED


def subject_url(subject: str, subject_kind: str) -> str:
    return urls.subject(subject, subject_kind).path


def build_model(snap: Snapshot) -> SiteModel:
    rb = snap.rulebook
    as_of = snap.as_of
    project_names = {(uscc, p.id): p.name for uscc, e in snap.enterprises.items() for p in e.projects}

    views: list[RecordView] = []
    by_subject: dict[str, list[RecordView]] = defaultdict(list)
    for r in snap.records:
        if r.subject_kind == "person":
            sname = snap.persons[r.subject].name if r.subject in snap.persons else r.subject
        else:
            sname = snap.enterprises[r.subject].name if r.subject in snap.enterprises else r.subject
        cls = r.class_ if r.kind == "bad" and r.class_ else "优良"
        v = RecordView(
            rec=r,
            kind_label=f"不良信息（{r.class_} 类）" if r.kind == "bad" else "优良信息",
            class_label=cls,
            points_label=points_label(r, rb),
            project_name=project_names.get((r.subject, r.project)) if r.project else None,
            decision_kind=DECISION_KIND_NAMES.get(r.decision.kind) if r.decision.kind else None,
            decision_level=DECISION_LEVEL_NAMES.get(r.decision.level, r.decision.level),
            domain=DOMAIN_NAMES.get(r.decision.domain) if r.decision.domain else None,
            subject_name=sname,
            subject_url=subject_url(r.subject, r.subject_kind),
            item_url=urls.standards_item(r.category, r.item)
            if r.item in rb.items
            else f"{urls.standards(r.category).path}#awards",
        )
        views.append(v)
        by_subject[r.subject].append(v)
    weight = {"A": 0, "B": 1, "C": 2}  # by weight (issue 14): A-class first, then B, C, good; newest first in each
    for lst in by_subject.values():
        lst.sort(key=lambda v: (v.rec.decision.effective, v.rec.id), reverse=True)
        lst.sort(key=lambda v: weight.get(v.rec.class_ or "", 3) if v.rec.kind == "bad" else 3)

    model = SiteModel(
        snap=snap,
        rb=rb,
        as_of=as_of,
        records_by_subject=dict(by_subject),
        record_views=views,
        ratings_by_uscc={},
        grades_by_uscc={},
        ratings_by_year={},
        grades_by_year={},
        latest_rating={},
        latest_grade={},
        region_children={},
        region_roots=[],
        region_total={},
        region_all={},
        person_projects={},
        person_roles={},
    )

    # ratings (published by the as-of day only: the snapshot holds no other)
    by_id = {v.rec.id: v for v in views}
    r_by_uscc: dict[str, list[RatingView]] = defaultdict(list)
    r_by_year: dict[int, list[RatingView]] = defaultdict(list)
    for rating in sorted(snap.ratings, key=lambda x: (x.year, x.published, x.authority, x.uscc)):
        st = rating.status(as_of)
        rv = RatingView(
            rating=rating,
            authority_name=model.authority_name(rating.authority),
            scope_label=SCOPE_NAMES.get(rating.scope, str(rating.scope)),
            status=st,
            status_label=STATUS_NAMES[st],
            level_label=level_name(rating.level, rating.vetoed),
            star_count=rating.stars,
            categories=tuple(category_view(c, by_id, rb) for c in rating.categories),
            as_of=as_of,
            measures_expired=tuple(bool(m.until and m.until < as_of) for m in rating.measures),
        )
        r_by_uscc[rating.uscc].append(rv)
        r_by_year[rating.year].append(rv)
        model.latest_rating[rating.uscc] = rv  # sorted by (year, published): the last one wins
    model.ratings_by_uscc = {k: list(reversed(v)) for k, v in r_by_uscc.items()}
    model.ratings_by_year = dict(sorted(r_by_year.items(), reverse=True))

    g_by_uscc: dict[str, list[GradeView]] = defaultdict(list)
    g_by_year: dict[int, list[GradeView]] = defaultdict(list)
    gr = rb.grades
    red_texts = {c.number: c.text for c in gr.red_list.conditions} if gr else {}
    black_texts = {c.number: c.text for c in gr.black_list.conditions} if gr else {}
    part_names = {p.key: p.name for p in gr.parts} if gr else {}
    for g in sorted(snap.grades, key=lambda g: (g.year, g.published, g.authority, g.uscc)):
        gst = g.status(as_of)
        gv = GradeView(
            grade=g,
            authority_name=model.authority_name(g.authority),
            status=gst,
            status_label=STATUS_NAMES.get(gst, gst),
            parts=tuple((part_names.get(k, k), num(v)) for k, v in g.parts),
            score=num(g.score),
            red_conditions=tuple((n, red_texts.get(n, "")) for n in g.red_conditions),
            black_conditions=tuple((n, black_texts.get(n, "")) for n in g.black_conditions),
        )
        g_by_uscc[g.uscc].append(gv)
        g_by_year[g.year].append(gv)
        model.latest_grade[g.uscc] = gv
    model.grades_by_uscc = {k: list(reversed(v)) for k, v in g_by_uscc.items()}
    model.grades_by_year = dict(sorted(g_by_year.items(), reverse=True))

    # regions: province → city → county, and where each enterprise appears
    regions = snap.regions
    children: dict[str, list[str]] = defaultdict(list)
    roots: list[str] = []
    for code in regions:
        p = region_parent(code, regions)
        if p is None:
            roots.append(code)
        else:
            children[p].append(code)
    model.region_children = {k: sorted(v) for k, v in children.items()}
    model.region_roots = sorted(roots)
    chain_cache: dict[str, list[str]] = {}

    def chain(code: str) -> list[str]:
        c = chain_cache.get(code)
        if c is None:
            c = chain_cache[code] = model.region_chain(code)
        return c

    within: dict[str, list[str]] = defaultdict(list)
    by_name = sorted(snap.enterprises, key=lambda u: (snap.enterprises[u].name, u))
    for uscc in by_name:
        e = snap.enterprises[uscc]
        here = {e.registered_region} | {p.region for p in e.projects if p.active_on(as_of)}
        subtree: set[str] = set()
        for code in sorted(here):
            subtree.update(chain(code))
        for code in subtree:
            within[code].append(uscc)
    model.region_all = dict(within)
    model.region_total = {k: len(v) for k, v in within.items()}

    # persons: projects they manage and key-manager roles
    pprojects: dict[str, list[dict[str, Any]]] = defaultdict(list)
    proles: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for uscc, e in snap.enterprises.items():
        for proj in e.projects:
            if proj.manager:
                pprojects[proj.manager].append(
                    {
                        "uscc": uscc,
                        "enterprise": e.name,
                        "project": proj.name,
                        "region": proj.region,
                        "since": proj.since,
                        "until": proj.until,
                        "active": proj.active_on(as_of),
                        "state": project_state(proj, as_of),
                    }
                )
        for mg in e.managers:
            proles[mg.person].append({"uscc": uscc, "enterprise": e.name, "role": mg.role})
    for plist in pprojects.values():
        plist.sort(key=lambda d: (not d["active"], d["enterprise"], d["project"]))
    model.person_projects = dict(pprojects)
    model.person_roles = dict(proles)

    model.counts = home_counts(model)
    return model


def home_counts(model: SiteModel) -> dict[str, Any]:
    """Counts on the home page: every number is of public information only."""
    snap = model.snap
    by_class: Counter[str] = Counter()
    for r in snap.records:
        by_class["good" if r.kind == "good" else (r.class_ or "?")] += 1
    levels: Counter[str] = Counter()
    for rv in model.latest_rating.values():
        levels["vetoed" if rv.rating.vetoed else str(rv.rating.level)] += 1
    grades: Counter[str] = Counter(gv.grade.grade for gv in model.latest_grade.values())
    return {
        "enterprises": len(snap.enterprises),
        "persons": len(snap.persons),
        "records": len(snap.records),
        "bad_a": by_class["A"],
        "bad_b": by_class["B"],
        "bad_c": by_class["C"],
        "good": by_class["good"],
        "rated": len(model.latest_rating) + len(model.latest_grade),
        "levels": [(level_name(n), levels[str(n)]) for n in range(5, -1, -1)] + [(VETOED, levels["vetoed"])],
        "grades": [(b.grade, grades[b.grade]) for b in model.rb.grades.bands] if model.rb.grades else [],
        "red_list": sum(1 for gv in model.latest_grade.values() if gv.grade.red_list),
        "black_list": sum(1 for gv in model.latest_grade.values() if gv.grade.black_list),
    }
