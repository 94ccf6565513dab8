"""The search tokenizer, one definition (generator/publish/search/search_tokenizer.json) in two implementations:
generator/publish/search/tokenize.py (the index, at build time) and theme/static/search/tokenize.js (the query,
in the browser). Both are checked against the same expected values (tests/search_tokenizer_cases.json), and
against each other on random text, in Node and in Chromium. The fold of traditional characters
(generator/publish/search/fold.py, read from opencc-js's dictionaries) is checked against opencc-js's own
converters, character by character."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.publish.search import fold
from generator.publish.search import tokenize as tk

REPO = Path(__file__).resolve().parent.parent
CASES = json.loads((Path(__file__).with_name("search_tokenizer_cases.json")).read_text(encoding="utf-8"))
TOKENIZE_JS = REPO / "theme" / "static" / "search" / "tokenize.js"

# What the JS side computes for a list of texts, as JSON: the same shape as a case.
JS_RUN = """
function runAll(T, spec, fold, texts, hashes, terms, lookups) {
  const t = T.create(spec, fold);
  return {
    cases: texts.map((text) => ({
      normalized: t.normalize(text), runs: t.runs(text), index: t.indexTokens(text),
      query: t.queryTerms(text).map((q) => [q.term, q.prefix]), key: t.nameKey(text), key_terms: t.keyTerms(text),
    })),
    fnv1a32: hashes.map((s) => t.fnv1a32(s)),
    shard_key: terms.map((s) => t.shardKey(s)),
    lookup_key: lookups.map((s) => t.lookupKey(s)),
  };
}
"""


def js_fold() -> dict[str, str]:
    """The whole fold table as search/fold.json carries a part of it."""
    return fold.encode(tk.fold_table())


def python_side(texts: list[str], hashes: list[str], terms: list[str], lookups: list[str]) -> dict[str, Any]:
    return {
        "cases": [{"normalized": tk.normalize(t), "runs": [list(r) for r in tk.runs(t)], "index": tk.index_tokens(t),
                   "query": [[q.term, q.prefix] for q in tk.query_terms(t)], "key": tk.name_key(t),
                   "key_terms": tk.key_terms(t)} for t in texts],
        "fnv1a32": [tk.fnv1a32(s) for s in hashes],
        "shard_key": [tk.shard_key(s) for s in terms],
        "lookup_key": [tk.lookup_key(s) for s in lookups],
    }


def node_side(texts: list[str], hashes: list[str], terms: list[str], lookups: list[str]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = JS_RUN + """
const fs = require("fs");
const T = require(process.argv[1]);
const i = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(runAll(T, i.spec, i.fold, i.texts, i.hashes, i.terms, i.lookups)));
"""
    payload = json.dumps({"spec": tk.spec(), "fold": js_fold(), "texts": texts, "hashes": hashes, "terms": terms,
                          "lookups": lookups}, ensure_ascii=False)
    proc = subprocess.run([node, "-e", script, str(TOKENIZE_JS)], input=payload, capture_output=True, text=True,
                          encoding="utf-8", timeout=60, check=True)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def expected() -> tuple[list[str], list[str], list[str], list[str], dict[str, Any]]:
    texts = [c["text"] for c in CASES["cases"]]
    hashes = [h["text"] for h in CASES["fnv1a32"]]
    terms = [k["term"] for k in CASES["shard_key"]]
    lookups = [k["text"] for k in CASES["lookup_key"]]
    want = {
        "cases": [{k: c[k] for k in ("normalized", "runs", "index", "query", "key", "key_terms")}
                  for c in CASES["cases"]],
        "fnv1a32": [h["fnv1a32"] for h in CASES["fnv1a32"]],
        "shard_key": [k["shard_key"] for k in CASES["shard_key"]],
        "lookup_key": [k["key"] for k in CASES["lookup_key"]],
    }
    return texts, hashes, terms, lookups, want


def random_texts(n: int = 400, seed: int = 20261122) -> list[str]:
    """Text mixing common and rare Han, ASCII, full-width forms, punctuation, astral characters and marks."""
    rng = random.Random(seed)
    pools = [
        "郑州恒信物业服务有限公司花园小区张王李某金水区二七", "〇豈𠀀𪚥𫝀", "ABCxyz0123456789", "ＡＢＣ０１２",
        " ·，。（）()-_/、《》", "İßÆéñ", "😀★", "\u0301\u3000\t\n", "ｶﾀｶﾅ", "\ufa0e\uf900",
    ]
    out = []
    for _ in range(n):
        out.append("".join(rng.choice(rng.choice(pools)) for _ in range(rng.randrange(0, 30))))
    return out


def test_python_matches_the_cases() -> None:
    texts, hashes, terms, lookups, want = expected()
    assert python_side(texts, hashes, terms, lookups) == want


def test_node_matches_the_cases() -> None:
    texts, hashes, terms, lookups, want = expected()
    assert node_side(texts, hashes, terms, lookups) == want


def test_node_matches_python_on_random_text() -> None:
    texts = random_texts()
    terms = [term for t in texts for term in tk.index_tokens(t)][:500]
    assert node_side(texts, texts[:50], terms, texts) == python_side(texts, texts[:50], terms, texts)


def test_lookup_keys_of_every_identifier_shape() -> None:
    """A key is found again from any way of writing the same identifier (random separators, widths, 第, 号)."""
    rng = random.Random(14)
    seps = [" ", "-", "－", "—", "_", " - ", "·"]
    for _ in range(200):
        rid = f"{rng.choice(['410105', '410105002'])}-{rng.randrange(2020, 2030)}-{rng.randrange(1, 10**rng.randrange(1, 5)):04d}"
        parts = rid.split("-")
        typed = rng.choice(seps).join(parts)
        assert tk.lookup_key(typed) == rid, typed
        doc = f"金建罚决字〔{parts[1]}〕第{int(parts[2])}号"
        close, nth = rng.choice([(")", ""), ("]", "第"), ("】", ""), ("〕", "第"), ("", "第"), (" ", "")])
        typed_doc = f"金建罰決字{rng.choice(['(', '[', '【', '〔', ''])}{parts[1]}{close}{nth}{parts[2]}" \
                    f"{rng.choice(['号', '號', ''])}"
        assert tk.lookup_key(typed_doc) == tk.document_key(doc) == f"金建罚决字 {parts[1]} {int(parts[2])}", typed_doc


FOLD_CHECK = """
const fs = require("fs");
const OpenCC = require(process.argv[1]);
const convert = JSON.parse(fs.readFileSync(0, "utf8")).map((c) => OpenCC.Converter({ from: c[0], to: c[1] }));
const chars = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const once = (ch) => { for (const f of convert) { const to = f(ch); if (to !== ch) return to; } return ch; };
const out = {};
for (const ch of chars) {
  const seen = [ch];
  let to;
  while (!seen.includes(to = once(seen[seen.length - 1]))) seen.push(to);
  if (seen[seen.length - 1] !== ch) out[ch] = seen[seen.length - 1];
}
process.stdout.write(JSON.stringify(out));
"""


def test_the_fold_table_is_opencc_js_character_by_character(tmp_path: Path) -> None:
    """Every character of opencc-js's character dictionaries (Taiwan, Hong Kong, compatibility ideographs too),
    NFKC-normalised as the tokenizer does first, through opencc-js's own t → cn then hk → cn converters
    (node_modules/opencc-js/dist/umd/t2cn.js): the same as the table the build reads from the dictionaries."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    import unicodedata

    names = ("TSCharacters", "HKVariantsRev", "TWVariantsRev", "CJK_Compatibility_Ideographs", "STCharacters")
    chars = sorted({unicodedata.normalize("NFKC", c) for n in names for pair in fold.read_dict(n).items() for c in pair})
    (tmp_path / "chars.json").write_text(json.dumps(chars, ensure_ascii=False), encoding="utf-8")
    assert [[c[0] for c in tk.spec()["fold"]], [c[-1] for c in tk.spec()["fold"]]] == [
        ["TSCharacters", "HKVariantsRev"], ["TSCharacters", "TSCharacters"]]  # t → cn, hk → cn
    proc = subprocess.run([node, "-e", FOLD_CHECK, str(fold.OPENCC_DIR / "dist" / "umd" / "t2cn.js"),
                           str(tmp_path / "chars.json")], input=json.dumps([["t", "cn"], ["hk", "cn"]]),
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=True)
    theirs = json.loads(proc.stdout)
    ours = tk.fold_table()
    assert len(ours) > 3000
    assert {c: v for c, v in ours.items()} == theirs
    assert ours["恆"] == "恒" and ours["鄭"] == "郑" and ours["衞"] == "卫" and "著" not in ours and "台" not in ours
    assert all(v not in ours for v in ours.values())  # closed: folding twice changes nothing


def test_single_character_query_is_a_prefix_and_the_index_keeps_run_ends() -> None:
    assert [(q.term, q.prefix) for q in tk.query_terms("恒")] == [("恒", True)]
    # 信 ends the run 恒信: a query for 信 finds it through the kept last character
    assert "信" in tk.index_tokens("恒信")
    # a query of two or more characters never asks for the one-character terms
    assert all(not q.prefix for q in tk.query_terms("恒信花园"))


def test_base_stop_words_are_the_generic_words_of_company_names() -> None:
    stop = tk.base_stop()
    for word in ("有限", "公司", "物业", "服务", "管理"):
        assert word in stop
    assert "恒信" not in stop


def test_terms_sort_the_same_in_python_and_utf16() -> None:
    """lunr.js refuses terms out of UTF-16 order; the Han ranges keep code-point order equal to it."""
    terms = sorted({t for text in random_texts(300) for t in tk.index_tokens(text)})
    utf16 = sorted(terms, key=lambda t: t.encode("utf-16-be"))
    assert terms == utf16


@pytest.mark.browser
def test_chromium_matches_the_cases() -> None:
    from playwright.sync_api import sync_playwright

    texts, hashes, terms, lookups, want = expected()
    rnd = random_texts(200, seed=7)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            page.set_content("<!DOCTYPE html><meta charset=utf-8><title>t</title>")
            page.add_script_tag(content=TOKENIZE_JS.read_text(encoding="utf-8"))
            run = "([spec, fold, texts, hashes, terms, lookups]) => { " + JS_RUN + \
                  " return runAll(window.CreditSearchTokenize, spec, fold, texts, hashes, terms, lookups); }"
            got = page.evaluate(run, [tk.spec(), js_fold(), texts, hashes, terms, lookups])
            got_random = page.evaluate(run, [tk.spec(), js_fold(), rnd, [], [], rnd])
        finally:
            browser.close()
    assert got == want
    assert got_random == python_side(rnd, [], [], rnd)
