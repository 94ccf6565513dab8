"""``credit expiring`` and ``credit deadlines`` (DESIGN §8): what changes on the site soon, and what the
measures require of the authorities (第七、十三、十六、十七条)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from generator.commands.common import open_or_fail, records_of, run_command
from generator.day.disclosure import STATE_NAMES, next_change
from generator.day.schemes import scheme_of
from generator.day.snapshot import Computed
from generator.records.problems import Problem
from generator.records.recordset import RecordSet

# ---- expiring -----------------------------------------------------------------------------------------


def expiring_data(rs: RecordSet, comp: Computed, as_of: dt.date, days: int) -> list[dict[str, Any]]:
    horizon = as_of + dt.timedelta(days=days)
    rules = rs.rulebook.disclosure
    out: list[dict[str, Any]] = []
    if rules is not None:
        for rid, d in sorted(rs.records.items()):
            for day, before, after in next_change(d.model, rules, as_of, horizon):
                if (before == "public") == (after == "public"):
                    continue
                out.append({"date": day.isoformat(), "what": "record", "id": rid, "subject": d.model.subject,
                            "change": "enters" if after == "public" else "leaves", "reason": STATE_NAMES[after]
                            if after != "public" else STATE_NAMES[before]})
    for r in comp.ratings:
        if as_of < r.published <= horizon:
            out.append({"date": r.published.isoformat(), "what": "rating", "id": f"{r.year}/{r.authority}",
                        "subject": r.uscc, "change": "published", "reason": "评价结果公示"})
        final = r.notice_until + dt.timedelta(days=1) if r.notice_until else None
        if final is not None and as_of < final <= horizon:
            out.append({"date": final.isoformat(), "what": "rating", "id": f"{r.year}/{r.authority}",
                        "subject": r.uscc, "change": "final", "reason": "公示期满，评价结果确定"})
        for ms in r.measures:
            if ms.until is not None and as_of < ms.until + dt.timedelta(days=1) <= horizon:
                out.append({"date": (ms.until + dt.timedelta(days=1)).isoformat(), "what": "measure",
                            "id": f"{r.year}/{r.authority}", "subject": r.uscc, "change": "ends",
                            "reason": f"{ms.name}期满"})
    for g in comp.grades:
        if as_of < g.published <= horizon:
            out.append({"date": g.published.isoformat(), "what": "grade", "id": f"{g.year}/{g.authority}",
                        "subject": g.uscc, "change": "published", "reason": "评价结果公示"})
        sheet = rs.evaluations[(g.year, g.authority)].sheets[g.uscc].model
        removed = getattr(sheet, "red_removed", None)
        if g.red_list and removed is not None and as_of < removed.date <= horizon:
            out.append({"date": removed.date.isoformat(), "what": "red_list", "id": f"{g.year}/{g.authority}",
                        "subject": g.uscc, "change": "leaves", "reason": f"移出红榜：{removed.reason}"})
        if g.black_until is not None and as_of <= g.black_until < horizon:
            out.append({"date": (g.black_until + dt.timedelta(days=1)).isoformat(), "what": "black_list",
                        "id": f"{g.year}/{g.authority}", "subject": g.uscc, "change": "leaves",
                        "reason": "修复认定合格后移出黑榜"})
    out.sort(key=lambda e: (e["date"], e["what"], e["id"], e["subject"]))
    return out


def cmd_expiring(args: argparse.Namespace) -> int:
    def run(a: argparse.Namespace) -> int:
        with records_of(a) as (rs, comp, as_of):
            events = expiring_data(rs, comp, as_of, a.days)
            names = {k: d.model.name for k, d in rs.enterprises.items()} | {
                k: d.model.name for k, d in rs.persons.items()}
        print(f"# {as_of} 之后 {a.days} 天内网站上的变化（共 {len(events)} 项）")
        labels = {"enters": "上网公开", "leaves": "不再公开", "published": "开始公示", "final": "结果确定",
                  "ends": "措施期满"}
        for e in events:
            print(f"- {e['date']} {labels[e['change']]}：{e['id']}（{names.get(e['subject'], e['subject'])}）— {e['reason']}")
        return 0

    return run_command(run, args)


# ---- deadlines ----------------------------------------------------------------------------------------


def deadlines_text(rs: RecordSet, comp: Computed, as_of: dt.date, warnings: list[Problem]) -> list[str]:
    """``credit deadlines`` as lines: each section cites where the platform's rulebook sets the duty
    (``citations:`` in generator/rules/rulebooks/*.yaml) — Henan's articles or the Hulunbuir notice's parts."""
    rb = rs.rulebook
    out = [f"# 待办与逾期事项（{as_of}）"]
    if warnings or rb.citations.record_deadlines:  # a rulebook without such deadlines has no such section
        out += ["", f"## 信用信息的录入、异议、修复期限{rb.cite('record_deadlines')}：{len(warnings)} 项"]
        out += [p.text() for p in warnings]
    out += ["", f"## 正在公示的评价结果{rb.cite('notice')}"]
    running = sorted({(r.year, r.authority, r.published, r.notice_until) for r in comp.ratings
                      if r.published <= as_of and r.status(as_of) == "notice"}
                     | {(g.year, g.authority, g.published, g.notice_until) for g in comp.grades
                        if g.published <= as_of and g.status(as_of) == "notice"})
    for year, auth, pub, until in running:
        name = rs.authorities[auth].model.name if auth in rs.authorities else auth
        out.append(f"- {year} 年度 {name}：{pub} 至 {until or '（截止日待定：节假日安排未知）'}")
    if not running:
        out.append("（无）")
    out += ["", f"## 应完成的年度评价{rb.cite('annual')}"]
    due = publications_due(rs, as_of)
    out += [f"- {line}" for line in due] or ["（无）"]
    return out


def cmd_deadlines(args: argparse.Namespace) -> int:
    def run(a: argparse.Namespace) -> int:
        day = open_or_fail(a)
        print("\n".join(deadlines_text(day.rs, day.computed, day.as_of, day.warnings)))
        return 0

    return run_command(run, args)


def publications_due(rs: RecordSet, as_of: dt.date) -> list[str]:
    """Evaluations the measures require and the records do not hold yet (the scheme knows its dates)."""
    return scheme_of(rs.rulebook).publications_due(rs, as_of)


