"""Search benchmark: bytes (gzip) and time per query in headless Chromium, at 10,000 and 50,000 enterprises.

    .venv/bin/python bench/search/run.py                      # both sizes, prints the table
    .venv/bin/python bench/search/run.py --readme             # … and writes it into bench/README.md ("## Search")
    .venv/bin/python bench/search/run.py --sizes 10000 --keep # one size; keep bench/out/search/<n>/ to look at

For each size: a synthetic snapshot (tools/fakedata/snapshots.py) with 3.3 public credit records an enterprise
(bench/search/public_records.py: their ids and document numbers are indexed, as a province's are), its index written by the real
``write_search_index`` into a copy of the real search page (``credit build`` of tests/fixtures/mini, or of
records/ when it exists), served by a local server that gzips every response (bench/search/serve.js). Every
query runs in a fresh browser context (a cold cache): the page is opened, then the query is typed into the
box. Bytes = the gzip bodies of every index file the page fetched (meta.json, fetched when the page opens,
included); the page's own HTML, CSS and scripts are counted once, separately. Time = from the input event to
the first result on screen (search.js shows each result as soon as its document file is here), and to the
whole first page of ten. A query typed after a pause runs at once; while one types fast, search.js waits for a
50 ms pause, which these times do not include.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from public_records import add_public_records, id_queries  # noqa: E402

from generator.publish.search.index import Layout, write_search_index  # noqa: E402
from tools.fakedata.snapshots import make_queries, make_snapshot  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
OUT = REPO / "bench" / "out" / "search"
AS_OF = dt.date(2026, 11, 22)


def shell_site(out: Path) -> Path:
    """A built site (for the real search page and its assets)."""
    from generator.commands.build import build

    records = REPO / "records"
    if not (records / "platform.yaml").exists():
        records = REPO / "tests" / "fixtures" / "mini"
    target = out / "shell"
    build(records, target, AS_OF)
    return target


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


RESOURCES_JS = """() => performance.getEntriesByType('resource').map(e => ({
  name: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize, transfer: e.transferSize }))"""


def run_queries(base: str, queries: list[dict[str, str]], label: str) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for q in queries:
            ctx = browser.new_context()
            page = ctx.new_page()
            page.goto(base + "search/")
            page.wait_for_function("document.documentElement.dataset.search === 'done'")
            page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.includes('meta.json'))")
            page.fill("#search-q", q["q"])
            page.wait_for_function("q => window.CreditSearch.last && window.CreditSearch.last.query === q",
                                   arg=q["q"], timeout=30000)
            last = page.evaluate("window.CreditSearch.last")
            status = page.inner_text("#search-status")
            names = page.eval_on_selector_all("#search-results li .hit-name a", "els => els.map(a => a.textContent)")
            hrefs = page.eval_on_selector_all("#search-results li .hit-name a", "els => els.map(a => a.href)")
            resources = page.evaluate(RESOURCES_JS)
            index = [r for r in resources if "/search/" in r["name"] and r["name"].split("?")[0].endswith(".json")]
            assets = [r for r in resources if r not in index]
            rows.append({
                "size": label, "kind": q["kind"], "q": q["q"], "hits": last["hits"], "ms": round(last["ms"], 1),
                "ms_page": round(last["complete"], 1),
                "bytes": sum(r["encoded"] for r in index), "files": len(index),
                "raw": sum(r["decoded"] for r in index), "assets": sum(r["encoded"] for r in assets),
                "status": status[:80], "first_name": names[0] if names else None,
                "first_href": hrefs[0] if hrefs else None, "expect": q.get("expect"),
            })
            ctx.close()
        browser.close()
    return rows


ID_KINDS = {"record id", "document", "person id", "traditional"}
"""The kinds of bench/search/public_records.py: the other kinds are make_queries's, the same as before issue 14."""


def summarize(rows: list[dict[str, Any]]) -> dict[str, float]:
    b = [r["bytes"] for r in rows]
    ms = [r["ms"] for r in rows]
    same = [r["bytes"] for r in rows if r["kind"] not in ID_KINDS] or b
    return {"queries": len(rows), "bytes_p50": pct(b, 50), "bytes_p95": pct(b, 95), "bytes_max": max(b),
            "bytes_p95_same": pct(same, 95),
            "ms_p50": pct(ms, 50), "ms_p95": pct(ms, 95), "ms_max": max(ms),
            "page_p50": pct([r["ms_page"] for r in rows], 50), "page_p95": pct([r["ms_page"] for r in rows], 95),
            "files_p95": pct([r["files"] for r in rows], 95),
            "assets": statistics.median(r["assets"] for r in rows)}


def index_stats(search_dir: Path) -> dict[str, Any]:
    meta = json.loads((search_dir / "meta.json").read_text(encoding="utf-8"))
    files = [f for f in search_dir.rglob("*.json")]
    return {"files": len(files), "mb": round(sum(f.stat().st_size for f in files) / 2**20, 1),
            "shards": meta["shards"]["text"], "solo": len(meta["solo"]), "docs": meta["docs"]}


def table(results: dict[str, Any], command: str) -> str:
    lines = [
        "| enterprises | documents (with persons) | index files | index size | queries | bytes p50 | bytes p95 | "
        "bytes p95, the kinds of before issue 14 | bytes max | first result p50 | p95 | max | whole first page p50 | p95 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, r in results.items():
        s, st = r["summary"], r["index"]
        lines.append(
            f"| {int(label):,} | {st['docs']:,} | {st['files']:,} | {st['mb']} MB | {s['queries']} | "
            f"{s['bytes_p50'] / 1024:.1f} KB | {s['bytes_p95'] / 1024:.1f} KB | {s['bytes_p95_same'] / 1024:.1f} KB | "
            f"{s['bytes_max'] / 1024:.1f} KB | "
            f"{s['ms_p50']:.0f} ms | {s['ms_p95']:.0f} ms | {s['ms_max']:.0f} ms | {s['page_p50']:.0f} ms | "
            f"{s['page_p95']:.0f} ms |")
    return "\n".join(lines)


def by_kind(results: dict[str, Any]) -> str:
    lines = ["| enterprises | kind of query | queries | bytes p50 | bytes max | first result p50 | max | "
             "the expected page first |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for label, r in results.items():
        kinds: dict[str, list[dict[str, Any]]] = {}
        for row in r["rows"]:
            kinds.setdefault(row["kind"], []).append(row)
        for kind, rows in kinds.items():
            b = [x["bytes"] for x in rows]
            ms = [x["ms"] for x in rows]
            expected = [x for x in rows if x.get("expect")]
            first = sum(1 for x in expected if f"/{x['expect']}/" in (x.get("first_href") or ""))
            lines.append(f"| {int(label):,} | {kind} | {len(rows)} | {pct(b, 50) / 1024:.1f} KB | {max(b) / 1024:.1f} KB | "
                         f"{pct(ms, 50):.0f} ms | {max(ms):.0f} ms | "
                         f"{f'{first} of {len(expected)}' if expected else '–'} |")
    return "\n".join(lines)


def run_pagefind(snap: Any, queries: list[dict[str, str]], n: int, keep: bool) -> dict[str, Any]:
    import pagefind

    if not pagefind.PAGEFIND.exists():
        return {"missing": str(pagefind.PAGEFIND.relative_to(REPO))}
    site = OUT / f"pagefind-{n}"
    info = pagefind.build(snap, site)
    log = OUT / f"pagefind-{n}.log"
    log.unlink(missing_ok=True)
    server = subprocess.Popen(["node", str(HERE / "serve.js"), str(site)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "SERVE_LOG": str(log)})
    try:
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        rows = pagefind.run_queries(base, log, queries, str(n), ARGS, CHROMIUM)
    finally:
        server.terminate()
        server.wait()
    if not keep:
        shutil.rmtree(site, ignore_errors=True)
    print(f"{n} pagefind: {summarize(rows)} {info}", file=sys.stderr)
    return {"summary": summarize(rows), "index": info, "rows": rows}


def comparison(results: dict[str, Any]) -> str:
    lines = ["| enterprises | search | index files | index size | bytes p50 | bytes p95 | first result p50 | p95 | "
             "found the enterprise of a full-name query first |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for label, r in results.items():
        pf = r.get("pagefind")
        if not pf or "missing" in pf:
            continue
        for name, s, idx, rows in (("this index (lunr shards)", r["summary"], r["index"], r["rows"]),
                                   ("Pagefind 1.6.0 (extended)", pf["summary"], pf["index"], pf["rows"])):
            full = [x for x in rows if x["kind"] == "full name"]
            first = sum(1 for x in full if (x.get("first_name") or (x.get("titles") or [None])[0]) == x["q"])
            lines.append(f"| {int(label):,} | {name} | {idx['files']:,} | {idx['mb']} MB | {s['bytes_p50'] / 1024:.1f} KB | "
                         f"{s['bytes_p95'] / 1024:.1f} KB | {s['ms_p50']:.0f} ms | {s['ms_p95']:.0f} ms | "
                         f"{first} of {len(full)} |")
    return "\n".join(lines)


def pagefind_text(results: dict[str, Any], asked: bool) -> str:
    table = comparison(results)
    if table.count("\n") > 1:
        pf_assets = max(r["pagefind"]["summary"]["assets"] for r in results.values() if "pagefind" in r) / 1024
        return PAGEFIND_TEMPLATE.format(table=table, assets=pf_assets)
    if asked:
        return "Pagefind was not run: it is not installed (`npm ci`, then `--pagefind`)."
    return "Pagefind was not run this time (add `--pagefind`)."


def write_readme(section: str) -> None:
    path = REPO / "bench" / "README.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    mt = re.search(r"^## Search\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    if mt:
        text = text[: mt.start()] + section + text[mt.end():]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    ap.add_argument("--readme", action="store_true", help="write the table into bench/README.md")
    ap.add_argument("--keep", action="store_true", help="keep the generated sites under bench/out/search/")
    ap.add_argument("--pagefind", action="store_true",
                    help="also run Pagefind on the same data (install: see bench/search/pagefind.py)")
    ap.add_argument("--layout", default="{}", help='index layout overrides as JSON, e.g. \'{"postings_per_shard": 400}\'')
    args = ap.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    shell = shell_site(OUT)
    results: dict[str, Any] = {}
    for n in args.sizes:
        site = OUT / str(n)
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(shell, site, ignore=lambda d, names: ["search"] if Path(d) == shell else [])
        (site / "search").mkdir()
        shutil.copyfile(shell / "search" / "index.html", site / "search" / "index.html")
        t = time.perf_counter()
        snap = add_public_records(make_snapshot(n))
        t_snap = time.perf_counter() - t
        t = time.perf_counter()
        write_search_index(snap, site / "search", Layout(**json.loads(args.layout)))
        t_index = time.perf_counter() - t
        queries = make_queries(snap) + id_queries(snap)
        server = subprocess.Popen(["node", str(HERE / "serve.js"), str(site)], stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            base = server.stdout.readline().strip()
            rows = run_queries(base, queries, str(n))
        finally:
            server.terminate()
            server.wait()
        results[str(n)] = {"summary": summarize(rows), "index": index_stats(site / "search"), "rows": rows,
                           "build_s": round(t_index, 1), "snapshot_s": round(t_snap, 1),
                           "load": [round(x, 1) for x in os.getloadavg()]}
        print(f"{n}: {results[str(n)]['summary']} index {results[str(n)]['index']} built in {t_index:.0f} s",
              file=sys.stderr)
        if not args.keep:
            shutil.rmtree(site, ignore_errors=True)
        if args.pagefind:
            results[str(n)]["pagefind"] = run_pagefind(snap, queries, n, args.keep)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")

    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    command = "bench/search/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(table(results, command))
    print()
    print(by_kind(results))
    if args.readme:
        section = README_TEMPLATE.format(
            command=".venv/bin/python " + command.strip(), table=table(results, command), kinds=by_kind(results),
            chromium=chromium, machine=f"{platform.machine()}, {platform.system()}",
            build=", ".join(f"{int(k):,}: {v['build_s']:.0f} s" for k, v in results.items()),
            load=", ".join(f"{int(k):,}: {v['load'][0]}" for k, v in results.items()), cpus=os.cpu_count(),
            assets=max(v["summary"]["assets"] for v in results.values()) / 1024,
            pagefind=pagefind_text(results, args.pagefind),
        )
        write_readme(section)
    return 0


README_TEMPLATE = """## Search

Produced by `{command}` ({chromium}, {machine}, {cpus} CPUs; load average
at the end of each size's run {load}: other work shared the machine, so times are upper bounds. The whole
section is regenerated by that command).

{table}

The snapshots carry 3.3 public credit records an enterprise, as a province's data do (bench/search/public_records.py),
since their ids and decision document numbers are indexed to be looked up (`search/x/`). "The kinds of before
issue 14": the 95th percentile over the kinds of `make_queries` only, the queries this table measured before
record ids, document numbers and traditional characters could be searched. Before that change (commit 8b6382d,
this script on the same machine, 2026-12-01, without the records: they were not indexed) the 95th percentile was
30.9 KB at 10,000 and 39.3 KB at 50,000 enterprises (largest 43.2 and 79.6 KB).

Bytes: the gzip bodies of every index file a query fetched with a cold cache, `meta.json` included (the page
fetches it when it opens); the page's own HTML, CSS and scripts (lunr.js included) are another {assets:.0f} KB
once, cached by the browser for every later search. Time: from the input event of the typed query to the
first result on screen (each result is shown as soon as its document file has arrived), and to the whole first
page of ten. The query is typed after a pause, so it runs at once (while one types fast, search.js waits for a
50 ms pause, not counted here). Each query runs in a fresh browser context.
Writing the index took {build} (Python `lunr` builds every shard).

The design these numbers chose (generator/publish/search/index.py has the details): the text terms (CJK bigrams,
words, whole enterprise names) of all documents together are 2.6 MB of gzip at 10,000 enterprises, so one lunr
index was never an option; they are split into small lunr indexes, a term's file found from the term alone, and
a query reads `meta.json`, one file per term and one small file per result shown. Measured along the way:
shards keyed by a term's first character (needed for one-character queries) were badly unbalanced at 512
shards (median 0.4 KB, largest 45 KB at 10,000), so the characters that start many terms and the terms in
many documents are spread by hash or get a file of their own; 800, 300 and then 150 postings per shard took
the 95th percentile from 40 to 29 and 31 KB at 10,000 (the last with whole-name terms, which put the exact
name first: 10 of 10 full names at both sizes, 9 and 5 without); lunr's own query took 60–100 ms on a term of 4,000
documents, so exact terms are read straight from the serialized index (same scores, checked by a test) and
lunr.js runs the one-character prefix queries; results appear one by one as their document files arrive.
A whole identifier (record id, person id, document number) is one small file (`x/`, about 128 keys each). The
traditional → simplified table (`fold.json`, restricted to the characters whose simplified form is in the index)
is fetched only by a query with a Han character that finds a term nowhere (a miss, a typo, traditional
characters), never by the others. A whole-name term for every person's name (so that 张某某 comes before every
张某 where 某某 is a stop word) took the 95th percentile of the earlier kinds from 31.0 to 34.2 KB at 10,000 and
from 39.3 to 41.0 KB at 50,000, and the index from 104.7 to 113.9 MB: only names that hold a stop word get one.

By kind of query (queries drawn from the synthetic data by `make_queries` in tools/fakedata/snapshots.py: brand
names, brand + district, brand + city, full names, codes, partial codes, person names, project names, two
misses; and by `id_queries` in bench/search/public_records.py: record ids, document numbers, person ids, full
names in traditional characters, each with the page it should find first):

{kinds}

### Compared with Pagefind

{pagefind}

Budget (issue "Search in Chinese that stays small"): ≤ 100 KB at 10,000 and ≤ 150 KB at 50,000 enterprises
per query at the 95th percentile; first results ≤ 200 ms.
"""

PAGEFIND_TEMPLATE = """`npm view pagefind` works and Pagefind runs offline, so it was run on the same data
(bench/search/pagefind.py: one minimal page per enterprise and per person with what our index holds, region and
level as Pagefind filters; `pagefind_extended`, which segments Chinese, from the npm package pinned in
package.json; bytes from the server's log, since
Pagefind fetches from a worker; same queries, cold cache, time from the call to the first result's data, no
debounce; these pages carry no credit records, so for record ids and document numbers, and for how often each
search puts the right page first, see "Search quality" below, where Pagefind indexes the real built pages):

{table}

Pagefind's per-page metadata (`pf_meta`, a list of every page) comes with every cold query and grows with the
number of pages (about 6 bytes a page); its JS and WebAssembly are another {assets:.0f} KB once.
In these runs it often matched a two-character trade name by its characters separately (鑫文 found 文峰鑫祥…
and 文峰新鑫泰… before 郑州鑫文…), and for some full names it ranked a similar name first
(南阳瑞阳锦物业管理有限公司 before 南阳阳锦物业管理有限公司)."""


if __name__ == "__main__":
    raise SystemExit(main())
