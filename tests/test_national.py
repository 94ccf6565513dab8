"""``credit national`` (issue 17): three deployments built here, merged from their public data packages only.

* 河南 — ``python -m tools.fakedata tree`` with seed 1 (20 enterprises, 60 records);
* 湖北 — the same with seed 2, moved to the 42… codes (regions, authorities, persons, records, the region digits
  of every USCC with its check character; 河南省 → 湖北省): two Henan trees number persons and records by the
  same counties, and two real provinces do not;
* 呼伦贝尔 — ``examples/hulunbuir/records`` (grades, no ratings, no public records).

Expectations come from the inputs: the region trees (410000 has 18 cities under it; the Hulunbuir table is
150000 → 150700 alone → four districts, so that deployment is 150700), the record files, and the provincial CSVs
read back with the ``csv`` module.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from national_trees import move_province
from stdnum.cn import uscc as stdnum_uscc

from generator.commands import cli
from generator.publish.data.tables import TABLES

REPO = Path(__file__).parent.parent
AS_OF = "2026-11-22"
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
NODE = shutil.which("node")
SEARCH_JS = REPO / "generator" / "publish" / "national" / "national.js"

SITES = {"henan": "https://henan.example.gov.cn", "hubei": "https://hubei.example.gov.cn/credit",
         "hulunbuir": "https://hlbe.example.gov.cn"}
REGIONS = {"henan": ("410000", "河南省"), "hubei": ("420000", "湖北省"), "hulunbuir": ("150700", "呼伦贝尔市")}
RULEBOOKS = {"henan": "henan", "hubei": "henan", "hulunbuir": "hulunbuir"}


# ---- three deployments ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """name → (records tree, its public data package)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from generator.commands.build import build
    from tools.fakedata.tree import synth

    root = tmp_path_factory.mktemp("national")
    trees = {"henan": root / "henan-records", "hubei": root / "hubei-records", "hulunbuir": root / "hulunbuir-records"}
    synth(20, 60, 1, trees["henan"])
    synth(20, 60, 2, root / "seed-2")
    move_province(root / "seed-2", trees["hubei"])
    shutil.copytree(REPO / "examples" / "hulunbuir" / "records", trees["hulunbuir"])
    out = {}
    for name, records in trees.items():
        with (records / "platform.yaml").open("a", encoding="utf-8") as fh:
            fh.write(f"site_url: {SITES[name]}\n")
        site = root / f"{name}-site"
        build(records, site, dt.date.fromisoformat(AS_OF), pages=False)
        out[name] = (records, site / "data")
    return out


@pytest.fixture(scope="module")
def national(built: dict[str, tuple[Path, Path]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("national-out") / "site"
    assert cli.main(["national", "--output", str(out), *(str(pkg) for _r, pkg in built.values())]) == 0
    return out


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
    return rows[0], rows[1:]


def enterprise_files(records: Path) -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted((records / "enterprises").glob("*.yaml"))]


# ---- the merge ----------------------------------------------------------------------------------------------


def test_the_three_trees_are_disjoint(built: dict[str, tuple[Path, Path]]) -> None:
    henan, hubei = built["henan"][0], built["hubei"][0]
    for folder in ("enterprises", "persons"):
        a = {p.name for p in (henan / folder).iterdir()}
        b = {p.name for p in (hubei / folder).iterdir()}
        assert a and b and not a & b
    assert all(uscc.startswith("9142") and stdnum_uscc.is_valid(uscc) for uscc, _e in enterprise_files(hubei))


def test_each_deployment_is_known_by_its_region(national: Path) -> None:
    header, rows = read_csv(national / "data" / "provinces.csv")
    assert header == ["code", "name", "platform", "rulebook", "as_of", "license", "site_url"]
    got = {r[0]: (r[1], r[3], r[4], r[6]) for r in rows}
    assert got == {code: (name, RULEBOOKS[k], AS_OF, SITES[k]) for k, (code, name) in REGIONS.items()}
    assert [r[0] for r in rows] == sorted(got)  # in code order, whatever the order of the arguments


def test_row_counts_are_the_provinces_sums(built: dict[str, tuple[Path, Path]], national: Path) -> None:
    for table in TABLES:
        want = sum(len(read_csv(pkg / f"{table.name}.csv")[1]) for _r, pkg in built.values())
        assert len(read_csv(national / "data" / f"{table.name}.csv")[1]) == want, table.name
    # and the enterprises are every enterprise file of the three trees (all of them are public)
    files = sum(len(enterprise_files(records)) for records, _p in built.values())
    assert files == 20 + 20 + 15
    assert len(read_csv(national / "data" / "enterprises.csv")[1]) == files
    # a table empty in one deployment is fine: grades only under Hulunbuir, ratings only under Henan's rulebook
    assert read_csv(built["hulunbuir"][1] / "ratings.csv")[1] == [] and read_csv(built["henan"][1] / "grades.csv")[1] == []


def test_every_row_carries_its_province(built: dict[str, tuple[Path, Path]], national: Path) -> None:
    for table in TABLES:
        header, rows = read_csv(national / "data" / f"{table.name}.csv")
        assert header == ["province", *table.header]
        want: Counter[tuple[str, ...]] = Counter()
        for name, (_records, pkg) in built.items():
            want.update((REGIONS[name][0], *row) for row in read_csv(pkg / f"{table.name}.csv")[1])
        assert Counter(tuple(r) for r in rows) == want, table.name


def test_primary_keys_are_unique(national: Path) -> None:
    desc = json.loads((national / "data" / "datapackage.json").read_text(encoding="utf-8"))
    keys = {r["name"]: r["schema"]["primaryKey"] for r in desc["resources"]}
    assert keys["enterprises"] == ["uscc"] and keys["records"] == ["id"]  # unique across the country
    assert keys["items"] == ["province", "code"] and keys["regions"] == ["province", "code"]  # each deployment's own
    for name, key in keys.items():
        header, rows = read_csv(national / "data" / f"{name}.csv")
        idx = [header.index(k) for k in key]
        values = [tuple(r[i] for i in idx) for r in rows]
        assert len(values) == len(set(values)), name
    # the two Henan-rulebook deployments share item codes: once per deployment
    header, rows = read_csv(national / "data" / "items.csv")
    assert {r[0] for r in rows if r[1] == "market.1.21"} == {"410000", "420000"}


def test_frictionless_validates_the_national_package(national: Path) -> None:
    env = {**os.environ, "PYTHONUTF8": "1", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "NO_COLOR": "1"}
    path = national / "data" / "datapackage.json"
    proc = subprocess.run([str(FRICTIONLESS), "validate", str(path)], capture_output=True, encoding="utf-8",
                          errors="replace", timeout=300, cwd=path.parent, env=env)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 0, text
    assert "INVALID" not in text and "VALID" in text


def test_json_and_sqlite_hold_the_same_rows(national: Path) -> None:
    data = national / "data"
    con = sqlite3.connect(data / "credit.sqlite")
    try:
        for name in ("provinces", *(t.name for t in TABLES)):
            n = len(read_csv(data / f"{name}.csv")[1])
            assert len(json.loads((data / f"{name}.json").read_text(encoding="utf-8"))) == n, name
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == n, name
        records = con.execute("SELECT count(*) FROM records").fetchone()[0]
        assert records > 0
        # the view joins items within the record's deployment: one row per record, not one per deployment
        assert con.execute("SELECT count(*) FROM records_named").fetchone()[0] == records
        assert con.execute("SELECT count(*) FROM records_named WHERE category_name IS NULL").fetchone()[0] == 0
    finally:
        con.close()


def test_the_index_page_lists_each_deployment(built: dict[str, tuple[Path, Path]], national: Path) -> None:
    page = (national / "index.html").read_text(encoding="utf-8")
    for name, (code, region) in REGIONS.items():
        records, pkg = built[name]
        assert f"{region}<br><span class=\"muted\">{code}</span>" in page
        assert f'href="{SITES[name]}/"' in page and f'href="{SITES[name]}/data/datapackage.json"' in page
        n = len(enterprise_files(records))
        public = len(read_csv(pkg / "records.csv")[1])
        assert re.search(rf"<td>{AS_OF}</td>\s*<td class=\"n\">{n}</td>", page), name
        assert f'<td class="n">{public}</td>' in page
    assert (national / "search" / "index.html").is_file() and (national / "search" / "national.js").is_file()


# ---- the search ---------------------------------------------------------------------------------------------

HARNESS = r"""
const [js, dir, queries] = process.argv.slice(1);
const s = require(js);
const fs = require('node:fs');
const path = require('node:path');
const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
const load = async (n) => {
  const f = path.join(dir, n + '.json');
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : [];
};
(async () => {
  const out = {};
  for (const q of JSON.parse(fs.readFileSync(queries, 'utf8'))) out[q] = await s.search(q, meta, load);
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(2); });
"""


def search(index: Path, queries: list[str], tmp: Path) -> dict[str, Any]:
    """Run the page's own search function (national.js, in Node) over the written index."""
    if NODE is None:
        pytest.skip("needs node")
    (tmp / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([NODE, "-e", HARNESS, str(SEARCH_JS), str(index), str(tmp / "queries.json")],
                          capture_output=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    found: dict[str, Any] = json.loads(proc.stdout)
    return found


def test_search_finds_a_company_of_each_province_on_its_site(built: dict[str, tuple[Path, Path]], national: Path,
                                                             tmp_path: Path) -> None:
    wanted: dict[str, tuple[str, str]] = {}  # query → (USCC, link)
    for name, (records, _pkg) in built.items():
        uscc, ent = enterprise_files(records)[0]
        link = f"{SITES[name]}/enterprises/{uscc}/"
        wanted |= {ent["name"]: (uscc, link), uscc: (uscc, link), uscc[:8].lower(): (uscc, link)}
    hlbe = next((u, e["name"]) for u, e in enterprise_files(built["hulunbuir"][0]) if e["name"].startswith("呼伦贝尔"))
    trade = hlbe[1].removeprefix("呼伦贝尔")  # the name without the place name it starts with
    wanted[trade[:4]] = (hlbe[0], f"{SITES['hulunbuir']}/enterprises/{hlbe[0]}/")
    former = next((u, e["former_names"][0]) for u, e in enterprise_files(built["hubei"][0]) if e.get("former_names"))
    wanted[former[1]] = (former[0], f"{SITES['hubei']}/enterprises/{former[0]}/")
    found = search(national / "search" / "index", [*wanted, "没有这家示例公司", "9"], tmp_path)
    for query, (uscc, link) in wanted.items():
        hits = {r["uscc"]: r for r in found[query]["results"]}
        assert uscc in hits, query
        assert hits[uscc]["url"] == link
    assert found[former[1]]["results"][0]["alias"] == former[1]  # found by its former name, which is shown
    assert found["没有这家示例公司"]["results"] == []
    assert found["9"]["short"] is True  # one character is not a query


def test_a_large_index_is_split_and_still_finds_every_key(built: dict[str, tuple[Path, Path]],
                                                          monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With tiny limits the prefixes split several levels deep and the keys spread over many files; every key
    is still found by the page's own lookup."""
    from generator.publish.national import site
    from generator.publish.national.merge import merge_packages
    from generator.publish.national.packages import read_package

    monkeypatch.setattr(site, "SPLIT_OVER", 3)
    monkeypatch.setattr(site, "BUCKET_KEYS", 4)
    merged = merge_packages([read_package(pkg) for _r, pkg in built.values()])
    out = tmp_path / "search"
    site.write_search(out, merged)
    meta = json.loads((out / "index" / "meta.json").read_text(encoding="utf-8"))
    assert any(len(p) > site.MIN_CHARS for p in meta["split"]) and meta["buckets"] > 10
    items = site.index_items(merged)
    found = search(out / "index", sorted({it[0] for it in items}), tmp_path)
    for key, uscc in {(it[0], it[1]) for it in items}:
        assert uscc in {r["uscc"] for r in found[key]["results"]}, key


# ---- hostile input: refused in Chinese, naming the file, nothing written ----------------------------------


def copy_packages(built: dict[str, tuple[Path, Path]], into: Path) -> dict[str, Path]:
    out = {}
    for name, (_records, pkg) in built.items():
        out[name] = into / name
        shutil.copytree(pkg, out[name], ignore=shutil.ignore_patterns("releases", "*.zip", "*.sqlite"))
    return out


def descriptor(pkg: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    return doc


def edit_resource(pkg: Path, table: str, change: Callable[[dict[str, Any]], None]) -> None:
    doc = descriptor(pkg)
    change(next(r for r in doc["resources"] if r["name"] == table))
    (pkg / "datapackage.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def rewrite_csv(pkg: Path, table: str, change: Callable[[list[list[str]]], None]) -> None:
    """Change a table's rows (header first) and give the descriptor the new hash and size, as a careless or
    hostile producer would: the file is consistent with its descriptor, and still wrong."""
    header, rows = read_csv(pkg / f"{table}.csv")
    table_rows = [header, *rows]
    change(table_rows)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(table_rows)
    data = b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")
    (pkg / f"{table}.csv").write_bytes(data)

    edit_resource(pkg, table, lambda res: res.update(hash="sha256:" + hashlib.sha256(data).hexdigest(), bytes=len(data)))


def _truncated(p: dict[str, Path]) -> list[str]:
    path = p["hubei"] / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:300], encoding="utf-8")  # cut short: JSON, not UTF-8, breaks
    return [str(path), "不是有效的 JSON"]


def _not_an_object(p: dict[str, Path]) -> list[str]:
    (p["hubei"] / "datapackage.json").write_text("[]", encoding="utf-8")
    return [str(p["hubei"] / "datapackage.json"), "应为一个 JSON 对象"]


def _header(p: dict[str, Path]) -> list[str]:
    rewrite_csv(p["hubei"], "enterprises", lambda rows: rows[0].insert(1, rows[0].pop(0)))  # name,uscc,…
    return [str(p["hubei"] / "enterprises.csv"), "表头与", "应为 uscc,name"]


def _tampered(p: dict[str, Path]) -> list[str]:
    path = p["henan"] / "records.csv"
    path.write_bytes(path.read_bytes().replace(b"2026-", b"2016-", 1))  # same size, other bytes
    return [str(path), "校验和"]


def _bad_value(p: dict[str, Path]) -> list[str]:
    rewrite_csv(p["henan"], "enterprises", lambda rows: rows[1].__setitem__(rows[0].index("projects"), "很多"))
    return [f"{p['henan'] / 'enterprises.csv'}:2", "projects 列的 “很多” 应为整数"]


def _duplicate_uscc(p: dict[str, Path]) -> list[str]:
    first = read_csv(p["henan"] / "enterprises.csv")[1][0]
    rewrite_csv(p["hubei"], "enterprises", lambda rows: rows.append(first))
    return [f"uscc = {first[0]}", f"{p['henan'] / 'enterprises.csv'}:2（河南省）", str(p["hubei"] / "enterprises.csv"),
            "全国唯一"]


def _twice(p: dict[str, Path]) -> list[str]:
    shutil.copytree(p["henan"], p["henan"].parent / "henan-again")
    return ["henan-again", "同一地区（410000 河南省）"]


def _path(table: str, value: str, *needles: str) -> Callable[[dict[str, Path]], list[str]]:
    """A resource of the Hubei package pointed at ``value``."""
    def case(p: dict[str, Path]) -> list[str]:
        edit_resource(p["hubei"], table, lambda r: r.update(path=value))
        return [str(p["hubei"] / "datapackage.json"), *needles]

    return case


def _linked_file(p: dict[str, Path]) -> list[str]:
    target = p["hubei"] / "persons.csv"
    shutil.copyfile(target, p["hubei"].parent / "elsewhere.csv")
    target.unlink()
    target.symlink_to(p["hubei"].parent / "elsewhere.csv")
    return [str(target), "是符号链接"]


def _linked_folder(p: dict[str, Path]) -> list[str]:
    real = p["hubei"].parent / "real-hubei"
    p["hubei"].rename(real)
    p["hubei"].symlink_to(real, target_is_directory=True)
    return [str(p["hubei"]), "是符号链接"]


def _unknown_table(p: dict[str, Path]) -> list[str]:
    doc = descriptor(p["hulunbuir"])
    doc["resources"].append({**doc["resources"][0], "name": "private_notes"})
    (p["hulunbuir"] / "datapackage.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return [str(p["hulunbuir"] / "datapackage.json"), "“private_notes” 不是公开数据的表"]


def _schema_changed(p: dict[str, Path]) -> list[str]:
    edit_resource(p["hulunbuir"], "grades", lambda r: r["schema"]["fields"][4].update(type="string"))
    return [str(p["hulunbuir"] / "datapackage.json"), "表 grades 的 schema 与本程序的不一致", "score"]


def _missing(p: dict[str, Path]) -> list[str]:
    shutil.rmtree(p["hulunbuir"])
    return [str(p["hulunbuir"]), "目录不存在"]


HOSTILE: dict[str, Callable[[dict[str, Path]], list[str]]] = {
    "malformed datapackage.json": _truncated,
    "datapackage.json not an object": _not_an_object,
    "header not the schema's": _header,
    "file changed after its hash": _tampered,
    "value of the wrong type": _bad_value,
    "same USCC in two provinces": _duplicate_uscc,
    "same deployment twice": _twice,
    "path traversal": _path("enterprises", "../henan/enterprises.csv",
                            "“../henan/enterprises.csv” 不是数据包目录中的 CSV 文件名", "不允许 ../"),
    "absolute path": _path("persons", "/etc/passwd", "“/etc/passwd” 不是数据包目录中的 CSV 文件名"),
    "address of another site": _path("persons", "https://evil.example/data/persons.csv", "是其他网站的地址"),
    "resource file is a symlink": _linked_file,
    "package folder is a symlink": _linked_folder,
    "unknown table": _unknown_table,
    "schema changed": _schema_changed,
    "package missing": _missing,
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_input_is_refused_and_nothing_is_written(case: str, built: dict[str, tuple[Path, Path]],
                                                         tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    packages = copy_packages(built, tmp_path / "in")
    expected = HOSTILE[case](packages)
    args = [str(p) for p in packages.values()]
    if (tmp_path / "in" / "henan-again").exists():
        args.append(str(tmp_path / "in" / "henan-again"))
    out = tmp_path / "out" / "national"
    code = cli.main(["national", "--output", str(out), *args])
    err = capsys.readouterr().err
    assert code == 1, err
    for needle in expected:
        assert needle in err, f"{needle!r} not in:\n{err}"
    assert err.startswith("错误：") and "汇总中止" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # not even the parent folder


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_refused_run_leaves_the_previous_output_as_it_was(built: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    packages = copy_packages(built, tmp_path / "in")
    out = tmp_path / "out" / "national"
    assert cli.main(["national", "--output", str(out), *map(str, packages.values())]) == 0
    before = tree_digest(out)
    _duplicate_uscc(packages)
    assert cli.main(["national", "--output", str(out), *map(str, packages.values())]) == 1
    assert "全国唯一" in capsys.readouterr().err
    assert tree_digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir() if not p.name.startswith(".national.old-")) == ["national"]
    assert all(not p.name.startswith(".national.new-") for p in out.parent.iterdir())


def test_an_output_that_is_not_ours_or_holds_a_package_is_refused(built: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    packages = copy_packages(built, tmp_path / "in")
    args = [str(p) for p in packages.values()]
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("不要删", encoding="utf-8")
    assert cli.main(["national", "--output", str(foreign), *args]) == 2
    assert "不是空目录" in capsys.readouterr().err
    assert (foreign / "mine.txt").read_text(encoding="utf-8") == "不要删"
    assert cli.main(["national", "--output", str(tmp_path / "in"), *args]) == 2
    err = capsys.readouterr().err
    assert "与数据包目录" in err and "重叠" in err
    assert all(p.is_dir() for p in packages.values())


def test_a_package_without_a_site_is_merged_without_links(built: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A package as the zip holds it (relative paths, no ``homepage``): merged, said, and shown without links."""
    packages = copy_packages(built, tmp_path / "in")
    doc = descriptor(packages["hulunbuir"])
    del doc["homepage"]
    for res in doc["resources"]:
        res["path"] = res["path"].rsplit("/", 1)[-1]
    (packages["hulunbuir"] / "datapackage.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["national", "--output", str(out), *map(str, packages.values())]) == 0
    assert "没有网站地址" in capsys.readouterr().err
    assert "（未提供网站地址）" in (out / "index.html").read_text(encoding="utf-8")
    uscc, ent = enterprise_files(built["hulunbuir"][0])[0]
    found = search(out / "search" / "index", [uscc], tmp_path)[uscc]["results"]
    assert [(r["uscc"], r["url"], r["province"]) for r in found] == [(uscc, None, "呼伦贝尔市")]


def test_a_write_that_fails_says_so_and_leaves_nothing(built: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from generator.commands import national as command

    def full(out: Path, _national: object) -> int:
        raise OSError(28, "No space left on device", str(out / "index.html"))

    monkeypatch.setattr(command, "write_national_site", full)
    out = tmp_path / "out" / "national"
    assert cli.main(["national", "--output", str(out), *(str(pkg) for _r, pkg in built.values())]) == 1
    err = capsys.readouterr().err
    assert "读写文件时出错" in err and "磁盘空间不足" in err
    assert not out.exists() and not list(out.parent.glob(".national.*"))
