"""Regulators' commands (DESIGN §8): ``explain``, ``expiring``, ``deadlines``, ``serve``.

These are tools for the authorities, so ``explain`` may show non-public records (marked as such); nothing
here writes to the public site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .calendar import UnknownYear, month_end
from .day import Day, open_day
from .disclosure import STATE_NAMES, next_change
from .problems import RecordsInvalid, print_problems
from .publish.rows import fmt_decimal
from .ratings import Rating
from .recordset import RecordSet
from .regions import active_project_regions, rating_scope
from .snapshot import Computed


class CommandError(Exception):
    pass


def _open(args: argparse.Namespace) -> Day:
    """The records as of ``--as-of`` (:func:`generator.day.open_day`), or a CommandError after their errors."""
    try:
        return open_day(args.records, args.as_of)
    except RecordsInvalid as exc:
        print_problems([p for p in exc.problems if p.severity == "error"], stream=sys.stderr)
        raise CommandError("记录有误，请先修正（credit validate）") from None


@contextmanager
def _records(args: argparse.Namespace) -> Iterator[tuple[RecordSet, Computed, dt.date]]:
    day = _open(args)
    yield day.rs, day.computed, day.as_of


def _run(fn: Any, args: argparse.Namespace) -> int:
    try:
        return int(fn(args))
    except CommandError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except UnknownYear as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


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
    if subject in rs.enterprises and rs.rulebook.scheme == "stars":
        ent = rs.enterprises[subject].model
        scope = rating_scope(active_project_regions(ent.projects, as_of), ent.registered_region, rs.regions)
        out["rating_authority_now"] = {"scope": scope.scope, "region": scope.region, "counties": list(scope.counties)}
    return out


def _rating_explained(r: Rating, comp: Computed, as_of: dt.date) -> dict[str, Any]:
    cats = []
    for c in r.categories:
        lines = []
        for ln in c.lines:
            if ln.source == "sheet" and ln.points == 0 and "未申报" in ln.note:
                continue  # unlisted checklist items score 0; listing forty of them helps nobody
            entry: dict[str, Any] = {"source": ln.source, "item": ln.item, "points": fmt_decimal(ln.points),
                                     "note": ln.note}
            if ln.source in comp.statuses:
                entry["public_now"] = comp.statuses[ln.source].public
            lines.append(entry)
        cats.append({"code": c.code, "name": c.name, "score": fmt_decimal(c.score), "star": c.star,
                     "vetoed": c.vetoed, "lines": lines})
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
        status = {"notice": "公示中", "final": "已确定", "unpublished": "尚未公示"}[rt["status"]]
        print(f"\n## {rt['year']} 年度星级评定 — 评定机关 {rt['authority']}（{rt['scope']}），截止日 {rt['cutoff']}，"
              f"公示 {rt['published']} 至 {rt['notice_until'] or '（截止日待定：节假日安排未知）'}，{status}")
        if rt["vetoed"]:
            print(f"不予星级评定（第十四条）：截止日公开的 A 类不良信息 {', '.join(rt['veto_records'])}")
        for c in rt["categories"]:
            star = "★ 获得星级" if c["star"] else "未达 80 分"
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
        with _records(a) as (rs, comp, as_of):
            subject = _find_subject(rs, a.subject)
            data = explain_data(rs, comp, subject, a.year, as_of)
        if a.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _print_explain(data)
        return 0

    return _run(run, args)


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
        with _records(a) as (rs, comp, as_of):
            events = expiring_data(rs, comp, as_of, a.days)
            names = {k: d.model.name for k, d in rs.enterprises.items()} | {
                k: d.model.name for k, d in rs.persons.items()}
        print(f"# {as_of} 之后 {a.days} 天内网站上的变化（共 {len(events)} 项）")
        labels = {"enters": "上网公开", "leaves": "不再公开", "published": "开始公示", "final": "结果确定",
                  "ends": "措施期满"}
        for e in events:
            print(f"- {e['date']} {labels[e['change']]}：{e['id']}（{names.get(e['subject'], e['subject'])}）— {e['reason']}")
        return 0

    return _run(run, args)


# ---- deadlines ----------------------------------------------------------------------------------------


def cmd_deadlines(args: argparse.Namespace) -> int:
    def run(a: argparse.Namespace) -> int:
        day = _open(a)
        rs, comp, as_of, warnings = day.rs, day.computed, day.as_of, day.warnings
        print(f"# 待办与逾期事项（{as_of}）")
        print(f"\n## 录入、异议、修复期限（第七、十六、十七条）：{len(warnings)} 项")
        print_problems(warnings)
        print("\n## 正在公示的评价结果（第十三条）")
        running = sorted({(r.year, r.authority, r.published, r.notice_until) for r in comp.ratings
                          if r.published <= as_of and r.status(as_of) == "notice"}
                         | {(g.year, g.authority, g.published, g.notice_until) for g in comp.grades
                            if g.published <= as_of and g.status(as_of) == "notice"})
        for year, auth, pub, until in running:
            name = rs.authorities[auth].model.name if auth in rs.authorities else auth
            print(f"- {year} 年度 {name}：{pub} 至 {until or '（截止日待定：节假日安排未知）'}")
        if not running:
            print("（无）")
        print("\n## 应完成的年度评价")
        due = publications_due(rs, as_of)
        for line in due:
            print(f"- {line}")
        if not due:
            print("（无）")
        return 0

    return _run(run, args)


def publications_due(rs: RecordSet, as_of: dt.date) -> list[str]:
    """Evaluations the measures require and the records do not hold yet."""
    out = []
    if rs.rulebook.scheme == "stars":
        year = as_of.year
        needed: dict[str, int] = {}
        for d in rs.enterprises.values():
            ent = d.model
            scope = rating_scope(active_project_regions(ent.projects, as_of), ent.registered_region, rs.regions)
            needed[scope.region] = needed.get(scope.region, 0) + 1
        for region, count in sorted(needed.items()):
            if (year, region) not in rs.evaluations:
                name = rs.authorities[region].model.name if region in rs.authorities else region
                out.append(f"{name}（{region}）：{year} 年度评定应于 {year}-12-31 前完成（第十三条），涉及约 {count} 家企业")
    elif rs.rulebook.grades is not None:
        year = as_of.year - 1 if as_of.month <= rs.rulebook.grades.publication_due_month else as_of.year
        due = month_end(year + 1, rs.rulebook.grades.publication_due_month)
        authorities = {k for k, d in rs.authorities.items() if d.model.level == "county"}
        done = {auth for (y, auth) in rs.evaluations if y == year}
        for auth in sorted(authorities - done):
            out.append(f"{rs.authorities[auth].model.name}：{year} 年度评价应于 {due} 前公示")
    return out


# ---- serve --------------------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    """The built site on 127.0.0.1 only (DESIGN §8), as a static host serves it: ``index.html`` for a folder,
    the site's own ``404.html`` (status 404) for an unknown path, 400 for a malformed one (a NUL or control
    character, ``.`` or ``..`` segments, bytes that are not UTF-8), 414 for a path over 2048 characters.
    Nothing outside the output directory is served, not even through a symbolic link; no folder listings;
    no traceback, whatever the request."""
    import http.server
    import shutil
    import socket
    from pathlib import Path
    from typing import BinaryIO
    from urllib.parse import quote, unquote

    try:
        root = args.output.resolve(strict=True)
    except (OSError, RuntimeError):
        root = None
    if root is None or not root.is_dir():
        print(f"{args.output} 不存在：请先运行 credit build 或 make site", file=sys.stderr)
        return 1
    if not 0 <= args.port <= 65535:
        print(f"错误：端口 {args.port} 无效（0–65535；0 = 任选一个空闲端口）", file=sys.stderr)
        return 2
    max_path = 2048
    text_types = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")

    def inside(path: Path) -> bool:
        return path == root or root in path.parents

    def page(title: str, detail: str) -> bytes:
        return (
            f'<!doctype html>\n<html lang="zh-CN"><meta charset="utf-8"><title>{title}</title>'
            f"<h1>{title}</h1><p>{detail}</p></html>\n"
        ).encode()

    class Handler(http.server.SimpleHTTPRequestHandler):
        server_version = "credit-serve"
        sys_version = ""
        error_content_type = "text/html; charset=utf-8"
        error_message_format = (  # what http.server sends itself (501 for POST and the like): in Chinese too
            '<!doctype html>\n<html lang="zh-CN"><meta charset="utf-8"><title>%(code)d</title>'
            "<h1>%(code)d</h1><p>本地预览只提供浏览网页（%(message)s）。</p></html>\n"
        )

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            line = format % args
            sys.stderr.write(f"{self.address_string()} - {line[:300] + '…' if len(line) > 300 else line}\n")

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            raw = self.path
            if len(raw) > max_path:
                return self._send(414, page("网址太长", "请检查链接。"), body)
            if not raw.isascii():  # bytes a browser would have percent-encoded
                return self._send(400, page("网址有误", "网址中有无法识别的字符。"), body)
            path = raw.split("#", 1)[0]
            path, _, query = path.partition("?")
            try:
                decoded = unquote(path, errors="strict")
            except UnicodeDecodeError:
                return self._send(400, page("网址有误", "网址中有无法识别的字符。"), body)
            parts = decoded.split("/")
            if (
                not decoded.startswith("/")
                or any(ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in decoded)
                or any(seg in (".", "..") for seg in parts)
            ):
                return self._send(400, page("网址有误", "网址中有不允许的字符或路径。"), body)
            target = root.joinpath(*[seg for seg in parts if seg])
            try:
                real = target.resolve(strict=True)
                if not inside(real):
                    raise FileNotFoundError(decoded)
                if real.is_dir():
                    if not decoded.endswith("/"):
                        location = quote(decoded + "/", safe="/") + (f"?{query}" if query else "")
                        return self._send(301, b"", body, location=location)
                    real = (real / "index.html").resolve(strict=True)
                    if not inside(real):
                        raise FileNotFoundError(decoded)
                if not real.is_file():
                    raise FileNotFoundError(decoded)
                fh = real.open("rb")
            except (OSError, RuntimeError, ValueError):
                return self._not_found(body)
            with fh:
                self._send(200, fh, body, ctype=self.guess_type(str(real)), size=os.fstat(fh.fileno()).st_size)

        def _not_found(self, body: bool) -> None:
            try:
                own = (root / "404.html").read_bytes()
            except OSError:
                own = page("找不到页面", '<a href="/">返回首页</a>')
            self._send(404, own, body)

        def _send(
            self, status: int, content: bytes | BinaryIO, body: bool, *, ctype: str = "text/html",
            size: int | None = None, location: str | None = None,
        ) -> None:
            if ctype.startswith(text_types) and "charset" not in ctype:
                ctype += "; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(content) if isinstance(content, bytes) else size or 0))
            self.send_header("X-Content-Type-Options", "nosniff")
            if location is not None:
                self.send_header("Location", location)
            self.end_headers()
            if body:
                if isinstance(content, bytes):
                    self.wfile.write(content)
                else:
                    shutil.copyfileobj(content, self.wfile)

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            exc = sys.exc_info()[1]
            if isinstance(exc, (ConnectionError, TimeoutError, socket.timeout)):
                return  # the browser went away
            print(f"错误：处理来自 {client_address[0]} 的请求时出错：{type(exc).__name__}：{exc}", file=sys.stderr)

    try:
        httpd = Server(("127.0.0.1", args.port), Handler)
    except OSError as exc:
        print(f"错误：无法在 127.0.0.1:{args.port} 上提供网站：{exc.strerror or exc}（端口被占用？请用 --port 另选）",
              file=sys.stderr)
        return 1
    with httpd:
        port = httpd.server_address[1]
        print(f"网站：http://127.0.0.1:{port}/（Ctrl+C 停止）", file=sys.stderr, flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


__all__ = ["cmd_deadlines", "cmd_explain", "cmd_expiring", "cmd_serve"]
