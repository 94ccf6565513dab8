"""Nothing from the data-releases branch reaches the site without the checks a build gets (issue 12, items 1–2).

The branch is hostile until checked: each test plants something in a copy of it — a symlink, a folder, an
extra page, a zip member, an SQLite table, a forged row — with checksums made consistent, as an attacker
with push access would, and checks that ``credit release`` stops, or carries only what is public today.

Days and records worked out by hand from tests/fixtures/mini (see test_releases.py): on 2026-09-10 six
records are public; on 2026-09-20 410105-2026-0004 has expired (public through 2026-09-15).
410103-2026-0002-like forged ids are never public.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import MINI

from generator.commands.build import build
from generator.publish.data.releases import ReleaseError, make_release, write_sums

DAY1 = dt.date(2026, 9, 10)
DAY2 = dt.date(2026, 9, 20)
V1 = "2026-09-10"
EXPIRED = "410105-2026-0004"
C_CLASS = "410103-2025-0001"  # C class refusing correction: public on 09-10 through 09-26 …
FORGED = "410105-2026-0099"  # … and this id exists nowhere in the records


@pytest.fixture
def branch(tmp_path: Path) -> tuple[Path, Path]:
    """(records, a data-releases branch holding the 09-10 release as first published)."""
    records = tmp_path / "records"
    shutil.copytree(MINI, records)
    site1 = tmp_path / "site1"
    build(records, site1, DAY1, pages=False)
    make_release(site1, None)
    branch = tmp_path / "branch"
    shutil.copytree(site1 / "data" / "releases", branch)
    return records, branch


def site_at(records: Path, out: Path, day: dt.date = DAY2) -> Path:
    build(records, out, day, pages=False)
    return out


def all_bytes(root: Path) -> bytes:
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.suffix == ".zip":
                with zipfile.ZipFile(p) as zf:
                    data += b"".join(zf.read(n) for n in zf.namelist())
            out.append(p.as_posix().encode() + b"\n" + data)
    return b"\n".join(out)


def refused(records: Path, branch: Path, out: Path, match: str) -> None:
    site = site_at(records, out)
    with pytest.raises(ReleaseError, match=match):
        make_release(site, branch)


def test_symlink_in_a_release_is_refused(tmp_path: Path, branch: tuple[Path, Path]) -> None:
    records, br = branch
    rel = br / V1
    (rel / "records.csv").unlink()
    os.symlink("/etc/hostname", rel / "records.csv")
    write_sums(rel)  # an attacker makes the checksums agree
    refused(records, br, tmp_path / "site", "not a regular file")


def test_symlinked_release_directory_is_refused(tmp_path: Path, branch: tuple[Path, Path]) -> None:
    records, br = branch
    shutil.move(br / V1, tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", br / V1)
    refused(records, br, tmp_path / "site", "not a plain directory")


@pytest.mark.parametrize("name", ["evil.html", "app.js", "records.csv.bak", ".htaccess"])
def test_extra_file_is_refused(tmp_path: Path, branch: tuple[Path, Path], name: str) -> None:
    records, br = branch
    (br / V1 / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    write_sums(br / V1)
    refused(records, br, tmp_path / "site", "not a file a release writes")


def test_subfolder_is_refused(tmp_path: Path, branch: tuple[Path, Path]) -> None:
    records, br = branch
    (br / V1 / "js").mkdir()
    (br / V1 / "js" / "x.js").write_text("alert(1)", encoding="utf-8")
    refused(records, br, tmp_path / "site", "not a file a release writes")


def test_zip_sqlite_and_package_of_the_branch_are_never_carried(tmp_path: Path, branch: tuple[Path, Path]) -> None:
    """The release is written anew from its checked rows: a planted zip member, zip comment, SQLite table,
    trigger or freed page, and free text in datapackage.json, never reach the site."""
    records, br = branch
    rel = br / V1
    z = rel / f"credit-data-{V1}.zip"
    with zipfile.ZipFile(z, "a") as zf:
        zf.writestr("index.html", "<script>SECRETMARK</script>")
        zf.comment = b"SECRETMARK"
    con = sqlite3.connect(rel / "credit.sqlite")
    con.execute("PRAGMA secure_delete = 0")
    con.execute("CREATE TABLE secrets (id TEXT)")
    con.execute("INSERT INTO secrets VALUES ('SECRETMARK')")
    con.execute("CREATE TRIGGER t AFTER DELETE ON records BEGIN INSERT INTO secrets VALUES (old.id); END")
    con.commit()
    con.close()
    pkg = json.loads((rel / "datapackage.json").read_text(encoding="utf-8"))
    pkg["description"] = "SECRETMARK"
    (rel / "datapackage.json").write_text(json.dumps(pkg, ensure_ascii=False), encoding="utf-8")
    write_sums(rel)
    site = site_at(records, tmp_path / "site")
    make_release(site, br)
    assert b"SECRETMARK" not in all_bytes(site / "data")
    with zipfile.ZipFile(site / "data" / "releases" / V1 / f"credit-data-{V1}.zip") as zf:
        assert "index.html" not in zf.namelist() and zf.comment == b""


@pytest.mark.parametrize("edit", ["extra_key", "secret_text", "duplicate_key", "nan", "csv_column"])
def test_rows_are_checked_not_copied(tmp_path: Path, branch: tuple[Path, Path], edit: str) -> None:
    """A public key carrying something else: refused (a column the table does not have, NaN, a repeated
    JSON key) or replaced by today's row (a secret in a record's text)."""
    records, br = branch
    rel = br / V1
    path = rel / "records.json"
    text = path.read_text(encoding="utf-8")
    rows = json.loads(text)
    if edit == "extra_key":
        rows[0]["leak"] = "SECRETMARK"
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    elif edit == "secret_text":
        rows[0]["summary"] = "SECRETMARK"
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    elif edit == "duplicate_key":
        path.write_text(text.replace('"id": ', '"id": "410105-2026-0099", "summary": "SECRETMARK", "id": ', 1),
                        encoding="utf-8")
    elif edit == "nan":
        path.write_text(text.replace('"count": 1', '"count": NaN', 1), encoding="utf-8")
    else:
        csv_path = rel / "records.csv"
        data = csv_path.read_bytes()
        csv_path.write_bytes(data.replace(b"\r\n", b",leak\r\n", 1))
    write_sums(rel)
    site = site_at(records, tmp_path / "site")
    if edit == "secret_text":
        make_release(site, br)
        assert b"SECRETMARK" not in all_bytes(site / "data")
    else:
        with pytest.raises(ReleaseError):
            make_release(site, br)


def _forge_row(rel: Path, rid: str) -> None:
    """Add a record row with id ``rid`` to every representation of the release, checksums made consistent."""
    rows = json.loads((rel / "records.json").read_text(encoding="utf-8"))
    if any(r["id"] == rid for r in rows):  # published that day: only a legacy "removed" line to add
        with (rel / "changes.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"table": "records", "key": rid, "change": "removed"}) + "\n")
        write_sums(rel)
        return
    forged = {**rows[0], "id": rid, "summary": "伪造的不公开信息"}
    rows.append(forged)
    (rel / "records.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    csv_text = (rel / "records.csv").read_bytes().decode("utf-8-sig")
    first = csv_text.split("\r\n")[1]
    (rel / "records.csv").write_bytes(b"\xef\xbb\xbf" + (csv_text + first.replace(rows[0]["id"], rid, 1)
                                                          + "\r\n").encode("utf-8"))
    con = sqlite3.connect(rel / "credit.sqlite")
    cols = [r[1] for r in con.execute('PRAGMA table_info("records")')]
    row = con.execute("SELECT * FROM records LIMIT 1").fetchone()
    con.execute(f"INSERT INTO records VALUES ({','.join('?' * len(cols))})",
                [rid if c == "id" else v for c, v in zip(cols, row, strict=True)])
    con.commit()
    con.close()
    z = rel / f"credit-data-{V1}.zip"
    with zipfile.ZipFile(z) as zf:  # the forged files replace their members; README and licence stay
        members = {n: (rel / n).read_bytes() if (rel / n).is_file() else zf.read(n) for n in zf.namelist()}
    with zipfile.ZipFile(z, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    with (rel / "changes.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"table": "records", "key": rid, "change": "removed"}) + "\n")
    write_sums(rel)


@pytest.mark.parametrize("rid", [FORGED, EXPIRED])
def test_rows_not_public_today_never_reach_the_site(tmp_path: Path, branch: tuple[Path, Path], rid: str) -> None:
    """A forged id, and a real one that expired on 09-16: neither is in any file of the 09-20 site."""
    records, br = branch
    _forge_row(br / V1, rid)
    site = site_at(records, tmp_path / "site")
    make_release(site, br)
    blob = all_bytes(site / "data")
    assert rid.encode() not in blob
    assert "伪造的不公开信息".encode() not in blob
    # and what stays checks out
    rel = site / "data" / "releases" / V1
    for line in (rel / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((rel / name).read_bytes()).hexdigest() == digest


def test_c_class_record_that_left_leaves_no_count(tmp_path: Path, branch: tuple[Path, Path]) -> None:
    """On 2026-09-27 the C-class record (public through 09-26) has left, as has 410105-2026-0004: the
    index's counts and change lists are those of a history in which neither was ever published."""
    records, br = branch
    site = site_at(records, tmp_path / "site", dt.date(2026, 9, 27))
    make_release(site, br)
    releases = site / "data" / "releases"
    assert C_CLASS.encode() not in all_bytes(site / "data") and EXPIRED.encode() not in all_bytes(site / "data")
    index = json.loads((releases / "index.json").read_text(encoding="utf-8"))
    assert [(r["version"], r["rows"]["records"], r["changes"]) for r in index["releases"]] == [
        ("2026-09-27", 4, {"added": 0, "modified": 0}),
        (V1, 4, {"added": 14, "modified": 0}),  # 3 enterprises + 4 projects + 3 persons + 4 records
    ]
    assert all("removed" not in r["changes"] for r in index["releases"])


def test_legacy_removed_lines_are_dropped(tmp_path: Path, branch: tuple[Path, Path]) -> None:
    """A release written before this rule carried ``removed`` lines; the site never shows them."""
    records, br = branch
    with (br / V1 / "changes.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"table": "enterprises", "key": "91410105MA9F3HX1K4", "change": "removed"}) + "\n")
    write_sums(br / V1)
    site = site_at(records, tmp_path / "site")
    make_release(site, br)
    text = (site / "data" / "releases" / V1 / "changes.jsonl").read_text(encoding="utf-8")
    assert '"removed"' not in text


def test_the_branch_is_never_written(tmp_path: Path, branch: tuple[Path, Path]) -> None:
    records, br = branch
    before = all_bytes(br)
    make_release(site_at(records, tmp_path / "site"), br)
    assert all_bytes(br) == before


def test_a_list_entry_that_ended_leaves_earlier_releases(tmp_path: Path) -> None:
    """Hulunbuir: 91150702MAL1E64NAM (D, black-list condition 4) has its repair approved on Fri 2026-04-10;
    it leaves the black list 5 working days later (04-13 … 04-17 → off from 04-17, 五(二)). Its entry
    was public in the 04-10 release; on 05-20 no release may show it on the list, and no change list may
    say that it was (a list entry past its day leaves no trace)."""
    records = tmp_path / "records"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "hulunbuir" / "records", records)
    first = site_at(records, tmp_path / "a", dt.date(2026, 4, 10))
    make_release(first, None)
    row = next(r for r in json.loads((first / "data" / "grades.json").read_text(encoding="utf-8"))
               if r["uscc"] == "91150702MAL1E64NAM")
    assert row["black_list"] is True  # on the list that day
    br = tmp_path / "branch"
    shutil.copytree(first / "data" / "releases", br)
    site = site_at(records, tmp_path / "b", dt.date(2026, 5, 20))
    make_release(site, br)
    for version in ("2026-04-10", "2026-05-20"):
        rows = json.loads((site / "data" / "releases" / version / "grades.json").read_text(encoding="utf-8"))
        assert [r["black_list"] for r in rows if r["uscc"] == "91150702MAL1E64NAM"] == [False], version
    text = (site / "data" / "releases" / "2026-05-20" / "changes.jsonl").read_text(encoding="utf-8")
    assert "black_list" not in text


def test_code_lists_of_an_earlier_release_take_todays_values(tmp_path: Path, branch: tuple[Path, Path]) -> None:
    """A code list is reference data: an earlier release carries today's rows, never the branch's text (a
    planted authority name, with checksums made consistent, does not reach the site)."""
    records, br = branch
    rel = br / V1
    planted = "冒充的机关名称 13800138000"
    rows = json.loads((rel / "authorities.json").read_text(encoding="utf-8"))
    today_name = rows[0]["name"]
    rows[0]["name"] = planted
    (rel / "authorities.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    text = (rel / "authorities.csv").read_text(encoding="utf-8-sig").replace(today_name, planted, 1)
    (rel / "authorities.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    write_sums(rel)
    site = site_at(records, tmp_path / "site2")
    make_release(site, br)
    carried = json.loads((site / "data" / "releases" / V1 / "authorities.json").read_text(encoding="utf-8"))
    assert carried[0]["name"] == today_name
    assert planted.encode("utf-8") not in all_bytes(site)
