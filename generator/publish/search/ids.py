"""Identifiers typed into search: credit record ids, person ids and decision document numbers (issue 14).

A query that is a whole identifier is looked up before anything else under its key
(:func:`generator.publish.search.tokenize.lookup_key`, mirrored by ``lookupKey`` in tokenize.js) in one small
file, ``x/<fnv1a32(key) % shards>.json``: ``{key: [entry, …]}``, where an entry is

* ``[document]`` for a person id: the person's search document;
* ``[document, record id, decision document]`` for a record id and for a document number: the search document
  of the record's subject (an enterprise or a person), whose page lists the record with the record id as its
  anchor (theme/templates/_macros.html ``records_table``).

Only :attr:`Snapshot.records <generator.day.snapshot.Snapshot.records>` are read — the records that are public
on the day, after every rule of DESIGN §5 and the build's fail-safe — so an id or a document number of a record
that is not public is nowhere in the index: typed in, it finds what any unknown text finds.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.day.snapshot import Snapshot
from generator.publish.search import tokenize as tk


def entries(snapshot: Snapshot, refs: dict[str, int]) -> dict[str, list[list[Any]]]:
    """Every lookup key → its entries, in a stable order. ``refs``: a subject's id → its search document."""
    out: dict[str, list[list[Any]]] = defaultdict(list)
    for pid in snapshot.persons:
        key = tk.lookup_key(pid)
        if key is not None and pid in refs:
            out[key].append([refs[pid]])
    for rec in snapshot.records:
        ref = refs.get(rec.subject)
        if ref is None:
            continue
        entry: list[Any] = [ref, rec.id, rec.decision.document]
        for key in {tk.lookup_key(rec.id), tk.document_key(rec.decision.document)}:
            if key is not None:
                out[key].append(entry)
    return {key: sorted(found) for key, found in out.items()}


def shards(keys: int, per_shard: int) -> int:
    """A power of two of files, about ``per_shard`` keys each."""
    n = 1
    while n * per_shard < keys:
        n *= 2
    return n


def files(table: dict[str, list[list[Any]]], count: int) -> dict[str, dict[str, list[list[Any]]]]:
    """``x/<n>.json`` → its part of ``table`` (every file written, empty ones too: the page never gets a 404)."""
    out: dict[str, dict[str, list[list[Any]]]] = {f"x/{i}.json": {} for i in range(count)}
    for key in sorted(table):
        out[f"x/{tk.fnv1a32(key) % count}.json"][key] = table[key]
    return out
