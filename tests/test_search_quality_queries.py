"""The query generator of the search-quality benchmark (bench/search/quality_queries.py; the benchmark itself,
bench/search/quality.py, runs outside ``make test``): on the demo records, every kind of query comes with the
pages that count as right, and those answers hold by the records themselves."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from generator.day.snapshot import Snapshot, compute
from generator.day.validate import validate
from generator.publish.search import tokenize as tk

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench" / "search"))

import quality_queries as qq  # noqa: E402

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo() -> tuple[Snapshot, dict[str, object], list[qq.Query]]:
    rs, problems = validate(REPO / "records", AS_OF)
    assert rs is not None, problems
    snap = compute(rs, AS_OF).snapshot
    records = {rid: d.model for rid, d in rs.records.items()}
    return snap, records, qq.make_queries(snap, records, per_kind=4)  # type: ignore[arg-type]


def test_every_kind_has_queries_with_an_expected_answer(demo: tuple[Snapshot, dict[str, object], list[qq.Query]]) -> None:
    snap, _records, queries = demo
    pages = {qq.ent_page(u) for u in snap.enterprises} | {qq.person_page(p) for p in snap.persons}
    for kind in qq.KINDS:
        mine = [q for q in queries if q.kind == kind]
        assert mine, kind
        for q in mine:
            assert q.q.strip(), q
            if kind.startswith("hidden"):
                assert q.expect == frozenset(), q
            else:
                assert q.expect and q.expect <= pages, q
    assert len({(q.kind, q.q) for q in queries}) == len(queries)


def test_the_answers_hold_by_the_records(demo: tuple[Snapshot, dict[str, object], list[qq.Query]]) -> None:
    snap, records, queries = demo
    public = {r.id: r for r in snap.records}
    for q in queries:
        if q.kind == "full name":
            (page,) = q.expect
            assert snap.enterprises[page.split("/")[1]].name == q.q
        elif q.kind in ("full name, traditional", "part of a name, traditional"):
            assert q.q != q.note and tk.normalize(q.q) == tk.normalize(q.note)  # the fold undoes it
        elif q.kind == "record id":
            assert q.expect == {qq.subject_page(public[q.q].subject)}
        elif q.kind == "person id":
            assert q.expect == {f"persons/{q.q}/"} and q.q in snap.persons
        elif q.kind in ("document number", "document number, other form"):
            doc = q.note or q.q
            assert {qq.subject_page(r.subject) for r in public.values() if r.decision.document == doc} == q.expect
            assert tk.lookup_key(q.q) == tk.document_key(doc)
        elif q.kind == "hidden record id":
            assert q.q in records and q.q not in public
        elif q.kind == "hidden document number":
            assert not any(r.decision.document == q.q for r in public.values())
        elif q.kind == "code piece":
            (page,) = q.expect
            assert q.q in page and 6 <= len(q.q) <= 10 and sum(q.q in u for u in snap.enterprises) == 1
        elif q.kind == "project":
            assert {qq.ent_page(u) for u, e in snap.enterprises.items() if any(p.name == q.q for p in e.projects)} == q.expect
        elif q.kind == "manager name":
            assert q.expect == {f"persons/{pid}/" for pid, p in snap.persons.items() if p.name == q.q}


def test_the_hand_checked_examples() -> None:
    """By hand: 金建责改字〔2026〕第3号 written the other way; a brand without the region and 示例."""
    assert qq.other_form("金建责改字〔2026〕第3号") == "金建责改字(2026)3号"
    assert qq.brand("郑州恒信示例物业服务有限公司", ["郑州市", "金水区"]) == "恒信"
    assert qq.brand("开封禹王台繁塔示例物业服务有限公司", ["开封市", "禹王台区"]) == "禹王台繁塔"
    assert qq.to_traditional("郑州恒信") == "鄭州恆信"
