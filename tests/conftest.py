"""Shared fixtures: a copy of the hand-written valid records tree (tests/fixtures/mini) to break, and ways
to run ``credit validate`` on it and read what it printed.

The mini tree, as of 2026-11-22 (every date below was checked by hand against the State Council schedule):

* enterprises 91410105MA9F3HX1K4 (金水区, project hengxin-garden; old-yard in 二七区 ended 2020),
  91410103MA4BC2R7TC (二七区, projects in 二七区 and 洛阳老城区), 91419001MA47QD8L2E (济源, no projects);
* persons P-410105-0001, P-410105-0002, P-410103-0001;
* credit/2026/410105-2026-0001  bad B market.1.21, effective Mon 2026-03-02, entered 03-05, objection
                                resolved;
  credit/2026/410105-2026-0002  bad B market.5 points 2, repair approved;
  credit/2026/410103-2026-0001  bad B safety.3.2 fire penalty, 12 months, objection filed 2026-11-18 pending;
  credit/2025/410103-2025-0001  bad C refusing correction, effective Fri 2025-09-26, entered 2025-10-13 (the
                                7th working day after), 6 months + a 6-month extension;
  credit/2026/410105-2026-0003  good, market award, city level;
  credit/2026/410105-2026-0004  bad B on person P-410105-0001;
  credit/2026/410105001-2026-0001  good social.7 entered by a street office;
* evaluations/2026/410105: cutoff 2026-12-10, published Tue 2026-12-15, notice_until 2026-12-24 (the 7th
  working day after), and a red/smart sheet for 91410105MA9F3HX1K4.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.commands import cli

MINI = Path(__file__).parent / "fixtures" / "mini"


_MADE: list[str] = []  # the cache folders pytest_configure made, and that pytest_unconfigure removes


def pytest_configure(config: pytest.Config) -> None:
    """Tests share one parse cache of their own (generator.records.parse_cache), and its key, never the developer's."""
    import os
    import tempfile

    for var, prefix in (("XDG_CACHE_HOME", "credit-test-home-cache-"), ("CREDIT_CACHE_DIR", "credit-test-cache-")):
        if var not in os.environ:
            os.environ[var] = tempfile.mkdtemp(prefix=prefix)
            _MADE.append(os.environ[var])


# The longest tests (a few minutes each on a two-core machine), in the order a test run on several workers
# (``make test``: pytest-xdist, ``--dist load --maxschedchunk 2``) should start them. xdist hands each worker the
# next two tests of the collection, so pairs of a long and a shorter test go to different workers at the start
# and no worker is left with two of the longest at the end. Only the order changes; every test still runs.
LONG_FIRST = (
    "test_release_leaks.py::test_every_night_of_a_year_on_the_mini_records[july-december]",
    "test_browser_site.py::test_every_page_fits_a_phone[demo]",
    "test_golden.py::test_output_matches_the_golden_digest[synthetic-1k]",
    "test_release_leaks.py::test_every_night_of_a_year_on_the_mini_records[january-june]",
    "test_incremental.py::test_rebuilds_over_every_transition_equal_fresh_builds",
    "test_release_leaks.py::test_no_release_ever_names_a_record_not_public_that_night",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest tests first (:data:`LONG_FIRST`), the rest in their usual order."""
    def rank(item: pytest.Item) -> int:
        for i, suffix in enumerate(LONG_FIRST):
            if item.nodeid.endswith(suffix):
                return i
        return len(LONG_FIRST)

    items.sort(key=rank)  # stable: the rest keep pytest's order


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the caches made above (30 MB a run were left in /tmp); never a folder the caller named."""
    while _MADE:
        shutil.rmtree(_MADE.pop(), ignore_errors=True)
REPO = Path(__file__).parent.parent
AS_OF = "2026-11-22"

E1 = "91410105MA9F3HX1K4"  # 郑州恒信物业服务有限公司, 金水区
E2 = "91410103MA4BC2R7TC"  # 郑州二七安居物业服务有限公司, 二七区 + 洛阳
E3 = "91419001MA47QD8L2E"  # 济源市康居物业服务有限公司

ENT1 = f"enterprises/{E1}.yaml"
ENT2 = f"enterprises/{E2}.yaml"
ENT3 = f"enterprises/{E3}.yaml"
R1 = "credit/2026/410105-2026-0001.yaml"
R2 = "credit/2026/410105-2026-0002.yaml"
R3 = "credit/2026/410103-2026-0001.yaml"
R4 = "credit/2025/410103-2025-0001.yaml"
R5 = "credit/2026/410105-2026-0003.yaml"
R6 = "credit/2026/410105-2026-0004.yaml"
R7 = "credit/2026/410105001-2026-0001.yaml"
EVAL = "evaluations/2026/410105/evaluation.yaml"
SHEET1 = f"evaluations/2026/410105/{E1}.yaml"

_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<sev>错误|警告)：(?P<msg>.*)$")


@dataclass(frozen=True)
class Reported:
    path: str
    line: int
    severity: str  # "error" | "warning"
    message: str


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[Reported]:
        found = []
        for raw in self.out.splitlines():
            mt = _LINE.match(raw)
            if mt:
                sev = "error" if mt["sev"] == "错误" else "warning"
                found.append(Reported(mt["path"], int(mt["line"]), sev, mt["msg"]))
        return found

    @property
    def errors(self) -> list[Reported]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Reported]:
        return [p for p in self.problems if p.severity == "warning"]

    def find(self, rel: str, line: int, word: str, severity: str = "error") -> Reported:
        """The one reported problem in file ``rel`` at ``line`` whose message contains ``word``."""
        hits = [
            p for p in self.problems
            if p.path.endswith(rel) and p.line == line and p.severity == severity and word in p.message
        ]
        assert hits, (
            f"expected a {severity} in {rel} at line {line} mentioning {word!r}; got:\n{self.out}{self.err}"
        )
        return hits[0]


class Tree:
    """A writable copy of the mini records, with edits that report the line they touched."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def text(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def line_of(self, rel: str, needle: str) -> int:
        """1-based line of the only occurrence of ``needle`` in the file."""
        text = self.text(rel)
        assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times in {rel}"
        return text[: text.index(needle)].count("\n") + 1

    def replace(self, rel: str, old: str, new: str) -> int:
        """Replace the only occurrence of ``old``; returns the line where it started."""
        line = self.line_of(rel, old)
        self.path(rel).write_text(self.text(rel).replace(old, new), encoding="utf-8")
        return line

    def insert_after(self, rel: str, anchor: str, new_lines: str) -> int:
        """Insert ``new_lines`` (ending in a newline) after the line holding ``anchor``; returns its line."""
        line = self.line_of(rel, anchor)
        lines = self.text(rel).splitlines(keepends=True)
        lines.insert(line, new_lines)
        self.path(rel).write_text("".join(lines), encoding="utf-8")
        return line + 1

    def delete_line(self, rel: str, needle: str) -> int:
        line = self.line_of(rel, needle)
        lines = self.text(rel).splitlines(keepends=True)
        del lines[line - 1]
        self.path(rel).write_text("".join(lines), encoding="utf-8")
        return line

    def append(self, rel: str, text: str) -> int:
        """Append ``text``; returns the line it starts on."""
        before = self.text(rel)
        assert before.endswith("\n")
        self.path(rel).write_text(before + text, encoding="utf-8")
        return before.count("\n") + 1

    def write(self, rel: str, text: str) -> Path:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        return p

    def move(self, rel: str, new_rel: str) -> Path:
        dst = self.path(new_rel)
        dst.parent.mkdir(parents=True, exist_ok=True)
        self.path(rel).rename(dst)
        return dst


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    root = tmp_path / "records"
    shutil.copytree(MINI, root)
    return Tree(root)


@pytest.fixture
def run_validate(capsys: pytest.CaptureFixture[str]):
    """Run ``credit validate`` in this process (``generator.commands.cli.main``) and capture what it printed."""

    def run(root: Path, *extra: str, as_of: str = AS_OF) -> Result:
        capsys.readouterr()
        code = cli.main(["validate", "--records", str(root), "--as-of", as_of, *extra])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_validate_process(root: Path, *extra: str, as_of: str = AS_OF) -> Result:
    """Run ``python -m generator.commands.cli validate`` as a real process."""
    proc = subprocess.run(
        [sys.executable, "-m", "generator.commands.cli", "validate", "--records", str(root), "--as-of", as_of, *extra],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
