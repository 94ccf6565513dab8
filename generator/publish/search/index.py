"""Client-side search: a sharded lunr index of public basic information (DESIGN §7 ``search/``).

``write_search_index(snapshot, out_dir)`` writes everything the search page needs under ``out_dir`` (the site's
``search/`` folder) and returns the number of files written. It reads the
:class:`~generator.day.snapshot.Snapshot` only, and of it only basic information (enterprises, their projects and
legal representatives, persons, regions), the two public facts a result shows: the current level and the
severe-dishonesty flag (:mod:`generator.publish.data.rows`), and of the public credit records their ids and
decision document numbers, to look them up (``x/``). No other credit record text is indexed.

The design, chosen by measurement (bench/README.md, "Search"): a query fetches ``meta.json``, one small file per
query term, and one small file per result shown — about 15 KB (gzip) in the median and 40 KB at the 95th
percentile at 50,000 enterprises, where one lunr index of everything would be tens of megabytes. All files are
compact JSON with sorted keys and no timestamps: the same snapshot gives the same bytes.

``meta.json``
    the tokenizer definition (``search_tokenizer.json``, one definition for Python and JavaScript) with the
    build's stop list; the shard counts and the placement lists below; every region with its range of
    document numbers; the level labels and the order the level filter lists them in (``level_order``, the
    scheme object's ``levels_best_first``: the page never asks which scheme it is); the first code of every
    code chunk; a digest of all the other files, which the page appends to its requests so a new build is
    never mixed with a cached old one.
``t/<n>.json``, ``t/s<n>.json``
    text shards, each a serialized lunr 2.3.9 index built with the Python ``lunr`` package with empty pipelines
    (the terms are our tokens: no stemmer, no trimmer), fields ``n`` name (boost 10), ``f`` former names (5),
    ``p`` project names (3), ``m`` people (3: an enterprise's legal representative, a person's own name).
    Terms are CJK bigrams, Latin/digit words and, for names, former names and the people's names that hold a
    stop word (张某某: :func:`name_keys`), the whole name (so that the exact name ranks first where names differ
    only by stop words)
    (:mod:`generator.publish.search.tokenize`). A term's file (:class:`Placement`, mirrored by ``fileOf`` in
    engine.js): a term in more than ``common_char`` documents has a file of its own (``t/s<n>``, listed in
    ``meta.solo``); otherwise the shard ``fnv1a32(key) % shards``, the key being the term's first Han character
    — so a one-character query is a prefix search in one shard — unless that character starts terms with more
    than ``common_char`` postings in all (``meta.split``: its terms are spread by the whole term; a
    one-character query on it asks for one more character). Terms in more than ``max_df`` documents join the
    stop list: they would not narrow a search.
``d/<n>.json``
    what a result shows, ``doc_chunk`` documents per file, fetched only for the results shown.
``v/<n>.json``
    the level code of every document and the severe flags, fetched only when the level filter is used.
``c/<n>.json``
    every unified social credit code in order as ``[code, document]``, ``code_chunk`` per file: a whole code or
    its beginning is found by a binary search over the chunk heads in meta.json.
``g/<n>.json``
    the codes by their 6-character pieces from the 2nd character on: a piece of six or more characters from
    anywhere in a code finds it with one small file.
``x/<n>.json``
    credit record ids, person ids and decision document numbers of the public records, each with the
    document (and record) it leads to (:mod:`generator.publish.search.ids`).
``fold.json``
    traditional → simplified characters, restricted to those whose simplified form occurs in the index
    (:mod:`generator.publish.search.fold`): everything indexed is folded with the whole table; the page fetches
    this file only when a query finds a term nowhere, and searches again with the query folded.

Documents (enterprises, then persons, within each region) are numbered in region-code order, so a region and
everything below it is a contiguous range of numbers: region filters and region-only searches need no file.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr import __TARGET_JS_VERSION__ as LUNR_TARGET
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token_set import TokenSet

from generator import urls
from generator.day.schemes import scheme_of
from generator.day.snapshot import Snapshot
from generator.publish.data.rows import current_level, severe_flags
from generator.publish.reuse import Reuse
from generator.publish.search import fold, ids
from generator.publish.search import tokenize as tk
from generator.rules.regions import candidates, chain

FIELDS = (("n", 10), ("f", 5), ("p", 3), ("m", 3))
"""lunr fields and their boosts: name, former names, project names, people."""

ROOT = Path(__file__).resolve().parents[3]
LUNR_DIR = ROOT / "node_modules" / "lunr"


@dataclass(frozen=True)
class Layout:
    """Sizes, chosen by measurement (bench/README.md, "Search")."""

    postings_per_shard: int = 150  # text shards: a power of two of them, about this many postings each
    common_char: int = 1000  # a character starting terms with more postings than this is "split" …
    max_df: int = 5000  # … a term in more documents than this is a stop word
    doc_chunk: int = 16
    level_chunk: int = 4096
    code_chunk: int = 256
    grams_per_shard: int = 256
    ids_per_shard: int = 128
    b: float = 0.75


@dataclass
class Doc:
    kind: str  # "e" enterprise, "p" person
    key: str  # USCC or person id
    region: str
    fields: dict[str, list[str]]  # field → terms (stop words removed later)
    show: dict[str, Any]
    level: str = "-"
    ref: int = 0


def _dump(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _terms(texts: Iterable[str], keys: bool = False) -> list[str]:
    """Index terms of a field's values: bigrams and words, and with ``keys`` each value's whole-name term
    (enterprise names, which often differ only by stop words: …物业服务有限公司 / …物业管理有限公司)."""
    out: list[str] = []
    for t in texts:
        out += tk.index_tokens(t) + (tk.key_terms(t) if keys else [])
    return out


def collect(snapshot: Snapshot) -> tuple[list[Doc], dict[str, str]]:
    """The documents, numbered, and the level table."""
    levels = current_level(snapshot)
    latest = snapshot.latest_rating()
    severe = severe_flags(snapshot)
    scheme = scheme_of(snapshot.rulebook)
    table = scheme.levels
    roles: dict[str, list[list[str]]] = defaultdict(list)
    docs: list[Doc] = []

    def listed(code: str) -> str:
        """A region code as listed in regions.yaml (its nearest listed ancestor otherwise)."""
        if code in snapshot.regions:
            return code
        return next((c for c in candidates(code) if c in snapshot.regions), "")

    for uscc, e in snapshot.enterprises.items():
        level, year = levels.get(uscc, (None, None))
        lc = scheme.level_code(level, uscc in latest and latest[uscc].vetoed)
        as_of = snapshot.as_of
        active = list(dict.fromkeys(p.name for p in e.projects if p.active_on(as_of)))
        ended = [[p.name, p.since.isoformat(), p.until.isoformat()] for p in sorted(e.projects, key=lambda p: p.since)
                 if p.until is not None and p.until < as_of]  # 曾服务: an owners' committee finds its former manager
        projects = list(dict.fromkeys([*active, *(name for name, _s, _u in ended)]))
        show: dict[str, Any] = {"u": uscc, "n": e.name, "l": lc, "m": e.legal_representative}
        if e.former_names:
            show["f"] = list(e.former_names)
        if active:
            show["p"] = active
        if ended:
            show["q"] = ended
        if year is not None and lc != "-":
            show["y"] = year
        if uscc in severe:
            show["s"] = 1
        docs.append(Doc("e", uscc, listed(e.registered_region), {
            "n": _terms([e.name], keys=True),
            "f": _terms(e.former_names, keys=True),
            "p": _terms(projects),
            "m": _terms([e.legal_representative]),
        }, show, lc))
        for p in e.projects:
            if p.manager is None or p.since > as_of:
                continue
            if p.until is not None and p.until < as_of:
                served = f"{p.since.isoformat()} 至 {p.until.isoformat()}"
                roles[p.manager].append([uscc, e.name, f"曾任项目负责人（{p.name}，{served}）"])
            else:
                roles[p.manager].append([uscc, e.name, f"项目负责人（{p.name}）"])
        for mgr in e.managers:
            roles[mgr.person].append([uscc, e.name, mgr.role])
    for pid, person in snapshot.persons.items():
        pshow: dict[str, Any] = {"i": pid, "n": person.name}
        if roles.get(pid):
            pshow["e"] = sorted(roles[pid])
        docs.append(Doc("p", pid, listed(pid.split("-")[1]), {"m": _terms([person.name])}, pshow, " "))
    docs.sort(key=lambda d: (d.region, d.kind, d.key))
    for i, d in enumerate(docs):
        d.ref = i
    return docs, table


def region_table(docs: list[Doc], regions: dict[str, str]) -> list[list[Any]]:
    """``[code, name, parent, lo, hi, own lo, own enterprises end, own hi]`` for every listed region.

    ``lo..hi`` are the documents of the region and every region below it (contiguous, as documents are in
    region-code order and a region's descendants share its leading digits); ``own …`` those registered in the
    region itself: its enterprises first, then its persons."""
    own: dict[str, list[int]] = {}
    for d in docs:
        o = own.setdefault(d.region, [d.ref, d.ref, d.ref])
        if d.kind == "e":  # a region's enterprises come before its persons
            o[1] = d.ref + 1
        o[2] = d.ref + 1
    out = []
    for code, name in regions.items():
        inside = [own[c] for c in own if c and code in chain(c, regions)]
        lo = min((o[0] for o in inside), default=0)
        hi = max((o[2] for o in inside), default=0)
        o = own.get(code, [0, 0, 0])
        parents = chain(code, regions)
        out.append([code, name, parents[-2] if len(parents) > 1 else "", lo, hi, o[0], o[1], o[2]])
    return out


def _pow2(n: float) -> int:
    k = 1
    while k < n:
        k *= 2
    return k


class Placement:
    """Which file holds a term: shared with engine.js (``Engine.prototype.fileOf``)."""

    def __init__(self, shards: int, split: set[str], solo: list[str]) -> None:
        self.shards = shards
        self.split = split
        self.solo = {t: i for i, t in enumerate(solo)}
        self._memo: dict[str, str] = {}

    def file_of(self, term: str) -> str:
        rel = self._memo.get(term)
        if rel is None:
            if term in self.solo:
                rel = f"t/s{self.solo[term]}.json"
            else:
                key = tk.shard_key(term)
                if key in self.split:
                    key = term
                rel = f"t/{tk.fnv1a32(key) % self.shards}.json"
            self._memo[term] = rel
        return rel


class Writer:
    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir
        self.files: dict[str, bytes] = {}
        self.kept: dict[str, str] = {}  # taken over from the previous output: file → its digest (sha256, hex)

    def put(self, rel: str, obj: Any) -> None:
        self.files[rel] = _dump(obj)

    def keep(self, rel: str, digest: str) -> None:
        self.kept[rel] = digest

    def version(self) -> str:
        """A digest of every file's name and digest: the same files, the same version, made or kept."""
        digests = {rel: hashlib.sha256(data).hexdigest() for rel, data in self.files.items()} | self.kept
        h = hashlib.sha256()
        for rel, digest in sorted(digests.items()):
            h.update(rel.encode() + b"\0" + digest.encode() + b"\0")
        return h.hexdigest()[:16]

    def flush(self) -> int:
        for rel, data in sorted(self.files.items()):
            path = self.out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return len(self.files)


K1 = 1.2
"""lunr's default term-frequency saturation (``Builder.k1``)."""


def build_shard(docs: list[tuple[int, dict[str, list[str]]]], b: float) -> dict[str, Any]:
    """A serialized lunr 2.3.9 index of these documents' terms, with empty pipelines (the terms are our tokens).

    The same JSON as the Python ``lunr`` package's ``Builder`` (``b`` set, every field boosted as in
    :data:`FIELDS`, ``build().serialize()``), computed directly: the builder's generic token and vector objects
    took most of the search stage's time. tests/test_search_index.py compares the two on many inputs. Term
    numbers follow first appearance, document by document and field by field; scores are lunr's BM25 with the
    same floating-point operations in the same order, rounded to 3 places as lunr does.
    """
    names = [name for name, _ in FIELDS]
    if not docs:  # lunr's builder cannot average field lengths over no documents
        empty: dict[str, Any] = Index(inverted_index={}, field_vectors={}, token_set=TokenSet(),
                                      fields=names, pipeline=Pipeline()).serialize()
        return empty
    b = 0 if b < 0 else 1 if b > 1 else b  # clamped as Builder.b does
    index: dict[str, int] = {}
    postings: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    totals = dict.fromkeys(names, 0)
    fields_tf: list[tuple[str, str, int, dict[str, int]]] = []  # (field, ref, length, term → tf)
    for ref_int, fields in docs:
        ref = str(ref_int)
        for name in names:
            raw = fields.get(name)
            terms = [t.lower() for t in raw] if raw else []
            totals[name] += len(terms)
            tf: dict[str, int] = {}
            for term in terms:
                tf[term] = tf.get(term, 0) + 1
                posting = postings.get(term)
                if posting is None:
                    index[term] = len(index)
                    posting = postings[term] = {n: {} for n in names}
                posting[name].setdefault(ref, {})
            fields_tf.append((name, ref, len(terms), tf))
    n_docs = len(docs)
    average = {name: totals[name] / n_docs for name in names}
    boosts = dict(FIELDS)
    idf: dict[str, float] = {}
    for term, posting in postings.items():
        with_term = sum(len(v) for v in posting.values())
        idf[term] = math.log(1 + abs((n_docs - with_term + 0.5) / (with_term + 0.5)))
    vectors: list[list[Any]] = []
    for name, ref, length, tf in fields_tf:
        if not tf:
            continue  # empty vectors are left out: lunr reads only the vectors of fields a term matched
        elements: list[tuple[int, float]] = []
        for term, count in tf.items():
            score = idf[term] * ((K1 + 1) * count) / (K1 * (1 - b + b * (length / average[name])) + count)
            score *= boosts[name]
            elements.append((index[term], round(score, 3)))
        elements.sort()
        vectors.append([f"{name}/{ref}", [x for pair in elements for x in pair]])
    inverted = [[term, {**postings[term], "_index": index[term]}] for term in sorted(postings)]
    return {"version": LUNR_TARGET, "fields": names, "fieldVectors": vectors, "invertedIndex": inverted,
            "pipeline": []}


def plan(docs: list[Doc], lay: Layout) -> tuple[set[str], Placement]:
    """The stop list and where every other term goes."""
    df: dict[str, int] = defaultdict(int)
    for d in docs:
        for term in {t for ts in d.fields.values() for t in ts}:
            df[term] += 1
    stop = set(tk.base_stop()) | {t for t, n in df.items() if n > lay.max_df}
    by_char: dict[str, int] = defaultdict(int)
    for t, n in df.items():
        if t not in stop:
            by_char[tk.shard_key(t)] += n
    split = {c for c, n in by_char.items() if n > lay.common_char}
    solo = sorted(t for t, n in df.items() if t not in stop and n > lay.common_char)
    rest = sum(n for t, n in df.items() if t not in stop and n <= lay.common_char)
    return stop, Placement(_pow2(rest / lay.postings_per_shard), split, solo)


def shard_documents(docs: list[Doc], stop: set[str], place: Placement) -> dict[str, list[tuple[int, dict[str, list[str]]]]]:
    """Each text file's documents: ``file → [(document number, field → its terms in that file)]``."""
    per_file: dict[str, list[tuple[int, dict[str, list[str]]]]] = defaultdict(list)
    for d in docs:
        parts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for fname, terms in d.fields.items():
            for t in terms:
                if t in stop or (len(t) == 1 and t in place.split and tk.is_han(t)):
                    continue  # stop words; one-character terms of split characters are never looked up
                parts[place.file_of(t)][fname].append(t)
        for rel in sorted(parts):
            per_file[rel].append((d.ref, dict(parts[rel])))
    return per_file


def name_keys(docs: list[Doc], stop: set[str]) -> bool:
    """People's names published as 张某 and 张某某: where a person's name or a legal representative's holds a stop
    word (某某, in too many documents to search by), its whole-name term too, so that 张某某 finds 张某某 before
    every 张某 (the page looks the whole name up when a stop word was set aside). Only such names: the term for
    every name cost 2 KB more per query at the 95th percentile (bench/README.md). Whether any was added."""
    added = False
    for d in docs:
        name = d.show.get("n") if d.kind == "p" else d.show.get("m")
        if name and any(t in stop for t in tk.index_tokens(name)) and (keys := tk.key_terms(name)):
            d.fields["m"] = d.fields["m"] + keys
            added = True
    return added


def level_order(snapshot: Snapshot) -> list[str]:
    """The level codes as the level filter lists them: the scheme's own order, best first, "not rated" last."""
    return scheme_of(snapshot.rulebook).levels_best_first()


def index_chars(docs: list[Doc], regions: dict[str, str], lookups: dict[str, list[list[Any]]]) -> set[str]:
    """Every character a folded query could need to find something: of the indexed terms, the region names
    (matched in the page) and the lookup keys with the whole document numbers (号 and 第 are dropped from a
    key, but a query's 號 must fold to be dropped)."""
    chars = {ch for d in docs for terms in d.fields.values() for t in terms for ch in t}
    chars.update(ch for name in regions.values() for ch in tk.normalize(name))
    chars.update(ch for key in lookups for ch in key)
    chars.update(ch for found in lookups.values() for e in found if len(e) > 2 for ch in tk.normalize(e[2]))
    return chars


def write_search_index(snapshot: Snapshot, out_dir: Path, layout: Layout | None = None,
                       reuse: Reuse | None = None) -> int:
    """``reuse``: the previous output's text shards, taken over where a shard's documents are the same
    (issue 17: most nights change a few enterprises' levels, which only ``d/`` and ``v/`` show)."""
    lay = layout or Layout()
    out_dir.mkdir(parents=True, exist_ok=True)
    w = Writer(out_dir)
    docs, level_table = collect(snapshot)
    stop, place = plan(docs, lay)
    if name_keys(docs, stop):
        stop, place = plan(docs, lay)

    # -- text shards
    per_file = shard_documents(docs, stop, place)
    names = [f"t/{i}.json" for i in range(place.shards)] + [f"t/s{i}.json" for i in range(len(place.solo))]
    salt = Reuse.salt("search text shard", lay.b, LUNR_TARGET)
    for rel in names:
        shard = per_file.get(rel, [])
        if reuse is not None:
            kept = reuse.link(f"{urls.SEARCH.path}{rel}", reuse.key(salt, f"{urls.SEARCH.path}{rel}", repr(shard)))
            if kept is not None:
                w.keep(rel, kept)
                continue
        w.put(rel, build_shard(shard, lay.b))

    # -- document store and levels
    for i in range(0, len(docs), lay.doc_chunk):
        w.put(f"d/{i // lay.doc_chunk}.json", [d.show for d in docs[i:i + lay.doc_chunk]])
    for i in range(0, len(docs), lay.level_chunk):
        part = docs[i:i + lay.level_chunk]
        w.put(f"v/{i // lay.level_chunk}.json", {
            "l": "".join(d.level for d in part),
            "s": [d.ref for d in part if d.show.get("s")],
        })

    # -- codes: chunks in code order (whole codes, beginnings) and 6-character pieces (middle, end)
    codes = sorted((d.key, d.ref) for d in docs if d.kind == "e")
    heads = []
    for i in range(0, len(codes), lay.code_chunk):
        chunk = codes[i:i + lay.code_chunk]
        heads.append(chunk[0][0])
        w.put(f"c/{i // lay.code_chunk}.json", [list(c) for c in chunk])
    gram_shards = _pow2(len(codes) * (18 - 6) / lay.grams_per_shard)
    grams: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for code, ref in codes:
        for pos in range(1, 18 - 6 + 1):  # every piece but the first (the chunks find beginnings): issue 14
            g = code[pos:pos + 6]
            grams[tk.fnv1a32(g) % gram_shards][g].add(ref)
    for i in range(gram_shards):
        w.put(f"g/{i}.json", {g: sorted(refs) for g, refs in sorted(grams.get(i, {}).items())})

    # -- identifiers: record ids, person ids, document numbers of public records; the fold table
    lookups = ids.entries(snapshot, {d.key: d.ref for d in docs})
    id_shards = ids.shards(len(lookups), lay.ids_per_shard)
    for rel, found in ids.files(lookups, id_shards).items():
        w.put(rel, found)
    w.put("fold.json", fold.encode(fold.restricted(tk.fold_table(), index_chars(docs, snapshot.regions, lookups))))

    lunr_version = _lunr_js_version()
    meta = {
        "version": w.version(),
        "tokenizer": {k: v for k, v in tk.spec().items() if not k.startswith("_")} | {"stop": sorted(stop)},
        "shards": {"text": place.shards, "gram": gram_shards, "ids": id_shards},
        "split": sorted(place.split),
        "solo": sorted(place.solo, key=place.solo.__getitem__),
        "chunks": {"doc": lay.doc_chunk, "level": lay.level_chunk, "code": lay.code_chunk},
        "docs": len(docs),
        "enterprises": len(codes),
        "regions": region_table(docs, snapshot.regions),
        "levels": level_table,
        "level_order": level_order(snapshot),
        "scheme": snapshot.rulebook.scheme,
        "code_heads": heads,
        "lunr": lunr_version,
        "opencc": fold.version(),
    }
    w.put("meta.json", meta)
    if reuse is not None:
        reuse.write_keys()
    n = w.flush() + len(w.kept)
    shutil.copyfile(LUNR_DIR / "lunr.min.js", out_dir / "lunr.min.js")
    return n + 1


def _lunr_js_version() -> str:
    """lunr.js from its npm package (package.json pins it), at the version the Python lunr writes for."""
    from lunr import __TARGET_JS_VERSION__

    pkg = LUNR_DIR / "package.json"
    if not pkg.exists():
        raise FileNotFoundError(f"{pkg} is missing: run `npm ci` (lunr.js comes from its npm package)")
    version = str(json.loads(pkg.read_text(encoding="utf-8"))["version"])
    if version != __TARGET_JS_VERSION__:
        raise RuntimeError(f"lunr.js {version} in node_modules, but the Python lunr writes indexes for "
                           f"lunr.js {__TARGET_JS_VERSION__}: pin lunr {__TARGET_JS_VERSION__} in package.json")
    return version
