/* Search tokenization, the browser side of generator/publish/search/tokenize.py.
 * The rules are data: the object in generator/publish/search/search_tokenizer.json, which the page reads from
 * search/meta.json (with the build's stop list). tests/search_tokenizer_cases.json is checked against both
 * implementations. Runs in browsers and in Node (module.exports) for the tests.
 * create(spec, fold): `fold` is the table of traditional → simplified characters ({from, to}: two strings of
 * the same length in code points, search/fold.json); without it nothing is folded. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.CreditSearchTokenize = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function inRanges(cp, ranges) {
    for (var i = 0; i < ranges.length; i++) {
      if (cp >= ranges[i][0] && cp <= ranges[i][1]) return true;
    }
    return false;
  }

  function fnv1a32(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function foldMap(fold) {
    var map = new Map();
    if (!fold) return map;
    var from = Array.from(fold.from);
    var to = Array.from(fold.to);
    for (var i = 0; i < from.length; i++) map.set(from[i], to[i]);
    return map;
  }

  var RECORD_ID = /^([0-9]{6}|[0-9]{9})-([0-9]{4})-([0-9]{1,8})$/;
  var PERSON_ID = /^p-?([0-9]{6})-([0-9]{1,8})$/;
  var NUMBER = /^[0-9]+$/;
  var DIGIT = /[0-9]/;

  function create(spec, fold) {
    var stop = new Set(spec.stop || []);
    var folds = foldMap(fold);

    /* NFKC, lower case, traditional characters folded to simplified (normalize in tokenize.py). */
    function normalize(text) {
      var s = String(text).normalize("NFKC").toLowerCase();
      if (!folds.size) return s;
      var out = "";
      for (var ch of s) out += folds.get(ch) || ch;
      return out;
    }

    /* [["han" | "word", run], …] of the normalised text, by code point. */
    function runs(text) {
      var out = [];
      var kind = "";
      var cur = [];
      var chars = Array.from(normalize(text));
      chars.push(" ");
      for (var i = 0; i < chars.length; i++) {
        var cp = chars[i].codePointAt(0);
        var k = inRanges(cp, spec.han) ? "han" : inRanges(cp, spec.word) ? "word" : "";
        if (k !== kind) {
          if (kind) out.push([kind, cur.join("")]);
          kind = k;
          cur = [];
        }
        cur.push(chars[i]);
      }
      return out;
    }

    function bigrams(run) {
      var cps = Array.from(run);
      if (cps.length === 1) return [run];
      var out = [];
      for (var i = 0; i + 1 < cps.length; i++) out.push(cps[i] + cps[i + 1]);
      return out;
    }

    function indexTokens(text) {
      var out = [];
      runs(text).forEach(function (r) {
        if (r[0] === "han") {
          out = out.concat(bigrams(r[1]));
          var cps = Array.from(r[1]);
          if (cps.length > 1) out.push(cps[cps.length - 1]);
        } else {
          out.push(r[1]);
        }
      });
      return out;
    }

    /* The text's Han and word characters run together: a whole name as one term (name_key in tokenize.py). */
    function nameKey(text) {
      return runs(text).map(function (r) { return r[1]; }).join("");
    }

    function keyTerms(text) {
      var key = nameKey(text);
      return Array.from(key).length >= 3 && indexTokens(text).indexOf(key) < 0 ? [key] : [];
    }

    /* [{term, prefix}] to look up, each once, in order; prefix: a single Han character. */
    function queryTerms(text) {
      var out = [];
      var seen = new Set();
      var limited = Array.from(String(text)).slice(0, spec.max_query_chars).join("");
      runs(limited).forEach(function (r) {
        var terms = r[0] === "han" ? bigrams(r[1]) : [r[1]];
        terms.forEach(function (t) {
          if (seen.has(t)) return;
          seen.add(t);
          out.push({ term: t, prefix: r[0] === "han" && Array.from(t).length === 1 });
        });
      });
      return out;
    }

    function isHan(ch) {
      return inRanges(ch.codePointAt(0), spec.han);
    }

    /* The first Han character of a Han term, the whole term for a word. */
    function shardKey(term) {
      var first = Array.from(term)[0];
      return isHan(first) ? first : term;
    }

    /* Key of a decision document number, or null (document_key in tokenize.py). */
    function documentKey(text) {
      var rs = runs(text);
      if (!rs.some(function (r) { return r[0] === "han"; }) || !rs.some(function (r) { return NUMBER.test(r[1]); })) {
        return null;
      }
      var parts = [];
      rs.forEach(function (r, i) {
        var run = r[1];
        if (r[0] === "han") {
          if (i > 0 && DIGIT.test(rs[i - 1][1].slice(-1)) && run.charAt(0) === "号") run = run.slice(1);
          if (i + 1 < rs.length && DIGIT.test(rs[i + 1][1].charAt(0)) && run.slice(-1) === "第") run = run.slice(0, -1);
        } else if (NUMBER.test(run)) {
          run = run.replace(/^0+/, "") || "0";
        }
        if (run) parts.push(run);
      });
      return parts.join(" ");
    }

    /* Key of a query that is a whole identifier: record id, person id, document number; or null (lookup_key). */
    function lookupKey(text) {
      var limited = Array.from(String(text)).slice(0, spec.max_query_chars).join("");
      var rs = runs(limited);
      if (rs.length && rs.every(function (r) { return r[0] === "word"; })) {
        var joined = rs.map(function (r) { return r[1]; }).join("-");
        if (RECORD_ID.test(joined)) return joined;
        var p = PERSON_ID.exec(joined);
        return p ? "P-" + p[1] + "-" + p[2] : null;
      }
      return documentKey(limited);
    }

    return {
      spec: spec,
      folds: folds,
      normalize: normalize,
      documentKey: documentKey,
      lookupKey: lookupKey,
      runs: runs,
      bigrams: bigrams,
      indexTokens: indexTokens,
      queryTerms: queryTerms,
      nameKey: nameKey,
      keyTerms: keyTerms,
      isStop: function (t) { return stop.has(t); },
      isHan: isHan,
      shardKey: shardKey,
      fnv1a32: fnv1a32
    };
  }

  return { create: create, fnv1a32: fnv1a32 };
});
