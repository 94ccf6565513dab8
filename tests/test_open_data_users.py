"""The open data as a journalist meets it (issue 15): every table read back with pandas and with Python's csv,
the SQLite file's foreign keys, indexes, metadata and views, the package with its code lists under the real
``frictionless validate``, the real Datasette on the file with its metadata, the archive's README and licence,
and absolute addresses where the site's address is known. Expected values are worked out from the fixture
tree and the seeds by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest
from rules_helpers import E1, E4, HENAN_TREE, copy_tree

from generator.commands.build import build

REPO = Path(__file__).parent.parent
BIN = REPO / ".venv" / "bin"
AS_OF = dt.date(2026, 12, 28)
TABLES = ["enterprises", "projects", "persons", "records", "ratings", "grades", "items", "regions", "authorities",
          "codes"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("journalist")
    records = copy_tree(HENAN_TREE, base / "records")
    build(records, base / "out", AS_OF, pages=False)
    return base / "out" / "data"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_reads_back_with_pandas_and_csv_alike(data: Path, table: str) -> None:
    """pandas (as a journalist calls it: utf-8-sig, codes as text) and csv give the same cells, the same
    header as the JSON, and as many rows as the SQLite table."""
    frame = pd.read_csv(data / f"{table}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    with (data / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert list(frame.columns) == rows[0]
    assert frame.values.tolist() == rows[1:]
    as_json = json.loads((data / f"{table}.json").read_text(encoding="utf-8"))
    assert len(as_json) == len(frame) and all(list(r) == rows[0] for r in as_json)
    con = sqlite3.connect(data / "credit.sqlite")
    try:
        assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == len(frame)
    finally:
        con.close()


def test_code_lists_decode_the_tables(data: Path) -> None:
    items = pd.read_csv(data / "items.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False).set_index("code")
    # 附件1 一.18: 10 分/次; 一.1–一.10 一票否决; 五: 1–3 分 chosen by the recorder (DESIGN §6)
    assert items.loc["market.1.18", ["category", "section", "points", "veto"]].tolist() == ["market", "1", "10", "false"]
    assert items.loc["market.1.1", ["points", "veto"]].tolist() == ["", "true"]
    assert items.loc["market.5", ["points", "points_min", "points_max"]].tolist() == ["", "1", "3"]
    # 附件3 一.1: 5 分; 附件4 五.1: 6 分; 附件5 一: cap 8
    assert items.loc["red.1.1", "max"] == "5" and items.loc["smart.5.1", "max"] == "6"
    assert items.loc["social.1", "max"] == "8"
    assert items.loc["market", "category_name"] == "市场行为规范"  # the award item of a category
    # every record's item is an item; every code used in records is decoded in codes
    records = pd.read_csv(data / "records.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert set(records["item"]) <= set(items.index)
    codes = pd.read_csv(data / "codes.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    lists = {name: set(group["code"]) for name, group in codes.groupby("list")}
    for column in ("kind", "class", "decision_kind", "decision_level", "category"):
        assert set(records[column]) - {""} <= lists[f"records.{column}"], column
    assert lists["records.class"] == {"A", "B", "C"}  # 第十条
    assert lists["enterprises.level_status"] == {"rated", "vetoed", "not_rated"}
    assert lists["enterprises.level"] == {"0", "1", "2", "3", "4", "5"}  # 第十二条


def test_regions_and_authorities(data: Path) -> None:
    regions = {r["code"]: r for r in csv.DictReader(io.StringIO((data / "regions.csv").read_text("utf-8-sig")))}
    # tests/fixtures/rules/henan/regions.yaml: 济源 is a county-level city directly under the province
    assert {c: (r["parent"], r["kind"]) for c, r in regions.items()} == {
        "410000": ("", "province"), "410100": ("410000", "city"), "410103": ("410100", "county"),
        "410105": ("410100", "county"), "410300": ("410000", "city"), "410302": ("410300", "county"),
        "419001": ("410000", "county"),
    }
    authorities = {r["code"]: r for r in csv.DictReader(io.StringIO((data / "authorities.csv").read_text("utf-8-sig")))}
    assert authorities["410105001"]["level"] == "street" and authorities["410105"]["name"] == "郑州市金水区住房和城乡建设局"
    assert len(authorities) == 6


def test_sqlite_has_foreign_keys_indexes_metadata_and_views(data: Path) -> None:
    con = sqlite3.connect(data / "credit.sqlite")
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        fks = {(t, r[3], r[2]) for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
               for r in con.execute(f'PRAGMA foreign_key_list("{t}")')}
        assert {("records", "item", "items"), ("projects", "enterprise", "enterprises"), ("ratings", "uscc", "enterprises"),
                ("ratings", "authority", "authorities"), ("enterprises", "region", "regions"),
                ("regions", "parent", "regions")} <= fks
        indexed = {(t, r[2]) for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                   for idx in con.execute(f'PRAGMA index_list("{t}")') for r in con.execute(f'PRAGMA index_info("{idx[1]}")')}
        for table, column, _ref in fks:  # every join column has an index
            assert (table, column) in indexed, (table, column)
        assert ("records", "subject") in indexed
        meta = dict(con.execute("SELECT key, value FROM metadata"))
        assert meta["as_of"] == "2026-12-28" and meta["rulebook"] == "henan" and meta["license"] == "CC-BY-4.0"
        assert meta["platform"] == "河南省物业服务企业信用信息管理平台（规则测试）" and "generator_version" in meta
        # one type for a level: both are numbers under the stars scheme
        types = {t: {r[1]: r[2] for r in con.execute(f'PRAGMA table_info("{t}")')} for t in ("enterprises", "ratings")}
        assert types["enterprises"]["level"] == types["ratings"]["level"] == "INTEGER"
        summary = {r[0]: r[1:] for r in con.execute(
            "SELECT uscc, level, level_status, bad_a, bad_b, bad_c, good FROM enterprise_summary")}
        # fixture records public on 2026-12-28: E1 has B-class 410105-2026-0001, -0006, -0007 and six good ones;
        # E4 has A-class 410105-2026-0010 and B-class -0011, and its 2026 rating is vetoed (第十四条)
        assert summary[E1] == (2, "rated", 0, 3, 0, 6)
        assert summary[E4] == (None, "vetoed", 1, 1, 0, 0)
        named = dict(con.execute("SELECT id, project_name FROM records_named WHERE subject = ? AND project IS NOT NULL",
                                 (E1,)))
        assert named["410105-2026-0001"] == "恒信花园"
    finally:
        con.close()


def test_frictionless_validates_the_package_with_its_code_lists_and_foreign_keys(data: Path) -> None:
    desc = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in desc["resources"]] == TABLES
    records = next(r for r in desc["resources"] if r["name"] == "records")
    assert {"fields": ["item"], "reference": {"resource": "items", "fields": ["code"]}} in records["schema"]["foreignKeys"]
    proc = subprocess.run([str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], cwd=data,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    report = json.loads(proc.stdout)
    assert report["valid"], proc.stdout[:2000]


def test_frictionless_finds_a_broken_foreign_key(data: Path, tmp_path: Path) -> None:
    """The foreign keys are checked, not only declared: a record on an item the rulebook lacks fails."""
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    text = (copy / "records.csv").read_text(encoding="utf-8-sig").replace(",market.1.18,", ",market.1.99,", 1)
    (copy / "records.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    desc = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for r in desc["resources"]:
        r.pop("hash", None)
        r.pop("bytes", None)
    (copy / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], cwd=copy,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    report = json.loads(proc.stdout)
    assert not report["valid"] and "foreign-key" in proc.stdout


def test_datasette_serves_the_file_with_its_metadata_and_facets(data: Path) -> None:
    def get(path: str) -> dict[str, object]:
        proc = subprocess.run([str(BIN / "datasette"), "credit.sqlite", "-m", "datasette.json", "--get", path],
                              cwd=data, capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return json.loads(proc.stdout)  # type: ignore[no-any-return]

    facets = get("/credit/records.json?_facet=class&_facet=kind&_shape=objects")
    classes = {f["value"]: f["count"] for f in facets["facet_results"]["class"]["results"]}  # type: ignore[index]
    # 19 public records: 13 good, 5 B-class, 1 A-class (tests/test_open_data.py works the set out)
    assert classes == {"B": 5, "A": 1}
    kinds = {f["value"]: f["count"] for f in facets["facet_results"]["kind"]["results"]}  # type: ignore[index]
    assert kinds == {"good": 13, "bad": 6}
    meta = get("/-/metadata.json")
    assert meta["license"] == "CC-BY-4.0"
    tables = meta["databases"]["credit"]["tables"]  # type: ignore[index]
    assert tables["enterprises"]["title"] == "物业服务企业基本信息"  # type: ignore[index]
    assert tables["records"]["columns"]["class"].startswith("不良信息类别")  # type: ignore[index]
    summary = get(f"/credit/enterprise_summary.json?uscc={E4}&_shape=objects")
    assert summary["rows"] == [{"uscc": E4, "name": summary["rows"][0]["name"], "region": "410105",  # type: ignore[index]
                                "region_name": "金水区", "level": None, "level_status": "vetoed", "level_year": 2026,
                                "severe": 1, "bad_a": 1, "bad_b": 1, "bad_c": 0, "good": 0}]


def test_the_archive_explains_itself(data: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(data / "credit-data-2026-12-28.zip") as zf:
        zf.extractall(tmp_path)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    for part in ("数据日期 2026-12-28", "第十一条", "怎样引用", "English summary", "Cite as", "codes", "LICENSE.txt"):
        assert part in readme, part
    for table in TABLES:
        assert f"### {table}：" in readme and f"- `{table}`:" in readme
    assert "| level_status | string |" in readme
    licence = (tmp_path / "LICENSE.txt").read_text(encoding="utf-8")
    assert licence.startswith("Creative Commons Attribution 4.0 International") and "Section 1 – Definitions" in licence
    # unzipped, the package is complete and valid offline (its descriptor's paths are relative)
    desc = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert all(not r["path"].startswith("http") for r in desc["resources"])
    proc = subprocess.run([str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert json.loads(proc.stdout)["valid"]


def test_with_a_site_url_every_link_off_the_site_is_absolute(tmp_path: Path) -> None:
    records = copy_tree(HENAN_TREE, tmp_path / "records")
    platform = records / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8") + "site_url: https://credit.example.gov.cn\n",
                        encoding="utf-8")
    out = tmp_path / "out"
    build(records, out, AS_OF)
    site = "https://credit.example.gov.cn"
    desc = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in desc["resources"]] == [f"{site}/data/{t}.csv" for t in TABLES]
    assert desc["homepage"] == site
    with zipfile.ZipFile(out / "data" / "credit-data-2026-12-28.zip") as zf:
        inner = json.loads(zf.read("datapackage.json"))
    assert [r["path"] for r in inner["resources"]] == [f"{t}.csv" for t in TABLES]
    assert f"Sitemap: {site}/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text or "" for e in ElementTree.parse(out / "sitemap.xml").getroot().iterfind(".//s:loc", ns)]
    assert locs and all(loc.startswith(site + "/") for loc in locs)
    feed = ElementTree.parse(out / "feeds" / "records.atom.xml").getroot()
    atom = {"a": "http://www.w3.org/2005/Atom"}
    selfs = [e.get("href") for e in feed.iterfind("a:link", atom) if e.get("rel") == "self"]
    assert selfs == [f"{site}/feeds/records.atom.xml"]


def test_without_a_site_url_the_build_says_so(tmp_path: Path) -> None:
    records = copy_tree(HENAN_TREE, tmp_path / "records")
    proc = subprocess.run([str(BIN / "credit"), "build", "--records", str(records), "--output", str(tmp_path / "o"),
                           "--as-of", "2026-12-28", "--quiet"], capture_output=True, text=True, encoding="utf-8",
                          timeout=300)
    assert proc.returncode == 0 and "没有 site_url" in proc.stderr
