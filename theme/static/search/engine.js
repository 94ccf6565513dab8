/* Search engine over the sharded index in search/ (see generator/publish/search/index.py for the layout).
 * No DOM here: the page (search.js), the benchmark and the tests drive it with a loader
 * `load(path) -> Promise<parsed JSON>` for paths relative to the index folder.
 * A query is, in this order: a whole identifier (credit record id, person id, decision document number: one
 * file, x/), a unified social credit code or a piece of one, or text. When the text has a term found nowhere,
 * the traditional → simplified table (fold.json) is fetched and a query it changes is searched again folded:
 * the index holds simplified characters only, so a term with a traditional character is always "found
 * nowhere", and a query without one never needs the table. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./tokenize.js"));
  } else {
    root.CreditSearchEngine = factory(root.CreditSearchTokenize);
  }
})(typeof self !== "undefined" ? self : this, function (Tok) {
  "use strict";

  var CODE_RE = /^[0-9A-HJ-NPQRTUWXY]{6,18}$/;  /* GB 32100-2015: no I, O, S, V, Z */
  var MAX_CODE_CHUNKS = 3;
  var MAX_CODE_CANDIDATES = 60;
  var DOCUMENT_SHAPE = /[〔\[(【]\s*[0-9]{4}\s*[〕\])】]/;  /* a year in brackets: 〔2026〕, [2026], (2026), 【2026】 */

  /* Index of the last element of sorted `arr` that is <= x (by `key`), or -1. */
  function lastAtMost(arr, x, key) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if ((key ? key(arr[mid]) : arr[mid]) <= x) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  function Engine(meta, opts) {
    this.meta = meta;
    this.loadJSON = opts.load;
    this.lunr = opts.lunr;
    this.tok = Tok.create(meta.tokenizer);
    this.split = new Set(meta.split);
    this.solo = new Map(meta.solo.map(function (t, i) { return [t, i]; }));
    this.files = new Map();
    this.indexes = new Map();
    this.termCache = new Map();
    this._regions();
  }

  Engine.prototype._regions = function () {
    var self = this;
    this.regions = new Map();
    this.regionList = [];
    this.meta.regions.forEach(function (r) {
      var region = {
        code: r[0], name: r[1], parent: r[2] || null, lo: r[3], hi: r[4], ownLo: r[5], ownEnt: r[6], ownHi: r[7]
      };
      self.regions.set(region.code, region);
      self.regionList.push(region);
    });
    this.regionList.forEach(function (region) {
      var names = [];
      for (var r = region; r; r = r.parent ? self.regions.get(r.parent) : null) names.unshift(r.name);
      region.path = names.join("");
      region.depth = names.length - 1;
    });
    this.owned = this.regionList.filter(function (r) { return r.ownHi > r.ownLo; })
      .sort(function (a, b) { return a.ownLo - b.ownLo; });
    // names a query may use for a region: the full name, and the name without its suffix (金水区 → 金水)
    var aliases = new Map();
    var suffixes = ["特别行政区", "自治区", "自治州", "自治县", "回族区", "地区", "新区", "省", "市", "区", "县", "旗", "盟"];
    this.regionList.forEach(function (region) {
      var norm = self.tok.normalize(region.name);
      var forms = [norm];
      suffixes.forEach(function (s) {
        if (norm.endsWith(s) && Array.from(norm).length - Array.from(s).length >= 2) {
          forms.push(norm.slice(0, norm.length - s.length));
        }
      });
      forms.forEach(function (f) {
        if (Array.from(f).length < 2) return;
        if (!aliases.has(f)) aliases.set(f, new Set());
        aliases.get(f).add(region.code);
      });
    });
    this.aliases = Array.from(aliases.entries()).map(function (e) { return [e[0], Array.from(e[1]).sort()]; })
      .sort(function (a, b) { return b[0].length - a[0].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
  };

  /* Region code of a document (its registered region; a person's by their id). */
  Engine.prototype.regionOf = function (ref) {
    var i = lastAtMost(this.owned, ref, function (r) { return r.ownLo; });
    var r = this.owned[i];
    return r && ref < r.ownHi ? r.code : null;
  };

  Engine.prototype.inRegion = function (ref, code) {
    var r = this.regions.get(code);
    return !!r && ref >= r.lo && ref < r.hi;
  };

  Engine.prototype.isEnterprise = function (ref) {
    var i = lastAtMost(this.owned, ref, function (r) { return r.ownLo; });
    var r = this.owned[i];
    return !!r && ref < r.ownEnt;
  };

  /* Enterprises registered in a region or below it, in document order. */
  Engine.prototype.enterprisesIn = function (code) {
    var top = this.regions.get(code);
    var out = [];
    if (!top) return out;
    this.owned.forEach(function (r) {
      if (r.ownLo >= top.lo && r.ownHi <= top.hi) {
        for (var ref = r.ownLo; ref < r.ownEnt; ref++) out.push(ref);
      }
    });
    return out;
  };

  Engine.prototype.load = function (path) {
    if (!this.files.has(path)) {
      var p = this.loadJSON(path);
      var files = this.files;
      p.catch(function () { files.delete(path); });
      this.files.set(path, p);
    }
    return this.files.get(path);
  };

  /* The text shard file of a term (generator/publish/search/index.py: Placement.file_of). */
  Engine.prototype.fileOf = function (term) {
    if (this.solo.has(term)) return "t/s" + this.solo.get(term) + ".json";
    var key = this.tok.shardKey(term);
    if (this.split.has(key)) key = term;
    return "t/" + (this.tok.fnv1a32(key) % this.meta.shards.text) + ".json";
  };

  /* A text shard: the serialized lunr index, read directly for exact terms; lunr.Index.load(), which builds
   * the token set and a lunr.Vector per field vector, only when a prefix query needs it. */
  function Shard(data, lunr) {
    this.data = data;
    this.lunr = lunr;
    this.vectors = null;
    this.idx = null;
  }

  Shard.prototype.posting = function (term) {
    var terms = this.data.invertedIndex;
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      var t = terms[mid][0];
      if (t === term) return terms[mid][1];
      if (t < term) lo = mid + 1; else hi = mid;
    }
    return null;
  };

  Shard.prototype.vector = function (fieldRef) {
    if (!this.vectors) this.vectors = new Map(this.data.fieldVectors);
    return this.vectors.get(fieldRef);
  };

  Shard.prototype.index = function () {
    if (!this.idx) this.idx = this.lunr.Index.load(this.data);
    return this.idx;
  };

  Engine.prototype.shard = function (path) {
    if (!this.indexes.has(path)) {
      var lunr = this.lunr;
      this.indexes.set(path, this.load(path).then(function (data) { return new Shard(data, lunr); }));
    }
    return this.indexes.get(path);
  };

  /* Documents of one term: Map ref → {score, fields: [field, …]}. */
  Engine.prototype.lookup = function (term, prefix) {
    var key = (prefix ? "*" : "=") + term;
    if (this.termCache.has(key)) return this.termCache.get(key);
    var lunr = this.lunr;
    var p = this.shard(this.fileOf(term)).then(function (shard) {
      if (!prefix) return exact(shard, term);
      var idx = shard.index();
      var results = idx.query(function (q) {
        q.term(term, {
          usePipeline: false,
          wildcard: prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
      });
      var out = new Map();
      results.forEach(function (r) {
        var fields = new Set();
        Object.keys(r.matchData.metadata).forEach(function (t) {
          Object.keys(r.matchData.metadata[t]).forEach(function (f) { fields.add(f); });
        });
        out.set(Number(r.ref), { score: r.score, fields: Array.from(fields) });
      });
      return out;
    });
    this.termCache.set(key, p);
    return p;
  };

  /* Value of element `i` in a lunr.Vector's [index, value, …] list, 0 when absent. */
  function valueAt(elements, i) {
    var lo = 0, hi = elements.length / 2;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      var at = elements[mid * 2];
      if (at === i) return elements[mid * 2 + 1];
      if (at < i) lo = mid + 1; else hi = mid;
    }
    return 0;
  }

  /* The documents of one exact term, scored as lunr scores a one-term query (the sum over fields of the
   * term's BM25 weight in the field vector), read straight from the serialized index: loading it into lunr
   * and running lunr's query costs ~20 µs per document of the shard and per matching document, too slow for
   * a first result within 200 ms on a cold page (tests/test_search_index.py checks the scores against
   * lunr.js's own). */
  function exact(shard, term) {
    var out = new Map();
    var posting = shard.posting(term);
    if (!posting) return out;
    var ti = posting._index;
    shard.data.fields.forEach(function (field) {
      var docs = posting[field];
      if (!docs) return;
      Object.keys(docs).forEach(function (ref) {
        var vec = shard.vector(field + "/" + ref);
        var score = vec ? valueAt(vec, ti) : 0;
        var r = Number(ref);
        var hit = out.get(r);
        if (hit) { hit.score += score; hit.fields.push(field); } else out.set(r, { score: score, fields: [field] });
      });
    });
    return out;
  }

  /* A unified social credit code or a piece of one (≥ 6 characters of its alphabet), or null. A piece of
   * letters only (a code's tail) is tried as a code first, then as text (Engine.prototype.search). */
  Engine.prototype.codeQuery = function (query) {
    var c = this.tok.normalize(query).replace(/[\s\-]/g, "").toUpperCase();
    return CODE_RE.test(c) ? c : null;
  };

  Engine.prototype.searchCode = async function (code) {
    var self = this;
    var heads = this.meta.code_heads;
    var found = [];
    var more = false;
    // beginnings: chunks in code order, binary search over the chunk heads
    var i = Math.max(0, lastAtMost(heads, code));
    var chunks = [];
    for (var j = i; j < heads.length && (j === i || heads[j].startsWith(code)); j++) {
      if (chunks.length === MAX_CODE_CHUNKS) { more = true; break; }
      chunks.push(j);
    }
    // pieces from the 9th character on: the last six characters of the query (fetched at the same time)
    var g = code.slice(-6);
    var both = await Promise.all([
      Promise.all(chunks.map(function (j) { return self.load("c/" + j + ".json"); })),
      this.load("g/" + (this.tok.fnv1a32(g) % this.meta.shards.gram) + ".json")
    ]);
    both[0].forEach(function (entries) {
      entries.forEach(function (e) { if (e[0].startsWith(code)) found.push({ ref: e[1], code: e[0] }); });
    });
    var seen = new Set(found.map(function (f) { return f.ref; }));
    var allPieces = (both[1][g] || []).filter(function (r) { return !seen.has(r); });
    if (allPieces.length > MAX_CODE_CANDIDATES) more = true;  /* "请输入更多位" */
    var pieceRefs = allPieces.slice(0, MAX_CODE_CANDIDATES);
    if (pieceRefs.length) {
      var docs = await this.docs(pieceRefs);
      pieceRefs.forEach(function (r, k) {
        if (docs[k] && docs[k].u && docs[k].u.indexOf(code) >= 0) found.push({ ref: r, code: docs[k].u });
      });
    }
    found.sort(function (a, b) {
      return (b.code === code) - (a.code === code) || (b.code.startsWith(code)) - (a.code.startsWith(code)) ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
    });
    return {
      kind: "code", code: code, more: more,
      hits: found.map(function (f) { return { ref: f.ref, score: 0, fields: ["u"] }; })
    };
  };

  /* Region names in the normalised query: [{codes, text, start, end}], longest names first, no overlaps. */
  Engine.prototype.regionSpans = function (norm) {
    var taken = new Array(norm.length).fill(false);
    var spans = [];
    this.aliases.forEach(function (a) {
      var from = 0;
      for (;;) {
        var at = norm.indexOf(a[0], from);
        if (at < 0) break;
        var end = at + a[0].length;
        var free = true;
        for (var k = at; k < end; k++) if (taken[k]) { free = false; break; }
        if (free) {
          for (var k2 = at; k2 < end; k2++) taken[k2] = true;
          spans.push({ codes: a[1], text: a[0], start: at, end: end });
        }
        from = at + 1;
      }
    });
    spans.sort(function (x, y) { return x.start - y.start; });
    var rest = "";
    var pos = 0;
    spans.forEach(function (s) { rest += norm.slice(pos, s.start) + " "; pos = s.end; });
    rest += norm.slice(pos);
    return { spans: spans, rest: rest };
  };

  /* Terms of a piece of text to look up; stop words and too-common single characters set aside. */
  Engine.prototype._terms = function (text, out) {
    var self = this;
    var terms = [];
    this.tok.queryTerms(text).forEach(function (t) {
      if (self.tok.isStop(t.term)) out.common.push(t.term);
      else if (t.prefix && self.split.has(t.term)) out.tooCommon.push(t.term);
      else terms.push(t);
    });
    return terms;
  };

  /* A query that is a whole identifier: the documents its key leads to, each with the public records it
   * names ([record id, decision document], none for a person id), or null when the key is not in the index. */
  Engine.prototype.searchId = async function (key) {
    var table = await this.load("x/" + (this.tok.fnv1a32(key) % this.meta.shards.ids) + ".json");
    var found = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : [];
    if (!found.length) return null;
    var byRef = new Map();
    var what = "document";
    found.forEach(function (e) {
      if (!byRef.has(e[0])) byRef.set(e[0], { ref: e[0], score: 0, fields: ["x"], records: [] });
      if (e.length === 1) { what = "person"; return; }
      if (e[1] === key) what = "record";
      byRef.get(e[0]).records.push([e[1], e[2]]);
    });
    return { kind: "id", id: what, key: key, hits: Array.from(byRef.values()) };
  };

  /* The traditional → simplified table, fetched once, as a tokenizer that folds. */
  Engine.prototype.folding = function () {
    if (!this.foldTok) {
      var self = this;
      this.foldTok = this.load("fold.json").then(function (fold) { return Tok.create(self.meta.tokenizer, fold); });
      this.foldTok.catch(function () { self.foldTok = null; });
    }
    return this.foldTok;
  };

  /* The query with its traditional characters folded, or null when folding changes nothing. */
  Engine.prototype.folded = async function (q) {
    var self = this;
    if (!Array.from(this.tok.normalize(q)).some(function (ch) { return self.tok.isHan(ch); })) return null;
    var ft = await this.folding();
    if (ft.normalize(q) === this.tok.normalize(q)) return null;
    return Array.from(q).map(function (ch) { return ft.folds.get(ch.normalize("NFKC")) || ch; }).join("");
  };

  Engine.prototype.search = async function (query) {
    var q = String(query || "").trim();
    if (!q) return { kind: "empty", hits: [] };
    var res = await this.searchOnce(q);
    if (res.kind === "none" || (res.absent && res.absent.length)) {
      var folded = await this.folded(q).catch(function () { return null; });  // no table: the plain result
      if (folded !== null) return Object.assign(await this.searchOnce(folded), { folded: folded });
    }
    return res;
  };

  Engine.prototype.searchOnce = async function (q) {
    var key = this.tok.lookupKey(q);
    if (key) {
      var byId = await this.searchId(key);
      if (byId) return byId;
      // a document number with its year in brackets is nothing but a document number: no public record has it,
      // and its pieces (金建, 改字 …) would only find unrelated names (the same answer for any unknown number)
      if (DOCUMENT_SHAPE.test(this.tok.normalize(q))) {
        return { kind: "none", id: "document", query: q, hits: [], common: [], tooCommon: [], absent: [], regions: [] };
      }
    }
    var code = this.codeQuery(q);
    if (code) {
      var byCode = await this.searchCode(code);
      if (byCode.hits.length) return byCode;
    }
    return this.searchText(q);
  };

  Engine.prototype.searchText = async function (q) {
    var self = this;
    var norm = Array.from(this.tok.normalize(q)).slice(0, this.meta.tokenizer.max_query_chars).join("");
    var info = { common: [], tooCommon: [], absent: [] };
    var parsed = this.regionSpans(norm);
    var units = this._terms(parsed.rest, info).map(function (t) { return { kind: "term", term: t.term, prefix: t.prefix }; });
    // a region name matches the region's documents, and documents with the name in their text: the latter only
    // looked up where cheap (a frequent term has a file of its own; its documents are mostly in the region)
    var spans = parsed.spans.map(function (s) {
      var terms = self._terms(s.text, { common: [], tooCommon: [] });
      if (terms.some(function (t) { return self.solo.has(t.term); })) terms = [];
      return { kind: "region", codes: s.codes, text: s.text, terms: terms };
    });
    // the bigrams across a region name's edges (郑州|恒信 → 州恒, 新华|苑 → 华苑): not required, but a
    // document that has them is the more literal match and ranks first
    var seenTerms = new Set(units.map(function (u) { return u.term; }));
    var optional = [];
    parsed.spans.forEach(function (s) {
      var text = Array.from(s.text);
      var before = Array.from(norm.slice(0, s.start)).pop();
      var after = Array.from(norm.slice(s.end))[0];
      [before ? before + text[0] : null, after ? text[text.length - 1] + after : null].forEach(function (t) {
        if (!t || !Array.from(t).every(self.tok.isHan) || self.tok.isStop(t) || seenTerms.has(t)) return;
        seenTerms.add(t);
        optional.push({ kind: "optional", term: t });
      });
    });
    // an enterprise name typed in full (with stop words, each part between spaces): the whole-name term
    // ranks the exact name first (names often differ only by stop words: 物业服务 / 物业管理)
    if (info.common.length) norm.split(/\s+/).forEach(function (part) {
      self.tok.keyTerms(part).forEach(function (t) {
        if (seenTerms.has(t)) return;
        seenTerms.add(t);
        optional.push({ kind: "optional", term: t });
      });
    });
    var base = { query: q, common: info.common, tooCommon: info.tooCommon, absent: info.absent,
      regions: [].concat.apply([], spans.map(function (s) { return s.codes; })) };
    if (!units.length && !spans.length) return Object.assign(base, { kind: "common", hits: [] });

    // look every term up (one shard each, in parallel)
    var all = units.map(function (u) { return self.lookup(u.term, u.prefix); });
    spans.forEach(function (s) { s.terms.forEach(function (t) { all.push(self.lookup(t.term, t.prefix)); }); });
    optional.forEach(function (o) { all.push(self.lookup(o.term, false)); });
    var maps = await Promise.all(all);
    var k = 0;
    units.forEach(function (u) { u.map = maps[k++]; });
    spans.forEach(function (s) {
      var m = null;
      s.terms.forEach(function () {
        var tm = maps[k++];
        if (m === null) { m = new Map(tm); return; }
        var next = new Map();
        m.forEach(function (v, ref) {
          var w = tm.get(ref);
          if (w) next.set(ref, { score: v.score + w.score, fields: v.fields.concat(w.fields) });
        });
        m = next;
      });
      s.map = m || new Map();
    });
    optional.forEach(function (o) { o.map = maps[k++]; });
    var bonus = function (h) {
      optional.forEach(function (o) {
        var v = o.map.get(h.ref);
        if (v) { h.score += v.score; h.fields = h.fields.concat(v.fields); }
      });
      return h;
    };
    // a term found nowhere is set aside (an artefact of bigrams across words, or a typo) unless nothing is left
    var present = units.filter(function (u) { return u.map.size > 0; });
    units.forEach(function (u) { if (!u.map.size) info.absent.push(u.term); });
    if (units.length && !present.length) return Object.assign(base, { kind: "none", hits: [] });

    var inSpan = function (s, ref) {
      return s.map.has(ref) || s.codes.some(function (c) { return self.inRegion(ref, c); });
    };
    var hits;
    var partial = false;
    if (!present.length) {
      // only region names: text matches of the names first, then every enterprise registered there
      var seen = new Set();
      hits = [];
      var first = spans[0];
      var cand = [];
      spans.concat(optional).forEach(function (s) {
        s.map.forEach(function (v, ref) { if (!seen.has(ref)) { seen.add(ref); cand.push(ref); } });
      });
      first.codes.forEach(function (c) {
        self.enterprisesIn(c).forEach(function (ref) { if (!seen.has(ref)) { seen.add(ref); cand.push(ref); } });
      });
      cand.forEach(function (ref) {
        if (!spans.every(function (s) { return inSpan(s, ref); })) return;
        var score = 0;
        var fields = [];
        spans.forEach(function (s) { var v = s.map.get(ref); if (v) { score += v.score; fields = fields.concat(v.fields); } });
        hits.push(bonus({ ref: ref, score: score, fields: fields, matched: spans.length }));
      });
      return Object.assign(base, { kind: "region", hits: this.sortHits(hits), partial: false });
    }
    var smallest = present.slice().sort(function (a, b) { return a.map.size - b.map.size; })[0];
    hits = [];
    smallest.map.forEach(function (v, ref) {
      var score = 0;
      var fields = [];
      for (var i = 0; i < present.length; i++) {
        var w = present[i].map.get(ref);
        if (!w) return;
        score += w.score;
        fields = fields.concat(w.fields);
      }
      for (var j = 0; j < spans.length; j++) {
        if (!inSpan(spans[j], ref)) return;
        var sv = spans[j].map.get(ref);
        if (sv) { score += sv.score; fields = fields.concat(sv.fields); }
      }
      hits.push(bonus({ ref: ref, score: score, fields: fields, matched: present.length + spans.length }));
    });
    if (!hits.length) {
      // nothing has every word: the documents with the most of them
      partial = true;
      var acc = new Map();
      present.forEach(function (u) {
        u.map.forEach(function (v, ref) {
          var h = acc.get(ref) || { ref: ref, score: 0, fields: [], matched: 0 };
          h.score += v.score; h.fields = h.fields.concat(v.fields); h.matched += 1;
          acc.set(ref, h);
        });
      });
      acc.forEach(function (h) {
        spans.forEach(function (s) {
          if (inSpan(s, h.ref)) { h.matched += 1; var sv = s.map.get(h.ref); if (sv) h.score += sv.score; }
        });
      });
      var best = 0;
      acc.forEach(function (h) { best = Math.max(best, h.matched); });
      acc.forEach(function (h) { if (h.matched === best) hits.push(bonus(h)); });
    }
    return Object.assign(base, { kind: "text", hits: this.sortHits(hits), partial: partial });
  };

  /* Most terms matched first, then lunr's score; at an equal score a person before an enterprise (a name typed
   * is the person's own page before an enterprise that has them as its legal representative), then in order. */
  Engine.prototype.sortHits = function (hits) {
    var self = this;
    var rank = new Map();
    hits.forEach(function (h) {
      h.fields = Array.from(new Set(h.fields)).sort();
      rank.set(h.ref, self.isEnterprise(h.ref) ? 1 : 0);
    });
    return hits.sort(function (a, b) {
      return b.matched - a.matched || b.score - a.score || rank.get(a.ref) - rank.get(b.ref) || a.ref - b.ref;
    });
  };

  /* Display data of documents, in the order of `refs` (one small file per `chunks.doc` documents). */
  Engine.prototype.docs = async function (refs) {
    var n = this.meta.chunks.doc;
    var self = this;
    var chunks = Array.from(new Set(refs.map(function (r) { return Math.floor(r / n); })));
    var loaded = new Map();
    await Promise.all(chunks.map(function (c) {
      return self.load("d/" + c + ".json").then(function (d) { loaded.set(c, d); });
    }));
    return refs.map(function (r) { return loaded.get(Math.floor(r / n))[r % n]; });
  };

  /* One promise per document, in the order of `refs`: a result can be shown as soon as its file is here. */
  Engine.prototype.docEach = function (refs) {
    var n = this.meta.chunks.doc;
    var self = this;
    return refs.map(function (r) {
      return self.load("d/" + Math.floor(r / n) + ".json").then(function (d) { return d[r % n]; });
    });
  };

  /* Level code and severe flag of documents: Map ref → {level, severe}. */
  Engine.prototype.levels = async function (refs) {
    var n = this.meta.chunks.level;
    var self = this;
    var chunks = Array.from(new Set(refs.map(function (r) { return Math.floor(r / n); })));
    var loaded = new Map();
    await Promise.all(chunks.map(function (c) {
      return self.load("v/" + c + ".json").then(function (d) { loaded.set(c, { l: d.l, s: new Set(d.s) }); });
    }));
    var out = new Map();
    refs.forEach(function (r) {
      var c = loaded.get(Math.floor(r / n));
      out.set(r, { level: c.l.charAt(r % n), severe: c.s.has(r) });
    });
    return out;
  };

  return { Engine: Engine, lastAtMost: lastAtMost };
});
