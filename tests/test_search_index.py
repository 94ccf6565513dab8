"""The search index (generator/publish/search/index.py) and its engine (theme/static/search/engine.js).

Every text shard is a serialized lunr index that loads in Python lunr and in lunr.js; the engine finds every
term in the file the writer put it in and scores it as lunr.js does; the same snapshot gives the same bytes;
only public information is indexed: basic information, and of the public credit records only their ids and
decision document numbers, to look them up (no other record text, and nothing of a record that is not public). Searches run
through engine.js in Node over the mini records and over a synthetic snapshot with small thresholds, so
that the stop list, split characters and one-term files are all used.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.index import Index

from generator.day.snapshot import Snapshot, compute
from generator.day.validate import validate
from generator.publish.search import tokenize as tk
from generator.publish.search.index import Layout, collect, write_search_index

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"
AS_OF = dt.date(2026, 11, 22)
ENGINE_JS = REPO / "theme" / "static" / "search" / "engine.js"
LUNR_JS = REPO / "node_modules" / "lunr"
SMALL = Layout(postings_per_shard=150, common_char=60, max_df=400, doc_chunk=8, code_chunk=64, grams_per_shard=128)

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # tools.fakedata


def mini_snapshot() -> Snapshot:
    rs, problems = validate(MINI, AS_OF)
    assert rs is not None, problems
    return compute(rs, AS_OF).snapshot


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


NODE = r"""
const fs = require("fs"), path = require("path");
const [dir, lunrDir, enginePath] = process.argv.slice(1, 4);
const lunr = require(lunrDir);
const { Engine } = require(enginePath);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
const read = (rel) => JSON.parse(fs.readFileSync(path.join(dir, rel), "utf8"));
const engine = new Engine(meta, { lunr, load: async (rel) => read(rel) });
(async () => {
  const out = {};
  if (input.check) {
    // every shard loads in lunr.js; every term is where fileOf() looks; exact scores are lunr.js's own
    const problems = [];
    let terms = 0;
    for (const rel of fs.readdirSync(path.join(dir, "t")).map((f) => "t/" + f)) {
      const data = read(rel);
      const idx = lunr.Index.load(data);
      for (const [term] of data.invertedIndex) {
        terms++;
        if (engine.fileOf(term) !== rel) problems.push(`${term} is in ${rel}, fileOf says ${engine.fileOf(term)}`);
        const mine = await engine.lookup(term, false);
        const theirs = idx.query((q) => q.term(term, { usePipeline: false }));
        if (theirs.length !== mine.size) problems.push(`${term}: ${theirs.length} vs ${mine.size} documents`);
        for (const r of theirs) {
          const m = mine.get(Number(r.ref));
          if (!m || Math.abs(m.score - r.score) > 1e-9) problems.push(`${term} in ${r.ref}: score ${r.score} vs ${m && m.score}`);
        }
      }
    }
    out.check = { problems: problems.slice(0, 20), terms };
  }
  out.searches = [];
  for (const q of input.queries || []) {
    const fetched = new Set();
    const plain = engine.loadJSON;
    engine.loadJSON = async (rel) => { fetched.add(rel); return plain(rel); };
    engine.files.clear(); engine.indexes.clear(); engine.termCache.clear(); engine.foldTok = null;
    const res = await engine.search(q);
    engine.loadJSON = plain;
    const top = res.hits.slice(0, 10);
    const docs = await engine.docs(top.map((h) => h.ref));
    const codes = res.kind === "code" ? (await engine.docs(res.hits.map((h) => h.ref))).map((d) => d.u) : [];
    out.searches.push({ q, kind: res.kind, partial: !!res.partial, total: res.hits.length, common: res.common || [],
      tooCommon: res.tooCommon || [], regions: res.regions || [], codes, more: !!res.more, files: [...fetched].sort(),
      ...(res.folded ? { folded: res.folded } : {}), ...(res.id ? { id: res.id } : {}),
      hits: top.map((h, i) => ({ ref: h.ref, key: docs[i].u || docs[i].i, name: docs[i].n, fields: h.fields,
        region: engine.regionOf(h.ref), ...(h.records ? { records: h.records } : {}) })) });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def node(search_dir: Path, queries: list[str] = (), check: bool = False) -> dict[str, Any]:  # type: ignore[assignment]
    exe = shutil.which("node")
    if exe is None:
        pytest.skip("node is not installed")
    proc = subprocess.run(
        [exe, "-e", NODE, str(search_dir), str(LUNR_JS), str(ENGINE_JS)],
        input=json.dumps({"queries": list(queries), "check": check}, ensure_ascii=False),
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Path]:
    snap = mini_snapshot()
    out = tmp_path_factory.mktemp("mini") / "search"
    write_search_index(snap, out)
    return snap, out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Path]:
    from tools.fakedata.snapshots import make_snapshot

    snap = make_snapshot(1500, seed=5)
    out = tmp_path_factory.mktemp("synthetic") / "search"
    write_search_index(snap, out, SMALL)
    return snap, out


# ---- files and formats ------------------------------------------------------------------------------------


def test_every_shard_loads_in_python_lunr(mini: tuple[Snapshot, Path], synthetic: tuple[Snapshot, Path]) -> None:
    for _snap, out in (mini, synthetic):
        shards = sorted((out / "t").glob("*.json"))
        assert shards
        for path in shards:
            data = json.loads(path.read_text(encoding="utf-8"))
            assert data["pipeline"] == []  # no stemmer, no trimmer, no stop-word filter
            assert data["fields"] == ["n", "f", "p", "m"]
            idx = Index.load(data)
            for term, posting in data["invertedIndex"][:5]:
                q = idx.create_query()
                q.term(term, use_pipeline=False)
                docs = {ref for field, refs in posting.items() if field != "_index" for ref in refs}
                assert {r["ref"] for r in idx.query(q)} == docs


def test_python_lunr_finds_a_term_the_writer_indexed(mini: tuple[Snapshot, Path]) -> None:
    snap, out = mini
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["shards"]["text"] == 1  # a small site: one shard
    idx = Index.load((out / "t" / "0.json").read_text(encoding="utf-8"))
    q = idx.create_query()
    q.term("恒信", use_pipeline=False)
    refs = [r["ref"] for r in idx.query(q)]
    docs, _ = collect(snap)
    assert [docs[int(r)].key for r in refs] == ["91410105MA9F3HX1K4"]


def test_every_shard_loads_in_lunr_js_and_the_engine_agrees_with_it(synthetic: tuple[Snapshot, Path]) -> None:
    _snap, out = synthetic
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    # the small layout exercises every mechanism
    assert meta["solo"] and meta["split"] and len(meta["tokenizer"]["stop"]) > len(tk.base_stop())
    assert meta["shards"]["text"] > 1
    result = node(out, check=True)["check"]
    assert result["terms"] > 1000
    assert result["problems"] == []


def test_lunr_js_is_copied_from_its_npm_package(mini: tuple[Snapshot, Path]) -> None:
    _snap, out = mini
    assert (out / "lunr.min.js").read_bytes() == (LUNR_JS / "lunr.min.js").read_bytes()
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["lunr"] == json.loads((LUNR_JS / "package.json").read_text())["version"] == "2.3.9"


def test_the_same_snapshot_gives_the_same_bytes(tmp_path: Path) -> None:
    from tools.fakedata.snapshots import make_snapshot

    for snap, layout in ((mini_snapshot(), Layout()), (make_snapshot(400, seed=9), SMALL)):
        a, b = tmp_path / "a", tmp_path / "elsewhere" / "b"
        write_search_index(snap, a, layout)
        write_search_index(snap, b, layout)
        assert files(a) == files(b)
        shutil.rmtree(a)
        shutil.rmtree(tmp_path / "elsewhere")
    assert b"as_of" not in b"".join(files(tmp_path).values())


def test_json_is_compact_with_sorted_keys(mini: tuple[Snapshot, Path]) -> None:
    _snap, out = mini
    for rel, data in files(out).items():
        if rel.endswith(".json"):
            obj = json.loads(data)
            assert data == json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def test_regions_are_contiguous_ranges_of_documents(synthetic: tuple[Snapshot, Path]) -> None:
    snap, out = synthetic
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    docs, _ = collect(snap)
    from generator.rules.regions import chain

    for code, _name, _parent, lo, hi, own_lo, own_ent, own_hi in meta["regions"]:
        inside = [d.ref for d in docs if d.region and code in chain(d.region, snap.regions)]
        assert inside == list(range(lo, hi)) if inside else lo == hi == 0
        own = [d for d in docs if d.region == code]
        assert [d.ref for d in own] == list(range(own_lo, own_hi)) if own else own_lo == own_hi
        assert all(d.kind == "e" for d in own if d.ref < own_ent)
        assert all(d.kind == "p" for d in own if d.ref >= own_ent)


# ---- only public data ---------------------------------------------------------------------------------------


def test_only_public_records_are_looked_up_and_no_record_text(mini: tuple[Snapshot, Path]) -> None:
    """The ids and decision document numbers of the public records are in the index (x/, to look them up), those
    of the others nowhere; no summary and no deciding authority of any record."""
    snap, out = mini
    blob = b"".join(data for rel, data in files(out).items() if rel != "lunr.min.js").decode("utf-8")
    rs, _ = validate(MINI, AS_OF)
    assert rs is not None
    public = {r.id for r in snap.records}
    # by hand (tests/conftest.py): 0002 repaired, 0004 (3 months from 2026-06-15) and the C-class 410103-2025-0001
    # (6 + 6 months from 2025-09-26) expired by 2026-11-22
    assert public == {"410105-2026-0001", "410103-2026-0001", "410105-2026-0003", "410105001-2026-0001"}
    hidden = [rid for rid in rs.records if rid not in public]
    for rid, doc in rs.records.items():
        rec = doc.model
        for text in (rec.summary, rec.decision.authority):
            assert text not in blob, f"{text!r} of record {rid} is in the search index"
        for text in (rid, rec.decision.document, tk.document_key(rec.decision.document)):
            assert (text in blob) == (rid in public), f"{text!r} of record {rid}"
    x = {key: found for rel, data in files(out).items() if rel.startswith("x/") for key, found in json.loads(data).items()}
    assert {e[1] for found in x.values() for e in found if len(e) > 1} == public
    # the subject of a record that is not public is still an enterprise with public basic information
    for rid in hidden:
        subject = rs.records[rid].model.subject
        if subject in snap.enterprises:
            assert subject in blob
            assert snap.enterprises[subject].name in blob
    # nothing beyond what a result shows: no addresses, no hotlines
    for e in snap.enterprises.values():
        assert e.address not in blob
        assert e.hotline is None or e.hotline not in blob


def test_the_writer_reads_the_snapshot_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No file is opened but the tokenizer definition and lunr.js's package (Snapshot holds public data only)."""
    import builtins
    import io

    snap = mini_snapshot()
    opened: list[str] = []
    real_open = builtins.open
    real_io_open = io.open

    def spy(file: Any, mode: str = "r", *a: Any, **k: Any) -> Any:
        if "r" in mode and "+" not in mode:
            opened.append(str(file))
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    write_search_index(snap, tmp_path / "search")
    monkeypatch.setattr(builtins, "open", real_open)
    monkeypatch.setattr(io, "open", real_io_open)
    from generator.publish.search import fold

    allowed = (str(tk.SPEC_PATH), str(LUNR_JS), str(fold.OPENCC_DIR))
    assert all(p.startswith(allowed) for p in opened), opened


# ---- searching (engine.js in Node) ----------------------------------------------------------------------------


def test_searches_on_the_mini_records(mini: tuple[Snapshot, Path]) -> None:
    _snap, out = mini
    got = {s["q"]: s for s in node(out, [
        "恒信", "恒", "恒信花园", "郑州恒信物业管理有限公司", "91410105MA9F3HX1K4", "MA9F3HX1", "3HX1K4", "914101",
        "张某", "金水区", "金水区 恒信", "物业服务有限公司", "不存在的企业", "二七安居", "济源", "郑州恒信", "郑州市金水区",
    ])["searches"]}
    e1, e2, e3 = "91410105MA9F3HX1K4", "91410103MA4BC2R7TC", "91419001MA47QD8L2E"
    assert [h["key"] for h in got["恒信"]["hits"]] == [e1]
    assert [h["key"] for h in got["恒"]["hits"]] == [e1]  # one character: a prefix search
    assert [h["key"] for h in got["恒信花园"]["hits"]] == [e1]
    assert "p" in got["恒信花园"]["hits"][0]["fields"]
    assert got["郑州恒信物业管理有限公司"]["hits"][0]["key"] == e1  # a former name
    assert "f" in got["郑州恒信物业管理有限公司"]["hits"][0]["fields"]
    for q in ("91410105MA9F3HX1K4", "MA9F3HX1", "3HX1K4"):
        assert got[q]["kind"] == "code" and [h["key"] for h in got[q]["hits"]] == [e1], q
    assert sorted(h["key"] for h in got["914101"]["hits"]) == sorted([e1, e2])
    assert [h["key"] for h in got["张某"]["hits"]] == ["P-410105-0001"]
    assert got["金水区"]["kind"] == "region" and [h["key"] for h in got["金水区"]["hits"]] == [e1]
    assert [h["key"] for h in got["金水区 恒信"]["hits"]] == [e1]
    assert got["物业服务有限公司"]["kind"] == "common" and not got["物业服务有限公司"]["hits"]
    assert got["不存在的企业"]["kind"] == "none" and not got["不存在的企业"]["hits"]
    assert got["二七安居"]["hits"][0]["key"] == e2
    assert [h["key"] for h in got["济源"]["hits"]] == [e3]
    # a city before the trade name: the region, and the bigram across the two (州恒) ranks the literal match
    assert got["郑州恒信"]["hits"][0]["key"] == e1 and "n" in got["郑州恒信"]["hits"][0]["fields"]
    assert got["郑州市金水区"]["kind"] == "region" and [h["key"] for h in got["郑州市金水区"]["hits"]] == [e1]


def test_identifiers_on_the_mini_records(mini: tuple[Snapshot, Path]) -> None:
    """A record id or a decision document number of a public record leads to its subject with the record; a person
    id to the person; those of a record that is not public (repaired, expired, C-class expired) to nothing."""
    _snap, out = mini
    e1, e2 = "91410105MA9F3HX1K4", "91410103MA4BC2R7TC"
    got = {s["q"]: s for s in node(out, [
        "410105-2026-0001", "410105 2026 0001", "金建罚决字〔2026〕第12号", "金建罚决字(2026)12号", "金建罰決字[2026]12號",
        "410103-2026-0001", "二消行罚决字〔2026〕第21号", "郑房〔2026〕第45号", "410105001-2026-0001", "P-410105-0001",
        "p410105-0002", "410105-2026-0002", "金建改字〔2026〕第3号", "410105-2026-0004", "金建改字〔2026〕第8号",
        "410103-2025-0001", "二建改字〔2025〕第9号", "410105-2026-0009", "恒信罚字〔2026〕第99号", "恒信罚字 2026 99",
    ])["searches"]}
    for q, key, rid in (("410105-2026-0001", e1, "410105-2026-0001"), ("410105 2026 0001", e1, "410105-2026-0001"),
                        ("金建罚决字〔2026〕第12号", e1, "410105-2026-0001"), ("金建罚决字(2026)12号", e1, "410105-2026-0001"),
                        ("金建罰決字[2026]12號", e1, "410105-2026-0001"), ("410103-2026-0001", e2, "410103-2026-0001"),
                        ("二消行罚决字〔2026〕第21号", e2, "410103-2026-0001"), ("郑房〔2026〕第45号", e1, "410105-2026-0003"),
                        ("410105001-2026-0001", e1, "410105001-2026-0001")):
        res = got[q]
        assert res["kind"] == "id" and [h["key"] for h in res["hits"]] == [key], q
        assert [r[0] for r in res["hits"][0]["records"]] == [rid], q
    assert got["金建罚决字〔2026〕第12号"]["hits"][0]["records"] == [["410105-2026-0001", "金建罚决字〔2026〕第12号"]]
    assert got["金建罰決字[2026]12號"]["folded"] == "金建罚决字[2026]12号"
    assert [h["key"] for h in got["P-410105-0001"]["hits"]] == ["P-410105-0001"] and got["P-410105-0001"]["id"] == "person"
    assert [h["key"] for h in got["p410105-0002"]["hits"]] == ["P-410105-0002"]
    for q in ("410105-2026-0002", "金建改字〔2026〕第3号", "410105-2026-0004", "金建改字〔2026〕第8号", "410103-2025-0001",
              "二建改字〔2025〕第9号", "410105-2026-0009"):
        assert got[q]["kind"] != "id" and got[q]["hits"] == [], q
    # a document number (its year in brackets) that no public record has finds nothing, not names that share a
    # piece of it; without the brackets it is text, and 恒信 is found
    assert got["恒信罚字〔2026〕第99号"]["kind"] == "none" and got["恒信罚字〔2026〕第99号"]["hits"] == []
    assert [h["key"] for h in got["恒信罚字 2026 99"]["hits"]] == [e1]


def test_a_name_finds_the_person_before_the_enterprise_it_represents(mini: tuple[Snapshot, Path]) -> None:
    """tests/fixtures/mini: 王某 is the person P-410105-0002 and the legal representative of 91410105MA9F3HX1K4,
    李某 the person P-410103-0001 and the legal representative of 91410103MA4BC2R7TC: the same score, and the
    person's own page first."""
    _snap, out = mini
    got = {s["q"]: s for s in node(out, ["王某", "李某"])["searches"]}
    assert [h["key"] for h in got["王某"]["hits"]] == ["P-410105-0002", "91410105MA9F3HX1K4"]
    assert [h["key"] for h in got["李某"]["hits"]] == ["P-410103-0001", "91410103MA4BC2R7TC"]


def test_a_whole_name_ranks_first_where_its_part_is_a_stop_word(tmp_path: Path) -> None:
    """Persons published as 王某 and 王某某: with 某某 in too many documents to search by, 王某某 still finds 王某某
    first (its whole-name term), then 王某 and the enterprise whose legal representative is 王某."""
    from dataclasses import replace

    from generator.records import models as m

    snap = mini_snapshot()
    persons = {"P-410105-0001": "王某", "P-410105-0002": "王某某", "P-410105-0003": "李某某", "P-410105-0004": "张某某",
               "P-410105-0005": "赵某某"}
    snap = replace(snap, persons={pid: m.Person(name=name) for pid, name in persons.items()})
    write_search_index(snap, tmp_path, Layout(max_df=3))  # 某某 in four documents: a stop word; 王某 in three
    assert "某某" in json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))["tokenizer"]["stop"]
    got = node(tmp_path, ["王某某", "王某"])["searches"]
    assert [h["key"] for h in got[0]["hits"]][:1] == ["P-410105-0002"] and got[0]["common"] == ["某某"]
    assert [h["key"] for h in got[1]["hits"]][:1] == ["P-410105-0001"]


def test_traditional_characters_find_simplified_names(mini: tuple[Snapshot, Path]) -> None:
    """恆信 finds 恒信: the page fetches fold.json only when a term is found nowhere, and searches again folded."""
    _snap, out = mini
    e1 = "91410105MA9F3HX1K4"
    got = {s["q"]: s for s in node(out, ["恆信", "恆", "鄭州恆信物業管理有限公司", "張某", "金水區 恆信", "恒信"])["searches"]}
    assert [h["key"] for h in got["恆信"]["hits"]] == [e1] and got["恆信"]["folded"] == "恒信"
    assert [h["key"] for h in got["恆"]["hits"]] == [e1]
    assert got["鄭州恆信物業管理有限公司"]["hits"][0]["key"] == e1  # the former name, in traditional characters
    assert [h["key"] for h in got["張某"]["hits"]] == ["P-410105-0001"]
    assert [h["key"] for h in got["金水區 恆信"]["hits"]] == [e1]
    assert "folded" not in got["恒信"] and "fold.json" not in got["恒信"]["files"]
    assert "fold.json" in got["恆信"]["files"]
    fold = json.loads((out / "fold.json").read_text(encoding="utf-8"))
    pairs = dict(zip(fold["from"], fold["to"], strict=True))
    assert pairs["恆"] == "恒" and pairs["鄭"] == "郑"
    assert "著" not in pairs and "臺" not in pairs.values()  # no Taiwan variants; nothing folds to a traditional form
    # only what can find something: characters of the index's terms, region names (meta.json), identifiers
    index_text = b"".join(data for rel, data in files(out).items() if rel.startswith(("t/", "x/", "meta"))).decode()
    assert set(fold["to"]) <= set(index_text)


def test_the_level_filter_order_comes_from_the_index(mini: tuple[Snapshot, Path]) -> None:
    _snap, out = mini
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["level_order"] == ["5", "4", "3", "2", "1", "0", "v", "-"]  # stars, best first; vetoed; not rated


def test_searches_on_synthetic_data(synthetic: tuple[Snapshot, Path]) -> None:
    from tools.fakedata.snapshots import brand_of

    snap, out = synthetic
    ents = list(snap.enterprises.items())
    picks = ents[::97][:12]
    persons = list(snap.persons.items())[::211][:6]
    queries = [e.name for _u, e in picks] + [u for u, _e in picks[:4]] + [u[-8:] for u, _e in picks[4:8]] \
        + [u[:12] for u, _e in picks[8:12]] + [p.name for _pid, p in persons] \
        + [f"{snap.regions[e.registered_region]} {brand_of(e.name, snap.regions)}" for _u, e in picks[:6]] \
        + ["王"]
    got = {s["q"]: s for s in node(out, queries)["searches"]}
    for u, e in picks:
        keys = [h["key"] for h in got[e.name]["hits"]]
        assert u in keys[:3], (e.name, got[e.name])
        q = f"{snap.regions[e.registered_region]} {brand_of(e.name, snap.regions)}"
        if q in got:
            assert u in [h["key"] for h in got[q]["hits"]], q
    for u, _e in picks:
        for q in (u, u[-8:], u[:12]):
            if q in got:
                assert got[q]["kind"] == "code"
                assert u in [h["key"] for h in got[q]["hits"]], q
    assert got[picks[0][0]]["hits"][0]["key"] == picks[0][0]
    for pid, p in persons:
        assert pid in [h["key"] for h in got[p.name]["hits"]] or got[p.name]["total"] > 10, p.name
    # a one-character query on a very common character (a surname) asks for one more character
    assert got["王"]["kind"] == "common" and got["王"]["tooCommon"] == ["王"]


def test_grades_and_the_severe_flag_under_the_hulunbuir_rulebook(tmp_path: Path) -> None:
    from dataclasses import replace
    from decimal import Decimal

    from generator.day.grades import Grade
    from generator.rules.rulebook import load_rulebook

    e1, e2, e3 = "91410105MA9F3HX1K4", "91410103MA4BC2R7TC", "91419001MA47QD8L2E"

    def grade(uscc: str, g: str, black: bool, severe: bool) -> Grade:
        day = dt.date(2026, 2, 20)
        return Grade(year=2025, uscc=uscc, authority="410105", cutoff=day, published=day, notice_until=day,
                     parts=(), score=Decimal(50), grade=g, red_conditions=(), black_conditions=(), red_list=False,
                     red_until=None, black_list=black, black_until=None, severe=severe)

    snap = replace(mini_snapshot(), rulebook=load_rulebook("hulunbuir"), ratings=(), records=(),
                   grades=(grade(e1, "AAA", False, False), grade(e2, "D", True, True)))
    write_search_index(snap, tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    assert meta["scheme"] == "grades"
    labels = meta["levels"]
    shown = {d.get("u"): d for i in range(3) if (tmp_path / "d" / f"{i}.json").exists()
             for d in json.loads((tmp_path / "d" / f"{i}.json").read_text(encoding="utf-8"))}
    assert labels[shown[e1]["l"]] == "AAA 级" and shown[e1]["y"] == 2025 and "s" not in shown[e1]
    assert labels[shown[e2]["l"]] == "D 级" and shown[e2]["s"] == 1
    assert shown[e3]["l"] == "-" and labels["-"] == "暂无评价结果"
    assert [labels[c] for c in meta["level_order"]] == ["AAA 级", "AA 级", "A 级", "B 级", "C 级", "D 级", "暂无评价结果"]
    levels = json.loads((tmp_path / "v" / "0.json").read_text(encoding="utf-8"))
    docs, _ = collect(snap)
    ref = {d.key: d.ref for d in docs}
    assert levels["s"] == [ref[e2]]
    assert levels["l"][ref[e1]] == shown[e1]["l"] and levels["l"][ref[e2]] == shown[e2]["l"]


# -- build_shard writes what the Python lunr package's Builder writes -----------------------------------


def _lunr_builder_shard(docs: list[tuple[int, dict[str, list[str]]]], b: float) -> dict[str, Any]:
    """The reference: lunr's own Builder, empty pipelines, empty field vectors left out (as the site does)."""
    from lunr.builder import Builder

    from generator.publish.search.index import FIELDS

    builder = Builder()
    builder.ref("id")
    builder.b(b)
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, fields in docs:
        builder.add({"id": str(ref), **{name: fields.get(name, []) for name, _ in FIELDS}})
    out: dict[str, Any] = builder.build().serialize()
    out["fieldVectors"] = [v for v in out["fieldVectors"] if v[1]]
    return out


_TERMS = st.sampled_from(["郑州", "州鑫", "鑫文", "物业", "a1", "ABC", "abc", "410105", "郑州鑫文物业有限公司", "x"])


@given(
    st.lists(st.dictionaries(st.sampled_from(["n", "f", "p", "m"]), st.lists(_TERMS, max_size=6), max_size=4),
             min_size=1, max_size=12),
    st.sampled_from([0.75, 0.0, 1.0, 0.3]),
)
@settings(max_examples=300, deadline=None)
def test_build_shard_writes_the_same_json_as_lunrs_builder(fields: list[dict[str, list[str]]], b: float) -> None:
    from generator.publish.search.index import _dump, build_shard

    docs = [(i * 7 + 3, f) for i, f in enumerate(fields)]
    assert _dump(build_shard(docs, b)) == _dump(_lunr_builder_shard(docs, b))


def test_every_shard_of_a_real_snapshot_is_the_same_as_lunrs() -> None:
    from generator.publish.search.index import _dump, build_shard, plan, shard_documents

    rs, problems = validate(REPO / "records", AS_OF)  # the demo: 42 enterprises and their people
    assert rs is not None, problems
    docs, _ = collect(compute(rs, AS_OF).snapshot)
    stop, place = plan(docs, Layout(postings_per_shard=20, common_char=60, max_df=400))
    per_file = shard_documents(docs, stop, place)
    assert len(per_file) > 8 and len(place.solo) > 0
    for rel, shard_docs in per_file.items():
        assert _dump(build_shard(shard_docs, 0.75)) == _dump(_lunr_builder_shard(shard_docs, 0.75)), rel


def test_any_six_character_run_of_a_code_finds_the_company(synthetic: tuple[Snapshot, Path]) -> None:
    """Issue 14: every piece of six characters or more, from anywhere in a unified social credit code, finds
    its company (pieces from the 3rd to the 8th character failed before), and so does a tail of letters only."""
    snap, out = synthetic
    codes = list(snap.enterprises)[::151][:5]
    # from the 3rd character on, pieces of 6 and 8 characters that reach past the region code (characters 3–8:
    # a piece of it alone is every company of the county, listed as "more", not a way to find one)
    pieces = {(u, start, n): u[start:start + n] for u in codes for start in range(2, 13) for n in (6, 8)
              if 8 < start + n <= 18}
    got = {s["q"]: s for s in node(out, sorted(set(pieces.values())))["searches"]}
    for (u, start, n), q in sorted(pieces.items()):
        res = got[q]
        assert res["kind"] == "code", q
        # found among the matches; a short piece that matches more than can be listed asks for more characters
        assert u in res["codes"] or (n == 6 and res["more"]), (u, start, n, q, res["total"])
    # every piece of eight characters finds it outright
    assert all(u in got[q]["codes"] for (u, _s, n), q in pieces.items() if n == 8)


def test_a_tail_of_letters_only_is_searched_as_a_code(tmp_path: Path) -> None:
    """A code whose last six characters are letters (GB 32100-2015 allows it: no I, O, S, V, Z) is found by them."""
    from tools.fakedata.snapshots import make_snapshot

    snap = make_snapshot(300, 3)
    letters = next((u for u in snap.enterprises if u[-6:].isalpha()), None)
    if letters is None:  # the synthetic codes carry a check digit; force one tail of letters by search over seeds
        pytest.skip("no code with a tail of six letters in this synthetic set")
    out = tmp_path / "search"
    write_search_index(snap, out)
    got = node(out, [letters[-6:]])["searches"][0]
    assert got["kind"] == "code" and letters in [h["key"] for h in got["hits"]]
