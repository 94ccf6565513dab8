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
