/* Size model of the search, without a browser: runs engine.js in Node over a written index and counts the
 * gzip size of every file a query reads (meta.json included, as on a cold cache) plus the documents of the
 * first page of results. Usage: node bench/search/simulate.js <search dir> <queries.json> [page size] */
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const lunr = require("lunr");
const { Engine } = require("../../theme/static/search/engine.js");

const [dir, queriesFile, pageArg] = process.argv.slice(2);
const PAGE = Number(pageArg || 20);
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
const gz = new Map();
function gzSize(rel) {
  if (!gz.has(rel)) gz.set(rel, zlib.gzipSync(fs.readFileSync(path.join(dir, rel)), { level: 6 }).length);
  return gz.get(rel);
}

(async () => {
  const out = [];
  for (const { kind, q } of queries) {
    const files = new Set(["meta.json"]);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
    const engine = new Engine(meta, {
      lunr,
      load: async (rel) => { files.add(rel); return JSON.parse(fs.readFileSync(path.join(dir, rel), "utf8")); },
    });
    const t0 = process.hrtime.bigint();
    const res = await engine.search(q);
    const page = res.hits.slice(0, PAGE).map((h) => h.ref);
    const docs = await engine.docs(page);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    let bytes = 0;
    for (const f of files) bytes += gzSize(f);
    out.push({ kind, q, hits: res.hits.length, result: res.kind, partial: !!res.partial, files: files.size, bytes, ms,
      top: docs.slice(0, 3).map((d) => d.n) });
  }
  process.stdout.write(JSON.stringify(out) + "\n");
})().catch((e) => { console.error(e); process.exit(1); });
