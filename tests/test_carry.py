"""Issue 17, step 4: a night that takes over what an earlier night computed (generator/day/carry.py) must compute
exactly what a fresh night does. A status carried past the day it changes would keep expired, withdrawn or
repaired information online; a rating carried past a change of its documents would publish a wrong level."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_helpers import E1, RULES, bad, d, good
from support import synth_tree, write_yaml
from test_properties import AS_OF, bad_records, good_records

from generator.day import carry_store, open_day
from generator.day.carry import Carry, salt_of, window
from generator.day.carry_store import carry_file, read_carry, write_carry
from generator.day.disclosure import status
from generator.day.snapshot import Computed, compute
from generator.day.validate import validate
from generator.records.problems import RecordsInvalid
from generator.records.recordset import RecordSet
from generator.rules.calendar import UnknownYear

REPO = Path(__file__).resolve().parents[1]
ONE = dt.timedelta(days=1)


# ---- the days a status holds for ------------------------------------------------------------------------


def test_the_window_of_a_record_worked_out_by_hand() -> None:
    # bad() is effective 2026-03-02, notified 03-03, entered 03-05, public for 12 months: its last public day is
    # 2027-03-02 (第十一条, months by the Civil Code: the same day of the month), so it expires on 2027-03-03.
    # Its dates and the days after them: 03-02, 03-03, 03-04, 03-05, 03-06, and the expiry 2027-03-03.
    rec = bad()
    assert window(rec, RULES, d("2026-06-01")) == (d("2026-03-06"), d("2027-03-03"))
    assert window(rec, RULES, d("2027-03-02")) == (d("2026-03-06"), d("2027-03-03"))  # its last public day
    assert window(rec, RULES, d("2027-03-03")) == (d("2027-03-03"), dt.date.max)  # expired for good
    assert window(rec, RULES, d("2026-03-04")) == (d("2026-03-04"), d("2026-03-05"))  # not entered yet
    assert window(rec, RULES, d("2026-01-01")) == (dt.date.min, d("2026-03-02"))
    # extended by 6 months on 2026-09-01 (第十一条): until then the record expires on 2027-03-03 as before, but
    # the window ends on the day of the decision; from then on its last public day is 2027-09-02
    ext = bad(extensions=[{"decided": "2026-09-01", "months": 6, "reason": "整改不到位"}])
    assert window(ext, RULES, d("2026-06-01")) == (d("2026-03-06"), d("2026-09-01"))
    assert window(ext, RULES, d("2026-10-01")) == (d("2026-09-02"), d("2027-09-03"))
    # an objection filed 2026-04-10 and resolved 2026-04-20 (第十七条): both days and the days after them
    obj = bad(objections=[{"filed": "2026-04-10", "resolved": "2026-04-20", "outcome": "upheld"}])
    assert window(obj, RULES, d("2026-04-15")) == (d("2026-04-11"), d("2026-04-20"))
    assert window(obj, RULES, d("2026-05-01")) == (d("2026-04-21"), d("2027-03-03"))
    # good information: three years by default (第十一条), 2026-03-02 → last public day 2029-03-02
    assert window(good(), RULES, d("2027-01-01")) == (d("2026-03-06"), d("2029-03-03"))


@settings(max_examples=150, deadline=None)
@given(rec=st.one_of(bad_records(E1), good_records(E1)), day=AS_OF)
def test_a_status_holds_on_every_day_of_its_window(rec: object, day: dt.date) -> None:
    from generator.records import models as m

    assert isinstance(rec, m.CreditRecord)
    first, until = window(rec, RULES, day)
    assert first <= day < until
    want = status(rec, RULES, day)
    lo, hi = max(first, day - 1200 * ONE), min(until, day + 1200 * ONE)
    probe = lo
    while probe < hi:
        assert status(rec, RULES, probe) == want, (probe, first, until)
        probe += ONE


# ---- nights carried one after another -------------------------------------------------------------------


def _same(a: Computed, b: Computed) -> None:
    assert a.snapshot == b.snapshot
    assert a.statuses == b.statuses
    assert a.ratings == b.ratings
    assert a.grades == b.grades


def _nights(rs: RecordSet, place: Path, days: list[dt.date]) -> tuple[int, int]:
    """Compute each day as a nightly does (the earlier night's carry read back from its file, this night's
    written) and compare it with a fresh computation; returns how many statuses and ratings the last night
    took over."""
    taken = (0, 0)
    for day in days:
        earlier = read_carry(place, salt_of(rs))
        carried = compute(rs, day, earlier=earlier, carry=True)
        assert carried.carry is not None
        if earlier is not None:
            taken = (sum(1 for rid, h in carried.carry.records.items() if earlier.records.get(rid) is h),
                     sum(1 for k, r in carried.carry.ratings.items() if earlier.ratings.get(k) is r))
        write_carry(place, carried.carry)
        _same(carried, compute(rs, day))
    return taken


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_tree(tmp_path_factory.mktemp("carry"), 20, 300, 23)


@pytest.mark.parametrize("which", ["henan", "hulunbuir"])
def test_every_night_of_months_equals_a_fresh_one(which: str, tree: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Seven months of nights on a random henan tree; on the hulunbuir example (grades, no credit records: nothing
    of it is carried) the months its grades are published and their notice ends."""
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CREDIT_CARRY", "on")
    records, first, last = ((tree, d("2026-09-01"), d("2027-03-31")) if which == "henan" else
                            (REPO / "examples" / "hulunbuir" / "records", d("2026-01-01"), d("2026-03-31")))
    rs, _ = validate(records, first)
    assert rs is not None
    place = carry_file(records)
    assert place is not None and tmp_path / "cache" in place.parents
    days = [first + k * ONE for k in range((last - first).days + 1)]
    # the premise: what is public changes in this range
    ends = [compute(rs, day).snapshot for day in (first, last)]
    assert ({r.id for r in ends[0].records} != {r.id for r in ends[1].records} if which == "henan"
            else len(ends[0].grades) < len(ends[1].grades))
    statuses, ratings = _nights(rs, place, days)
    if which == "henan":  # the last night took most of its statuses over, and every rating
        assert statuses > len(rs.records) // 2
        assert ratings == len(compute(rs, last).ratings) > 0


def test_a_night_after_edits_equals_a_fresh_one(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between two nights a pull request edits a record, an enterprise and an evaluation, and deletes a record:
    what they changed is computed afresh, through the one door, as on a deployment."""
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CREDIT_CARRY", "on")
    records = tmp_path / "records"
    shutil.copytree(tree, records)
    night = d("2026-12-01")
    day = open_day(records, night, carry=True)
    place = carry_file(records)
    assert place is not None and day.record_set is not None
    salt = salt_of(day.record_set)
    assert read_carry(place, salt) is not None
    public = sorted(r.id for r in day.snapshot.records)
    rated = sorted({r.uscc for r in day.computed.ratings})
    assert len(public) >= 3 and rated

    def path_of(rid: str) -> Path:
        return next(records.glob(f"credit/*/{rid}.yaml"))

    # a public record withdrawn the next day (its digest changes; its window alone would still hold)
    withdrawn = path_of(public[0])
    withdrawn.write_text(withdrawn.read_text(encoding="utf-8")
                         + "withdrawn:\n  date: 2026-12-02\n  reason: 决定已撤销\n", encoding="utf-8")
    path_of(public[1]).unlink()  # a record deleted
    # a rated enterprise's file edited (a comment: the same model, other bytes)
    ent = records / "enterprises" / f"{rated[0]}.yaml"
    ent.write_text(ent.read_text(encoding="utf-8") + "# 复核\n", encoding="utf-8")
    # a record a rating deducts for (第十四条) now counts three times: that rating falls, the others stay
    counted = next(ln.record for r in day.computed.ratings for c in r.categories for ln in c.lines
                   if ln.kind == "record" and ln.points < 0 and ln.record not in public[:2])
    doc = yaml.safe_load(path_of(counted).read_text(encoding="utf-8"))
    doc["count"] = doc.get("count", 1) + 2
    write_yaml(path_of(counted), doc)
    lowered = {(r.year, r.authority, r.uscc) for r in day.computed.ratings
               if any(ln.record == counted for c in r.categories for ln in c.lines)}
    for night2 in (night + ONE, night + 2 * ONE):
        carried = open_day(records, night2, carry=True)
        fresh = open_day(records, night2)
        _same(carried.computed, fresh.computed)
        assert public[0] not in {r.id for r in carried.snapshot.records}
        assert public[1] not in carried.computed.statuses
        changed = {(r.year, r.authority, r.uscc) for r, b in zip(carried.computed.ratings, day.computed.ratings,
                                                                    strict=True) if r != b}
        assert lowered <= changed
    # an evaluation edited: a new salt, so nothing is taken over (every rating is made again) — and still equal
    ev = next(records.glob("evaluations/*/*/evaluation.yaml"))
    ev.write_text(ev.read_text(encoding="utf-8") + "# 更正\n", encoding="utf-8")
    carried = open_day(records, night + 3 * ONE, carry=True)
    _same(carried.computed, open_day(records, night + 3 * ONE).computed)
    assert carried.record_set is not None and salt_of(carried.record_set) != salt
    assert read_carry(place, salt) is None  # both parts written again, under the new salt
    assert read_carry(place, salt_of(carried.record_set)) is not None


def test_a_rating_is_made_again_when_its_enterprise_or_a_record_id_changes(tree: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """What a rating is made from besides its records' bytes: the enterprise (its communities, 附件4 五) and the
    records' ids (each line names its record)."""
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CREDIT_CARRY", "on")
    records = tmp_path / "records"
    shutil.copytree(tree, records)
    night = d("2026-12-01")
    first = open_day(records, night)
    assert first.record_set is not None
    # an enterprise rated by its county, with a sheet: every 智慧小区 item fully met in one community. With at most
    # two communities each scores 6 (36 in all), with more than two 4 (24): 附件4 五 (the henan rulebook's
    # community table, small_max 2)
    rs = first.record_set

    def communities(uscc: str, cutoff: dt.date) -> int:
        return sum(1 for p in rs.enterprises[uscc].model.projects if p.active_on(cutoff))

    rating = next(r for r in first.computed.ratings if not r.authority.endswith("00")
                  and r.uscc in rs.evaluations[(r.year, r.authority)].sheets and 1 <= communities(r.uscc, r.cutoff) <= 2)
    sheet = records / "evaluations" / str(rating.year) / rating.authority / f"{rating.uscc}.yaml"
    doc = yaml.safe_load(sheet.read_text(encoding="utf-8"))
    doc["smart"] = {f"5.{i}": {"full": 1, "partial": 0} for i in range(1, 7)}
    write_yaml(sheet, doc)
    ent = records / "enterprises" / f"{rating.uscc}.yaml"
    edoc = yaml.safe_load(ent.read_text(encoding="utf-8"))
    # a record a rating of another enterprise counts, to be renumbered: the last of its enterprise's by id, so that
    # the enterprise's records keep their order and only an id tells the rating that changed
    last = {rs.records[rid].model.subject: rid for rid in sorted(rs.records)}
    renumbered = next(ln.record for r in first.computed.ratings if r.uscc != rating.uscc for c in r.categories
                      for ln in c.lines if ln.kind == "record" and ln.record == last[r.uscc])

    def smart(day: Any) -> Decimal | None:
        got = next(r for r in day.computed.ratings if (r.year, r.authority, r.uscc) ==
                   (rating.year, rating.authority, rating.uscc))
        cat = got.category("smart")
        return cat.score if cat is not None else None

    before = open_day(records, night, carry=True)  # the carry now holds the rating of one community
    assert smart(before) == Decimal(36)
    edoc["projects"] += [{"id": f"more-{k}", "name": f"新小区{k}", "region": rating.authority, "address": "某路2号",
                          "since": dt.date(2020, 1, 1)} for k in range(2)]
    write_yaml(ent, edoc)
    old = next(records.glob(f"credit/*/{renumbered}.yaml"))
    new_id = renumbered.rsplit("-", 1)[0] + "-9999"
    old.rename(old.with_name(f"{new_id}.yaml"))
    carried = open_day(records, night + ONE, carry=True)
    fresh = open_day(records, night + ONE)
    _same(carried.computed, fresh.computed)
    assert smart(fresh) == Decimal(24)  # three communities
    lines = {ln.record for r in fresh.computed.ratings for c in r.categories for ln in c.lines}
    assert new_id in lines and renumbered not in lines


def test_the_carry_is_kept_only_where_asked_and_a_cache_may_be(tree: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CREDIT_CARRY", raising=False)
    day = open_day(tree, d("2026-12-01"), carry=True)  # off by default (bench/README.md "Step 4"): nothing carried
    assert carry_file(tree) is None and not (tmp_path / "cache" / "carried").exists()
    assert day.record_set is not None and not any(doc.digest for doc in day.record_set.records.values())  # no 32
    monkeypatch.setenv("CREDIT_CARRY", "on")  # bytes a document kept for nothing
    rs, _ = validate(tree, d("2026-12-01"))
    assert rs is not None and {len(doc.digest) for doc in [*rs.records.values(), *rs.enterprises.values()]} == {32}
    open_day(tree, d("2026-12-01"))  # a command that does not keep an output: nothing carried
    assert not (tmp_path / "cache" / "carried").exists()
    open_day(tree, d("2026-12-01"), carry=True)
    assert sorted(p.name.split(".")[-1] for p in (tmp_path / "cache" / "carried").iterdir()) == ["ratings", "records"]
    monkeypatch.setenv("CREDIT_CACHE", "off")
    assert carry_file(tree) is None
    monkeypatch.setenv("CREDIT_CACHE", "on")
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tree / "cache"))  # inside the records: a pull request could bring it
    assert carry_file(tree) is None


class _Planted:
    """Unpickling this runs code: it must never happen to a file this user's secret did not sign."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(_PLANTED),))


_PLANTED = Path("/nonexistent")


def test_a_planted_carry_is_never_unpickled(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    global _PLANTED
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CREDIT_CARRY", "on")
    _PLANTED = tmp_path / "ran"
    rs, _ = validate(tree, d("2026-12-01"))
    assert rs is not None
    salt = salt_of(rs)
    place = carry_file(tree)
    assert place is not None
    place.parent.mkdir(parents=True)
    body = salt + pickle.dumps({"x": _Planted()})
    for part in ("records", "ratings"):  # signed with another secret, or not at all
        place.with_name(f"{place.name}.{part}").write_bytes(b"\0" * 32 + body)
    assert read_carry(place, salt) is None
    assert not _PLANTED.exists()
    day = open_day(tree, d("2026-12-01"), carry=True)
    assert not _PLANTED.exists()
    _same(day.computed, open_day(tree, d("2026-12-01")).computed)
    # signed with this user's secret but under another salt (older code, other files): not even unpickled
    for part in ("records", "ratings"):
        carry_store._write(place.with_name(f"{place.name}.{part}"), bytes(32), {"x": _Planted()})
    assert read_carry(place, salt) is None
    assert not _PLANTED.exists()
    # the same under this salt would be unpickled: the check above is what kept it out
    carry_store._write(place.with_name(f"{place.name}.records"), salt, {"x": _Planted()})
    read_carry(place, salt)
    assert _PLANTED.exists()
    # a link in the carry's place is not followed, even to a part this user signed under this salt
    open_day(tree, d("2026-12-02"), carry=True)
    assert read_carry(place, salt) is not None
    for part in ("records", "ratings"):
        target = place.with_name(f"{place.name}.{part}")
        elsewhere = tmp_path / f"elsewhere.{part}"
        os.replace(target, elsewhere)
        os.symlink(elsewhere, target)
    assert read_carry(place, salt) is None
    # a part too large to be a carry is not read (a sparse file: nothing is written to disk)
    for part in ("records", "ratings"):
        target = place.with_name(f"{place.name}.{part}")
        target.unlink()
        with open(target, "wb") as fh:
            fh.truncate(carry_store.MAX_BYTES + 1)
    assert read_carry(place, salt) is None


def test_a_carry_of_other_code_or_files_is_not_taken_over(tree: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CREDIT_CARRY", "on")
    rs, _ = validate(tree, d("2026-12-01"))
    assert rs is not None
    first = compute(rs, d("2026-12-01"), carry=True)
    assert first.carry is not None and first.carry.records
    stale = Carry(b"another salt", first.carry.records, first.carry.ratings)
    again = compute(rs, d("2026-12-01"), earlier=stale, carry=True)
    assert again.carry is not None and again.carry.records_changed and again.carry.ratings_changed
    assert not any(again.carry.records[k] is v for k, v in stale.records.items())


# ---- random edits between nights, forwards and backwards (a differential test) ----------------------------


def _edits(root: Path, orig: Path, rng: random.Random) -> list[Callable[[], object]]:
    """Edits a pull request may make between two nights, each one random instance of its kind."""

    def day_after(start: dt.date, days: int) -> dt.date:
        return start + dt.timedelta(days=rng.randrange(days + 1))

    def load(p: Path) -> dict[str, Any]:
        return dict(yaml.safe_load(p.read_text(encoding="utf-8")))

    def a_record() -> Path | None:
        found = sorted(root.glob("credit/*/*.yaml"))
        return rng.choice(found) if found else None

    def on_record(change: Callable[[Path, dict[str, Any]], object]) -> Callable[[], object]:
        def edit() -> None:
            p = a_record()
            if p is not None:
                doc = load(p)
                if change(p, doc) is not False:
                    write_yaml(p, doc)
        return edit

    def withdraw(_p: Path, doc: dict[str, Any]) -> None:
        doc["withdrawn"] = {"date": day_after(doc["entered"], 900), "reason": "决定已撤销"}

    def repair(_p: Path, doc: dict[str, Any]) -> bool | None:
        if doc["kind"] != "bad":
            return False
        applied = day_after(doc["entered"], 600)
        doc["repair"] = {"applied": applied, "decided": applied + dt.timedelta(days=rng.randrange(1, 60)),
                         "outcome": rng.choice(["approved", "rejected"])}
        return None

    def objection(_p: Path, doc: dict[str, Any]) -> None:
        filed = day_after(doc["entered"], 400)
        ob: dict[str, Any] = {"filed": filed, "suspend": rng.random() < 0.5}
        if rng.random() < 0.7:
            ob["resolved"] = filed + dt.timedelta(days=rng.randrange(1, 40))
            ob["outcome"] = rng.choice(["upheld", "corrected", "revoked"])
        doc["objections"] = [*doc.get("objections", []), ob]

    def extension(_p: Path, doc: dict[str, Any]) -> None:
        doc["extensions"] = [*doc.get("extensions", []),
                             {"decided": day_after(doc["entered"], 700), "months": rng.randrange(1, 13), "reason": "延长"}]

    def to_person(_p: Path, doc: dict[str, Any]) -> None:
        doc["subject"] = rng.choice(sorted(p.stem for p in root.glob("persons/*.yaml")))
        doc.pop("project", None)

    def swap() -> None:  # two records of one recorder exchange their contents (the ids stay)
        p = a_record()
        if p is None:
            return
        others = [q for q in p.parent.glob(p.name.rsplit("-", 1)[0] + "-*.yaml") if q != p]
        if others:
            q = rng.choice(others)
            a, b = p.read_bytes(), q.read_bytes()
            p.write_bytes(b)
            q.write_bytes(a)

    def delete() -> None:
        p = a_record()
        if p is not None:
            p.unlink()

    def enterprise() -> None:  # moved, or a new project (more communities: the checklists score by them)
        e = rng.choice(sorted(root.glob("enterprises/*.yaml")))
        doc = load(e)
        counties = sorted(r for r in load(root / "regions.yaml") if len(r) == 6 and not r.endswith("00"))
        if rng.random() < 0.5:
            doc["registered_region"] = rng.choice(counties)
        else:
            doc.setdefault("projects", []).append({
                "id": f"p{rng.randrange(10**6)}", "name": "新项目", "region": rng.choice(counties),
                "address": "某路1号", "since": day_after(dt.date(2022, 1, 1), 1600)})
        write_yaml(e, doc)

    def sheet() -> None:  # an evaluation sheet taken away, or all of them put back
        sheets = [s for s in root.glob("evaluations/*/*/*.yaml") if s.name != "evaluation.yaml"]
        if sheets and rng.random() < 0.6:
            rng.choice(sheets).unlink()
        else:
            for s in orig.glob("evaluations/*/*/*.yaml"):
                if s.name != "evaluation.yaml":
                    shutil.copyfile(s, root / s.relative_to(orig))

    return [on_record(withdraw), on_record(repair), on_record(objection), on_record(extension),
            on_record(to_person), swap, delete, enterprise, sheet]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_and_days_forwards_and_backwards_equal_fresh(seed: int, tree: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Night after night a random edit, then a random day — the next few days, up to two months back, or any day
    of 2023–2027 — through the door with the carry and without it (after tools of a hostile review, 12-02)."""
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CREDIT_CARRY", "on")
    rng = random.Random(seed)
    root, orig = tmp_path / "records", tmp_path / "orig"
    shutil.copytree(tree, root)
    shutil.copytree(tree, orig)
    edits = _edits(root, orig, rng)
    day, compared = d("2026-06-01"), 0
    for _night in range(30):
        backup = tmp_path / "backup"
        shutil.rmtree(backup, ignore_errors=True)
        shutil.copytree(root, backup)
        if rng.random() < 0.75:
            rng.choice(edits)()
        step = rng.random()
        day = (day + rng.randrange(1, 4) * ONE if step < 0.5 else day - rng.randrange(1, 60) * ONE if step < 0.7
               else d("2023-06-01") + rng.randrange(1675) * ONE)
        try:
            carried = open_day(root, day, carry=True)
        except (RecordsInvalid, UnknownYear):  # an edit the records refuse: undone, as a reviewer would
            shutil.rmtree(root)
            shutil.copytree(backup, root)
            continue
        _same(carried.computed, open_day(root, day).computed)
        compared += 1
    assert compared >= 20
