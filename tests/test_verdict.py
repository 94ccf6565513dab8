"""The verdict an enterprise page opens with (issue 14), on the rules fixture tree, worked out by hand from
the fixture files and the measures (第十二、十四、十五、十七条)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rules_helpers import E1, E2, E3, E4, H1, H3, H4, HENAN_TREE, HULUNBUIR_TREE, copy_tree

from generator.commands.build import build


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("verdict")
    build(copy_tree(HENAN_TREE, base / "records"), base / "out", dt.date(2026, 12, 28))
    return base / "out"


def verdict(site: Path, uscc: str) -> str:
    page = (site / "enterprises" / uscc / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<section class="verdict[^"]*".*?</section>', page, re.S)
    assert found, uscc
    # the verdict comes before the basic information
    assert page.index("<section class=\"verdict") < page.index('id="basic"')
    return re.sub(r"<[^>]+>", "", found.group(0))


def test_a_two_star_enterprise(site: Path) -> None:
    # E1: 2026 rating, 2 stars → 二星级 (no cap: both stars are in basic categories), published 12-15, seven
    # working days of notice end 12-24 → 已确定 on 12-28; 一、二星级: 常规化管理 (第十五条（二）)
    text = verdict(site, E1)
    assert "当前信用等级 二星级 2026 年度，已确定" in text
    assert "2 个类别达到 80 分、获得星级认定（第十二条）" in text
    assert "常规化管理（第十五条第（二）项）" in text
    # public on 12-28: B-class 410105-2026-0001, -0006, -0007; good: six (tests/test_open_data_users.py)
    assert "A 类不良 0 · B 类不良 3 · C 类不良 0 · 优良 6" in text
    assert "严重失信" not in text and "异议处理中" not in text


def test_a_vetoed_enterprise_links_the_record_behind_it(site: Path) -> None:
    # E4: A-class 410105-2026-0010 public on the cutoff 2026-12-10 → 不予星级评定 (第十四条), 第十五条（四）
    text = verdict(site, E4)
    assert "当前信用等级 不予星级评定 2026 年度" in text and "严重失信" in text
    assert "评价截止日 2026-12-10 存在公开的 A 类不良信用信息，2026 年度不予星级评定（第十四条）" in text
    assert "不予评定所依据的信息：410105-2026-0010" in text
    assert "重点监管（第十五条第（四）项）" in text and "重新选聘" in text
    assert "A 类不良 1 · B 类不良 1" in text
    page = (site / "enterprises" / E4 / "index.html").read_text(encoding="utf-8")
    assert 'href="#410105-2026-0010"' in page and 'id="410105-2026-0010"' in page


def test_a_three_star_enterprise_in_notice_with_its_incentives(site: Path) -> None:
    # E3: published 2026-12-18 (Friday); the seventh working day after is 12-29 → 公示中 on 12-28;
    # 三星级以上: incentives for a year from publication (第十五条（一）) → through 2027-12-18
    text = verdict(site, E3)
    assert "当前信用等级 三星级 2026 年度，公示中" in text
    assert "激励措施（第十五条第（一）项）" in text and "（至 2027-12-18）" in text


def test_a_pending_objection_shows_its_day_and_when_it_is_overdue(site: Path, tmp_path: Path) -> None:
    # E2's B-class 410103-2026-0001: objection filed 2026-12-22, pending. Seven working days after it end on
    # 2026-12-31 (23, 24, 25, 28, 29, 30, 31): not overdue on 12-28, overdue on 2027-01-05 (第十七条).
    text = verdict(site, E2)
    assert "异议处理中：410103-2026-0001（2026-12-22 提出）" in text and "已超过" not in text
    out = tmp_path / "later"
    build(copy_tree(HENAN_TREE, tmp_path / "records"), out, dt.date(2027, 1, 5))
    later = verdict(out, E2)
    assert "异议处理中：410103-2026-0001（2026-12-22 提出，已超过 7 个工作日尚未处理完毕（第十七条））" in later


def test_follow_one_enterprise_with_its_own_feed(site: Path) -> None:
    """DESIGN §7 enterprises/<USCC>/feed.atom.xml: every public record of the enterprise, newest entered first,
    linked from its page; a date of its own (the newest record's), so it changes only when a record does."""
    from xml.etree import ElementTree

    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(site / "enterprises" / E4 / "feed.atom.xml").getroot()
    ids = [e.findtext("a:id", namespaces=atom) or "" for e in feed.iterfind("a:entry", atom)]
    # E4's public records on 2026-12-28: 410105-2026-0010 (A) and 410105-2026-0011 (B)
    assert sorted(i.rsplit("/", 1)[-1] for i in ids) == ["410105-2026-0010", "410105-2026-0011"]
    links = [e.find("a:link", atom).get("href") for e in feed.iterfind("a:entry", atom)]  # type: ignore[union-attr]
    assert all(link.startswith(f"../../enterprises/{E4}/#") for link in links)
    assert (feed.findtext("a:title", namespaces=atom) or "").endswith("：公开的信用信息")
    page = (site / "enterprises" / E4 / "index.html").read_text(encoding="utf-8")
    assert 'href="feed.atom.xml"' in page or f'enterprises/{E4}/feed.atom.xml' in page
    published = [e.findtext("a:published", namespaces=atom) or "" for e in feed.iterfind("a:entry", atom)]
    assert published == sorted(published, reverse=True)  # newest entered first
    for uscc in (E1, E2, E3, E4):  # every enterprise has its feed
        assert (site / "enterprises" / uscc / "feed.atom.xml").is_file()


def test_records_by_weight_with_their_classes_explained(site: Path) -> None:
    """Issue 14: A-class first, then B, C, good; the page explains the classes (第十条, 第六条)."""
    page = (site / "enterprises" / E4 / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="([0-9-]+)">', page)
    assert rows == ["410105-2026-0010", "410105-2026-0011"]  # A (effective 02-02) before the newer B (03-09)
    e1 = re.findall(r'<tr id="([0-9-]+)">', (site / "enterprises" / E1 / "index.html").read_text(encoding="utf-8"))
    # E1: three B-class records first (410105-2026-0001, -0006, -0007), then its six good ones
    assert set(e1[:3]) == {"410105-2026-0001", "410105-2026-0006", "410105-2026-0007"} and len(e1) == 9
    assert "A 类：严重不良行为（第十条（一））" in page and "表彰（扬）、奖励等（第六条）" in page


def test_hulunbuir_lists_say_so_with_conditions_and_measures(tmp_path: Path) -> None:
    """The Hulunbuir notice on 2026-02-25 (tests/fixtures/rules/hulunbuir): H1 AAA with red conditions 1, 3, 4
    (三(二)); H4 D, black condition 1, severe → 不得移出 (五(二)); H3 D, black condition 7, repair approved 02-12,
    still on the list on 02-25 (tests/test_open_data.py: off from 02-26), its removal day shown. No Henan wording:
    no record classes on a site without records."""
    out = tmp_path / "out"
    build(copy_tree(HULUNBUIR_TREE, tmp_path / "records"), out, dt.date(2026, 2, 25))
    h1, h3, h4 = verdict(out, H1), verdict(out, H3), verdict(out, H4)
    assert "当前信用等级 AAA 级 2025 年度" in h1 and "在红榜：符合红榜条件 1、3、4" in h1 and "激励措施（通知六）" in h1
    assert "在黑榜：符合黑榜条件 1；情节特别严重，不得移出" in h4 and "惩戒措施（通知七）" in h4
    assert "在黑榜：符合黑榜条件 7；修复认定合格" in h3
    for text in (h1, h3, h4):
        assert "C 类" not in text and "星级" not in text


def test_a_badge_an_enterprise_can_show(site: Path) -> None:
    """Issue 14 (like the UK food hygiene display): enterprises/<USCC>/badge.svg with the current level and its
    year, no as-of date (it changes only with the level); the page shows it and how to embed it."""
    from xml.etree import ElementTree

    svg = ElementTree.parse(site / "enterprises" / E4 / "badge.svg").getroot()
    texts = [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "不予星级评定" in texts and "2026 年度 · 已确定" in texts  # E4: vetoed in 2026 (第十四条)
    e3 = ElementTree.parse(site / "enterprises" / E3 / "badge.svg").getroot()
    assert "三星级" in [t.text for t in e3.iter("{http://www.w3.org/2000/svg}text")]
    assert "2026-12-28" not in (site / "enterprises" / E3 / "badge.svg").read_text(encoding="utf-8")
    page = (site / "enterprises" / E3 / "index.html").read_text(encoding="utf-8")
    assert f"enterprises/{E3}/badge.svg" in page and "在企业自己的网站上展示信用等级" in page
