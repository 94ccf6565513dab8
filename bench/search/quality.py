"""Search quality: a few hundred queries of every kind through our search and through Pagefind, on one built site.

    .venv/bin/python bench/search/quality.py                       # 3,000 enterprises, 24 queries a kind
    .venv/bin/python bench/search/quality.py --readme              # … and write the table into bench/README.md
    .venv/bin/python bench/search/quality.py --enterprises 1000 --per-kind 10 --keep

1. A synthetic records tree, ``python -m tools.fakedata tree --enterprises N --records 10N --seed S`` (reused
   under bench/out/quality/ when the parameters match), validated and computed as of 2026-11-22, and the whole
   site built from it by ``credit build`` (generator.commands.build): pages, and our search index in search/.
2. Pagefind 1.6.0 (the npm package pinned in package.json; its ``pagefind_extended`` binary segments Chinese)
   indexes the same built site: every enterprise and person page (``--glob``), their ``<main>`` (``--root-selector``:
   not the navigation every page repeats). Its search runs as ``pagefind.js`` in a small page on the same server.
3. The queries (bench/search/quality_queries.py) with the pages that count as right. Ours are typed into the real
   search page (theme/static/search/search.js, engine.js, lunr.js) in headless Chromium and the links of the
   first page of results read off it; Pagefind's are ``pagefind.search(q)`` and the URLs of its first ten.
4. Per kind and overall: the share whose first result is right, and whose first ten hold a right one; for the two
   ``hidden`` kinds (records not public on the day) the share that found nothing at all.

The benchmark is not part of ``make test``; tests/test_search_quality_queries.py checks the query generator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from quality_queries import KINDS, Query, make_queries  # noqa: E402

from generator.commands.build import build  # noqa: E402
from generator.day.snapshot import compute  # noqa: E402
from generator.day.validate import validate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
OUT = REPO / "bench" / "out" / "quality"
PAGEFIND = REPO / "node_modules" / ".bin" / "pagefind"
AS_OF = dt.date(2026, 11, 22)

HARNESS = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><p id="state">loading</p>
<script type="module">
const pagefind = await import("../pagefind/pagefind.js");
await pagefind.init();
window.runQuery = async (q) => {
  const r = await pagefind.search(q);
  const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return { total: r.results.length, urls: top.map((d) => d.url) };
};
document.getElementById("state").textContent = "ready";
</script></body></html>
"""


def tree(n: int, records: int, seed: int) -> Path:
    """The records tree, generated once per parameters."""
    root = OUT / f"records-{n}-{records}-{seed}"
    marker = root / ".synth"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "tools.fakedata", "tree", "--enterprises", str(n), "--records",
                        str(records), "--seed", str(seed), "--out", str(root)], cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)
    return root


def page_of(url: str) -> str:
    """``enterprises/<USCC>/`` of a result's address (absolute or site-absolute), without its anchor."""
    path = unquote(urlparse(url).path).lstrip("/")
    return path.removesuffix("index.html")


def run_ours(pg: Any, base: str, queries: list[Query]) -> list[dict[str, Any]]:
    pg.goto(base + "search/")
    pg.wait_for_function("document.documentElement.dataset.search === 'done'")
    out = []
    for q in queries:
        pg.fill("#search-q", q.q)
        pg.press("#search-q", "Enter")
        pg.wait_for_function("q => window.CreditSearch.last && window.CreditSearch.last.query === q", arg=q.q,
                             timeout=60000)
        hrefs = pg.eval_on_selector_all("#search-results li .hit-name a", "els => els.map(a => a.href)")
        out.append({"pages": [page_of(h) for h in hrefs[:10]], "first_href": hrefs[0] if hrefs else None,
                    "total": pg.evaluate("window.CreditSearch.last.hits")})
    return out


def run_pagefind(pg: Any, base: str, queries: list[Query]) -> list[dict[str, Any]]:
    pg.goto(base + "pagefind-harness/")
    pg.wait_for_function("document.getElementById('state').textContent === 'ready'", timeout=60000)
    out = []
    for q in queries:
        got = pg.evaluate("q => window.runQuery(q)", q.q)
        out.append({"pages": [page_of(u) for u in got["urls"]], "total": got["total"]})
    return out


def score(q: Query, got: dict[str, Any]) -> tuple[bool, bool]:
    """(right first, a right one in the first ten); for a query whose right answer is nothing: found nothing."""
    if not q.expect:
        return got["total"] == 0, got["total"] == 0
    pages = got["pages"]
    return bool(pages) and pages[0] in q.expect, any(p in q.expect for p in pages[:10])


def table(queries: list[Query], ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str:
    lines = ["| kind of query | queries | ours: right first | ours: in the first ten | Pagefind: right first | "
             "Pagefind: in the first ten |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    rows: list[tuple[str, list[int]]] = []
    for kind in [*KINDS, "all"]:
        idx = [i for i, q in enumerate(queries) if kind in ("all", q.kind)]
        if not idx:
            continue
        counts = [sum(score(queries[i], r[i])[j] for i in idx) for r in (ours, theirs) for j in (0, 1)]
        rows.append((kind, [len(idx), *counts]))
    for kind, (n, *c) in rows:
        label = f"**{kind}**" if kind == "all" else kind
        if kind.startswith("hidden"):
            label += " (right: nothing found)"
        lines.append(f"| {label} | {n} | " + " | ".join(f"{x / n:.0%} ({x})" for x in c) + " |")
    return "\n".join(lines)


def misses(queries: list[Query], got: list[dict[str, Any]], limit: int = 12) -> list[str]:
    out = []
    for q, r in zip(queries, got, strict=True):
        if not score(q, r)[0]:
            out.append(f"{q.kind}: {q.q} → {r['pages'][:2]} ({r['total']} results)")
    return out[:limit]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--enterprises", type=int, default=3000)
    ap.add_argument("--records", type=int, default=None, help="default: ten an enterprise")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-kind", type=int, default=24)
    ap.add_argument("--readme", action="store_true", help="write the table into bench/README.md")
    ap.add_argument("--keep", action="store_true", help="keep the built site under bench/out/quality/site")
    args = ap.parse_args(argv)
    n_records = args.records if args.records is not None else 10 * args.enterprises
    if not PAGEFIND.exists():
        raise SystemExit(f"{PAGEFIND} is missing: run `npm ci` (Pagefind is pinned in package.json)")

    OUT.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    records = tree(args.enterprises, n_records, args.seed)
    rs, problems = validate(records, AS_OF)
    assert rs is not None, problems[:5]
    snap = compute(rs, AS_OF).snapshot
    queries = make_queries(snap, {rid: d.model for rid, d in rs.records.items()}, args.per_kind, args.seed)
    site = OUT / "site"
    shutil.rmtree(site, ignore_errors=True)
    build(records, site, AS_OF)
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([str(PAGEFIND), "--site", str(site), "--glob", "{enterprises,persons}/*/index.html",
                    "--root-selector", "main", "--quiet"], check=True)
    t_pagefind = time.perf_counter() - t
    (site / "pagefind-harness").mkdir()
    (site / "pagefind-harness" / "index.html").write_text(HARNESS, encoding="utf-8")
    print(f"{len(snap.enterprises)} enterprises, {len(snap.persons)} persons, {len(snap.records)} public records "
          f"of {len(rs.records)}; {len(queries)} queries; built in {t_build:.0f} s, Pagefind in {t_pagefind:.0f} s",
          file=sys.stderr)

    from playwright.sync_api import sync_playwright

    server = subprocess.Popen(["node", str(HERE / "serve.js"), str(site)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                ours = run_ours(browser.new_page(), base, queries)
                theirs = run_pagefind(browser.new_page(), base, queries)
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait()
    if not args.keep:
        shutil.rmtree(site, ignore_errors=True)

    anchors = [(q, r) for q, r in zip(queries, ours, strict=True) if q.kind in ("record id", "document number")]
    with_anchor = sum(1 for q, r in anchors if r["first_href"] and "#" in r["first_href"])
    result = {"queries": [q.__dict__ | {"expect": sorted(q.expect)} for q in queries], "ours": ours,
              "pagefind": theirs, "with_anchor": [with_anchor, len(anchors)]}
    (OUT / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    text = table(queries, ours, theirs)
    print(text)
    print("\nours, not right first:", *misses(queries, ours), sep="\n  ")
    print("\nPagefind, not right first:", *misses(queries, theirs), sep="\n  ")
    if args.readme:
        command = ".venv/bin/python bench/search/quality.py " + " ".join(argv if argv is not None else sys.argv[1:])
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
        write_readme(README.format(
            command=command.strip(), table=text, enterprises=len(snap.enterprises), persons=len(snap.persons),
            public=len(snap.records), records=len(rs.records), queries=len(queries), per_kind=args.per_kind,
            chromium=chromium, machine=f"{platform.machine()}, {platform.system()}, {os.cpu_count()} CPUs",
            anchor=f"{with_anchor} of {len(anchors)}", seed=args.seed, n=args.enterprises, m=n_records,
            ours_miss="\n".join(f"  - {x}" for x in misses(queries, ours, 6)) or "  - none",
            theirs_miss="\n".join(f"  - {x}" for x in misses(queries, theirs, 6)) or "  - none",
        ))
    return 0


def write_readme(section: str) -> None:
    path = REPO / "bench" / "README.md"
    text = path.read_text(encoding="utf-8")
    mt = re.search(r"^## Search quality\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    text = text[: mt.start()] + section + text[mt.end():] if mt else text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


README = """## Search quality

Produced by `{command}` ({chromium}, {machine}); the whole section is regenerated by that command
(bench/search/quality.py; not part of `make test`).

The data: `python -m tools.fakedata tree --enterprises {n} --records {m} --seed {seed}` as of 2026-11-22:
{enterprises:,} enterprises, {persons:,} persons, {public:,} public credit records of {records:,}, and the site
built from it by `credit build`. Both searches run over that one built site: ours is its search page
(search/, typed into in headless Chromium); Pagefind 1.6.0 (`pagefind_extended`, the npm package pinned in
package.json) indexes its enterprise and person pages (`--glob "{{enterprises,persons}}/*/index.html"
--root-selector main`) and runs as `pagefind.js` in a page on the same server. {queries} queries, up to
{per_kind} of each kind (bench/search/quality_queries.py), each with the pages that count as right: the
enterprise or person page; for a record id or a document number the page of the record's subject, which lists
the record (our first link also carries the record's anchor: {anchor}; where one document number names
several records of one subject, the name links to the page and each record's line to its row). The tree's
persons are all named like 张某 / 张某某, so for `manager name` every person of that name counts as right; its
estates are named from a short list, so a `project` is a name at most three enterprises manage, any of them
right. The two `hidden` kinds are ids and document numbers of records not public on the day (C-class, expired,
repaired, withdrawn): right is finding nothing. A share is of the kind's queries (the count in brackets).

{table}

Ours, first results that were not right (at most six):

{ours_miss}

Pagefind, first results that were not right (at most six):

{theirs_miss}
"""


if __name__ == "__main__":
    raise SystemExit(main())
