"""Hostile review of issue 15 (open data a journalist can decode): each test shows a defect of the current code.

* a release written before the code lists (no items/regions/authorities/codes, no records.project/item_text,
  no enterprises.level_status), carried by today's ``credit release``: its ``datapackage.json`` declares
  foreign keys to resources it does not hold (``frictionless validate`` fails), its ``datasette.json`` facets
  on a column it does not have (Datasette answers 400 on the enterprises table), and the first release after
  the upgrade calls every row with a project, an item text or a level status "modified";
* with ``site_url`` the site's ``datapackage.json`` gives absolute paths but keeps ``"scheme": "file"``, so
  no tool can read it off the site;
* a carried release whose regions.yaml has since gained a city: its regions rows take today's parent, which
  the carried table lacks (a broken foreign key in credit.sqlite);
* a hostile data-releases branch puts a mobile number, an identity-card number and spreadsheet formulas into
  columns the carry does not check (projects.manager, enterprises.level / region, ratings.authority).

The mini tree (tests/fixtures/mini), data only, as of 2026-09-10 and 2026-09-20 (tests/test_releases.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import MINI
from support import serve

from generator.commands.build import build
from generator.publish.data.carry import write_sums
from generator.publish.data.releases import ReleaseError, make_release

REPO = Path(__file__).parent.parent
BIN = REPO / ".venv" / "bin"
DAY1 = dt.date(2026, 9, 10)
DAY2 = dt.date(2026, 9, 20)
CODE_LISTS = ("items", "regions", "authorities", "codes")
NEW_COLUMNS = {"records": ("project", "item_text"), "enterprises": ("level_status",)}


def build_at(records: Path, out: Path, day: dt.date) -> Path:
    build(records, out, day, pages=False)
    return out


def _rewrite(folder: Path, table: str, rows: list[dict[str, object]], header: list[str]) -> None:
    (folder / f"{table}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    text = (folder / f"{table}.csv").read_bytes().decode("utf-8-sig")
    old = list(csv.reader(io.StringIO(text, newline="")))
    keep = [i for i, h in enumerate(old[0]) if h in header]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for line in old:
        writer.writerow([line[i] for i in keep])
    (folder / f"{table}.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def before_issue_15(folder: Path) -> None:
    """Make a release folder look as a release written before issue 15: no code lists, no new columns, no
    datasette.json; its SHA256SUMS rewritten (as that release's own would be)."""
    for table in CODE_LISTS:
        for ext in ("csv", "json"):
            (folder / f"{table}.{ext}").unlink()
    (folder / "datasette.json").unlink()
    for table, cols in NEW_COLUMNS.items():
        rows = json.loads((folder / f"{table}.json").read_text(encoding="utf-8"))
        header = [c for c in next(csv.reader([(folder / f"{table}.csv").read_text("utf-8-sig").splitlines()[0]]))
                  if c not in cols]
        _rewrite(folder, table, [{k: v for k, v in r.items() if k not in cols} for r in rows], header)
    write_sums(folder)


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of DAY2 with the DAY1 release carried from a branch written before issue 15."""
    base = tmp_path_factory.mktemp("upgrade")
    records = base / "records"
    shutil.copytree(MINI, records)
    site1 = build_at(records, base / "s1", DAY1)
    make_release(site1, None)
    branch = base / "branch"
    shutil.copytree(site1 / "data" / "releases", branch)
    before_issue_15(branch / DAY1.isoformat())
    site2 = build_at(records, base / "s2", DAY2)
    make_release(site2, branch)
    return site2 / "data" / "releases"


def test_a_release_from_before_the_code_lists_is_carried_as_a_valid_package(upgraded: Path) -> None:
    """write.py resource_descriptor declares every foreign key of the table, also to code lists the carried
    release does not hold (write_sqlite leaves those out): the package is invalid."""
    folder = upgraded / DAY1.isoformat()
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in desc["resources"]}
    dangling = [(r["name"], fk["reference"]["resource"]) for r in desc["resources"]
                for fk in r["schema"].get("foreignKeys", []) if fk["reference"]["resource"] not in names]
    proc = subprocess.run([str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], cwd=folder,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert json.loads(proc.stdout)["valid"] and not dangling, dangling


def test_a_release_from_before_level_status_opens_in_datasette(upgraded: Path) -> None:
    """docs.py datasette_metadata facets enterprises on level_status whether or not the table has it."""
    folder = upgraded / DAY1.isoformat()
    proc = subprocess.run([str(BIN / "datasette"), "credit.sqlite", "-m", "datasette.json", "--get",
                           "/credit/enterprises.json"], cwd=folder, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stdout[-500:]


def test_the_first_release_after_the_upgrade_changes_nothing_that_did_not_change(upgraded: Path) -> None:
    """Nothing changed between DAY1 and DAY2 but an expiry (tests/test_releases.py: an empty change list); a
    column the earlier release lacks is not a change of the row (carry.py changes() reads it as null)."""
    items = [json.loads(line) for line in (upgraded / DAY2.isoformat() / "changes.jsonl").read_text(
        encoding="utf-8").splitlines()]
    assert items == []


def test_with_a_site_url_the_package_reads_off_the_site(tmp_path: Path) -> None:
    """The absolute paths of data/datapackage.json are meant to work off the site, but every resource still
    says "scheme": "file" (write.py write_package only replaces the path): frictionless opens
    'http://…/enterprises.csv' as a local file name and fails."""
    root = tmp_path / "www"
    root.mkdir()
    records = tmp_path / "records"
    shutil.copytree(MINI, records)
    with serve(root) as base:
        platform = records / "platform.yaml"
        platform.write_text(platform.read_text(encoding="utf-8") + f"site_url: {base}/site/\n", encoding="utf-8")
        build_at(records, root / "site", DAY1)
        elsewhere = tmp_path / "journalist"
        elsewhere.mkdir()
        shutil.copyfile(root / "site" / "data" / "datapackage.json", elsewhere / "datapackage.json")
        desc = json.loads((elsewhere / "datapackage.json").read_text(encoding="utf-8"))
        assert desc["resources"][0]["path"].startswith(base)
        proc = subprocess.run([str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], cwd=elsewhere,
                              capture_output=True, text=True, encoding="utf-8", timeout=300)
    report = json.loads(proc.stdout)
    errors = [e["message"][:200] for t in report["tasks"] for e in t["errors"]][:3]
    assert report["valid"], errors


def test_a_city_added_to_regions_yaml_leaves_carried_regions_consistent(tmp_path: Path) -> None:
    """DAY1: regions.yaml without 洛阳市 (老城区 410302's parent is the province). DAY2: 洛阳市 410300 added.
    The carried DAY1 regions rows take today's parent 410300 (carry.py REFRESHED), a row the DAY1 table does not
    have: a broken foreign key regions.parent → regions.code."""
    records = tmp_path / "records"
    shutil.copytree(MINI, records)
    regions = records / "regions.yaml"
    full = regions.read_text(encoding="utf-8")
    regions.write_text("".join(line + "\n" for line in full.splitlines() if not line.startswith('"410300"')),
                       encoding="utf-8")
    site1 = build_at(records, tmp_path / "s1", DAY1)
    make_release(site1, None)
    branch = tmp_path / "branch"
    shutil.copytree(site1 / "data" / "releases", branch)
    regions.write_text(full, encoding="utf-8")
    site2 = build_at(records, tmp_path / "s2", DAY2)
    make_release(site2, branch)
    con = sqlite3.connect(site2 / "data" / "releases" / DAY1.isoformat() / "credit.sqlite")
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


PLANTED = {
    ("projects", "manager"): "身份证110101199003071234 手机13800138000",
    ("projects", "region"): "@SUM(1+1)",
    ("enterprises", "level"): '=HYPERLINK("http://evil.example/","查看")',
    ("enterprises", "region"): "<b>13900139000</b>",
}


def test_a_hostile_branch_cannot_plant_personal_numbers_or_formulas(tmp_path: Path) -> None:
    """carry.py _check_value runs the personal-data checks on FREE_TEXT columns only and enterprises, projects
    and ratings keep the branch's values: a mobile number, an identity-card number and spreadsheet formulas
    in projects.manager, projects.region, enterprises.level and enterprises.region reach the public site (and
    break the new foreign keys). DESIGN §7: nothing from a branch reaches the site without a build's checks."""
    records = tmp_path / "records"
    shutil.copytree(MINI, records)
    site1 = build_at(records, tmp_path / "s1", DAY1)
    make_release(site1, None)
    branch = tmp_path / "branch"
    shutil.copytree(site1 / "data" / "releases", branch)
    folder = branch / DAY1.isoformat()
    for table in ("projects", "enterprises"):
        rows = json.loads((folder / f"{table}.json").read_text(encoding="utf-8"))
        for (t, col), value in PLANTED.items():
            if t == table:
                rows[0][col] = value
        (folder / f"{table}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_sums(folder)
    site2 = build_at(records, tmp_path / "s2", DAY2)
    try:
        make_release(site2, branch)
    except ReleaseError:
        return  # refused: fine
    found = [(p.relative_to(site2).as_posix(), value) for p in (site2 / "data").rglob("*") if p.is_file()
             for value in PLANTED.values() if value.encode("utf-8") in p.read_bytes()]
    assert found == []
