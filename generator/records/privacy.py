"""Privacy, clean text and spreadsheet safety at the door (第九条, DESIGN §9).

Every text of every record file is checked as it is loaded, whatever else is wrong with the file:

* no identity-card numbers and no mobile numbers, however written (full-width or Chinese digits, spaces,
  dots, hyphens, zero-width characters between the digits, glued to letters);
* no control, bidi-override or zero-width characters (a newline only inside ``summary`` and ``note``);
* no text a spreadsheet would run as a formula;
* no placeholder left over from a ``credit new`` skeleton (:mod:`generator.commands.scaffold`).

How numbers are found (:func:`personal_numbers`): a text is normalised — NFKC (full-width → ASCII), Chinese
and other-script digits to ASCII, invisible characters (format characters, combining marks, controls)
removed — and cut into *chains*: digit groups joined by at most three separator characters (spaces, dots,
hyphens, slashes, underscores, brackets, middle dots …). Letters, Chinese characters, commas, colons and
``、`` end a chain, so a list ``第1、3、5项`` or a time ``13:00`` never joins into a number. Every run of
whole consecutive groups of a chain is a candidate (``1 3 8 0 0 1 3 8 0 0 0`` and ``138.0013.8000`` and
``11010519491231002X`` are all found; ``ID11010519491231002X`` too, since letters only end the chain):

* a mobile number: ``1[3-9]`` + 9 digits, optionally after ``86``, ``0086`` or ``0``;
* an identity-card number: 17 digits + a digit or ``X`` (GB 11643), or 15 digits (the pre-1999 form,
  birth year ``19YY``).

The check digit is *not* required: a mistyped identity-card number is still someone's personal data. What
keeps ordinary numbers out instead is that the number must read as one: its first six digits must be a
division code that exists or existed (python-stdnum's ``cn/loc`` table, any year: a code's validity
period there is when it was assigned, not when its residents were born), followed by a real calendar date
(year 1900–2099, or 19YY for the 15-digit form). Dates (``2026-03-02``: 8 digits), document numbers
(``金建罚决字〔2026〕第12号``: Chinese characters between the digits), landlines (``0371-65550000``,
``400-123-4567``: no run starts ``1[3-9]`` or reaches 11 digits), credit record ids
(``410105-2026-0007``: 14 digits) and amounts do not qualify. A number that is also a valid unified social
credit code is exempt only as the ``subject`` of a credit record, where the validator checks it names a
known enterprise; in free text it is refused with a hint to put the code in ``subject``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric, uscc

from generator.records.problems import Problem
from generator.records.yamlload import LineMap, LooseNumber

_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")

MULTILINE_KEYS = frozenset({"summary", "note"})
"""The long-text fields (``Text`` in the models): a block scalar (``summary: |``) may hold line breaks."""

PLACEHOLDER = "【待填写】"
"""Starts every text a ``credit new`` skeleton leaves for the clerk to replace."""

_OLD_PLACEHOLDERS = ("请填写", "请写明", "请用一句话写明")  # skeletons written before the marker existed
_ZERO_HOTLINE = re.compile(r"[0-9]{3,4}[- ]?0{7,8}")  # the skeleton's "0371-00000000"

# ---- characters -----------------------------------------------------------------------------------------

# Unicode category Cf (format characters: zero-width, bidi, soft hyphen, …) — a test checks this against
# unicodedata — plus the line and paragraph separators U+2028/U+2029.
_CF = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# Blank characters of other categories that show nothing (Mongolian free variation selectors, Khmer inherent
# vowels, the braille blank, Hangul fillers, the combining grapheme joiner).
_BLANK = "\u180b-\u180f\u17b4\u17b5\u2800\u3164\u115f\u1160\uffa0\u034f"
_FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + _CF + _BLANK + "\u2028\u2029]")
"""Characters no text may hold (a newline is checked apart: it is allowed in :data:`MULTILINE_KEYS`)."""


def unsafe_characters(text: str) -> list[str]:
    """The control, format (zero-width, bidi) and separator characters in ``text``, newlines included."""
    return [ch for ch in text if ch == "\n" or _FORBIDDEN.match(ch)]

# Removed before numbers are looked for: the above, other controls, combining marks (a keycap U+20E3,
# variation selectors), Hangul fillers — anything that shows nothing between two digits.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _CF + _BLANK + "\u034f\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff"
    "\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\U000e0100-\U000e01ef\u115f\u1160\u3164\uffa0]"
)

_NAMES = {
    "\t": "制表符", "\r": "回车符", "\n": "换行", "\x85": "换行（NEL）", "\u00ad": "软连字符",
    "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u2060": "零宽不换行",
    "\ufeff": "零宽不换行空格（BOM）", "\u200e": "从左到右标记", "\u200f": "从右到左标记",
    "\u202a": "从左到右嵌入", "\u202b": "从右到左嵌入", "\u202c": "方向格式结束", "\u202d": "从左到右覆盖",
    "\u202e": "从右到左覆盖", "\u2066": "从左到右隔离", "\u2067": "从右到左隔离", "\u2068": "首字强制隔离",
    "\u2069": "方向隔离结束", "\u2028": "行分隔符", "\u2029": "段分隔符",
}

_CN_DIGIT_CHARS = "〇零一二三四五六七八九幺壹贰叁肆伍陆柒捌玖參叄貳陸两兩"
_CN_DIGITS = str.maketrans(_CN_DIGIT_CHARS, "001234567891123456789332622")
_CN_DIGIT = re.compile(f"[{_CN_DIGIT_CHARS}]")


def _digit_forms() -> dict[str, str]:
    """Digits NFKC leaves as they are: circled and dingbat digits (➀ ⓿), Suzhou numerals (〡 … 〩)."""
    out = {}
    for lo, hi in ((0x2460, 0x24FF), (0x2776, 0x2793), (0x3021, 0x3029), (0x1F100, 0x1F10C)):
        for cp in range(lo, hi + 1):
            value = unicodedata.numeric(chr(cp), None)
            if value is not None and value == int(value) and 0 <= value <= 9:
                out[chr(cp)] = str(int(value))
    return out


_DIGIT_FORMS = _digit_forms()
_X_FORMS = str.maketrans(dict.fromkeys("×ХхΧχ✕✖✗✘", "X"))  # an identity number's last character, disguised
_X_LIKE = re.compile("[×ХхΧχ✕✖✗✘]")
_OTHER_DIGIT = re.compile(r"[^\D0-9]|[" + "".join(_DIGIT_FORMS) + "]")  # Arabic-Indic, Devanagari, ➀ …
_JOIN = "a"  # joins a file's texts for the one-pass look of suspect(): a letter ends every chain

_SEP = r"\W_"  # between digit groups: anything but a letter, a digit or a Chinese character
_CHAIN = re.compile(rf"[0-9]+[Xx]?(?:[{_SEP}]{{1,5}}(?:[0-9]+[Xx]?|[Xx]))*")  # "… 0 0 2 X": X alone too
# 11 digits with only separators or invisible characters between: a cheap look for any chain worth cutting
_ELEVEN = re.compile(rf"[0-9](?:[{_SEP}Xx{_INVISIBLE.pattern[1:-1]}]*[0-9]){{10}}")
_GROUP = re.compile(r"[0-9]+[Xx]?|[Xx]")
_LIST_MARK = re.compile("[、，,；;]")
_READ_OUT = {3, 4, 5, 6, 8}  # the pieces a number is read out in: 138 0013 8000; 110105 19491231 002X
_MOBILE = re.compile(r"(?:0086|86|0)?1[3-9][0-9]{9}")


def _normalise(text: str) -> str:
    """``text`` with every digit written as an ASCII digit (no invisible characters removed yet)."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _CN_DIGIT.search(text):
        text = text.translate(_CN_DIGITS)
    if _OTHER_DIGIT.search(text):
        text = _OTHER_DIGIT.sub(lambda mt: _DIGIT_FORMS.get(mt.group()) or str(unicodedata.decimal(mt.group())),
                                text)
    return text.translate(_X_FORMS) if _X_LIKE.search(text) else text


@lru_cache(maxsize=4096)
def _division_exists(code: str) -> bool:
    """A GB/T 2260 county-level (or higher) code that exists or existed, in any year."""
    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


TYPO_BORN_BEFORE = 2010
"""A number without a right check digit reads as an identity number only for a birth year before this: the
people in credit records are adults, and official numbers built of a region, a recent date and a serial
(案件编号 410105-20260302-0012, 施工许可证编号) must not be mistaken for one."""


def _adult(s: str) -> bool:
    return int(s[6:10]) < TYPO_BORN_BEFORE


def _identity_number(s: str) -> bool:
    """Reads as an identity-card number: a division code and a birth date (the check digit is not asked)."""
    if len(s) == 18:
        if not (s[:17].isdigit() and s[17] in "0123456789Xx"):
            return False
        year = int(s[6:10])
        if not (1900 <= year <= 2099 and _is_date(year, int(s[10:12]), int(s[12:14]))):
            return False
    elif len(s) == 15 and s.isdigit():
        if not _is_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12])):
            return False
    else:
        return False
    return _division_exists(s[:6])


def personal_numbers(text: str) -> list[tuple[str, str]]:
    """The mobile and identity-card numbers in ``text`` as ``(kind, digits)``; kind is ``mobile``, ``id``
    (check digit right), ``id-typo`` (wrong: still personal data) or ``id-uscc`` (also a valid USCC)."""
    text = _normalise(text)
    if not _ELEVEN.search(text):  # the shortest number (a mobile) has 11 digits
        return []
    text = _INVISIBLE.sub("", text)
    found: list[tuple[str, str]] = []
    for chain in _CHAIN.findall(text):
        if len(chain) < 11:
            continue
        groups = _GROUP.findall(chain)
        seps = _GROUP.split(chain)[1:-1]  # what stands between group j-1 and group j: seps[j-1]
        for i in range(len(groups)):
            s = ""
            listed = False
            for j in range(i, len(groups)):
                g = groups[j]
                if j > i:
                    between = seps[i:j]
                    listed = any(_LIST_MARK.search(x) for x in between)
                    if listed and (not {len(groups[j - 1]), len(g)} <= _READ_OUT or len(set(between)) > 1):
                        break  # "第1、3、5、7、9、11、13、15项", "400-100-0130，2000-01-01": a list of numbers,
                        # not one read out in pieces (which keeps one separator: 138、0013、8000)
                if s[-1:] in ("X", "x") or len(s) + len(g) > 22:
                    break
                s += g
                if len(s) < 11:
                    continue
                if len(s) <= 15 and _MOBILE.fullmatch(s) and (not listed or all(len(x) in (3, 4) for x in groups[i:j + 1])):
                    found.append(("mobile", s))  # across list marks a mobile is read out 3-4-4
                elif len(s) in (15, 18) and _identity_number(s):
                    code = s.upper()
                    if len(s) == 15:
                        found.append(("id", code))
                    elif ric.calc_check_digit(code) == code[17]:  # (is_valid also asks the region's years)
                        found.append(("id-uscc" if uscc.is_valid(code) else "id", code))
                    elif _adult(code):  # a mistyped check digit: still someone's number
                        found.append(("id-typo", code))
                elif len(s) == 17 and j == len(groups) - 1 and s.isdigit() and _identity_number(s + "0") and _adult(s):
                    # an identity number without its last character ("末位略")
                    found.append(("id-typo", s))
    return found


# ---- the quick look ---------------------------------------------------------------------------------


def _scalars(value: object, key: str, texts: list[str], others: list[str]) -> bool:
    """Texts (and numbers only YAML 1.1 would read, which stay as written) into ``texts``; the other values
    (numbers, dates) as text into ``others``: they cannot start a formula but may hold a number. True where
    a text breaks a line outside :data:`MULTILINE_KEYS`."""
    if isinstance(value, dict):
        broken = False
        for k, v in value.items():
            broken = _scalars(v, k, texts, others) or broken
        return broken
    if isinstance(value, list):
        broken = False
        for v in value:
            broken = _scalars(v, key, texts, others) or broken
        return broken
    if isinstance(value, str):
        texts.append(value)
        return "\n" in value and key not in MULTILINE_KEYS
    if isinstance(value, LooseNumber):
        texts.append(value.text)
    elif isinstance(value, float):
        # its digits as written are lost (1.1e+17, 13.800138000): let the line-by-line scan read them
        texts.append("=")
    elif value is not None and not isinstance(value, bool):
        others.append(str(value))
    return False


def suspect(value: object) -> bool:
    """A quick look at a file's values: could :func:`text_problems` find anything? (False for nearly every
    file, so the line-by-line scan runs only where it may report; never False where it would.)"""
    texts: list[str] = []
    others: list[str] = []
    if _scalars(value, "", texts, others):
        return True
    for t in texts:
        if t[:1] in _UNSAFE_START or t.startswith(_OLD_PLACEHOLDERS):
            return True
    joined = _JOIN.join(texts + others)
    if _FORBIDDEN.search(joined) or PLACEHOLDER in joined or _ZERO_HOTLINE.search(joined):
        return True
    return bool(personal_numbers(joined))


# ---- the line-by-line scan ----------------------------------------------------------------------------

_LABELS = {
    "subject": "信用主体", "project": "项目编号", "class": "信用信息类别", "item": "评分标准条目",
    "count": "次数", "points": "扣分", "summary": "事实摘要", "decision.authority": "作出决定的机关",
    "decision.level": "决定机关层级", "decision.document": "决定文书编号", "decision.kind": "决定种类",
    "decision.effective": "决定生效日期", "decision.learned": "获悉日期", "recorder": "录入机关代码",
    "notified": "告知日期", "entered": "录入日期", "disclosure_months": "公开期限（月）", "deed": "事迹编号",
    "name": "名称或姓名", "former_names": "曾用名", "legal_representative": "法定代表人",
    "registered_region": "注册地区划代码", "address": "地址", "established": "成立日期",
    "hotline": "公共服务电话", "projects.id": "项目编号", "projects.name": "项目名称",
    "projects.region": "项目所在区划代码", "projects.address": "项目地址", "projects.since": "开始服务日期",
    "projects.until": "服务截止日期", "projects.manager": "项目负责人编号", "managers.person": "人员编号",
    "managers.role": "职务", "note": "备注",
}


def field_name(path: tuple[str | int, ...]) -> str:
    """``("projects", 0, "name")`` → ``projects[0].name``, as a clerk finds it in the file."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def placeholder_message(path: tuple[str | int, ...], text: str) -> str | None:
    """The message for a skeleton's placeholder still in the field at ``path``, or None.

    :func:`generator.records.load._message` gives the same message where the placeholder is also the wrong type
    (a date, a choice, a number), so the clerk reads one message per field, not two."""
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    if key == "hotline" and _ZERO_HOTLINE.fullmatch(text):
        hint = "请填写企业的公共服务电话，没有时删除这一行"
    elif PLACEHOLDER in text or text.startswith(_OLD_PLACEHOLDERS):
        hint = "请把模板中的提示文字换成实际内容"
    else:
        return None
    label = _LABELS.get(".".join(p for p in path if isinstance(p, str)))
    return f"尚未填写 {field_name(path)}{f'（{label}）' if label else ''}：{hint}"


def _char_name(ch: str) -> str:
    name = _NAMES.get(ch) or ("控制字符" if unicodedata.category(ch) == "Cc" else "格式字符")
    return f"U+{ord(ch):04X}（{name}）"


def _bad_characters(text: str, key: str, skip_first: bool) -> str | None:
    start = 1 if skip_first else 0
    bad = [
        (i, ch) for i, ch in enumerate(text)
        if i >= start and (_FORBIDDEN.match(ch) or (ch == "\n" and key not in MULTILINE_KEYS))
    ]
    if not bad:
        return None
    names = "、".join(dict.fromkeys(_char_name(ch) for _i, ch in bad))
    where = bad[0][0] + 1
    if all(ch == "\n" for _i, ch in bad):
        return f"字段 “{key}” 只能写一行，第 {where} 个字符处换行了：请把内容写在一行内（line break in a one-line field）"
    return (
        f"文字中含有看不见的字符或控制字符 {names}（第 {where} 个字符起）：它们会让显示的内容与实际内容不一致，"
        "请删除后重新输入（invisible, control or bidi characters）"
    )


def _masked(digits: str) -> str:
    return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]


def text_problems(display: str, lines: LineMap) -> Iterator[Problem]:
    """第九条 and DESIGN §9: no identity-card or mobile numbers, no invisible or control characters, no
    spreadsheet-formula starts, no skeleton placeholders, in any text."""
    for path, (text, _style) in lines.raw.items():
        if not text:
            continue
        line = lines.line(path)
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        if (hint := placeholder_message(path, text)) is not None:
            yield Problem(display, line, hint)
        formula = text.startswith(_UNSAFE_START) and _style_is_text(lines, path)
        if (why := _bad_characters(text, key, formula)) is not None:
            yield Problem(display, line, why)
        kinds: dict[str, str] = {}
        for kind, digits in personal_numbers(text):
            kinds.setdefault(kind, digits)
        if "id-uscc" in kinds and path != ("subject",):
            yield Problem(
                display, line,
                f"文字中的号码 {_masked(kinds['id-uscc'])} 既是有效的身份证号码，也是有效的统一社会信用代码：无法排除是"
                "个人身份信息（第九条）。企业的统一社会信用代码请写在 subject 字段（信用主体），不要写在文字中",
            )
        if "id" in kinds or "id-typo" in kinds:
            shown = _masked(kinds.get("id") or kinds["id-typo"])
            typo = "" if "id" in kinds else "（校验位不符，但仍是身份证号码的写法）"
            yield Problem(
                display, line,
                f"文字中含有身份证号码 {shown}{typo}：个人身份信息不得公开（第九条），无论用全角数字、空格、点号或"
                "其他符号分隔都不行，请删除",
            )
        if "mobile" in kinds:
            yield Problem(
                display, line,
                f"文字中含有手机号码 {_masked(kinds['mobile'])}：个人联系方式不得公开（第九条）；"
                "热线请填写单位的公共服务电话",
            )
        if formula:
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
