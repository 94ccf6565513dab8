"""Open data (DESIGN §7) built from the hand-written trees tests/fixtures/rules/{henan,hulunbuir}.

Every expected row below is worked out by hand from the fixture files and the measures; the comments give
the arithmetic. The henan tree is built as of Mon 2026-12-28:

* 410105 (county) published Tue 2026-12-15, notice_until by default the 7th working day after = Thu 2026-12-24
  → final on 12-28; 410100 (city) published 12-16, notice_until 12-31 → notice; 410000 (province) published
  Fri 12-18, default 7th working day after = Tue 12-29 (21, 22, 23, 24, 25, 28, 29) → notice.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from rules_helpers import E1, E2, E3, E4, H1, H2, H3, H4, H5, HENAN_TREE, HULUNBUIR_TREE, copy_tree, read_tree

from generator.commands.build import build
from generator.records.problems import RecordsInvalid

REPO = Path(__file__).parent.parent
FRICTIONLESS = REPO / ".venv" / "bin" / "frictionless"
AS_OF = dt.date(2026, 12, 28)

# DESIGN §7, typed out by hand (with the columns added 2026-11-30 and issue 15's level_status, appended)
HEADERS = {
    "enterprises": ["uscc", "name", "former_names", "legal_representative", "region", "region_name",
                    "address", "established", "hotline", "projects", "level", "level_year", "severe", "level_status"],
    "projects": ["enterprise", "id", "name", "region", "address", "since", "until", "manager"],
    "persons": ["id", "name"],
    "records": ["id", "subject", "kind", "class", "category", "item", "count", "points", "summary",
                "decision_authority", "decision_level", "document", "decision_kind", "effective",
                "public_until", "objection", "project", "item_text"],
    "ratings": ["year", "uscc", "authority", "scope", "published", "notice_until", "status", "vetoed",
                "market", "safety", "red", "smart", "social", "stars", "level"],
    "grades": ["year", "uscc", "authority", "published", "score", "grade", "red_list", "black_list"],
    "items": ["code", "category", "section", "text", "points", "veto", "category_name", "section_name", "points_min",
              "points_max", "max", "unit"],
    "regions": ["code", "name", "parent", "kind"],
    "authorities": ["code", "name", "level", "address", "phone", "email"],
    "codes": ["list", "code", "label"],
}
DATE_COLUMNS = {"enterprises": ["established"], "projects": ["since", "until"], "records": ["effective",
                "public_until"], "ratings": ["published", "notice_until"], "grades": ["published"]}
BOOL_COLUMNS = {"enterprises": ["severe"], "records": ["objection"], "ratings": ["vetoed"],
                "grades": ["red_list", "black_list"], "items": ["veto"]}

# Records of the henan tree that are NOT public on 2026-12-28, and why (DESIGN §5)
HIDDEN = {
    "410103-2025-0001": "C refusing, 6 + 6 months from 2025-09-26 → through 2026-09-26",
    "410103-2025-0002": "6 months from 2025-08-31 → through 2026-02-28",
    "410103-2026-0002": "objection filed 2026-12-21 with suspend, pending",
    "410105-2025-0001": "12 months from 2025-11-03 → through 2026-11-03",
    "410105-2026-0002": "repaired 2026-06-05",
    "410105-2026-0003": "C class, not refusing correction",
    "410105-2026-0008": "3 months from 2026-06-15 → through 2026-09-15",
}
HIDDEN_SUMMARIES = ["不应出现在网站上"]  # every hidden record's summary carries this phrase


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 byte-order mark"
    text = raw[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    return header, [dict(zip(header, r, strict=True)) for r in body]


@pytest.fixture(scope="module")
def henan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("henan")
    records = copy_tree(HENAN_TREE, base / "records")
    out = base / "out"
    build(records, out, AS_OF, pages=False)
    return out


@pytest.fixture(scope="module")
def hulunbuir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hulunbuir")
    records = copy_tree(HULUNBUIR_TREE, base / "records")
    out = base / "out"
    build(records, out, dt.date(2026, 2, 25), pages=False)
    return out


# ---- CSV format ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", list(HEADERS))
def test_csv_header_is_the_contract(henan: Path, table: str) -> None:
    header, _ = read_csv(henan / "data" / f"{table}.csv")
    assert header == HEADERS[table]


@pytest.mark.parametrize("table", list(HEADERS))
def test_csv_booleans_and_dates(henan: Path, table: str) -> None:
    _, rows = read_csv(henan / "data" / f"{table}.csv")
    for row in rows:
        for col in BOOL_COLUMNS.get(table, []):
            assert row[col] in ("true", "false"), (table, col, row[col])
        for col in DATE_COLUMNS.get(table, []):
            assert row[col] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[col]), (table, col, row[col])
            if row[col]:
                dt.date.fromisoformat(row[col])


def test_empty_table_still_has_its_header(henan: Path, hulunbuir: Path) -> None:
    # henan has no grades; hulunbuir has no ratings and no credit records
    for path, table in ((henan, "grades"), (hulunbuir, "ratings"), (hulunbuir, "records")):
        raw = (path / "data" / f"{table}.csv").read_bytes()
        assert raw == b"\xef\xbb\xbf" + ",".join(HEADERS[table]).encode() + b"\r\n"


def test_crlf_and_utf8_declared(henan: Path) -> None:
    desc = json.loads((henan / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        assert res["encoding"] == "utf-8"
        assert res["path"] == f"{res['name']}.csv"
    assert [r["name"] for r in desc["resources"]] == list(HEADERS)


# ---- rows, worked out by hand --------------------------------------------------------------------------


def test_enterprise_rows(henan: Path) -> None:
    _, rows = read_csv(henan / "data" / "enterprises.csv")
    by = {r["uscc"]: r for r in rows}
    assert sorted(by) == sorted([E1, E2, E3, E4])
    assert by[E1] == {
        "uscc": E1, "name": "郑州恒信物业服务有限公司", "former_names": "郑州恒信物业管理有限公司",
        "legal_representative": "王某", "region": "410105", "region_name": "金水区",
        "address": "郑州市金水区花园路1号", "established": "2012-05-08", "hotline": "0371-65550000",
        "projects": "2",  # hengxin-garden, jinshui-court active; old-yard ended 2020-06-30
        "level": "2", "level_year": "2026", "severe": "false", "level_status": "rated",
    }
    # E4's 2026 rating is vetoed (第十四条): no level, and the row says why (issue 15)
    assert (by[E4]["level"], by[E4]["level_status"]) == ("", "vetoed")
    assert by[E2]["projects"] == "3" and by[E2]["level"] == "2" and by[E2]["severe"] == "false"
    assert by[E3]["projects"] == "2" and by[E3]["level"] == "3" and by[E3]["region_name"] == "济源市"
    # E4: vetoed (第十四条) → no level; a public A-class record → severe
    assert by[E4]["projects"] == "0" and by[E4]["level"] == "" and by[E4]["severe"] == "true"
    assert by[E4]["hotline"] == "" and by[E4]["former_names"] == ""


def test_rating_rows(henan: Path) -> None:
    _, rows = read_csv(henan / "data" / "ratings.csv")
    by = {r["uscc"]: r for r in rows}
    assert sorted(by) == sorted([E1, E2, E3, E4])
    # E1, 金水区 (county): two active projects, both in 410105.
    #  market 100 − 10×2 (一.18) − 1 (C, 一.13, 第十四条)
    #         + 4 (deed hx-2026-model: city 3 / province 4 → 4) = 83 ★
    #    (410105-2026-0002 repaired 06-05 ≤ cutoff; 410105-2026-0007 entered 12-11 > cutoff;
    #     the 2025 record is not 2026)
    #  safety 100 − 7 (四, chosen 7) = 93 ★
    #  red 5 (1.1) + 4 (1.2 −1) + 0 (2.1 absent) + 3 (3.1) + 1 (4.8: 3 − 2) = 13
    #  smart 1.5 + 8 (1.x) + 10 (2.x) + 10 (3.x) + 14 (4.x) + 6 (5.1: 6+3 → 6) + 6 (5.2: 12 → 6) + 3 (5.3)
    #        + 6 (5.4) + 8 (6.1: 10 − 2) + 2 (7.1) + 0 (7.2 absent) + 3 (7.3) + 2 (county award)
    #        = 79.5 (no star)
    #  social 50 + (8 + 4 → cap 8) + 1 × 2 (social.7) = 60
    #  stars 2 → level 2
    assert by[E1] == {
        "year": "2026", "uscc": E1, "authority": "410105", "scope": "county", "published": "2026-12-15",
        "notice_until": "2026-12-24", "status": "final", "vetoed": "false", "market": "83", "safety": "93",
        "red": "13", "smart": "79.5", "social": "60", "stars": "2", "level": "2",
    }
    # E2, 郑州市 (city): 二七区 ×2 + 金水区; three communities.
    #  market 100 − 3 (三.5; suspended publication after the cutoff still counts) = 97 ★
    #  safety 100 − 10 (三.2) = 90 ★
    #  smart (> 2 communities: 4 / 2): 5.1 4 + 2 = 6; 5.2 8 → 6; 5.3 2; 7.1 5 → 4 = 18
    #  red not rated; social 50
    assert by[E2] == {
        "year": "2026", "uscc": E2, "authority": "410100", "scope": "city", "published": "2026-12-16",
        "notice_until": "2026-12-31", "status": "notice", "vetoed": "false", "market": "97", "safety": "90",
        "red": "", "smart": "18", "social": "50", "stars": "2", "level": "2",
    }
    # E3, 省厅 (province): 济源 + 金水区.
    #  market 100 + 5 → 100 ★; safety 100 ★; social 50 + 8 + 8 + 5 + 4 + 3 + 2 = 80 ★ → level 3
    assert by[E3] == {
        "year": "2026", "uscc": E3, "authority": "410000", "scope": "province", "published": "2026-12-18",
        "notice_until": "2026-12-29", "status": "notice", "vetoed": "false", "market": "100", "safety": "100",
        "red": "", "smart": "", "social": "80", "stars": "3", "level": "3",
    }
    # E4: A-class 410105-2026-0010 public on the cutoff → 不予星级评定
    e4 = by[E4]
    assert (e4["authority"], e4["scope"], e4["vetoed"], e4["stars"], e4["level"]) == (
        "410105", "county", "true", "", "")


def test_record_rows(henan: Path) -> None:
    _, rows = read_csv(henan / "data" / "records.csv")
    by = {r["id"]: r for r in rows}
    public = {
        "410000-2026-0001", "410000-2026-0002", "410000-2026-0003", "410000-2026-0004", "410000-2026-0005",
        "410000-2026-0006", "410100-2026-0001", "410103-2026-0001", "410105-2026-0001", "410105-2026-0004",
        "410105-2026-0006", "410105-2026-0007", "410105-2026-0009", "410105-2026-0010", "410105-2026-0011",
        "410105001-2026-0001", "419001-2026-0001", "419001-2026-0002", "419001-2026-0003",
    }
    assert set(by) == public
    assert by["410105-2026-0001"] == {
        "id": "410105-2026-0001", "subject": E1, "kind": "bad", "class": "B", "category": "market",
        "item": "market.1.18", "count": "2", "points": "10",
        "summary": "未按规定公示物业服务收费标准和公共收益情况（两次）",
        "decision_authority": "郑州市金水区住房和城乡建设局", "decision_level": "county",
        "document": "金建罚决字〔2026〕第12号", "decision_kind": "penalty", "effective": "2026-03-02",
        "public_until": "2027-03-02",  # + 12 months
        "objection": "false",          # resolved 2026-03-18
        "project": "hengxin-garden",   # the record file's project
        # 附件1 一.18, as the seed words it (without its number and the trailing "；10分/次")
        "item_text": "未按规定公示物业服务相关信息（企业及其项目负责人的基本情况、联系方式、服务投诉电话；物业服务合同约定的"
                     "服务内容、服务标准以及收费项目、收费标准等情况；电梯、水、电、气、暖等设施设备日常维修保养单位的名称、"
                     "资质、联系方式及维护保养情况；业主交纳物业服务费用情况、公共水电分摊费用情况、物业共用部位、共用设施设备"
                     "经营所得收益和支出情况；物业服务区域内公共车位、共用车库经营所得收益和支出情况；其他需要公示的信息）的",
    }
    r = by["410103-2026-0001"]
    # objection filed 2026-12-22, pending, not suspended → shown with the flag (第十七条)
    assert (r["points"], r["public_until"], r["objection"]) == ("10", "2027-05-11", "true")
    assert by["410105-2026-0006"]["points"] == "7"          # 附件2 四, chosen
    assert by["410105-2026-0006"]["public_until"] == "2027-01-06"
    assert by["410105-2026-0007"]["public_until"] == "2027-06-08"  # public though not counted in 2026
    g = by["410000-2026-0001"]  # provincial market award: 4 per occurrence, good 36 months
    assert (g["kind"], g["class"], g["points"], g["decision_kind"], g["public_until"]) == (
        "good", "", "4", "", "2029-06-10")
    s7 = by["410105001-2026-0001"]  # 附件5 七: 1 分/个 × 2
    assert (s7["category"], s7["item"], s7["count"], s7["points"], s7["public_until"]) == (
        "social", "social.7", "2", "1", "2029-07-01")
    a = by["410105-2026-0010"]
    assert (a["class"], a["item"], a["public_until"]) == ("A", "market.1.6", "2029-02-02")


def test_project_and_person_rows(henan: Path) -> None:
    _, projects = read_csv(henan / "data" / "projects.csv")
    assert len(projects) == 9  # E1 3 + E2 3 + E3 2 + E4 1
    old = next(p for p in projects if p["id"] == "old-yard")
    assert (old["enterprise"], old["since"], old["until"], old["manager"]) == (
        E1, "2014-03-01", "2020-06-30", "")
    _, persons = read_csv(henan / "data" / "persons.csv")
    assert {p["id"]: p["name"] for p in persons} == {
        "P-410103-0001": "李某", "P-410105-0001": "张某", "P-410105-0002": "王某"}


# ---- nothing non-public leaks (DESIGN §5, §9) ------------------------------------------------------------


def _all_text(out: Path) -> dict[str, bytes]:
    files = read_tree(out)
    for name, data in list(files.items()):
        if name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for member in zf.namelist():
                    files[f"{name}!{member}"] = zf.read(member)
    return files


def test_nothing_non_public_leaks(henan: Path) -> None:
    files = _all_text(henan)
    needles = [rid.encode() for rid in HIDDEN] + [s.encode() for s in HIDDEN_SUMMARIES]
    for name, data in files.items():
        for needle in needles:
            assert needle not in data, f"{needle.decode()} leaks through {name}"
        assert not any(rid in name for rid in HIDDEN)


# ---- the data package ------------------------------------------------------------------------------------


def _frictionless(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8",
           "LANG": "C.UTF-8", "NO_COLOR": "1"}
    return subprocess.run([str(FRICTIONLESS), "validate", str(path)], capture_output=True, encoding="utf-8",
                          errors="replace", timeout=300, cwd=path.parent, env=env)


@pytest.mark.parametrize("which", ["henan", "hulunbuir"])
def test_frictionless_validate(which: str, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(which)
    proc = _frictionless(out / "data" / "datapackage.json")
    text = proc.stdout + proc.stderr
    assert proc.returncode == 0, text
    assert "VALID" in text
    assert "INVALID" not in text
    assert "error" not in text.lower()


def test_every_resource_hash_and_bytes_match(henan: Path) -> None:
    desc = json.loads((henan / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert len(desc["resources"]) == 10  # six data tables and four code lists
    for res in desc["resources"]:
        data = (henan / "data" / res["path"]).read_bytes()
        assert res["bytes"] == len(data)
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_licence_and_version(henan: Path, hulunbuir: Path) -> None:
    desc = json.loads((henan / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [lic["name"] for lic in desc["licenses"]] == ["CC-BY-4.0"]  # platform.yaml
    assert desc["version"] == "2026-12-28"
    desc2 = json.loads((hulunbuir / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [lic["name"] for lic in desc2["licenses"]] == ["CC0-1.0"]
    assert desc2["version"] == "2026-02-25"


def test_zip_is_dated_and_holds_the_package(henan: Path) -> None:
    zips = sorted(p.name for p in (henan / "data").glob("*.zip"))
    assert zips == ["credit-data-2026-12-28.zip"]
    with zipfile.ZipFile(henan / "data" / zips[0]) as zf:
        names = set(zf.namelist())
        assert {f"{t}.csv" for t in HEADERS} | {"datapackage.json"} <= names
        for t in HEADERS:
            assert zf.read(f"{t}.csv") == (henan / "data" / f"{t}.csv").read_bytes()
        assert zf.read("datapackage.json") == (henan / "data" / "datapackage.json").read_bytes()


def test_sqlite_has_the_six_tables_with_the_same_rows(henan: Path) -> None:
    con = sqlite3.connect(henan / "data" / "credit.sqlite")
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == set(HEADERS) | {"metadata"}
        for t in HEADERS:
            _, rows = read_csv(henan / "data" / f"{t}.csv")
            (n,) = con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()
            assert n == len(rows), t
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
            assert cols == HEADERS[t]
        # hand-worked: E1's smart score 79.5 and E4's veto
        (smart,) = con.execute('SELECT smart FROM ratings WHERE uscc = ?', (E1,)).fetchone()
        assert smart == 79.5
        (vetoed,) = con.execute('SELECT vetoed FROM ratings WHERE uscc = ?', (E4,)).fetchone()
        assert vetoed == 1
    finally:
        con.close()


def test_json_tables_match_csv_rows(henan: Path) -> None:
    for t in HEADERS:
        _, rows = read_csv(henan / "data" / f"{t}.csv")
        doc = json.loads((henan / "data" / f"{t}.json").read_text(encoding="utf-8"))
        assert len(doc) == len(rows)
        assert all(list(r) == HEADERS[t] for r in doc)


def test_api_document_for_every_enterprise(henan: Path) -> None:
    api = henan / "api" / "enterprises"
    assert sorted(p.name for p in api.iterdir()) == sorted(f"{u}.json" for u in (E1, E2, E3, E4))
    doc = json.loads((api / f"{E1}.json").read_text(encoding="utf-8"))
    assert doc["uscc"] == E1 and doc["as_of"] == "2026-12-28"
    assert sorted(r["id"] for r in doc["records"]) == [
        "410000-2026-0001", "410000-2026-0002", "410100-2026-0001", "410105-2026-0001", "410105-2026-0004",
        "410105-2026-0006", "410105-2026-0007", "410105-2026-0009", "410105001-2026-0001"]
    (rating,) = doc["ratings"]
    assert rating["level"] == 2
    assert [ms["article"] for ms in rating["measures"]] == ["第十五条第（二）项"]
    e3 = json.loads((api / f"{E3}.json").read_text(encoding="utf-8"))
    (r3,) = e3["ratings"]
    # level 3 → 第十五条（一）激励措施, one year from published 2026-12-18 → 2027-12-18
    assert [(ms["article"], ms["until"]) for ms in r3["measures"]] == [("第十五条第（一）项", "2027-12-18")]
    e4 = json.loads((api / f"{E4}.json").read_text(encoding="utf-8"))
    (r4,) = e4["ratings"]
    assert r4["vetoed"] is True and r4["level"] is None
    assert [ms["article"] for ms in r4["measures"]] == ["第十五条第（四）项"]


# ---- dates move the output (month end, extension) -------------------------------------------------------


def _records_at(tmp: Path, day: dt.date, name: str) -> dict[str, dict[str, str]]:
    out = tmp / name
    build(tmp / "records", out, day, pages=False)
    _, rows = read_csv(out / "data" / "records.csv")
    return {r["id"]: r for r in rows}


def test_record_through_february_28(tmp_path: Path) -> None:
    # 410103-2025-0002: effective 2025-08-31 + 6 months → 2026-02-28 (no 31st in February)
    copy_tree(HENAN_TREE, tmp_path / "records")
    on = _records_at(tmp_path, dt.date(2026, 2, 28), "a")
    assert on["410103-2025-0002"]["public_until"] == "2026-02-28"
    after = _records_at(tmp_path, dt.date(2026, 3, 1), "b")
    assert "410103-2025-0002" not in after


def test_extension_shows_from_its_decision(tmp_path: Path) -> None:
    # 410103-2025-0001: 2025-09-26 + 6 → 2026-03-26; extended by 6 on 2026-03-20 → 2026-09-26
    copy_tree(HENAN_TREE, tmp_path / "records")
    rid = "410103-2025-0001"
    assert _records_at(tmp_path, dt.date(2026, 3, 19), "a")[rid]["public_until"] == "2026-03-26"
    assert _records_at(tmp_path, dt.date(2026, 3, 20), "b")[rid]["public_until"] == "2026-09-26"
    assert "410103-2025-0001" not in _records_at(tmp_path, dt.date(2026, 9, 27), "c")


def test_ratings_appear_from_published(tmp_path: Path) -> None:
    copy_tree(HENAN_TREE, tmp_path / "records")
    out = tmp_path / "out"
    build(tmp_path / "records", out, dt.date(2026, 12, 14), pages=False)
    _, rows = read_csv(out / "data" / "ratings.csv")
    assert rows == []
    build(tmp_path / "records", out, dt.date(2026, 12, 15), pages=False)
    _, rows = read_csv(out / "data" / "ratings.csv")
    # only 410105's list (E1, E4) is published on 12-15; the city's on 12-16, the province's on 12-18
    assert sorted((r["uscc"], r["status"]) for r in rows) == [(E4, "notice"), (E1, "notice")]


# ---- hulunbuir grades ------------------------------------------------------------------------------------


def test_grade_rows(hulunbuir: Path) -> None:
    _, rows = read_csv(hulunbuir / "data" / "grades.csv")
    got = [(r["uscc"], r["score"], r["grade"], r["red_list"], r["black_list"]) for r in rows]
    assert got == [
        (H1, "120", "AAA", "true", "false"),     # 60 + 60; conditions 1, 3, 4
        (H2, "119.5", "AA", "false", "false"),   # 59.5 + 60: AA, not red however many conditions
        (H3, "59", "D", "false", "true"),        # repaired 02-12 → off from 02-26; 02-25 still on
        (H4, "40", "D", "false", "true"),        # severe
        (H5, "125", "AAA", "true", "false"),     # removed 03-10, not yet
    ]
    assert all((r["year"], r["authority"], r["published"]) == ("2025", "150702", "2026-02-10") for r in rows)
    _, ents = read_csv(hulunbuir / "data" / "enterprises.csv")
    by = {e["uscc"]: e for e in ents}
    assert by[H1]["level"] == "AAA" and by[H1]["level_year"] == "2025"
    assert by[H4]["severe"] == "true" and by[H3]["severe"] == "false"


def test_grades_move_with_the_date(tmp_path: Path) -> None:
    copy_tree(HULUNBUIR_TREE, tmp_path / "records")

    def grades(day: dt.date, name: str) -> dict[str, tuple[str, str]]:
        build(tmp_path / "records", tmp_path / name, day, pages=False)
        _, rows = read_csv(tmp_path / name / "data" / "grades.csv")
        return {r["uscc"]: (r["red_list"], r["black_list"]) for r in rows}

    assert grades(dt.date(2026, 2, 9), "before") == {}  # published 2026-02-10
    assert len(grades(dt.date(2026, 2, 10), "published")) == 5  # from the published day on
    on_26 = grades(dt.date(2026, 2, 26), "feb26")
    assert on_26[H3] == ("false", "false") and on_26[H4] == ("false", "true")
    on_0309 = grades(dt.date(2026, 3, 9), "mar9")
    assert on_0309[H5] == ("true", "false")
    on_0310 = grades(dt.date(2026, 3, 10), "mar10")
    assert on_0310[H5] == ("false", "false") and on_0310[H1] == ("true", "false")


# ---- atomic and deterministic builds (DESIGN §1, §7, §9) -------------------------------------------------


def test_failed_build_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    records = copy_tree(HENAN_TREE, tmp_path / "records")
    out = tmp_path / "site"
    build(records, out, AS_OF, pages=False)
    before = read_tree(out)
    siblings = sorted(p.name for p in tmp_path.iterdir())
    bad = records / "credit" / "2026" / "410105-2026-0006.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("points: 7", "points: 11"), encoding="utf-8")
    with pytest.raises(RecordsInvalid):
        build(records, out, AS_OF, pages=False)
    assert read_tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no half-written sibling left


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    records = copy_tree(HENAN_TREE, tmp_path / "records")
    build(records, tmp_path / "one", AS_OF, pages=False)
    time.sleep(2.1)  # the clock must not reach the output (zip timestamps have a 2-second resolution)
    build(records, tmp_path / "two", AS_OF, pages=False)
    one, two = read_tree(tmp_path / "one"), read_tree(tmp_path / "two")
    assert sorted(one) == sorted(two)
    for name in one:
        assert one[name] == two[name], f"{name} differs between two builds"


def test_rebuild_in_place_is_byte_identical(tmp_path: Path) -> None:
    records = copy_tree(HENAN_TREE, tmp_path / "records")
    build(records, tmp_path / "site", AS_OF, pages=False)
    first = read_tree(tmp_path / "site")
    build(records, tmp_path / "site", AS_OF, pages=False)
    assert read_tree(tmp_path / "site") == first


def test_one_rating_per_enterprise_and_year(tmp_path: Path) -> None:
    """第十三条: 信用评价一年开展一次. When an enterprise's scope changes between two authorities' cutoffs
    in one year, it must not be rated twice: either validate reports the conflict, or the build keeps one
    rating.
    (Found as a crash — sqlite3.IntegrityError on the ratings primary key — with records validate accepted;
    validate now reports it.)"""
    records = copy_tree(HENAN_TREE, tmp_path / "records")
    # E2's 金水 project now starts 2026-06-01: on 2026-03-01 E2 manages only in 二七区 (county 410103),
    # on 2026-12-10 in 二七区 and 金水区 (city 410100). 二七区 holds an early evaluation (cutoff 2026-03-01).
    ent = records / "enterprises" / f"{E2}.yaml"
    ent.write_text(ent.read_text(encoding="utf-8").replace("since: 2023-07-01", "since: 2026-06-01"),
                   encoding="utf-8")
    early = records / "evaluations" / "2026" / "410103"
    early.mkdir(parents=True)
    (early / "evaluation.yaml").write_text(
        "cutoff: 2026-03-01\npublished: 2026-03-10\nnotice_until: 2026-03-31\n", encoding="utf-8")
    from generator.day.validate import validate

    rs, problems = validate(records, AS_OF)
    if rs is None:  # the conflict reported as a record problem is a correct outcome too
        assert any("410103" in p.message or "410100" in p.message for p in problems)
        return
    build(records, tmp_path / "out", AS_OF, pages=False)
    _, rows = read_csv(tmp_path / "out" / "data" / "ratings.csv")
    keys = [(r["year"], r["uscc"]) for r in rows]
    assert len(keys) == len(set(keys))
