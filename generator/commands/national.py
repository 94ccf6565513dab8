"""``credit national``: the provinces' public data packages merged into one national site (issue 17).

    credit national --output national packages/henan packages/hulunbuir …

Each argument is a data package as ``credit build`` writes it (``output/data/``, or an artifact of the national
workflow, ``.github/workflows/national.yml``). Nothing is written unless every package is read and merged
without a problem; the output is then written into a temporary folder and swapped in whole
(:func:`generator.publish.output.atomic_directory`), so a refused or failed run leaves the previous output as it
was. Exit 0, 1 when an input is refused or the output cannot be written, 2 when ``--output`` is not ours to
replace.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from generator.publish.national import (
    NationalError,
    Province,
    merge_packages,
    read_package,
    write_national_data,
    write_national_site,
)
from generator.publish.output import OutputError, OutputRefused, atomic_directory, why


def _overlaps(output: Path, packages: list[Path]) -> str | None:
    """Why ``output`` may not be written: it is, holds or lies within an input package (the swap would delete it)."""
    try:
        target = output.resolve()
        for folder in packages:
            src = folder.resolve()
            if target == src or target in src.parents or src in target.parents:
                return f"输出目录 {output} 与数据包目录 {folder} 重叠：请把汇总输出到各地数据包之外的专用目录"
    except (OSError, RuntimeError) as exc:
        return f"无法确定输出目录 {output} 的位置：{why(exc)}"
    return None


def run(packages: list[Path], output: Path) -> tuple[list[Province], dict[str, int], int]:
    """Read, merge and write; raises :class:`NationalError`, :class:`OutputRefused` or :class:`OutputError`.
    Returns the deployments, the rows per national table and the number of search keys."""
    problems: list[str] = []
    provinces = []
    for folder in packages:
        try:
            provinces.append(read_package(folder))
        except NationalError as exc:
            problems += exc.problems
    if problems:
        raise NationalError(problems)
    national = merge_packages(provinces)
    with atomic_directory(output) as tmp:
        rows = write_national_data(tmp / "data", national)
        keys = write_national_site(tmp, national)
    return national.provinces, rows, keys


def cmd_national(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    packages: list[Path] = args.packages
    overlap = _overlaps(args.output, packages)
    if overlap:
        print(f"错误：{overlap}", file=sys.stderr)
        return 2
    try:
        provinces, rows, keys = run(packages, args.output)
    except NationalError as exc:
        for line in exc.problems:
            print(f"错误：{line}", file=sys.stderr)
        print(f"汇总中止：{len(exc.problems)} 个问题，未写入任何输出（{args.output} 保持不变）。", file=sys.stderr)
        return 1
    except OutputRefused as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f"（{exc.filename}）" if exc.filename else ""
        print(f"错误：读写文件时出错{where}：{why(exc)}；{args.output} 保持不变", file=sys.stderr)
        return 1
    for p in provinces:
        if not p.site_url:
            print(f"提示：{p.folder} 的数据包没有网站地址（datapackage.json 的 homepage，来自该地 platform.yaml 的 site_url）："
                  "索引页和查找页无法链接到该地网站", file=sys.stderr)
    for p in provinces:
        print(f"· {p.code} {p.name}（{p.platform}，数据日期 {p.as_of}）：{len(p.tables['enterprises'])} 家企业，"
              f"{len(p.tables['records'])} 条公开信用信息", file=sys.stderr)
    print(f"已生成 {args.output}：{len(provinces)} 个地区，{rows['enterprises']} 家企业，{rows['records']} 条公开信用信息，"
          f"查找索引 {keys} 个词；用时 {time.perf_counter() - started:.2f} 秒", file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    """Add ``credit national`` to the ``credit`` command's subparsers."""
    text = "全国汇总：把各地公开的数据包（credit build 生成的 data/ 目录）合并为一个全国数据包、各地索引页和企业查找页"
    p = sub.add_parser("national", help=text, description=text)
    p.add_argument("packages", type=Path, nargs="+", metavar="数据包目录",
                   help="各地的数据包目录（含 datapackage.json 和各表的 CSV），每个地区一个")
    p.add_argument("--output", type=Path, required=True, metavar="目录",
                   help="输出目录：不存在、空目录或以前的汇总输出（会整体替换）")
    p.set_defaults(func=cmd_national)
