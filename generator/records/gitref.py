"""The records tree at a git ref (``credit diff --base REF``): its listing, the bytes of some of its files, or all
of it checked out into a folder of its own.

Only the records folder is read from the ref (``git ls-tree`` and ``git cat-file``, the blobs as they are
stored): no hook, filter or checkout runs, and nothing in the working tree changes. Symbolic links and
submodules in the ref are not records and are left out, as the loader would refuse them.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """Git could not give the base tree (not a repository, unknown ref, …)."""


# ---- git: the records tree at a ref ------------------------------------------------------------------


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(
            ["git", "--literal-pathspecs", *args], cwd=cwd, input=stdin, capture_output=True, check=False,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"无法运行 git（{exc}）") from exc
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} 失败")
    return proc.stdout


@dataclass(frozen=True)
class BaseTree:
    ref: str
    commit: str
    short: str
    root: Path | None  # None: the base holds no records directory
    files: int


@dataclass(frozen=True)
class Listing:
    """The files of the records folder at a commit: each one's blob id (hex), by its path below the folder."""

    ref: str
    commit: str
    short: str
    top: Path  # the repository's working tree, where git runs
    blobs: dict[str, str]

    @property
    def hash_name(self) -> str:
        """The repository's object format, as :mod:`hashlib` names it (``sha1``, or ``sha256``)."""
        return "sha256" if len(self.commit) == 64 else "sha1"

    def tree(self, root: Path | None) -> BaseTree:
        return BaseTree(self.ref, self.commit, self.short, root, len(self.blobs))


def blob_id(data: bytes, hash_name: str = "sha1") -> bytes:
    """The git object id of a blob holding ``data`` (raw digest): what ``git hash-object`` gives for these bytes
    with no filter applied."""
    h = hashlib.new(hash_name, b"blob %d\0" % len(data))
    h.update(data)
    return h.digest()


def _existing_dir(path: Path) -> Path:
    p = path.absolute()
    while not p.is_dir():
        if p.parent == p:
            break
        p = p.parent
    return p


def listing(ref: str, records: Path) -> Listing:
    """The files of ``records`` as they are at ``ref`` (``git ls-tree -r``: one call, no file is read)."""
    top = Path(_git(_existing_dir(records), "rev-parse", "--show-toplevel").decode().strip())
    prefix = os.path.relpath(records.resolve(), top.resolve()).replace(os.sep, "/")
    if prefix == ".." or prefix.startswith("../"):
        raise GitError(f"记录目录 {records} 不在 git 仓库 {top} 之内")
    try:
        commit_b = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"找不到基准版本 “{ref}”（unknown revision）："
                       "在 CI 中请用 fetch-depth: 0 检出") from None
    commit = commit_b.decode().strip()
    short = _git(top, "rev-parse", "--short", commit).decode().strip()
    spec = ["--", prefix] if prefix != "." else []
    out = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, *spec)
    blobs: dict[str, str] = {}
    cut = 0 if prefix == "." else len(prefix) + 1
    for raw in out.split(b"\0"):
        if not raw:
            continue
        meta, _tab, path_b = raw.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        if kind != "blob" or mode == "120000":  # submodules and symbolic links are not records
            continue
        rel = path_b.decode("utf-8", "surrogateescape")[cut:]
        if not rel or rel.startswith("/") or ".." in rel.split("/"):
            continue
        blobs[rel] = oid
    return Listing(ref, commit, short, top, blobs)


def read_blobs(top: Path, oids: Sequence[str]) -> Iterator[bytes]:
    """The bytes of each blob, in order (one ``git cat-file --batch`` for all of them)."""
    if not oids:
        return
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode())
    pos = 0
    for oid in oids:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].decode().split(" ")
        if len(header) != 3 or header[0] != oid:
            raise GitError(f"git cat-file 的输出与预期不符：{out[pos:nl]!r}")
        size = int(header[2])
        yield out[nl + 1: nl + 1 + size]
        pos = nl + 1 + size + 1


def write_files(dest: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write each ``(path below dest, bytes)`` under ``dest``."""
    for rel, data in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def materialize(ref: str, records: Path, dest: Path) -> BaseTree:
    """Write the files of ``records`` as they are at ``ref`` into ``dest`` (which must be empty)."""
    return checkout(listing(ref, records), dest)


def checkout(found: Listing, dest: Path) -> BaseTree:
    """Write every file of a listing into ``dest`` (which must be empty); no root when there is none."""
    if not found.blobs:
        return found.tree(None)
    rels = list(found.blobs)
    write_files(dest, zip(rels, read_blobs(found.top, [found.blobs[r] for r in rels]), strict=True))
    return found.tree(dest)


def records_commit(records: Path) -> str | None:
    """The git commit of the records, when they are in a git checkout."""
    try:
        out = subprocess.run(
            ["git", "-C", str(records), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = out.stdout.strip()
    return commit if out.returncode == 0 and len(commit) == 40 else None
