"""``credit release``, ``credit guard`` and ``credit publish`` (DESIGN §9): dated data releases, the check that stops
a publish when public records vanish unexplained, and the nightly's one-process build + guard + release."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.commands.build import build
from generator.commands.common import NO_SITE_URL
from generator.day import open_day
from generator.publish.data.releases import ReleaseError, ReleaseResult, make_release
from generator.publish.guard import guard
from generator.publish.output import OutputError, OutputRefused, kept_output
from generator.records.problems import RecordsInvalid, print_problems
from generator.rules.calendar import UnknownYear, as_of_date


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” 不是数字；请写 0 到 1 之间的比例，例如 0.2") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"比例应在 0 到 1 之间（现为 {text}），例如 0.2")
    return value


def _previous(previous: Path | None) -> Path | None:
    if previous is not None and not previous.exists():
        print(f"提示：{previous} 不存在，视为尚无历史版本", file=sys.stderr)
        return None
    return previous


def cmd_release(args: argparse.Namespace) -> int:
    try:
        res = make_release(args.site, _previous(args.previous))
    except ReleaseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    _say_release(res)
    return 0


def _say_release(res: ReleaseResult) -> None:
    for w in res.warnings:
        print(f"警告：{w}", file=sys.stderr)
    c = res.changes
    print(f"数据版本 {res.version}：与 {res.previous or '（无上一版本）'} 相比新增 {c['added']}、"
          f"修改 {c['modified']} 行；保留历史版本 {len(res.carried)} 个"
          f"（其中 {len(res.redacted)} 个删去了不再公开的信息）；最新版本 {res.latest}。")


def cmd_publish(args: argparse.Namespace) -> int:
    """``credit publish``: build, guard and release in one process — the records are opened once (the nightly
    and every merge to main). The site is written first; a failed guard exits 1, so it is not deployed."""

    as_of = args.as_of
    try:
        opened = open_day(args.records, as_of, carry=kept_output(args.output))
    except RecordsInvalid as exc:
        print_problems(exc.problems, args.format)
        print("发布中止：记录无效，未生成任何输出。 PUBLICATION STOPPED: the records are invalid.", file=sys.stderr)
        return 1
    except UnknownYear as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print_problems(opened.warnings, args.format, stream=sys.stderr)
    try:
        result = build(args.records, args.output, as_of, day=opened)
    except OutputRefused as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    if not result.snapshot.platform.site_url:
        print(NO_SITE_URL, file=sys.stderr)
    print(f"已生成 {args.output}（数据日期 {as_of}）：{len(result.snapshot.enterprises)} 家企业，"
          f"{len(result.snapshot.records)} 条公开信用信息，{result.pages} 个页面", file=sys.stderr)
    previous = _previous(args.previous)
    try:
        checked = guard(args.output, previous, args.records, as_of, args.max_drop, opened)
    except ReleaseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(checked.message(), file=sys.stdout if checked.ok else sys.stderr)
    if not checked.ok:
        return 1
    try:
        _say_release(make_release(args.output, previous))
    except ReleaseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    return 0


def cmd_guard(args: argparse.Namespace) -> int:

    releases: Path | None = args.previous
    if args.previous_index is not None:
        releases = args.previous_index.parent
        if not args.previous_index.is_file():
            releases = None
    try:
        res = guard(args.site, releases, args.records, args.as_of, args.max_drop)
    except RecordsInvalid as exc:
        print_problems(exc.problems)
        print("发布中止：记录无效。 PUBLICATION STOPPED: the records are invalid.", file=sys.stderr)
        return 1
    except (ReleaseError, UnknownYear) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(res.message(), file=sys.stdout if res.ok else sys.stderr)
    return 0 if res.ok else 1


def register(sub: Any) -> None:
    """Add ``credit release``, ``credit guard`` and ``credit publish`` to the ``credit`` command's subparsers."""
    text = "数据版本：生成带日期和校验和的数据版本（data/releases/、data/latest/）"
    p = sub.add_parser("release", help=text, description=text)
    p.add_argument("--site", type=Path, default=Path("output"), metavar="目录", help="已生成的网站（默认：output/）")
    p.add_argument("--previous", type=Path, default=None, metavar="目录",
                   help="以前的数据版本，目录结构同 data/releases/（例如数据版本仓库的检出）")
    p.set_defaults(func=cmd_release)

    text = "发布前检查：公开信息无故（非期满、非修复）大量消失时阻止发布"
    p = sub.add_parser("guard", help=text, description=text)
    p.add_argument("--records", type=Path, default=Path("records"), metavar="目录", help="记录目录（默认：records/）")
    p.add_argument("--as-of", type=as_of_date, default=None, metavar="日期",
                   help="构建的数据日期，写成 YYYY-MM-DD（默认：已生成数据包的版本日期）")
    p.add_argument("--site", type=Path, default=Path("output"), metavar="目录", help="已生成的网站（默认：output/）")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--previous", type=Path, default=None, metavar="目录", help="以前的数据版本所在目录（含 index.json）")
    src.add_argument("--previous-index", type=Path, default=None, metavar="文件", help="以前数据版本的 index.json")
    p.add_argument("--max-drop", type=_share, default=0.2, metavar="比例",
                   help="上一版本的公开信息中最多允许无故消失的比例（默认 0.2）")
    p.set_defaults(func=cmd_guard)

    text = "发布：构建、批量删除检查和数据版本，记录只读取一次（每日发布与合并后）"
    p = sub.add_parser("publish", help=text, description=text)
    p.add_argument("--records", type=Path, default=Path("records"), metavar="目录", help="记录目录（默认：records/）")
    p.add_argument("--as-of", type=as_of_date, default=None, metavar="日期",
                   help="按哪一天发布，写成 YYYY-MM-DD（默认：北京时间今天）")
    p.add_argument("--output", type=Path, default=Path("output"), metavar="目录", help="输出目录（默认：output/）")
    p.add_argument("--previous", type=Path, default=None, metavar="目录",
                   help="以前的数据版本，目录结构同 data/releases/（例如数据版本的导出）")
    p.add_argument("--max-drop", type=_share, default=0.2, metavar="比例",
                   help="上一版本的公开信息中最多允许无故消失的比例（默认 0.2）")
    p.add_argument("--format", choices=("text", "github"), default="text", metavar="格式",
                   help="问题的写法：text 逐行“文件:行号”（默认）；github：GitHub 检查注释")
    p.set_defaults(func=cmd_publish, as_of_today=True)
