"""The records of a base made from the head's loaded records: ``credit diff`` reads the working tree once.

A pull request changes a few files of a province's hundred thousand. Instead of checking the base out and
loading it again, the base is the head's :class:`RecordSet` with the files that differ put back as they are at
the base: the head's parsed documents are shared, and only the changed files are read (from git) and parsed.

Which files differ is decided by their bytes, not by git's index: the loader gives the git blob id of every
file it read (:attr:`RecordSet.blobs`), and :func:`changes` compares them with ``git ls-tree`` of the base. So
staged, unstaged, untracked and ignored files count alike, and an unchanged file is one whose bytes are the
base's — the very bytes a checkout of the base would give the loader, parsed the same (the parse depends on
the bytes, the kind of file and its name only; the parse cache rests on the same fact).

The base is then exactly what :func:`~generator.records.load.load_records` would make of a checkout of it:

* the same walk: only files the walk would take as they are (well-formed names in the known folders) may
  differ; anything else that differs — a top-level file, an ``evaluation.yaml``, a file the walk would refuse
  or not read — and the fast path is not taken (:class:`NotFast` says why; the caller checks the base out);
* the same dictionaries in the walk's order (folders, then file names), the same ``unreadable`` set;
* the same problems: the head's loader problems of the files that did not change (a valid head's are
  warnings about the file alone), and the changed files' own, made precise with the base's files
  (:func:`~generator.records.hints.refine`) as the loader does.

Validation and computation then run on it in full, as on any record set.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator import heap
from generator.records import models as m
from generator.records.files import ROOT_ALLOWED, ROOT_DIRS, ROOT_FILES, Loader, Task
from generator.records.gitref import Listing, read_blobs, write_files
from generator.records.hints import refine
from generator.records.load import check_record_file, uscc_problem
from generator.records.problems import Problem, display_path
from generator.records.recordset import Doc, EvaluationSet, RecordSet
from generator.records.sheets import sheet_kind

FAST_MAX_SHARE = 0.05
FAST_MAX_FILES = 200
"""Above this share of the files changed, and this many, the base is checked out and loaded in full. The overlay
is exact at any size; the limit keeps wholesale rewrites (a migration, a new rulebook) on the path that needs no
argument, where the overlay would save little."""

_USCC = re.compile(m.USCC_RE)
_PERSON = re.compile(m.PERSON_RE)
_RECORD = re.compile(m.RECORD_RE)
_YEAR = re.compile(r"^[0-9]{4}$")
_AUTH = re.compile(m.AUTHORITY_RE)


class NotFast(Exception):
    """The base cannot be made from the head (the message says why, for the log); check it out instead."""


@dataclass(frozen=True)
class Slot:
    """Where a record file's document goes in a :class:`RecordSet`."""

    kind: str  # enterprise | person | record | sheet
    ident: str  # the file name without .yaml
    folder: str = ""  # record: the year folder; sheet: "<year>/<authority>"
    match: re.Match[str] | None = None  # record: the id pattern's match


def _uscc(stem: str) -> bool:
    return uscc_problem(stem) is None


def slot(rel: str) -> Slot | None:
    """The slot of a file the loader's walk takes as it is (a well-formed name in a known folder), or None."""
    parts = rel.split("/")
    name = parts[-1]
    if not name.endswith(".yaml"):
        return None
    stem = name[:-5]
    if len(parts) == 2 and parts[0] == "enterprises" and _uscc(stem):
        return Slot("enterprise", stem)
    if len(parts) == 2 and parts[0] == "persons" and _PERSON.fullmatch(stem):
        return Slot("person", stem)
    if len(parts) == 3 and parts[0] == "credit" and _YEAR.fullmatch(parts[1]):
        mt = _RECORD.fullmatch(stem)
        return Slot("record", stem, parts[1], mt) if mt else None
    if (len(parts) == 4 and parts[0] == "evaluations" and _YEAR.fullmatch(parts[1]) and _AUTH.fullmatch(parts[2])
            and name != "evaluation.yaml" and _uscc(stem)):
        return Slot("sheet", stem, f"{parts[1]}/{parts[2]}")
    return None


def _ignored(rel: str) -> bool:
    """A file the loader never reads and never refuses: git's own at the top, a top-level file whose name does
    not look like YAML (README.md), the fake-data marker."""
    parts = rel.split("/")
    if parts[0] in ROOT_ALLOWED:
        return True
    name = parts[0]
    low = name.lower()
    return len(parts) == 1 and not name.startswith(".") and ".yaml" not in low and ".yml" not in low


def _structural(rel: str) -> bool:
    """A file read on its own before the walk: platform, regions, authorities, calendar, evaluation.yaml."""
    parts = rel.split("/")
    return (len(parts) == 1 and parts[0] in ROOT_FILES) or (
        len(parts) == 4 and parts[0] == "evaluations" and parts[3] == "evaluation.yaml")


def changes(head: RecordSet, base: Listing) -> dict[str, str | None]:
    """The record files whose bytes differ between the head and the base: path below the records folder → the
    base's blob id (None: the base has no such file). Raises :class:`NotFast` when the base cannot be made
    from the head."""
    if head.blobs is None:
        raise NotFast("the head was loaded without blob ids")
    found: dict[str, str | None] = {}
    for rel, oid in base.blobs.items():
        if _ignored(rel):
            continue
        if rel.split("/")[-1] == ".gitkeep":  # keeps a folder: the same only where the head has it too
            if rel.split("/")[0] not in ROOT_DIRS or not os.path.lexists(head.root / rel):
                raise NotFast(f"{rel}: a folder kept by .gitkeep only in the base")
            continue
        if head.blobs.get(rel) == oid:
            continue
        if _structural(rel):
            raise NotFast(f"{rel} differs")
        if slot(rel) is None:
            raise NotFast(f"{rel}: not a file the loader takes as it is")
        found[rel] = oid
    for rel in head.blobs.keys() - base.blobs.keys():
        if _structural(rel) or slot(rel) is None:
            raise NotFast(f"{rel} is new")
        found[rel] = None
    total = max(len(base.blobs), len(head.blobs), 1)
    if len(found) > max(FAST_MAX_SHARE * total, FAST_MAX_FILES):
        raise NotFast(f"{len(found)} of {total} files differ (more than {FAST_MAX_SHARE:.0%})")
    return found


@dataclass
class Base:
    """The base's records as the loader would give them, and its problems (the loader's)."""

    record_set: RecordSet
    problems: list[Problem]


def _by_walk(docs: Mapping[str, Doc[Any]], key: Callable[[str, Doc[Any]], Any]) -> dict[str, Doc[Any]]:
    return dict(sorted(docs.items(), key=lambda kv: key(kv[0], kv[1])))


def _name(ident: str, _doc: Doc[Any]) -> str:
    return ident + ".yaml"


def _record_place(ident: str, doc: Doc[Any]) -> tuple[str, str]:
    """A record's place in the walk: (year folder, file name); the folder is the one its display names."""
    return doc.src.display.rsplit("/", 2)[-2], ident + ".yaml"


@heap.paused()
def overlay(head: RecordSet, head_problems: list[Problem], base: Listing, found: dict[str, str | None],
            where: Path, cache_dir: Path | None) -> Base:
    """The base: ``head`` with the files in ``found`` (from :func:`changes`) as they are at ``base``. The base's
    versions are written below ``where`` (their lines are read from there when a problem needs one) and parsed
    through the parse cache; they are shown under the head's folder name, as the head's files are."""
    prefix = display_path(head.root)
    rels = sorted(found)
    present = [r for r in rels if found[r] is not None]
    write_files(where, zip(present, read_blobs(base.top, [found[r] or "" for r in present]), strict=True))
    slots = {rel: slot(rel) for rel in rels}
    model = {"enterprise": "enterprise", "person": "person", "record": "credit-record",
             "sheet": sheet_kind(head.rulebook)}
    ld = Loader(where, cache_dir)
    tasks = {}
    for rel in present:
        s = slots[rel]
        assert s is not None
        tasks[rel] = Task(os.path.join(str(where), rel), f"{prefix}/{rel}", model[s.kind], s.ident)
    ld.parse_many(list(tasks.values()))

    enterprises, persons, records = dict(head.enterprises), dict(head.persons), dict(head.records)
    docs: dict[str, dict[str, Doc[Any]]] = {"enterprise": enterprises, "person": persons, "record": records}
    evaluations = dict(head.evaluations)
    unreadable = set(head.unreadable)

    def container(s: Slot) -> dict[str, Doc[Any]]:
        if s.kind != "sheet":
            return docs[s.kind]
        year, auth = s.folder.split("/")
        key = (int(year), auth)
        es = evaluations.get(key)
        if es is None:
            raise NotFast(f"{s.folder}: no such evaluation in the head")
        if es is head.evaluations[key]:  # copied before it changes
            es = evaluations[key] = EvaluationSet(es.year, es.authority, es.doc, dict(es.sheets))
        return es.sheets

    added: list[tuple[str, Slot, Doc[Any]]] = []
    for rel in rels:  # first the head's documents of the changed files: replaced in place, or gone
        s = slots[rel]
        assert s is not None
        box = container(s)
        t = tasks.get(rel)
        doc = t.result if t is not None else None
        if s.kind in ("enterprise", "person"):
            unreadable.discard(s.ident)
            if t is not None and doc is None:  # the base's file does not load
                unreadable.add(s.ident)
        if doc is not None and s.kind == "record":
            assert t is not None and s.match is not None
            check_record_file(ld, t.display, doc, s.match, s.folder)
        old = box.get(s.ident)
        if old is not None and old.src.display == f"{prefix}/{rel}":  # this very file's, in the head
            if doc is None:
                del box[s.ident]
            else:
                box[s.ident] = doc  # keeps its place in the walk's order
        elif doc is not None:
            added.append((rel, s, doc))
    resort: dict[int, tuple[Slot, dict[str, Doc[Any]]]] = {}
    for rel, s, doc in added:  # then the base's files the head does not have, in the walk's order
        box = container(s)
        if s.ident in box:  # the same record id in two year folders: the walk's order would decide
            raise NotFast(f"{rel}: {s.ident} is in another folder too")
        box[s.ident] = doc
        resort[id(box)] = (s, box)
    for s, box in resort.values():
        placed = _by_walk(box, _record_place if s.kind == "record" else _name)
        box.clear()
        box.update(placed)

    if any(p.fix for p in head_problems):
        raise NotFast("the head's problems wait for hints")  # never for a valid head: a fix is an error's
    shown = {f"{prefix}/{rel}" for rel in rels}  # their problems are the base's now
    problems = [p for p in head_problems if p.path not in shown]
    problems += refine(ld.problems, head.rulebook, enterprises, persons)
    rs = replace(head, root=where, enterprises=enterprises, persons=persons, records=records,
                 evaluations=evaluations, unreadable=frozenset(unreadable), blobs=None,
                 top_digest=b"")  # never carried: the base is made, not read
    return Base(rs, problems)
