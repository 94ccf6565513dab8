"""Issue 17: a rebuild that trusts the previous output's digests instead of reading it must give exactly the
site a fresh build gives — a wrong "nothing changed" would keep expired information online. The rebuilds run
night after night over every day on which some record of a random tree changes state (and the days around
them), each compared byte for byte with a fresh build of that day."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import synth_tree, transition_days, uncached_build

from generator.commands.build import build
from generator.publish import digests as digests_module
from generator.records.parse_cache import default_dir

REPO = Path(__file__).resolve().parents[1]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _forked_pages(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    """Pages as for a province, on a demo-sized tree: two forked workers (the parent plans a nightly's pages)."""
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(cache))
    monkeypatch.setenv("CREDIT_WORKERS", "2")
    monkeypatch.setenv("CREDIT_PARALLEL_MIN_PAGES", "1")


def _spy(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, note: Any) -> None:
    """``owner.name`` calls ``note`` with its arguments first, then does what it did."""
    real = getattr(owner, name)

    def spied(*args: Any) -> Any:
        note(*args)
        return real(*args)

    monkeypatch.setattr(owner, name, spied)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_tree(tmp_path_factory.mktemp("incremental"), 15, 150, 11)


@pytest.mark.slow
@pytest.mark.parametrize("forked", [False, True], ids=["in-process", "forked"])
def test_rebuilds_over_every_transition_equal_fresh_builds(tree: Path, tmp_path: Path, forked: bool,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    if forked:  # as for a province: the parent plans a nightly's pages, forked workers keep and render them,
        _forked_pages(monkeypatch, tmp_path / "cache")  # and each night takes over the last night's statuses
        monkeypatch.setenv("CREDIT_PARALLEL_MIN_ENTERPRISES", "1")  # and ratings (step 4, CREDIT_CARRY)
        monkeypatch.setenv("CREDIT_CARRY", "on")
    days = transition_days(tree, dt.date(2026, 9, 1), dt.date(2027, 3, 31))
    assert len(days) >= 5  # the premise: records enter and leave publication in this range
    rng = random.Random(17)
    picked = sorted(rng.sample(days, 5))
    nights = sorted({d + dt.timedelta(days=k) for d in picked for k in (-1, 0)})  # the day before and the day
    out = tmp_path / "site"
    for day in nights:
        build(tree, out, day)
        place = digests_module.digests_file(out, default_dir())
        assert place is not None and place.is_file()
        fresh = tmp_path / f"fresh-{day}"
        uncached_build(tree, fresh, day)  # every cache off: nothing carried from an earlier night
        assert _files(out) == _files(fresh), day
        shutil.rmtree(fresh)
    # with CREDIT_CARRY the nightly builds (the output kept) carried their statuses and ratings (step 4)
    carried = tmp_path / "cache" / "carried"
    assert (sorted(p.name.rsplit(".", 1)[1] for p in carried.iterdir()) == ["ratings", "records"] if forked
            else not carried.exists())


def test_previous_files_vouched_for_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CREDIT_WORKERS", "2")  # half of the output is walked by a forked process
    out = tmp_path / "site"
    build(REPO / "records", out, dt.date(2026, 11, 22))
    log = tmp_path / "compared.txt"  # appended to by both halves of the walk
    real = digests_module._same_bytes

    def counting(a: str, b: str) -> bool:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {b}\n")
        return real(a, b)

    def compared() -> list[tuple[str, str]]:
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        return [(pid, path) for pid, path in (line.split(" ", 1) for line in lines)]

    monkeypatch.setattr(digests_module, "_same_bytes", counting)
    build(REPO / "records", out, dt.date(2026, 11, 23))
    assert compared() == []  # every previous file was vouched for by its digest, none read
    # without the digests (a cache emptied, as on a fresh CI runner), the previous files are compared, in both
    # halves of the walk
    digests_module.digests_file(out, default_dir()).unlink()  # type: ignore[union-attr]
    build(REPO / "records", out, dt.date(2026, 11, 24))
    seen = compared()
    assert len(seen) > 100
    assert len({pid for pid, _path in seen}) == 2  # this process and the forked one
    assert {Path(p).relative_to(out.parent).parts[1] for _pid, p in seen} >= {"enterprises", "persons"}


def test_digests_are_read_once_while_their_file_is_the_same(tmp_path: Path) -> None:
    # a build reads the previous output's digests for its pages, then again to keep its unchanged files: the second
    # read takes the first's, unless the file has been written since
    place = tmp_path / "digests.json"
    place.write_text('{"a.html":["d1",1,2,3]}', encoding="ascii")
    first = digests_module.read_digests(place)
    assert first == {"a.html": ["d1", 1, 2, 3]}
    assert digests_module.read_digests(place) is first
    digests_module._write_entries(place, {"a.html": ["d2", 1, 2, 3]}, {})  # written anew, as every build does
    second = digests_module.read_digests(place, last=True)
    assert second == {"a.html": ["d2", 1, 2, 3]}
    assert not digests_module._LAST_READ  # let go: nothing held after the last reader
    assert digests_module.read_digests(place) is not second


def _tree_with(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)


_NAMES = st.sampled_from(["a", "b", "index.html", "x.json", "feed.atom.xml"])
_RELS = st.lists(_NAMES, min_size=1, max_size=4).map("/".join)


@settings(max_examples=40, deadline=None)
@given(files=st.dictionaries(_RELS, st.binary(max_size=8), max_size=30),
       links=st.lists(st.tuples(_RELS, _RELS), max_size=4))
def test_the_two_halves_of_the_walk_are_the_whole_output(files: dict[str, bytes], links: list[tuple[str, str]]) -> None:
    # keep_unchanged walks the output in two halves (one of them forked): together they must be exactly the files
    # one walk of the whole output gives — none missed (its digest would be lost, its page never linked again), none
    # twice — links to folders left out as os.walk leaves them, and the markers and keys files skipped
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "out"
        root.mkdir()
        paths = sorted(files)
        files = {p: b for p, b in files.items() if not any(q.startswith(p + "/") for q in paths)}  # a file or a folder
        _tree_with(root, files)
        for rel in (".credit-output", ".credit-render-keys.json"):
            (root / rel).write_bytes(b"{}")
        for where, to in links:  # links to folders and to files, some dangling, at any depth that is free
            place = root / where
            if place.exists() or place.is_symlink() or not place.parent.is_dir():
                continue
            place.symlink_to(root / to)
        whole = sorted(rel for rel in (os.path.relpath(os.path.join(parent, name), root)  # one os.walk of it all
                                       for parent, _dirs, names in os.walk(root) for name in names)
                       if rel not in digests_module.SKIP)
        first, second = digests_module._halves(root)
        halves = [sorted(rel for _path, rel in digests_module._files_of(root, part)) for part in (first, second)]
        assert sorted(halves[0] + halves[1]) == whole
        assert not set(halves[0]) & set(halves[1])
        assert ".credit-output" not in whole and ".credit-render-keys.json" not in whole


def test_the_forked_half_keeps_and_describes_files_as_one_process_does(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # the same new output (two copies of it, so each run has its own inodes) kept against the same previous output,
    # once in this process and once in two halves: the same files linked to the previous output, the same digests
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    previous = tmp_path / "site"
    build(REPO / "records", previous, dt.date(2026, 11, 22))
    known = digests_module.digests_file(previous, default_dir())
    assert known is not None
    monkeypatch.setenv("CREDIT_CACHE", "off")  # a fresh build that links nothing itself
    fresh = tmp_path / "fresh"
    uncached_build(REPO / "records", fresh, dt.date(2026, 11, 23))
    runs = {}
    forks: list[int] = []
    _spy(monkeypatch, digests_module, "fork_pool", lambda job, workers: forks.append(workers))
    for workers in ("1", "2"):
        new = tmp_path / f"new-{workers}"
        shutil.copytree(fresh, new)
        monkeypatch.setenv("CREDIT_WORKERS", workers)
        out_file = tmp_path / f"digests-{workers}.json"
        kept = digests_module.keep_unchanged(new, previous, known, out_file)
        entries = digests_module.read_digests(out_file)
        assert set(entries) == set(_files(new)) - {".credit-output"}  # every file described, the marker not
        linked = {rel for rel in entries
                  if (previous / rel).exists() and (new / rel).stat().st_ino == (previous / rel).stat().st_ino}
        runs[workers] = (kept, linked, {rel: e[0] for rel, e in entries.items()}, _files(new))
    assert forks == [1]  # the second run forked its other half, the first did not
    assert runs["1"] == runs["2"]
    kept, linked, _digests, _bytes = runs["2"]
    assert kept == len(linked) > 200  # nearly every file of a next day is the previous one


def test_a_file_changed_since_is_read_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # someone edits a page of the published output in place (same size): its inode stays but its time moves,
    # so the digest no longer vouches for it; the rebuild writes the page as it should be
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "site"
    day = dt.date(2026, 11, 22)
    build(REPO / "records", out, day)
    page = out / "about" / "index.html"
    good = page.read_bytes()
    bad = good.replace("关于".encode(), "关心".encode(), 1)
    assert bad != good and len(bad) == len(good)
    st = page.stat()
    with page.open("r+b") as fh:
        fh.write(bad)
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    build(REPO / "records", out, day)
    assert (out / "about" / "index.html").read_bytes() == good


def test_cached_pages_changed_since_are_rendered_again_wherever_they_are_kept(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # the same for the cached pages of a province-sized build: the parent plans them as "keep", and the workers
    # and the parent (which keeps a share itself) find each file changed since, and render it instead
    _forked_pages(monkeypatch, tmp_path / "cache")
    out = tmp_path / "site"
    day = dt.date(2026, 11, 22)
    build(REPO / "records", out, day)
    good: dict[Path, bytes] = {}
    for page in sorted(out.glob("enterprises/*/index.html")):
        good[page] = page.read_bytes()
        st = page.stat()
        with page.open("r+b") as fh:
            fh.write(b"<!-- edited in place -->")
        os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert len(good) == len(list((REPO / "records" / "enterprises").glob("*.yaml")))
    build(REPO / "records", out, day)
    assert {page: page.read_bytes() for page in good} == good


def test_hostile_digests_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a digests file that is not ours (not JSON, wrong shapes, a link elsewhere) changes nothing but speed
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "site"
    day = dt.date(2026, 11, 22)
    build(REPO / "records", out, day)
    place = digests_module.digests_file(out, default_dir())
    assert place is not None
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("keep me", encoding="utf-8")
    fresh = tmp_path / "fresh"
    uncached_build(REPO / "records", fresh, day)
    expected = _files(fresh)
    lying = '{"index.html": ["%s", 1, 2, 3]}' % ("0" * 64)
    for content in (b"not json", b'{"index.html": ["x", "1", 2, 3]}', b"[]", lying.encode()):
        place.unlink()
        place.write_bytes(content)
        build(REPO / "records", out, day)
        assert _files(out) == expected, content
    place.unlink()
    place.symlink_to(secret)
    build(REPO / "records", out, day)
    assert secret.read_text(encoding="utf-8") == "keep me" and not place.is_symlink()
    assert _files(out) == expected


def test_unchanged_pages_are_not_rendered_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 2026-11-22 → 11-23: no record of the demo changes state (tests/test_fast_paths.py checks that premise), so
    # no enterprise or person page is rendered the second night; each is the previous night's file
    from generator.publish.pages import CreditGenerator

    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CREDIT_WORKERS", "1")  # rendered in this process, where the count is kept
    out = tmp_path / "site"
    build(REPO / "records", out, dt.date(2026, 11, 22))
    rendered: list[str] = []
    _spy(monkeypatch, CreditGenerator, "get_template", lambda self, name: rendered.append(name))
    build(REPO / "records", out, dt.date(2026, 11, 23))
    assert "enterprise" not in rendered and "person" not in rendered
    assert "home" in rendered  # the other pages are rendered as ever
    fresh = tmp_path / "fresh"
    uncached_build(REPO / "records", fresh, dt.date(2026, 11, 23))
    assert _files(out) == _files(fresh)
    # a changed enterprise renders its own page again: its hotline, which only its own page shows
    records = tmp_path / "records"
    shutil.copytree(REPO / "records", records)
    uscc = "91410105MACGTWCBLP"
    path = records / "enterprises" / f"{uscc}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "hotline:" in text
    build(records, out, dt.date(2026, 11, 23))  # the same records in another folder: same keys
    rendered.clear()
    lines = [ln if not ln.startswith("hotline:") else 'hotline: "0371-55559999"' for ln in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build(records, out, dt.date(2026, 11, 23))
    assert rendered.count("enterprise") == 1 and "person" not in rendered
    assert "0371-55559999" in (out / "enterprises" / uscc / "index.html").read_text(encoding="utf-8")


def test_a_cached_template_cannot_reach_for_the_date() -> None:
    import jinja2

    from generator.publish.pages.render_cache import CACHED_TEMPLATES, TemplateReachedForDate, guarded

    credit = guarded({"as_of": dt.date(2026, 11, 22), "as_of_iso": "2026-11-22", "platform": "p"})
    env = jinja2.Environment(autoescape=True)
    for source in ("{{ CREDIT.as_of }}", "{% if d < CREDIT.as_of %}x{% endif %}", "{{ CREDIT.as_of.year }}",
                   "{{ CREDIT.as_of_iso }}", "{{ CREDIT.as_of|string }}"):
        with pytest.raises(TemplateReachedForDate):
            env.from_string(source).render(CREDIT=credit, d=dt.date(2026, 1, 1))
    assert env.from_string("{{ CREDIT.platform }}").render(CREDIT=credit) == "p"
    # and the templates of the cached pages, with what they include, do not mention the date at all
    theme = REPO / "theme" / "templates"
    sources = [theme / t for t in CACHED_TEMPLATES] + [theme / "_macros.html", theme / "_verdict.html", theme / "base.html"]
    sources += list((theme / "schemes").glob("*/enterprise_results.html"))
    assert [p.name for p in sources if "as_of" in p.read_text(encoding="utf-8")] == []


def test_pages_rendered_by_workers_keep_their_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same with the pages rendered by two forked workers (as for a province): their keys come back to the
    # parent and into the digests, so the next night can reuse the pages
    import json

    _forked_pages(monkeypatch, tmp_path / "cache")
    out = tmp_path / "site"
    build(REPO / "records", out, dt.date(2026, 11, 22))
    place = digests_module.digests_file(out, default_dir())
    assert place is not None
    entries = json.loads(place.read_text(encoding="ascii"))
    pages = {k for k in entries if k.startswith(("enterprises/", "persons/"))
             and k.endswith(("/index.html", "/feed.atom.xml", "/badge.svg"))}  # feeds and badges too
    assert len([k for k in pages if k.endswith("/badge.svg")]) == len(list((REPO / "records" / "enterprises").glob("*.yaml")))
    assert pages and all(len(entries[k]) == 5 for k in pages)
    before = {k: (out / k).stat().st_ino for k in pages}
    result = build(REPO / "records", out, dt.date(2026, 11, 23))
    assert {k: (out / k).stat().st_ino for k in pages} == before
    # the pages counted by the workers and this process, kept ones included: every HTML page of the site but the
    # two that publishers beside the pages write (the clerks' form, and the list of dated releases with the data)
    html = [p for p in out.rglob("*.html")
            if p.relative_to(out).as_posix() not in ("admin/index.html", "data/releases/index.html")]
    assert result.pages == len(html) and len(html) > 200
    fresh = tmp_path / "fresh"
    uncached_build(REPO / "records", fresh, dt.date(2026, 11, 23))
    assert _files(out) == _files(fresh)


def test_a_nightly_computes_its_keys_before_the_page_workers_fork(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # At 200k (2026-12-02) page workers that computed the render keys themselves read every model, copied their
    # 10 GB parent and the OOM killer ended one. A nightly rebuild now computes every key in the parent, before
    # any worker forks; a cold build (nothing to keep) still leaves them to the workers.
    from generator.publish import pages

    _forked_pages(monkeypatch, tmp_path / "cache")
    seen: list[int] = []
    # the page workers' pool, made as they fork: how many keys there are then
    _spy(monkeypatch, pages, "fork_pool", lambda job, workers: seen.append(len(job[0].cache.keys)))

    def forking(sender: Any, workers: int, share: float) -> None:  # where the side publishers start
        signalled.append(len(sender.cache.keys))

    signalled: list[int] = []
    enterprises = len(list((REPO / "records" / "enterprises").glob("*.yaml")))
    persons = len(list((REPO / "records" / "persons").glob("*.yaml")))
    out = tmp_path / "site"
    pages.page_workers_forking.connect(forking, weak=False)
    try:
        build(REPO / "records", out, dt.date(2026, 11, 22))
        build(REPO / "records", out, dt.date(2026, 11, 23))
    finally:
        pages.page_workers_forking.disconnect(forking)
    # the side publishers (open data, search) start before the plan, so that they run beside it: no key yet
    assert signalled == [0, 0]
    # a page, a feed and a badge per enterprise, a page per person (the demo: 42 and 121 files), and the site's
    # feed of new records, made with the enterprise feeds' template
    assert seen == [0, 3 * enterprises + persons + 1]
    fresh = tmp_path / "fresh"
    uncached_build(REPO / "records", fresh, dt.date(2026, 11, 23))
    assert _files(out) == _files(fresh)


def test_search_shards_are_taken_over_where_their_documents_are_the_same(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # step 3: a night on which no enterprise's indexed text changes makes no text shard (each is taken over from
    # the previous output); a renamed enterprise makes again only the shards its old and new terms are in, and
    # the whole index is still what a fresh build writes
    import json

    from generator.publish.search import index

    monkeypatch.setenv("CREDIT_CACHE_DIR", str(tmp_path / "cache"))
    records = tmp_path / "records"
    shutil.copytree(REPO / "records", records)
    out = tmp_path / "site"
    build(records, out, dt.date(2026, 11, 22))
    made: list[int] = []
    real = index.build_shard

    def counting(docs: list[tuple[int, dict[str, list[str]]]], b: float) -> dict[str, object]:
        made.append(len(docs))
        return real(docs, b)

    monkeypatch.setattr(index, "build_shard", counting)  # the demo is small: the search index is written here
    build(records, out, dt.date(2026, 11, 23))
    assert made == []
    shards = sorted((out / "search" / "t").glob("*.json"))
    assert len(shards) > 2

    def holding(term: str) -> set[str]:
        return {p.name for p in shards if term in dict(json.loads(p.read_text(encoding="utf-8"))["invertedIndex"])}

    old = holding("恒信")
    path = records / "enterprises" / "91410105MACGTWCBLP.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 郑州恒信示例物业", "name: 郑州鑫鑫示例物业"),
                    encoding="utf-8")
    build(records, out, dt.date(2026, 11, 23))
    new = holding("鑫鑫")
    assert old and new and 0 < len(made) <= len(old | new) + 2 < len(shards)  # 恒信/鑫鑫, 信示/鑫示 and the name key
    fresh = tmp_path / "fresh"
    monkeypatch.setattr(index, "build_shard", real)
    uncached_build(records, fresh, dt.date(2026, 11, 23))
    assert _files(out / "search") == _files(fresh / "search")
