"""A nightly build never fails for want of a future year's calendar (issue 12 item 10, DESIGN §9).

chinese-calendar stops at 2026. Worked out by hand (2026-12-28 is a Monday; 12-29 … 12-31 are ordinary
working days in the 2026 schedule, checked against the State Council notice):

* an objection pending since 2026-12-28: on 2027-01-04 its 7-working-day deadline needs 2027 → a warning
  naming 2027, never an error;
* an evaluation published 2026-12-28 with no ``notice_until``: its 7th working day falls in 2027 → the
  rating stays 公示中 with the end not yet known (ratings.csv: status ``notice``, ``notice_until`` empty),
  and never turns ``final`` early; once calendar.yaml lists 2027 (1 January a holiday, 2–3 January a
  weekend): 12-29, 12-30, 12-31, 01-04, 01-05, 01-06, 01-07 → notice until 2027-01-07, final from 01-08;
* Hulunbuir, a black-listed enterprise whose repair was approved on 2026-12-28: it leaves the list after 5
  working days; where 2027 is unknown, every 2027 day counts as a working day (the earliest possible end):
  12-29, 12-30, 12-31, 01-01, 01-02 → on the list through 2027-01-01, off on 2027-01-02.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

from conftest import R3, REPO, Tree

from generator.commands import cli
from generator.commands.build import build

HULUNBUIR = REPO / "examples" / "hulunbuir" / "records"
BLACK = "91150781MAY56F55EY"  # D, black-list condition 5 and 7, not severe


def table(site: Path, name: str) -> list[dict[str, str]]:
    text = (site / "data" / f"{name}.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_pending_objection_across_new_year_is_a_warning(tree: Tree, run_validate, tmp_path: Path) -> None:
    line = tree.replace(R3, "  - filed: 2026-11-18", "  - filed: 2026-12-28")
    res = run_validate(tree.root, as_of="2027-01-04")
    assert res.code == 0, res.out + res.err
    warning = res.find(R3, line, "2027", severity="warning")
    assert "calendar.yaml" in warning.message
    assert "error" not in {p.severity for p in res.problems}
    build(tree.root, tmp_path / "site", dt.date(2027, 1, 4), pages=False)  # and the build goes through


def test_notice_end_in_an_unknown_year_stays_in_notice(tree: Tree, run_validate, tmp_path: Path) -> None:
    ev = "evaluations/2026/410105/evaluation.yaml"
    tree.replace(ev, "published: 2026-12-15\nnotice_until: 2026-12-24\n", "published: 2026-12-28\n")
    res = run_validate(tree.root, as_of="2027-01-04")
    assert res.code == 0, res.out + res.err
    assert any("2027" in p.message and p.severity == "warning" for p in res.problems), res.out
    for day in ("2027-01-04", "2027-06-30"):
        site = tmp_path / day
        assert cli.main(["build", "--records", str(tree.root), "--output", str(site), "--as-of", day,
                         "--quiet"]) == 0
        rows = [r for r in table(site, "ratings") if r["year"] == "2026"]
        assert rows and all(r["status"] == "notice" and r["notice_until"] == "" for r in rows), rows
        page = (site / "enterprises" / "91410105MA9F3HX1K4" / "index.html").read_text(encoding="utf-8")
        assert "截止日待定" in page and "已确定" not in page
    # once the 2027 schedule is known, the end is the 7th working day
    (tree.root / "calendar.yaml").write_text('"2027":\n  holidays: [2027-01-01]\n', encoding="utf-8")
    site = tmp_path / "known"
    build(tree.root, site, dt.date(2027, 1, 7), pages=False)
    rows = [r for r in table(site, "ratings") if r["year"] == "2026"]
    assert {(r["status"], r["notice_until"]) for r in rows} == {("notice", "2027-01-07")}
    build(tree.root, site, dt.date(2027, 1, 8), pages=False)
    assert {r["status"] for r in table(site, "ratings") if r["year"] == "2026"} == {"final"}


def test_black_list_end_in_an_unknown_year_is_the_earliest_possible(tmp_path: Path, run_validate) -> None:
    root = tmp_path / "records"
    shutil.copytree(HULUNBUIR, root)
    sheet = next(root.glob(f"evaluations/2025/*/{BLACK}.yaml"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + "black_repair:\n  approved: 2026-12-28\n", encoding="utf-8")
    res = run_validate(root, as_of="2027-01-01")
    assert res.code == 0, res.out + res.err
    assert any("2027" in p.message and "黑榜" in p.message and p.severity == "warning" for p in res.problems)
    on_list = {}
    for day in (dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2027, 1, 2)):
        site = tmp_path / day.isoformat()
        build(root, site, day, pages=False)
        (row,) = [r for r in table(site, "grades") if r["uscc"] == BLACK]
        on_list[day.isoformat()] = row["black_list"]
    assert on_list == {"2026-12-31": "true", "2027-01-01": "true", "2027-01-02": "false"}
