"""The benchmark's report: the Markdown tables of bench/run.py's results and their section in bench/README.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parent / "README.md"


def _n(x: float | int | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    if isinstance(x, int) or digits == 0:
        return f"{int(round(x)):,}"
    return f"{x:,.{digits}f}"


STAGES = {"读取并校验记录": "load+validate", "计算公开状态与信用评价": "compute", "生成网页": "pages",
          "生成开放数据": "data", "生成网页和开放数据": "publish"}
"""``credit build``'s progress messages → the names of its timings."""


def _build_detail(step: dict[str, Any]) -> str:
    j = step.get("json") or {}
    if not j.get("ok"):
        why = "failed: " + str(j.get("error") or " ".join(step.get("stderr_tail", [])))[:200]
        if j.get("steps"):
            last = j["steps"][-1]
            why += f" — in stage {STAGES.get(last['step'], last['step'])}, which began at {last['at_s']:,.0f} s"
        return why
    t = j["timings"]
    parts = [f"load+validate {_n(t.get('load+validate'))}", f"compute {_n(t.get('compute'))}"]
    if "publish" in t:
        side = " ‖ ".join(f"{k} {_n(t[k])}" for k in ("pages", "search", "data") if k in t)
        parts.append(f"publish {_n(t['publish'])} ({side}, side by side)")
    else:  # results of the sequential builds before generator/publish/parallel.py
        if "pages" in t:
            if "search" in t:
                parts.append(f"pages {_n(t.get('pages_without_search'))} + search {_n(t.get('search'))}")
            else:
                parts.append(f"pages {_n(t['pages'])}")
        parts.append(f"data {_n(t.get('data'))}")
    other = [k for k in t if k not in ("load+validate", "compute", "pages", "data", "total", "search",
                                       "pages_without_search", "publish")]
    parts += [f"{k} {_n(t[k])}" for k in other]  # e.g. swap+other: git commit, keeping unchanged files
    tail = f"; {j['pages']:,} pages" if j.get("pages") else ""
    return " · ".join(parts) + f" (s){tail}; {j['public_records']:,} public records"


DIFF_STEPS = {
    "diff-cold": "(e) `credit diff` of a one-record pull request (empty parse cache)",
    "diff-warm": "(e′) `credit diff` again (warm parse cache)",
    "diff-checkout": "(e″) `credit diff`, the base checked out whole (the path before the overlay; warm cache)",
}


def _diff_detail(step: dict[str, Any]) -> str:
    j = step.get("json") or {}
    if not j:
        return " ".join(step.get("stderr_tail", []))[-200:]
    stages = " · ".join(f"{k} {_n(v)}" for k, v in j.get("timings", {}).items())
    base = f"base: {j.get('how')}" + (f" ({j['changed']} file differs)" if j.get("how") == "overlay" else "")
    return f"{base}; {stages} (s); report `{j.get('report_sha256')}`: {j.get('summary', '')[:60]}"


def _diff_ratios(res: dict[str, Any], floor_wall: float) -> list[str]:
    """``credit diff`` / floor, wall and CPU, for the steps of (e)."""
    floor = next(s for s in res["steps"] if s["step"] == "floor")
    out = []
    for s in res["steps"]:
        if s["step"] in DIFF_STEPS and not s.get("exit") and s.get("wall_s"):
            text = f"{s['step']} / floor: **{s['wall_s'] / floor_wall:.2f}×** wall"
            if s.get("user_s") is not None and floor.get("user_s") is not None:
                text += f", {(s['user_s'] + s['sys_s']) / max(0.01, floor['user_s'] + floor['sys_s']):.2f}× CPU"
            out.append(text)
    return ["", "; ".join(out) + "."] if out else []


def table(res: dict[str, Any]) -> str:
    rows = []
    floor_wall = None
    for s in res["steps"]:
        if s.get("reused") is not None and s["step"] == "pr-repository":
            how = "an earlier run's" if s["reused"] else "made now"
            rows.append(("(e) pull request: git repository", None, None, None, None,
                         f"{how}: the tree committed, then one new record committed on top (bench/pr.py)"))
            continue
        if s.get("reused"):
            rows.append(("synth (reused)", None, None, None, None, "records of an earlier run, same parameters"))
            continue
        name = s["step"]
        wall = s.get("wall_s")
        rss = s.get("peak_rss_mb")
        j = s.get("json") or {}
        status = " **TIMEOUT**" if s.get("timed_out") else (f" **exit {s['exit']}**" if s.get("exit") else "")
        limit = res.get("mem_limit_gb")
        if s.get("out_of_memory") or (s.get("exit") and limit and s.get("peak_rss_mb", 0) > 0.9 * limit * 1024):
            status = f" **failed: out of memory (limit {limit:g} GB per process)**"
        if name == "synth":
            label = "`python -m tools.fakedata tree`"
            detail = f"{res.get('record_files', 0):,} files, {res.get('record_bytes', 0) / 1e6:,.0f} MB"
        elif name in ("validate", "validate-warm"):
            label = ("(a) `credit validate` (empty parse cache)" if name == "validate"
                     else "(a′) `credit validate` again (warm parse cache)")
            err = " ".join(s.get("stderr_tail", []))
            m = re.search(r"（(\d+) 条警告", err)
            detail = f"{m.group(1)} warnings" if m else err[-160:]
        elif name.startswith("build"):
            kind = {"build-cold": "cold: empty output and parse cache",
                    "build-cold-data-only": "cold, --data-only",
                    "build-warm": "warm: as-of + 1 day, previous output and parse cache",
                    "build-ci": "CI's nightly: as-of + 2 days, empty output, parse cache and file store"}[name]
            if name != "build-cold-data-only" and j.get("ok") is not None and not j.get("pages_built", True):
                kind += ", --data-only"
            label = f"(b{ {'build-warm': '′', 'build-ci': '″'}.get(name, '')}) `credit build` ({kind})"
            detail = _build_detail(s)
        elif name == "floor":
            label = "(c) floor: libyaml parse + Jinja2 pages"
            floor_wall = wall
            detail = (f"list {_n(j.get('list_s'))} · parse {_n(j.get('parse_s'))} · "
                      f"render {_n(j.get('render_s'))} (s); {j.get('files', 0):,} files, "
                      f"{j.get('pages', 0):,} pages") if j else ""
        elif name in DIFF_STEPS:
            label, detail = DIFF_STEPS[name], _diff_detail(s)
        elif name == "naive-prepare":
            label = "(d) naive: write Markdown"
            detail = (f"parse {_n(j.get('parse_s'))} · write {_n(j.get('write_s'))} (s); "
                      f"{j.get('markdown_files', 0):,} files") if j else ""
        elif name == "naive-pelican":
            label = "(d) naive: `pelican` on them"
            detail = f"{res.get('naive_html_files', 0):,} HTML files (default theme, pagination 50)"
        else:
            label, detail = name, ""
        cpu = s["user_s"] + s["sys_s"] if "user_s" in s and "sys_s" in s else None
        pss = s.get("peak_pss_group_mb")
        if s.get("max_processes", 0) > 1:
            detail += f" ({s['max_processes']} processes)"
        rows.append((label + status, wall, cpu, rss, pss, detail))
    lines = ["| step | wall (s) | CPU (s) | peak RSS, largest process (MB) | peak memory, all processes (MB) | detail |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for label, wall, cpu, rss, pss, detail in rows:
        lines.append(f"| {label} | {_n(wall)} | {_n(cpu)} | {_n(rss, 0)} | {_n(pss, 0)} | {detail} |")
    if floor_wall:
        lines += _diff_ratios(res, floor_wall)
        cold = next((s for s in res["steps"] if s["step"] == "build-cold" and not s.get("exit")),
                    None)
        if cold is None:
            cold = next((s for s in res["steps"] if s["step"] == "build-cold-data-only"), None)
        floor = next(s for s in res["steps"] if s["step"] == "floor")
        if cold is not None and cold.get("wall_s") and not cold.get("exit"):
            ratio = f"Cold build / floor: **{cold['wall_s'] / floor_wall:.1f}×** wall"
            if cold.get("user_s") is not None and floor.get("user_s") is not None:
                cpu = (cold["user_s"] + cold["sys_s"]) / max(0.01, floor["user_s"] + floor["sys_s"])
                ratio += f", **{cpu:.1f}×** CPU"
            for step, what in (("build-warm", "nightly, output kept"), ("build-ci", "CI's nightly, empty output")):
                night = next((s for s in res["steps"] if s["step"] == step and not s.get("exit")), None)
                if night is not None and night.get("wall_s"):
                    ratio += f"; {what} / floor: **{night['wall_s'] / floor_wall:.2f}×** wall"
            lines.append("")
            lines.append(ratio + ".")
    return "\n".join(lines)


def markdown(res: dict[str, Any]) -> str:
    mach = res["machine"]
    head = (f"**{res['scale']}**: {res['enterprises']:,} enterprises, {res['records']:,} credit records "
            f"(`python -m tools.fakedata tree --seed {res['seed']}`), as-of {res['as_of']}; run {res['started']}, "
            f"{res.get('total_s', 0):,.0f} s end to end; load average {res['loadavg_start']} → "
            f"{res.get('loadavg_end', '?')}.")
    foot = (f"Machine: {mach['nproc']} CPUs ({mach['cpu']}), {mach['memory_gb']} GB, "
            f"Python {mach['python']}, PyYAML {mach['pyyaml']} (libyaml: {str(mach['libyaml']).lower()}), "
            f"Pelican {mach['pelican']}; "
            f"{mach['platform']}.")
    note = ""
    code = res.get("code_start")
    if code:
        note += (f"\n\nCode under test: generator/, theme/, pelicanconf.py sha256 `{code['sha256']}` "
                 f"(newest file {code['newest_file']}, {code['newest_mtime']})")
        end = res.get("code_end")
        if end and end.get("sha256") != code["sha256"]:
            note += f"; **it changed during the run** (to `{end['sha256']}`, {end['newest_file']})"
        note += "."
    if res.get("cache_bytes"):
        note += f" Parse cache after the run: {res['cache_bytes'] / 1e6:,.0f} MB."
    if res.get("pages_failed"):
        why = str(res["pages_failed"])[:300]
        note += f"\n\nThe build with pages failed ({why}); measured again with `--data-only`."
    elif not res.get("pages"):
        note += "\n\nPages were not built (`--data-only`)."
    return f"{head}\n\n{table(res)}{note}\n\n{foot}\n"


def update_readme(scale: str, md: str) -> None:
    start, end = f"<!-- bench:{scale}:start -->", f"<!-- bench:{scale}:end -->"
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    block = f"{start}\n{md.rstrip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _old, after = rest.split(end, 1)
        text = before + block + after
    else:
        heading = "## Build and validate"
        if heading not in text:
            text = text.rstrip() + f"\n\n{heading}\n\n" if text else f"# Benchmarks\n\n{heading}\n\n"
            text += block + "\n"
        else:
            i = text.index(heading) + len(heading)
            nxt = text.find("\n## ", i)
            insert_at = len(text) if nxt == -1 else nxt
            text = text[:insert_at].rstrip() + "\n\n" + block + "\n" + text[insert_at:]
    README.write_text(text, encoding="utf-8")
