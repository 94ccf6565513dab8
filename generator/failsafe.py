"""The nightly fail-safe: when a publish fails, information still leaves the site on its day (DESIGN §9).

When the nightly build of the current records fails (an invalid record, a bug, anything), the site would keep
yesterday's deployment, and with it every record whose last public day has passed. The publish workflow then
rebuilds the **last good state as of today**: the commit of the newest data release (it built and passed
the checks then), checked out on its own and built with today's date — expiries apply by date alone.

What happened since that commit is not lost either: every credit record the rebuild would publish is looked
up in the current records (``--withhold-unless-public-in``), file by file, needing nothing else to be valid.
It is withheld when its file is gone, cannot be read or parsed on its own, or is not public today by its own
dates (repaired, withdrawn, revoked, suspended, expired, no longer refusing correction …). Withholding only
ever removes a record from publication; ratings are computed as before (a later change does not alter an
evaluation, 第十六条), so the fail-safe publishes nothing that the records, old or new, would not.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .disclosure import status
from .load import RecordSet, parse_bytes, read_record
from .models import CreditRecord


def _current_files(current: Path) -> dict[str, Path]:
    """Credit record files of the current records, by id (``credit/<year>/<id>.yaml``), without following
    any symbolic link."""
    out: dict[str, Path] = {}
    credit = current / "credit"
    if not credit.is_dir() or credit.is_symlink():
        return out
    for year in sorted(os.scandir(credit), key=lambda e: e.name):
        if not year.is_dir(follow_symlinks=False):
            continue
        for entry in sorted(os.scandir(year.path), key=lambda e: e.name):
            if entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False):
                out.setdefault(entry.name[: -len(".yaml")], Path(entry.path))
    return out


def withheld(rs: RecordSet, current: Path, as_of: dt.date) -> frozenset[str]:
    """Ids of the records in ``rs`` that the current records do not show as public on ``as_of``."""
    rules = rs.rulebook.disclosure
    if rules is None:
        return frozenset()
    files = _current_files(current)
    out = set()
    for rid in rs.records:
        path = files.get(rid)
        if path is None:
            out.add(rid)
            continue
        data = read_record(path, "credit-record")
        if isinstance(data, str):
            out.add(rid)
            continue
        model, problems = parse_bytes(data, str(path), "credit-record")
        if (not isinstance(model, CreditRecord) or any(p.severity == "error" for p in problems)
                or not status(model, rules, as_of).public):
            out.add(rid)
    return frozenset(out)
