"""The ``credit`` command (DESIGN §8). Every command takes ``--records DIR``; where time matters, ``--as-of``.

Errors in the records end in exit 1 with ``path:line: message`` lines — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from generator import runtime
from generator.commands import national, release
from generator.commands.parser import COMMANDS, ChineseParser
from generator.commands.scaffold import new_file
from generator.day.validate import validate
from generator.records.problems import print_problems
from generator.rules.calendar import as_of_date, today_shanghai

_date = as_of_date


def _common(p: argparse.ArgumentParser, as_of: bool = True) -> None:
    p.add_argument("--records", type=Path, default=Path("records"), metavar="目录",
                   help="记录目录（默认：records/）")
    if as_of:
        p.add_argument("--as-of", type=_date, default=None, metavar="日期",
                       help="按哪一天计算，写成 YYYY-MM-DD（默认：北京时间今天）")
        p.set_defaults(as_of_today=True)


def cmd_validate(args: argparse.Namespace) -> int:
    import time

    started = time.perf_counter()
    rs, problems = validate(args.records, args.as_of)
    print_problems(problems, args.format)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if args.format == "text":
        took = time.perf_counter() - started
        if rs is not None:
            n = len(rs.enterprises) + len(rs.persons) + len(rs.records)
            print(f"记录有效：{len(rs.enterprises)} 家企业、{len(rs.persons)} 名人员、{len(rs.records)} 条信用信息、"
                  f"{sum(len(e.sheets) + 1 for e in rs.evaluations.values())} 个评价文件"
                  f"（{warnings} 条警告，{n} 个文件，用时 {took:.2f} 秒）", file=sys.stderr)
        else:
            print(f"记录无效：{errors} 个错误，{warnings} 条警告（用时 {took:.2f} 秒）", file=sys.stderr)
    return 0 if errors == 0 else 1


def cmd_new(args: argparse.Namespace) -> int:
    return new_file(args)


def _lazy(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        fn: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module, __package__), name)
        return fn(args)

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="credit", description="物业服务企业信用信息公示：校验记录、查看评分、生成网站。"
                           "每个命令的说明：credit 命令 -h，例如 credit explain -h")
    sub = parser.add_subparsers(dest="command", required=True, title=COMMANDS, metavar=COMMANDS,
                                help="任选其一，例如 credit validate")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        made: argparse.ArgumentParser = sub.add_parser(name, help=text, description=text)
        return made

    p = command("validate", "检查全部记录文件；有错误时逐条列出“文件:行号: 错误：…”，退出码 1")
    _common(p)
    p.add_argument("--format", choices=["text", "github"], default="text", metavar="格式",
                   help="text：逐行文字（默认）；github：GitHub 检查注释")
    p.set_defaults(func=cmd_validate)

    p = command("new", "新建一个带说明的记录文件（不良信息、优良信息、企业或人员），再按提示填写")
    _common(p, as_of=False)
    p.add_argument("what", choices=["bad", "good", "enterprise", "person"], metavar="种类",
                   help="bad 不良信息 | good 优良信息 | enterprise 企业基本信息 | person 人员")
    p.add_argument("--subject", metavar="主体",
                   help="信用主体：企业统一社会信用代码或人员编号（bad、good；写企业名称会提示代码）")
    p.add_argument("--recorder", metavar="机关代码", help="录入机关在 authorities.yaml 中的代码（bad、good）")
    p.add_argument("--year", type=int, metavar="年份", help="决定生效的年份（bad、good；默认今年）")
    p.add_argument("--uscc", metavar="代码", help="企业的统一社会信用代码（enterprise）")
    p.add_argument("--region", metavar="区划代码", help="6 位行政区划代码（person）")
    p.add_argument("--force", action="store_true", help="覆盖已有的文件")
    p.set_defaults(func=cmd_new)

    p = command("build", "生成网站和开放数据")
    _common(p)
    p.add_argument("--output", type=Path, default=Path("output"), metavar="目录", help="输出目录（默认：output/）")
    p.add_argument("--data-only", action="store_true", help="只生成 data/ 和 api/（不生成网页）")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.add_argument("--withhold-unless-public-in", type=Path, default=None, metavar="目录",
                   help="保底构建（每日发布失败时）：该目录（当前的 records/）中已删除、无法读取或当天不公开的信用信息一律不公开")
    p.set_defaults(func=_lazy(".build", "cmd_build"))

    p = command("explain", "某企业评分的每一分从哪里来、哪些信息没有计入及原因（含不公开的信息，仅供监管部门使用）")
    _common(p)
    p.add_argument("subject", metavar="主体", help="统一社会信用代码、人员编号或企业名称")
    p.add_argument("--year", type=int, metavar="年份", help="只看这一年度的评价")
    p.add_argument("--json", action="store_true", help="输出 JSON（供其他程序读取）")
    p.set_defaults(func=_lazy(".explain", "cmd_explain"))

    p = command("expiring", "今后若干天内将上网公开或不再公开的信息、评价结果")
    _common(p)
    p.add_argument("--days", type=int, default=30, metavar="天数", help="向后看多少天（默认 30）")
    p.set_defaults(func=_lazy(".deadlines", "cmd_expiring"))

    p = command("deadlines", "待办与逾期事项：逾期录入、超期未处理的异议和修复、正在公示的评价、应完成的年度评价")
    _common(p)
    p.set_defaults(func=_lazy(".deadlines", "cmd_deadlines"))

    p = command("diff", "与某个 git 版本相比，这次修改会让公开网站发生什么变化")
    _common(p)
    p.add_argument("--base", required=True, metavar="版本", help="比较的基准，例如 origin/main")
    p.set_defaults(func=_lazy(".diff", "cmd_diff"))

    p = command("serve", "在本机（127.0.0.1）预览已生成的网站")
    p.add_argument("--output", type=Path, default=Path("output"), metavar="目录", help="网站目录（默认：output/）")
    p.add_argument("--port", type=int, default=8000, metavar="端口", help="端口（默认 8000）")
    p.set_defaults(func=_lazy(".serve", "cmd_serve"))

    release.register(sub)
    national.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "as_of_today", False) and args.as_of is None:
        args.as_of = today_shanghai()  # the one place a command's "today" is worked out (Asia/Shanghai)
    runtime.configure(runtime.Settings.from_env())  # the settings, read once for the whole command
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except BrokenProcessPool:  # a worker died (generator.runtime._watch): most likely the OOM killer
        print("credit：一个工作进程意外退出（多半是内存不足，被系统终止）。本次没有写出任何结果，原有的输出未改动。"
              "请设置环境变量 CREDIT_WORKERS=1（少用并行进程、少占内存）后重试。", file=sys.stderr)
        return 1
    finally:
        runtime.configure(None)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
