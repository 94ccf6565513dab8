"""A cache of parsed record files, keyed by the hash of each file's bytes.

A nightly rebuild where only the date changed re-parses nothing; a pull request that touches three files
re-parses three. The key also holds a fingerprint of the code that parses (the loader, the models, the
privacy checks, the installed pydantic), so a change to any of them starts afresh. The cache holds only
what parsing one file gives — its model and its own problems — never anything computed across files or
from a date, so it cannot change an output byte (a test builds with and without it and compares).

Nothing found in the working tree is trusted (DESIGN §9): values are pickles, and unpickling runs code.

* Where: ``$XDG_CACHE_HOME/credit-publication/parse.sqlite`` (``~/.cache/credit-publication/`` without
  ``XDG_CACHE_HOME``), outside any checkout. ``CREDIT_CACHE_DIR`` moves it, ``CREDIT_CACHE=off`` disables it.
  A cache directory inside the records tree or inside the git checkout of the records or of the current
  directory is refused (a warning on stderr; the run goes on without a cache): a pull request could have
  committed it.
* Unforgeable: every stored value carries an HMAC-SHA256 of its key and bytes under a per-user secret, kept
  apart from the cache directory in ``…/credit-publication/parse-cache.key`` (32 random bytes, created with
  mode 0600 on first use; refused unless it is a regular file of this user that nobody else can read). A value
  whose HMAC does not match is a cache miss: it is never unpickled. So a planted or copied cache database
  can neither run code nor stand for a record — the YAML is parsed instead.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

import pydantic

from generator.runtime import settings

_SOURCES = ("records/yamlload.py", "records/models.py", "records/privacy.py", "records/load.py", "records/files.py",
            "records/recordset.py", "records/model_errors.py", "records/problems.py", "records/kinds.py",
            "records/sheets.py", "records/hints.py", "labels.py", "rules/calendar.py",
            "rules/rulebook.py")  # sheets are derived from the rulebooks; hints read the labels
KEY_NAME = "parse-cache.key"
_KEY_BYTES = 32


def _fingerprint() -> bytes:
    """The code that gives a file's parse and problems: our sources, and what they lean on (pydantic,
    PyYAML/libyaml, python-stdnum's tables, Python's Unicode data for NFKC and digits)."""
    import sys
    import unicodedata

    import stdnum
    import yaml

    h = hashlib.sha256(pydantic.VERSION.encode())
    for part in (yaml.__version__, str(getattr(yaml, "__with_libyaml__", "")), stdnum.__version__,
                 unicodedata.unidata_version, sys.version):
        h.update(part.encode() + b"\0")
    here = Path(__file__).parent.parent
    for path in [*(here / name for name in _SOURCES), *sorted((here / "rules" / "rulebooks").glob("*.yaml"))]:
        h.update(path.read_bytes())
    return h.digest()


FINGERPRINT = _fingerprint()


def key(model_name: str, data: bytes) -> bytes:
    return hashlib.sha256(FINGERPRINT + model_name.encode() + b"\0" + data).digest()


def _rowid(k: bytes) -> int:
    return int.from_bytes(k[:8], "big", signed=True)


def base_dir() -> Path | None:
    """This user's cache folder for the generator (``$XDG_CACHE_HOME`` or ``~/.cache``), or None without a home."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "credit-publication"
    try:
        return Path.home() / ".cache" / "credit-publication"
    except (RuntimeError, KeyError):  # no HOME and no passwd entry
        return None


def key_path() -> Path | None:
    """Where the HMAC secret lives: the user's cache folder, whatever ``CREDIT_CACHE_DIR`` says."""
    base = base_dir()
    return base / KEY_NAME if base is not None else None


def default_dir() -> Path | None:
    run = settings()
    if not run.cache:
        return None
    return Path(run.cache_dir) if run.cache_dir else base_dir()


# ---- where a cache may not be -------------------------------------------------------------------------


def _checkout(start: Path) -> Path | None:
    """The innermost git working tree holding ``start`` (a folder with a ``.git`` entry), or None."""
    for p in (start, *start.parents):
        if os.path.lexists(p / ".git"):
            return p
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _forbidden(path: Path, records: Path) -> Path | None:
    """The records tree or checkout ``path`` lies in, or None when it lies outside all of them."""
    where = path.resolve()
    for folder in (records.resolve(), _checkout(records.resolve()), _checkout(Path.cwd().resolve())):
        if folder is not None and _inside(where, folder):
            return folder
    return None


def _warn(message: str) -> None:
    print(f"警告：{message}；本次不使用解析缓存（结果不受影响，只是慢一些）", file=sys.stderr)


def _quiet(_message: str) -> None:
    pass


def usable_dir(directory: Path | None, records: Path, quiet: bool = False) -> Path | None:
    """``directory`` if a cache may live there for the records at ``records``, else None (with a warning, unless
    ``quiet``: the loader has warned already).

    Refused: a directory inside the records tree, or inside the git checkout of the records or of the current
    directory (a committed cache), or a secret that lies there or cannot be had. Loads the secret, so that
    worker processes forked later share it."""
    if directory is None:
        return None
    warn = _quiet if quiet else _warn
    try:
        inside = _forbidden(directory, records)
        kp = key_path()
        key_inside = _forbidden(kp, records) if kp is not None else None
    except (OSError, RuntimeError) as exc:
        warn(f"无法确定解析缓存目录 {directory} 的位置（{exc}）")
        return None
    if inside is not None:
        warn(f"解析缓存目录 {directory} 位于记录目录或 git 工作区 {inside} 之内，可能随提交而来，不予信任。"
             f"请把 CREDIT_CACHE_DIR 设到工作区之外，或不设它（默认 {base_dir()}）")
        return None
    if kp is None:
        warn("找不到用户主目录，无法保存解析缓存的密钥；可设置 XDG_CACHE_HOME")
        return None
    if key_inside is not None:
        warn(f"解析缓存的密钥 {kp} 位于记录目录或 git 工作区 {key_inside} 之内，不予信任；"
             "请把 XDG_CACHE_HOME 设到工作区之外")
        return None
    try:
        secret(kp)
    except KeyRefused as exc:
        warn(str(exc))
        return None
    return directory


# ---- the secret ---------------------------------------------------------------------------------------


class KeyRefused(Exception):
    """The HMAC secret cannot be read or created safely (the message says why, in Chinese)."""


_SECRETS: dict[str, bytes] = {}


def _create_key(path: Path) -> None:
    """Write 32 random bytes to ``path`` (mode 0600); the first of two concurrent writers wins."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, secrets.token_bytes(_KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # atomic and never replaces a key another process just made
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def secret(path: Path | None = None) -> bytes:
    """This user's HMAC secret (read once per process), created on first use. Raises :class:`KeyRefused`."""
    path = path if path is not None else key_path()
    if path is None:
        raise KeyRefused("找不到用户主目录，无法保存解析缓存的密钥")
    known = _SECRETS.get(str(path))
    if known is not None:
        return known
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileNotFoundError:
            _create_key(path)
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
                raise KeyRefused(f"解析缓存的密钥 {path} 应是本用户独有的普通文件（权限 0600），现在不是；"
                                 "请删除它，下次运行会重新生成")
            data = os.read(fd, _KEY_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise KeyRefused(f"无法读取或创建解析缓存的密钥 {path}（{exc.strerror or exc}）") from None
    if len(data) != _KEY_BYTES:
        raise KeyRefused(f"解析缓存的密钥 {path} 长度不对；请删除它，下次运行会重新生成")
    _SECRETS[str(path)] = data
    return data


def _mac(secret_: bytes, k: bytes, value: bytes) -> bytes:
    return hmac.digest(secret_, k + value, "sha256")


# ---- the store ----------------------------------------------------------------------------------------


class ParseCache:
    def __init__(self, directory: Path, secret_: bytes) -> None:
        self.secret = secret_
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.con = sqlite3.connect(directory / "parse.sqlite", timeout=30)
        self.con.execute("PRAGMA journal_mode = WAL")
        self.con.execute("PRAGMA synchronous = NORMAL")
        # Rows of about a kilobyte: a rowid table keyed by the hash's first 8 bytes (sqlite advises against
        # WITHOUT ROWID for rows this size; inserts were the slow part of a cold build). The whole hash is kept
        # and compared, so two files whose hashes share 8 bytes cannot be confused. ``mac`` authenticates
        # ``key + value`` under this user's secret; a row without a matching one is never unpickled.
        self.con.execute("DROP TABLE IF EXISTS parsed")  # the layout before 2026-11-22
        self.con.execute("DROP TABLE IF EXISTS parsed_v2")  # values without a MAC (before issue 12)
        self.con.execute("CREATE TABLE IF NOT EXISTS parsed_v3 (id INTEGER PRIMARY KEY, key BLOB NOT NULL, "
                         "mac BLOB NOT NULL, value BLOB NOT NULL)")

    @classmethod
    def open(cls, directory: Path | None) -> ParseCache | None:
        if directory is None:
            return None
        try:
            return cls(directory, secret())
        except (OSError, sqlite3.Error, KeyRefused):
            return None  # a read-only checkout builds without a cache

    def get_many(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The stored values of ``keys`` whose MAC verifies (any other row is a miss)."""
        wanted = set(keys)
        out: dict[bytes, bytes] = {}
        ids = [_rowid(k) for k in keys]
        s = self.secret
        try:
            for i in range(0, len(ids), 900):
                chunk = ids[i : i + 900]
                marks = ",".join("?" * len(chunk))
                for k, mac, v in self.con.execute(
                    f"SELECT key, mac, value FROM parsed_v3 WHERE id IN ({marks})", chunk
                ):
                    if (k in wanted and isinstance(v, bytes) and isinstance(mac, bytes)
                            and hmac.compare_digest(mac, _mac(s, k, v))):
                        out[k] = v
        except sqlite3.Error:
            return {}  # a damaged cache is an empty one
        return out

    def put_many(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        s = self.secret
        try:
            with self.con:
                self.con.executemany("INSERT OR REPLACE INTO parsed_v3 VALUES (?, ?, ?, ?)",
                                     ((_rowid(k), k, _mac(s, k, v), v) for k, v in items))
        except sqlite3.Error:
            pass  # a full disk or a locked cache must not fail a build

    def close(self) -> None:
        self.con.close()
