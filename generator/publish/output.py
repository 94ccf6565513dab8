"""The output folder of ``credit build``: what it may replace, and how it is replaced (DESIGN §7, §9).

* :func:`check_output`: ``--output`` is refused unless it is absent, an empty folder, or an earlier output of
  ours — a folder holding :data:`MARKER` (written last into every output), none of it tracked by git — and
  never the records, a parent of them, a checkout root, the home folder, the file system root or a file.
* :func:`atomic_directory`: the new output is written beside the old one and swapped in whole (Linux:
  ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, and a build killed between them is put back by the
  next one), under a lock on the parent folder; leftovers of killed builds — ours by their marker — are removed.
* :func:`generator.publish.digests.record_output`, called as the new output is finished: an unchanged file keeps
  its inode and time, so a deploy sends only what changed; the digests kept for each output in the cache folder
  (:mod:`generator.publish.digests`) let the next build know a previous file's bytes without reading them
  (issue 17: at 200k enterprises that took most of the nightly rebuild).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import glob
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from generator import __version__
from generator.publish.digests import digests_file, record_output
from generator.publish.file_store import cache_dir, release

MARKER = ".credit-output"
"""The file every output of ``credit build`` holds, written last: it marks a directory as ours (and complete)."""
MARKER_BYTES = (json.dumps({"generator": "credit-publication", "version": __version__}) + "\n").encode("ascii")
LOCK_WAIT_SECONDS = 600.0


class OutputRefused(Exception):
    """``--output`` names something a build must not replace (exit 2)."""


class OutputError(Exception):
    """The output could not be written (exit 1); nothing was left behind."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _checkout_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


PARTIAL = ".credit-output.partial"
"""Written first into a build's new folder: a leftover of a killed build is recognised as ours by it."""


def _marked(folder: Path, name: str = MARKER) -> bool:
    """``folder`` holds our marker: a small regular file (never a link) naming this generator, any version."""
    try:
        st = os.lstat(folder / name)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 256:
            return False
        doc = json.loads((folder / name).read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("generator") == "credit-publication"


def _tracked(folder: Path) -> bool:
    """``folder`` holds files git tracks (a marker or an output committed by a pull request is not ours)."""
    if _checkout_root(folder) is None:
        return False
    try:
        out = subprocess.run(["git", "-C", str(folder), "ls-files", "-z", "--", "."], capture_output=True,
                             timeout=30, check=False)
    except FileNotFoundError:
        return False  # no git on this machine: nothing here came through it
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell: not trusted
    return out.returncode != 0 or bool(out.stdout)


def _ours(folder: Path, *names: str) -> bool:
    """A folder of ours: not a link, marked (by any of ``names``), and nothing in it tracked by git."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False
    except OSError:
        return False
    return any(_marked(folder, n) for n in (names or (MARKER,))) and not _tracked(folder)


def _looks_like_ours(target: Path) -> bool:
    """An output of ours: it holds the marker, or (built before the marker existed) the data package, no
    ``.git``, and either the home page or (``--data-only``) nothing but ``data/`` and ``api/`` — and in
    either case no file git tracks."""
    if _tracked(target):
        return False
    if _marked(target):
        return True
    if not (target / "data" / "datapackage.json").is_file() or os.path.lexists(target / ".git"):
        return False
    return (target / "index.html").is_file() or {p.name for p in target.iterdir()} <= {"data", "api"}


def check_output(output: Path, records: Path | None = None) -> Path:
    """The absolute output path, or :class:`OutputRefused` with a message in Chinese saying why not."""
    shown = str(output)
    try:
        target = output.resolve()
        here = Path.cwd().resolve()
    except (OSError, RuntimeError) as exc:
        raise OutputError(f"无法确定输出目录 {shown} 的位置：{why(exc)}") from None
    try:
        home: Path | None = Path.home().resolve()
    except (OSError, RuntimeError, KeyError):
        home = None
    if target.parent == target:
        raise OutputRefused(f"输出目录 {shown} 是文件系统的根目录：请另选一个专用的输出目录（例如 output）")
    if home is not None and _inside(home, target):
        raise OutputRefused(f"输出目录 {shown} 是主目录或它的上级：构建会替换整个目录，请另选一个专用的输出目录")
    if _inside(here, target):
        raise OutputRefused(f"输出目录 {shown} 是当前目录或它的上级：构建会替换整个目录，请另选一个专用的输出目录")
    if records is not None:
        rec = records.resolve()
        if _inside(rec, target):
            raise OutputRefused(f"输出目录 {shown} 是记录目录 {records} 或它的上级：构建会替换整个目录，记录会丢失")
        if _inside(target, rec):
            raise OutputRefused(f"输出目录 {shown} 在记录目录 {records} 之内：请把网站输出到记录目录之外")
        checkout = _checkout_root(rec)
        if checkout is not None and _inside(checkout, target):
            raise OutputRefused(f"输出目录 {shown} 是记录所在的 git 仓库 {checkout} 或它的上级：请另选一个专用的输出目录")
    checkout = _checkout_root(here)
    if checkout is not None and _inside(checkout, target):
        raise OutputRefused(f"输出目录 {shown} 是 git 仓库 {checkout} 或它的上级：请另选一个专用的输出目录")
    if not os.path.lexists(target):
        return target
    if not target.is_dir():
        raise OutputRefused(f"{shown} 已存在，但不是目录：构建不会覆盖它，请另选一个输出目录")
    if os.path.lexists(target / ".git"):
        raise OutputRefused(f"输出目录 {shown} 是一个 git 仓库（含 .git）：构建会替换整个目录，请另选一个专用的输出目录")
    try:
        with os.scandir(target) as entries:
            empty = next(entries, None) is None
        ours = empty or _looks_like_ours(target)
    except OSError as exc:
        raise OutputError(f"无法读取输出目录 {shown}：{why(exc)}") from None
    if not ours:
        raise OutputRefused(
            f"输出目录 {shown} 不是空目录，也不是 credit build 以前的输出（没有 {MARKER} 文件）：构建会替换整个目录，"
            "为免删除不是它写的文件，已停止。请另选一个输出目录，或先自行清空它"
        )
    return target


def why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return {
            errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "路径不存在",
            errno.EROFS: "只读文件系统", errno.ENOSPC: "磁盘空间不足", errno.ENOTDIR: "路径中有一段不是目录",
            errno.EBUSY: "目录正被占用（例如是挂载点）", errno.EXDEV: "不在同一文件系统上",
        }.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return str(exc) or type(exc).__name__


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``). False where the system or the
    file system cannot; then nothing happened."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextmanager
def _parent_lock(parent: Path, shown: str) -> Iterator[None]:
    """Builds into one directory take turns: an exclusive ``flock`` on the parent directory itself (no lock file
    to leave behind). The second waits up to :data:`LOCK_WAIT_SECONDS`, then gives up with a message."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    try:
        fd = os.open(parent, os.O_RDONLY)
    except OSError:
        yield  # cannot open the directory for locking: mkdtemp below reports the real problem
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"另一个 credit build 正在写入 {shown} 所在的目录，等待它完成…", file=sys.stderr)
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                time.sleep(0.2)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OutputError(
                            f"另一个 credit build 正在写入 {shown} 所在的目录，等待 {LOCK_WAIT_SECONDS:.0f} 秒后仍未完成："
                            "请等它结束后再试"
                        ) from None
        except OSError:
            pass  # a file system without flock: build without the lock, as before
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _leftovers(target: Path, since: float) -> list[Path]:
    """``.<name>.new-*`` and ``.<name>.old-*`` folders of builds that are over (we hold the lock): complete
    ones (with the marker) and any made before the lock was taken."""
    out = []
    for kind in ("new", "old"):
        for p in target.parent.glob(f".{glob.escape(target.name)}.{kind}-*"):
            try:
                if _ours(p, MARKER, PARTIAL):  # a complete output, or a build's folder it left half-written
                    out.append(p)
            except OSError:
                continue  # being deleted by an earlier build's clean-up
    return out


def _recover(target: Path) -> None:
    """Put back the newest complete new output (one with the marker) where a build was killed between the two
    renames of the fallback swap and left no output at all."""
    if os.path.lexists(target):
        return
    complete = []
    for p in target.parent.glob(f".{glob.escape(target.name)}.new-*"):
        try:
            if _ours(p) and not _marked(p, PARTIAL):  # complete, untracked: never a folder from the checkout
                complete.append((p.stat().st_mtime_ns, p.name, p))
        except OSError:
            continue
    if complete:
        os.rename(max(complete)[2], target)


def recover_output(target: Path, shown: str) -> None:
    """Where ``target`` is missing because a build was killed in the middle of its swap, put its complete new
    output in place (under the lock, so never while another build is swapping)."""
    if os.path.lexists(target) or not target.parent.is_dir():
        return
    with _parent_lock(target.parent, shown):
        try:
            _recover(target)
        except OSError as exc:
            raise OutputError(f"无法恢复输出目录 {shown}：{why(exc)}") from None


def _discard(paths: list[Path], target: Path) -> None:
    """Delete leftover folders: renamed first to ``.<name>.old-*`` (never a recovery candidate), then deleted
    in the background."""
    doomed = []
    for p in paths:
        if p.name.startswith(f".{target.name}.old-"):
            doomed.append(p)
            continue
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        try:
            os.rename(p, old)
            doomed.append(old)
        except OSError:
            continue
    if doomed:
        _remove_later(doomed)


def _missing_parents(target: Path) -> list[Path]:
    return [p for p in target.parents if not os.path.lexists(p)]


@contextmanager
def atomic_directory(target: Path, records: Path | None = None) -> Iterator[Path]:
    """Yield a fresh directory beside ``target``; on success it replaces ``target``, on failure it vanishes.

    Raises :class:`OutputRefused` when ``target`` is not ours to replace (see :func:`check_output`) and
    :class:`OutputError` when it cannot be written; in both cases nothing was created or changed."""
    shown = str(target)
    target = check_output(target, records)
    created = _missing_parents(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _remove_empty(created)
        raise OutputError(f"无法创建输出目录 {shown} 的上级目录：{why(exc)}") from None
    done = False
    store: Path | None = None
    try:
        with _parent_lock(target.parent, shown):
            target = check_output(target, records)  # again, now that no other build is changing it
            try:
                _recover(target)
                _discard(_leftovers(target, time.time()), target)  # of builds killed before they finished
                tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
                (tmp / PARTIAL).write_bytes(MARKER_BYTES)
                previous = target if target.is_dir() and _marked(target) else None
                store = cache_dir(records)
                digests = digests_file(target, store)
                _UNDERWAY[str(tmp)] = _Underway(previous, digests if previous is not None else None, store)
                fresh = digests.with_name(digests.name + ".new") if digests is not None else None
            except OSError as exc:
                raise OutputError(f"无法写入输出目录 {shown}：{why(exc)}") from None
            try:
                try:
                    yield tmp
                finally:
                    _UNDERWAY.pop(str(tmp), None)
                os.chmod(tmp, 0o755)
                record_output(tmp, target if target.is_dir() else None, digests, fresh, store)
                release(store)  # the store whole in its one file (what CI saves) before the output is swapped in
                (tmp / PARTIAL).unlink()
                _write_marker(tmp, target)  # last: a folder with the marker is a whole output
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                _forget(fresh)
                raise
            try:
                if target.is_dir() and not target.is_symlink() and not _marked(target):
                    (target / PARTIAL).write_bytes(MARKER_BYTES)  # an output from before the marker: ours, so
                    # that once swapped out it is cleaned up like any other
                _swap(tmp, target)
                if fresh is not None and digests is not None:
                    _keep_digests(fresh, digests)  # of what is now in place (after a kill before this, the stale
                    # ones are only trusted for files whose inode, size and time still match: the rest is read)
            except OSError as exc:
                shutil.rmtree(tmp, ignore_errors=True)
                _forget(fresh)
                raise OutputError(f"无法把新输出放到 {shown}：{why(exc)}（原有输出保持不变）") from None
            done = True
    finally:
        release(store)  # this process's connection, whether the build was made or not
        if not done:
            _remove_empty(created)
    stale = sorted(p for p in target.parent.glob(f".{glob.escape(target.name)}.old-*")
                   if _ours(p, MARKER, PARTIAL))  # ours, and any an interrupted delete left
    if stale:
        _remove_later(stale)


def _forget(digests: Path | None) -> None:
    if digests is not None:
        with contextlib.suppress(OSError):
            digests.unlink()


def _keep_digests(fresh: Path, digests: Path) -> None:
    """The new output's digests in place of the previous output's; the cache only speeds the next build up,
    so failing to keep them is not an error."""
    try:
        os.replace(fresh, digests)
    except OSError:
        _forget(fresh)


class _Underway(NamedTuple):
    """What the publishers of a folder :func:`atomic_directory` is writing may take files over from."""

    previous: Path | None  # the complete output of ours it will replace
    digests: Path | None  # where that output's digests are kept
    store: Path | None  # the cache folder holding the file store


_UNDERWAY: dict[str, _Underway] = {}


def managed(new: Path) -> bool:
    """Whether ``new`` is being written by :func:`atomic_directory` (``credit build``), which records its digests;
    plain ``pelican content`` writes its folder directly."""
    return str(new) in _UNDERWAY


def previous_output(new: Path) -> Path | None:
    """The complete output of ours that the folder ``new`` (from :func:`atomic_directory`, while it is being
    written) will replace, or None: the render cache links unchanged pages from it."""
    underway = _UNDERWAY.get(str(new))
    return underway.previous if underway is not None else None


def previous_digests(new: Path) -> Path | None:
    """Where the digests of the output the folder ``new`` replaces are kept (from :func:`atomic_directory`, while
    it is being written), or None."""
    underway = _UNDERWAY.get(str(new))
    return underway.digests if underway is not None else None


def file_store_of(new: Path) -> Path | None:
    """Where the files made before are kept by key for the folder ``new`` (from :func:`atomic_directory`, while
    it is being written; :mod:`generator.publish.file_store`), or None."""
    underway = _UNDERWAY.get(str(new))
    return underway.store if underway is not None else None


def kept_output(output: Path) -> bool:
    """Whether ``output`` holds an earlier output of ours: a deployment that keeps its output from one night to
    the next, where what a night computes is worth keeping for the next (:mod:`generator.day.carry`). A speed
    question only: nothing built depends on the answer."""
    try:
        return stat.S_ISDIR(os.lstat(output).st_mode) and _marked(output)
    except OSError:
        return False


def _remove_empty(folders: list[Path]) -> None:
    """Remove the parent folders this build created, deepest first, where they are still empty."""
    for p in folders:
        try:
            p.rmdir()
        except OSError:
            return


def _write_marker(new: Path, previous: Path) -> None:
    marker = new / MARKER
    marker.write_bytes(MARKER_BYTES)
    try:
        before = os.stat(previous / MARKER)
        if before.st_size == len(MARKER_BYTES) and (previous / MARKER).read_bytes() == MARKER_BYTES:
            os.utime(marker, ns=(before.st_atime_ns, before.st_mtime_ns))  # unchanged for rsync and deploys
    except OSError:
        pass


def _swap(new: Path, target: Path) -> None:
    """Put the complete output ``new`` at ``target``; the previous output goes to ``.<name>.old-*``."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    if _exchange(new, target):
        try:  # ``new`` holds the previous output now; a kill here leaves it to the next build's clean-up
            os.rename(new, old)
        except OSError:
            shutil.rmtree(new, ignore_errors=True)
        return
    os.rename(target, old)
    try:
        os.rename(new, target)  # a kill between these two: the next build restores ``new`` (see _recover)
    except OSError:
        os.rename(old, target)
        raise


def _remove_later(paths: list[Path]) -> None:
    """Delete replaced output in a detached process: the new site is already in place, and deleting tens of
    thousands of files need not hold up the build. Where that is not possible, delete here and now."""
    if os.name == "posix":
        try:
            subprocess.Popen(
                ["rm", "-rf", "--", *map(str, paths)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            return
        except OSError:
            pass
    for p in paths:
        shutil.rmtree(p, ignore_errors=True)
