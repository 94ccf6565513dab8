"""Public credit records for the synthetic snapshots of the search benchmark, and queries that use them.

``tools.fakedata.snapshots.make_snapshot`` gives enterprises, projects and persons with realistic names but
only a handful of records (every one with the same document number), while a province's index holds the ids and
document numbers of all its public records (``search/x/``): the 10,000-enterprise tree of bench/README.md has
33,135 public records, 3.3 an enterprise. :func:`add_public_records` gives a snapshot as many, with ids and
document numbers in the form regulators write them (``<recorder>-<year>-<serial>``, 金建改字〔2026〕第12号),
about 8% of them about persons. :func:`id_queries` draws record ids, person ids, document numbers and names in
traditional characters from such a snapshot, for the budget (bench/search/run.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from generator.day.snapshot import PublicRecord, Snapshot
from generator.publish.search import fold
from generator.records import models as m

WORDS = ("改字", "罚决字", "处字")


def add_public_records(snap: Snapshot, per_enterprise: float = 3.3, seed: int = 14) -> Snapshot:
    rng = random.Random(f"{seed}-{len(snap.enterprises)}")
    enterprises = list(snap.enterprises.items())
    persons = list(snap.persons)
    serial: dict[tuple[str, int], int] = defaultdict(lambda: 1000)
    numbers: dict[tuple[str, int, str], int] = defaultdict(int)
    records: list[PublicRecord] = []
    for old in snap.records:  # the snapshot's own few records: a document number of their own each
        numbers[(old.recorder, 2026, "罚决字")] += 1
        doc = f"{snap.regions[old.recorder][0]}建罚决字〔2026〕第{numbers[(old.recorder, 2026, '罚决字')]}号"
        records.append(dataclasses.replace(old, decision=old.decision.model_copy(update={"document": doc})))
    for _ in range(round(len(enterprises) * per_enterprise)):
        if persons and rng.random() < 0.08:
            subject, kind_of = persons[rng.randrange(len(persons))], "person"
            region = subject.split("-")[1]
        else:
            subject, e = enterprises[rng.randrange(len(enterprises))]
            kind_of, region = "enterprise", e.registered_region
        year = rng.choice((2024, 2025, 2026, 2026))
        good = rng.random() < 0.15
        word = "" if good else rng.choice(WORDS)
        numbers[(region, year, word)] += 1
        short = snap.regions.get(region, "某")[0]
        doc = f"{short}建{word}〔{year}〕第{numbers[(region, year, word)]}号" if word else \
            f"{short}建〔{year}〕{numbers[(region, year, word)]}号"
        serial[(region, year)] += 1
        effective = dt.date(year, rng.randrange(1, 12), rng.randrange(1, 28))
        records.append(PublicRecord(
            id=f"{region}-{year}-{serial[(region, year)]:04d}", subject=subject, subject_kind=kind_of,  # type: ignore[arg-type]
            project=None, kind="good" if good else "bad", class_=None if good else "B", category="market",
            category_name="市场行为规范", item="market" if good else "market.1.21", item_text="合成数据",
            count=1, points=Decimal(1), summary="合成数据：信用信息", decision=m.Decision(
                authority="某住房和城乡建设局", level="county", document=doc,
                kind=None if good else "order", effective=effective),
            recorder=region, entered=effective + dt.timedelta(days=3), public_until=dt.date(2027, 12, 31),
            objection_pending=False, extension_months=0, deed=None,
        ))
    return dataclasses.replace(snap, records=tuple(records))


def to_traditional(text: str) -> str:
    """Simplified → traditional, character by character, with opencc-js's own table (its first candidate):
    what someone typing in traditional characters would send."""
    table = fold.read_dict("STCharacters")
    return "".join(table.get(ch, ch) for ch in text)


def id_queries(snap: Snapshot, seed: int = 7) -> list[dict[str, Any]]:
    """Record ids, document numbers, person ids and traditional-character names, each with its subject."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    docs: dict[str, int] = defaultdict(int)
    for r in snap.records:
        docs[r.decision.document] += 1
    records = [r for r in snap.records if docs[r.decision.document] == 1]
    for r in rng.sample(records, min(6, len(records))):
        out.append({"kind": "record id", "q": r.id, "expect": r.subject})
    for r in rng.sample(records, min(6, len(records))):
        out.append({"kind": "document", "q": r.decision.document, "expect": r.subject})
    persons = sorted(snap.persons)
    for pid in rng.sample(persons, min(4, len(persons))):
        out.append({"kind": "person id", "q": pid, "expect": pid})
    ents = list(snap.enterprises.items())
    picked = 0
    while picked < 6:
        uscc, e = ents[rng.randrange(len(ents))]
        trad = to_traditional(e.name)
        if trad != e.name:
            out.append({"kind": "traditional", "q": trad, "expect": uscc})
            picked += 1
    return out
