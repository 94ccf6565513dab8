"""Knowing which files of a new output are unchanged, without reading the previous output (issue 17).

:func:`keep_unchanged` puts the previous file in place of an identical new one (a hard link), so that a
deploy sends only what changed; the digests written with every output tell the next build each file's
digest and the size, inode and modification time it had, so the previous tree is only stat()ed, not read.
At 200k enterprises reading the previous tree took most of the nightly rebuild (bench/README.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.records.parse_cache import default_dir


def digests_file(target: Path) -> Path | None:
    """Where the digests of the output ``target`` are kept: in the user's cache folder, beside the parse cache
    (``outputs/<hash of the output's path>.json``) — not in the output, whose bytes they would change (inode
    numbers and times), nor beside it in a checkout. None where there is no cache (``CREDIT_CACHE=off``): then
    every unchanged file is compared byte for byte, as before."""
    base = default_dir()
    if base is None:
        return None
    name = hashlib.sha256(os.fsencode(os.path.realpath(target))).hexdigest()[:32]
    return base / "outputs" / f"{name}.json"

KEYS_FILE = ".credit-render-keys.json"
"""The render keys of the cached pages (:mod:`generator.publish.pages.render_cache`), written into the new
output by the pages and moved from there into the digests."""
SEARCH_KEYS_FILE = ".credit-search-keys.json"
"""The keys of the search index's text shards (:mod:`generator.publish.search.index`)."""
KEYS_FILES = (KEYS_FILE, SEARCH_KEYS_FILE)
SKIP = frozenset({".credit-output", ".credit-output.partial", *KEYS_FILES})
"""Not part of the output's content: the markers (generator.publish.output) and the render keys."""


def keep_unchanged(new: Path, previous: Path, known_file: Path | None = None,
                   out_file: Path | None = None) -> int:
    """Where a file of the new output has the same bytes as the previous output's, put the previous file in its
    place (a hard link: same inode, same modification time), so that an unchanged page is not a new file and
    rsync or a deploy sends only what changed. Returns the number of files kept. Where hard links are not
    possible, the new file keeps its bytes and takes the previous file's times instead.

    Each new file is read once, for its digest, except one a publisher linked from the previous output itself
    (:mod:`generator.publish.reuse`); a previous file is not read where the previous output's digests
    (``known_file``) vouch for it (same size, inode and time as when written), and compared byte for byte where
    they do not (an output from before the digests, or a file changed since). The new output's digests are
    written to ``out_file``, from the same walk."""
    known = read_digests(known_file) if known_file is not None else {}
    keys = _take_keys(new)
    kept = 0
    written: dict[str, list[object]] = {}
    for path, rel in _content(new):
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
            kept += 1
            continue
        digest = _digest(path)
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
    if out_file is not None:
        _write_entries(out_file, written, keys)
    return kept


def _entry(digest: object, st: os.stat_result) -> list[object]:
    return [digest, st.st_size, st.st_ino, st.st_mtime_ns]


def record_output(new: Path, previous: Path | None, known_file: Path | None, out_file: Path | None) -> int:
    """Once the new output is complete: keep its unchanged files (where there is a previous output) and write
    its digests (where there is a cache); the keys the publishers left in it are taken out either way."""
    if previous is not None:
        return keep_unchanged(new, previous, known_file, out_file)
    keys = _take_keys(new)
    if out_file is not None:
        write_digests(new, out_file, keys)
    return 0


def write_digests(folder: Path, out_file: Path, keys: dict[str, str] | None = None) -> None:
    """The digests of ``folder`` into ``out_file``: every file's digest and its size, inode and modification
    time now, and its key where ``keys`` has one."""
    entries: dict[str, list[object]] = {}
    for path, rel in _content(folder):
        entries[rel] = _entry(_digest(path), os.stat(path))
    _write_entries(out_file, entries, keys or {})


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


def read_digests(path: Path) -> dict[str, list[object]]:
    """The previous output's digests, or nothing where they are missing, unreadable or not what we write."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return {}
            raw = json.loads(fh.read())
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, list) and len(v) in (4, 5)
            and isinstance(v[0], str) and all(isinstance(x, int) and not isinstance(x, bool) for x in v[1:4])
            and (len(v) == 4 or isinstance(v[4], str))}


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


def _content(folder: Path) -> Iterator[tuple[str, str]]:
    """Every file of an output (its path, and its path inside the output), markers and render keys left out."""
    base = len(str(folder)) + 1
    for parent, _dirs, files in os.walk(folder):
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
