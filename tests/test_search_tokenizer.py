"""The search tokenizer, one definition (generator/publish/search_tokenizer.json) in two implementations:
generator/publish/tokenize.py (the index, at build time) and theme/static/search/tokenize.js (the query, in the
browser). Both are checked against the same expected values (tests/search_tokenizer_cases.json), and against
each other on random text, in Node and in Chromium."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.publish.search import tokenize as tk

REPO = Path(__file__).resolve().parent.parent
CASES = json.loads((Path(__file__).with_name("search_tokenizer_cases.json")).read_text(encoding="utf-8"))
TOKENIZE_JS = REPO / "theme" / "static" / "search" / "tokenize.js"

# What the JS side computes for a list of texts, as JSON: the same shape as a case.
JS_RUN = """
function runAll(T, spec, texts, hashes, terms) {
  const t = T.create(spec);
  return {
    cases: texts.map((text) => ({
      normalized: t.normalize(text), runs: t.runs(text), index: t.indexTokens(text),
      query: t.queryTerms(text).map((q) => [q.term, q.prefix]), key: t.nameKey(text), key_terms: t.keyTerms(text),
    })),
    fnv1a32: hashes.map((s) => t.fnv1a32(s)),
    shard_key: terms.map((s) => t.shardKey(s)),
  };
}
"""


def python_side(texts: list[str], hashes: list[str], terms: list[str]) -> dict[str, Any]:
    return {
        "cases": [{"normalized": tk.normalize(t), "runs": [list(r) for r in tk.runs(t)], "index": tk.index_tokens(t),
                   "query": [[q.term, q.prefix] for q in tk.query_terms(t)], "key": tk.name_key(t),
                   "key_terms": tk.key_terms(t)} for t in texts],
        "fnv1a32": [tk.fnv1a32(s) for s in hashes],
        "shard_key": [tk.shard_key(s) for s in terms],
    }


def node_side(texts: list[str], hashes: list[str], terms: list[str]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = JS_RUN + """
const fs = require("fs");
const T = require(process.argv[1]);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(runAll(T, input.spec, input.texts, input.hashes, input.terms)));
"""
    payload = json.dumps({"spec": tk.spec(), "texts": texts, "hashes": hashes, "terms": terms}, ensure_ascii=False)
    proc = subprocess.run([node, "-e", script, str(TOKENIZE_JS)], input=payload, capture_output=True, text=True,
                          encoding="utf-8", timeout=60, check=True)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def expected() -> tuple[list[str], list[str], list[str], dict[str, Any]]:
    texts = [c["text"] for c in CASES["cases"]]
    hashes = [h["text"] for h in CASES["fnv1a32"]]
    terms = [k["term"] for k in CASES["shard_key"]]
    want = {
        "cases": [{k: c[k] for k in ("normalized", "runs", "index", "query", "key", "key_terms")}
                  for c in CASES["cases"]],
        "fnv1a32": [h["fnv1a32"] for h in CASES["fnv1a32"]],
        "shard_key": [k["shard_key"] for k in CASES["shard_key"]],
    }
    return texts, hashes, terms, want


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
    texts, hashes, terms, want = expected()
    assert python_side(texts, hashes, terms) == want


def test_node_matches_the_cases() -> None:
    texts, hashes, terms, want = expected()
    assert node_side(texts, hashes, terms) == want


def test_node_matches_python_on_random_text() -> None:
    texts = random_texts()
    terms = [term for t in texts for term in tk.index_tokens(t)][:500]
    assert node_side(texts, texts[:50], terms) == python_side(texts, texts[:50], terms)


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

    texts, hashes, terms, want = expected()
    rnd = random_texts(200, seed=7)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            page.set_content("<!DOCTYPE html><meta charset=utf-8><title>t</title>")
            page.add_script_tag(content=TOKENIZE_JS.read_text(encoding="utf-8"))
            run = "([spec, texts, hashes, terms]) => { " + JS_RUN + \
                  " return runAll(window.CreditSearchTokenize, spec, texts, hashes, terms); }"
            got = page.evaluate(run, [tk.spec(), texts, hashes, terms])
            got_random = page.evaluate(run, [tk.spec(), rnd, [], []])
        finally:
            browser.close()
    assert got == want
    assert got_random == python_side(rnd, [], [])
