"""Reading and parsing record files: regular files only, with a size limit, on every core, through the parse
cache; and the walk's rules for names (see :mod:`generator.records.load` for the layout)."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.records import models as m
from generator.records import parse_cache
from generator.records.gitref import blob_id
from generator.records.kinds import SCHEMA_MODELS, kind_of
from generator.records.model_errors import model_problems
from generator.records.parse_cache import ParseCache
from generator.records.privacy import suspect, text_problems
from generator.records.problems import Problem, display_path
from generator.records.recordset import Doc, Source, T
from generator.records.yamlload import (
    MAX_BYTES,
    MAX_BYTES_TOP,
    LineMap,
    YamlFileError,
    decode_text,
    load_yaml,
    not_regular_message,
    read_bytes,
)
from generator.runtime import can_fork, fork_pool, settings

# ---- the loader ---------------------------------------------------------------------------------------


_TOP_MODELS = frozenset({"platform", "regions", "authorities", "calendar"})


def _limit(model_name: str) -> int:
    """The size limit of a file of this kind: the top-level lists may be long, a record is small."""
    return MAX_BYTES_TOP if model_name in _TOP_MODELS else MAX_BYTES


def read_record(path: str | Path, model_name: str) -> bytes | str:
    """A record file's bytes, or why it was not read (a message for the clerk): not a regular file, too
    large, or not readable. Never follows a symbolic link, never waits on a FIFO."""
    try:
        return read_bytes(path, _limit(model_name))
    except YamlFileError as exc:
        return exc.message
    except OSError as exc:
        return f"无法读取文件（{exc.strerror or exc}）"


def parse_bytes(data: bytes, display: str, model_name: str) -> tuple[BaseModel | None, list[Problem]]:
    """Parse one record file's bytes into its model, with the file's own problems (no other file needed)."""
    model = SCHEMA_MODELS[model_name]
    problems: list[Problem] = []
    try:
        text = decode_text(data, _limit(model_name))
        loaded = load_yaml(text, track=False)
    except YamlFileError as exc:
        return None, [Problem(display, exc.line, exc.message)]
    value = loaded.value
    lines: LineMap | None = None
    if suspect(value):
        lines = load_yaml(text).lines
        problems.extend(text_problems(display, lines))
    if value is None:
        value = None if issubclass(model, m.Authorities | m.Regions) else {}
    try:
        return model.model_validate(value, strict=True), problems
    except ValidationError as exc:
        lines = lines or load_yaml(text).lines
        problems.extend(model_problems(exc, value, lines, display, model))
        return None, problems


def _parse_chunk(items: list[tuple[str, str, str]], cache_dir: Path | None,
                 blob_hash: str | None = None) -> list[tuple[bytes, bytes | str, str, bool]]:
    """Parse files (``(path, display, model)``): read each, look its bytes up in the parse cache, parse the
    others. Returns per file ``(key, pickled (model, problems), blob id, fresh)`` — the form the cache stores,
    ``fresh`` when it was parsed here (for the caller to store) — or ``(b"", why it was not read, "", False)``, a
    message for the clerk. The key is also the document's :attr:`~generator.records.recordset.Doc.digest`.
    With ``blob_hash`` (``sha1``/``sha256``), the blob id is the git object id of the bytes
    read (hex; ``credit diff`` compares it with the base's), else "". Runs in a worker process when there are
    many files; reads only regular files, within the size limit (:func:`read_record`)."""
    blobs: list[bytes | None] = []
    out: list[tuple[bytes, bytes | str, str, bool]] = []
    for path, _display, model in items:
        got = read_record(path, model)
        if isinstance(got, str):
            blobs.append(None)
            out.append((b"", got, "", False))
        else:
            blobs.append(got)
            out.append((b"", b"", blob_id(got, blob_hash).hex() if blob_hash else "", False))
    keys = [parse_cache.key(it[2], b) if b is not None else b"" for it, b in zip(items, blobs, strict=True)]
    cache = ParseCache.open(cache_dir)
    try:
        cached = cache.get_many([k for k in keys if k]) if cache is not None else {}
        for i, ((_path, display, model), data, k) in enumerate(zip(items, blobs, keys, strict=True)):
            if data is None:
                continue
            blob = cached.get(k)
            if blob is None:
                blob = pickle.dumps(parse_bytes(data, display, model), protocol=pickle.HIGHEST_PROTOCOL)
                out[i] = (k, blob, out[i][2], True)  # fresh: the caller stores it (one writer, one transaction)
            else:
                out[i] = (k, blob, out[i][2], False)
    finally:
        if cache is not None:
            cache.close()
    return out


def _pool_chunk(job: tuple[Path | None, str | None],
                items: list[tuple[str, str, str]]) -> list[tuple[bytes, bytes | str, str, bool]]:
    """Worker: one chunk of files (the job is the cache directory and the blob hash)."""
    return _parse_chunk(items, *job)


@dataclass(frozen=True)
class File:
    path: str
    display: str
    name: str
    stem: str


@dataclass
class Task:
    path: str
    display: str
    model: str
    ident: str
    result: Any = None  # Doc | None once parsed

    @classmethod
    def of(cls, f: File, model: str) -> Task:
        return cls(f.path, f.display, model, f.stem)




class Loader:
    def __init__(self, root: Path, cache_dir: Path | None = None, blob_hash: str | None = None) -> None:
        self.root = root
        self.prefix = display_path(root)
        self.problems: list[Problem] = []
        self.cache_dir = cache_dir
        self.blob_hash = blob_hash
        self.blobs: dict[str, str] = {}
        """With ``blob_hash``: every file read, by its path below the root → the git blob id of its bytes."""
        self.keep_digests = settings().carry
        """Whether documents keep their :attr:`~generator.records.recordset.Doc.digest` (32 bytes each: only where a
        night may carry what it computed, ``CREDIT_CARRY``)."""
        self.read_digests = hashlib.sha256()
        """The files read one by one (:meth:`read`), their paths and digests in the order read: the record
        set's :attr:`~generator.records.recordset.RecordSet.top_digest`."""

    def rel(self, display: str) -> str:
        """The path below the root of a file shown as ``display`` (every display is the prefix, "/", that path)."""
        return display[len(self.prefix) + 1:]

    def disp(self, path: Path) -> str:
        try:
            return f"{self.prefix}/{path.relative_to(self.root).as_posix()}"
        except ValueError:
            return display_path(path)

    def read(self, path: Path, model: type[T], ident: str) -> Doc[T] | None:
        display = self.disp(path)
        name = kind_of(model)
        data = read_record(path, name)
        if isinstance(data, str):
            self.problems.append(Problem(display, 1, data))
            return None
        if self.blob_hash:
            self.blobs[self.rel(display)] = blob_id(data, self.blob_hash).hex()
        obj, problems = parse_bytes(data, display, name)
        self.problems.extend(problems)
        digest = parse_cache.key(name, data)
        self.read_digests.update(self.rel(display).encode("utf-8", "surrogatepass") + b"\0" + digest)
        kept = digest if self.keep_digests else b""
        return Doc(ident, obj, Source(display, path), kept) if obj is not None else None  # type: ignore[arg-type]

    def parse_many(self, tasks: list[Task]) -> None:
        """Parse many files: from the cache where their bytes are known, else on every core. Worker processes
        read, hash, look up and parse; this process turns their results into models as they arrive and stores
        the fresh ones in the cache at the end (one writer: two writers contending for the file were slower)."""
        items = [(t.path, t.display, t.model) for t in tasks]
        fresh: list[tuple[bytes, bytes]] = []
        run = settings()
        if len(items) >= run.pool_min_files and can_fork(run.workers):
            size = max(200, min(2000, len(items) // (run.workers * 8)))  # small chunks: results arrive steadily
            chunks = [items[i : i + size] for i in range(0, len(items), size)]
            with fork_pool((self.cache_dir, self.blob_hash), run.workers) as pool:
                done = 0
                for part in pool.map(_pool_chunk, chunks):
                    fresh += self._take(tasks[done : done + len(part)], part)
                    done += len(part)
        else:
            fresh = self._take(tasks, _parse_chunk(items, self.cache_dir, self.blob_hash))
        if fresh and self.cache_dir is not None:
            cache = ParseCache.open(self.cache_dir)
            if cache is not None:
                cache.put_many(fresh)
                cache.close()

    def _take(self, tasks: list[Task],
              results: list[tuple[bytes, bytes | str, str, bool]]) -> list[tuple[bytes, bytes]]:
        """Models from the workers' results; returns the fresh ones, for the cache."""
        fresh: list[tuple[bytes, bytes]] = []
        for t, (k, value, oid, new) in zip(tasks, results, strict=True):
            if isinstance(value, str):  # not ok: why the file was not read
                self.problems.append(Problem(t.display, 1, value))
                continue
            if oid:
                self.blobs[self.rel(t.display)] = oid
            if new:
                fresh.append((k, value))
            obj, problems = pickle.loads(value)
            for p in problems:  # the cache may have been filled under another path
                self.problems.append(replace(p, path=t.display))
            digest = k if self.keep_digests else b""
            t.result = Doc(t.ident, obj, Source(t.display, t.path), digest) if obj is not None else None  # a str: no Path
        return fresh

    def required(self, path: Path, model: type[T], missing: str) -> Doc[T] | None:
        """One of the top-level files every deployment has: read it, or report that it is missing."""
        if not os.path.lexists(path):  # a dangling link is reported as a link when read, not as missing
            self.error(path, missing)
            return None
        return self.read(path, model, path.stem)

    def error(self, path: Path, message: str, line: int = 1) -> None:
        self.problems.append(Problem(self.disp(path), line, message))

    def error_at(self, display: str, message: str, line: int = 1) -> None:
        self.problems.append(Problem(display, line, message))

    def real_dir(self, folder: Path) -> bool:
        """Whether ``folder`` is a folder to walk. Absent: False, in silence; a link or a file: reported."""
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            return False
        except OSError as exc:
            self.error(folder, f"无法读取文件夹（{exc.strerror or exc}）")
            return False
        if stat.S_ISDIR(mode):
            return True
        if stat.S_ISLNK(mode):
            self.error(folder, LINKED_DIR if os.path.isdir(folder) else not_regular_message(mode))
        elif stat.S_ISREG(mode):
            self.error(folder, f"“{folder.name}” 应是文件夹，现在是一个文件（expected a folder）")
        else:
            self.error(folder, not_regular_message(mode))
        return False

    def entries(self, folder: Path, base: str) -> list[os.DirEntry[str]]:
        """The entries of a folder in name order: real folders and regular files whose names do not begin with a
        dot. Links, special files and hidden entries are reported and left out (``.gitkeep`` in silence)."""
        try:
            found = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.error(folder, f"无法读取文件夹（{exc.strerror or exc}）")
            return []
        out = []
        for entry in found:
            name = entry.name
            display = f"{base}/{name}"
            if entry.is_symlink():  # d_type: no system call
                message = LINKED_DIR if entry.is_dir() else not_regular_message(stat.S_IFLNK)
                self.problems.append(Problem(display, 1, message))
                continue
            is_dir = entry.is_dir(follow_symlinks=False)
            if not is_dir and not entry.is_file(follow_symlinks=False):  # a FIFO, a device, a socket
                try:
                    mode = entry.stat(follow_symlinks=False).st_mode
                except OSError:
                    mode = 0
                self.problems.append(Problem(display, 1, not_regular_message(mode)))
                continue
            if name.startswith("."):
                if name == ".gitkeep" and not is_dir:
                    continue
                self.problems.append(Problem(display, 1, hidden_message(name, is_dir)))
                continue
            out.append(entry)
        return out

    def subdirs(self, folder: Path) -> list[Path]:
        """Entries of a folder in name order (see :meth:`entries`: no link among them)."""
        return [Path(e.path) for e in self.entries(folder, self.disp(folder))]

    def yaml_files(self, folder: Path) -> list[File]:
        """The record files of a folder in name order (bad names reported), without a Path object per file.
        Whatever else is there — a folder, a link, ``X.YAML``, ``X.yml``, ``X.yaml.bak``, ``.X.yaml`` — is an
        error: none of it would be read."""
        if not self.real_dir(folder):
            return []
        base = self.disp(folder)
        out = []
        for entry in self.entries(folder, base):
            name = entry.name
            display = f"{base}/{name}"
            if entry.is_dir(follow_symlinks=False):
                self.problems.append(Problem(display, 1, f"这里不应有文件夹 “{name}”（unexpected folder）"))
                continue
            low = name.lower()
            if low.endswith(".yml"):
                self.problems.append(Problem(display, 1, "扩展名请用 .yaml（不是 .yml），否则不会被读取"))
                continue
            if not name.endswith(".yaml"):
                if low.endswith(".yaml"):
                    message = f"扩展名请用小写 .yaml（现在是 “{name[-5:]}”），否则不会被读取"
                else:
                    message = (f"这里只应有 .yaml 记录文件：“{name}” 不会被读取，请删除它或移出 records/"
                               "（unexpected file）")
                self.problems.append(Problem(display, 1, message))
                continue
            stem = name[:-5]
            if stem != stem.strip() or " " in stem or "\u3000" in stem:
                self.problems.append(Problem(display, 1, f"文件名 “{name}” 含有空格，请删除空格"))
                continue
            out.append(File(entry.path, display, name, stem))
        return out


LINKED_DIR = ("不是普通文件夹（符号链接）：records/ 中的文件夹不能链接到别处，其中的文件没有被读取；"
               "请换成真实的文件夹（a symbolic link to a folder）")


def hidden_message(name: str, is_dir: bool) -> str:
    what = "文件夹" if is_dir else "文件"
    return (f"隐藏{what} “{name}” 不会被读取：名称不能以点开头；是记录请去掉开头的点，不是请删除"
            f"（hidden {'folder' if is_dir else 'file'}）")


ROOT_DIRS = frozenset({"enterprises", "persons", "credit", "evaluations"})
ROOT_FILES = frozenset({"platform.yaml", "regions.yaml", "authorities.yaml", "calendar.yaml"})
ROOT_ALLOWED = frozenset({".git", ".gitignore", ".gitattributes", ".gitkeep", ".github", ".synth"})
"""Allowed at the top of the records and not read: git's own entries, for records kept in a repository of
their own, and the marker the fake-data tool leaves (tools.fakedata.tree.MARKER)."""

