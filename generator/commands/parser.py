"""The ``credit`` command line in Simplified Chinese, for county clerks (issue 16).

argparse writes a few words of its own: the usage prefix, the section titles, the ``-h`` line and its error
messages. They come from its gettext catalogue, which has no Chinese and is not a public hook, so here they
are replaced through the public ways argparse offers: a help formatter (the usage prefix, the section
titles, lines wrapped by display width: a Chinese character takes two columns), a parser whose ``-h`` is
its own, and :meth:`ChineseParser.error`, which says argparse's English error messages in Chinese.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterable
from typing import Any, NoReturn

USAGE = "用法："
HELP = "显示本帮助并退出"
COMMANDS = "命令"
"""The title and the name of a parser's subcommands (``add_subparsers(title=COMMANDS, metavar=COMMANDS)``)."""

SECTION_TITLES = {
    "positional arguments": "位置参数",
    "optional arguments": "选项",  # Python ≤ 3.9
    "options": "选项",
}


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for a wide (CJK) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_NO_LINE_START = set("，。、；：？！）》」』”’】〕,.;:?!)")
"""Punctuation a Chinese line never begins with: it stays at the end of the line before."""

_TOKEN = re.compile(r"[A-Za-z0-9_./<>|:=\-\[\]{}()'\"]+|\s+|.")


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: breaks between Chinese characters or at spaces, never
    inside a Latin word, a code or a path (a longer one stands on a line of its own)."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(" ".join(text.split())):
        w = display_width(token)
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        if used + w > width and line.strip() and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + w
    if line.strip():
        lines.append(line.rstrip())
    return lines


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Help in Chinese words, wrapped by the columns the text takes (not by its number of characters)."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(SECTION_TITLES.get(heading or "", heading))

    def _format_action(self, action: argparse.Action) -> str:
        """argparse pads an argument's name by its number of characters; a Chinese name (``--year 年份``) is
        wider on the screen, so the padding is shortened by the difference and the help stays in its column
        (on the next line where there is no room)."""
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = display_width(invocation) - len(invocation)
        first, newline, rest = text.partition("\n")
        head = first.lstrip(" ")
        if extra <= 0 or not head.startswith(invocation):
            return text
        indent = first[: len(first) - len(head)]
        after = head[len(invocation):]
        helped = after.lstrip(" ")
        pad = len(after) - len(helped)
        if not helped:
            return text
        if pad - extra >= 2:
            return indent + invocation + " " * (pad - extra) + helped + newline + rest
        column = len(indent) + len(invocation) + pad
        return indent + invocation + "\n" + " " * column + helped + newline + rest

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width))


class ChineseParser(argparse.ArgumentParser):
    """An argument parser that speaks Chinese: its own ``-h``, the help formatter above, and errors in Chinese
    (``用法：…`` then ``credit explain：错误：…``, exit status 2 as argparse's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # argparse's own -h says "show this help message and exit"
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def format_help(self) -> str:
        """argparse ends each section title with an ASCII colon; a Chinese title takes a full-width one."""
        titles = "|".join(re.escape(t) for t in sorted({*SECTION_TITLES.values(), COMMANDS}))
        return re.sub(rf"^(\s*)({titles}):$", r"\1\2：", super().format_help(), flags=re.M)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_error(message, self.prog)}\n")


# ---- argparse's error messages, in Chinese ----------------------------------------------------------------

_NUMBER_TYPES = {"int": "整数", "float": "数字"}


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _listed(text: str) -> str:
    """``'a', 'b', 'c'`` (argparse's list of choices or names) → ``a、b、c``."""
    return "、".join(_unquote(part) for part in re.split(r",\s*", text.strip()) if part.strip())


def _choice(arg: str, value: str, choices: str, prog: str) -> str:
    if arg in (COMMANDS, "command"):  # the subcommand
        return f"“{_unquote(value)}” 不是 {prog} 的命令；可用的命令：{_listed(choices)}（用 {prog} -h 查看说明）"
    return f"参数 {arg} 的取值 “{_unquote(value)}” 不在可选范围内；可选：{_listed(choices)}"


def _invalid_value(arg: str, kind: str, value: str) -> str:
    what = _NUMBER_TYPES.get(kind)
    if what is not None:
        return f"参数 {arg} 应为{what}，“{_unquote(value)}” 不是{what}"
    return f"参数 {arg} 的取值 “{_unquote(value)}” 无效"


def _count(arg: str, n: str) -> str:
    return f"参数 {arg} 后面应有 {n} 个值"


_ARGUMENT_ERRORS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"invalid choice: (.+?) \(choose from (.+)\)"), lambda a, m, p: _choice(a, m[1], m[2], p)),
    (re.compile(r"invalid (\w+) value: (.+)"), lambda a, m, p: _invalid_value(a, m[1], m[2])),
    (re.compile(r"expected one argument"), lambda a, m, p: f"参数 {a} 后面需要写一个值"),
    (re.compile(r"expected at most one argument"), lambda a, m, p: f"参数 {a} 后面最多写一个值"),
    (re.compile(r"expected at least one argument"), lambda a, m, p: f"参数 {a} 后面至少写一个值"),
    (re.compile(r"expected (\d+) arguments?"), lambda a, m, p: _count(a, m[1])),
    (re.compile(r"not allowed with argument (.+)"), lambda a, m, p: f"参数 {a} 不能与 {m[1]} 同时使用"),
    (re.compile(r"ignored explicit argument (.+)"), lambda a, m, p: f"参数 {a} 不接受值（“{_unquote(m[1])}”）"),
]

_ERRORS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"the following arguments are required: (.+)"),
     lambda m, p: f"缺少必填参数：{_listed(m[1])}（用 {p} -h 查看说明）"),
    (re.compile(r"unrecognized arguments: (.+)"),
     lambda m, p: f"不认识的参数：{m[1]}（用 {p} -h 查看可用的参数）"),
    (re.compile(r"one of the arguments (.+) is required"),
     lambda m, p: f"参数 {'、'.join(m[1].split())} 必须写一个"),
    (re.compile(r"ambiguous option: (\S+?)(?:=\S*)? could match (.+)"),
     lambda m, p: f"参数 {m[1]} 不完整，可能是：{_listed(m[2])}；请写全"),
]


def chinese_error(message: str, prog: str = "credit") -> str:
    """One of argparse's error messages in Chinese; a message already in Chinese (from an argument's type,
    such as ``--as-of``) keeps its words, behind the name of the argument."""
    for pattern, say in _ERRORS:
        m = pattern.fullmatch(message)
        if m:
            return str(say(m, prog))
    m = re.fullmatch(r"argument (.+?): (.+)", message, flags=re.S)
    if m is None:
        return message
    arg, rest = m[1], m[2]
    for pattern, say in _ARGUMENT_ERRORS:
        found = pattern.fullmatch(rest)
        if found:
            return str(say(arg, found, prog))
    return f"参数 {arg}：{rest}"
