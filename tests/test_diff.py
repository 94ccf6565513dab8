"""``credit diff --base GITREF``: the impact report of a pull request, on a real temporary git repository.

The repository starts as a copy of tests/fixtures/mini (see conftest.py) and gets one commit per kind of
change. Every expected number below was worked out by hand from the rulebook (附件1) and the fixture,
as of 2026-12-20 (after the 2026 evaluation of 410105 was published on 12-15; notice until 12-24):

Base rating of 郑州恒信物业服务有限公司 (91410105MA9F3HX1K4), 2026, by 410105:
  market 100 − 3 (410105-2026-0001, market.1.21 = 3 分) + 3 (410105-2026-0003, city award) = 100
         (410105-2026-0002 was repaired on 2026-06-05, before the cutoff: not counted);
  safety 100; red 5 (1.1 full) + 4 (1.2, one part missing) + 0 (2.1 absent) = 9;
  smart 2 (1.1) + 6 (5.1: one community fully, ≤ 2 communities → 6) + 2 (7.1: 2 results) = 10;
  social 50 + 1 (social.7, street) = 51; stars: market and safety → level 2.

1. new record 410105-2026-0005: market.1.18 (10 分) × 3, effective Tue 2026-09-01, entered 09-30 → public
   through 2027-03-01; market 100 − 30 = 70 < 80 → one star → level 1; entered later than the 7th working
   day after 09-01 (= 2026-09-10): a new warning.
2. repair of 410105-2026-0001 decided 2026-10-12 (before the cutoff): hidden; market 70 + 3 = 73; level 1.
3. withdrawal of 410103-2026-0001 on 2026-11-30: hidden; its enterprise has no rating → no rating change.
4. evaluation sheet: red "1.2" 1 → 0: red 9 → 10; level stays 1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import E1, MINI, R1, R3, R5, SHEET1

from generator.commands import cli
from generator.commands.diff import md
from generator.records.gitref import materialize

AS_OF = "2026-12-20"
GIT = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main"]

NEW_ID = "410105-2026-0005"
NEW_REL = f"credit/2026/{NEW_ID}.yaml"
NEW_SUMMARY = "未在小区显著位置公示物业服务收费标准"
NEW_RECORD = f"""\
subject: {E1}
project: hengxin-garden
kind: bad
class: B
item: market.1.18
count: 3
summary: {NEW_SUMMARY}
decision:
  authority: 郑州市金水区住房和城乡建设局
  level: county
  document: 金建改字〔2026〕第21号
  kind: order
  effective: 2026-09-01
recorder: "410105"
notified: 2026-09-02
entered: 2026-09-30
disclosure_months: 6
"""
R1_SUMMARY = "以限制乘用电梯方式催交物业费"
R1_DOCUMENT = "金建罚决字〔2026〕第12号"
R3_SUMMARY = "消防车通道被占用未及时清理"
R3_DOCUMENT = "二消行罚决字〔2026〕第21号"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    out = subprocess.run([*GIT, *args], cwd=repo, capture_output=True, text=True, check=True, env=env)
    return out.stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.records = root / "records"
        self.commits: dict[str, str] = {}

    def path(self, rel: str) -> Path:
        return self.records / rel

    def append(self, rel: str, text: str) -> None:
        p = self.path(rel)
        p.write_text(p.read_text(encoding="utf-8") + text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        p = self.path(rel)
        body = p.read_text(encoding="utf-8")
        assert body.count(old) == 1, (rel, old)
        p.write_text(body.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    shutil.copytree(MINI, root / "records")
    (root / "README.md").write_text("测试仓库\n", encoding="utf-8")
    r = Repo(root)
    r.commits["base"] = commit(root, "mini")
    return r


@pytest.fixture
def run_diff(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """``credit diff`` in this process, with the working directory in the repository (as in CI)."""

    def run(repo: Repo, base: str, as_of: str = AS_OF, records: str = "records") -> tuple[int, str]:
        monkeypatch.chdir(repo.root)
        capsys.readouterr()
        code = cli.main(["diff", "--records", records, "--base", base, "--as-of", as_of])
        out = capsys.readouterr()
        return code, out.out + out.err

    return run


def add_new_record(repo: Repo) -> str:
    repo.path(NEW_REL).write_text(NEW_RECORD, encoding="utf-8")
    return commit(repo.root, "new record")


def add_repair(repo: Repo) -> str:
    repo.append(R1, "repair:\n  applied: 2026-10-08\n  decided: 2026-10-12\n  outcome: approved\n")
    return commit(repo.root, "repair")


def add_withdrawal(repo: Repo) -> str:
    repo.append(R3, "withdrawn:\n  date: 2026-11-30\n  reason: 行政复议撤销\n")
    return commit(repo.root, "withdrawal")


def change_sheet(repo: Repo) -> str:
    repo.replace(SHEET1, '"1.2": 1', '"1.2": 0')
    return commit(repo.root, "evaluation")


def test_new_record(repo: Repo, run_diff) -> None:
    add_new_record(repo)
    code, out = run_diff(repo, repo.commits["base"])
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "本次变更将公开 1 条 B 类不良信息，隐藏 0 条；1 家企业评级变化；新增 1 条校验警告"
    assert f"- `{NEW_ID}` 郑州恒信物业服务有限公司（{E1}）：B 类不良信息，market.1.18「" in out
    assert "扣 10 分 × 3；金建改字〔2026〕第21号，2026-09-01 生效，公开至 2027-03-01（新增记录）" in out
    assert f"  - 摘要：{NEW_SUMMARY}" in lines
    assert "- 郑州恒信物业服务有限公司（2026 年度）：市场行为规范 100 → 70，等级 2 → 1 星" in lines
    # the new record's late entry is new; the overdue objection of 410103-2026-0001 was there before
    assert f"- `records/{NEW_REL}:16`：录入晚于第七条规定的 7 个工作日（应于 2026-09-10 前录入）" in lines
    assert "异议已超过" not in out
    assert "将隐藏" not in out


def test_repair_hides_by_id_only(repo: Repo, run_diff) -> None:
    before = add_new_record(repo)
    add_repair(repo)
    code, out = run_diff(repo, before)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "本次变更将公开 0 条信用信息，隐藏 1 条；1 家企业评级变化"
    assert "- `410105-2026-0001`（已信用修复）" in lines
    assert "- 郑州恒信物业服务有限公司（2026 年度）：市场行为规范 70 → 73，等级不变（1 星）" in lines
    assert R1_SUMMARY not in out and R1_DOCUMENT not in out


def test_withdrawal_hides_by_id_only(repo: Repo, run_diff) -> None:
    add_withdrawal(repo)
    code, out = run_diff(repo, repo.commits["base"])
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "本次变更将公开 0 条信用信息，隐藏 1 条；0 家企业评级变化"
    assert "- `410103-2026-0001`（决定已撤销）" in lines
    assert "信用评价变化" not in out
    assert R3_SUMMARY not in out and R3_DOCUMENT not in out
    assert "郑州二七安居物业服务有限公司" not in out  # the subject of a hidden record is not named either


def test_evaluation_change(repo: Repo, run_diff) -> None:
    add_new_record(repo)
    add_repair(repo)
    before = add_withdrawal(repo)
    change_sheet(repo)
    code, out = run_diff(repo, before)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "本次变更将公开 0 条信用信息，隐藏 0 条；1 家企业评级变化"
    assert "- 郑州恒信物业服务有限公司（2026 年度）：红色物业创建 9 → 10，等级不变（1 星）" in lines


def test_all_changes_against_the_first_commit(repo: Repo, run_diff) -> None:
    add_new_record(repo)
    add_repair(repo)
    add_withdrawal(repo)
    change_sheet(repo)
    code, out = run_diff(repo, repo.commits["base"])
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "本次变更将公开 1 条 B 类不良信息，隐藏 2 条；1 家企业评级变化；新增 1 条校验警告"
    short = git(repo.root, "rev-parse", "--short", repo.commits["base"])
    assert lines[2].startswith(
        f"> 基准 `{repo.commits['base']}`（{short}） → 当前工作区；数据日期 2026-12-20")
    assert "- `410103-2026-0001`（决定已撤销）" in lines
    assert "- `410105-2026-0001`（已信用修复）" in lines
    assert ("- 郑州恒信物业服务有限公司（2026 年度）："
            "市场行为规范 100 → 73，红色物业创建 9 → 10，等级 2 → 1 星") in lines
    for secret in (R1_SUMMARY, R1_DOCUMENT, R3_SUMMARY, R3_DOCUMENT):
        assert secret not in out
    assert NEW_SUMMARY in out  # the record that becomes public is shown in full


def test_uncommitted_changes_count(repo: Repo, run_diff) -> None:
    """The working tree is compared, committed or not (a regulator runs it before committing)."""
    repo.path(NEW_REL).write_text(NEW_RECORD, encoding="utf-8")
    code, out = run_diff(repo, "HEAD")
    assert code == 0, out
    assert out.startswith("本次变更将公开 1 条 B 类不良信息")


def test_rating_not_yet_published(repo: Repo, run_diff) -> None:
    add_new_record(repo)
    code, out = run_diff(repo, repo.commits["base"], as_of="2026-11-22")
    assert code == 0, out
    assert ("- 郑州恒信物业服务有限公司（2026 年度）："
            "市场行为规范 100 → 70，等级 2 → 1 星（评定结果 2026-12-15 起公示）") in out.splitlines()


def test_public_record_modified(repo: Repo, run_diff) -> None:
    repo.replace(R5, "郑房〔2026〕第45号", "郑房〔2026〕第46号")
    code, out = run_diff(repo, "HEAD")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "本次变更将公开 0 条信用信息，隐藏 0 条；0 家企业评级变化；修改 1 条公开信息"
    assert (f"- `410105-2026-0003` 郑州恒信物业服务有限公司（{E1}）："
            "文书编号 郑房〔2026〕第45号 → 郑房〔2026〕第46号") in lines


def test_no_change(repo: Repo, run_diff) -> None:
    code, out = run_diff(repo, "HEAD")
    assert code == 0
    assert out.splitlines()[0] == "本次变更将公开 0 条信用信息，隐藏 0 条；0 家企业评级变化"
    assert "公开网站的内容不变。" in out


def test_base_without_records(tmp_path: Path, run_diff) -> None:
    """A base with no records directory: everything public counts as newly public (public on 2026-12-20:
    410105-2026-0001 and 410103-2026-0001 (B), 410105-2026-0003 and 410105001-2026-0001 (good); not
    410105-2026-0002 (repaired), 410105-2026-0004 (expired 09-15), 410103-2025-0001 (expired 09-26))."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README.md").write_text("空仓库\n", encoding="utf-8")
    first = commit(root, "empty")
    shutil.copytree(MINI, root / "records")
    commit(root, "records")
    r = Repo(root)
    code, out = run_diff(r, first)
    assert code == 0, out
    lines = out.splitlines()
    # 3 enterprises and 3 persons are new basic information; the overdue objection (filed 2026-11-18) is
    # a new warning since the base had none
    assert lines[0] == ("本次变更将公开 2 条 B 类不良信息、2 条优良信息，隐藏 0 条；1 家企业评级变化；"
                        "基本信息变化 6 项；新增 1 条校验警告")
    assert any("中没有记录目录，按空白基准比较" in line for line in lines)
    first_rating = "- 郑州恒信物业服务有限公司（2026 年度）：市场行为规范 — → 100，"
    assert any(line.startswith(first_rating) and "（新增评定）" in line for line in lines)


def test_invalid_base_is_compared_as_empty(repo: Repo, run_diff) -> None:
    repo.replace(R1, "notified: 2026-03-03\n", "")
    broken = commit(repo.root, "broken")
    repo.append(R1, "notified: 2026-03-03\n")
    code, out = run_diff(repo, broken)
    assert code == 0, out
    assert "的记录校验未通过（" in out and "按空白基准比较" in out
    assert out.startswith("本次变更将公开 2 条 B 类不良信息、2 条优良信息，隐藏 0 条")


def test_invalid_working_tree_exits_1(repo: Repo, run_diff) -> None:
    repo.replace(R1, "notified: 2026-03-03\n", "")
    code, out = run_diff(repo, "HEAD")
    assert code == 1
    assert f"records/{R1}:" in out
    assert any(line.startswith(f"records/{R1}:") and ": 错误：" in line and "notified" in line
               for line in out.splitlines())


def test_unknown_base(repo: Repo, run_diff) -> None:
    code, out = run_diff(repo, "no-such-branch")
    assert code == 2
    assert "找不到基准版本" in out


def test_records_given_as_absolute_path_from_elsewhere(repo: Repo, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    add_new_record(repo)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    argv = ["diff", "--records", str(repo.records), "--base", repo.commits["base"], "--as-of", AS_OF]
    code = cli.main(argv)
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("本次变更将公开 1 条 B 类不良信息，隐藏 0 条；1 家企业评级变化；新增 1 条校验警告")


def test_materialize_reads_the_tree_at_the_ref(repo: Repo, tmp_path: Path) -> None:
    base = repo.commits["base"]
    add_new_record(repo)
    tree = materialize(base, repo.records, tmp_path / "out")
    assert tree.commit == base and tree.root is not None
    files = sorted(p.relative_to(MINI).as_posix() for p in MINI.rglob("*") if p.is_file())
    got = sorted(p.relative_to(tree.root).as_posix() for p in tree.root.rglob("*") if p.is_file())
    assert got == files and tree.files == len(files)
    for rel in files:
        assert (tree.root / rel).read_bytes() == (MINI / rel).read_bytes()
    assert not (tree.root / NEW_REL).exists()


def test_markdown_of_record_text_is_inert() -> None:
    assert md("<script>alert(1)</script> *x* `y` [z](u)|") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\`y\\` \\[z\\](u)\\|")
    assert md("第一行\n第二行") == "第一行 第二行"


def test_mentions_and_references_in_records_never_notify(repo: Repo, run_diff) -> None:
    """A summary naming ``@octocat``, ``@org/team`` or ``#1`` must not ping anyone or link an issue when the
    report is posted as a pull-request comment (issue 12, item 12)."""
    repo.path(NEW_REL).write_text(NEW_RECORD.replace(NEW_SUMMARY, "业主 @octocat 与 @acme/reviewers 投诉，见 #1"),
                                  encoding="utf-8")
    commit(repo.root, "new record mentioning people")
    code, out = run_diff(repo, repo.commits["base"])
    assert code == 0, out
    assert "octocat" in out and "reviewers" in out
    assert re.search(r"@[A-Za-z0-9]", out) is None, out
    assert re.search(r"#[0-9]", out) is None, out


def test_md_breaks_mentions() -> None:
    assert md("@octocat") == "@\u200boctocat"
    assert md("#12") == "\\#\u200b12"
