"""A cache of parsed record files, keyed by the hash of each file's bytes (``.cache/credit/parse.sqlite``).

A nightly rebuild where only the date changed re-parses nothing; a pull request that touches three files
re-parses three. The key also holds a fingerprint of the code that parses (the loader, the models, the
privacy checks, the installed pydantic), so a change to any of them starts afresh. The cache holds only
what parsing one file gives — its model and its own problems — never anything computed across files or
from a date, so it cannot change an output byte (a test builds with and without it and compares).

Set ``CREDIT_CACHE=off`` to disable it, ``CREDIT_CACHE_DIR`` to move it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pydantic

_SOURCES = ("yamlload.py", "models.py", "privacy.py", "load.py", "problems.py")


def _fingerprint() -> bytes:
    h = hashlib.sha256(pydantic.VERSION.encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        h.update((here / name).read_bytes())
    return h.digest()


FINGERPRINT = _fingerprint()


def key(model_name: str, data: bytes) -> bytes:
    return hashlib.sha256(FINGERPRINT + model_name.encode() + b"\0" + data).digest()


def _rowid(k: bytes) -> int:
    return int.from_bytes(k[:8], "big", signed=True)


def default_dir() -> Path | None:
    if os.environ.get("CREDIT_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    return Path(os.environ.get("CREDIT_CACHE_DIR", ".cache/credit"))


class ParseCache:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(directory / "parse.sqlite", timeout=30)
        self.con.execute("PRAGMA journal_mode = WAL")
        self.con.execute("PRAGMA synchronous = NORMAL")
        # Rows of about a kilobyte: a rowid table keyed by the hash's first 8 bytes (sqlite advises against
        # WITHOUT ROWID for rows this size; inserts were the slow part of a cold build). The whole hash is kept
        # and compared, so two files whose hashes share 8 bytes cannot be confused.
        self.con.execute("DROP TABLE IF EXISTS parsed")  # the layout before 2026-11-22
        self.con.execute("CREATE TABLE IF NOT EXISTS parsed_v2 (id INTEGER PRIMARY KEY, key BLOB NOT NULL, "
                         "value BLOB NOT NULL)")

    @classmethod
    def open(cls, directory: Path | None) -> ParseCache | None:
        if directory is None:
            return None
        try:
            return cls(directory)
        except (OSError, sqlite3.Error):
            return None  # a read-only checkout builds without a cache

    def get_many(self, keys: list[bytes]) -> dict[bytes, bytes]:
        wanted = set(keys)
        out: dict[bytes, bytes] = {}
        ids = [_rowid(k) for k in keys]
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            for k, v in self.con.execute(f"SELECT key, value FROM parsed_v2 WHERE id IN ({marks})", chunk):
                if k in wanted:
                    out[k] = v
        return out

    def put_many(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        try:
            with self.con:
                self.con.executemany("INSERT OR REPLACE INTO parsed_v2 VALUES (?, ?, ?)",
                                     ((_rowid(k), k, v) for k, v in items))
        except sqlite3.Error:
            pass  # a full disk or a locked cache must not fail a build

    def close(self) -> None:
        self.con.close()
