"""``credit explain`` (DESIGN §8): where every point of a rating came from, which records it did not count
and why, and — for a year no evaluation has rated the enterprise in yet — a provisional score from the records
alone, said plainly to be one (暂估). For the authorities: non-public records are included and marked as
such; nothing here writes to the public site.

The printed text is in Chinese words only (基础分、评价表、上限; 街道（乡镇）评价 58 分 + …); ``--json``
gives the same facts with the codes (``source: base``) for other programs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from generator.commands.common import CommandError, records_of, run_command
from generator.day.disclosure import STATE_NAMES
from generator.day.ratings import Line, Rating
from generator.day.schemes import scheme_of
from generator.day.schemes.base import Uncounted
from generator.day.snapshot import Computed
from generator.labels import SCOPE_NAMES, STATUS_NAMES, VETOED, level_name
from generator.publish.data.rows import fmt_decimal
from generator.records.recordset import RecordSet

SOURCE_NAMES = {"base": "基础分", "sheet": "评价表", "cap": "上限", "veto": "一票否决", "record": "信用信息"}
"""A rating line's kind (:class:`generator.day.ratings.Line`) in the words of the scoring standards."""

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
    names = {k: d.model.name for k, d in rs.enterprises.items()} | {k: d.model.name for k, d in rs.persons.items()}
    shown = "、".join(f"{k}（{names[k]}）" for k in sorted(hits)[:10])
    more = f" 等 {len(hits)} 个" if len(hits) > 10 else ""
    raise CommandError(f"“{query}” 对应多个主体：{shown}{more}；请写统一社会信用代码或人员编号")


def _item_label(rs: RecordSet, item: str) -> str:
    """An award's category code (``market``) in words; an item code (``market.1.21``) as it is written."""
    cat = rs.rulebook.category_by_code.get(item)
    return f"{cat.name}类表彰" if cat is not None else item


def explain_data(rs: RecordSet, comp: Computed, subject: str, year: int | None, as_of: dt.date) -> dict[str, Any]:
    st = comp.statuses
    scheme = scheme_of(rs.rulebook)
    records = []
    for rid in sorted(r for r, d in rs.records.items() if d.model.subject == subject):
        rec = rs.records[rid].model
        s = st[rid]
        records.append({
            "id": rid, "kind": rec.kind, "class": rec.class_, "item": rec.item, "item_label": _item_label(rs, rec.item),
            "count": rec.count, "effective": rec.decision.effective.isoformat(), "state": s.state,
            "state_name": STATE_NAMES[s.state], "public_until": s.last_public_day.isoformat(),
            "objection_pending": s.objection_pending, "summary": rec.summary,
        })
    ratings = []
    for r in comp.ratings:
        if r.uscc != subject or (year is not None and r.year != year):
            continue
        ratings.append(_rating_explained(r, comp, as_of) | {
            "uncounted": _uncounted(scheme.uncounted(rs, subject, r, r.year, as_of))})
    grades = []
    part_names = {p.key: p.name for p in rs.rulebook.grades.parts} if rs.rulebook.grades else {}
    for g in comp.grades:
        if g.uscc != subject or (year is not None and g.year != year):
            continue
        grades.append({
            "year": g.year, "authority": g.authority, "published": g.published.isoformat(),
            "notice_until": g.notice_until.isoformat() if g.notice_until else None,
            "visible": g.published <= as_of, "status": g.status(as_of) if g.published <= as_of else "unpublished",
            "parts": {k: fmt_decimal(v) for k, v in g.parts}, "part_names": part_names,
            "score": fmt_decimal(g.score), "grade": g.grade,
            "red_conditions": list(g.red_conditions), "black_conditions": list(g.black_conditions),
            "red_list": g.red_list, "black_list": g.black_list, "severe": g.severe,
            "black_until": g.black_until.isoformat() if g.black_until else None,
            "red_until": g.red_until.isoformat() if g.red_until else None,
            "uncounted": _uncounted(scheme.uncounted(rs, subject, None, g.year, as_of)),
        })
    name = rs.enterprises[subject].model.name if subject in rs.enterprises else rs.persons[subject].model.name
    out: dict[str, Any] = {"subject": subject, "name": name, "as_of": as_of.isoformat(), "records": records,
                           "ratings": ratings, "grades": grades, "provisional": None}
    if subject in rs.enterprises:
        out |= scheme.explain_subject(rs, subject, as_of)
        wanted = year if year is not None else as_of.year
        if not any(r["year"] == wanted for r in ratings) and not any(g["year"] == wanted for g in grades):
            out["provisional"] = _provisional(rs, comp, subject, wanted, as_of)
    out["names"] = _names(rs, out)
    return out


def _uncounted(found: list[Uncounted]) -> list[dict[str, Any]]:
    return [{"id": u.record, "kind": u.kind, "reason": u.why, "year": u.year} for u in found]


def _provisional(rs: RecordSet, comp: Computed, uscc: str, year: int, as_of: dt.date) -> dict[str, Any]:
    """The year's estimate (暂估) from the records alone, or why there is none."""
    scheme = scheme_of(rs.rulebook)
    rating, why = scheme.provisional(rs, uscc, year, as_of)
    if rating is None:
        return {"year": year, "reason": why, "rating": None}
    shown = _rating_explained(rating, comp, as_of) | {
        "status": "provisional", "visible": False, "published": None, "notice_until": None, "measures": [],
        "uncounted": _uncounted(scheme.uncounted(rs, uscc, rating, year, as_of))}
    return {"year": year, "reason": why, "rating": shown}


def _names(rs: RecordSet, data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The names of the authorities and regions the explanation names by code."""
    authorities = {r["authority"] for r in [*data["ratings"], *data["grades"]]}
    if data["provisional"] and data["provisional"]["rating"]:
        authorities.add(data["provisional"]["rating"]["authority"])
    counties: list[str] = []
    if "rating_authority_now" in data:
        authorities.add(data["rating_authority_now"]["region"])
        counties = data["rating_authority_now"]["counties"]
    return {
        "authorities": {c: rs.authorities[c].model.name for c in sorted(authorities) if c in rs.authorities},
        "regions": {c: rs.regions[c] for c in sorted(counties) if c in rs.regions},
    }


def _line(ln: Line, comp: Computed) -> dict[str, Any]:
    entry: dict[str, Any] = {"source": ln.source, "source_name": SOURCE_NAMES[ln.kind], "item": ln.item,
                             "points": fmt_decimal(ln.points), "note": ln.note}
    if ln.record is not None and ln.record in comp.statuses:
        entry["public_now"] = comp.statuses[ln.record].public
    return entry


def _rating_explained(r: Rating, comp: Computed, as_of: dt.date) -> dict[str, Any]:
    stars = comp.snapshot.rulebook.stars
    threshold = fmt_decimal(stars.threshold) if stars is not None else None  # 第十二条: a star at this score
    cats = []
    for c in r.categories:
        # unlisted checklist items score 0; listing forty of them helps nobody
        lines = [_line(ln, comp) for ln in c.lines if not ln.unlisted]
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


# ---- the text -----------------------------------------------------------------------------------------

STATUS_WORDS = STATUS_NAMES | {"unpublished": "尚未公示"}


def _who(data: dict[str, Any], code: str, scope: str | None = None) -> str:
    """``郑州市金水区住房和城乡建设局（410105，县级）``."""
    level = f"，{SCOPE_NAMES.get(scope, scope)}" if scope else ""
    name = data["names"]["authorities"].get(code)
    return f"{name}（{code}{level}）" if name else f"{code}{level}"


def _record_text(r: dict[str, Any]) -> str:
    kind = f"{r['class']} 类不良信息" if r["class"] else "优良信息"
    times = f" × {r['count']}" if r["count"] != 1 else ""
    until = f"公开至 {r['public_until']}" if r["state"] == "public" else f"公开期限至 {r['public_until']}"
    objection = "，异议处理中" if r["objection_pending"] else ""
    return (f"- {r['id']} {kind} {r['item_label']}{times}：{r['state_name']}（{until}{objection}）"
            f"— {r['summary']}")


def _line_text(ln: dict[str, Any], category: str) -> str:
    sign = ln["points"] if ln["points"].startswith("-") else "+" + ln["points"]
    if ln["source_name"] == "基础分":
        what = "基础分"
    else:
        pub = ""
        if "public_now" in ln:
            pub = "（当前公开）" if ln["public_now"] else "（当前不公开）"
        head = ln["source"] if ln["source_name"] == "信用信息" else ln["source_name"]
        item = "" if ln["item"] == category else f" {ln['item']}"
        note = ln["note"].removeprefix(f"{head}：")  # 一票否决：一票否决：… once
        what = f"{head}{pub}{item}：{note}"
    return f"  {sign:>7}  {what}"


def _categories_text(rt: dict[str, Any]) -> list[str]:
    out = []
    for c in rt["categories"]:
        star = "★ 获得星级" if c["star"] else f"未达 {c['threshold']} 分，没有星级"
        out += ["", f"### {c['name']}：{c['score']} 分（{star}{'，一票否决' if c['vetoed'] else ''}）"]
        out += [_line_text(ln, c["code"]) for ln in c["lines"]]
    return out + _uncounted_text(rt["uncounted"], rt["year"])


def _uncounted_text(found: list[dict[str, Any]], year: int) -> list[str]:
    """未计入的记录及原因: one line per record, those of other years together on the last line."""
    out = ["", "### 未计入的记录及原因"]
    out += [f"- {u['id']}：{u['reason']}" for u in found if u["kind"] != "other_year"]
    others: dict[int, list[str]] = {}
    for u in found:
        if u["kind"] == "other_year":
            others.setdefault(u["year"], []).append(u["id"])
    if others:
        listed = "；".join(f"{y} 年 {'、'.join(ids)}" for y, ids in sorted(others.items()))
        out.append(f"- 其他年度生效的信息，计入各自年度的评定，不计入 {year} 年度：{listed}")
    if len(out) == 2:
        out.append(f"（无：该企业 {year} 年度的信用信息都已计入）")
    return out


def _rating_text(data: dict[str, Any], rt: dict[str, Any]) -> list[str]:
    until = rt["notice_until"] or "（截止日待定：节假日安排未知）"
    out = ["", f"## {rt['year']} 年度星级评定：{_who(data, rt['authority'], rt['scope'])}评定，"
               f"截止日 {rt['cutoff']}，公示 {rt['published']} 至 {until}，{STATUS_WORDS[rt['status']]}"]
    if rt["vetoed"]:
        out.append(f"{VETOED}（第十四条）：截止日公开的 A 类不良信息 {'、'.join(rt['veto_records'])}")
    out += _categories_text(rt)
    out.append("")
    if not rt["vetoed"]:
        out.append(f"获得星级的类别 {rt['stars']} 个，信用等级：{level_name(rt['level'])}")
    for ms in rt["measures"]:
        ends = f"，至 {ms['until']}" if ms["until"] else ""
        out.append(f"适用措施：{ms['name']}（{ms['article']}{ends}）")
    return out


def _provisional_text(data: dict[str, Any], pv: dict[str, Any]) -> list[str]:
    out = ["", f"## {pv['year']} 年度（暂估）", pv["reason"]]
    rt = pv["rating"]
    if rt is None:
        return out
    if rt["vetoed"]:
        out.append(f"暂估：{VETOED}（第十四条）：公开的 A 类不良信息 {'、'.join(rt['veto_records'])}")
    out += _categories_text(rt)
    if not rt["vetoed"]:
        out += ["", f"暂估：获得星级的类别 {rt['stars']} 个，信用等级：{level_name(rt['level'])}（暂估，不是评定结果）"]
    return out


def _numbers(found: list[int]) -> str:
    return f"第 {'、'.join(str(n) for n in found)} 条" if found else "无"


def _grade_text(data: dict[str, Any], g: dict[str, Any]) -> list[str]:
    until = g["notice_until"] or "（截止日待定：节假日安排未知）"
    parts = " + ".join(f"{g['part_names'].get(k, k)} {v} 分" for k, v in g["parts"].items())
    red = "在红榜" + (f"（至 {g['red_until']}）" if g["red_until"] else "") if g["red_list"] else "不在红榜"
    black = "在黑榜" + (f"（至 {g['black_until']}）" if g["black_until"] else "") if g["black_list"] else "不在黑榜"
    if g["severe"]:
        black += "（情节特别严重，不得移出）"
    out = ["", f"## {g['year']} 年度评价：{_who(data, g['authority'])}评价，公示 {g['published']} 至 {until}，"
               f"{STATUS_WORDS[g['status']]}",
           f"得分：{parts} = {g['score']} 分，{g['grade']} 级",
           f"红榜条件：{_numbers(g['red_conditions'])}；{red}",
           f"黑榜条件：{_numbers(g['black_conditions'])}；{black}"]
    if g["uncounted"]:
        out += ["", "### 未计入的记录及原因"] + [f"- {u['id']}：{u['reason']}" for u in g["uncounted"]]
    return out


def explain_text(data: dict[str, Any]) -> list[str]:
    """The explanation as lines of Chinese text."""
    out = [f"# {data['name']}（{data['subject']}） 数据日期 {data['as_of']}"]
    if "rating_authority_now" in data:
        ra = data["rating_authority_now"]
        counties = "、".join(f"{data['names']['regions'].get(c, c)}（{c}）" for c in ra["counties"])
        out.append(f"按第十三条，现在应由 {_who(data, ra['region'], ra['scope'])}评定；在管项目所在县区：{counties or '无'}")
    out += ["", "## 信用信息（含不公开的，仅供监管部门使用）"]
    out += [_record_text(r) for r in data["records"]] or ["（无）"]
    for rt in data["ratings"]:
        out += _rating_text(data, rt)
    for g in data["grades"]:
        out += _grade_text(data, g)
    if data["provisional"] is not None:
        out += _provisional_text(data, data["provisional"])
    return out


def cmd_explain(args: argparse.Namespace) -> int:
    def run(a: argparse.Namespace) -> int:
        with records_of(a) as (rs, comp, as_of):
            subject = _find_subject(rs, a.subject)
            data = explain_data(rs, comp, subject, a.year, as_of)
        if a.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print("\n".join(explain_text(data)))
        return 0

    return run_command(run, args)
