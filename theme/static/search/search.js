/* The search page (theme/templates/search.html): reads ?q= (also from the home page's form), runs the engine,
 * shows the results with filters by region and level, and keeps the query in the address so a search can be
 * shared. Every URL is relative to the page, so the site works under any base path. */
(function () {
  "use strict";

  var PAGE = 10;
  var DEBOUNCE_MS = 50;
  var app = document.getElementById("search-app");
  if (!app || !window.lunr || !window.CreditSearchEngine) return;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var filters = document.getElementById("search-filters");
  var regionSel = document.getElementById("search-region");
  var levelSel = document.getElementById("search-level");

  var indexURL = new URL(app.getAttribute("data-index") || "./", document.baseURI);
  var siteURL = new URL(app.getAttribute("data-site") || "../", document.baseURI);
  var engine = null;
  var enginePromise = null;
  var state = { seq: 0, result: null, hits: [], shown: 0, query: "" };
  var timer = null;

  window.CreditSearch = { last: null };

  function fetchJSON(path) {
    var url = new URL(path, indexURL);
    if (engine) url.search = "v=" + engine.meta.version;
    return fetch(url.href, { credentials: "same-origin", cache: path === "meta.json" ? "no-cache" : "default" })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + url.href);
        return r.json();
      });
  }

  function getEngine() {
    if (!enginePromise) {
      enginePromise = fetchJSON("meta.json").then(function (meta) {
        engine = new window.CreditSearchEngine.Engine(meta, { lunr: window.lunr, load: fetchJSON });
        return engine;
      });
      enginePromise.catch(function () { enginePromise = null; });
    }
    return enginePromise;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /* `text` with the characters a query term matched wrapped in <mark>. */
  function highlighted(text, terms) {
    var frag = document.createDocumentFragment();
    var chars = Array.from(text);
    var low = chars.map(function (c) { return engine.tok.normalize(c); });
    var marked = chars.map(function () { return false; });
    terms.forEach(function (t) {
      var tc = Array.from(t);
      for (var i = 0; i + tc.length <= low.length; i++) {
        var ok = true;
        for (var j = 0; j < tc.length; j++) if (low[i + j] !== tc[j]) { ok = false; break; }
        if (ok) for (var k = 0; k < tc.length; k++) marked[i + k] = true;
      }
    });
    var i = 0;
    while (i < chars.length) {
      var j = i;
      while (j < chars.length && marked[j] === marked[i]) j++;
      var part = chars.slice(i, j).join("");
      frag.appendChild(marked[i] ? el("mark", null, part) : document.createTextNode(part));
      i = j;
    }
    return frag;
  }

  function regionText(ref) {
    var code = engine.regionOf(ref);
    var names = [];
    for (var r = code ? engine.regions.get(code) : null; r; r = r.parent ? engine.regions.get(r.parent) : null) {
      names.unshift(r.name);
    }
    if (names.length > 1) names.shift(); // the province is the platform's own
    return names.join(" ");
  }

  function queryTerms() {
    if (state.result && state.result.kind === "id") return [];  // an identifier is not in the text shown
    var q = state.result && state.result.folded ? state.result.folded : state.query;
    var terms = engine.tok.queryTerms(q).map(function (t) { return t.term; });
    var code = engine.codeQuery(q);
    if (code) terms.push(code.toLowerCase());
    return terms;
  }

  /* The public records an identifier led to (a record id, a document number): each links to its row on the
   * subject's page, whose id is the record id. */
  function recordLines(li, page, records) {
    records.slice(0, 8).forEach(function (r) {
      var p = el("p", "hit-extra hit-record small", "信用信息 ");
      var a = el("a", null, r[0]);
      a.href = page + "#" + encodeURIComponent(r[0]);
      p.appendChild(a);
      if (r[1]) p.appendChild(document.createTextNode("　·　决定文书 " + r[1]));
      li.appendChild(p);
    });
  }

  function renderHit(hit, doc, terms) {
    var li = el("li", "hit");
    var head = el("p", "hit-name");
    var meta = el("p", "hit-meta small");
    var records = hit.records || [];
    var anchor = records.length === 1 ? "#" + encodeURIComponent(records[0][0]) : "";
    if (doc.u) {
      var a = el("a");
      var page = new URL("enterprises/" + doc.u + "/", siteURL).href;
      a.href = page + anchor;
      a.appendChild(highlighted(doc.n, terms));
      head.appendChild(a);
      if (doc.s) head.appendChild(el("span", "badge A", "严重失信"));
      var level = engine.meta.levels[doc.l] || "";
      if (doc.l !== "-" && doc.y) level += "（" + doc.y + " 年度）";
      var parts = [regionText(hit.ref), "信用等级：" + level];
      meta.textContent = parts.filter(Boolean).join("　·　");
      var code = el("span", "hit-code");
      code.appendChild(document.createTextNode("　·　统一社会信用代码 "));
      code.appendChild(highlighted(doc.u, terms));
      meta.appendChild(code);
      li.appendChild(head);
      li.appendChild(meta);
      recordLines(li, page, records);
      if (doc.f && hit.fields.indexOf("f") >= 0) {
        var f = el("p", "hit-extra small", "曾用名：");
        doc.f.forEach(function (n, i) { if (i) f.appendChild(document.createTextNode("；")); f.appendChild(highlighted(n, terms)); });
        li.appendChild(f);
      }
      if (doc.m && hit.fields.indexOf("m") >= 0) {
        var m = el("p", "hit-extra small", "法定代表人：");
        m.appendChild(highlighted(doc.m, terms));
        li.appendChild(m);
      }
      if (doc.p && (hit.fields.indexOf("p") >= 0 || hit.fields.indexOf("n") < 0)) {
        var p = el("p", "hit-extra small", "在管项目：");
        doc.p.slice(0, 8).forEach(function (n, i) { if (i) p.appendChild(document.createTextNode("、")); p.appendChild(highlighted(n, terms)); });
        if (doc.p.length > 8) p.appendChild(document.createTextNode(" 等 " + doc.p.length + " 个"));
        li.appendChild(p);
      }
      if (doc.q && hit.fields.indexOf("p") >= 0) {  /* ended projects: 曾服务, with the dates */
        var q = el("p", "hit-extra small", "曾服务：");
        doc.q.slice(0, 4).forEach(function (e, i) {
          if (i) q.appendChild(document.createTextNode("、"));
          q.appendChild(highlighted(e[0], terms));
          q.appendChild(document.createTextNode("（" + e[1] + " 至 " + e[2] + "）"));
        });
        if (doc.q.length > 4) q.appendChild(document.createTextNode(" 等 " + doc.q.length + " 个"));
        li.appendChild(q);
      }
    } else {
      li.className = "hit person";
      var pa = el("a");
      var ppage = new URL("persons/" + doc.i + "/", siteURL).href;
      pa.href = ppage + anchor;
      pa.appendChild(highlighted(doc.n, terms));
      head.appendChild(pa);
      head.appendChild(el("span", "badge final", "人员"));
      meta.textContent = [regionText(hit.ref), "人员编号 " + doc.i].filter(Boolean).join("　·　");
      li.appendChild(head);
      li.appendChild(meta);
      recordLines(li, ppage, records);
      (doc.e || []).slice(0, 4).forEach(function (e) {
        li.appendChild(el("p", "hit-extra small", e[2] + "　·　" + e[1]));
      });
    }
    return li;
  }

  function setStatus(nodes) {
    statusEl.textContent = "";
    nodes.forEach(function (n) { statusEl.appendChild(typeof n === "string" ? document.createTextNode(n) : n); });
  }

  function link(text, href) {
    var a = el("a", null, text);
    a.href = new URL(href, siteURL).href;
    return a;
  }

  function quoted(list) {
    return list.map(function (t) { return "“" + t + "”"; }).join("、");
  }

  function filtered(ignoreRegion) {
    var region = ignoreRegion ? "" : regionSel.value;
    var level = levelSel.value;
    var hits = state.result ? state.result.hits : [];
    if (region) hits = hits.filter(function (h) { return engine.inRegion(h.ref, region); });
    if (level && state.levels) {
      hits = hits.filter(function (h) {
        var v = state.levels.get(h.ref);
        return v && (level === "severe" ? v.severe : v.level === level);
      });
    }
    return hits;
  }

  /* The region filter, counted afresh from `hits` (the results under the level filter, every region): each
   * region with results, and the chosen one always, with its count (0 when the level filter leaves it none),
   * so that the choice is never dropped silently and no count is left from an earlier result. */
  function fillRegionFilter(hits) {
    var counts = new Map();
    hits.forEach(function (h) {
      for (var r = engine.regions.get(engine.regionOf(h.ref)); r; r = r.parent ? engine.regions.get(r.parent) : null) {
        counts.set(r.code, (counts.get(r.code) || 0) + 1);
      }
    });
    var keep = engine.regions.has(regionSel.value) ? regionSel.value : "";
    regionSel.textContent = "";
    regionSel.appendChild(new Option("全部地区（" + hits.length + "）", ""));
    engine.regionList.forEach(function (r) {
      if (!counts.has(r.code) && r.code !== keep) return;
      var label = "\u3000".repeat(r.depth) + r.name + "（" + (counts.get(r.code) || 0) + "）";
      regionSel.appendChild(new Option(label, r.code));
    });
    regionSel.value = keep;
  }

  /* Nothing found: no filter is left showing the counts of an earlier result. */
  function clearRegionFilter() {
    regionSel.textContent = "";
    regionSel.appendChild(new Option("全部地区", ""));
    regionSel.value = "";
  }

  /* The levels in the order the index gives (meta.level_order: best first, from the rating scheme). */
  function fillLevelFilter() {
    if (levelSel.options.length > 1) return;
    (engine.meta.level_order || Object.keys(engine.meta.levels)).forEach(function (code) {
      if (engine.meta.levels[code]) levelSel.appendChild(new Option(engine.meta.levels[code], code));
    });
    levelSel.appendChild(new Option("严重失信", "severe"));
  }

  /* Append the next page of results, each as soon as its document (and every one before it) has arrived;
   * onFirst() runs when the first one is on screen. Returns the number of results after the filters. */
  async function showPage(seq, reset, onFirst) {
    var hits = filtered();
    if (reset) {
      list.textContent = "";
      state.shown = 0;
    }
    var page = hits.slice(state.shown, state.shown + PAGE);
    state.shown += page.length;
    var left = hits.length - state.shown;
    more.hidden = true;
    var terms = queryTerms();
    var docs = engine.docEach(page.map(function (h) { return h.ref; }));
    for (var i = 0; i < page.length; i++) {
      var doc = await docs[i];
      if (seq !== state.seq) return hits.length;
      if (doc) list.appendChild(renderHit(page[i], doc, terms));
      if (i === 0 && onFirst) onFirst();
    }
    if (left > 0) more.textContent = "显示更多（还有 " + left + " 条）";
    more.hidden = left <= 0;
    return hits.length;
  }

  function summary(res, count) {
    var nodes = [];
    if (res.folded) nodes.push("已按简体字“" + res.folded + "”查询。");
    if (res.kind === "id") {
      var what = { record: "信息编号为“", person: "人员编号为“", document: "决定文书号为“" }[res.id];
      nodes.push(what + state.query.trim() + "”的" + (res.id === "person" ? "人员" : "公开信用信息所属的企业或人员") +
        "：" + count + " 条结果" + (count !== res.hits.length ? "（筛选前共 " + res.hits.length + " 条）" : "") + "。");
      if (!count) nodes.push(" 请放宽地区或信用等级筛选。");
      return nodes;
    }
    if (res.kind === "code") {
      nodes.push("统一社会信用代码含“" + res.code + "”的企业：" + count + " 家" + (res.more ? "以上" : "") + "。");
      if (res.more) nodes.push("匹配的企业较多，请输入更多位。");
      return nodes;
    }
    nodes.push("找到 " + count + " 条结果" + (count !== res.hits.length ? "（筛选前共 " + res.hits.length + " 条）" : "") + "。");
    if (res.kind === "region" && res.regions.length) {
      // the most specific region named (郑州市金水区 → 金水区)
      var r = res.regions.map(function (c) { return engine.regions.get(c); })
        .sort(function (a, b) { return b.depth - a.depth; })[0];
      var here = filtered().filter(function (h) { return engine.isEnterprise(h.ref) && engine.inRegion(h.ref, r.code); });
      nodes.push(" 其中注册地在" + r.path + "的企业 " + here.length + " 家（也可以");
      nodes.push(link("按地区浏览", "regions/" + r.code + "/"));
      nodes.push("）。");
    }
    if (!count && res.hits.length) nodes.push(" 请放宽地区或信用等级筛选。");
    if (res.partial) nodes.push(" 没有同时符合全部关键词的结果，以下结果只符合其中一部分。");
    if (res.common && res.common.length) nodes.push(" 企业名称中的常见字词（如“物业”“有限公司”）不参与查询。");
    if (res.tooCommon && res.tooCommon.length) nodes.push(" 单字" + quoted(res.tooCommon) + "过于常见，已忽略。");
    return nodes;
  }

  function noResults(res) {
    var q = state.query;
    if (res.id === "document") {
      return ["未找到决定文书号为“" + q.trim() + "”的公开信用信息。请核对文书号是否完整、准确（包括年份和序号），或改用企业名称、统一社会信用代码查询；也可以",
        link("按地区浏览企业", "regions/"), "。"];
    }
    if (res.kind === "common" && res.tooCommon && res.tooCommon.length && !(res.common && res.common.length)) {
      return ["单字" + quoted(res.tooCommon) + "过于常见，请再多输入一个字（例如企业字号或人员的全名）。"];
    }
    if (res.kind === "common") {
      return ["“" + q + "”只包含过于常见的字词（如“物业”“有限公司”），无法查询。请输入企业字号（如“恒信”）、统一社会信用代码、项目名称或人员姓名。"];
    }
    return ["未找到与“" + q + "”相关的企业、项目或人员。请检查是否有错别字，或改用企业字号、统一社会信用代码（至少连续 6 位）、项目名称、人员姓名查询；也可以",
      link("按地区浏览企业", "regions/"), "。"];
  }

  async function render(seq, t0) {
    var res = state.result;
    var last = { query: state.query, hits: res.hits.length, ms: null, complete: null };
    var first = function () { if (last.ms === null) last.ms = performance.now() - t0; };
    if (!res.hits.length) {
      filters.hidden = true;
      clearRegionFilter();
      syncURL();
      list.textContent = "";
      more.hidden = true;
      setStatus((res.folded ? ["已按简体字“" + res.folded + "”查询。"] : []).concat(noResults(res)));
      first();
    } else {
      filters.hidden = false;
      fillLevelFilter();
      if (levelSel.value && !state.levels) {
        state.levels = await engine.levels(res.hits.map(function (h) { return h.ref; }));
        if (seq !== state.seq) return;
      }
      fillRegionFilter(filtered(true));
      setStatus(summary(res, filtered().length));
      if (!filtered().length) first();
      await showPage(seq, true, first);
      if (seq !== state.seq) return;
    }
    last.complete = performance.now() - t0;
    document.documentElement.setAttribute("data-search", "done");
    window.CreditSearch.last = last;
  }

  function syncURL() {
    var url = new URL(window.location.href);
    var params = url.searchParams;
    [["q", state.query.trim()], ["region", regionSel.value], ["level", levelSel.value]].forEach(function (kv) {
      if (kv[1]) params.set(kv[0], kv[1]); else params.delete(kv[0]);
    });
    if (url.href !== window.location.href) history.replaceState(null, "", url.href);
  }

  async function run(query, t0) {
    var seq = ++state.seq;
    state.query = query;
    state.levels = null;
    document.documentElement.setAttribute("data-search", "busy");
    if (!query.trim()) {
      state.result = null;
      filters.hidden = true;
      clearRegionFilter();
      list.textContent = "";
      more.hidden = true;
      setStatus([]);
      syncURL();
      document.documentElement.setAttribute("data-search", "done");
      return;
    }
    setStatus(["正在查询…"]);
    try {
      var eng = await getEngine();
      var res = await eng.search(query);
      if (seq !== state.seq) return;
      state.result = res;
      syncURL();
      await render(seq, t0);
    } catch (err) {
      if (seq !== state.seq) return;
      setStatus(["查询失败：索引文件加载出错，请刷新页面后重试。"]);
      document.documentElement.setAttribute("data-search", "error");
      if (window.console) console.error(err);
    }
  }

  /* A new query starts without the previous one's filters. */
  function clearFilters() {
    regionSel.value = "";
    levelSel.value = "";
  }

  /* Search as the query is typed: at once after a pause, else once the typing stops for DEBOUNCE_MS. */
  var lastInput = -Infinity;
  function typed(ev) {
    if (ev.isComposing) return; // an input method is still composing (pinyin): wait for the characters
    var t0 = performance.now();
    var pause = t0 - lastInput > 3 * DEBOUNCE_MS;
    lastInput = t0;
    clearTimeout(timer);
    if (pause) {
      clearFilters();
      run(input.value, t0);
    } else {
      timer = setTimeout(function () { clearFilters(); run(input.value, t0); }, DEBOUNCE_MS);
    }
  }
  input.addEventListener("input", typed);
  input.addEventListener("compositionend", typed);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    if (input.value !== state.query) clearFilters();
    run(input.value, performance.now());
  });
  regionSel.addEventListener("change", function () {
    var seq = ++state.seq;
    document.documentElement.setAttribute("data-search", "busy");  // until this filter's results are shown
    syncURL();
    render(seq, performance.now());
  });
  levelSel.addEventListener("change", function () {
    var seq = ++state.seq;
    document.documentElement.setAttribute("data-search", "busy");  // until this filter's results are shown
    syncURL();
    render(seq, performance.now());
  });
  more.addEventListener("click", function () {
    showPage(state.seq, false, null);
  });
  window.addEventListener("popstate", start);

  function start() {
    var params = new URLSearchParams(window.location.search);
    var q = params.get("q") || "";
    input.value = q;
    regionSel.textContent = "";
    regionSel.appendChild(new Option("全部地区", ""));
    if (params.get("region")) regionSel.appendChild(new Option(params.get("region"), params.get("region")));
    regionSel.value = params.get("region") || "";
    var level = params.get("level") || "";
    if (level) {
      getEngine().then(function () {
        fillLevelFilter();
        levelSel.value = level;
        run(q, performance.now());
      });
    } else {
      run(q, performance.now());
    }
  }

  app.hidden = false;
  getEngine().catch(function () {});
  start();
})();
