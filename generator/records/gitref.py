"""The records tree at a git ref, checked out into a folder of its own (``credit diff --base REF``).

Only the records folder is taken from the ref (``git ls-tree`` and ``git cat-file``, the blobs as they are
stored), into a temporary folder: no hook, filter or checkout runs, and nothing in the working tree changes.
"""

from __future__ import annotations

import os
import subprocess
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


def _existing_dir(path: Path) -> Path:
    p = path.absolute()
    while not p.is_dir():
        if p.parent == p:
            break
        p = p.parent
    return p


def materialize(ref: str, records: Path, dest: Path) -> BaseTree:
    """Write the files of ``records`` as they are at ``ref`` into ``dest`` (which must be empty)."""
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
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, *spec)
    entries: list[tuple[str, str]] = []  # (object id, path below the records directory)
    for raw in listing.split(b"\0"):
        if not raw:
            continue
        meta, _tab, path_b = raw.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        if kind != "blob" or mode == "120000":  # submodules and symbolic links are not records
            continue
        path = path_b.decode("utf-8", "surrogateescape")
        rel = path if prefix == "." else path[len(prefix) + 1:]
        if not rel or rel.startswith("/") or ".." in rel.split("/"):
            continue
        entries.append((oid, rel))
    if not entries:
        return BaseTree(ref, commit, short, None, 0)
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in entries).encode())
    pos = 0
    for oid, rel in entries:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].decode().split(" ")
        if len(header) != 3 or header[0] != oid:
            raise GitError(f"git cat-file 的输出与预期不符：{out[pos:nl]!r}")
        size = int(header[2])
        data = out[nl + 1: nl + 1 + size]
        pos = nl + 1 + size + 1
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return BaseTree(ref, commit, short, dest, len(entries))


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
