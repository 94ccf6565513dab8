"""The search page in Chromium, on the built demo site (records/, or the mini records when there is no demo).

Queries are taken from the snapshot itself (a rare part of a name, a code, a project, a person, a city), so
the tests hold for any records: part of a name (two and three characters), a full code and a piece of one, a
project name, a person's name, the region and level filters, the no-result message, ``?q=`` in both
directions (and the home page's form), the page without JavaScript, the site under a deeper base path, and
not one request to another host.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pytest
from support import chromium, serve

from generator.commands.build import build
from generator.day.snapshot import Snapshot, compute
from generator.day.validate import validate
from generator.rules.regions import chain

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 22)
BASE_PATH = "deploy/credit-site/"  # the site also served below a deeper path


def records_dir() -> Path:
    demo = REPO / "records"
    return demo if (demo / "platform.yaml").exists() else REPO / "tests" / "fixtures" / "mini"



@pytest.fixture(scope="module")
def snap() -> Snapshot:
    rs, problems = validate(records_dir(), AS_OF)
    assert rs is not None, problems
    return compute(rs, AS_OF).snapshot


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Served directory: the site at its root, and a copy of it at BASE_PATH."""
    top = tmp_path_factory.mktemp("search-site")
    site = top / "site"
    build(records_dir(), site, AS_OF)
    shutil.copytree(site, top / "copy")
    (site / BASE_PATH).parent.mkdir(parents=True)
    shutil.move(top / "copy", site / BASE_PATH)
    return site


@pytest.fixture(scope="module")
def base(root: Path) -> Iterator[str]:
    with serve(root) as url:
        yield url + "/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


class Watch:
    """Every request a page makes, and every console error."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[tuple[Any, Watch]]:
    ctx = browser.new_context()
    watch = Watch()
    pg = ctx.new_page()
    pg.on("request", lambda r: watch.requests.append(r.url))
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    try:
        yield pg, watch
    finally:
        ctx.close()
        off_site = [u for u in watch.requests if not u.startswith(base) and not u.startswith("data:")]
        assert off_site == [], f"requests to another host: {off_site}"
        assert watch.errors == []


def search(pg: Any, base: str, q: str, path: str = "") -> dict[str, Any]:
    pg.goto(f"{base}{path}search/?q={quote(q)}")
    return results(pg)


def results(pg: Any) -> dict[str, Any]:
    pg.wait_for_function("document.documentElement.dataset.search === 'done'")
    links = pg.eval_on_selector_all("#search-results li .hit-name a", "els => els.map(a => a.href)")
    return {"status": pg.inner_text("#search-status"), "links": links,
            "items": pg.eval_on_selector_all("#search-results li", "els => els.map(e => e.innerText)")}


def ent_link(base: str, uscc: str, path: str = "") -> str:
    return f"{base}{path}enterprises/{uscc}/"


def rare_part(snap: Snapshot, length: int) -> tuple[str, str]:
    """(USCC, a piece of its name of ``length`` characters found in no other enterprise name)."""
    names = {u: e.name for u, e in snap.enterprises.items()}
    for uscc, name in sorted(names.items()):
        for i in range(1, len(name) - length):
            piece = name[i:i + length]
            if "物业" in piece or "公司" in piece:
                continue
            if sum(piece in n for n in names.values()) == 1 and not any(
                    piece in p.name for p in snap.persons.values()):
                return uscc, piece
    raise AssertionError("no rare piece of a name")


def test_part_of_a_name_two_and_three_characters(page: tuple[Any, Watch], base: str, snap: Snapshot) -> None:
    pg, _ = page
    for length in (2, 3):
        uscc, piece = rare_part(snap, length)
        got = search(pg, base, piece)
        assert ent_link(base, uscc) in got["links"], (piece, got)
        assert "找到" in got["status"]
        # the matched characters are marked
        marked = pg.eval_on_selector_all("#search-results mark", "els => els.map(e => e.textContent).join('')")
        assert piece in marked or all(ch in marked for ch in piece)


def test_one_character(page: tuple[Any, Watch], base: str, snap: Snapshot) -> None:
    """A one-character query is a prefix search: it finds the character anywhere in a name."""
    pg, _ = page
    uscc, char = rare_part(snap, 1)
    got = search(pg, base, char)
    assert ent_link(base, uscc) in got["links"], (char, got)


def test_full_code_and_a_piece_of_one(page: tuple[Any, Watch], base: str, snap: Snapshot) -> None:
    pg, _ = page
    uscc = sorted(snap.enterprises)[len(snap.enterprises) // 2]
    for q in (uscc, uscc.lower(), uscc[8:16], uscc[-6:], uscc[:12]):
        got = search(pg, base, q)
        assert ent_link(base, uscc) in got["links"], (q, got)
        assert "统一社会信用代码" in got["status"]


def test_project_name_and_person_name(page: tuple[Any, Watch], base: str, snap: Snapshot) -> None:
    pg, _ = page
    projects = Counter(p.name for e in snap.enterprises.values() for p in e.projects)
    uscc, project = next((u, p.name) for u, e in snap.enterprises.items() for p in e.projects
                         if projects[p.name] == 1)
    got = search(pg, base, project)
    assert ent_link(base, uscc) in got["links"]
    item = got["items"][got["links"].index(ent_link(base, uscc))]
    assert project in item and "在管项目" in item

    names = Counter(p.name for p in snap.persons.values())
    pid, person = next((pid, p) for pid, p in snap.persons.items() if names[p.name] == 1)
    got = search(pg, base, person.name)
    assert f"{base}persons/{pid}/" in got["links"], got


def test_region_and_level_filters(page: tuple[Any, Watch], base: str, snap: Snapshot) -> None:
    pg, _ = page
    # a city whose enterprises are registered in at least two of its counties
    by_city: dict[str, set[str]] = {}
    for e in snap.enterprises.values():
        ch = chain(e.registered_region, snap.regions)
        if len(ch) >= 3:
            by_city.setdefault(ch[1], set()).add(e.registered_region)
    city = next(c for c, counties in sorted(by_city.items()) if len(counties) >= 2)
    county = sorted(by_city[city])[0]
    in_city = [u for u, e in snap.enterprises.items() if city in chain(e.registered_region, snap.regions)]
    in_county = [u for u, e in snap.enterprises.items() if e.registered_region == county]
    got = search(pg, base, snap.regions[city])
    assert sorted(got["links"]) == sorted(ent_link(base, u) for u in in_city)[:10] or len(in_city) > 10
    assert str(len(in_city)) in got["status"]

    options = pg.eval_on_selector_all("#search-region option", "els => els.map(o => o.value)")
    assert county in options
    pg.select_option("#search-region", county)
    got = results(pg)
    assert sorted(got["links"]) == sorted(ent_link(base, u) for u in in_county)[:10]
    assert parse_qs(urlparse(pg.url).query)["region"] == [county]
    assert all(snap.regions[county] in item for item in got["items"])

    # the level filter: every result shown has the chosen level
    pg.select_option("#search-region", "")
    results(pg)
    labels = pg.eval_on_selector_all("#search-level option", "els => els.map(o => [o.value, o.textContent])")
    shown = " ".join(results(pg)["items"])
    value, label = next((v, lab) for v, lab in labels if v and v != "severe" and lab in shown)
    pg.select_option("#search-level", value)
    got = results(pg)
    assert got["items"] and all(f"信用等级：{label}" in item for item in got["items"])
    assert parse_qs(urlparse(pg.url).query)["level"] == [value]


def test_no_result_message(page: tuple[Any, Watch], base: str) -> None:
    pg, _ = page
    got = search(pg, base, "根本不存在的名字")
    assert got["links"] == []
    assert got["status"].startswith("未找到")
    got = search(pg, base, "物业服务有限公司")
    assert got["links"] == [] and "过于常见" in got["status"]


def test_the_more_button_is_gone_when_nothing_is_left(page: tuple[Any, Watch], base: str) -> None:
    """Issue 14: "显示更多（还有 0 条）" showed under no result (a button rule beat the hidden attribute)."""
    pg, _ = page
    search(pg, base, "根本不存在的名字")
    assert not pg.is_visible("#search-more")
    search(pg, base, "德化")  # one enterprise and its projects: everything fits on the first page
    assert not pg.is_visible("#search-more")


def test_an_ended_project_is_said_to_be_former(page: tuple[Any, Watch], base: str) -> None:
    """Issue 14: an owners' committee searching its estate. records/enterprises/91410103MAXJHWM464.yaml managed
    德化示例苑 from 2015-05-01 to 2023-10-31 (ended) and 京广示例小区 since 2024-03-01 (managed now); its
    manager 范某 (P-410103-0005) is a former project manager of 德化示例苑."""
    pg, _ = page
    got = search(pg, base, "德化示例苑")
    item = next(i for i in got["items"] if "郑州某德化物业服务有限公司" in i)
    assert "曾服务：德化示例苑（2015-05-01 至 2023-10-31）" in item
    assert "在管项目：京广示例小区" in item and "在管项目：德化示例苑" not in item
    got = search(pg, base, "范某")
    person = next(i for i in got["items"] if "德化示例苑" in i)
    assert "曾任项目负责人（德化示例苑，2015-05-01 至 2023-10-31）" in person
    assert "项目负责人（德化示例苑）" not in person


def test_query_in_the_address_both_ways(page: tuple[Any, Watch], base: str, snap: Snapshot) -> None:
    pg, _ = page
    uscc, piece = rare_part(snap, 2)
    got = search(pg, base, piece)
    assert pg.input_value("#search-q") == piece
    assert ent_link(base, uscc) in got["links"]
    # typing changes the address, so the search can be shared; reloading it runs it again
    other_uscc, other = rare_part(snap, 3)
    pg.fill("#search-q", other)
    pg.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=other)
    got = results(pg)
    assert ent_link(base, other_uscc) in got["links"]
    pg.reload()
    assert pg.input_value("#search-q") == other
    assert ent_link(base, other_uscc) in results(pg)["links"]
    # the home page's form: GET search/?q=…
    pg.goto(base)
    pg.fill("#home-q", piece)
    pg.press("#home-q", "Enter")
    pg.wait_for_url(re.compile(r".*/search/\?q=.*"))
    assert parse_qs(urlparse(pg.url).query)["q"] == [piece]
    assert ent_link(base, uscc) in results(pg)["links"]


def test_works_under_a_deeper_base_path(page: tuple[Any, Watch], base: str, snap: Snapshot) -> None:
    pg, watch = page
    uscc, piece = rare_part(snap, 2)
    got = search(pg, base, piece, path=BASE_PATH)
    assert ent_link(base, uscc, BASE_PATH) in got["links"]
    index_files = [u for u in watch.requests if "/search/" in u and u.split("?")[0].endswith(".json")]
    assert index_files and all(u.startswith(base + BASE_PATH) for u in index_files)
    pg.click(f"a[href$='enterprises/{uscc}/']")
    pg.wait_for_url(ent_link(base, uscc, BASE_PATH))
    assert snap.enterprises[uscc].name in pg.inner_text("h1")


def test_without_javascript_the_page_says_search_needs_it(browser: Any, base: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        pg = ctx.new_page()
        pg.goto(base + "search/?q=x")
        text = pg.inner_text("main")
        assert "查询需要启用 JavaScript" in text and "其他页面都不需要 JavaScript" in text
        assert not pg.is_visible("#search-app")
    finally:
        ctx.close()


def test_search_files_name_no_other_host() -> None:
    for path in [*(REPO / "theme" / "static" / "search").glob("*"), REPO / "theme" / "templates" / "search.html"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, flags=re.I), path


def test_results_pass_an_accessibility_audit(page: tuple[Any, Watch], base: str, snap: Snapshot) -> None:
    """axe-core on the page with results, filters and the status line showing (WCAG 2.1 A/AA)."""
    pg, _ = page
    city = next(c for c in snap.regions if c.endswith("00") and not c.endswith("0000"))
    search(pg, base, snap.regions[city])
    assert pg.is_visible("#search-filters")
    pg.add_script_tag(path=str(REPO / "node_modules" / "axe-core" / "axe.min.js"))
    violations = pg.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    assert violations == []


# ---- issue 14: identifiers, traditional characters, the filters and the more button on empty results -----------
# Expected values worked out by hand from the demo records (records/), as of 2026-11-22:
#   credit/2026/410105-2026-0005: bad B, 郑州恒信示例物业服务有限公司 (91410105MACGTWCBLP), 金建责改字〔2026〕第3号,
#     effective 2026-11-09, 6 months: public; a pending objection (no suspension) does not hide it.
#   credit/2024/410100-2024-0006: good, about the person P-410105-0001 (王某), 郑建〔2024〕19号: public (36 months).
#   credit/2024/419001-2024-0002: bad A, 济源某愚公物业服务有限公司 (91419001MABUPAKLK3), a court judgment
#     （2024）豫9001刑初87号: public.
#   credit/2026/410105-2026-0003: bad B of 郑州某宜居物业服务有限公司, 金建责改字〔2026〕第7号: 3 months from 2026-06-09,
#     expired; credit/2023/410103-2023-0003: 二七建责改字〔2023〕第4号, 6 months from 2023-05-09, expired;
#   credit/2024/410105-2024-0003: C-class of 郑州恒信示例…, 金建责改字〔2024〕第10号, not refusing correction: never public.
#   The city 郑州: 14 enterprises registered in it (中原区 3, 二七区 3, 金水区 5, 中牟县 2, 新郑市 1) and 南阳汉韵示例物业管理
#   有限公司, whose project 汉韵郑州示例公寓 has 郑州 in its name: 15 results. Of 金水区's five, levels 三星级 (商都),
#   二星级 (豫安, 宜居, 花园路) and 五星级 (恒信); no enterprise of the 15 has 四星级.

HENGXIN = "91410105MACGTWCBLP"
VIEWPORTS = [pytest.param({"width": 1366, "height": 900}, id="1366x900"),
             pytest.param({"width": 390, "height": 844}, id="390x844")]


@pytest.fixture(params=VIEWPORTS)
def sized(request: pytest.FixtureRequest, browser: Any, base: str) -> Iterator[tuple[Any, Watch]]:
    ctx = browser.new_context(viewport=request.param)
    watch = Watch()
    pg = ctx.new_page()
    pg.on("request", lambda r: watch.requests.append(r.url))
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    try:
        yield pg, watch
    finally:
        ctx.close()
        assert [u for u in watch.requests if not u.startswith(base) and not u.startswith("data:")] == []
        assert watch.errors == []


def in_view(pg: Any, selector: str) -> bool:
    return bool(pg.eval_on_selector(selector, """e => { const r = e.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.top < window.innerHeight; }"""))


def test_a_record_id_finds_the_page_holding_the_record(sized: tuple[Any, Watch], base: str) -> None:
    pg, _ = sized
    for typed in ("410105-2026-0005", " ４１０１０５－２０２６－０００５ ", "410105 2026 0005"):
        got = search(pg, base, typed)
        assert got["links"] == [f"{base}enterprises/{HENGXIN}/#410105-2026-0005"], typed
        assert "信息编号" in got["status"] and "1 条结果" in got["status"]
        assert "信用信息 410105-2026-0005" in got["items"][0] and "金建责改字〔2026〕第3号" in got["items"][0]
    pg.click("#search-results .hit-name a")
    pg.wait_for_url(f"{base}enterprises/{HENGXIN}/#410105-2026-0005")
    assert in_view(pg, "tr[id='410105-2026-0005']")  # the row itself is on screen
    # a record about a person leads to the person's page
    got = search(pg, base, "410100-2024-0006")
    assert got["links"] == [f"{base}persons/P-410105-0001/#410100-2024-0006"]
    # a person id
    got = search(pg, base, "P-410105-0001")
    assert got["links"] == [f"{base}persons/P-410105-0001/"] and "人员编号" in got["status"]
    # records that are not public: found nowhere, said the same way as any unknown text
    for hidden in ("410105-2026-0003", "410105-2024-0003"):
        got = search(pg, base, hidden)
        assert got["links"] == [] and got["status"].startswith("未找到"), hidden
        assert hidden not in pg.inner_text("main").replace(f"“{hidden}”", "")


def test_a_document_number_finds_the_page_holding_the_record(sized: tuple[Any, Watch], base: str) -> None:
    pg, _ = sized
    for typed in ("金建责改字〔2026〕第3号", "金建责改字(2026)3号", "金建责改字2026第3号"):
        got = search(pg, base, typed)
        assert got["links"] == [f"{base}enterprises/{HENGXIN}/#410105-2026-0005"], typed
        assert "决定文书" in got["status"]
    got = search(pg, base, "（2024）豫9001刑初87号")
    assert got["links"] == [f"{base}enterprises/91419001MABUPAKLK3/#419001-2024-0002"]
    pg.click("#search-results .hit-record a")
    pg.wait_for_url(f"{base}enterprises/91419001MABUPAKLK3/#419001-2024-0002")
    assert in_view(pg, "tr[id='419001-2024-0002']")
    # not public (above): nothing, not even the enterprises named 二七… that share a piece of the last one
    for hidden in ("金建责改字〔2026〕第7号", "金建责改字〔2024〕第10号", "二七建责改字〔2023〕第4号"):
        got = search(pg, base, hidden)
        assert got["links"] == [] and got["status"].startswith("未找到决定文书号"), hidden


def test_traditional_characters_find_the_simplified_name(sized: tuple[Any, Watch], base: str) -> None:
    pg, watch = sized
    got = search(pg, base, "恆信")
    assert got["links"][0] == ent_link(base, HENGXIN)
    assert "已按简体字“恒信”查询" in got["status"]
    marked = pg.eval_on_selector_all("#search-results li:first-child .hit-name mark", "els => els.map(e => e.textContent)")
    assert marked == ["恒信"]
    assert any("/search/fold.json" in u for u in watch.requests)
    # the former name in traditional characters; a document number with 號
    got = search(pg, base, "鄭州恆信示例物業管理有限公司")
    assert got["links"][0] == ent_link(base, HENGXIN)
    got = search(pg, base, "金建責改字〔2026〕第3號")
    assert got["links"] == [f"{base}enterprises/{HENGXIN}/#410105-2026-0005"]
    # a simplified query never fetches the table
    watch.requests.clear()
    got = search(pg, base, "恒信")
    assert got["links"][0] == ent_link(base, HENGXIN) and "已按简体字" not in got["status"]
    assert not any("fold.json" in u for u in watch.requests)


def type_query(pg: Any, q: str) -> dict[str, Any]:
    """Type a new query into the box of the page already open, and wait for its results."""
    pg.fill("#search-q", q)
    pg.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=q)
    return results(pg)


def region_options(pg: Any) -> list[tuple[str, str]]:
    """(value, label) of the region filter, the label without its indent."""
    return [(v, t.strip()) for v, t in pg.eval_on_selector_all(
        "#search-region option", "els => els.map(o => [o.value, o.textContent])")]


def test_no_more_button_on_zero_results(sized: tuple[Any, Watch], base: str) -> None:
    pg, _ = sized
    got = search(pg, base, "郑州")  # 15 results: a page of ten and "显示更多（还有 5 条）"
    assert len(got["links"]) == 10 and pg.is_visible("#search-more")
    assert pg.inner_text("#search-more") == "显示更多（还有 5 条）"
    got = type_query(pg, "根本不存在的名字")  # the same page goes from 15 results to none
    assert got["links"] == [] and got["status"].startswith("未找到")
    assert not pg.is_visible("#search-more")
    # filters that leave nothing
    search(pg, base, "郑州")
    pg.select_option("#search-level", "4")
    got = results(pg)
    assert got["links"] == [] and not pg.is_visible("#search-more")
    assert "还有 0 条" not in pg.inner_text("main")


def test_filter_counts_on_an_empty_result(sized: tuple[Any, Watch], base: str) -> None:
    pg, _ = sized
    got = search(pg, base, "郑州")
    assert "找到 15 条结果" in got["status"]
    options = dict(region_options(pg))
    assert options[""] == "全部地区（15）" and options["410100"] == "郑州市（14）" and options["410105"] == "金水区（5）"
    pg.select_option("#search-region", "410105")
    assert len(results(pg)["links"]) == 5
    # a level none of the five has: nothing left, and the counts say so (the chosen region is kept, at 0)
    pg.select_option("#search-level", "4")
    got = results(pg)
    assert got["links"] == [] and "找到 0 条结果（筛选前共 15 条）" in got["status"] and "放宽" in got["status"]
    assert region_options(pg) == [("", "全部地区（0）"), ("410105", "金水区（0）")]
    assert pg.input_value("#search-region") == "410105"
    # a level one of them has: counted afresh
    pg.select_option("#search-level", "5")
    got = results(pg)
    assert got["links"] == [ent_link(base, HENGXIN)]
    assert region_options(pg) == [("", "全部地区（1）"), ("410000", "河南省（1）"), ("410100", "郑州市（1）"),
                                  ("410105", "金水区（1）")]
    # a new query with no result at all: the filters go, and no count of the earlier result is left behind
    got = type_query(pg, "根本不存在的名字")
    assert got["links"] == [] and not pg.is_visible("#search-filters")
    assert region_options(pg) == [("", "全部地区")]
    type_query(pg, "郑州")
    assert dict(region_options(pg))[""] == "全部地区（15）" and pg.input_value("#search-region") == ""
