"""``credit diff`` makes the base from the head's loaded records (generator/records/overlay.py): the report must
be the one a checkout of the whole base gives, byte for byte.

A generated tree (``tools.fakedata tree``, 40 enterprises, 300 records, about 830 files) is committed to a
temporary repository; each seed then makes a small pull request — records added, modified, deleted, renamed or
moved to another year, an enterprise or a person changed, an enterprise added or removed with its records and
sheets, an evaluation sheet changed, added or deleted, a withdrawal, a suspending objection or a repair added, now
and then a structural file (an ``evaluation.yaml``, ``platform.yaml``) or a base that does not validate —
committed, left in the working tree or untracked. The report of the fast path (the overlay, both sides validated
and computed beside each other in two processes) is compared with the full path (the base checked out and loaded,
everything in one process, as before).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from stdnum.cn import uscc

from generator.commands import diff_sides
from generator.commands.diff import run_diff
from generator.records.overlay import NotFast, changes, slot

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tools.fakedata.tree import synth  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
GIT = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main"]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run([*GIT, *args], cwd=repo, capture_output=True, text=True, check=True, env=env).stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("origin")
    synth(40, 300, 3, root / "records")
    (root / "README.md").write_text("测试仓库\n", encoding="utf-8")
    git(root, "init", "-q")
    commit(root, "base")
    git(root, "tag", "base")
    return root


# ---- the edits of a pull request ------------------------------------------------------------------------


class PR:
    """A working copy of the origin and the edits made to it."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.records = root / "records"
        self.structural = False  # an edit the overlay does not take: the base is checked out
        self.done: list[str] = []

    def files(self, pattern: str) -> list[Path]:
        return sorted(self.records.glob(pattern))

    def pick(self, pattern: str, where: Callable[[str], bool] = lambda _t: True) -> Path | None:
        found = [p for p in self.files(pattern) if where(p.read_text(encoding="utf-8"))]
        return self.rng.choice(found) if found else None

    def edit(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def new_id(self, path: Path) -> Path:
        recorder, year, _serial = path.stem.split("-")
        return path.with_name(f"{recorder}-{year}-{self.rng.randint(5000, 9999):04d}.yaml")

    # every edit returns a word for the log of the seed
    def add_record(self) -> str:
        src = self.pick("credit/2026/*.yaml")
        assert src is not None
        text = re.sub(r"summary: .*", f"summary: 新增的事实摘要{self.rng.randint(1, 99)}", src.read_text(encoding="utf-8"))
        self.new_id(src).write_text(text, encoding="utf-8")
        return "add"

    def modify_record(self) -> str:
        path = self.pick("credit/*/*.yaml")
        assert path is not None
        text = path.read_text(encoding="utf-8")
        choice = self.rng.randrange(3)
        if choice == 0:
            text = re.sub(r"summary: .*", "summary: 改过的事实摘要", text)
        elif choice == 1:
            text = re.sub(r"(document: .*第)([0-9]+)号", r"\g<1>9\g<2>号", text)
        else:
            text = re.sub(r"disclosure_months: [0-9]+", f"disclosure_months: {self.rng.choice([3, 6, 12, 24])}", text)
        path.write_text(text, encoding="utf-8")
        return "modify"

    def delete_record(self) -> str:
        path = self.pick("credit/*/*.yaml")
        assert path is not None
        path.unlink()
        return "delete"

    def rename_record(self) -> str:
        path = self.pick("credit/*/*.yaml")
        assert path is not None
        path.rename(self.new_id(path))
        return "rename"

    def move_record(self) -> str:  # to another year's folder: invalid (the folder is the effective year's)
        path = self.pick("credit/2025/*.yaml")
        assert path is not None
        path.rename(self.records / "credit" / "2026" / path.name)
        return "move"

    def change_enterprise(self) -> str:
        path = self.pick("enterprises/*.yaml")
        assert path is not None
        if self.rng.random() < 0.5:
            self.edit(path, "\nname: ", "\nname: 改名")
        else:
            self.edit(path, "\naddress: ", "\naddress: 新")
        return "enterprise"

    def new_enterprise(self) -> str:  # a copy under a new code: rated by its authority from now on
        src = self.pick("enterprises/*.yaml")
        assert src is not None
        body = f"{src.stem[:8]}{self.rng.randrange(10**9):09d}"
        code = body + uscc.calc_check_digit(body)
        text = re.sub(r"\n  - id: ([a-z-]+)", r"\n  - id: \1-new", src.read_text(encoding="utf-8"))
        (src.parent / f"{code}.yaml").write_text(text, encoding="utf-8")
        return "new enterprise"

    def drop_enterprise(self) -> str:  # with its records and sheets: its ratings end
        src = self.pick("enterprises/*.yaml")
        assert src is not None
        code = src.stem
        for path in [src, *self.files("evaluations/*/*/" + src.name)]:
            path.unlink()
        for path in self.files("credit/*/*.yaml"):
            if re.search(rf'^subject: "?{code}"?$', path.read_text(encoding="utf-8"), re.M):
                path.unlink()
        return "drop enterprise"

    def change_person(self) -> str:
        path = self.pick("persons/*.yaml")
        assert path is not None
        self.edit(path, "name: ", "name: 欧阳")
        return "person"

    def change_sheet(self) -> str:
        path = self.pick("evaluations/*/*/9*.yaml")
        assert path is not None
        choice = self.rng.randrange(3)
        if choice == 0:
            text = path.read_text(encoding="utf-8")
            lines = [i for i, ln in enumerate(text.splitlines()) if re.fullmatch(r'  "[0-9.]+": [0-3]', ln)]
            rows = text.splitlines()
            i = self.rng.choice(lines)
            rows[i] = rows[i][:-1] + str((int(rows[i][-1]) + 1) % 4)
            path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        elif choice == 1:
            path.unlink()
        else:  # the same sheet for another enterprise of the tree (rated there or not)
            other = self.rng.choice(self.files("enterprises/*.yaml"))
            shutil.copy(path, path.with_name(other.name))
        return "sheet"

    def withdraw(self) -> str:
        path = self.pick("credit/*/*.yaml", lambda t: "withdrawn:" not in t)
        assert path is not None
        effective = dt.date.fromisoformat(re.search(r"effective: ([0-9-]+)", path.read_text(encoding="utf-8"))[1])
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"withdrawn:\n  date: {effective + dt.timedelta(days=40)}\n  reason: 行政复议撤销\n")
        return "withdraw"

    def suspend(self) -> str:
        path = self.pick("credit/2026/*.yaml", lambda t: "objections:" not in t and "withdrawn:" not in t)
        assert path is not None
        with path.open("a", encoding="utf-8") as fh:
            fh.write("objections:\n  - filed: 2026-11-16\n    suspend: true\n")
        return "suspend"

    def repair(self) -> str:
        path = self.pick("credit/2026/*.yaml", lambda t: "kind: bad" in t and "repair:" not in t and "class: B" in t)
        assert path is not None
        with path.open("a", encoding="utf-8") as fh:
            fh.write("repair:\n  applied: 2026-10-09\n  decided: 2026-10-15\n  outcome: approved\n")
        return "repair"

    def evaluation_file(self) -> str:
        path = self.pick("evaluations/2025/*/evaluation.yaml")
        assert path is not None
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"notice_until: .*", "notice_until: 2025-12-31", text) + "# 改\n", encoding="utf-8")
        self.structural = True
        return "evaluation.yaml"

    def platform(self) -> str:
        self.edit(self.records / "platform.yaml", "name: ", "name: 新")
        self.structural = True
        return "platform"

    def readme(self) -> str:  # not a record: nothing changes
        (self.records / "README.md").write_text("说明\n", encoding="utf-8")
        return "readme"


EDITS: list[tuple[Callable[[PR], str], int]] = [
    (PR.add_record, 6), (PR.modify_record, 6), (PR.delete_record, 3), (PR.rename_record, 2), (PR.move_record, 1),
    (PR.change_enterprise, 3), (PR.new_enterprise, 1), (PR.drop_enterprise, 1), (PR.change_person, 1),
    (PR.change_sheet, 3), (PR.withdraw, 3), (PR.suspend, 2), (PR.repair, 2), (PR.evaluation_file, 1),
    (PR.platform, 1), (PR.readme, 1),
]


def make_pr(root: Path, seed: int) -> tuple[PR, str]:
    """Edits (the first one by the seed, so that the seeds cover every kind, then up to three at random), some
    committed and some not; returns the pull request and the base to compare with."""
    rng = random.Random(seed)
    pr = PR(root, rng)
    base = "base"
    if seed % 7 == 3:  # a base that does not validate, which the pull request mends
        victim = pr.pick("credit/2026/*.yaml", lambda t: "\nnotified: " in t)
        assert victim is not None
        good = victim.read_text(encoding="utf-8")
        victim.write_text(re.sub(r"\nnotified: .*", "", good), encoding="utf-8")
        base = commit(root, "broken")
        victim.write_text(good, encoding="utf-8")
        pr.done.append("broken base")
    edits = [EDITS[seed % len(EDITS)][0]]
    edits += rng.choices([e for e, _w in EDITS], weights=[w for _e, w in EDITS], k=rng.randint(0, 3))
    for fn in edits:
        pr.done.append(fn(pr))
        if rng.random() < 0.4:
            commit(root, "edit")
    return pr, base


# ---- the property ---------------------------------------------------------------------------------------


def both_ways(root: Path, base: str, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[int, str, str], tuple[int, str]]:
    monkeypatch.chdir(root)
    code, text, fast = run_diff(Path("records"), base, AS_OF)
    with monkeypatch.context() as mp:
        def refuse(*_a: object) -> dict[str, str | None]:
            raise NotFast("test: the full path")

        mp.setattr(diff_sides, "changes", refuse)
        mp.setenv("CREDIT_WORKERS", "1")  # and everything in one process, one side after the other
        full_code, full_text, full = run_diff(Path("records"), base, AS_OF)
    assert full.how == "checkout"
    return (code, text, fast.how), (full_code, full_text)


SEEDS = range(20)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_overlay_gives_the_report_a_checkout_gives(origin: Path, tmp_path: Path, seed: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(origin, root, symlinks=True)
    pr, base = make_pr(root, seed)
    (code, text, how), full = both_ways(root, base, monkeypatch)
    assert (code, text) == full, pr.done
    assert how == ("checkout" if pr.structural else "overlay"), pr.done
    assert code in (0, 1)


def test_a_pull_request_that_changes_nothing(origin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(origin, root, symlinks=True)
    (code, text, how), full = both_ways(root, "base", monkeypatch)
    assert (code, text) == full and how == "overlay"
    assert "公开网站的内容不变。" in text


def test_grades_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Hulunbuir example (the grades scheme): a sheet's score and a record, each way."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "examples" / "hulunbuir" / "records", root / "records")
    git(root, "init", "-q")
    commit(root, "base")
    git(root, "tag", "base")
    sheet = sorted((root / "records" / "evaluations").glob("*/*/9*.yaml"))[0]
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(re.sub(r"street: ([0-9]+)", lambda m: f"street: {int(m[1]) - 20}", text, count=1), encoding="utf-8")
    enterprise = sorted((root / "records" / "enterprises").glob("*.yaml"))[0]
    enterprise.write_text(enterprise.read_text(encoding="utf-8").replace("\nname: ", "\nname: 新", 1), encoding="utf-8")
    (code, text, how), full = both_ways(root, "base", monkeypatch)
    assert (code, text) == full and how == "overlay" and code == 0
    assert "得分" in text  # the grade changed


def test_changes_are_decided_by_bytes(origin: Path, tmp_path: Path) -> None:
    """Untracked and ignored files count as they are; a file put back as it was is no change."""
    root = tmp_path / "repo"
    shutil.copytree(origin, root, symlinks=True)
    (root / ".gitignore").write_text("records/credit/2026/*-9999.yaml\n", encoding="utf-8")
    src = sorted((root / "records" / "credit" / "2026").glob("*.yaml"))[0]
    ignored = src.with_name(src.stem.rsplit("-", 1)[0] + "-9999.yaml")
    shutil.copy(src, ignored)
    touched = sorted((root / "records" / "enterprises").glob("*.yaml"))[0]
    touched.write_text(touched.read_text(encoding="utf-8") + "# 改了\n", encoding="utf-8")
    commit(root, "two changes")
    touched.write_text(touched.read_text(encoding="utf-8").replace("# 改了\n", ""), encoding="utf-8")  # back
    from generator.day.validate import load
    from generator.records.gitref import listing

    found = listing("base", root / "records")
    rs, _problems = load(root / "records", blob_hash=found.hash_name)
    assert rs is not None
    assert changes(rs, found) == {f"credit/2026/{ignored.name}": None}


def test_slots_follow_the_walk() -> None:
    assert slot("enterprises/91410105MA9F3HX1K4.yaml") is not None
    assert slot("enterprises/91410105MA9F3HX1K5.yaml") is None  # check digit
    assert slot("credit/2026/410105-2026-0001.yaml") is not None
    assert slot("credit/2026/410105-2026-0001.yml") is None
    assert slot("credit/26/410105-2026-0001.yaml") is None
    assert slot("evaluations/2026/410105/evaluation.yaml") is None
    assert slot("evaluations/2026/410105/91410105MA9F3HX1K4.yaml") is not None
    assert slot("persons/P-410105-0001.yaml") is not None and slot("persons/x.yaml") is None
