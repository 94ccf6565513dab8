"""``credit explain`` (DESIGN §8): where every point of a rating came from, for the authorities —
non-public records included and marked as such; nothing here writes to the public site."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from generator.commands.common import CommandError, records_of, run_command
from generator.day.disclosure import STATE_NAMES
from generator.day.ratings import Rating
from generator.day.schemes import scheme_of
from generator.day.snapshot import Computed
from generator.labels import STATUS_NAMES, VETOED
from generator.publish.data.rows import fmt_decimal
from generator.records.recordset import RecordSet

# ---- explain ------------------------------------------------------------------------------------------


def _find_subject(rs: RecordSet, query: str) -> str:
    if query in rs.enterprises or query in rs.persons:
        return query
    hits = [k for k, d in rs.enterprises.items() if query in d.model.name or query in d.model.former_names]
    hits += [k for k, d in rs.persons.items() if query == d.model.name]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise CommandError(f"找不到信用主体 “{query}”（请用统一社会信用代码、人员编号或企业名称）")
    raise CommandError(f"“{query}” 对应多个主体：{', '.join(sorted(hits)[:10])}")


def explain_data(rs: RecordSet, comp: Computed, subject: str, year: int | None, as_of: dt.date) -> dict[str, Any]:
    st = comp.statuses
    records = []
    for rid in sorted(r for r, d in rs.records.items() if d.model.subject == subject):
        rec = rs.records[rid].model
        s = st[rid]
        records.append({
            "id": rid, "kind": rec.kind, "class": rec.class_, "item": rec.item, "count": rec.count,
            "effective": rec.decision.effective.isoformat(), "state": s.state, "state_name": STATE_NAMES[s.state],
            "public_until": s.last_public_day.isoformat(), "objection_pending": s.objection_pending,
            "summary": rec.summary,
        })
    ratings = []
    for r in comp.ratings:
        if r.uscc != subject or (year is not None and r.year != year):
            continue
        ratings.append(_rating_explained(r, comp, as_of))
    grades = []
    for g in comp.grades:
        if g.uscc != subject or (year is not None and g.year != year):
            continue
        grades.append({
            "year": g.year, "authority": g.authority, "published": g.published.isoformat(),
            "parts": {k: fmt_decimal(v) for k, v in g.parts}, "score": fmt_decimal(g.score), "grade": g.grade,
            "red_conditions": list(g.red_conditions), "black_conditions": list(g.black_conditions),
            "red_list": g.red_list, "black_list": g.black_list, "severe": g.severe,
            "black_until": g.black_until.isoformat() if g.black_until else None,
            "red_until": g.red_until.isoformat() if g.red_until else None,
        })
    name = rs.enterprises[subject].model.name if subject in rs.enterprises else rs.persons[subject].model.name
    out: dict[str, Any] = {"subject": subject, "name": name, "as_of": as_of.isoformat(), "records": records,
                           "ratings": ratings, "grades": grades}
    if subject in rs.enterprises:
        out |= scheme_of(rs.rulebook).explain_subject(rs, subject, as_of)
    return out


def _rating_explained(r: Rating, comp: Computed, as_of: dt.date) -> dict[str, Any]:
    stars = comp.snapshot.rulebook.stars
    threshold = fmt_decimal(stars.threshold) if stars is not None else None  # 第十二条: a star at this score
    cats = []
    for c in r.categories:
        lines = []
        for ln in c.lines:
            if ln.unlisted:
                continue  # unlisted checklist items score 0; listing forty of them helps nobody
            entry: dict[str, Any] = {"source": ln.source, "item": ln.item, "points": fmt_decimal(ln.points),
                                     "note": ln.note}
            if ln.record is not None and ln.record in comp.statuses:
                entry["public_now"] = comp.statuses[ln.record].public
            lines.append(entry)
        cats.append({"code": c.code, "name": c.name, "score": fmt_decimal(c.score), "star": c.star,
                     "vetoed": c.vetoed, "lines": lines, "threshold": threshold})
    return {
        "year": r.year, "authority": r.authority, "scope": r.scope, "cutoff": r.cutoff.isoformat(),
        "published": r.published.isoformat(), "notice_until": r.notice_until.isoformat() if r.notice_until else None,
        "visible": r.published <= as_of, "status": r.status(as_of) if r.published <= as_of else "unpublished",
        "vetoed": r.vetoed, "veto_records": list(r.veto_records), "categories": cats, "stars": r.stars,
        "level": r.level, "measures": [{"name": m.name, "article": m.article,
                                        "until": m.until.isoformat() if m.until else None} for m in r.measures],
    }


def _print_explain(data: dict[str, Any]) -> None:
    print(f"# {data['name']}（{data['subject']}） 数据日期 {data['as_of']}")
    if "rating_authority_now" in data:
        ra = data["rating_authority_now"]
        print(f"按第十三条，当前评定机关：{ra['region']}（{ra['scope']}，项目所在县区 {', '.join(ra['counties'])}）")
    print("\n## 信用信息（含不公开的，仅供监管部门使用）")
    for r in data["records"]:
        cls = f"{r['class']} 类" if r["class"] else "优良"
        objection = "，异议处理中" if r["objection_pending"] else ""
        print(f"- {r['id']} {cls} {r['item']} × {r['count']}：{r['state_name']}（公开至 {r['public_until']}{objection}）"
              f" — {r['summary']}")
    for rt in data["ratings"]:
        status = (STATUS_NAMES | {"unpublished": "尚未公示"})[rt["status"]]
        print(f"\n## {rt['year']} 年度星级评定 — 评定机关 {rt['authority']}（{rt['scope']}），截止日 {rt['cutoff']}，"
              f"公示 {rt['published']} 至 {rt['notice_until'] or '（截止日待定：节假日安排未知）'}，{status}")
        if rt["vetoed"]:
            print(f"{VETOED}（第十四条）：截止日公开的 A 类不良信息 {', '.join(rt['veto_records'])}")
        for c in rt["categories"]:
            star = "★ 获得星级" if c["star"] else f"未达 {c['threshold']} 分"
            print(f"\n### {c['name']}：{c['score']} 分（{star}{'，一票否决' if c['vetoed'] else ''}）")
            for ln in c["lines"]:
                pub = ""
                if "public_now" in ln:
                    pub = "（当前公开）" if ln["public_now"] else "（当前不公开）"
                sign = ln["points"] if ln["points"].startswith("-") else "+" + ln["points"]
                print(f"  {sign:>7}  {ln['source']}{pub} {ln['item']}：{ln['note']}")
        if not rt["vetoed"]:
            print(f"\n获得星级的类别 {rt['stars']} 个，信用等级 {rt['level']} 星")
        for ms in rt["measures"]:
            until = f"，至 {ms['until']}" if ms["until"] else ""
            print(f"适用措施：{ms['name']}（{ms['article']}{until}）")
    for g in data["grades"]:
        parts = " + ".join(f"{k} {v}" for k, v in g["parts"].items())
        print(f"\n## {g['year']} 年度评价 — {parts} = {g['score']} 分，{g['grade']} 级；"
              f"红榜条件 {g['red_conditions']}，黑榜条件 {g['black_conditions']}；"
              f"{'在红榜' if g['red_list'] else ''}{'在黑榜' if g['black_list'] else ''}")


def cmd_explain(args: argparse.Namespace) -> int:
    def run(a: argparse.Namespace) -> int:
        with records_of(a) as (rs, comp, as_of):
            subject = _find_subject(rs, a.subject)
            data = explain_data(rs, comp, subject, a.year, as_of)
        if a.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _print_explain(data)
        return 0

    return run_command(run, args)


