"""The pages of the public site, one :class:`~generator.publish.pages.views.PageSpec` each (output name,
template, variables), from the site model; and the rulebook as pages (评分标准). Pure, no I/O, no Pelican."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator import urls
from generator.day.schemes import scheme_of
from generator.labels import (
    AWARD_LEVEL_NAMES,
    REGION_KIND_NAMES,
)
from generator.publish.data.releases import RETENTION_ZH
from generator.publish.data.tables import TABLES
from generator.publish.pages.figures import enterprise_timeline, level_codes, level_figure, result_codes
from generator.publish.pages.verdict import Verdict
from generator.publish.pages.views import (
    FEED_MAX,
    LATEST_RECORDS,
    PageSpec,
    RatingView,
    RecordView,
    SiteModel,
    num,
    project_state,
)
from generator.rules.regions import kind as region_kind
from generator.rules.rulebook import Category, Item, Rulebook, Section
from generator.urls import item_anchor

# ---- the rulebook as pages (评分标准) --------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    code: str
    anchor: str
    number: str
    text: str
    value: str  # what the item is worth, in words


REGION_PAGE_SIZE = 50  # enterprises per region page: a phone scrolls it, a slow line loads it


def item_value(cat: Category, sec: Section, it: Item, rb: Rulebook) -> str:
    unit = it.unit or "次"
    if cat.kind == "deduction":
        if it.veto:
            return "一票否决（A 类不良信用信息）" if it.class_only else "一票否决（该类别得 0 分）"
        if it.points_range is not None:
            lo, hi = it.points_range
            return f"扣 {lo}–{hi} 分/{unit}"
        return f"扣 {it.points} 分/{unit}"
    if cat.kind == "checklist":
        mx = num(it.max)
        if it.scoring == "community" and sec.community is not None:
            c = sec.community
            return (
                f"最高 {mx} 分；在管小区不超过 {c.small_max} 个的，"
                f"每个完全符合的小区得 {num(c.small['full'])} 分、部分符合的得 {num(c.small['partial'])} 分；"
                f"多于 {c.small_max} 个的，分别得 {num(c.large['full'])} 分、{num(c.large['partial'])} 分"
            )
        if it.scoring == "results":
            return f"最高 {mx} 分；近三年每取得 1 项得 {num(it.per_result or Decimal(1))} 分"
        step = rb.item_step(
            f"{cat.code}.{sec.number}.{it.number}" if it.number is not None else f"{cat.code}.{sec.number}"
        )
        return f"最高 {mx} 分；完全缺失不得分，每缺一项扣 {num(step)} 分"
    # bonus (附件5)
    if it.by_level is not None:
        levels = "、".join(f"{AWARD_LEVEL_NAMES.get(k, k)} {v} 分" for k, v in it.by_level.items())
        return f"按认定部门或媒体级别：{levels}；可累计，最高 {it.cap} 分"
    return f"{it.per_item} 分/{unit}，最高 {it.cap} 分"


def category_rows(cat: Category, rb: Rulebook) -> list[tuple[Section, list[ItemRow]]]:
    out = []
    for sec in cat.sections:
        rows = []
        for it in sec.items:
            code = f"{cat.code}.{sec.number}" + (f".{it.number}" if it.number is not None else "")
            rows.append(
                ItemRow(
                    code,
                    item_anchor(code),
                    str(it.number) if it.number is not None else "",
                    it.text,
                    item_value(cat, sec, it, rb),
                )
            )
        out.append((sec, rows))
    return out


# ---- pages -----------------------------------------------------------------------------------------------


def _sorted_years(years: dict[int, Any]) -> list[int]:
    return sorted(years, reverse=True)


def authority_groups(views: list[Any], model: SiteModel) -> list[dict[str, Any]]:
    """A year's results grouped by rating authority: province first, then cities, then counties."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for v in views:
        obj = v.rating if isinstance(v, RatingView) else v.grade
        groups[obj.authority].append(v)
    order = {"province": 0, "city": 1, "county": 2}
    out = []
    for code in sorted(
        groups, key=lambda c: (order.get(region_kind(c[:6], model.snap.regions), 3), len(c), c)
    ):
        items = sorted(groups[code], key=lambda v: (model.enterprise_name(_uscc(v)), _uscc(v)))
        first = items[0].rating if isinstance(items[0], RatingView) else items[0].grade
        published = sorted({(v.rating if isinstance(v, RatingView) else v.grade).published for v in items})
        until = sorted({(v.rating if isinstance(v, RatingView) else v.grade).notice_until for v in items},
                       key=lambda d: (d is None, d or dt.date.min))
        out.append(
            {
                "code": code,
                "name": model.authority_name(code),
                "entries": items,
                "published": published,
                "notice_until": until,
                "status": first.status(model.as_of) if len(until) == 1 else None,
                "anchor": f"authority-{code}",
            }
        )
    return out


def _uscc(v: Any) -> str:
    return v.rating.uscc if isinstance(v, RatingView) else v.grade.uscc


def site_pages(model: SiteModel, verdicts: Mapping[str, Verdict]) -> Iterator[PageSpec]:
    """Every page the generator writes, in a fixed order (for identical output); ``verdicts``: each enterprise's
    (:func:`generator.publish.pages.verdict.verdicts`)."""
    snap, rb = model.snap, model.rb
    latest = sorted(model.record_views, key=lambda v: (v.rec.entered, v.rec.id), reverse=True)
    codes = level_codes(model)
    yield PageSpec(
        "index.html",
        "home.html",
        {
            "page_title": None,
            "level_chart": level_figure(model, "各信用等级的企业数（各企业最新的评价结果）", codes.values(), rated_only=True),
            "counts": model.counts,
            "latest_records": latest[:LATEST_RECORDS],
            "canonical": "",
        },
    )

    for uscc, e in snap.enterprises.items():
        yield PageSpec(
            urls.enterprise(uscc).file,
            "enterprise.html",
            {
                "page_title": e.name,
                "uscc": uscc,
                "enterprise": e,
                "verdict": verdicts[uscc],
                "records": model.records_by_subject.get(uscc, []),
                "ratings": model.ratings_by_uscc.get(uscc, []),
                "grades": model.grades_by_uscc.get(uscc, []),
                "region_chain": model.region_chain(e.registered_region),
                "timeline": enterprise_timeline(model, uscc),
                "project_states": [project_state(p, model.as_of) for p in e.projects],
                "canonical": urls.enterprise(uscc).path,
            },
        )

    for pid, p in snap.persons.items():
        yield PageSpec(
            urls.person(pid).file,
            "person.html",
            {
                "page_title": p.name,
                "pid": pid,
                "person": p,
                "records": model.records_by_subject.get(pid, []),
                "projects": model.person_projects.get(pid, []),
                "roles": model.person_roles.get(pid, []),
                "canonical": urls.person(pid).path,
            },
        )

    years: list[dict[str, Any]] = []
    source = model.ratings_by_year or model.grades_by_year  # a scheme yields one kind of result (Scheme.evaluate)
    for year in _sorted_years(source):
        views = source[year]
        groups = authority_groups(views, model)
        years.append({"year": year, "count": len(views), "authorities": len(groups)})
        yield PageSpec(
            urls.ratings_year(year).file,
            "ratings_year.html",
            {
                "page_title": f"{year} 年度信用评价结果",
                "year": year,
                "groups": groups,
                "level_chart": level_figure(model, f"{year} 年度各信用等级的企业数", result_codes(model, views), True),
                "canonical": urls.ratings_year(year).path,
            },
        )
    yield PageSpec(
        urls.RATINGS.file,
        "ratings_index.html",
        {
            "page_title": "信用评价结果",
            "years": years,
            "canonical": urls.RATINGS.path,
        },
    )

    for code in snap.regions:
        listed = model.region_all.get(code, [])
        pages = max(1, -(-len(listed) // REGION_PAGE_SIZE))
        for page in range(1, pages + 1):
            chunk = listed[(page - 1) * REGION_PAGE_SIZE: page * REGION_PAGE_SIZE]
            yield PageSpec(
                urls.region(code, page).file,
                "region.html",
                {
                    "page_title": model.region_name(code) + (f"（第 {page} 页）" if page > 1 else ""),
                    "code": code,
                    "region_chain": model.region_chain(code),
                    "kind_label": REGION_KIND_NAMES[region_kind(code, snap.regions)],
                    "children": [
                        (c, model.region_name(c), model.region_total.get(c, 0))
                        for c in model.region_children.get(code, [])
                    ] if page == 1 else [],
                    "enterprises": [(u, model.region_relation(u, code)) for u in chunk],
                    "level_chart": level_figure(model, f"{model.region_name(code)}企业的当前信用等级",
                                                (codes[u] for u in listed)) if page == 1 else "",
                    "first": (page - 1) * REGION_PAGE_SIZE + 1,
                    "page": page,
                    "page_size": REGION_PAGE_SIZE,
                    "pages": [(n, urls.region(code, n).path) for n in range(1, pages + 1)],
                    "total": len(listed),
                    "canonical": urls.region(code, page).path,
                },
            )
    yield PageSpec(
        urls.REGIONS.file,
        "regions_index.html",
        {
            "page_title": "按地区浏览",
            "canonical": urls.REGIONS.path,
        },
    )

    for which, rule in scheme_of(rb).listings():
        members = [
            gv
            for gv in model.latest_grade.values()
            if (gv.grade.red_list if which == "red" else gv.grade.black_list)
        ]
        members.sort(key=lambda gv: (-gv.grade.year, model.enterprise_name(gv.grade.uscc), gv.grade.uscc))
        # 五(一)(二): removed from the list in its year — a red one by the authority's finding, a black one
        # after a repair found good (never a severe case)
        removed = [
            (gv, last + dt.timedelta(days=1)) for gv in model.latest_grade.values()
            if (last := gv.grade.red_until if which == "red" else gv.grade.black_until) is not None
            and not (gv.grade.red_list if which == "red" else gv.grade.black_list)
        ]
        removed.sort(key=lambda e: (-e[0].grade.year, model.enterprise_name(e[0].grade.uscc), e[0].grade.uscc))
        yield PageSpec(
            urls.listing(which).file,
            "list.html",
            {
                "page_title": f"{rule.name}名单",
                "which": which,
                "rule": rule,
                "members": members,
                "removed": removed,
                "canonical": urls.listing(which).path,
            },
        )

    yield PageSpec(
        urls.STANDARDS.file,
        "standards.html",
        {
            "page_title": "评分标准",
            "canonical": urls.STANDARDS.path,
        },
    )
    for cat in rb.categories:
        yield PageSpec(
            urls.standards(cat.code).file,
            "standard_category.html",
            {
                "page_title": f"{cat.name}评分标准",
                "category": cat,
                "sections": category_rows(cat, rb),
                "canonical": urls.standards(cat.code).path,
            },
        )

    yield PageSpec(
        urls.DATA.file,
        "data.html",
        {
            "page_title": "开放数据",
            "tables": TABLES,
            "retention": RETENTION_ZH,
            "canonical": urls.DATA.path,
        },
    )
    yield PageSpec(
        urls.SEARCH.file,
        "search.html",
        {
            "page_title": "查询",
            "canonical": urls.SEARCH.path,
        },
    )
    yield PageSpec("404.html", "404.html", {"page_title": "页面不存在", "canonical": None})


def feed_entries(model: SiteModel) -> list[RecordView]:
    """Newly public records for the Atom feed: newest entered first, at most :data:`FEED_MAX`."""
    return sorted(model.record_views, key=lambda v: (v.rec.entered, v.rec.id), reverse=True)[:FEED_MAX]
