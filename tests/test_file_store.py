"""Issue 17: the file store (generator/publish/file_store.py) gives a build into an empty folder — CI's nightly on a
fresh runner — the pages and search shards an earlier build made from the same inputs. A wrong hit would put
yesterday's page (an expired record) online, so every build fed by the store is compared byte for byte with a build
that has every cache off, night after night over the days on which records of a random tree change state."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zstandard
from support import synth_tree, transition_days, uncached_build

from generator.commands.build import build
from generator.publish import digests as digests_module
from generator.publish.file_store import FILE_NAME, FileStore
from generator.records.parse_cache import default_dir

REPO = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 11, 22)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _store(cache: Path) -> dict[str, tuple[bytes, bytes]]:
    con = sqlite3.connect(cache / FILE_NAME)
    try:
        return {k: (m, v) for k, m, v in con.execute("SELECT key, mac, value FROM files")}
    finally:
        con.close()


def _keys(out: Path) -> dict[str, str]:
    """The keyed files of the output ``out`` (from its digests, in the cache): path → key."""
    place = digests_module.digests_file(out, default_dir())
    assert place is not None
    entries = json.loads(place.read_text(encoding="ascii"))
    return {rel: e[4] for rel, e in entries.items() if len(e) >= 5}


def _rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates rendered from now on (pages rendered in this process: CREDIT_WORKERS=1)."""
    from generator.publish.pages import CreditGenerator

    names: list[str] = []
    real = CreditGenerator.get_template

    def spied(self: Any, name: str) -> Any:
        names.append(name)
        return real(self, name)

    monkeypatch.setattr(CreditGenerator, "get_template", spied)
    return names


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    place = tmp_path / "cache"
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(place))
    monkeypatch.setenv("CREDIT_WORKERS", "1")
    return place


@pytest.mark.slow
@pytest.mark.parametrize("forked", [False, True], ids=["in-process", "forked"])
def test_fresh_outputs_fed_by_the_store_equal_uncached_builds_over_every_transition(
        tmp_path: Path, cache: Path, forked: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = synth_tree(tmp_path, 15, 150, 11)
    if forked:  # as for a province: pages rendered (and taken from the store) by forked workers
        monkeypatch.setenv("CREDIT_WORKERS", "2")
        monkeypatch.setenv("CREDIT_PARALLEL_MIN_PAGES", "1")
        monkeypatch.setenv("CREDIT_PARALLEL_MIN_ENTERPRISES", "1")
    days = transition_days(tree, dt.date(2026, 9, 1), dt.date(2027, 3, 31))
    assert len(days) >= 5  # the premise: records enter and leave publication in this range
    picked = sorted(random.Random(29).sample(days, 4))
    nights = sorted({d + dt.timedelta(days=k) for d in picked for k in (-1, 0)})
    out = tmp_path / "site"
    for day in nights:
        if out.exists():
            shutil.rmtree(out)  # a fresh runner: no previous output, only the cache
        build(tree, out, day)
        fresh = tmp_path / "fresh"
        uncached_build(tree, fresh, day)
        assert _files(out) == _files(fresh), day
        shutil.rmtree(fresh)
        assert set(_store(cache)) == set(_keys(out).values()), day  # the store holds this night's files, no more


def test_a_fresh_output_renders_no_page_the_store_holds(cache: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    build(REPO / "records", tmp_path / "first", DAY)
    rendered = _rendered(monkeypatch)
    build(REPO / "records", tmp_path / "second", DAY)  # another, empty folder: nothing to link from
    assert "enterprise" not in rendered and "person" not in rendered
    assert "home" in rendered  # the pages that are not cached are rendered as ever
    uncached_build(REPO / "records", tmp_path / "fresh", DAY)
    assert _files(tmp_path / "second") == _files(tmp_path / "fresh")
    # the keyed files are in the store, and nothing else
    keys = _keys(tmp_path / "second")
    kinds = {rel.split("/")[0] for rel in keys}
    assert kinds == {"enterprises", "persons", "feeds", "search"}  # pages, badges, feeds and text shards
    assert set(_store(cache)) == set(keys.values())


def test_the_store_is_filled_in_batches_without_losing_a_file(cache: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # both halves of the walk (one forked) put what they read a few files at a time; every keyed file gets in
    monkeypatch.setenv("CREDIT_WORKERS", "2")
    monkeypatch.setattr(digests_module, "FILL_BATCH", 20_000)
    put: list[int] = []
    real = FileStore.put_many
    monkeypatch.setattr(FileStore, "put_many", lambda self, rows: (put.append(len(rows)), real(self, rows))[1])
    build(REPO / "records", tmp_path / "first", DAY)
    keys = _keys(tmp_path / "first")
    assert set(_store(cache)) == set(keys.values())
    assert len(put) > 5 and sum(put) < len(keys)  # this process's half, in many batches
    monkeypatch.setenv("CREDIT_WORKERS", "1")
    rendered = _rendered(monkeypatch)
    build(REPO / "records", tmp_path / "second", DAY)
    assert "enterprise" not in rendered and "person" not in rendered


def test_search_shards_come_from_the_store(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.publish.search import index

    build(REPO / "records", tmp_path / "first", DAY)
    made: list[int] = []
    real = index.build_shard

    def counting(docs: list[tuple[int, dict[str, list[str]]]], b: float) -> dict[str, object]:
        made.append(len(docs))
        return real(docs, b)

    monkeypatch.setattr(index, "build_shard", counting)
    build(REPO / "records", tmp_path / "second", DAY)
    assert made == []
    monkeypatch.setattr(index, "build_shard", real)
    uncached_build(REPO / "records", tmp_path / "fresh", DAY)
    assert _files(tmp_path / "second" / "search") == _files(tmp_path / "fresh" / "search")


def test_a_row_that_does_not_verify_is_made_again(cache: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # a row whose bytes were changed (its HMAC no longer matches) or moved under another key (the HMAC binds
    # the key) is a miss: the page is rendered, and what was planted is nowhere in the output
    build(REPO / "records", tmp_path / "first", DAY)
    keys = _keys(tmp_path / "first")
    ents = sorted(rel for rel in keys if rel.startswith("enterprises/") and rel.endswith("/index.html"))
    forged, moved, donor = ents[0], ents[1], ents[2]
    con = sqlite3.connect(cache / FILE_NAME)
    with con:
        con.execute("UPDATE files SET value = ? WHERE key = ?",
                    (zstandard.ZstdCompressor().compress("<p>伪造的页面 FORGED</p>".encode()), keys[forged]))
        mac, value = con.execute("SELECT mac, value FROM files WHERE key = ?", (keys[donor],)).fetchone()
        con.execute("UPDATE files SET mac = ?, value = ? WHERE key = ?", (mac, value, keys[moved]))
    con.close()
    rendered = _rendered(monkeypatch)
    build(REPO / "records", tmp_path / "second", DAY)
    assert rendered.count("enterprise") == 2 and "person" not in rendered
    uncached_build(REPO / "records", tmp_path / "fresh", DAY)
    second = _files(tmp_path / "second")
    assert second == _files(tmp_path / "fresh")
    assert not any(b"FORGED" in data for data in second.values())
    # and the rows the build made again are whole again in the store
    rendered.clear()
    build(REPO / "records", tmp_path / "third", DAY)
    assert "enterprise" not in rendered


def test_the_store_keeps_only_the_last_builds_files(cache: Path, tmp_path: Path) -> None:
    days = transition_days(REPO / "records", dt.date(2026, 11, 1), dt.date(2027, 6, 30))
    assert days  # the premise: some record of the demo changes state in this range
    before, after = days[0] - dt.timedelta(days=1), days[0]
    build(REPO / "records", tmp_path / "a", before)
    build(REPO / "records", tmp_path / "b", after)
    old, new = set(_keys(tmp_path / "a").values()), set(_keys(tmp_path / "b").values())
    assert old - new  # some page changed on the transition day
    assert set(_store(cache)) == new


def test_a_data_only_build_leaves_the_store_alone(cache: Path, tmp_path: Path) -> None:
    build(REPO / "records", tmp_path / "site", DAY)
    rows = _store(cache)
    assert rows
    build(REPO / "records", tmp_path / "data", DAY, pages=False)  # credit build --data-only: no keyed file
    assert _store(cache) == rows


def test_a_store_that_is_not_one_is_made_anew(cache: Path, tmp_path: Path) -> None:
    uncached_build(REPO / "records", tmp_path / "fresh", DAY)
    expected = _files(tmp_path / "fresh")
    cache.mkdir(parents=True, exist_ok=True)
    (cache / FILE_NAME).write_bytes(b"not a database " * 1000)
    build(REPO / "records", tmp_path / "site", DAY)
    assert _files(tmp_path / "site") == expected
    assert set(_store(cache)) == set(_keys(tmp_path / "site").values())


def test_a_store_in_the_records_is_never_opened(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a cache folder a pull request could bring (inside the records' checkout) is refused, even holding a store whose
    # forged row verifies (as if its author had the secret): nothing is read from it, nothing is made there
    from generator.publish.file_store import _mac
    from generator.records.parse_cache import secret

    build(REPO / "records", tmp_path / "first", DAY)
    key = _keys(tmp_path / "first")[f"enterprises/{'91410105MACGTWCBLP'}/index.html"]
    checkout = tmp_path / "checkout"  # the records' git working tree
    records = checkout / "records"
    shutil.copytree(REPO / "records", records)
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    planted = checkout / ".cache"
    planted.mkdir()
    shutil.copy(cache / FILE_NAME, planted / FILE_NAME)
    forged = zstandard.ZstdCompressor().compress("<p>伪造的页面 FORGED</p>".encode())
    con = sqlite3.connect(planted / FILE_NAME)
    with con:
        con.execute("UPDATE files SET mac = ?, value = ? WHERE key = ?", (_mac(secret(), key, forged), forged, key))
    con.close()
    before = (planted / FILE_NAME).read_bytes()
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(planted))
    build(records, tmp_path / "site", DAY)
    assert (planted / FILE_NAME).read_bytes() == before and sorted(p.name for p in planted.iterdir()) == [FILE_NAME]
    uncached_build(records, tmp_path / "fresh", DAY)
    site = _files(tmp_path / "site")
    assert site == _files(tmp_path / "fresh")
    assert not any(b"FORGED" in data for data in site.values())


def test_a_database_of_another_program_is_left_alone(cache: Path, tmp_path: Path) -> None:
    # CREDIT_CACHE_DIR is the user's to set: a database of the store's name that another program made (no
    # application id) is neither used nor changed
    cache.mkdir(parents=True)
    con = sqlite3.connect(cache / FILE_NAME)
    with con:
        con.execute("CREATE TABLE files (key TEXT PRIMARY KEY, mac BLOB, value BLOB)")
        con.executemany("INSERT INTO files VALUES (?, ?, ?)", [(f"k{i}", b"m", b"v") for i in range(3)])
    con.close()
    before = (cache / FILE_NAME).read_bytes()
    build(REPO / "records", tmp_path / "site", DAY)
    assert (cache / FILE_NAME).read_bytes() == before
    assert not (cache / (FILE_NAME + "-wal")).exists()
    uncached_build(REPO / "records", tmp_path / "fresh", DAY)
    assert _files(tmp_path / "site") == _files(tmp_path / "fresh")


def test_the_store_is_the_users_alone(cache: Path, tmp_path: Path) -> None:
    build(REPO / "records", tmp_path / "site", DAY)
    assert (cache / FILE_NAME).stat().st_mode & 0o077 == 0


def test_a_locked_store_is_waited_for_once(tmp_path: Path) -> None:
    # another process holds the write lock past the wait: the store is off for this process from then on, and not
    # asked again (each page would wait again: at 10k, 65,000 waits)
    from generator.publish.file_store import FileStore

    store = FileStore(tmp_path)
    store.put_many([("a" * 64, b"page")])
    assert store.get("a" * 64) == b"page"
    other = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        store.put_many([("b" * 64, b"other page")])
        assert store.off

        class Untouchable:
            def __getattr__(self, name: str) -> Any:
                raise AssertionError(f"the store was asked again: {name}")

        store.con = Untouchable()  # type: ignore[assignment]
        assert store.get("a" * 64) is None and store.keys() == set()
        store.put_many([("c" * 64, b"x")])
        store.keep_only([])
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_kept_output_fills_a_store_it_lost(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a deployment that keeps its output links its unchanged pages from it, without reading them; a store lost (or
    # made anew) is filled again from those files, so that a build into an empty folder later renders nothing
    out = tmp_path / "site"
    build(REPO / "records", out, DAY)
    for name in (FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm"):
        (cache / name).unlink(missing_ok=True)
    build(REPO / "records", out, DAY + dt.timedelta(days=1))  # 11-22 → 11-23: every cached page linked
    assert set(_store(cache)) == set(_keys(out).values())
    rendered = _rendered(monkeypatch)
    build(REPO / "records", tmp_path / "fresh-folder", DAY + dt.timedelta(days=1))
    assert "enterprise" not in rendered and "person" not in rendered


def test_the_key_covers_settings_python_and_every_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a store outlives a checkout (CI restores it across commits): a page's key changes with Pelican's settings,
    # the Python that runs the build and any installed package, not only with the templates and modules
    import sys
    from importlib import metadata

    from generator import fingerprint

    root = tmp_path / "checkout"
    for name in ("theme", "generator"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in fingerprint.SETTINGS:
        shutil.copy(REPO / name, root / name)
    monkeypatch.setattr(fingerprint, "_ROOT", root)
    digest = fingerprint.source_digest.__wrapped__  # not the process's cached one
    first = digest()
    assert digest() == first
    conf = root / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nJINJA_ENVIRONMENT = {}\n", encoding="utf-8")
    second = digest()
    assert second != first
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    third = digest()
    assert third != second
    real = list(metadata.distributions())

    class Extra:
        name, version = "some-plugin", "1.0"

    monkeypatch.setattr(metadata, "distributions", lambda: [*real, Extra()])
    assert digest() != third


def test_a_file_the_store_could_not_write_whole_is_made(cache: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # the disk fills while a stored page is written: the page is rendered instead, never published half written
    import errno
    import os

    from generator.publish import reuse

    build(REPO / "records", tmp_path / "first", DAY)
    real = os.fdopen

    class Full:
        def __init__(self, fd: int) -> None:
            self.fh = real(fd, "wb")

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(reuse.os, "fdopen", lambda fd, mode: Full(fd))
    rendered = _rendered(monkeypatch)
    build(REPO / "records", tmp_path / "second", DAY)
    assert rendered.count("enterprise") == len(list((REPO / "records" / "enterprises").glob("*.yaml")))
    monkeypatch.setattr(reuse.os, "fdopen", real)
    uncached_build(REPO / "records", tmp_path / "fresh", DAY)
    assert _files(tmp_path / "second") == _files(tmp_path / "fresh")
