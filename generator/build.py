"""``credit build``: load → validate → compute → publish, written atomically (DESIGN §7).

The whole site is written into a temporary sibling of the output directory and swapped in only when
every step succeeded, so a failed build leaves the previous output untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import heap
from .calendar import UnknownYear, today_shanghai
from .problems import Problem, RecordsInvalid
from .snapshot import Snapshot, compute
from .validate import validate


@dataclass
class BuildResult:
    snapshot: Snapshot
    problems: list[Problem]
    timings: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    pages: int = 0


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


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a fresh directory beside ``target``; on success it replaces ``target``, on failure it vanishes."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.chmod(tmp, 0o755)
    old: Path | None = None
    if target.is_dir():
        keep_unchanged(tmp, target)
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        os.replace(target, old)
    os.replace(tmp, target)
    stale = sorted(target.parent.glob(f".{target.name}.old-*"))  # ours, and any an interrupted delete left
    if stale:
        _remove_later(stale)


def keep_unchanged(new: Path, previous: Path) -> int:
    """Where a file of the new output has the same bytes as the previous output's, put the previous file in its
    place (a hard link: same inode, same modification time), so that an unchanged page is not a new file and
    rsync or a deploy sends only what changed. Returns the number of files kept. Where hard links are not
    possible, the new file keeps its bytes and takes the previous file's times instead."""
    kept = 0
    base = len(str(new)) + 1
    for folder, _dirs, files in os.walk(new):
        for name in files:
            path = os.path.join(folder, name)
            before = os.path.join(previous, path[base:])
            try:
                st_old = os.stat(before)
                if st_old.st_size != os.stat(path).st_size or not _same_bytes(path, before):
                    continue
            except OSError:
                continue
            try:
                spare = path + ".keep"
                os.link(before, spare)
                os.replace(spare, path)
            except OSError:
                os.utime(path, ns=(st_old.st_atime_ns, st_old.st_mtime_ns))
            kept += 1
    return kept


def _same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


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


Step = Callable[[str], None]


def build(
    records: Path,
    output: Path,
    as_of: dt.date,
    *,
    pages: bool = True,
    step: Step | None = None,
) -> BuildResult:
    """Build the site and data. Raises :class:`RecordsInvalid` when the records have errors."""
    timings: dict[str, float] = {}
    say = step or (lambda _name: None)
    t0 = time.perf_counter()
    say("读取并校验记录")
    rs, problems = validate(records, as_of)
    timings["load+validate"] = time.perf_counter() - t0
    if rs is None:
        raise RecordsInvalid([p for p in problems if p.severity == "error"] + [
            p for p in problems if p.severity == "warning"])
    t = time.perf_counter()
    say("计算公开状态与信用评价")
    snapshot = compute(rs, as_of).snapshot
    del rs  # the publishers read the snapshot only: every record model not in it is freed before they start
    timings["compute"] = time.perf_counter() - t
    result = BuildResult(snapshot, problems, timings)
    commit = records_commit(records)
    with atomic_directory(output) as tmp, heap.frozen():
        say("生成网页和开放数据" if pages else "生成开放数据")
        from .publish.parallel import publish

        t = time.perf_counter()
        result.rows, result.pages = publish(snapshot, tmp, records, commit, pages, timings)
        timings["publish"] = time.perf_counter() - t  # pages, search and data: side by side when large
    timings["total"] = time.perf_counter() - t0
    return result


def cmd_build(args: argparse.Namespace) -> int:
    from .cli import print_problems

    as_of = args.as_of or today_shanghai()
    interactive = sys.stderr.isatty() and not args.quiet and not os.environ.get("CI")
    status_ctx = None
    if interactive:
        from rich.console import Console

        console = Console(stderr=True)
        status_ctx = console.status("开始构建…")
        status_ctx.start()

    def step(name: str) -> None:
        if status_ctx is not None:
            status_ctx.update(name + "…")
        elif not args.quiet:
            print(f"· {name}", file=sys.stderr)

    try:
        result = build(args.records, args.output, as_of, pages=not args.data_only, step=step)
    except RecordsInvalid as exc:
        if status_ctx is not None:
            status_ctx.stop()
        print_problems(exc.problems)
        print(f"记录有误，未生成任何输出（{args.output} 保持不变）。", file=sys.stderr)
        return 1
    except UnknownYear as exc:
        if status_ctx is not None:
            status_ctx.stop()
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    if status_ctx is not None:
        status_ctx.stop()
    warnings = [p for p in result.problems if p.severity == "warning"]
    if warnings and not args.quiet:
        print_problems(warnings, stream=sys.stderr)
    if not args.quiet:
        snap = result.snapshot
        t = result.timings
        print(
            f"已生成 {args.output}（数据日期 {as_of}）：{len(snap.enterprises)} 家企业，{len(snap.records)} 条公开信用信息，"
            f"{result.pages} 个页面；用时 {t['total']:.2f} 秒"
            f"（校验 {t['load+validate']:.2f}，计算 {t['compute']:.2f}，页面 {t.get('pages', 0):.2f}，数据 {t['data']:.2f}）",
            file=sys.stderr,
        )
    return 0
