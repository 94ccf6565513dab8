"""The faster paths of issue 7 change no output byte: the parse cache, parsing in worker processes and
rendering pages in worker processes all give the same site as a plain single-process, uncached build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import uncached_build

from generator.commands.build import build

REPO = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 22)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_cache_and_workers_change_no_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # plain: no cache, one process for parsing and for pages
    monkeypatch.setenv("CREDIT_CACHE", "off")
    monkeypatch.setenv("CREDIT_WORKERS", "1")
    build(REPO / "records", tmp_path / "plain", AS_OF)
    plain = _files(tmp_path / "plain")

    # fast: a fresh cache filled by worker processes, pages rendered by two workers even for the demo, the open
    # data and the search index written by processes of their own at the same time
    monkeypatch.setenv("CREDIT_CACHE", "on")
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CREDIT_WORKERS", "2")
    monkeypatch.setenv("CREDIT_POOL_MIN_FILES", "1")
    monkeypatch.setenv("CREDIT_PARALLEL_MIN_PAGES", "1")
    monkeypatch.setenv("CREDIT_PARALLEL_MIN_ENTERPRISES", "1")  # data and search beside the pages
    build(REPO / "records", tmp_path / "cold", AS_OF)
    assert (tmp_path / "cache" / "parse.sqlite").exists()
    # warm: every file now comes from the cache (models unpickled, their field sets and short strings shared)
    build(REPO / "records", tmp_path / "warm", AS_OF)
    # less memory: the open data beside the pages, the search index after them in a process of its own
    monkeypatch.setenv("CREDIT_PUBLISH_SIDE_BY_SIDE", "1")
    build(REPO / "records", tmp_path / "one-beside", AS_OF)
    # little memory: the open data and then the search index, each in its own process after the pages
    monkeypatch.setenv("CREDIT_PUBLISH_SIDE_BY_SIDE", "0")
    build(REPO / "records", tmp_path / "none-beside", AS_OF)

    for name in ("cold", "warm", "one-beside", "none-beside"):
        got = _files(tmp_path / name)
        assert got.keys() == plain.keys(), name
        changed = [k for k in plain if plain[k] != got[k]]
        assert changed == [], (name, changed[:5])


def test_cached_problems_name_the_path_they_are_read_under(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A broken file's problems are cached with its bytes; read from another checkout they must name that one.
    import shutil

    from generator.records.load import load_records

    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("a", "b"):
        shutil.copytree(REPO / "tests" / "fixtures" / "mini", tmp_path / name)
        person = tmp_path / name / "persons" / "P-410105-0001.yaml"
        person.write_text("name: 王某\nnote: 电话 13812345678\n", encoding="utf-8")
    _rs, first = load_records(tmp_path / "a")
    _rs, second = load_records(tmp_path / "b")
    assert [p.line for p in first if "手机" in p.message] == [2]
    assert [p.path.split("/")[-3:] for p in second if "手机" in p.message] == [["b", "persons", "P-410105-0001.yaml"]]


def test_a_rebuild_replaces_the_output_and_leaves_no_old_copy_behind(tmp_path: Path) -> None:
    # The replaced output is deleted by a detached process; it must be gone shortly, and the new output must
    # be complete at once (the swap happens before the delete).
    import time

    out = tmp_path / "site"
    build(REPO / "records", out, AS_OF, pages=False)
    first = _files(out)
    build(REPO / "records", out, AS_OF + dt.timedelta(days=1), pages=False)
    assert (out / "data" / f"credit-data-{AS_OF + dt.timedelta(days=1)}.zip").exists()
    assert not (out / "data" / f"credit-data-{AS_OF}.zip").exists()
    assert first  # the first build wrote something
    deadline = time.monotonic() + 30
    while any(p.name.startswith(".site.old-") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# -- the privacy prefilter never hides a problem ------------------------------------------------------

_PIECES = [
    "13812345678", "+86 138 1234 5678", "110101199003077774", "110105198512010020", "11010119900307777X",
    "91410106646849468A", "914101066468494680", "=SUM(A1)", "-5", "-abc", "+1", "@x", "0371", "1.1e17",
    "110101199003077774.0", "1.10101199003077774e+17", "2026-11-22", "410105", "甲", " ", "\t", "'", "\"-x\"",
]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4), st.booleans(), st.booleans())
@settings(max_examples=400, deadline=None)
def test_the_privacy_prefilter_never_skips_a_file_with_a_problem(pieces: list[str], quoted: bool, listed: bool) -> None:
    # A file whose values suspect() clears must have nothing for the line-by-line scan to report.
    from generator.records.privacy import suspect, text_problems
    from generator.records.yamlload import YamlFileError, load_yaml

    text = "".join(pieces)
    scalar = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' if quoted else text
    doc = f"note:\n  - {scalar}\n" if listed else f"name: 甲\nnote: {scalar}\n"
    try:
        fast = load_yaml(doc, track=False).value
    except YamlFileError:
        return  # not YAML at all: reported as such, nothing to scan
    found = list(text_problems("x.yaml", load_yaml(doc).lines))
    if found:
        assert suspect(fast), (doc, found)


def test_a_nightly_rebuild_rewrites_only_the_pages_whose_content_changed(tmp_path: Path) -> None:
    # Issue 7: pages are written only when their bytes change. The date of the data lives in as-of.css, so
    # from 2026-11-22 to 11-23 (no record of the demo enters, expires or changes state between them: checked
    # first) only the pages that state the date in their text — the home page and the data page — change;
    # every other file of the site stays the previous build's file (same inode), so rsync sends nothing else.
    from generator.day.snapshot import compute
    from generator.day.validate import validate

    day2 = AS_OF + dt.timedelta(days=1)
    rs, _ = validate(REPO / "records", AS_OF)
    assert rs is not None
    public = [{r.id for r in compute(rs, d).snapshot.records} for d in (AS_OF, day2)]
    assert public[0] == public[1]  # the premise: nothing changes state overnight

    out = tmp_path / "site"
    build(REPO / "records", out, AS_OF)
    before = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    build(REPO / "records", out, day2)
    after = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    new_files = sorted(k for k in after if before.get(k) != after[k])
    html = [k for k in new_files if k.endswith(".html")]
    assert html == ["data/index.html", "index.html"]
    assert "as-of.css" in new_files and f"data/credit-data-{day2}.zip" in new_files
    assert len(after) - len(new_files) > 250  # everything else was kept
    # and the kept files are exactly what a fresh build writes
    uncached_build(REPO / "records", tmp_path / "fresh", day2)
    assert _files(out) == _files(tmp_path / "fresh")


def test_unpickled_models_equal_the_parsed_ones(tmp_path: Path) -> None:
    # The parse cache and the workers hand back pickled models; sharing their field sets and strings must not
    # change what they hold, which fields count as given, or what they dump.
    import pickle

    from generator.records.load import load_records

    rs, problems = load_records(REPO / "records", None)
    assert rs is not None and not [p for p in problems if p.severity == "error"]
    models = [d.model for d in (*rs.records.values(), *rs.enterprises.values(), *rs.persons.values())]
    assert len(models) > 50
    back = pickle.loads(pickle.dumps(models))
    for before, after in zip(models, back, strict=True):
        assert after == before
        assert after.model_fields_set == before.model_fields_set
        assert after.model_dump(exclude_unset=True) == before.model_dump(exclude_unset=True)
    # records of one shape share one set of given fields
    shapes = {frozenset(m.model_fields_set) for m in back}
    assert len({id(m.__pydantic_fields_set__) for m in back}) == len(shapes)


def test_a_build_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    assert gc.isenabled() and gc.get_freeze_count() == 0
    build(REPO / "records", tmp_path / "out", AS_OF)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_copy_of_an_unpickled_model_does_not_change_its_siblings() -> None:
    import pickle

    from generator.records import models as m

    a = m.Person(name="王某")
    b = m.Person(name="李某")
    a2, b2 = pickle.loads(pickle.dumps([a, b]))
    assert a2.__pydantic_fields_set__ is b2.__pydantic_fields_set__  # shared …
    c = a2.model_copy(update={"note": "备注"})
    assert c.model_fields_set == {"name", "note"}
    assert b2.model_fields_set == {"name"}  # … and never written through
    assert b2.model_dump(exclude_unset=True) == {"name": "李某"}


@pytest.mark.parametrize(
    ("available", "wanted", "page_workers", "expected"),
    [
        # parent 1,000 kB; each side publisher 0.7 of it, each page worker 0.55, and a quarter to spare
        (3200, 2, 2, 2),  # 1.25 × 1000 × (1.4 + 1.1) = 3125
        (3000, 2, 2, 1),  # 1.25 × 1000 × (0.7 + 1.1) = 2250
        # the 200k build of 2026-12-01: a 6.1 GB parent and 17.4 GB available; both beside the pages would need
        # 19.1 GB (the OOM killer ended the run that tried), one 13.7 GB
        (2850, 2, 2, 1),
        (2200, 2, 2, 0),
        (1000, 2, 2, 0),
        (1000, 2, 0, 1),  # after the pages: 1.25 × 700 = 875 fits one
        (1800, 2, 0, 2),  # 1.25 × 1400 = 1750
        (100, 1, 0, 1),  # the work has to be done
    ],
)
def test_side_publishers_run_beside_the_pages_only_as_memory_allows(
    monkeypatch: pytest.MonkeyPatch, available: int, wanted: int, page_workers: int, expected: int
) -> None:
    from generator.publish import parallel

    monkeypatch.setattr(parallel, "meminfo_kb", lambda field: available)
    monkeypatch.setattr(parallel, "rss_kb", lambda: 1000)
    assert parallel.sides_that_fit(wanted, page_workers, 0.55) == expected


@pytest.mark.parametrize(
    ("available", "wanted", "share", "expected"),
    [
        # parent 1,000 kB, and a quarter to spare: two page workers rendering every page need 1.25 × 1000 × 1.1
        (1400, 2, 0.55, 2),
        (1300, 2, 0.55, 1),  # 1,375 do not fit: one worker, the pages take longer but the build ends
        (10, 2, 0.55, 1),  # the work has to be done
        (800, 2, 0.3, 2),  # a nightly worker renders few pages: 1.25 × 1000 × 0.6 = 750
        (700, 2, 0.3, 1),
        (3000, 4, 0.55, 4),  # 2,750
        (2500, 4, 0.55, 3),  # 2,062.5 fit, 2,750 do not
        # the 200k nightly of 2026-12-02: a 10.1 GB parent, about 13 GB available; two page workers forked
        # without asking took 5.6+ GB each and the OOM killer ended one
        (13_000, 2, 0.55, 1),
    ],
)
def test_page_workers_fork_only_as_memory_allows(
    monkeypatch: pytest.MonkeyPatch, available: int, wanted: int, share: float, expected: int
) -> None:
    from generator import runtime

    monkeypatch.setattr(runtime, "meminfo_kb", lambda field: available)
    monkeypatch.setattr(runtime, "rss_kb", lambda: 10_100 if available == 13_000 else 1000)
    assert runtime.workers_that_fit(wanted, share) == expected


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        # before the site model is built: a parent of 1,000 kB that will grow 1.63 times; two side publishers of
        # 0.7 and two page workers of 0.55, both of the grown parent; a quarter to spare:
        # 1.25 × 1000 × (0.63 + 1.63 × (1.4 + 1.1)) = 1.25 × 1000 × 4.705 = 5,881.25
        (5900, 2),
        (5800, 1),  # one: 1.25 × 1000 × (0.63 + 1.63 × (0.7 + 1.1)) = 4,455.25
        (4400, 0),
    ],
)
def test_side_publishers_count_the_growth_of_the_site_model_when_sized_before_it(
    monkeypatch: pytest.MonkeyPatch, available: int, expected: int
) -> None:
    from generator.publish import parallel

    monkeypatch.setattr(parallel, "meminfo_kb", lambda field: available)
    monkeypatch.setattr(parallel, "rss_kb", lambda: 1000)
    assert parallel.sides_that_fit(2, 2, 0.55, 1.63) == expected


def _publishing_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, object]]:
    """The demo built with two page workers; what happened, in order: the side publishers sized (with the
    growth counted or not) and started, the site model built, the page workers about to fork."""
    from generator.publish import parallel
    from generator.publish.pages import page_workers_forking, views

    events: list[tuple[str, object]] = []
    real_fit, real_pool, real_model = parallel.sides_that_fit, parallel.fork_pool, views.build_model

    def sized(wanted: int, page_workers: int, share: float = 0.0, growth: float = 1.0) -> int:
        k = real_fit(wanted, page_workers, share, growth)
        events.append(("sized", (growth, k)))
        return k

    def side_pool(job: object, workers: int) -> object:
        events.append(("sides start", workers))
        return real_pool(job, workers)

    def model(*args: object) -> object:
        events.append(("model", None))
        return real_model(*args)

    def forking(_generator: object, workers: int, share: float) -> None:
        events.append(("forking", workers))

    monkeypatch.setattr(parallel, "sides_that_fit", sized)
    monkeypatch.setattr(parallel, "fork_pool", side_pool)
    monkeypatch.setattr("generator.publish.pages.build_model", model)
    monkeypatch.setenv("CREDIT_CACHE", "off")
    monkeypatch.setenv("CREDIT_WORKERS", "2")
    monkeypatch.setenv("CREDIT_PARALLEL_MIN_PAGES", "1")
    monkeypatch.setenv("CREDIT_PARALLEL_MIN_ENTERPRISES", "1")
    page_workers_forking.connect(forking, weak=False)  # before the build connects its own: called first
    try:
        build(REPO / "records", tmp_path / "out", AS_OF)
    finally:
        page_workers_forking.disconnect(forking)
    assert not page_workers_forking.receivers  # the build let go of its receiver
    return events


def test_side_publishers_start_before_the_site_model_where_memory_allows(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # With memory to spare (a province), the three side publishers (open data, search index, clerks' form) start
    # before the site model is built, beside all of the pages' work; they are not sized again when the page workers
    # fork
    from generator.publish import parallel

    monkeypatch.setattr(parallel, "meminfo_kb", lambda field: 100_000_000)
    monkeypatch.setattr(parallel, "rss_kb", lambda: 100_000)
    events = _publishing_order(monkeypatch, tmp_path)
    assert events[:4] == [("sized", (1.63, 3)), ("sides start", 3), ("model", None), ("forking", 2)]
    assert [e for e in events if e[0] == "sized"] == [("sized", (1.63, 3))]


def test_side_publishers_are_sized_once_the_site_model_is_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # At 200k (2026-12-02) building the site model took the parent from 6.0 to 9.8 GB. Sized before it without
    # counting that, one side publisher ran beside two page workers forked at 9.8 GB and the OOM killer ended one.
    # With the growth counted the three side publishers do not fit before the model (a 6.0 GB parent, 17 GB
    # available: even one would need 1.25 × 6.0 × (0.63 + 1.63 × (0.7 + 2 × 0.55)) = 26.7 GB), so they are sized
    # again when the page workers are about to fork: two page workers (1.25 × 6.0 × 1.1 = 8.25 GB fit), and one
    # side publisher beside them (1.25 × 6.0 × (0.7 + 1.1) = 13.5 GB; two would need 18.75 GB); the other two
    # after the pages, together (1.25 × 6.0 × 1.4 = 10.5 GB).
    from generator import runtime
    from generator.publish import parallel

    gb = 1_000_000
    for module in (parallel, runtime):
        monkeypatch.setattr(module, "meminfo_kb", lambda field: 17 * gb)
        monkeypatch.setattr(module, "rss_kb", lambda: 6 * gb)
    events = _publishing_order(monkeypatch, tmp_path)
    assert events[:5] == [("sized", (1.63, 0)), ("model", None), ("forking", 2), ("sized", (1.0, 1)),
                          ("sides start", 1)]
    assert events[5:] == [("sized", (1.0, 2)), ("sides start", 2)]  # the other two, after the pages


def test_the_heap_stays_frozen_until_the_outermost_block_ends() -> None:
    import gc

    from generator import heap

    with heap.frozen():
        outer = gc.get_freeze_count()
        assert outer > 0
        with heap.frozen():
            pass
        assert gc.get_freeze_count() >= outer  # the build's freeze outlives the page workers' one
    assert gc.get_freeze_count() == 0
