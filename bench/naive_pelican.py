"""The naive approach: one Markdown file per enterprise, then plain ``pelican`` on them.

    .venv/bin/python bench/naive_pelican.py prepare --records DIR --work DIR
    .venv/bin/pelican DIR/content -s DIR/pelicanconf.py -o DIR/output      (what bench/run.py measures)
    .venv/bin/python bench/naive_pelican.py all --records DIR --work DIR    (both, timed here)

``prepare`` parses the records with libyaml (no validation, no disclosure rules) and writes
``content/<USCC>.md`` per enterprise: Pelican front matter (Title, Date, Slug, Category = registered
region) and a Markdown table of all of that enterprise's records. The config is Pelican's minimal one
(default theme, no feeds, pagination 50). This is what "just use Pelican" would cost, not this project.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

CONF = """\
AUTHOR = "bench"
SITENAME = "物业服务企业信用信息（naive）"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 50
RELATIVE_URLS = True
ARTICLE_URL = "enterprises/{slug}/"
ARTICLE_SAVE_AS = "enterprises/{slug}/index.html"
LOAD_CONTENT_CACHE = False
"""


def cell(value: object) -> str:
    return str(value if value is not None else "").replace("|", "｜").replace("\n", " ")


def prepare(records: Path, work: Path) -> dict[str, object]:
    t0 = time.perf_counter()
    if work.exists():
        shutil.rmtree(work)
    content = work / "content"
    content.mkdir(parents=True)
    (work / "pelicanconf.py").write_text(CONF, encoding="utf-8")
    enterprises: dict[str, dict] = {}
    by_subject: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for p in sorted((records / "enterprises").glob("*.yaml")):
        enterprises[p.stem] = yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    for p in sorted((records / "credit").glob("*/*.yaml")):
        r = yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        by_subject[str(r["subject"])].append((p.stem, r))
    regions = yaml.load((records / "regions.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    t1 = time.perf_counter()
    for uscc, e in enterprises.items():
        lines = [
            f"Title: {e['name']}",
            f"Date: {e['established']}",
            f"Slug: {uscc}",
            f"Category: {regions.get(e['registered_region'], e['registered_region'])}",
            "",
            f"统一社会信用代码：{uscc}  ",
            f"地址：{e['address']}",
            "",
            "| 编号 | 类别 | 条目 | 事实 | 生效日期 |",
            "| --- | --- | --- | --- | --- |",
        ]
        for rid, r in by_subject.get(uscc, []):
            kind = f"{r['kind']} {r.get('class') or ''}".strip()
            effective = r["decision"]["effective"]
            lines.append(f"| {rid} | {kind} | {r['item']} | {cell(r['summary'])} | {effective} |")
        (content / f"{uscc}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    t2 = time.perf_counter()
    return {"ok": True, "markdown_files": len(enterprises), "parse_s": round(t1 - t0, 3),
            "write_s": round(t2 - t1, 3), "total_s": round(t2 - t0, 3)}


def pelican_command(work: Path) -> list[str]:
    exe = Path(sys.executable).with_name("pelican")
    return [str(exe), str(work / "content"), "-s", str(work / "pelicanconf.py"), "-o", str(work / "output"),
            "--delete-output-directory", "-q"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["prepare", "all"])
    ap.add_argument("--records", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    args = ap.parse_args(argv)
    res = prepare(args.records, args.work)
    if args.what == "all":
        t = time.perf_counter()
        proc = subprocess.run(pelican_command(args.work), cwd=args.work, check=False)
        res["pelican_s"] = round(time.perf_counter() - t, 3)
        res["pelican_exit"] = proc.returncode
        if proc.returncode == 0:
            res["html_files"] = sum(1 for _ in (args.work / "output").rglob("*.html"))
    print(json.dumps(res, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
