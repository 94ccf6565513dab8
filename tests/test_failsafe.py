"""A failed nightly never leaves information online past its last public day (issue 12 item 11, DESIGN §9).

On a real git repository holding tests/fixtures/mini (see test_releases.py for the dates, worked out by hand):

* commit A — the mini records; built and released as of 2026-09-10 (the data-releases branch's newest
  release names A as its records commit). Public then: 410103-2025-0001, 410103-2026-0001, 410105-2026-0001,
  410105-2026-0003, 410105-2026-0004, 410105001-2026-0001.
* commit B — a clerk's broken file (the nightly build fails), a repair of 410105-2026-0001 approved on
  2026-09-12, and 410105-2026-0003 deleted.

The fail-safe as publish.yml runs it, as of 2026-09-20: A rebuilt as of that day, withholding what B no
longer shows as public. 410105-2026-0004 expired on 09-16 (date alone) and 410105-2026-0001 is repaired (B):
neither is in any file, releases included. Left are 410103-2025-0001 (C refusing, 6 + 6 months → through
09-26), 410103-2026-0001, 410105001-2026-0001 — and 410105-2026-0003, whose file B deleted: a deletion is not
how information leaves the site (the guard stops a mass deletion; the fail-safe must not publish it either).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import MINI, REPO

from generator.commands import cli
from generator.commands.build import build
from generator.publish.data.releases import make_release
from generator.records.problems import RecordsInvalid

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GIT = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main"]
TOOL = [sys.executable, str(REPO / "tools" / "failsafe.py")]
DAY1, DAY2 = dt.date(2026, 9, 10), dt.date(2026, 9, 20)
LEFT = ["410103-2025-0001", "410103-2026-0001", "410105-2026-0003", "410105001-2026-0001"]
GONE = {"410105-2026-0004": "项目服务中心不及时处理业主投诉", "410105-2026-0001": "以限制乘用电梯方式催交物业费"}
DELETED = "410105-2026-0003"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run([*GIT, *args], cwd=repo, capture_output=True, text=True, check=True, env=env).stdout.strip()


def holding(root: Path, needle: str) -> list[str]:
    """Every file under ``root`` (and member of a zip) whose bytes hold ``needle``."""
    data = needle.encode()
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_file():
            if data in p.read_bytes():
                out.append(str(p))
            if p.suffix == ".zip":
                with zipfile.ZipFile(p) as zf:
                    out += [f"{p}:{n}" for n in zf.namelist() if data in zf.read(n)]
    return out


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, Path, str, str]:
    """(repository at commit B, the data-releases branch after the 09-10 publish, A, B)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copytree(MINI, repo / "records")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A")
    a = git(repo, "rev-parse", "HEAD")
    site = tmp_path / "site-a"
    build(repo / "records", site, DAY1, pages=False)
    make_release(site, None)
    branch = tmp_path / "data-releases"
    shutil.copytree(site / "data" / "releases", branch)
    # commit B
    (repo / "records" / "credit" / "2026" / "410105-2026-0008.yaml").write_text("subject: [未写完\n", encoding="utf-8")
    r1 = repo / "records" / "credit" / "2026" / "410105-2026-0001.yaml"
    r1.write_text(r1.read_text(encoding="utf-8") + "repair:\n  applied: 2026-09-11\n  decided: 2026-09-12\n"
                  "  outcome: approved\n", encoding="utf-8")
    (repo / "records" / "credit" / "2026" / f"{DELETED}.yaml").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "B")
    return repo, branch, a, git(repo, "rev-parse", "HEAD")


def test_branch_names_the_last_good_commit(history: tuple[Path, Path, str, str]) -> None:
    repo, branch, a, b = history
    assert json.loads((branch / "index.json").read_text(encoding="utf-8"))["releases"][0]["records_commit"] == a
    done = subprocess.run([*TOOL, "last-good", str(branch)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == a
    with pytest.raises(RecordsInvalid):  # the nightly build of B fails
        build(repo / "records", repo.parent / "site-b", DAY2, pages=False)


def test_failsafe_rebuild_withholds_what_left(history: tuple[Path, Path, str, str], tmp_path: Path) -> None:
    repo, branch, a, _b = history
    last_good = tmp_path / "last-good"
    git(repo, "worktree", "add", "--detach", str(last_good), a)
    out = tmp_path / "out"
    assert cli.main(["build", "--records", str(last_good / "records"), "--output", str(out), "--as-of",
                     DAY2.isoformat(), "--quiet", "--withhold-unless-public-in", str(repo / "records")]) == 0
    assert cli.main(["release", "--site", str(out), "--previous", str(branch)]) == 0
    ids = [r["id"] for r in json.loads((out / "data" / "records.json").read_text(encoding="utf-8"))]
    assert ids == LEFT
    for needle in GONE:
        assert holding(out, needle) == [], needle
    for summary in GONE.values():  # (the guide for clerks quotes one of them as an example)
        assert [h for h in holding(out, summary) if "/contributing/" not in h] == [], summary
    # the ratings are those of the records as they stood: withholding changes no score
    plain = tmp_path / "plain"
    build(last_good / "records", plain, DAY2, pages=False)
    assert (out / "data" / "ratings.csv").read_bytes() == (plain / "data" / "ratings.csv").read_bytes()


def test_without_the_option_the_rebuild_would_publish_the_repaired_record(history: tuple[Path, Path, str, str],
                                                                          tmp_path: Path) -> None:
    """The option is what keeps the repair of commit B off the site (the test above would pass vacuously
    otherwise)."""
    repo, _branch, a, _b = history
    last_good = tmp_path / "last-good"
    git(repo, "worktree", "add", "--detach", str(last_good), a)
    plain = tmp_path / "plain"
    build(last_good / "records", plain, DAY2, pages=False)
    ids = [r["id"] for r in json.loads((plain / "data" / "records.json").read_text(encoding="utf-8"))]
    assert "410105-2026-0001" in ids


def test_a_hostile_current_tree_can_only_withhold(history: tuple[Path, Path, str, str], tmp_path: Path) -> None:
    """A symlink or a broken file in the current records withholds the record; it never adds anything."""
    repo, _branch, a, _b = history
    last_good = tmp_path / "last-good"
    git(repo, "worktree", "add", "--detach", str(last_good), a)
    current = repo / "records" / "credit" / "2026"
    (current / "410103-2026-0001.yaml").unlink()
    os.symlink("/dev/zero", current / "410103-2026-0001.yaml")
    (current / "410105-2026-0099.yaml").write_text(yaml.safe_dump({"subject": "x"}), encoding="utf-8")
    out = tmp_path / "out"
    build(last_good / "records", out, DAY2, pages=False, withhold_unless_public_in=repo / "records")
    ids = [r["id"] for r in json.loads((out / "data" / "records.json").read_text(encoding="utf-8"))]
    assert ids == ["410103-2025-0001", DELETED, "410105001-2026-0001"]


def test_a_second_copy_of_a_record_withholds_it(history: tuple[Path, Path, str, str], tmp_path: Path) -> None:
    """B keeps a stale copy of 410103-2026-0001 in credit/2025/ beside its withdrawal in credit/2026/ (the
    validator's duplicate-id error is why the nightly failed): whichever copy is read, it is withheld."""
    repo, _branch, a, _b = history
    last_good = tmp_path / "last-good"
    git(repo, "worktree", "add", "--detach", str(last_good), a)
    cur = repo / "records" / "credit"
    shutil.copyfile(cur / "2026" / "410103-2026-0001.yaml", cur / "2025" / "410103-2026-0001.yaml")
    with (cur / "2026" / "410103-2026-0001.yaml").open("a", encoding="utf-8") as fh:
        fh.write("withdrawn:\n  date: 2026-09-15\n  reason: 行政复议撤销\n")
    out = tmp_path / "out"
    build(last_good / "records", out, DAY2, pages=False, withhold_unless_public_in=repo / "records")
    ids = [r["id"] for r in json.loads((out / "data" / "records.json").read_text(encoding="utf-8"))]
    assert "410103-2026-0001" not in ids


def test_a_changed_sheet_withholds_the_grade(tmp_path: Path) -> None:
    """Hulunbuir: in the last good records 91150781MAY56F55EY (D, conditions 5 and 7) is black-listed; the
    current sheet records a repair approved 2026-05-06. The fail-safe cannot validate the current tree, so it
    withholds that grade (and with it the list entry) rather than keep the company listed past its day."""
    old = tmp_path / "old"
    shutil.copytree(REPO / "examples" / "hulunbuir" / "records", old)
    cur = tmp_path / "cur"
    shutil.copytree(old, cur)
    sheet = next(cur.glob("evaluations/2025/*/91150781MAY56F55EY.yaml"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + "black_repair:\n  approved: 2026-05-06\n", encoding="utf-8")
    plain = tmp_path / "plain"
    build(old, plain, dt.date(2026, 6, 1), pages=False)
    rows = json.loads((plain / "data" / "grades.json").read_text(encoding="utf-8"))
    assert [r["black_list"] for r in rows if r["uscc"] == "91150781MAY56F55EY"] == [True]
    out = tmp_path / "out"
    build(old, out, dt.date(2026, 6, 1), pages=False, withhold_unless_public_in=cur)
    rows = json.loads((out / "data" / "grades.json").read_text(encoding="utf-8"))
    assert [r for r in rows if r["uscc"] == "91150781MAY56F55EY"] == []
    assert len(rows) == len(json.loads((plain / "data" / "grades.json").read_text(encoding="utf-8"))) - 1


@pytest.mark.parametrize(("day", "head", "needed"), [
    ("2026-09-15", "A", False),  # 410105-2026-0004 is public through 09-15: the deployment is still right
    ("2026-09-16", "A", True),  # … and not on 09-16
    ("2026-09-12", "B", True),  # the records changed since the release: a repair may be waiting
])
def test_offline_only_when_the_old_site_may_be_wrong(history: tuple[Path, Path, str, str], day: str, head: str,
                                                     needed: bool) -> None:
    _repo, branch, a, b = history
    done = subprocess.run([*TOOL, "offline-needed", str(branch), day, a if head == "A" else b])
    assert (done.returncode == 0) == needed


def test_offline_page_holds_nothing(tmp_path: Path) -> None:
    out = tmp_path / "offline"
    subprocess.run([*TOOL, "offline-page", str(out), "2026-09-20"], check=True)
    assert sorted(p.name for p in out.iterdir()) == ["404.html", "index.html", "robots.txt"]
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "暂停" in text and "2026-09-20" in text


def test_no_releases_means_offline(tmp_path: Path) -> None:
    assert subprocess.run([*TOOL, "offline-needed", str(tmp_path), "2026-09-20", "0" * 40]).returncode == 0
    assert subprocess.run([*TOOL, "last-good", str(tmp_path)], capture_output=True).returncode == 1


def test_publish_workflow_runs_the_failsafe_as_tested() -> None:
    doc = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    jobs = doc["jobs"]
    assert "needs.build.result == 'failure'" in jobs["failsafe"]["if"] and jobs["failsafe"]["needs"] == "build"
    run = "\n".join(str(s.get("run", "")) for s in jobs["failsafe"]["steps"])
    assert "tools/failsafe.py last-good" in run and "git worktree add --detach" in run
    assert 'git merge-base --is-ancestor "$commit" HEAD' in run  # the branch never picks the code
    assert run.count('--withhold-unless-public-in "$GITHUB_WORKSPACE/records"') == 2 and "credit release" in run
    steps = {s.get("id"): s for s in jobs["failsafe"]["steps"]}
    assert steps["head"]["continue-on-error"] is True
    assert "needs.deploy.result == 'failure'" in jobs["offline"]["if"]
    check = "\n".join(str(s.get("run", "")) for s in jobs["offline"]["steps"])
    assert "tools/failsafe.py offline-needed" in check and "tools/failsafe.py offline-page" in check
    assert jobs["deploy_offline"]["if"].count("needed == 'true'") == 1
