"""Dated data releases (``credit release``) and the nightly mass-deletion guard (``credit guard``).

Two consecutive builds of tests/fixtures/mini (data only), worked out by hand:

* 2026-09-10 — public: 410105-2026-0001, 410103-2026-0001, 410103-2025-0001 (C, refusing, 6 + 6 months →
  through 2026-09-26), 410105-2026-0003, 410105-2026-0004 (person, 3 months from 2026-06-15 → through
  2026-09-15), 410105001-2026-0001 = 6 records; 410105-2026-0002 was repaired on 06-05. Rows: 3
  enterprises, 4 projects, 3 persons, 6 records, no rating (published 12-15) → the first release's
  changes.jsonl adds 16 rows.
* 2026-09-20 — 410105-2026-0004 has expired (hidden from 09-16): 5 records. Against the 09-10 release as
  published on 09-20 (without that record) nothing changed, so the change list is empty: a row that left
  the site leaves no id, no count (DESIGN §7 "Releases").
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import MINI
from support import keep_release

from generator.commands.build import build
from generator.commands.release import register
from generator.publish.data.releases import ReleaseError, make_release, verify_sums
from generator.publish.guard import guard

DAY1 = dt.date(2026, 9, 10)
DAY2 = dt.date(2026, 9, 20)
EXPIRED = "410105-2026-0004"
EXPIRED_SUMMARY = "项目服务中心不及时处理业主投诉"
EXPIRED_DOCUMENT = "金建改字〔2026〕第8号"
PUBLIC_DAY1 = ["410103-2025-0001", "410103-2026-0001", "410105-2026-0001", "410105-2026-0003",
               EXPIRED, "410105001-2026-0001"]


def run(*argv: str) -> int:
    """``credit release|guard …`` through the module's own ``register`` (as cli.py wires it)."""
    parser = argparse.ArgumentParser(prog="credit")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    code: int = args.func(args)
    return code


def build_at(records: Path, out: Path, day: dt.date) -> Path:
    build(records, out, day, pages=False)
    return out


def push(site: Path, branch: Path, to: Path) -> Path:
    """A copy of the branch ``branch`` at ``to`` after publish.yml's keep_release job kept ``site``'s release."""
    shutil.copytree(branch, to)
    keep_release(site, to)
    return to


def read_sums(folder: Path) -> dict[str, str]:
    out = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        out[name] = digest
    return out


def jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture
def two_releases(tmp_path: Path, records: Path) -> tuple[Path, Path, Path]:
    """(site of day 1, the data-releases branch after day 1, site of day 2)."""
    site1 = build_at(records, tmp_path / "site1", DAY1)
    assert run("release", "--site", str(site1)) == 0
    branch = tmp_path / "data-releases"
    shutil.copytree(site1 / "data" / "releases", branch)  # what publish.yml pushes after the deploy
    site2 = build_at(records, tmp_path / "site2", DAY2)
    assert run("release", "--site", str(site2), "--previous", str(branch)) == 0
    return site1, branch, site2


def test_first_release(tmp_path: Path, records: Path) -> None:
    site = build_at(records, tmp_path / "site", DAY1)
    res = make_release(site, None)
    assert res.version == "2026-09-10" and res.previous is None and res.carried == []
    rel = site / "data" / "releases" / "2026-09-10"
    names = sorted(p.name for p in rel.iterdir())
    tables = ["enterprises", "grades", "persons", "projects", "ratings", "records",
              "items", "regions", "authorities", "codes"]  # the code lists too (issue 15)
    assert names == sorted(["SHA256SUMS", "changes.jsonl", "credit-data-2026-09-10.zip", "credit.sqlite",
                            "datapackage.json", "datasette.json", *[f"{t}.csv" for t in tables],
                            *[f"{t}.json" for t in tables]])
    for name in names:
        if name not in ("SHA256SUMS", "changes.jsonl"):
            assert (rel / name).read_bytes() == (site / "data" / name).read_bytes()
    items = jsonl(rel / "changes.jsonl")
    assert len(items) == 16 and {i["change"] for i in items} == {"added"}
    assert [i["key"] for i in items if i["table"] == "records"] == PUBLIC_DAY1
    tables_in_order = ["enterprises"] * 3 + ["projects"] * 4 + ["persons"] * 3 + ["records"] * 6
    assert [i["table"] for i in items] == tables_in_order
    assert res.changes == {"added": 16, "modified": 0}


def test_second_release_carries_the_first_and_records_the_change(
    two_releases: tuple[Path, Path, Path],
) -> None:
    site1, branch, site2 = two_releases
    releases = site2 / "data" / "releases"
    assert sorted(p.name for p in releases.iterdir()) == ["2026-09-10", "2026-09-20", "index.html", "index.json"]
    # the change log: one record left the site, and it leaves no line
    assert jsonl(releases / "2026-09-20" / "changes.jsonl") == []
    # latest is a copy of the newest release
    assert tree_bytes(site2 / "data" / "latest") == tree_bytes(releases / "2026-09-20")
    new_ids = [r["id"] for r in json.loads((releases / "2026-09-20" / "records.json").read_text("utf-8"))]
    assert new_ids == [i for i in PUBLIC_DAY1 if i != EXPIRED]


def test_sha256sums(two_releases: tuple[Path, Path, Path]) -> None:
    _site1, _branch, site2 = two_releases
    for folder in [*sorted((site2 / "data" / "releases").glob("20*")), site2 / "data" / "latest"]:
        sums = read_sums(folder)
        files = sorted(p.name for p in folder.iterdir() if p.name != "SHA256SUMS")
        assert sorted(sums) == files, folder
        for name, digest in sums.items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, (folder, name)
        assert verify_sums(folder) == []
        if shutil.which("sha256sum"):
            done = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True,
                                  text=True)
            assert done.returncode == 0, done.stdout + done.stderr


def test_index(two_releases: tuple[Path, Path, Path]) -> None:
    _site1, _branch, site2 = two_releases
    releases = site2 / "data" / "releases"
    index = json.loads((releases / "index.json").read_text(encoding="utf-8"))
    assert index["latest"] == "2026-09-20"
    assert [r["version"] for r in index["releases"]] == ["2026-09-20", "2026-09-10"]
    newest, older = index["releases"]
    assert newest["previous"] == "2026-09-10" and older["previous"] is None
    assert newest["download"] == "2026-09-20/credit-data-2026-09-20.zip"
    assert newest["rows"]["records"] == 5 and older["rows"]["records"] == 5  # the older one, redacted
    assert newest["changes"] == {"added": 0, "modified": 0}
    assert older["changes"] == {"added": 15, "modified": 0}  # 16 rows were added on 09-10; one is gone
    for entry in index["releases"]:
        folder = releases / entry["version"]
        assert [f["name"] for f in entry["files"]] == sorted(p.name for p in folder.iterdir())
        for f in entry["files"]:
            data = (folder / f["name"]).read_bytes()
            assert f["bytes"] == len(data)
            assert f["sha256"] == hashlib.sha256(data).hexdigest()


def test_an_expired_record_leaves_earlier_releases_too(two_releases: tuple[Path, Path, Path]) -> None:
    """On 09-20 the record is not public, so the site may not hold it anywhere — not in the 09-10 release
    either (DESIGN §5; 第十一条). The branch keeps the release as it was first published."""
    site1, branch, site2 = two_releases
    old = site2 / "data" / "releases" / "2026-09-10"
    for path in (site2 / "data").rglob("*"):
        if path.is_file() and path.suffix != ".zip":
            text = path.read_bytes().decode("utf-8", "replace")
            assert EXPIRED_SUMMARY not in text and EXPIRED_DOCUMENT not in text, path
            assert EXPIRED not in text, path
    with zipfile.ZipFile(old / "credit-data-2026-09-10.zip") as zf:
        for name in zf.namelist():
            assert EXPIRED.encode() not in zf.read(name), name
    con = sqlite3.connect(old / "credit.sqlite")
    try:
        assert [r[0] for r in con.execute('SELECT id FROM records ORDER BY id')] == sorted(
            i for i in PUBLIC_DAY1 if i != EXPIRED)
    finally:
        con.close()
    # the old change log no longer names it at all
    assert [i for i in jsonl(old / "changes.jsonl") if i["key"] == EXPIRED] == []
    assert len(jsonl(old / "changes.jsonl")) == 15
    # everything else in the old release is unchanged, and the data package matches its files
    first = site1 / "data" / "releases" / "2026-09-10"
    for name in ("enterprises.csv", "persons.json", "projects.csv", "ratings.csv"):
        assert (old / name).read_bytes() == (first / name).read_bytes()
    pkg = json.loads((old / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        data = (old / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest() and res["bytes"] == len(data)
    # the branch copy is the release as first published
    assert tree_bytes(branch / "2026-09-10") == tree_bytes(first)


def test_third_release_carries_both_earlier_ones(tmp_path: Path, records: Path,
                                                      two_releases: tuple[Path, Path, Path]) -> None:
    _site1, branch1, site2 = two_releases
    branch = push(site2, branch1, tmp_path / "branch2")
    site3 = build_at(records, tmp_path / "site3", dt.date(2026, 9, 21))
    res = make_release(site3, branch)
    assert res.redacted == ["2026-09-10"]  # the branch keeps it as published: redacted again, the same way
    assert tree_bytes(site3 / "data" / "releases" / "2026-09-20") == tree_bytes(branch / "2026-09-20")
    for version in ("2026-09-10", "2026-09-20"):
        assert tree_bytes(site3 / "data" / "releases" / version) == tree_bytes(
            site2 / "data" / "releases" / version)
    assert jsonl(site3 / "data" / "releases" / "2026-09-21" / "changes.jsonl") == []


def test_deterministic(tmp_path: Path, records: Path, two_releases: tuple[Path, Path, Path]) -> None:
    _site1, branch, site2 = two_releases
    again = build_at(records, tmp_path / "again", DAY2)
    make_release(again, branch)
    assert tree_bytes(again / "data") == tree_bytes(site2 / "data")


def test_same_day_rebuild_replaces_that_days_release(tmp_path: Path, records: Path,
                                                      two_releases: tuple[Path, Path, Path]) -> None:
    _site1, branch1, site2 = two_releases
    branch = push(site2, branch1, tmp_path / "branch2")
    (records / "credit" / "2026" / "410105-2026-0001.yaml").write_text(
        (records / "credit" / "2026" / "410105-2026-0001.yaml").read_text("utf-8")
        .replace("金建罚决字〔2026〕第12号", "金建罚决字〔2026〕第13号"), encoding="utf-8")
    site = build_at(records, tmp_path / "later", DAY2)
    res = make_release(site, branch)
    assert res.version == "2026-09-20" and res.previous == "2026-09-10"
    # the earlier release is published with the record as it stands today (a corrected text never stays
    # online), so between the two as published today nothing changed
    assert jsonl(site / "data" / "releases" / "2026-09-20" / "changes.jsonl") == []
    old = json.loads((site / "data" / "releases" / "2026-09-10" / "records.json").read_text(encoding="utf-8"))
    assert [r["document"] for r in old if r["id"] == "410105-2026-0001"] == ["金建罚决字〔2026〕第13号"]
    assert "第12号".encode() not in b"".join(tree_bytes(site / "data").values())


def test_damaged_earlier_release_stops_the_release(tmp_path: Path, records: Path,
                                                   two_releases: tuple[Path, Path, Path]) -> None:
    _site1, branch, _site2 = two_releases
    (branch / "2026-09-10" / "records.csv").write_bytes(b"tampered")
    site = build_at(records, tmp_path / "site3", DAY2)
    with pytest.raises(ReleaseError, match="sha256 mismatch"):
        make_release(site, branch)
    assert run("release", "--site", str(site), "--previous", str(branch)) == 1


def test_missing_earlier_release_stops_the_release(tmp_path: Path, records: Path,
                                                   two_releases: tuple[Path, Path, Path]) -> None:
    _site1, branch1, site2 = two_releases
    branch = push(site2, branch1, tmp_path / "branch2")
    shutil.rmtree(branch / "2026-09-10")
    site = build_at(records, tmp_path / "site3", dt.date(2026, 9, 21))
    with pytest.raises(ReleaseError, match="2026-09-10"):
        make_release(site, branch)


# ---- the guard ----------------------------------------------------------------------------------------


def test_guard_passes_when_expiries_explain_the_drop(records: Path, two_releases: tuple[Path, Path, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _site1, branch, site2 = two_releases
    res = guard(site2, branch, records, None, 0.0)  # even with no tolerance at all
    assert res.ok and res.previous == "2026-09-10"
    assert res.removed == [EXPIRED] and list(res.explained) == [EXPIRED] and res.unexplained == {}
    capsys.readouterr()
    assert run("guard", "--site", str(site2), "--records", str(records),
               "--previous-index", str(branch / "index.json"), "--max-drop", "0.2") == 0
    assert "Guard passed" in capsys.readouterr().out


def test_guard_passes_for_repairs_and_withdrawals(tmp_path: Path, records: Path,
                                                  two_releases: tuple[Path, Path, Path]) -> None:
    _site1, branch, _site2 = two_releases
    r1 = records / "credit" / "2026" / "410105-2026-0001.yaml"
    r1.write_text(r1.read_text("utf-8") + "repair:\n  applied: 2026-09-11\n  decided: 2026-09-15\n"
                  "  outcome: approved\n", encoding="utf-8")
    r3 = records / "credit" / "2026" / "410103-2026-0001.yaml"
    r3.write_text(r3.read_text("utf-8") + "withdrawn:\n  date: 2026-09-18\n  reason: 行政复议撤销\n",
                  encoding="utf-8")
    site = build_at(records, tmp_path / "site3", DAY2)
    res = guard(site, branch, records, None, 0.0)
    assert res.ok, res.message()
    assert sorted(res.explained) == ["410103-2026-0001", "410105-2026-0001", EXPIRED]


def test_guard_fails_when_records_are_deleted(tmp_path: Path, records: Path,
                                              two_releases: tuple[Path, Path, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Someone deletes records/credit/2026/: of the 6 records public on 09-10, 410105-2026-0004 expired
    (explained) and 4 vanished unexplained — 4/6 > 20 %."""
    _site1, branch, _site2 = two_releases
    shutil.rmtree(records / "credit" / "2026")
    site = build_at(records, tmp_path / "site3", DAY2)
    res = guard(site, branch, records, None, 0.2)
    assert not res.ok
    assert sorted(res.unexplained) == ["410103-2026-0001", "410105-2026-0001", "410105-2026-0003",
                                       "410105001-2026-0001"]
    assert list(res.explained) == [EXPIRED]
    capsys.readouterr()
    code = run("guard", "--site", str(site), "--records", str(records), "--previous", str(branch))
    err = capsys.readouterr().err
    assert code == 1
    assert "发布中止" in err and "PUBLICATION STOPPED" in err
    assert "410105-2026-0001: 记录文件已不存在" in err
    # a reviewed mass removal may go through by hand
    assert run("guard", "--site", str(site), "--records", str(records), "--previous", str(branch),
               "--max-drop", "1") == 0


def test_guard_tolerates_a_small_share(tmp_path: Path, records: Path,
                                       two_releases: tuple[Path, Path, Path]) -> None:
    """One record deleted out of 6 (17 %) passes at 20 % and fails at 10 %."""
    _site1, branch, _site2 = two_releases
    (records / "credit" / "2026" / "410105-2026-0003.yaml").unlink()
    site = build_at(records, tmp_path / "site3", DAY2)
    assert guard(site, branch, records, None, 0.2).ok
    assert not guard(site, branch, records, None, 0.1).ok


def test_guard_fails_when_enterprises_vanish(tmp_path: Path, records: Path,
                                             two_releases: tuple[Path, Path, Path]) -> None:
    _site1, branch, _site2 = two_releases
    (records / "enterprises" / "91419001MA47QD8L2E.yaml").unlink()  # 1 of 3 enterprises, no records
    site = build_at(records, tmp_path / "site3", DAY2)
    res = guard(site, branch, records, None, 0.2)
    assert not res.ok and res.removed_enterprises == ["91419001MA47QD8L2E"]


def test_guard_first_publication(tmp_path: Path, records: Path) -> None:
    site = build_at(records, tmp_path / "site", DAY1)
    assert guard(site, None, records, None, 0.2).ok
    assert run("guard", "--site", str(site), "--records", str(records),
               "--previous-index", str(tmp_path / "nothing" / "index.json")) == 0


# ---- credit publish: build, guard and release with the records opened once ---------------------------


def test_publish_equals_build_guard_release(tmp_path: Path, records: Path, two_releases: tuple[Path, Path, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """``credit publish`` writes what build + guard + release write, byte for byte, and validates the records
    once (build, guard and release used to open them twice)."""
    from generator import day
    from generator.commands import cli

    _site1, branch, site2 = two_releases
    calls = []
    real = day.validate
    monkeypatch.setattr(day, "validate", lambda *a, **k: calls.append(a) or real(*a, **k))
    out = tmp_path / "published"
    code = cli.main(["publish", "--records", str(records), "--output", str(out), "--as-of", DAY2.isoformat(),
                     "--previous", str(branch)])
    assert code == 0 and len(calls) == 1
    assert tree_bytes(out / "data") == tree_bytes(site2 / "data") | {
        k: v for k, v in tree_bytes(out / "data").items() if k.endswith(".html")}


def test_publish_stops_on_a_mass_removal(tmp_path: Path, records: Path, two_releases: tuple[Path, Path, Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from generator.commands import cli

    _site1, branch, _site2 = two_releases
    shutil.rmtree(records / "credit" / "2026")
    out = tmp_path / "published"
    code = cli.main(["publish", "--records", str(records), "--output", str(out), "--as-of", DAY2.isoformat(),
                     "--previous", str(branch)])
    assert code == 1 and "PUBLICATION STOPPED" in capsys.readouterr().err
    # no release was made: the build's list of releases is still the empty one
    index = json.loads((out / "data" / "releases" / "index.json").read_text(encoding="utf-8"))
    assert index["releases"] == [] and sorted(p.name for p in (out / "data" / "releases").iterdir()) == [
        "index.html", "index.json"]


def test_retention_keeps_a_month_of_days_and_then_the_first_of_each_month() -> None:
    """Releases every day from 1 September to 1 December 2026, as of 1 December: the last 31 days are kept
    (1 November is 30 days back; 31 October is 31 days back, so it is not), and before them the first
    release of each month (1 September, 1 October)."""
    from generator.publish.data.releases import kept

    start = dt.date(2026, 9, 1)
    every_day = [(start + dt.timedelta(days=i)).isoformat() for i in range((dt.date(2026, 12, 1) - start).days + 1)]
    want = ["2026-09-01", "2026-10-01"] + [f"2026-11-{d:02d}" for d in range(1, 31)] + ["2026-12-01"]
    assert kept(every_day, "2026-12-01") == want
    # a month whose first release came late: its first one is kept, whatever its day
    assert kept(["2026-03-17", "2026-03-20", "2026-04-02"], "2026-12-01") == ["2026-03-17", "2026-04-02"]


def test_a_release_the_retention_drops_leaves_the_site(tmp_path: Path, records: Path) -> None:
    """An earlier release older than a month that is not its month's first is not carried (nor listed)."""
    site1 = build_at(records, tmp_path / "s1", dt.date(2026, 9, 10))
    make_release(site1, None)
    branch = tmp_path / "branch"
    shutil.copytree(site1 / "data" / "releases", branch)
    site2 = build_at(records, tmp_path / "s2", dt.date(2026, 9, 20))
    make_release(site2, branch)
    branch2 = tmp_path / "branch2"
    shutil.copytree(site2 / "data" / "releases", branch2)
    site3 = build_at(records, tmp_path / "s3", dt.date(2026, 11, 2))
    res = make_release(site3, branch2)
    # 09-10 is September's first release: kept; 09-20 is 43 days back and not the first: dropped
    assert res.carried == ["2026-09-10"]
    index = json.loads((site3 / "data" / "releases" / "index.json").read_text(encoding="utf-8"))
    assert [r["version"] for r in index["releases"]] == ["2026-11-02", "2026-09-10"]
    assert not (site3 / "data" / "releases" / "2026-09-20").exists()
    page = (site3 / "data" / "releases" / "index.html").read_text(encoding="utf-8")
    assert "2026-11-02" in page and "2026-09-10" in page and "2026-09-20" not in page
