"""Knowing which files of a new output are unchanged, without reading the previous output (issue 17).

:func:`keep_unchanged` puts the previous file in place of an identical new one (a hard link), so that a deploy
sends only what changed; the digests written with every output that has a cache folder (none with
``CREDIT_CACHE=off``) tell the next build each file's digest and the size, inode and modification time it had, so
the previous tree is only stat()ed, not read. At 200k enterprises reading the previous tree took most of the
nightly rebuild (bench/README.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from generator import heap
from generator.publish.file_store import connection
from generator.runtime import can_fork, fork_pool, settings, workers_that_fit


def digests_file(target: Path, cache: Path | None) -> Path | None:
    """Where the digests of the output ``target`` are kept: in the cache folder ``cache``
    (:func:`generator.publish.file_store.cache_dir`: the parse cache's, where it may be used for the records being
    built), as ``outputs/<hash of the output's path>.json`` — not in the output, whose bytes they would change
    (inode numbers and times), nor beside it in a checkout. None where there is no cache (``CREDIT_CACHE=off``, or
    a cache folder inside the records or a checkout): then every unchanged file is compared byte for byte."""
    if cache is None:
        return None
    name = hashlib.sha256(os.fsencode(os.path.realpath(target))).hexdigest()[:32]
    return cache / "outputs" / f"{name}.json"

KEYS_FILE = ".credit-render-keys.json"
"""The render keys of the cached pages (:mod:`generator.publish.pages.render_cache`), written into the new
output by the pages and moved from there into the digests."""
SEARCH_KEYS_FILE = ".credit-search-keys.json"
"""The keys of the search index's text shards (:mod:`generator.publish.search.index`)."""
KEYS_FILES = (KEYS_FILE, SEARCH_KEYS_FILE)
SKIP = frozenset({".credit-output", ".credit-output.partial", *KEYS_FILES})
"""Not part of the output's content: the markers (generator.publish.output) and the render keys."""


KEEP_WORKER_SHARE = 0.1
"""What the process forked to keep half of the unchanged files adds to memory, as a share of this one: it reads
the previous output's digests for its half (their reference counts copy the pages they are on) and makes its half
of the new ones. An estimate, not a measurement: at 10k the digests hold about 110,000 entries, a few tens of MB
beside a parent of about 500 MB."""


def keep_unchanged(new: Path, previous: Path, known_file: Path | None = None,
                   out_file: Path | None = None, store: Path | None = None) -> int:
    """Where a file of the new output has the same bytes as the previous output's, put the previous file in its
    place (a hard link: same inode, same modification time), so that an unchanged page is not a new file and
    rsync or a deploy sends only what changed. Returns the number of files kept. Where hard links are not
    possible, the new file keeps its bytes and takes the previous file's times instead.

    Each new file is read once, for its digest, except one a publisher linked from the previous output itself
    (:mod:`generator.publish.reuse`); a previous file is not read where the previous output's digests
    (``known_file``) vouch for it (same size, inode and time as when written), and compared byte for byte where
    they do not (an output from before the digests, or a file changed since). The new output's digests are
    written to ``out_file``, from the same walk.

    The output is walked in two halves, one of them by a forked process where the run has two workers and the
    memory allows (:data:`KEEP_WORKER_SHARE`): each file is handled the same way whichever half it is in, and the
    halves do not overlap (:func:`_halves`). At 10k the walk took 3.6 s of one core after every publisher had
    finished (the profile of 2026-12-02), with the other core idle."""
    known = read_digests(known_file, last=True) if known_file is not None else {}
    keys = _take_keys(new)
    fill = _Fill.of(keys, store)
    parts = _by_halves(_keep_part, (new, previous, known, fill), new)
    written = {rel: entry for _kept, part in parts for rel, entry in part.items()}
    if out_file is not None:
        _write_entries(out_file, written, keys)
    fill.done()
    return sum(kept for kept, _part in parts)


class _Fill:
    """The keyed files of a new output that the store (:mod:`generator.publish.file_store`) does not hold yet,
    put into it by whichever half of the walk reads them for their digest (each half its own connection and its
    own :class:`_Batch`); then the store keeps only this output's files."""

    def __init__(self, keys: dict[str, str], store: Path | None, stored: set[str]) -> None:
        self.keys = keys
        self.store = store
        self.stored = stored

    @classmethod
    def of(cls, keys: dict[str, str], store: Path | None) -> _Fill:
        con = connection(store) if keys else None
        return cls(keys, store if con is not None else None, con.keys() if con is not None else set())

    def digest(self, path: str, rel: str, batch: _Batch) -> str:
        """The file's digest, its bytes added to ``batch`` where they are to be stored."""
        key = self.keys.get(rel) if self.store is not None else None
        if key is None or key in self.stored:
            return _digest(path)
        with open(path, "rb") as fh:
            data = fh.read()
        self._add(key, data, batch)
        return hashlib.sha256(data).hexdigest()

    def take(self, path: str, rel: str, digest: str, batch: _Batch) -> None:
        """A file linked from the previous output, added to ``batch`` where the store lacks it (a store lost or
        made anew where a deployment keeps its output) and its bytes are still those its ``digest`` vouches for."""
        key = self.keys.get(rel) if self.store is not None else None
        if key is None or key in self.stored:
            return
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return
        if hashlib.sha256(data).hexdigest() == digest:
            self._add(key, data, batch)

    def _add(self, key: str, data: bytes, batch: _Batch) -> None:
        batch.rows.append((key, data))
        batch.size += len(data)
        if batch.size >= FILL_BATCH:
            self.put(batch)

    def put(self, batch: _Batch) -> None:
        """Put ``batch`` into the store, and empty it."""
        con = connection(self.store)
        if batch.rows and con is not None:
            con.put_many(batch.rows)
        batch.rows, batch.size = [], 0

    def done(self) -> None:
        con = connection(self.store)
        if con is not None:
            con.keep_only(self.keys.values())


class _Batch:
    """Files read for the store and not yet put into it: (key, bytes), and their size."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, bytes]] = []
        self.size = 0


FILL_BATCH = 16 << 20
"""Bytes of files a half of the walk holds before it puts them into the store: without a bound, a first build held
every keyed file of its half (at 10k 175 MB, and as much again in compressed rows: a cold build's largest process
grew from 577 to 839 MB)."""


J = TypeVar("J")
R = TypeVar("R")


Unit = tuple[str, bool]
"""A part of an output for :func:`_files_of`: a path, and whether it is a folder to walk whole (else one file)."""


def _by_halves(part: Callable[[J, list[Unit]], R], job: J, folder: Path) -> list[R]:
    """``part(job, half)`` for both halves of ``folder`` (:func:`_halves`): the second in a forked process where the
    run has two workers and the memory allows (:data:`KEEP_WORKER_SHARE`), else one after the other here."""
    halves = _halves(folder)
    if can_fork(settings().workers) and workers_that_fit(2, KEEP_WORKER_SHARE) == 2:
        with heap.frozen(), fork_pool(job, 1) as pool:  # frozen: the fork's collections never walk this process
            other = pool.submit(part, halves[1])
            return [part(job, halves[0]), other.result()]
    return [part(job, half) for half in halves]


def _halves(folder: Path) -> tuple[list[Unit], list[Unit]]:
    """The output split in two for :func:`keep_unchanged`: its top-level files, and what each top-level folder
    holds (files, and folders taken whole: the enterprise and person folders are most of them), dealt alternately.
    As :func:`os.walk` does, a link to a folder is neither followed nor listed as a file, and a folder that cannot
    be read is left out. Whether each part is a folder is known from the listing: nothing is stat()ed again."""
    units: list[Unit] = []
    try:
        with os.scandir(folder) as top:
            entries = sorted(top, key=lambda e: e.name)
    except OSError:
        return [], []
    for entry in entries:
        if not _is_dir(entry):
            units.append((entry.path, False))
        elif not entry.is_symlink():
            try:
                with os.scandir(entry.path) as inner:
                    below = sorted(inner, key=lambda e: e.name)
            except OSError:
                units.append((entry.path, True))  # walked whole: os.walk leaves out what it cannot read, as before
                continue
            for e in below:
                folder_below = _is_dir(e)
                if not (folder_below and e.is_symlink()):
                    units.append((e.path, folder_below))
    return units[0::2], units[1::2]


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """As :func:`os.walk` decides it: a folder, or a link to one; anything it cannot tell (a link that loops) not."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _keep_part(job: tuple[Path, Path, dict[str, list[object]], _Fill],
               units: list[Unit]) -> tuple[int, dict[str, list[object]]]:
    """:func:`keep_unchanged` for the files of ``units`` (files, and folders walked whole): how many were kept,
    and their digest entries."""
    new, previous, known, fill = job
    kept = 0
    written: dict[str, list[object]] = {}
    pending = _Batch()
    for path, rel in _files_of(new, units):
        before = os.path.join(previous, rel)
        entry = known.get(rel)
        try:
            st_new = os.stat(path)
        except OSError:
            continue  # gone while walking: not ours to describe
        try:
            st_old = os.stat(before, follow_symlinks=False)
        except OSError:
            st_old = None
        if (st_old is not None and entry is not None and st_new.st_ino == st_old.st_ino
                and st_new.st_dev == st_old.st_dev and entry[1:4] == [st_old.st_size, st_old.st_ino, st_old.st_mtime_ns]):
            written[rel] = _entry(entry[0], st_old)  # linked by a publisher: the very file, vouched for
            fill.take(path, rel, str(entry[0]), pending)
            kept += 1
            continue
        digest = fill.digest(path, rel, pending)
        if st_old is None or not stat.S_ISREG(st_old.st_mode) or st_old.st_size != st_new.st_size:
            written[rel] = _entry(digest, st_new)
            continue
        if entry is not None and entry[1:4] == [st_old.st_size, st_old.st_ino, st_old.st_mtime_ns]:
            same = entry[0] == digest
        else:
            try:
                same = _same_bytes(path, before)
            except OSError:
                same = False
        if not same:
            written[rel] = _entry(digest, st_new)
            continue
        try:
            spare = path + ".keep"
            os.link(before, spare)
            os.replace(spare, path)
            written[rel] = _entry(digest, st_old)
        except OSError:
            try:
                os.utime(path, ns=(st_old.st_atime_ns, st_old.st_mtime_ns))
                written[rel] = _entry(digest, os.stat(path))
            except OSError:
                written[rel] = _entry(digest, st_new)
        kept += 1
    fill.put(pending)
    return kept, written


def _entry(digest: object, st: os.stat_result) -> list[object]:
    return [digest, st.st_size, st.st_ino, st.st_mtime_ns]


def record_output(new: Path, previous: Path | None, known_file: Path | None, out_file: Path | None,
                  store: Path | None = None) -> int:
    """Once the new output is complete: keep its unchanged files (where there is a previous output), write its
    digests (where there is a cache) and put its keyed files into the ``store``
    (:mod:`generator.publish.file_store`); the keys the publishers left in it are taken out either way."""
    if previous is not None:
        return keep_unchanged(new, previous, known_file, out_file, store)
    keys = _take_keys(new)
    if out_file is not None:
        write_digests(new, out_file, keys, store)
    return 0


def write_digests(folder: Path, out_file: Path, keys: dict[str, str] | None = None,
                  store: Path | None = None) -> None:
    """The digests of ``folder`` into ``out_file``: every file's digest and its size, inode and modification
    time now, and its key where ``keys`` has one. Both halves of the output at once, as :func:`keep_unchanged` does
    (a first build reads every file of it: at 10k about 110,000 files and 840 MB)."""
    fill = _Fill.of(keys or {}, store)
    entries = {rel: entry for part in _by_halves(_describe_part, (folder, fill), folder) for rel, entry in part.items()}
    _write_entries(out_file, entries, keys or {})
    fill.done()


def _describe_part(job: tuple[Path, _Fill], units: list[Unit]) -> dict[str, list[object]]:
    """:func:`write_digests` for the files of ``units``."""
    folder, fill = job
    pending = _Batch()
    out = {rel: _entry(fill.digest(path, rel, pending), os.stat(path)) for path, rel in _files_of(folder, units)}
    fill.put(pending)
    return out


def _write_entries(out_file: Path, entries: dict[str, list[object]], keys: dict[str, str]) -> None:
    for rel, key in keys.items():
        if rel in entries:
            entries[rel].append(key)
    data = json.dumps(dict(sorted(entries.items())), separators=(",", ":")).encode("ascii")
    try:  # a cache: failing to write it only makes the next build read the previous output
        out_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=out_file.name + ".", dir=out_file.parent)  # never through a planted link
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out_file)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise


_LAST_READ: dict[str, tuple[tuple[int, ...], dict[str, list[object]]]] = {}
"""The digests last read, by path, with the identity of the file they were read from: a build reads the previous
output's digests for its pages, then again to keep its unchanged files (10k: 0.7 s each time)."""


def read_digests(path: Path, last: bool = False) -> dict[str, list[object]]:
    """The previous output's digests, or nothing where they are missing, unreadable or not what we write. Read
    once while the file stays the same one (device, inode, size, times); ``last``: this process will not read them
    again (the copy kept for the next reader is let go). Callers never change what they get."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return {}
            ident = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            kept = _LAST_READ.pop(str(path), None)
            if kept is not None and kept[0] == ident:
                out = kept[1]
            else:
                raw = json.loads(fh.read())
                if not isinstance(raw, dict):
                    return {}
                out = {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, list) and len(v) in (4, 5)
                       and isinstance(v[0], str) and all(isinstance(x, int) and not isinstance(x, bool) for x in v[1:4])
                       and (len(v) == 4 or isinstance(v[4], str))}
    except (OSError, ValueError):
        return {}
    if not last:
        _LAST_READ.clear()
        _LAST_READ[str(path)] = (ident, out)
    return out


def _take_keys(new: Path) -> dict[str, str]:
    """The keys the publishers left in the new output (and the files gone from it)."""
    keys: dict[str, str] = {}
    for name in KEYS_FILES:
        path = new / name
        try:
            raw = json.loads(path.read_text(encoding="ascii"))
        except (OSError, ValueError):
            raw = None
        with contextlib.suppress(OSError):
            path.unlink()
        if isinstance(raw, dict):
            keys |= {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}
    return keys


def _files_of(folder: Path, units: list[Unit]) -> Iterator[tuple[str, str]]:
    """Every file of ``units`` (:func:`_halves`) inside the output ``folder``: its path, and its path inside the
    output; markers and render keys left out."""
    base = len(str(folder)) + 1
    for unit, walk in units:
        if not walk:
            if unit[base:] not in SKIP:
                yield unit, unit[base:]
            continue
        for parent, _dirs, files in os.walk(unit):
            for name in files:
                path = os.path.join(parent, name)
                if path[base:] not in SKIP:
                    yield path, path[base:]


def _digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()
