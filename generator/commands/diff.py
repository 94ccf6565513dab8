"""``credit diff --base GITREF``: what a change to the records does to the public site (DESIGN §8).

The working tree's records are loaded once; the base's are made from them with the files that differ put
back as they are at ``GITREF`` (read straight from git: ``git ls-tree -r`` + one ``git cat-file --batch``), or,
when that cannot be done, checked out whole into a temporary directory and loaded
(:mod:`generator.commands.diff_sides`). Both sides are validated and computed as of the same day, exactly as
``open_day`` would (no page is rendered; :mod:`generator.day.pair`, on two cores), and compared. The report is
Chinese Markdown for the pull-request check: its first line is a one-line summary, then the records that
become public (with their public text), the records that are hidden — **by id only**, never their text, since
they must not appear anywhere once hidden (DESIGN §5) — the public records whose content changes, basic
information, rating and grade changes with old → new scores, and the validation warnings the change
introduces.

Exit status: 0 whatever the impact; 1 when the working tree's records are invalid (their problems are
printed as ``path:line: message``); 2 when git cannot give the base (not a repository, unknown ref).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.commands.diff_sides import Sides, sides
from generator.day.disclosure import STATE_NAMES
from generator.day.grades import Grade
from generator.day.pair import Side, both, side
from generator.day.ratings import Rating
from generator.day.snapshot import Computed, PublicRecord
from generator.labels import VETOED
from generator.publish.data.rows import record_row
from generator.records.gitref import BaseTree, GitError
from generator.records.problems import Problem

MARKER = "<!-- credit-diff -->"
"""The hidden marker the pull-request workflow puts above the report to find and update its comment."""


# ---- the two sides (generator.day.pair: each side is exactly open_day of its records) -----------------


def _rel(p: Problem, root: Path | None) -> str:
    """A problem's file relative to its records directory, to compare warnings across the two trees."""
    if root is None:
        return p.path
    rel = os.path.relpath(os.path.abspath(p.path), os.path.abspath(root))
    return p.path if rel.startswith("..") else rel.replace(os.sep, "/")


# ---- the comparison ------------------------------------------------------------------------------------

FIELD_NAMES = {
    "subject": "信用主体", "project": "项目", "kind": "类型", "class": "类别", "category": "评价类别",
    "item": "条目", "count": "次数", "points": "分值", "summary": "事实摘要",
    "decision_authority": "决定机关", "decision_level": "机关级别", "document": "文书编号",
    "decision_kind": "决定类型", "effective": "生效日期", "public_until": "公开截止日",
    "objection": "异议处理中",
}
ENTERPRISE_FIELDS = {
    "name": "名称", "former_names": "曾用名", "legal_representative": "法定代表人",
    "registered_region": "注册地", "address": "注册地址", "established": "成立日期",
    "hotline": "公共服务电话", "projects": "项目", "managers": "主要管理人员",
}


@dataclass
class RatingChange:
    uscc: str
    name: str
    year: int
    text: str


@dataclass
class Report:
    as_of: dt.date
    base: BaseTree | None
    base_note: str | None
    published: list[tuple[PublicRecord, str | None]] = field(default_factory=list)  # (record, previous state)
    hidden: list[tuple[str, str]] = field(default_factory=list)  # (id, why) — never anything else
    modified: list[tuple[PublicRecord, list[tuple[str, str, str]]]] = field(default_factory=list)
    quiet: list[tuple[str, str]] = field(default_factory=list)  # changed, public on neither side: (id, state)
    basic: list[str] = field(default_factory=list)
    ratings: list[RatingChange] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def rating_enterprises(self) -> int:
        return len({c.uscc for c in self.ratings})


def md(text: object) -> str:
    """Text from the records, safe inside a Markdown line of a pull-request comment: no HTML, no formatting,
    one line, and no mention or reference — ``@user``, ``@org/team`` and ``#12`` would notify people or link
    issues, so a zero-width space follows every ``@`` and ``#`` (shown, never acted on)."""
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|~#":
        s = s.replace(ch, "\\" + ch)
    return s.replace("@", "@\u200b").replace("#", "#\u200b")


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _record_fields(r: PublicRecord) -> dict[str, Any]:
    """What the public sees of a record: its row of the open data (``records``), but its id."""
    return {k: v for k, v in record_row(r).items() if k not in ("id", "item_text")}


def kind_label(kind: str, class_: str | None) -> str:
    return f"{class_} 类不良信息" if kind == "bad" else "优良信息"


class Names:
    """Display names of subjects and authorities, from the working tree first, then the base."""

    def __init__(self, *sides: Computed | None) -> None:
        self.subjects: dict[str, str] = {}
        self.authorities: dict[str, str] = {}
        for c in reversed([s for s in sides if s is not None]):
            snap = c.snapshot
            self.subjects.update({k: e.name for k, e in snap.enterprises.items()})
            self.subjects.update({k: p.name for k, p in snap.persons.items()})
            self.authorities.update({k: a.name for k, a in snap.authorities.items()})

    def subject(self, sid: str) -> str:
        name = self.subjects.get(sid)
        return f"{md(name)}（{sid}）" if name else sid


def _score_text(r: Rating | None, code: str) -> Decimal | None:
    if r is None or r.vetoed:
        return None
    c = r.category(code)
    return None if c is None else c.score


def _level_text(r: Rating | None) -> str:
    if r is None:
        return "未评定"
    if r.vetoed:
        return VETOED
    return f"{r.level} 星"


def rating_change(old: Rating | None, new: Rating | None, names: Names, as_of: dt.date) -> str | None:
    """"市场行为规范 97 → 95，等级 3 → 2 星", or None when nothing public about the rating changes."""
    ref = new or old
    assert ref is not None
    cats: list[tuple[str, str]] = []
    for r in (old, new):
        for c in r.categories if r is not None else ():
            if (c.code, c.name) not in cats:
                cats.append((c.code, c.name))
    parts = []
    for code, name in cats:
        a, b = _score_text(old, code), _score_text(new, code)
        if a != b:
            parts.append(f"{name} {fmt(a)} → {fmt(b)}")
    la, lb = _level_text(old), _level_text(new)
    if la != lb:
        if old is not None and new is not None and not old.vetoed and not new.vetoed:
            parts.append(f"等级 {old.level} → {new.level} 星")
        else:
            parts.append(f"等级 {la} → {lb}")
    elif parts:
        parts.append(f"等级不变（{lb}）")
    if old is not None and new is not None:
        if old.authority != new.authority:
            parts.append(f"评定机关 {names.authorities.get(old.authority, old.authority)} → "
                         f"{names.authorities.get(new.authority, new.authority)}")
        if old.published != new.published or old.notice_until != new.notice_until:
            parts.append(f"公示 {old.published}–{old.notice_until} → {new.published}–{new.notice_until}")
    if not parts:
        return None
    text = "，".join(parts)
    if new is None:
        text += "（评定取消）"
    elif old is None:
        text += "（新增评定）"
    if new is not None and new.published > as_of:
        text += f"（评定结果 {new.published} 起公示）"
    return text


def grade_change(old: Grade | None, new: Grade | None, as_of: dt.date) -> str | None:
    parts = []
    pairs: list[tuple[str, Any, Any]] = [
        ("得分", old.score if old else None, new.score if new else None),
        ("等级", old.grade if old else None, new.grade if new else None),
        ("红榜", old.red_list if old else None, new.red_list if new else None),
        ("黑榜", old.black_list if old else None, new.black_list if new else None),
    ]
    for label, a, b in pairs:
        if a != b:
            parts.append(f"{label} {fmt(a)} → {fmt(b)}")
    if not parts:
        return None
    text = "，".join(parts)
    if new is not None and new.published > as_of:
        text += f"（评价结果 {new.published} 起公示）"
    return text


def _model_fields(a: Any, b: Any, labels: dict[str, str]) -> list[str]:
    return [labels.get(k, k) for k in labels if getattr(a, k, None) != getattr(b, k, None)]


def compare(
    base: Side, head: Side, as_of: dt.date, base_tree: BaseTree | None, base_note: str | None
) -> Report:
    h = head.computed
    assert h is not None
    b = base.computed
    names = Names(h, b)
    rep = Report(as_of, base_tree, base_note)

    # records
    old_pub = {r.id: r for r in b.snapshot.records} if b else {}
    new_pub = {r.id: r for r in h.snapshot.records}
    old_status = b.statuses if b else {}
    for rid in sorted(new_pub.keys() - old_pub.keys()):
        before = old_status.get(rid)
        rep.published.append((new_pub[rid], STATE_NAMES[before.state] if before else None))
    for rid in sorted(old_pub.keys() - new_pub.keys()):
        st = h.statuses.get(rid)
        rep.hidden.append((rid, STATE_NAMES[st.state] if st else "记录文件已删除"))
    for rid in sorted(old_pub.keys() & new_pub.keys()):
        if old_pub[rid] == new_pub[rid]:  # equal records have equal fields: the usual case, made quick
            continue
        fa, fb = _record_fields(old_pub[rid]), _record_fields(new_pub[rid])
        diffs = [(FIELD_NAMES[k], fmt(fa[k]), fmt(fb[k])) for k in fa if fa[k] != fb[k]]
        if diffs:
            rep.modified.append((new_pub[rid], diffs))
    old_models = b.records if b else {}
    for rid in sorted((old_models.keys() | h.records.keys()) - old_pub.keys() - new_pub.keys()):
        was, now = old_models.get(rid), h.records.get(rid)
        if was is not now and was != now:  # a document the base shares with the head is the same
            st = h.statuses.get(rid)
            rep.quiet.append((rid, STATE_NAMES[st.state] if st else "记录文件已删除"))

    # basic information (always public)
    oe = b.snapshot.enterprises if b else {}
    ne = h.snapshot.enterprises
    for uscc in sorted(ne.keys() - oe.keys()):
        rep.basic.append(f"新增企业 {md(ne[uscc].name)}（{uscc}）")
    for uscc in sorted(oe.keys() - ne.keys()):
        rep.basic.append(f"删除企业 {md(oe[uscc].name)}（{uscc}）")
    for uscc in sorted(oe.keys() & ne.keys()):
        if oe[uscc] is ne[uscc]:  # the same document on both sides (the base made from the head)
            continue
        changed = _model_fields(oe[uscc], ne[uscc], ENTERPRISE_FIELDS)
        if changed:
            rep.basic.append(f"修改企业 {names.subject(uscc)}：{'、'.join(changed)}")
    op = b.snapshot.persons if b else {}
    np_ = h.snapshot.persons
    for pid in sorted(np_.keys() - op.keys()):
        rep.basic.append(f"新增人员 {md(np_[pid].name)}（{pid}）")
    for pid in sorted(op.keys() - np_.keys()):
        rep.basic.append(f"删除人员 {md(op[pid].name)}（{pid}）")
    for pid in sorted(op.keys() & np_.keys()):
        if op[pid] is not np_[pid] and op[pid] != np_[pid]:
            rep.basic.append(f"修改人员 {names.subject(pid)}")

    # ratings (every evaluation in the records, published or not) and grades
    old_r = {(r.year, r.uscc): r for r in (b.ratings if b else ())}
    new_r = {(r.year, r.uscc): r for r in h.ratings}
    for key in sorted(old_r.keys() | new_r.keys()):
        if old_r.get(key) is new_r.get(key):  # one rating, worked out once for both sides (generator.memo)
            continue
        text = rating_change(old_r.get(key), new_r.get(key), names, as_of)
        if text:
            year, uscc = key
            rep.ratings.append(RatingChange(uscc, names.subjects.get(uscc, uscc), year, text))
    old_g = {(g.year, g.uscc): g for g in (b.grades if b else ())}
    new_g = {(g.year, g.uscc): g for g in h.grades}
    for key in sorted(old_g.keys() | new_g.keys()):
        if old_g.get(key) is new_g.get(key):
            continue
        text = grade_change(old_g.get(key), new_g.get(key), as_of)
        if text:
            year, uscc = key
            rep.ratings.append(RatingChange(uscc, names.subjects.get(uscc, uscc), year, text))

    # warnings new in the working tree
    seen = {(_rel(p, base.root), p.message) for p in base.problems if p.severity == "warning"}
    rep.warnings = [p for p in head.problems
                    if p.severity == "warning" and (_rel(p, head.root), p.message) not in seen]
    return rep


# ---- rendering -----------------------------------------------------------------------------------------


def summary_line(rep: Report) -> str:
    groups: dict[tuple[int, str], int] = {}
    for r, _ in rep.published:
        order = {"A": 0, "B": 1, "C": 2}.get(r.class_ or "", 3) if r.kind == "bad" else 4
        label = kind_label(r.kind, r.class_)
        groups[(order, label)] = groups.get((order, label), 0) + 1
    what = "、".join(f"{n} 条 {label}" if label[0].isascii() else f"{n} 条{label}"
                    for (_o, label), n in sorted(groups.items())) or "0 条信用信息"
    line = f"本次变更将公开 {what}，隐藏 {len(rep.hidden)} 条；{rep.rating_enterprises} 家企业评级变化"
    if rep.modified:
        line += f"；修改 {len(rep.modified)} 条公开信息"
    if rep.basic:
        line += f"；基本信息变化 {len(rep.basic)} 项"
    if rep.warnings:
        line += f"；新增 {len(rep.warnings)} 条校验警告"
    return line


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def points_text(r: PublicRecord) -> str:
    if r.points is None:
        return "，一票否决" if r.kind == "bad" else ""
    sign = "扣" if r.kind == "bad" else "加"
    times = f" × {r.count}" if r.count != 1 else ""
    return f"，{sign} {fmt(r.points)} 分{times}"


def render(rep: Report, names: Names) -> str:
    out = [summary_line(rep), ""]
    base = f"`{md(rep.base.ref)}`（{rep.base.short}）" if rep.base is not None else "空白基准"
    out.append(f"> 基准 {base} → 当前工作区；数据日期 {rep.as_of}（两边按同一天计算）。")
    if rep.base_note:
        out.append(f"> ⚠️ {rep.base_note}")
    out.append("")
    nothing = not (rep.published or rep.hidden or rep.modified or rep.basic or rep.ratings or rep.quiet)
    if nothing:
        out += ["公开网站的内容不变。", ""]
    if rep.published:
        out.append(f"#### 将公开的信用信息（{len(rep.published)} 条）")
        for r, before in rep.published:
            why = "新增记录" if before is None else f"原状态：{before}"
            out.append(
                f"- `{r.id}` {names.subject(r.subject)}：{kind_label(r.kind, r.class_)}，"
                f"{r.item}「{md(short(r.item_text))}」{points_text(r)}；{md(r.decision.document)}，"
                f"{r.decision.effective} 生效，公开至 {r.public_until}（{why}）"
            )
            out.append(f"  - 摘要：{md(r.summary)}")
        out.append("")
    if rep.hidden:
        out.append(f"#### 将隐藏的信用信息（{len(rep.hidden)} 条，仅列编号）")
        out += [f"- `{rid}`（{why}）" for rid, why in rep.hidden]
        out.append("")
    if rep.modified:
        out.append(f"#### 公开期间内容有改动的信用信息（{len(rep.modified)} 条）")
        for r, diffs in rep.modified:
            changes = "；".join(f"{label} {md(a)} → {md(b)}" for label, a, b in diffs)
            out.append(f"- `{r.id}` {names.subject(r.subject)}：{changes}")
        out.append("")
    if rep.ratings:
        out.append(f"#### 信用评价变化（{rep.rating_enterprises} 家企业）")
        out += [f"- {md(c.name)}（{c.year} 年度）：{c.text}" for c in rep.ratings]
        out.append("")
    if rep.basic:
        out.append(f"#### 基本信息变化（{len(rep.basic)} 项）")
        out += [f"- {line}" for line in rep.basic]
        out.append("")
    if rep.quiet:
        out.append(f"#### 不影响公开网站的记录改动（{len(rep.quiet)} 条，仅列编号）")
        out += [f"- `{rid}`（{state}）" for rid, state in rep.quiet]
        out.append("")
    if rep.warnings:
        out.append(f"#### 新增校验警告（{len(rep.warnings)} 条，不阻止合并）")
        out += [f"- `{md(p.path)}:{p.line}`：{md(p.message)}" for p in rep.warnings]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def invalid_report(problems: Sequence[Problem]) -> str:
    errors = [p for p in problems if p.severity == "error"]
    lines = [f"记录校验未通过（{len(errors)} 个错误），无法计算本次变更对公开网站的影响。请先修正：",
             "", "```"]
    lines += [p.text() for p in errors]
    lines += ["```", ""]
    return "\n".join(lines)


def _finish(tree: BaseTree | None, base_ref: str, as_of: dt.date, head: Side, base: Side | None) -> tuple[int, str]:
    """The report from the two sides (in the companion process where there is one: only this text travels)."""
    if head.computed is None:
        return 1, invalid_report(head.problems)
    note: str | None = None
    if base is None:
        base = Side(None, [], None)
        note = f"基准 {base_ref} 中没有记录目录，按空白基准比较（所有公开信息都算作新公开）。"
    elif base.computed is None:
        n = sum(1 for p in base.problems if p.severity == "error")
        note = (base.failure and f"基准 {base_ref} 无法计算（{base.failure}），按空白基准比较。") or (
            f"基准 {base_ref} 的记录校验未通过（{n} 个错误），按空白基准比较。")
        base = Side(None, [], None)
    rep = compare(base, head, as_of, tree, note)
    return 0, render(rep, Names(head.computed, base.computed))


def run_diff(records: Path, base_ref: str, as_of: dt.date) -> tuple[int, str, Sides]:
    """The report (exit status, Markdown) for the working tree at ``records`` against ``base_ref``, and how the
    base was made (:class:`~generator.commands.diff_sides.Sides`, for the benchmark)."""
    with sides(records, base_ref) as s:
        if s.git_error is not None:
            head = side(s.head, as_of)
            if head.computed is None:
                return 1, invalid_report(head.problems), s
            raise s.git_error
        t0 = time.perf_counter()
        code, text = both(s.head, s.base, as_of, functools.partial(_finish, s.tree, base_ref, as_of),
                          shared=s.how == "overlay")
        s.timings["validate, compute, compare"] = time.perf_counter() - t0
        return code, text, s


def diff(records: Path, base_ref: str, as_of: dt.date) -> tuple[int, str]:
    """The report (exit status, Markdown) for the working tree at ``records`` against ``base_ref``."""
    code, text, _sides = run_diff(records, base_ref, as_of)
    return code, text


def cmd_diff(args: argparse.Namespace) -> int:
    as_of = args.as_of
    try:
        code, text = diff(args.records, args.base, as_of)
    except GitError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    sys.stdout.flush()
    return code
