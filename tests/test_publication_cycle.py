"""Smaller holes in the publication cycle (issue 12, item 12), each worked out by hand on tests/fixtures/mini.

A vetoed rating after its A-class record left the site: 410105-2026-0009 (A class, market.1.1, effective
2026-03-02, 10 months → public through 2027-01-02) is public on the 2026 cutoff (2026-12-10), so E1's 2026
rating is vetoed (第十四条). On 2027-01-10 the record has left the site: the rating still stands (a later
change does not alter it, 第十六条), and the page says the veto stands from the evaluation — not that an
A-class record is public now — and names no record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import E1, Tree

from generator.commands.build import build

A_ID = "410105-2026-0009"
A_RECORD = f"""\
subject: {E1}
kind: bad
class: A
item: market.1.1
summary: 擅自改变物业服务用房用途
decision:
  authority: 郑州市金水区住房和城乡建设局
  level: county
  document: 金建罚决字〔2026〕第30号
  kind: penalty
  effective: 2026-03-02
recorder: "410105"
notified: 2026-03-03
entered: 2026-03-05
disclosure_months: 10
"""


def test_veto_stands_from_the_evaluation_after_the_record_left(tree: Tree, tmp_path: Path) -> None:
    tree.write(f"credit/2026/{A_ID}.yaml", A_RECORD)
    site = tmp_path / "site"
    build(tree.root, site, dt.date(2027, 1, 10))
    page = (site / "enterprises" / E1 / "index.html").read_text(encoding="utf-8")
    assert "不予星级评定" in page
    assert "评价截止日 2026-12-10 存在公开的 A 类不良信用信息" in page
    assert "存在 A 类不良信用信息的信用主体" not in page
    for path in site.rglob("*"):
        if path.is_file() and path.suffix != ".zip":
            data = path.read_bytes()
            assert A_ID.encode() not in data and "擅自改变物业服务用房用途".encode() not in data, path
