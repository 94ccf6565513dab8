"""``credit build``: load → validate → compute → publish, written atomically (DESIGN §7).

The whole site is written into a temporary sibling of the output directory and swapped in only when
every step succeeded, so a failed build leaves the previous output untouched.

What may be replaced (DESIGN §9: no command deletes what it did not write): only an absent path, an empty
directory, or an earlier output of ours — a directory holding :data:`MARKER` (written last into every
output), or, for outputs of versions before the marker, one that holds ``index.html`` and
``data/datapackage.json`` and no ``.git``. Never the filesystem root, the home directory, the current
directory, a checkout (a directory with ``.git``), the records or any directory that holds one of these,
nor a file.

The swap: on Linux, ``renameat2(RENAME_EXCHANGE)`` swaps the new and the previous output in one step, so
the output path always holds a whole site. Elsewhere (or on a file system without it) two renames, previous
→ ``.<name>.old-*`` then new → output; a build killed between them leaves no output, and the next build
restores the newest complete one (one with :data:`MARKER`) before it starts. Builds into one parent
directory take turns (``flock`` on that directory: no lock file is left behind); a build that finds
``.<name>.new-*`` or ``.<name>.old-*`` folders left by a killed build deletes them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import heap
from generator.commands.common import NO_SITE_URL
from generator.day import Day, open_day
from generator.day.snapshot import Snapshot
from generator.publish.output import (
    OutputError,
    OutputRefused,
    atomic_directory,
    check_output,
    kept_output,
    recover_output,
    why,
)
from generator.publish.parallel import publish
from generator.records.gitref import records_commit
from generator.records.problems import Problem, RecordsInvalid, print_problems
from generator.rules.calendar import UnknownYear


@dataclass
class BuildResult:
    snapshot: Snapshot
    problems: list[Problem]
    timings: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    pages: int = 0


Step = Callable[[str], None]


def build(
    records: Path,
    output: Path,
    as_of: dt.date,
    *,
    pages: bool = True,
    step: Step | None = None,
    withhold_unless_public_in: Path | None = None,
    day: Day | None = None,
) -> BuildResult:
    """Build the site and data from the records as of ``as_of`` (or from ``day``, already opened by the
    caller: ``credit publish``). Raises :class:`RecordsInvalid` when the records have errors,
    :class:`OutputRefused` when ``output`` is not ours to replace, :class:`OutputError` when it cannot be written."""
    say = step or (lambda _name: None)
    t0 = time.perf_counter()
    recover_output(check_output(output, records), str(output))  # before the work: refused at once, and
    # an output a killed build took away is back even if this build fails
    if day is None:
        say("读取、校验并计算记录")
        day = open_day(records, as_of, withhold_unless_public_in=withhold_unless_public_in,
                       carry=kept_output(output))
    timings = dict(day.timings)
    snapshot = day.snapshot
    day.free_records()  # the publishers read the snapshot only: every record model not in it is freed first
    result = BuildResult(snapshot, day.warnings, timings)
    commit = records_commit(records)
    with atomic_directory(output, records) as tmp, heap.frozen():
        say("生成网页和开放数据" if pages else "生成开放数据")
        t = time.perf_counter()
        result.rows, result.pages = publish(snapshot, tmp, records, commit, pages, timings)
        timings["publish"] = time.perf_counter() - t  # pages, search and data: side by side when large
    timings["total"] = time.perf_counter() - t0
    return result


def cmd_build(args: argparse.Namespace) -> int:
    as_of = args.as_of
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
        result = build(args.records, args.output, as_of, pages=not args.data_only, step=step,
                       withhold_unless_public_in=args.withhold_unless_public_in)
    except RecordsInvalid as exc:
        if status_ctx is not None:
            status_ctx.stop()
        print_problems(exc.problems)
        print(f"记录有误，未生成任何输出（{args.output} 保持不变）。", file=sys.stderr)
        return 1
    except OutputRefused as exc:
        if status_ctx is not None:
            status_ctx.stop()
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except (UnknownYear, OutputError) as exc:
        if status_ctx is not None:
            status_ctx.stop()
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if status_ctx is not None:
            status_ctx.stop()
        where = f"（{exc.filename}）" if exc.filename else ""
        print(f"错误：读写文件时出错{where}：{why(exc)}；{args.output} 保持不变", file=sys.stderr)
        return 1
    if status_ctx is not None:
        status_ctx.stop()
    warnings = [p for p in result.problems if p.severity == "warning"]
    if warnings and not args.quiet:
        print_problems(warnings, stream=sys.stderr)
    if not result.snapshot.platform.site_url:
        print(NO_SITE_URL, file=sys.stderr)
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
