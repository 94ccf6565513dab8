"""Files made before, kept by key beside the parse cache, for a build that has no previous output (issue 17, step 2).

The render cache (:mod:`generator.publish.pages.render_cache`) and the search index's text shards
(:mod:`generator.publish.reuse`) take a file over from the previous output where its key — a digest of
everything it is made from — is the same. CI's nightly (``.github/workflows/publish.yml``) builds into an empty
folder on a fresh machine, so there is no previous output, and every page was rendered again each night. This
store keeps each keyed file's bytes by its key, in the cache folder (``CREDIT_CACHE_DIR``, else the user's), so
that such a build writes the bytes instead of rendering them; publish.yml restores the store (a cache entry of its
own, the newest run's) with the parse cache's secret.

* **What a key vouches for.** The same key as for linking from the previous output: the file's own inputs, the
  templates, the code, Pelican's settings, the Python version and every installed package
  (:meth:`generator.publish.reuse.Reuse.salt`, :func:`generator.fingerprint.source_digest`). A file is put in the
  store only as a build finishes (:func:`generator.publish.digests.record_output`), under the key it was made or
  linked from the previous output by.
* **Unforgeable.** Each value carries an HMAC-SHA256 of its key and bytes under the parse cache's per-user
  secret (:func:`generator.records.parse_cache.secret`); a row whose HMAC does not match is a miss and the file
  is made. So a planted or copied store cannot put a byte on the site. The store lives only where the parse
  cache may (:func:`generator.records.parse_cache.usable_dir`: never inside the records or a checkout).
* **Small.** Values are compressed (zstd); after each build the store keeps only the files that build used, so
  it holds one output's keyed files, not a history.
* **Never fails a build, never touches what is not its own.** A locked or unwritable store is an empty one (after
  one wait of :data:`_TIMEOUT`); a file of the store's name that is not a database (damaged) is replaced by an
  empty store; a database another program made (without :data:`APPLICATION_ID`) is left alone and not used.
"""

from __future__ import annotations

import hmac
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import zstandard

from generator.records.parse_cache import KeyRefused, default_dir, secret, usable_dir

FILE_NAME = "credit-file-store.sqlite"
APPLICATION_ID = 0x63724653  # "crFS", in the database's header: a database without it is another program's
_DOMAIN = b"credit file store v1\0"  # the secret signs parse-cache rows too: a row of one is never one of the other
_NOT_A_STORE = ("SQLITE_NOTADB", "SQLITE_CORRUPT")
_LEVEL = 1  # zstd: the 10k pages' 350 MB compress to 133 MB in 1.0 s (zlib's level 1: 130 MB in 3.2 s)
_TIMEOUT = 2.0  # seconds to wait for another process's lock, once: then the store is off for this process


class NotOurs(Exception):
    """A database in the store's place that another program made (no :data:`APPLICATION_ID`): left alone."""


def cache_dir(records: Path | None) -> Path | None:
    """The cache folder a build may keep its output's digests and this store in: the parse cache's, where it may
    be used for the records at ``records`` (:func:`generator.records.parse_cache.usable_dir`, quietly: the loader
    has warned already); for an output made from no records (``credit national``) the parse cache's folder. None
    without a cache."""
    if records is None:
        return default_dir()
    return usable_dir(default_dir(), records, quiet=True)


def _mac(secret_: bytes, key_: str, value: bytes) -> bytes:
    return hmac.digest(secret_, _DOMAIN + key_.encode("ascii") + b"\0" + value, "sha256")


class FileStore:
    """One process's connection to the store in ``directory`` (sqlite: open one per process, never across a fork).
    After any SQLite error (another process holding the lock past :data:`_TIMEOUT`, a full disk) the store is off
    for this process: each page would otherwise wait for the lock again."""

    def __init__(self, directory: Path) -> None:
        self.secret = secret()  # refused (KeyRefused) before anything is created
        self.unpack = zstandard.ZstdDecompressor().decompress
        self.off = False
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = directory / FILE_NAME
        try:
            self.con = self._connect(path)
        except sqlite3.DatabaseError as exc:  # a file of the store's own name that is not a database (damaged):
            if getattr(exc, "sqlite_errorname", None) not in _NOT_A_STORE:  # made anew; a locked one is left
                raise
            for name in (FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm"):
                if not (directory / name).is_symlink():
                    (directory / name).unlink(missing_ok=True)
            self.con = self._connect(path)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:  # only this user may read it (the pages are public, but the cache folder is the user's)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600))
        except FileExistsError:
            pass
        con = sqlite3.connect(path, timeout=_TIMEOUT)
        try:
            if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise NotOurs(str(path))
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # an empty database: ours from now
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
            con.execute("CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, mac BLOB NOT NULL, "
                        "value BLOB NOT NULL)")
        except BaseException:
            con.close()
            raise
        return con

    @classmethod
    def open(cls, directory: Path | None) -> FileStore | None:
        if directory is None:
            return None
        try:
            return cls(directory)
        except (OSError, sqlite3.Error, KeyRefused, NotOurs):
            return None

    def get(self, key_: str) -> bytes | None:
        """The bytes stored under ``key_`` whose HMAC verifies, or None."""
        if self.off:
            return None
        try:
            row = self.con.execute("SELECT mac, value FROM files WHERE key = ?", (key_,)).fetchone()
            if row is None or not isinstance(row[0], bytes) or not isinstance(row[1], bytes):
                return None
            if not hmac.compare_digest(row[0], _mac(self.secret, key_, row[1])):
                with self.con:  # forgotten, so that the build that makes the file again puts it back
                    self.con.execute("DELETE FROM files WHERE key = ?", (key_,))
                return None
            return self.unpack(row[1])
        except sqlite3.Error:
            self.off = True
            return None
        except (zstandard.ZstdError, UnicodeError):
            return None

    def keys(self) -> set[str]:
        if self.off:
            return set()
        try:
            return {k for (k,) in self.con.execute("SELECT key FROM files") if isinstance(k, str)}
        except sqlite3.Error:
            self.off = True
            return set()

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        if self.off:
            return
        try:
            pack = zstandard.ZstdCompressor(level=_LEVEL).compress
            rows = [(k, _mac(self.secret, k, z), z) for k, z in ((k, pack(v)) for k, v in items)]  # before the
            with self.con:  # write lock is taken: the other half of the walk writes meanwhile
                self.con.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            self.off = True
        except (zstandard.ZstdError, UnicodeError):
            pass

    def keep_only(self, wanted: Iterable[str]) -> None:
        """Forget every file but ``wanted`` (the keys of the build just made)."""
        if self.off:
            return
        try:
            with self.con:
                self.con.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
                self.con.execute("DELETE FROM wanted")
                self.con.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in wanted))
                self.con.execute("DELETE FROM files WHERE key NOT IN (SELECT key FROM wanted)")
                self.con.execute("DELETE FROM wanted")
        except sqlite3.Error:
            self.off = True

    def close(self) -> None:
        self.con.close()


_OPEN: dict[tuple[int, str], FileStore | None] = {}


def connection(directory: Path | None) -> FileStore | None:
    """This process's connection to the store in ``directory`` (opened once per process: a forked worker opens its
    own), or None."""
    if directory is None:
        return None
    at = (os.getpid(), str(directory))
    if at not in _OPEN:
        _OPEN[at] = FileStore.open(directory)
    return _OPEN[at]


def release(directory: Path | None) -> None:
    """Close this process's connection to the store in ``directory`` (as a build ends: the last connection to
    close writes the store's journal into its one file, which is what CI saves)."""
    if directory is None:
        return
    store = _OPEN.pop((os.getpid(), str(directory)), None)
    if store is not None:
        try:
            store.close()
        except sqlite3.Error:
            pass
