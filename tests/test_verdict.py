"""The verdict an enterprise page opens with (issue 14), on the rules fixture tree, worked out by hand from
the fixture files and the measures (第十二、十四、十五、十七条)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rules_helpers import E1, E2, E3, E4, HENAN_TREE, copy_tree

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
