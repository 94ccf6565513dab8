"""The nightly fail-safe: when a publish fails, information still leaves the site on its day (DESIGN §9).

When the nightly build of the current records fails (an invalid record, a bug, anything), the site would keep
yesterday's deployment, and with it every record whose last public day has passed. The publish workflow then
rebuilds the **last good state as of today**: the records of the newest data release's commit (they built and
passed the checks then), built with today's date — expiries apply by date alone.

What happened since that commit is not lost either: everything the rebuild would publish is looked up in the
current records (``--withhold-unless-public-in``), file by file, needing nothing else to be valid:

* a credit record is withheld when its current file cannot be read or parsed on its own, when it has more
  than one file, or when it is not public today by its own dates (repaired, withdrawn, revoked, suspended,
  expired, no longer refusing correction …);
* a rating or grade is withheld when its evaluation's ``evaluation.yaml`` or the enterprise's sheet is gone,
  unreadable or different now (a black-list repair, a red-list removal, a retracted evaluation).

A credit record whose file is gone is *not* withheld: deleting a file is not how information leaves the site
(CONTRIBUTING: add ``repair``, ``withdrawn`` …), and a mass deletion is what ``credit guard`` stops; the fail-safe
must not publish what the guard refused. Withholding only ever removes from publication; ratings are computed
as before, so the fail-safe publishes nothing that the records, old or new, would not.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path

from generator.day.disclosure import status
from generator.day.snapshot import Withheld
from generator.records.files import parse_bytes, read_record
from generator.records.models import CreditRecord
from generator.records.recordset import RecordSet


def _credit_files(current: Path) -> dict[str, list[Path]]:
    """Credit record files of the current records, by id (``credit/<year>/<id>.yaml``), without following
    any symbolic link."""
    out: dict[str, list[Path]] = defaultdict(list)
    credit = current / "credit"
    if not credit.is_dir() or credit.is_symlink():
        return out
    for year in sorted(os.scandir(credit), key=lambda e: e.name):
        if not year.is_dir(follow_symlinks=False):
            continue
        for entry in sorted(os.scandir(year.path), key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                out[entry.name[: -len(".yaml")]].append(Path(entry.path))
    return out


def _record_public(path: Path, rs: RecordSet, as_of: dt.date) -> bool:
    rules = rs.rulebook.disclosure
    data = read_record(path, "credit-record")  # a symlink, FIFO or oversized file is refused unread
    if rules is None or isinstance(data, str):
        return False
    model, problems = parse_bytes(data, str(path), "credit-record")
    return (isinstance(model, CreditRecord) and not any(p.severity == "error" for p in problems)
            and status(model, rules, as_of).public)


def _same_file(current: Path, before: Path) -> bool:
    """The current file is a regular file with the same bytes as the one the rebuild reads."""
    try:
        data = read_record(current, "evaluation")
        return not isinstance(data, str) and data == before.read_bytes()
    except OSError:
        return False


def withheld(rs: RecordSet, root: Path, current: Path, as_of: dt.date) -> Withheld:
    """What of ``rs`` (loaded from ``root``) the current records at ``current`` do not show as public."""
    files = _credit_files(current)
    records = set()
    for rid in rs.records:
        found = files.get(rid, [])
        if len(found) > 1 or (found and not _record_public(found[0], rs, as_of)):
            records.add(rid)
    evaluations = set()
    sheets = set()
    for (year, authority), es in rs.evaluations.items():
        rel = Path("evaluations") / str(year) / authority
        if not _same_file(current / rel / "evaluation.yaml", root / rel / "evaluation.yaml"):
            evaluations.add((year, authority))
            continue
        for uscc in es.sheets:
            name = f"{uscc}.yaml"
            if not _same_file(current / rel / name, root / rel / name):
                sheets.add((year, authority, uscc))
    return Withheld(frozenset(records), frozenset(evaluations), frozenset(sheets))
