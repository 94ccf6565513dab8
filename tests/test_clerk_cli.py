"""Issue 16: the clerk's command line speaks Chinese — argparse's own words included ("usage:", "options",
"show this help message and exit", "error: the following arguments are required") — and its help fits a
terminal by the columns Chinese text takes."""

from __future__ import annotations

import argparse
import re

import pytest

from generator.commands import cli
from generator.commands.parser import chinese_error, display_width, wrap

ARGPARSE_ENGLISH = re.compile(
    r"usage:|positional arguments|optional arguments|options:|show this help|error:|argument |"
    r"invalid choice|invalid int|required|unrecognized|expected one|not allowed with|choose from"
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse: -h exits 0, a refused argument 2
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_command_and_argument_has_chinese_help() -> None:
    found = commands()
    assert {"validate", "new", "build", "explain", "expiring", "deadlines", "diff", "serve", "release", "guard",
            "publish"} <= set(found)
    for name, parser in found.items():
        assert parser.description and CJK.search(parser.description), name
        for action in parser._actions:
            assert action.help and CJK.search(action.help), (name, action.option_strings or action.dest)
            if action.option_strings and action.nargs != 0:  # a value's placeholder is a Chinese word
                assert action.metavar and CJK.search(str(action.metavar)), (name, action.option_strings)


@pytest.mark.parametrize("argv", [["-h"], *([name, "-h"] for name in sorted(commands()))])
def test_help_has_no_english_argparse_words(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 0 and err == ""
    assert out.startswith("用法：credit")
    assert "选项：" in out and "-h, --help" in out and "显示本帮助并退出" in out
    assert not ARGPARSE_ENGLISH.search(out), out


def test_help_columns_line_up_with_chinese_names(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, "explain", "-h")
    # every argument's help starts in one column, counted in screen columns (a Chinese character is two)
    starts = set()
    for line in out.splitlines():
        m = re.match(r"^  (\S.*?)  +(\S.*)$", line)
        if m and (m[1].startswith("-") or m[1] == "主体"):
            starts.add(display_width(line[: line.index(m[2], len(m[1]) + 2)]))
    assert len(starts) == 1, out
    assert all(display_width(line) <= 80 for line in out.splitlines() if not line.startswith("用法")), out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["explain"], "credit explain：错误：缺少必填参数：主体"),
        (["bogus"], "credit：错误：“bogus” 不是 credit 的命令；可用的命令：validate、new、build、explain"),
        ([], "credit：错误：缺少必填参数：命令"),
        (["expiring", "--days", "x"], "credit expiring：错误：参数 --days 应为整数，“x” 不是整数"),
        (["validate", "--as-of", "2026-13-01"],
         "credit validate：错误：参数 --as-of：“2026-13-01” 不是日期：请写成 YYYY-MM-DD"),
        (["validate", "--format", "xml"], "参数 --format 的取值 “xml” 不在可选范围内；可选：text、github"),
        (["new", "ugly"], "参数 种类 的取值 “ugly” 不在可选范围内；可选：bad、good、enterprise、person"),
        (["validate", "--bogus"], "credit：错误：不认识的参数：--bogus"),
        (["diff", "--base"], "credit diff：错误：参数 --base 后面需要写一个值"),
        (["guard", "--previous", "a", "--previous-index", "b"],
         "credit guard：错误：参数 --previous-index 不能与 --previous 同时使用"),
        (["guard"], "credit guard：错误：参数 --previous、--previous-index 必须写一个"),
        (["guard", "--previous", "a", "--max-drop", "3"], "比例应在 0 到 1 之间（现为 3）"),
    ],
)
def test_refused_arguments_are_said_in_chinese(capsys: pytest.CaptureFixture[str], argv: list[str],
                                               says: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("用法：credit"), err
    assert says in err, err
    assert not ARGPARSE_ENGLISH.search(err), err
    assert "Traceback" not in err


def test_argparse_messages_of_other_python_versions() -> None:
    # the wording of argparse's messages varies a little between Python versions; each is still said
    assert chinese_error("argument --format: invalid choice: xml (choose from text, github)") == (
        "参数 --format 的取值 “xml” 不在可选范围内；可选：text、github")
    assert chinese_error("argument --days: expected 2 arguments") == "参数 --days 后面应有 2 个值"
    assert chinese_error("ambiguous option: --re could match --records, --recorder") == (
        "参数 --re 不完整，可能是：--records、--recorder；请写全")
    assert chinese_error("something argparse says one day") == "something argparse says one day"


def test_wrap_counts_screen_columns_and_keeps_punctuation_on_its_line() -> None:
    assert wrap("一二三四五", 6) == ["一二三", "四五"]
    assert wrap("一二，三四", 4) == ["一二，", "三四"]  # never a line beginning with "，"
    assert wrap("写 records/credit/2026/ 下", 10) == ["写", "records/credit/2026/", "下"]  # a path is never cut
    assert all(display_width(line) <= 20 for line in wrap("物业服务企业信用信息公示：校验记录、查看评分、生成网站", 20))
