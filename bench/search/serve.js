/* A static file server that answers with gzip bodies (level 6, compressed once at start), as a static host
 * serving precompressed files would: `node bench/search/serve.js <root>` prints its address and serves until
 * killed. Used by bench/search/run.py. Pagefind's .pf_* files, already compressed, are sent as they are.
 * With SERVE_LOG=<file> every response's path and body size is appended to that file (Pagefind fetches
 * from a worker, which the page's Resource Timing does not see). */
"use strict";
const http = require("http");
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const root = path.resolve(process.argv[2] || ".");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
  ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8" };
const cache = new Map();
// SERVE_LOG=<file>: one line per response, "<path>\t<bytes sent>" (bodies, as compressed on the wire)
const log = process.env.SERVE_LOG ? fs.openSync(process.env.SERVE_LOG, "a") : null;

function entry(file) {
  if (!cache.has(file)) {
    const raw = fs.readFileSync(file);
    const pre = file.includes(".pf_");
    cache.set(file, { raw, gz: pre ? null : zlib.gzipSync(raw, { level: 6 }) });
  }
  return cache.get(file);
}

const server = http.createServer((req, res) => {
  let rel;
  try {
    rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
  } catch (e) {
    res.writeHead(400); res.end(); return;
  }
  let file = path.join(root, rel);
  if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
  let stat = null;
  try { stat = fs.statSync(file); } catch (e) { /* missing */ }
  if (stat && stat.isDirectory()) {
    if (!rel.endsWith("/")) { res.writeHead(301, { Location: rel + "/" }); res.end(); return; }
    file = path.join(file, "index.html");
    try { stat = fs.statSync(file); } catch (e) { stat = null; }
  }
  if (!stat) { res.writeHead(404, { "Content-Type": "text/plain" }); res.end("not found"); return; }
  const e = entry(file);
  const gzip = e.gz && /\bgzip\b/.test(req.headers["accept-encoding"] || "");
  const body = gzip ? e.gz : e.raw;
  const headers = { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
    "Content-Length": body.length, "Cache-Control": "no-cache" };
  if (gzip) headers["Content-Encoding"] = "gzip";
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : body);
  if (log !== null) fs.writeSync(log, `${rel}\t${body.length}\n`);
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/\n`);
});
