"""Issue 12 B: ``credit new`` never leads to an unintended publication.

* A skeleton saved unedited does not validate: one message per field still to fill, naming the field, and
  no second (type) message for a placeholder that is not a date or a choice.
* What the command line names is checked before anything is written (exit 2, nothing written), with the
  likely intended code offered.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import E1, REPO, Tree

from generator.commands import cli


def new(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["new", "--records", str(root), *args])
    out, err = capsys.readouterr()
    return code, out.strip(), err


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


# what each skeleton leaves to fill: its field paths, as the messages name them
TO_FILL = {
    "bad": ["class", "item", "summary", "decision.authority", "decision.level", "decision.document",
            "decision.kind", "decision.effective", "notified", "entered", "disclosure_months"],
    "good": ["item", "summary", "decision.authority", "decision.level", "decision.document",
             "decision.effective", "entered"],
    "enterprise": ["name", "legal_representative", "registered_region", "address", "established", "hotline",
                   "projects[0].id", "projects[0].name", "projects[0].region", "projects[0].address",
                   "projects[0].since"],
    "person": ["name"],
}
ARGS = {
    "bad": ["--subject", E1, "--recorder", "410105", "--year", "2026"],
    "good": ["--subject", "P-410105-0001", "--recorder", "410105", "--year", "2026"],
    "enterprise": ["--uscc", "91410105MA19R26HN8"],  # a valid code the mini tree does not have yet
    "person": ["--region", "410105"],
}


@pytest.mark.parametrize("what", list(TO_FILL))
def test_an_unedited_skeleton_fails_with_one_message_per_field(
    what: str, tree: Tree, run_validate, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = new(capsys, tree.root, what, *ARGS[what])
    assert code == 0, err
    rel = Path(out).relative_to(tree.root).as_posix()
    res = run_validate(tree.root)
    assert res.code == 1
    mine = [p for p in res.problems if p.path.endswith(rel)]
    named = [re.match(r"尚未填写 (\S+?)（", p.message) for p in mine]
    assert all(named), res.out  # nothing but "still to fill" messages: no type error beside a placeholder
    assert sorted(m.group(1) for m in named if m) == sorted(TO_FILL[what]), res.out
    # each at the line of its field
    text = tree.text(rel).splitlines()
    for p in mine:
        key = re.match(r"尚未填写 (\S+?)（", p.message).group(1).split(".")[-1].split("]")[-1]  # type: ignore[union-attr]
        assert text[p.line - 1].lstrip(" -").startswith(f"{key.lstrip('.')}:"), (p, text[p.line - 1])
    assert "请把模板中的提示文字换成实际内容" in next(p.message for p in mine if "summary" in p.message or
                                                    "name" in p.message)


def test_a_filled_in_skeleton_validates(tree: Tree, run_validate, capsys: pytest.CaptureFixture[str]) -> None:
    # The skeleton is otherwise correct: replacing its placeholders with real values gives a valid record.
    code, out, _err = new(capsys, tree.root, "bad", *ARGS["bad"])
    assert code == 0
    path = Path(out)
    text = path.read_text(encoding="utf-8")
    for old, value in [
        ("class: 【待填写】A、B或C", "class: B"), ("item: 【待填写】评分标准条目", "item: market.1.21"),
        ("summary: 【待填写】用一句话写明事实，例如：以限制乘用电梯方式催交物业费", "summary: 以限制乘用电梯方式催交物业费"),
        ("authority: 【待填写】作出决定的机关全称", "authority: 郑州市金水区住房和城乡建设局"),
        ("level: 【待填写】决定机关层级", "level: county"),
        ("document: 【待填写】决定文书编号，例如 金建罚决字〔2026〕第1号", "document: 金建罚决字〔2026〕第30号"),
        ("kind: 【待填写】决定种类", "kind: order"),
        ("effective: 【待填写】YYYY-MM-DD", "effective: 2026-11-02"),  # Monday
        ("notified: 【待填写】YYYY-MM-DD", "notified: 2026-11-03"),
        ("entered: 【待填写】YYYY-MM-DD", "entered: 2026-11-04"),
        ("disclosure_months: 【待填写】公开期限（月）", "disclosure_months: 6"),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, value)
    assert "【待填写】" not in text
    path.write_text(text, encoding="utf-8")
    res = run_validate(tree.root)
    assert res.code == 0, res.out


def test_no_skeleton_date_defaults_to_today(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from generator.rules.calendar import today_shanghai

    root = tmp_path / "records"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", root)
    for what in TO_FILL:
        code, out, err = new(capsys, root, what, *ARGS[what])
        assert code == 0, err
        assert today_shanghai().isoformat() not in Path(out).read_text(encoding="utf-8"), what


# ---- refused at creation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        # the README's old example: the check digit of 91410105MA9F3XXXX is N (GB 32100-2015), not X
        (["bad", "--subject", "91410105MA9F3XXXXX", "--recorder", "410105"], ["校验位", E1]),
        # a company name: the matching enterprise's code is offered
        (["bad", "--subject", "郑州恒信物业服务有限公司", "--recorder", "410105"], [f"--subject {E1}"]),
        (["good", "--subject", "恒信物业", "--recorder", "410105"], [E1]),
        # a former name (enterprises/91410105MA9F3HX1K4.yaml: former_names [郑州恒信物业管理有限公司])
        (["bad", "--subject", "郑州恒信物业管理有限公司", "--recorder", "410105"], [f"--subject {E1}"]),
        # a name given for a new enterprise's code: that enterprise already has its file
        (["enterprise", "--uscc", "郑州恒信物业服务有限公司"], [f"enterprises/{E1}.yaml"]),
        # a valid code without an enterprise file (this is 91410105MA19R26HN8, valid but not in the mini tree)
        (["bad", "--subject", "91410105MA19R26HN8", "--recorder", "410105"], ["credit new enterprise"]),
        (["bad", "--subject", "P-410105-0099", "--recorder", "410105"], ["persons/P-410105-0099.yaml"]),
        # unknown, path-traversing or named recorders
        (["bad", "--subject", E1, "--recorder", "../../x"], ["authorities.yaml"]),
        (["bad", "--subject", E1, "--recorder", "410199"], ["410105"]),
        (["good", "--subject", E1, "--recorder", "郑州市金水区住房和城乡建设局"], ["410105（郑州市金水区住房和城乡建设局）"]),
        (["person", "--region", "../x"], ["regions.yaml"]),
        (["person", "--region", "419999"], ["419001"]),
    ],
)
def test_what_the_command_names_is_checked_before_writing(
    tree: Tree, capsys: pytest.CaptureFixture[str], args: list[str], words: list[str]
) -> None:
    before = files(tree.root)
    code, out, err = new(capsys, tree.root, *args)
    assert code == 2, (out, err)
    assert out == ""
    assert files(tree.root) == before
    assert not (tree.root.parent / "x.yaml").exists()
    for word in words:
        assert word in err, err


def test_new_works_when_other_records_are_broken(tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    tree.write("enterprises/91410103MA4BC2R7TC.yaml", "name: [unclosed\n")
    tree.write("credit/2026/410105-2026-0001.yaml", "subject: : :\n")
    code, _out, err = new(capsys, tree.root, "bad", "--subject", "郑州恒信物业服务有限公司", "--recorder", "410105")
    assert code == 2 and f"--subject {E1}" in err
    code, out, err = new(capsys, tree.root, "bad", *ARGS["bad"])
    assert code == 0, err
    assert Path(out).name == "410105-2026-0005.yaml"


def test_the_readme_example_names_a_demo_enterprise(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    line = next(x for x in (REPO / "README.md").read_text(encoding="utf-8").splitlines() if "credit new bad" in x)
    subject = line.split("--subject", 1)[1].split()[0]
    assert (REPO / "records" / "enterprises" / f"{subject}.yaml").is_file(), line
    root = tmp_path / "records"
    shutil.copytree(REPO / "records", root)
    code, _out, err = new(capsys, root, "bad", "--subject", subject, "--recorder", "410105")
    assert code == 0, err


def test_new_never_writes_through_a_link(tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A symlinked year folder, or a dangling link where the new file would go: refused, nothing written
    outside records/ (issue 12 review)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, tree.root / "credit" / "2027")
    code, _out, err = new(capsys, tree.root, "bad", "--subject", E1, "--recorder", "410105", "--year", "2027")
    assert code == 2 and "符号链接" in err and list(outside.iterdir()) == []
    target = tree.root / "enterprises" / "91410105MA19R26HN8.yaml"
    os.symlink(outside / "planted.txt", target)
    code, _out, err = new(capsys, tree.root, "enterprise", "--uscc", "91410105MA19R26HN8")
    assert code == 2 and not (outside / "planted.txt").exists()


@pytest.mark.parametrize("args", [["--uscc", "91410105MA19R26HN8\n"], ["--year", "2999"]])
def test_new_refuses_a_trailing_newline_and_a_year_out_of_range(tree: Tree, capsys: pytest.CaptureFixture[str],
                                                                 args: list[str]) -> None:
    before = sorted(p.as_posix() for p in tree.root.rglob("*"))
    if args[0] == "--uscc":
        code, _out, _err = new(capsys, tree.root, "enterprise", *args)
    else:
        code, _out, _err = new(capsys, tree.root, "bad", "--subject", E1, "--recorder", "410105", *args)
    assert code == 2
    assert sorted(p.as_posix() for p in tree.root.rglob("*")) == before


def test_a_company_name_is_answered_with_its_code_in_the_demo_records(capsys: pytest.CaptureFixture[str]) -> None:
    """records/enterprises/91410105MA19R26HN8.yaml is 郑州商都示例物业管理有限公司: its name gives its code, and
    nothing is written (the command refuses before writing)."""
    before = files(REPO / "records")
    code, out, err = new(capsys, REPO / "records", "bad", "--subject", "郑州商都示例物业管理有限公司",
                         "--recorder", "410105")
    assert code == 2 and out == ""
    assert "请写 --subject 91410105MA19R26HN8" in err
    assert files(REPO / "records") == before
