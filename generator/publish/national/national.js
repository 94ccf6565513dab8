/* The national search (generator/publish/national/site.py writes its index): an exact or prefix lookup of an
 * enterprise's name, former name, name without its leading place names, or USCC, linking to the enterprise's
 * page on its own province's site. No library: the index is split into small files by key prefix, and a
 * query reads index/meta.json once and then one file.
 *
 * The same functions run in Node (tests/test_national.py), which passes its own `load`. */
(function () {
  'use strict';

  /** What site.py's `normalize` does: NFKC, upper case, no white space. */
  function normalize(text) {
    return String(text).normalize('NFKC').toUpperCase().replace(/\s+/g, '');
  }

  /** FNV-1a (32 bits) of the UTF-8 bytes: the bucket of a prefix (site.py `bucket`). */
  function fnv1a(text) {
    const bytes = new TextEncoder().encode(text);
    let h = 0x811c9dc5;
    for (const b of bytes) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /** The index file a query is in: its first `min` characters, one more while that prefix was split. */
  function shardOf(query, meta) {
    const chars = Array.from(query);
    const split = new Set(meta.split);
    let n = meta.min;
    let prefix = chars.slice(0, n).join('');
    while (split.has(prefix) && chars.length > n) {
      n += 1;
      prefix = chars.slice(0, n).join('');
    }
    return { prefix: prefix, more: split.has(prefix) && chars.length <= n, file: fnv1a(prefix) % meta.buckets };
  }

  function link(meta, site, uscc) {
    return site ? site + '/' + meta.enterprise_path.replace('{uscc}', uscc) : null;
  }

  /** The enterprises whose key starts with the query: exact keys first, then shorter keys, then by name. */
  async function search(text, meta, load) {
    const q = normalize(text);
    if (Array.from(q).length < meta.min) return { query: q, short: true, more: false, results: [] };
    const shard = shardOf(q, meta);
    const items = await load(shard.file);
    const hits = items.filter((it) => it[0].startsWith(q));
    hits.sort((a, b) => (b[0] === q) - (a[0] === q) || a[0].length - b[0].length || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    const seen = new Set();
    const results = [];
    for (const [, uscc, name, p, alias] of hits) {
      if (seen.has(uscc)) continue;
      seen.add(uscc);
      const [code, province, site] = meta.provinces[p];
      results.push({ uscc: uscc, name: name, alias: alias, code: code, province: province, url: link(meta, site, uscc) });
    }
    return { query: q, short: false, more: shard.more, results: results };
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { normalize: normalize, fnv1a: fnv1a, shardOf: shardOf, search: search };
  }
  if (typeof document === 'undefined') return;

  const LIMIT = 50;
  const form = document.getElementById('national-search');
  const input = document.getElementById('q');
  const status = document.getElementById('status');
  const list = document.getElementById('results');
  let meta = null;
  let latest = 0;

  async function json(path) {
    const res = await fetch(path);
    if (res.status === 404) return [];
    if (!res.ok) throw new Error(path + ': ' + res.status);
    return res.json();
  }

  function show(found) {
    list.replaceChildren();
    if (found.short) {
      status.textContent = '请至少输入 ' + meta.min + ' 个字，或统一社会信用代码的前几位。';
      return;
    }
    const n = found.results.length;
    status.textContent = n === 0 ? (found.more ? '匹配的企业较多，请再多输入几个字。' : '没有找到名称或代码以此开头的企业。')
      : '找到 ' + n + ' 家企业' + (n > LIMIT ? '，显示前 ' + LIMIT + ' 家，请输入更多字缩小范围' : '') + '。';
    for (const r of found.results.slice(0, LIMIT)) {
      const li = document.createElement('li');
      const title = document.createElement(r.url ? 'a' : 'strong');
      title.textContent = r.name;
      if (r.url) title.href = r.url;
      li.append(title);
      const info = document.createElement('div');
      info.className = 'muted';
      info.textContent = r.province + '　统一社会信用代码 ' + r.uscc + (r.alias ? '　曾用名：' + r.alias : '') +
        (r.url ? '' : '　（该地未提供网站地址）');
      li.append(info);
      list.append(li);
    }
  }

  async function run() {
    const ticket = ++latest;
    const text = input.value;
    try {
      if (meta === null) meta = await json('index/meta.json');
      if (!text.trim()) {
        status.textContent = '';
        list.replaceChildren();
        return;
      }
      const found = await search(text, meta, (file) => json('index/' + file + '.json'));
      if (ticket === latest) show(found);
    } catch (error) {
      status.textContent = '查找出错，请稍后再试（' + error.message + '）。';
    }
  }

  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
    run();
  });
  const q = new URLSearchParams(location.search).get('q');
  if (q) {
    input.value = q;
    run();
  }
}());
