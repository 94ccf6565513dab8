"""Hints that lead a clerk to a valid file in one step: the exact value to write, never a pattern.

Two kinds:

* from the file alone (:func:`choice_hint`): a choice written in Chinese (``level: 县级``) → the code
  (``county``), from the Chinese names in :mod:`generator.labels` read in reverse;
* from the other files (:func:`refine`): a file's own problem marked with :attr:`Problem.fix` is made precise
  by the loader once the rulebook and the enterprises are known — ``item: 1.21`` → ``market.1.21`` (the
  rulebook's item codes), ``project: 恒信花园`` → ``hengxin-garden`` (the enterprise's projects),
  ``manager: 张三`` → ``P-410105-0001`` (the persons' names).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace

from generator import labels
from generator.records import models as m
from generator.records.problems import Problem
from generator.records.recordset import Doc
from generator.rules.rulebook import Rulebook

# ---- choices written in Chinese ---------------------------------------------------------------------------

_ALIASES: dict[str, tuple[str, ...]] = {
    "national": ("国家", "全国", "中央"),
    "province": ("省", "自治区", "省住房和城乡建设厅"),
    "city": ("市", "地市", "设区的市", "盟"),
    "county": ("县", "区", "县区", "县市区", "县（市、区）", "旗", "旗县", "旗市区"),
    "street": ("街道", "乡镇", "街道办", "街道办事处", "乡镇人民政府", "苏木"),
    "court": ("人民法院", "法院判决"),
    "penalty": ("处罚",),
    "order": ("责令改正", "限期改正", "责令整改"),
    "judgment": ("判决", "裁判"),
    "bad": ("不良", "不良信息"),
    "good": ("优良", "优良信息"),
    "upheld": ("信息无误", "维持"),
    "corrected": ("更正",),
    "revoked": ("撤销",),
    "approved": ("准予修复", "同意", "批准"),
    "rejected": ("不予修复", "驳回"),
}
"""Other ways a clerk names a choice (县区级, 街道办事处, 维持 …)."""

_CHOICE_NAMES: tuple[Mapping[str, str], ...] = (
    labels.DECISION_LEVEL_NAMES, labels.AWARD_LEVEL_NAMES, labels.DECISION_KIND_NAMES, labels.DOMAIN_NAMES,
    labels.KIND_NAMES,
    *({code: names[i] for code, names in _ALIASES.items() if len(names) > i} for i in range(8)),
)
"""Every choice's Chinese names (code → name), the labels first; a code may have several, across the tables."""


def _plain(text: str) -> str:
    """A choice as compared: full-width letters folded (NFKC), no spaces, no trailing 级/类, lower case."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    return text.removesuffix("级").removesuffix("类") or text


def choice_for(value: str, choices: Iterable[str]) -> str | None:
    """The code among ``choices`` that ``value`` names — the code itself in another case or width, or one of
    its Chinese names (``县级`` → ``county``, ``行政处罚`` → ``penalty``, ``b类`` → ``B``) — if exactly one."""
    wanted = _plain(value)
    found = {code for code in choices if _plain(code) == wanted}
    if not found:
        for table in _CHOICE_NAMES:
            found |= {code for code, name in table.items() if code in choices and _plain(name) == wanted}
    return found.pop() if len(found) == 1 else None


def choice_name(code: str) -> str:
    """A code's first Chinese name, for the list of choices (``county（县级）``)."""
    for table in _CHOICE_NAMES:
        if code in table:
            return f"{code}（{table[code]}）"
    return code


def choice_hint(value: str, choices: list[str]) -> str:
    """Why ``value`` is not a choice and what to write instead."""
    listed = "、".join(choice_name(c) for c in choices)
    meant = choice_for(value, choices)
    if meant is not None:
        return f"“{value}” 这里要写英文代码：请改成 {meant}（可选：{listed}）"
    return f"“{value}” 不是允许的取值；请写其中之一：{listed}"


# ---- items, projects, persons: from the other files ---------------------------------------------------------

ITEM = "item"
PROJECT = "project"
PERSON = "person"


def refine(problems: list[Problem], rulebook: Rulebook | None, enterprises: Mapping[str, Doc[m.Enterprise]],
           persons: Mapping[str, Doc[m.Person]]) -> list[Problem]:
    """Each problem marked with a fix, made precise with what the other files say."""
    out = []
    for p in problems:
        message = None
        if p.fix and p.fix[0] == ITEM and rulebook is not None:
            message = item_hint(rulebook, p.fix[1], p.fix[2] if len(p.fix) > 2 else "")
        elif p.fix and p.fix[0] == PROJECT and len(p.fix) > 2 and p.fix[2] in enterprises:
            message = project_hint(p.fix[1], enterprises[p.fix[2]].model, p.fix[2])
        elif p.fix and p.fix[0] == PERSON:
            message = person_hint(p.fix[1], persons)
        out.append(replace(p, message=message, fix=()) if message else p)
    return out


def _item_text(rulebook: Rulebook, code: str, limit: int = 24) -> str:
    cat = rulebook.category_by_code.get(code)
    if cat is not None:
        return f"{cat.name}类表彰"
    _cat, _sec, it = rulebook.items[code]
    text = it.text if len(it.text) <= limit else it.text[:limit] + "…"
    return f"{_cat.name}：{text}"


def item_codes(rulebook: Rulebook, kind: str) -> list[str]:
    """The codes a record of ``kind`` may name: deductions for bad, awards and 附件5 items for good."""
    if kind == "bad":
        return [c for c, (cat, _s, _i) in rulebook.items.items() if cat.kind == "deduction"]
    awards = [c.code for c in rulebook.categories if c.awards]
    bonus = [c for c, (cat, _s, _i) in rulebook.items.items() if cat.kind == "bonus"]
    if kind == "good":
        return awards + bonus
    return list(rulebook.items) + awards


def item_candidates(rulebook: Rulebook, raw: str, kind: str) -> list[str]:
    """The item codes ``raw`` may mean: the code with another separator or width (``market。1。21``), the code
    without its category (``1.21`` → ``market.1.21``), or a category by its name (``智慧物业`` → ``smart``)."""
    codes = item_codes(rulebook, kind)
    folded = re.sub(r"[\s。．、，,·]+", ".", unicodedata.normalize("NFKC", raw).strip()).strip(".").lower()
    if folded in codes:
        return [folded]
    if re.fullmatch(r"[0-9]+(\.[0-9]+)*", folded):
        return [c for c in codes if c.split(".", 1)[-1] == folded and "." in c]
    by_name = [c.code for c in rulebook.categories if c.code in codes
               and folded and (folded in c.name or c.name in folded)]
    return by_name


def item_hint(rulebook: Rulebook, raw: str, kind: str) -> str:
    found = item_candidates(rulebook, raw, kind)
    shown = [f"{c}（{_item_text(rulebook, c)}）" for c in found[:6]]
    if len(found) == 1:
        return f"“{raw}” 不是完整的条目代码：请写 item: {found[0]}（{_item_text(rulebook, found[0])}）"
    if found:
        return f"“{raw}” 不是完整的条目代码，可能是：{'、'.join(shown)}；请写其中之一，例如 item: {found[0]}"
    example = "market.1.21" if kind != "good" else "market 或 social.4"
    return (f"“{raw}” 不是评分标准中的条目代码：条目代码写成 类别.节.项（例如 {example}），"
            "见网站“评分标准”页")


def project_hint(raw: str, ent: m.Enterprise, uscc: str) -> str:
    """A project named by its name (or a near miss of its id): the id to write."""
    by_name = [p for p in ent.projects if p.name == raw.strip()]
    if not by_name:
        by_name = [p for p in ent.projects if raw.strip() and (raw.strip() in p.name or p.name in raw)]
    if len(by_name) == 1:
        return f"“{raw}” 是项目名称，这里要写项目编号：请写 project: {by_name[0].id}"
    near = difflib.get_close_matches(raw, [p.id for p in ent.projects], n=1, cutoff=0.6)
    if near:
        return f"企业 {uscc} 没有编号为 “{raw}” 的项目；是否想写 project: {near[0]}？"
    listed = "、".join(f"{p.id}（{p.name}）" for p in ent.projects)
    if not listed:
        return f"企业 {uscc} 的文件中还没有项目；请先在 enterprises/{uscc}.yaml 的 projects 中加入，或删除 project"
    return f"“{raw}” 不是企业 {uscc} 的项目编号；请写其中之一：{listed}"


def person_hint(raw: str, persons: Mapping[str, Doc[m.Person]]) -> str | None:
    """A person named by name where the id is wanted: that id, where one person has the name."""
    ids = sorted(pid for pid, d in persons.items() if d.model.name == raw.strip())
    if len(ids) == 1:
        return f"“{raw}” 是姓名，这里要写人员编号：请写 {ids[0]}"
    if ids:
        return f"“{raw}” 是姓名，这里要写人员编号；同名的有 {'、'.join(ids)}，请核对后写其中之一"
    return None


def subject_hint(raw: str, enterprises: Mapping[str, Doc[m.Enterprise]],
                 persons: Mapping[str, Doc[m.Person]]) -> str | None:
    """A subject named by the enterprise's name (or a former one) or the person's name: the code to write."""
    word = raw.strip()
    codes = sorted(k for k, d in enterprises.items() if word == d.model.name or word in d.model.former_names)
    if len(codes) == 1:
        return f"“{raw}” 是企业名称，这里要写统一社会信用代码：请写 subject: {codes[0]}"
    if not codes:
        return person_hint(raw, persons)
    return f"“{raw}” 是企业名称，这里要写统一社会信用代码；同名的有 {'、'.join(codes)}，请核对后写其中之一"
