"""Pagefind on the same data, for comparison (bench/README.md, "Search").

Pagefind indexes HTML pages, so each enterprise and each person of the synthetic snapshot gets a minimal page
with what our index holds (name, former names, code, region, legal representative, projects, level; a
person's name and roles), region and level as Pagefind filters. ``pagefind_extended`` (the npm package's
binary, with Chinese segmentation) indexes them offline; a small page loads Pagefind's own JS API and runs
the same queries in Chromium: bytes are every file under ``pagefind/`` fetched for the query with a cold
cache (its entry and meta files included; its JS and WebAssembly counted apart, like our lunr.min.js), time
from the call to the first result's data, and to the first ten.

Pagefind 1.6.0 is pinned in package.json (a development dependency, for benchmarks only): ``npm ci`` puts it
in node_modules (its platform package carries ``pagefind_extended``).
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path
from typing import Any

from generator.day.snapshot import Snapshot
from generator.rules.regions import chain

HERE = Path(__file__).resolve().parent
PAGEFIND = HERE.parents[1] / "node_modules" / ".bin" / "pagefind"

HARNESS = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><p id="state">loading</p>
<script type="module">
const pagefind = await import("../pagefind/pagefind.js");
await pagefind.init();
window.runQuery = async (q) => {
  const t0 = performance.now();
  const r = await pagefind.search(q);
  const first = r.results.length ? await r.results[0].data() : null;
  const ms = performance.now() - t0;
  const page = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return { hits: r.results.length, ms, complete: performance.now() - t0, first: first && first.url,
           titles: page.map((d) => d.meta.title) };
};
document.getElementById("state").textContent = "ready";
</script></body></html>
"""


def write_pages(snap: Snapshot, site: Path) -> int:
    from generator.publish.search.index import collect

    docs, labels = collect(snap)
    n = 0
    for d in docs:
        region = "".join(snap.regions.get(c, "") for c in chain(d.region, snap.regions)) if d.region else ""
        county = snap.regions.get(d.region, "")
        esc = html.escape
        if d.kind == "e":
            e = snap.enterprises[d.key]
            body = [f"<h1>{esc(e.name)}</h1>", f"<p>统一社会信用代码 {d.key}</p>"]
            if e.former_names:
                body.append(f"<p>曾用名：{esc('；'.join(e.former_names))}</p>")
            body += [f"<p>注册地：{esc(region)} <span data-pagefind-filter=\"地区\">{esc(county)}</span></p>",
                     f"<p>法定代表人：{esc(e.legal_representative)}</p>",
                     f"<p>在管项目：{esc('、'.join(p.name for p in e.projects))}</p>",
                     f"<p>信用等级：<span data-pagefind-filter=\"等级\">{esc(labels[d.level])}</span></p>"]
            path = site / "enterprises" / d.key / "index.html"
            title = e.name
        else:
            p = snap.persons[d.key]
            roles = "；".join(f"{r[2]}，{r[1]}" for r in d.show.get("e", []))
            body = [f"<h1>{esc(p.name)}</h1>", f"<p>{esc(roles)}</p>",
                    f"<p>地区：<span data-pagefind-filter=\"地区\">{esc(county)}</span></p>"]
            path = site / "persons" / d.key / "index.html"
            title = p.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{esc(title)}"
                        f"</title></head><body><main data-pagefind-body>{''.join(body)}</main></body></html>",
                        encoding="utf-8")
        n += 1
    (site / "search").mkdir(parents=True, exist_ok=True)
    (site / "search" / "index.html").write_text(HARNESS, encoding="utf-8")
    return n


def build(snap: Snapshot, site: Path) -> dict[str, Any]:
    import time

    shutil.rmtree(site, ignore_errors=True)
    pages = write_pages(snap, site)
    t = time.perf_counter()
    subprocess.run([str(PAGEFIND), "--site", str(site), "--glob", "{enterprises,persons}/**/*.html", "--quiet"],
                   check=True)
    seconds = time.perf_counter() - t
    files = [f for f in (site / "pagefind").rglob("*") if f.is_file()]
    return {"pages": pages, "seconds": round(seconds, 1), "files": len(files),
            "mb": round(sum(f.stat().st_size for f in files) / 2**20, 1)}


def _log_since(log: Path, offset: int) -> tuple[list[tuple[str, int]], int]:
    data = log.read_bytes()
    lines = data[offset:].decode("utf-8").splitlines()
    return [(p, int(b)) for p, b in (ln.split("\t") for ln in lines if ln)], len(data)


def _is_data(path: str) -> bool:
    return "/pagefind/" in path and not path.endswith((".js", ".css")) and "/wasm." not in path


def run_queries(base: str, log: Path, queries: list[dict[str, str]], label: str, browser_args: list[str],
                chromium: str) -> list[dict[str, Any]]:
    """The queries, each in a fresh context; bytes from the server's log (Pagefind fetches from a worker)."""
    import time

    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=browser_args)
        for q in queries:
            offset = log.stat().st_size if log.exists() else 0
            ctx = browser.new_context()
            page = ctx.new_page()
            page.goto(base + "search/")
            page.wait_for_function("document.getElementById('state').textContent === 'ready'", timeout=60000)
            got = page.evaluate("q => window.runQuery(q)", q["q"])
            time.sleep(0.05)  # the server writes its log line after the body
            sent, _ = _log_since(log, offset)
            data = [(path, b) for path, b in sent if _is_data(path)]
            rows.append({"size": label, "kind": q["kind"], "q": q["q"], "hits": got["hits"], "ms": round(got["ms"], 1),
                         "ms_page": round(got["complete"], 1), "bytes": sum(b for _p, b in data), "files": len(data),
                         "first": got["first"], "titles": got["titles"][:3],
                         "assets": sum(b for path, b in sent if not _is_data(path))})
            ctx.close()
        browser.close()
    return rows
