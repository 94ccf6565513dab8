"""Privacy and spreadsheet safety at the door (第九条, DESIGN §9).

Every text of every record file is checked as it is loaded, whatever else is wrong with the file:
no identity-card numbers, no mobile numbers, no text a spreadsheet would run as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.cn import ric, uscc

from .problems import Problem
from .yamlload import LineMap, LooseNumber

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")


def _scalars(value: object, texts: list[str], others: list[str]) -> None:
    """Texts (and numbers only YAML 1.1 would read, which stay as written) into ``texts``; the other values
    (numbers, dates) as text into ``others``: they cannot start a formula but may hold a number."""
    if isinstance(value, dict):
        for v in value.values():
            _scalars(v, texts, others)
    elif isinstance(value, list):
        for v in value:
            _scalars(v, texts, others)
    elif isinstance(value, str):
        texts.append(value)
    elif isinstance(value, LooseNumber):
        texts.append(value.text)
    elif isinstance(value, float) and not abs(value) < 1e10:
        texts.append("=")  # its digits as written are lost (1.1e+17): let the line-by-line scan read them
    elif value is not None and not isinstance(value, bool):
        others.append(str(value))


def suspect(value: object) -> bool:
    """A quick look at a file's values: could :func:`text_problems` find anything? (False for nearly every
    file, so the line-by-line scan runs only where it may report; never False where it would.)"""
    texts: list[str] = []
    others: list[str] = []
    _scalars(value, texts, others)
    if any(t[:1] in _UNSAFE_START for t in texts):
        return True
    joined = "\n".join(texts + others)
    if not _DIGIT_RUN.search(joined):
        return False
    if _MOBILE.search(joined):
        return True
    return any(_is_id_card(m) for m in _ID_CARD.findall(joined))


def _is_id_card(digits: str) -> bool:
    """A valid identity-card number that is not also a valid USCC (every record names its enterprise's USCC)."""
    code = digits.upper()
    return bool(ric.is_valid(code)) and not uscc.is_valid(code)


_DIGIT_RUN = re.compile(r"[0-9]{17}[0-9Xx]|1[3-9][0-9](?:[- ]?[0-9]{4}){2}")


def text_problems(display: str, lines: LineMap) -> Iterator[Problem]:
    """第九条 and DESIGN §9: no identity-card or mobile numbers, no spreadsheet-formula starts, in any text."""
    for path, (text, _style) in lines.raw.items():
        if not text:
            continue
        line = lines.line(path)
        for match in _ID_CARD.finditer(text):
            if _is_id_card(match.group(0)):
                yield Problem(display, line, "文字中含有身份证号码：个人身份信息不得公开（第九条），请删除")
                break
        if _MOBILE.search(text):
            yield Problem(
                display, line,
                "文字中含有手机号码：个人联系方式不得公开（第九条）；热线请填写单位的公共服务电话",
            )
        if text.startswith(_UNSAFE_START) and _style_is_text(lines, path):
            yield Problem(
                display, line,
                f"文字不能以 “{text[0]!r}”（= + - @ 制表符）开头：电子表格会把它当作公式。请在前面加上文字或删除该符号"
                .replace("'", ""),
            )


def _style_is_text(lines: LineMap, path: tuple[str | int, ...]) -> bool:
    text, style = lines.raw[path]
    if style == "quoted":
        return True
    try:  # a plain negative number is a number, not text
        float(text)
        return False
    except ValueError:
        return True
