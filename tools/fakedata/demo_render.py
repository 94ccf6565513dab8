"""How the Henan demo's files read: credit records with a comment naming each item's place in the
rulebook, and red/smart sheets with a comment per category."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.rules.rulebook import load_rulebook

from .demo_common import Rec
from .demo_henan_data import Ent
from .yamltext import quoted, scalar

RB = load_rulebook("henan")


@dataclass
class Decided:
    """What the tables leave to be worked out for a record: its subject, deciding body and dates."""

    subject: str  # USCC or person id
    ent: Ent | None
    authority: str
    level: str
    document: str
    entered: dt.date
    notified: dt.date | None


SEC_NUM = "零一二三四五六七八九十"


def item_comment(item: str) -> str:
    """Where an item stands in the rulebook: 附件1 一、… 第3项, or 红色物业类表彰."""
    rb = RB
    if item in rb.category_by_code:
        return f"{rb.category_by_code[item].name}类表彰"
    cat, sec, it = rb.items[item]
    where = f"{cat.appendix} {SEC_NUM[sec.number]}、{sec.name}"
    if it.number is not None:
        where += f" 第{it.number}项"
    return where


def render_record(r: Rec, f: Decided) -> str:
    lines = [f"subject: {f.subject}" if f.subject.startswith("P-") else f"subject: {quoted(f.subject)}"]
    if r.project is not None and f.ent is not None:
        lines.append(f"project: {f.ent.projects[r.project].id}")
    lines.append(f"kind: {r.kind}")
    if r.cls:
        lines.append(f"class: {r.cls}")
    lines.append(f"item: {r.item}".ljust(24) + f"# {item_comment(r.item)}")
    if r.count != 1:
        lines.append(f"count: {r.count}")
    if r.points is not None:
        lines.append(f"points: {r.points}")
    lines.append(f"summary: {scalar(r.summary)}")
    lines.append("decision:")
    lines.append(f"  authority: {scalar(f.authority)}")
    lines.append(f"  level: {f.level}")
    lines.append(f"  document: {scalar(f.document)}")
    if r.kind == "bad":
        lines.append(f"  kind: {r.dkind}")
    lines.append(f"  effective: {r.eff}")
    if r.learned:
        lines.append(f"  learned: {r.learned}")
    if r.penalty_months:
        lines.append(f"  penalty_months: {r.penalty_months}")
    if r.domain:
        lines.append(f"  domain: {r.domain}")
    lines.append(f"recorder: {quoted(r.recorder)}")
    if f.notified:
        lines.append(f"notified: {f.notified}")
    lines.append(f"entered: {f.entered}")
    if r.months is not None:
        lines.append(f"disclosure_months: {r.months}")
    if r.refuses:
        lines.append("refuses_correction: true")
    if r.deed:
        lines.append(f"deed: {r.deed}")
    if r.extensions:
        lines.append("extensions:")
        for decided, months, reason in r.extensions:
            lines += [f"  - decided: {decided}", f"    months: {months}", f"    reason: {scalar(reason)}"]
    if r.objections:
        lines.append("objections:")
        for ob in r.objections:
            lines.append(f"  - filed: {ob['filed']}")
            if "resolved" in ob:
                lines.append(f"    resolved: {ob['resolved']}")
                lines.append(f"    outcome: {ob['outcome']}")
            if ob.get("suspend"):
                lines.append("    suspend: true")
    if r.repair:
        lines.append("repair:")
        lines.append(f"  applied: {r.repair['applied']}")
        if "decided" in r.repair:
            lines.append(f"  decided: {r.repair['decided']}")
            lines.append(f"  outcome: {r.repair['outcome']}")
    if r.withdrawn:
        lines += ["withdrawn:", f"  date: {r.withdrawn[0]}", f"  reason: {scalar(r.withdrawn[1])}"]
    return "\n".join(lines) + "\n"



def sheet_score(cat: str, values: dict[str, object], communities: int) -> float:
    """The points a category's sheet gives (for the report: the site computes its own)."""
    total = 0.0
    for key, v in values.items():
        _c, _sec, it = RB.items[f"{cat}.{key}"]
        step = float(RB.item_step(f"{cat}.{key}"))
        if v == "absent":
            continue
        if it.scoring == "community":
            assert isinstance(v, dict)
            small = communities <= 2
            full, part = (6, 3) if small else (4, 2)
            total += min(6, full * v.get("full", 0) + part * v.get("partial", 0))
        elif it.scoring == "results":
            assert isinstance(v, dict) and it.max is not None
            total += min(float(it.max), v["count"])
        else:
            assert isinstance(v, int) and it.max is not None
            total += float(it.max) - step * v
    return total


def render_sheet_value(v: object) -> str:
    if isinstance(v, dict):
        inner = ", ".join(f"{k}: {n}" for k, n in v.items())
        return "{" + inner + "}"
    return str(v)


def render_sheet(sheet: dict[str, dict[str, object]]) -> str:
    out = []
    for cat in ("red", "smart"):
        if cat not in sheet:
            continue
        label = {"red": "附件3 红色物业创建：各项缺项数（0 = 满分），absent = 完全缺失",
                 "smart": "附件4 智慧物业建设：缺项数；5.x 为符合的小区数；7.1 为近三年成果数"}[cat]
        out.append(f"{cat}:".ljust(10) + f"# {label}")
        for k, v in sheet[cat].items():
            out.append(f'  "{k}": {render_sheet_value(v)}')
    return "\n".join(out) + "\n"

