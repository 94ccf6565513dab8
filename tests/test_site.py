"""The public site (DESIGN §7): every page exists, anchors are the public record ids, counts are of public
information only, text is escaped, builds are identical, and ``pelican content`` works on its own.

Three record sets are built: a small one written here whose numbers can be counted by hand, the demo
(``records/``) and the Hulunbuir example (``examples/hulunbuir/records``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from support import write_yaml

from generator.commands.build import build
from generator.labels import cn_number, level_name
from generator.publish.data.tables import TABLES

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 22)
DEMO = REPO / "records"
HULUNBUIR = REPO / "examples" / "hulunbuir" / "records"
ATOM = "{http://www.w3.org/2005/Atom}"

E1 = "91410105MA9F3HX1K4"  # 金水区, project in 金水区 → rated by 410105
E2 = "91410103MA4BC2R7TC"  # 二七区, projects in 二七区 and 金水区 → rated by 郑州市 410100
E3 = "91419001MA47QD8L2E"  # 济源, no projects → rated by 419001, vetoed by a public A record
SCRIPT = "<script>alert('x')</script>"




def bad(
    subject: str,
    item: str,
    effective: dt.date,
    months: int | None,
    cls: str = "B",
    summary: str = "",
    entered: dt.date | None = None,
    **extra: Any,
) -> dict[str, Any]:
    entered = entered or effective + dt.timedelta(days=2)
    rec: dict[str, Any] = {
        "subject": subject,
        "kind": "bad",
        "class": cls,
        "item": item,
        "summary": summary,
        "decision": {
            "authority": "郑州市金水区住房和城乡建设局",
            "level": "county",
            "document": f"金建罚决字〔{effective.year}〕第{item}号",
            "kind": extra.pop("decision_kind", "penalty"),
            "effective": effective,
            **extra.pop("decision", {}),
        },
        "recorder": extra.pop("recorder", "410105"),
        "notified": entered,
        "entered": entered,
    }
    if months is not None:
        rec["disclosure_months"] = months
    rec.update(extra)
    return rec


# The small record set. Public on 2026-11-22 (by hand): A 1, B 3, C 1, good 1 — six records.
PUBLIC = {
    "410105-2026-0001": E1,  # B market.1.21, summary with <script>
    "410103-2026-0001": E2,  # B safety.3.2, objection pending (not suspended) → 异议处理中
    "410103-2026-0003": E2,  # C refusing correction, extended 3 months
    "410105-2026-0003": E1,  # good, city award
    "410105-2026-0004": "P-410105-0001",  # B on a person
    "419001-2026-0001": E3,  # A market.1.1
}
HIDDEN = {
    "410105-2026-0002": "repaired",
    "410103-2026-0002": "suspended",
    "410103-2026-0004": "hidden_c",
    "410105-2026-0005": "withdrawn",
    "410105-2025-0001": "expired",
    "410105-2026-0006": "not_entered",
}


def write_small(root: Path) -> None:
    write_yaml(
        root / "platform.yaml",
        {"name": "测试平台", "operator": "410000", "rulebook": "henan", "license": "CC-BY-4.0"},
    )
    write_yaml(
        root / "regions.yaml",
        {"410000": "河南省", "410100": "郑州市", "410103": "二七区", "410105": "金水区", "419001": "济源市"},
    )
    write_yaml(
        root / "authorities.yaml",
        [
            {"code": "410000", "name": "河南省住房和城乡建设厅", "level": "province"},
            {"code": "410100", "name": "郑州市住房保障和房地产管理局", "level": "city"},
            {"code": "410103", "name": "郑州市二七区住房和城乡建设局", "level": "county"},
            {"code": "410105", "name": "郑州市金水区住房和城乡建设局", "level": "county"},
            {"code": "419001", "name": "济源市住房和城乡建设局", "level": "county"},
        ],
    )
    write_yaml(root / "persons" / "P-410105-0001.yaml", {"name": "张某"})
    write_yaml(root / "persons" / "P-410105-0002.yaml", {"name": "王某"})
    write_yaml(root / "persons" / "P-410103-0001.yaml", {"name": "李某"})
    write_yaml(
        root / "enterprises" / f"{E1}.yaml",
        {
            "name": "郑州恒信物业服务有限公司",
            "former_names": ["郑州恒信物业管理有限公司"],
            "legal_representative": "王某",
            "registered_region": "410105",
            "address": "郑州市金水区花园路1号",
            "established": dt.date(2012, 5, 8),
            "hotline": "0371-65550000",
            "projects": [
                {
                    "id": "hengxin-garden",
                    "name": "恒信花园",
                    "region": "410105",
                    "address": "郑州市金水区花园路3号",
                    "since": dt.date(2016, 1, 1),
                    "manager": "P-410105-0001",
                }
            ],
            "managers": [{"person": "P-410105-0002", "role": "总经理"}],
        },
    )
    write_yaml(
        root / "enterprises" / f"{E2}.yaml",
        {
            "name": "郑州二七安居物业服务有限公司",
            "legal_representative": "李某",
            "registered_region": "410103",
            "address": "郑州市二七区解放路8号",
            "established": dt.date(2010, 9, 15),
            "projects": [
                {
                    "id": "anju-yuan",
                    "name": "安居苑",
                    "region": "410103",
                    "address": "郑州市二七区长江路12号",
                    "since": dt.date(2018, 4, 1),
                    "manager": "P-410103-0001",
                },
                {
                    "id": "jinshui-court",
                    "name": "金水苑",
                    "region": "410105",
                    "address": "郑州市金水区文化路6号",
                    "since": dt.date(2021, 1, 1),
                    "manager": "P-410105-0001",
                },
            ],
        },
    )
    write_yaml(
        root / "enterprises" / f"{E3}.yaml",
        {
            "name": "济源市康居物业服务有限公司",
            "legal_representative": "赵某",
            "registered_region": "419001",
            "address": "济源市济水大街9号",
            "established": dt.date(2019, 11, 20),
        },
    )
    c = root / "credit"
    write_yaml(
        c / "2026" / "410105-2026-0001.yaml",
        bad(
            E1,
            "market.1.21",
            dt.date(2026, 3, 2),
            12,
            summary=f"{SCRIPT}以限制乘用电梯方式催交物业费",
            project="hengxin-garden",
        ),
    )
    write_yaml(
        c / "2026" / "410105-2026-0002.yaml",
        bad(
            E1,
            "market.5",
            dt.date(2026, 4, 8),
            6,
            summary="未按规定清运小区生活垃圾（已修复）",
            points=2,
            decision_kind="order",
            repair={"applied": dt.date(2026, 6, 1), "decided": dt.date(2026, 6, 5), "outcome": "approved"},
        ),
    )
    write_yaml(
        c / "2026" / "410103-2026-0001.yaml",
        bad(
            E2,
            "safety.3.2",
            dt.date(2026, 5, 11),
            12,
            summary="消防车通道被占用未及时清理",
            recorder="410103",
            decision={"domain": "fire", "penalty_months": 6},
            objections=[{"filed": dt.date(2026, 11, 18), "suspend": False}],
        ),
    )
    write_yaml(
        c / "2026" / "410103-2026-0002.yaml",
        bad(
            E2,
            "market.1.13",
            dt.date(2026, 6, 1),
            6,
            summary="档案管理不规范（异议期间停止公开）",
            recorder="410103",
            decision_kind="order",
            objections=[{"filed": dt.date(2026, 11, 10), "suspend": True}],
        ),
    )
    write_yaml(
        c / "2026" / "410103-2026-0003.yaml",
        bad(
            E2,
            "market.1.14",
            dt.date(2026, 8, 3),
            6,
            cls="C",
            summary="拒不改正违反管理规约行为的劝阻记录",
            recorder="410103",
            decision_kind="order",
            refuses_correction=True,
            extensions=[{"decided": dt.date(2026, 11, 2), "months": 3, "reason": "拒不纠正"}],
        ),
    )
    write_yaml(
        c / "2026" / "410103-2026-0004.yaml",
        bad(
            E2,
            "market.1.13",
            dt.date(2026, 7, 1),
            None,
            cls="C",
            summary="不公开的C类信息内容",
            recorder="410103",
            decision_kind="order",
        ),
    )
    write_yaml(
        c / "2026" / "410105-2026-0003.yaml",
        {
            "subject": E1,
            "kind": "good",
            "item": "market",
            "summary": "获评郑州市物业服务示范项目",
            "decision": {
                "authority": "郑州市住房保障和房地产管理局",
                "level": "city",
                "document": "郑房〔2026〕第45号",
                "effective": dt.date(2026, 5, 20),
            },
            "recorder": "410105",
            "entered": dt.date(2026, 5, 22),
            "deed": "hx-2026-model",
        },
    )
    write_yaml(
        c / "2026" / "410105-2026-0004.yaml",
        bad(
            "P-410105-0001",
            "market.1.22",
            dt.date(2026, 6, 15),
            12,
            summary="项目服务中心不及时处理业主投诉",
            decision_kind="order",
        ),
    )
    write_yaml(
        c / "2026" / "410105-2026-0005.yaml",
        bad(
            E1,
            "market.1.11",
            dt.date(2026, 2, 2),
            12,
            summary="未依法签订物业服务合同（已撤销）",
            withdrawn={"date": dt.date(2026, 7, 1), "reason": "行政复议撤销"},
        ),
    )
    write_yaml(
        c / "2025" / "410105-2025-0001.yaml",
        bad(E1, "market.1.11", dt.date(2025, 1, 10), 6, summary="早已过期的不良信息内容"),
    )
    write_yaml(
        c / "2026" / "410105-2026-0006.yaml",
        bad(
            E1,
            "market.1.12",
            dt.date(2026, 11, 20),
            12,
            summary="尚未录入的不良信息内容",
            entered=dt.date(2026, 11, 25),
        ),
    )
    write_yaml(
        c / "2026" / "419001-2026-0001.yaml",
        bad(
            E3,
            "market.1.1",
            dt.date(2026, 2, 2),
            24,
            cls="A",
            summary="发生重大安全责任事故",
            recorder="419001",
            decision={"authority": "济源市住房和城乡建设局"},
        ),
    )
    for auth in ("410105", "410100", "419001"):
        write_yaml(
            root / "evaluations" / "2026" / auth / "evaluation.yaml",
            {"cutoff": dt.date(2026, 11, 10), "published": dt.date(2026, 11, 12)},
        )


# ---- builds (once per module) ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small") / "records"
    write_small(root)
    out = tmp_path_factory.mktemp("small-site") / "site"
    result = build(root, out, AS_OF)
    assert {r.id for r in result.snapshot.records} == set(PUBLIC)
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    build(DEMO, out, AS_OF)
    return out


@pytest.fixture(scope="module")
def hulunbuir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hulunbuir") / "site"
    build(HULUNBUIR, out, AS_OF)
    return out


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def row_ids(page: str) -> list[str]:
    """Ids of the record rows (the anchors of DESIGN §7)."""
    return re.findall(r'<tr id="([^"]+)"', page)


def stat(page: str, label: str) -> int:
    m = re.search(rf"<dt>{re.escape(label)}</dt><dd>(\d+)</dd>", page)
    assert m, f"no statistic {label!r}"
    return int(m.group(1))


# ---- the small set: pages, anchors, counts, escaping ------------------------------------------------------


def test_small_pages_exist(small: Path) -> None:
    expected = [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feeds/records.atom.xml",
        f"enterprises/{E1}/index.html",
        f"enterprises/{E2}/index.html",
        f"enterprises/{E3}/index.html",
        "persons/P-410105-0001/index.html",
        "persons/P-410105-0002/index.html",
        "persons/P-410103-0001/index.html",
        "ratings/index.html",
        "ratings/2026/index.html",
        "regions/index.html",
        "regions/410000/index.html",
        "regions/410100/index.html",
        "regions/410105/index.html",
        "regions/410103/index.html",
        "regions/419001/index.html",
        "standards/index.html",
        "standards/market/index.html",
        "standards/safety/index.html",
        "standards/red/index.html",
        "standards/smart/index.html",
        "standards/social/index.html",
        "data/index.html",
        "search/index.html",
        "about/index.html",
        "methodology/index.html",
        "measures/index.html",
        "objection/index.html",
        "repair/index.html",
        "license/index.html",
        "theme/css/site.css",
    ]
    missing = [p for p in expected if not (small / p).is_file()]
    assert not missing
    assert not (small / "lists").exists()  # red and black lists are a Hulunbuir thing


def test_nothing_a_blog_would_write(small: Path) -> None:
    names = {p.relative_to(small).as_posix() for p in small.rglob("*")}
    for unwanted in (
        "tags.html",
        "categories.html",
        "authors.html",
        "archives.html",
        "feeds/all.atom.xml",
        "tag",
        "category",
        "author",
        "drafts",
        "pages",
    ):
        assert unwanted not in names
    assert {p.name for p in (small / "feeds").iterdir()} == {"records.atom.xml"}


def test_small_anchors_are_the_public_records(small: Path) -> None:
    seen: dict[str, str] = {}
    for subject in (E1, E2, E3):
        for rid in row_ids(read(small, f"enterprises/{subject}/index.html")):
            seen[rid] = subject
    for pid in ("P-410105-0001", "P-410105-0002", "P-410103-0001"):
        for rid in row_ids(read(small, f"persons/{pid}/index.html")):
            seen[rid] = pid
    assert seen == PUBLIC
    for f in html_files(small):
        text = f.read_text(encoding="utf-8")
        for rid in HIDDEN:
            assert rid not in text, f"{rid} ({HIDDEN[rid]}) appears in {f}"
    for needle in (
        "未按规定清运小区生活垃圾（已修复）",
        "档案管理不规范（异议期间停止公开）",
        "不公开的C类信息内容",
        "未依法签订物业服务合同（已撤销）",
        "早已过期的不良信息内容",
        "尚未录入的不良信息内容",
    ):
        for f in small.rglob("*"):
            if f.is_file() and f.suffix in {".html", ".xml", ".json", ".csv", ".txt"}:
                assert needle not in f.read_text(encoding="utf-8"), f"{needle} in {f}"


def test_small_record_rows(small: Path) -> None:
    e2 = read(small, f"enterprises/{E2}/index.html")
    row = e2[e2.index('<tr id="410103-2026-0001"') :]
    row = row[: row.index("</tr>")]
    assert "异议处理中" in row and "safety.3.2" in row and "扣 10 分" in row and "消防领域" in row
    assert "二七消" not in row  # sanity: the document number is the one given
    row = e2[e2.index('<tr id="410103-2026-0003"') :]
    row = row[: row.index("</tr>")]
    row = re.sub(r"<time[^>]*>|</time>", "", row)  # dates are <time> elements (never broken at a hyphen)
    assert "不良 C 类" in row and "已延长 3 个月" in row and "至 2027-05-03" in row
    e1 = read(small, f"enterprises/{E1}/index.html")
    row = e1[e1.index('<tr id="410105-2026-0001"') :]
    row = re.sub(r"<time[^>]*>|</time>", "", row[: row.index("</tr>")])
    assert "项目：恒信花园" in row and "market.1.21" in row and "催交物业费" in row and "至 2027-03-02" in row
    assert "扣 3 分" in row and "金水区住房和城乡建设局" in row and "行政处罚" in row
    e3 = read(small, f"enterprises/{E3}/index.html")
    assert "一票否决" in e3 and "不良 A 类" in e3


def test_small_counts_are_of_public_records_only(small: Path) -> None:
    home = read(small, "index.html")
    assert stat(home, "物业服务企业") == 3
    assert stat(home, "公开的信用信息") == 6
    assert stat(home, "A 类不良信息") == 1
    assert stat(home, "B 类不良信息") == 3
    assert stat(home, "C 类不良信息（拒不纠正）") == 1
    assert stat(home, "优良信息") == 1
    levels = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td></tr>', home))
    assert levels["二星级"] == "2" and levels["不予星级评定"] == "1"
    assert sum(int(v) for v in levels.values()) == 3
    # latest public records, newest entered first
    latest = re.findall(r'href="\./(?:enterprises|persons)/[^/]+/#([^"]+)"', home)
    assert latest[:2] == ["410103-2026-0003", "410105-2026-0004"]
    assert set(latest) == set(PUBLIC)


def test_small_ratings(small: Path) -> None:
    e1 = read(small, f"enterprises/{E1}/index.html")
    assert "2026 年度：二星级" in e1 and "公示中" in e1 and "县级评定" in e1
    assert "第十五条第（二）项" in e1 and "郑州市金水区住房和城乡建设局" in e1
    e2 = read(small, f"enterprises/{E2}/index.html")
    assert "市级评定" in e2 and "郑州市住房保障和房地产管理局" in e2
    e3 = read(small, f"enterprises/{E3}/index.html")
    assert "不予星级评定" in e3 and "第十四条" in e3 and "第十五条第（四）项" in e3
    assert "支持业主委员会（物业管理委员会）依法依规重新选聘物业服务人" in e3
    year = read(small, "ratings/2026/index.html")
    for name in ("郑州市住房保障和房地产管理局", "郑州市金水区住房和城乡建设局", "济源市住房和城乡建设局"):
        assert name in year
    # city before counties
    assert year.index('id="authority-410100"') < year.index('id="authority-410105"')
    assert "2026 年度" in read(small, "ratings/index.html")


def test_small_regions_and_persons(small: Path) -> None:
    jinshui = read(small, "regions/410105/index.html")
    assert f"enterprises/{E1}/" in jinshui and f"enterprises/{E2}/" in jinshui  # E2 has a project there
    assert "在管项目：金水区" in jinshui  # E2 is registered in 二七区 and manages a project in 金水区
    erqi = read(small, "regions/410103/index.html")
    assert f"enterprises/{E2}/" in erqi and f"enterprises/{E1}/" not in erqi
    city = read(small, "regions/410100/index.html")
    assert "金水区" in city and "二七区" in city and "2 家企业" in city
    # a city page lists the enterprises of its counties too (issue 14: every page reachable without JavaScript)
    assert f"enterprises/{E1}/" in city and f"enterprises/{E2}/" in city and "注册地：二七区" in city
    person = read(small, "persons/P-410105-0001/index.html")
    assert "恒信花园" in person and "金水苑" in person and f"enterprises/{E2}/" in person
    assert row_ids(person) == ["410105-2026-0004"]
    assert "总经理" in read(small, "persons/P-410105-0002/index.html")


def test_text_is_escaped(small: Path) -> None:
    page = read(small, f"enterprises/{E1}/index.html")
    assert html.escape(SCRIPT, quote=False).replace("'", "&#39;") in page or "&lt;script&gt;" in page
    for f in small.rglob("*"):
        if f.is_file() and f.suffix in {".html", ".xml"}:
            assert "<script>alert" not in f.read_text(encoding="utf-8"), f
    feed = read(small, "feeds/records.atom.xml")
    assert "&lt;script&gt;" in feed


def test_feed(small: Path) -> None:
    root = ET.parse(small / "feeds" / "records.atom.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(PUBLIC)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i and ":" in i for i in ids)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert all(u and u.endswith("T00:00:00+08:00") for u in updated)
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert all(any(link.endswith(f"#{rid}") for link in links) for rid in PUBLIC)


def test_sitemap_and_robots(small: Path) -> None:
    root = ET.parse(small / "sitemap.xml").getroot()
    locs = [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in root]
    assert f"enterprises/{E1}/" in locs and "about/" in locs and "ratings/2026/" in locs
    assert "404.html" not in locs
    assert read(small, "robots.txt").startswith("User-agent: *")


def test_every_page_shows_the_build_date_and_loads_nothing_from_elsewhere(small: Path) -> None:
    # The date comes from as-of.css (so that a page's bytes change only when what it shows changes).
    css = read(small, "as-of.css")
    assert ':root { --as-of: "2026-11-22"; }' in css
    assert '.as-of-date::after { content: "2026 年 11 月 22 日"; }' in css
    assert 'datetime="2026-11-22"' in read(small, "index.html")  # the home page also states it in its text
    for f in html_files(small):
        text = f.read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in text, f
        assert '数据日期：<span class="as-of-date"></span>' in text, f
        link = re.search(r'<link rel="stylesheet" href="([^"]*as-of\.css)">', text)
        assert link, f
        if f.name != "404.html":
            assert (f.parent / link.group(1)).resolve() == (small / "as-of.css").resolve(), f
        assert not re.search(r'(?:src|href)="(?:https?:)?//', text.split("<main", 1)[0]), (
            f
        )  # head: local only
        assert not re.search(r'src="(?:https?:)?//', text), f
        if f.name != "404.html" and f.parent != small / "search":
            assert not re.search(r'(?:href|src|action)="/', text), (
                f"{f}: a root-relative link breaks under /repo/"
            )


def test_relative_links_resolve(small: Path) -> None:
    """Every relative link of every page points at a file of the site (or a directory with index.html)."""
    broken = []
    for f in html_files(small):
        if f.name == "404.html":
            continue
        text = f.read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src|action)="([^"#?]*)[^"]*"', text):
            if not url or url.startswith(("http:", "https:", "mailto:")):
                continue
            target = (f.parent / url).resolve()
            if url.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                broken.append((f.relative_to(small).as_posix(), url))
    assert not broken, broken[:20]


def test_data_page_describes_every_column(small: Path) -> None:
    page = read(small, "data/index.html")
    for table in TABLES:
        assert f'id="table-{table.name}"' in page
        assert f"{table.name}.csv" in page and f"{table.name}.json" in page
        for col in table.columns:
            assert f'<th scope="row" data-label="字段" class="code">{col.name}</th>' in page
            assert html.escape(col.zh, quote=False) in page
    assert "CC-BY-4.0" in page and "BOM" in page and "credit-data-2026-11-22.zip" in page
    assert "datapackage.json" in page and "credit.sqlite" in page


def test_content_pages(small: Path) -> None:
    measures = read(small, "measures/index.html")
    for n in range(1, 22):
        assert f'id="art-{n}"' in measures
        assert f"第{cn_number(n)}条" in measures
    assert "附件 1" not in measures and "基准分值 100 分" not in measures  # main text only
    assert "第十七条" in read(small, "objection/index.html")
    assert "第十六条" in read(small, "repair/index.html")
    methodology = read(small, "methodology/index.html")
    assert "市场行为规范" in methodology and "80 分及以上" in methodology
    assert "CC-BY-4.0" in read(small, "license/index.html")
    assert "关于本站" in read(small, "about/index.html")


def test_standards_list_every_item(small: Path) -> None:
    from generator.rules.rulebook import load_rulebook

    rb = load_rulebook("henan")
    for code, (cat, _sec, _it) in rb.items.items():
        page = read(small, f"standards/{cat.code}/index.html")
        assert f'<tr id="item-{code.replace(".", "-")}">' in page, code
    market = read(small, "standards/market/index.html")
    assert "扣 3 分/次" in market and "扣 1–3 分/次" in market and "一票否决" in market
    overview = read(small, "standards/index.html")
    assert (
        "国家级" in overview
        and "5 分" in overview
        and "80 分" in overview
        and "第十五条第（一）项" in overview
    )


def test_labels() -> None:
    assert [cn_number(n) for n in (1, 10, 11, 15, 20, 21)] == ["一", "十", "十一", "十五", "二十", "二十一"]
    assert (
        level_name(3) == "三星级"
        and level_name(0) == "未获得星级认定"
        and level_name(None, True) == "不予星级评定"
    )


# ---- determinism, write_site, pelican content ----------------------------------------------------------


def digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_identical(demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(DEMO, again, AS_OF)
    first, second = digest(demo), digest(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_write_site_counts_html_pages(tmp_path: Path) -> None:
    from generator.day.snapshot import compute
    from generator.day.validate import validate
    from generator.publish.pages.site import write_site

    root = tmp_path / "records"
    write_small(root)
    rs, _ = validate(root, AS_OF)
    assert rs is not None
    snap = compute(rs, AS_OF).snapshot
    out = tmp_path / "out"
    n = write_site(snap, out, records=root)
    assert n == len(list(out.rglob("*.html"))) and n > 30
    assert (out / "search" / "index.html").exists()


def _pelican(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("pelican")
    env = dict(os.environ)
    env.pop("CREDIT_RECORDS", None)
    env.pop("CREDIT_AS_OF", None)
    env["PYTHONIOENCODING"] = "utf-8"
    env["COLUMNS"] = "400"  # rich would wrap the messages
    return subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=600,
        env=env,
    )


def test_pelican_content_builds_the_site(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _pelican("content", "-s", "pelicanconf.py", "-o", str(out), "-e", 'CREDIT_AS_OF="2026-11-22"')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (out / "index.html").exists() and (out / "about" / "index.html").exists()
    assert (out / "data" / "datapackage.json").exists() and (out / "search" / "index.html").exists()
    ents = [p.stem for p in (DEMO / "enterprises").glob("*.yaml")]
    assert ents and all((out / "enterprises" / e / "index.html").exists() for e in ents)
    assert 'datetime="2026-11-22"' in (out / "index.html").read_text(encoding="utf-8")
    assert not list(out.glob(".credit-*"))  # no render keys or markers: only credit build keeps digests


def test_pelican_content_fails_with_the_validators_messages(tmp_path: Path) -> None:
    root = tmp_path / "records"
    write_small(root)
    (root / "persons" / "P-410105-0002.yaml").write_text("name: 王某\nphone: 13812345678\n", encoding="utf-8")
    proc = _pelican(
        "content",
        "-s",
        "pelicanconf.py",
        "-o",
        str(tmp_path / "out"),
        "-e",
        f'CREDIT_RECORDS="{root}"',
        'CREDIT_AS_OF="2026-11-22"',
    )
    assert proc.returncode != 0
    assert "P-410105-0002.yaml" in proc.stdout + proc.stderr
    assert not (tmp_path / "out" / "index.html").exists()


# ---- the demo and the Hulunbuir example -----------------------------------------------------------------


def test_demo_every_public_record_is_anchored_on_its_subjects_page(demo: Path) -> None:
    import csv

    with (demo / "data" / "records.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, "the demo has public records"
    anchors: dict[str, set[str]] = {}
    for row in rows:
        kind = "persons" if row["subject"].startswith("P-") else "enterprises"
        page = f"{kind}/{row['subject']}/index.html"
        if page not in anchors:
            anchors[page] = set(row_ids(read(demo, page)))
        assert row["id"] in anchors[page], (row["id"], page)
    assert sum(len(v) for v in anchors.values()) == len(rows)
    home = read(demo, "index.html")
    assert stat(home, "公开的信用信息") == len(rows)
    assert stat(home, "物业服务企业") == len(list((DEMO / "enterprises").glob("*.yaml")))


def test_demo_pages(demo: Path) -> None:
    for e in (DEMO / "enterprises").glob("*.yaml"):
        assert (demo / "enterprises" / e.stem / "index.html").exists()
    for p in (DEMO / "persons").glob("*.yaml"):
        assert (demo / "persons" / p.stem / "index.html").exists()
    years = sorted(p.name for p in (demo / "ratings").iterdir() if p.is_dir())
    assert years and all((demo / "ratings" / y / "index.html").exists() for y in years)
    for y in years:
        assert f'href="../ratings/{y}/"' in read(demo, "ratings/index.html")


def test_hulunbuir_site(hulunbuir: Path) -> None:
    red, black = read(hulunbuir, "lists/red/index.html"), read(hulunbuir, "lists/black/index.html")
    assert "红榜名单" in red and 'id="condition-6"' in red
    assert "黑榜名单" in black and 'id="condition-12"' in black
    assert "呼伦贝尔" in read(hulunbuir, "measures/index.html")
    assert "河南省物业服务企业信用管理实施办法" not in read(hulunbuir, "measures/index.html")
    assert "五个工作日" in read(hulunbuir, "objection/index.html") or "5 个工作日" in read(
        hulunbuir, "objection/index.html"
    )
    standards = read(hulunbuir, "standards/index.html")
    assert "AAA 级" in standards and "120 分及以上" in standards and "105–119 分" in standards
    years = [p.name for p in (hulunbuir / "ratings").iterdir() if p.is_dir()]
    assert years
    for y in years:
        page = read(hulunbuir, f"ratings/{y}/index.html")
        assert " 级</td>" in page
    home = read(hulunbuir, "index.html")
    assert "红榜企业" in home and "A 类不良信息" not in home
    nav = home[home.index("<nav") : home.index("</nav>")]
    assert "lists/red/" in nav and "lists/black/" in nav


def test_sitemap_splits_past_the_protocol_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.publish.pages as plugin

    monkeypatch.setattr(plugin, "SITEMAP_MAX", 10)
    root = tmp_path / "records"
    write_small(root)
    out = tmp_path / "site"
    build(root, out, AS_OF)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{ns}sitemapindex"
    parts = [s.findtext(f"{ns}loc") for s in index]
    assert parts and all(p and p.startswith("sitemaps/sitemap-") for p in parts)
    locs: list[str] = []
    for p in parts:
        part = ET.parse(out / str(p)).getroot()
        assert len(part) <= 10
        locs += [str(u.findtext(f"{ns}loc")) for u in part]
    assert "../" in locs and f"../enterprises/{E1}/" in locs
    assert all((out / "sitemaps" / loc / "index.html").resolve().exists() for loc in locs)


def test_publishconf_gives_absolute_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "records"
    write_small(root)
    out = tmp_path / "out"
    site = "https://credit.example.gov.cn/henan"
    monkeypatch.setenv("SITEURL", site + "/")
    proc = _pelican(
        "content",
        "-s",
        "publishconf.py",
        "-o",
        str(out),
        "-e",
        f'CREDIT_RECORDS="{root}"',
        'CREDIT_AS_OF="2026-11-22"',
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (out / "enterprises" / E1 / "index.html").read_text(encoding="utf-8")
    assert f'href="{site}/theme/css/site.css"' in page
    assert f'<link rel="canonical" href="{site}/enterprises/{E1}/">' in page
    feed = ET.parse(out / "feeds" / "records.atom.xml").getroot()
    ids = [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
    assert f"{site}/enterprises/{E1}/#410105-2026-0001" in ids
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{site}/feeds/records.atom.xml"  # type: ignore[union-attr]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{site}/enterprises/{E1}/</loc>" in sitemap and f"<loc>{site}/</loc>" in sitemap
    assert f"Sitemap: {site}/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
