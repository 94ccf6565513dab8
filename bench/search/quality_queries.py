"""The queries of the search-quality benchmark (bench/search/quality.py), each with the pages that count as the
right first result, drawn from a computed day of a synthetic records tree (``python -m tools.fakedata tree``).

Every kind a visitor types (bench/README.md, "Search quality", has the list). A query is kept only when its right
answer is unambiguous: a piece of a name or of a code that only one enterprise has; a document number whose
public records all concern one subject. The tree's persons are all named like 张某 or 张某某 (the tree is
fictional by design), so a name is shared by dozens of persons: for ``manager name`` every person of that name
counts as right; and its estates are named from a short list (祥和里, 盛世小区 …), so for ``project`` a name
that at most three enterprises manage (and no other text holds) is asked, and any of them counts as right.
Records that are not public on the day (C-class, expired, repaired, withdrawn, an objection that suspends them)
give the two ``hidden`` kinds, whose right answer is nothing at all.

Pure Python, no browser: tests/test_search_quality_queries.py runs it on the demo records.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.day.snapshot import Snapshot
from generator.publish.search import fold
from generator.records import models as m

KINDS = (
    "full name", "part of a name", "full name, traditional", "part of a name, traditional", "region + name",
    "code", "code piece", "project", "manager name", "record id", "person id", "document number",
    "document number, other form", "hidden record id", "hidden document number",
)
GENERIC = ("示例", "物业", "服务", "管理", "有限", "公司", "集团", "分公司", "某")


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    expect: frozenset[str]  # pages that count as the right first result ("enterprises/<USCC>/"); none: nothing
    note: str = ""


def ent_page(uscc: str) -> str:
    return f"enterprises/{uscc}/"


def person_page(pid: str) -> str:
    return f"persons/{pid}/"


def subject_page(subject: str) -> str:
    return person_page(subject) if subject.startswith("P-") else ent_page(subject)


def to_traditional(text: str) -> str:
    """Simplified → traditional, character by character, with opencc-js's own table (its first candidate)."""
    table = fold.read_dict("STCharacters")
    return "".join(table.get(ch, ch) for ch in text)


class Texts:
    """What each search document holds as text (name, former names, projects, legal representative; a person's
    name), to tell whether a piece of text belongs to one document only."""

    def __init__(self, snap: Snapshot) -> None:
        self.docs: dict[str, str] = {}
        for uscc, e in snap.enterprises.items():
            self.docs[ent_page(uscc)] = "|".join([e.name, *e.former_names, *(p.name for p in e.projects),
                                                  e.legal_representative])
        for pid, p in snap.persons.items():
            self.docs[person_page(pid)] = p.name

    def holders(self, piece: str) -> list[str]:
        return [page for page, text in self.docs.items() if piece in text]


def brand(name: str, regions: Iterable[str]) -> str:
    """The trade name (字号): the name before 物业, without a leading region name and the tree's 示例."""
    head = name.split("物业", 1)[0].replace("示例", "").replace("某", "")
    for prefix in sorted({x for r in regions for x in (r, r[:-1])}, key=len, reverse=True):
        if len(prefix) >= 2 and head.startswith(prefix) and len(head) - len(prefix) >= 2:
            return head[len(prefix):]
    return head


def other_form(document: str) -> str:
    """The same document number as someone might type it: round brackets, no 第 (金建改字(2026)14号)."""
    out = document.replace("〔", "(").replace("〕", ")").replace("［", "(").replace("］", ")")
    return out.replace(")第", ")")


def make_queries(snap: Snapshot, records: dict[str, m.CreditRecord], per_kind: int = 24,
                 seed: int = 14) -> list[Query]:
    """``records``: every credit record of the tree (``RecordSet.records``' models), public or not."""
    rng = random.Random(seed)
    texts = Texts(snap)
    ents = sorted(snap.enterprises.items())
    public = {r.id: r for r in snap.records}
    out: dict[str, list[Query]] = defaultdict(list)

    def add(kind: str, q: str, expect: Iterable[str], note: str = "") -> None:
        if len(out[kind]) < per_kind and q.strip() and all(x.q != q for x in out[kind]):
            out[kind].append(Query(kind, q, frozenset(expect), note))

    def draw(items: list[tuple[str, m.Enterprise]], make: Callable[[str, m.Enterprise], None],
             kinds: tuple[str, ...]) -> None:
        for uscc, e in rng.sample(items, len(items)):
            if all(len(out[k]) >= per_kind for k in kinds):
                return
            make(uscc, e)

    # names, whole and in part, simplified and traditional; region + name
    def names(uscc: str, e: m.Enterprise) -> None:
        page = ent_page(uscc)
        add("full name", e.name, [page])
        if to_traditional(e.name) != e.name:
            add("full name, traditional", to_traditional(e.name), [page], e.name)
        b = brand(e.name, snap.regions.values())
        if len(b) >= 2 and not any(g in b for g in GENERIC):
            holders = texts.holders(b)
            if holders == [page]:
                add("part of a name", b, [page])
                if to_traditional(b) != b:
                    add("part of a name, traditional", to_traditional(b), [page], b)
            county = snap.regions.get(e.registered_region, "")
            same = [u for u, x in ents if x.registered_region == e.registered_region and b in texts.docs[ent_page(u)]]
            if len(holders) > 1 and same == [uscc] and county:
                add("region + name", f"{county} {b}" if len(out["region + name"]) % 2 else f"{county}{b}", [page])

    draw(ents, names, KINDS[:5])

    # codes, whole and in pieces of 6 to 10 characters from anywhere after the first two
    codes = [u for u, _e in ents]
    for uscc in rng.sample(codes, min(len(codes), per_kind * 4)):
        add("code", uscc if len(out["code"]) % 3 else uscc.lower(), [ent_page(uscc)])
        size = rng.randrange(6, 11)
        start = rng.randrange(2, 18 - size + 1)
        piece = uscc[start:start + size]
        if sum(piece in c for c in codes) == 1:
            add("code piece", piece, [ent_page(uscc)])

    # projects and their managers
    managing: dict[str, set[str]] = defaultdict(set)
    for uscc, e in ents:
        for p in e.projects:
            managing[p.name].add(ent_page(uscc))

    def projects(uscc: str, e: m.Enterprise) -> None:
        for p in e.projects:
            holders = set(texts.holders(p.name))
            if len(holders) <= 3 and holders == managing[p.name]:
                add("project", p.name, holders)
            if p.manager is not None and p.manager in snap.persons:
                name = snap.persons[p.manager].name
                add("manager name", name, [person_page(pid) for pid, x in snap.persons.items() if x.name == name])

    draw(ents, projects, ("project", "manager name"))

    # identifiers: record ids, person ids, document numbers; those of records that are not public
    by_doc: dict[str, list[str]] = defaultdict(list)
    for rid, rec in records.items():
        by_doc[rec.decision.document].append(rid)
    for rid in rng.sample(sorted(public), len(public)):
        rec = public[rid]
        add("record id", rid, [subject_page(rec.subject)])
        doc = rec.decision.document
        subjects = {public[r].subject for r in by_doc[doc] if r in public}
        if len(subjects) == 1:
            add("document number", doc, [subject_page(rec.subject)])
            if other_form(doc) != doc:
                add("document number, other form", other_form(doc), [subject_page(rec.subject)], doc)
    for pid in rng.sample(sorted(snap.persons), min(len(snap.persons), per_kind)):
        add("person id", pid, [person_page(pid)])
    for rid in rng.sample(sorted(records), len(records)):
        if rid in public:
            continue
        add("hidden record id", rid, [])
        doc = records[rid].decision.document
        if not any(r in public for r in by_doc[doc]):
            add("hidden document number", doc, [])
    return [q for kind in KINDS for q in out[kind]]
