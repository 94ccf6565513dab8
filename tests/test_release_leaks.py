"""Night after night for a year, no release names a record that is not public that night (issue 12, DESIGN §7).

Hypothesis draws a random valid record tree (the strategy of test_leaks.py) and a year. The nightly cycle of
publish.yml is run on it: build (data only) as of each night, ``credit release`` against the data-releases
branch, then the branch keeps that night's release as first published (originals, as keep_release pushes it).
The nights are every day in the year on which some record changes state (entered, its last public day and
the day after, objections filed and resolved, repairs decided, withdrawals, extensions) and a few random
ones. Each night, every byte of every file under ``data/`` — every release, ``latest``, index, change lists,
SQLite files and zip members — is searched for the ids and summaries of the records not public that night.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import keep_release, write_yaml
from test_leaks import RULES, _blobs, _forms, record_sets, write_base

from generator.commands.build import build
from generator.day.disclosure import status
from generator.publish.data.releases import make_release
from generator.records import models as m

YEAR_START = (dt.date(2024, 3, 1), dt.date(2026, 1, 1))


def change_days(rec: dict[str, Any]) -> set[dt.date]:
    """The days on which a record's state may change (and the day before each, where it still holds)."""
    model = m.CreditRecord.model_validate(rec)
    days = {model.entered}
    st_ = status(model, RULES.disclosure, dt.date(2099, 12, 31))  # type: ignore[arg-type]
    days |= {st_.last_public_day, st_.last_public_day + dt.timedelta(days=1)}
    for ob in model.objections:
        days.add(ob.filed)
        if ob.resolved:
            days.add(ob.resolved)
    if model.repair and model.repair.decided:
        days.add(model.repair.decided)
    if model.withdrawn:
        days.add(model.withdrawn.date)
    days |= {e.decided for e in model.extensions}
    for e in model.extensions:  # each extension moves the last day: the days around every candidate end
        st_e = status(model, RULES.disclosure, e.decided - dt.timedelta(days=1))  # type: ignore[arg-type]
        days |= {st_e.last_public_day, st_e.last_public_day + dt.timedelta(days=1)}
    return days


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(record_sets(), st.data())
def test_no_release_ever_names_a_record_not_public_that_night(case: Any, data: st.DataObject) -> None:
    recs, _as_of = case
    start = data.draw(st.dates(*YEAR_START))
    end = start + dt.timedelta(days=365)
    nights = {d for rec in recs.values() for d in change_days(rec) if start <= d <= end}
    nights |= set(data.draw(st.lists(st.dates(start, end), min_size=2, max_size=4)))
    nights = set(sorted(nights)[:: max(1, len(nights) // 14)])  # at most ~14 nights: the test stays quick
    models = {rid: m.CreditRecord.model_validate(rec) for rid, rec in recs.items()}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "records"
        write_base(root)
        for rid, rec in recs.items():
            write_yaml(root / "credit" / rid.split("-")[1] / f"{rid}.yaml", rec)
        branch = Path(tmp) / "data-releases"
        branch.mkdir()
        for night in sorted(nights):
            site = Path(tmp) / f"site-{night}"
            build(root, site, night, pages=False)
            make_release(site, branch)
            hidden = {rid: recs[rid]["summary"] for rid, model in models.items()
                      if not status(model, RULES.disclosure, night).public}  # type: ignore[arg-type]
            needles = [(rid, rid.encode("ascii")) for rid in hidden]
            needles += [(rid, form) for rid, summary in hidden.items() for form in _forms(summary)]
            for rel, blob in _blobs(site / "data"):
                for rid, needle in needles:
                    assert needle not in blob, f"{night}: record {rid}, not public that night, is in data/{rel}"
            keep_release(site, branch)
            shutil.rmtree(site)


YEAR_HALVES = [
    # (first night, last night, records that must be seen going out of publication in those nights)
    pytest.param(dt.date(2026, 1, 1), dt.date(2026, 6, 30), {"410105-2026-0002"}, id="january-june"),  # repaired 06-05
    pytest.param(dt.date(2026, 7, 1), dt.date(2026, 12, 31), {"410105-2026-0004", "410103-2025-0001"},
                 id="july-december"),  # expire after 09-15 and 09-26
]


@pytest.mark.slow
@pytest.mark.parametrize(("first", "last", "goes"), YEAR_HALVES)
def test_every_night_of_a_year_on_the_mini_records(tmp_path: Path, first: dt.date, last: dt.date,
                                                   goes: set[str]) -> None:
    """The mini records (tests/conftest.py), every night from 2026-01-01 to 2026-12-31 — its records enter,
    are repaired (410105-2026-0002, 06-05), expire (410105-2026-0004 after 09-15, the C-class 410103-2025-0001
    after 09-26) and are objected to — released against the branch: no release ever holds a record not public
    that night. (The branch keeps the release of each month's first night, so that a night carries at most a
    dozen earlier releases: each carried release is rewritten every night, and 365 of them would make this
    test quadratic.)

    The year runs as two halves, so that a test run on two cores can run them side by side. The branch a
    night sees holds only the releases of the month-first nights before it, so the second half starts from a
    branch made by the month-first nights of the first (each of them checked as well): the same branch the
    nights of the whole year in one run would have made."""
    from conftest import MINI

    from generator.records.load import load_records

    root = tmp_path / "records"
    shutil.copytree(MINI, root)
    rs, _problems = load_records(root, None)
    assert rs is not None and rs.rulebook.disclosure is not None
    branch = tmp_path / "data-releases"
    branch.mkdir()
    earlier = [dt.date(2026, month, 1) for month in range(1, first.month)]
    nights = earlier + [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    was_public: set[str] = set()
    went: set[str] = set()  # public on a night of this half, then not public on a later one
    for night in nights:
        site = tmp_path / "site"
        build(root, site, night, pages=False)
        make_release(site, branch)
        hidden = {rid for rid, d in rs.records.items() if not status(d.model, rs.rulebook.disclosure, night).public}
        if night >= first:
            went |= hidden & was_public
            was_public |= set(rs.records) - hidden
        for rel, blob in _blobs(site / "data"):
            for rid in hidden:
                assert rid.encode() not in blob, f"{night}: {rid}, not public that night, is in data/{rel}"
        if night.day == 1:
            keep_release(site, branch)
    assert len(list(branch.glob("20*"))) == last.month  # the month-first nights of the year so far are kept
    assert goes <= went  # the test saw them go
