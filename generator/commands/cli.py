"""The ``credit`` command (DESIGN §8). Every command takes ``--records DIR``; where time matters, ``--as-of``.

Errors in the records end in exit 1 with ``path:line: message`` lines — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from generator import runtime
from generator.commands import release
from generator.commands.scaffold import new_file
from generator.day.validate import validate
from generator.records.problems import print_problems
from generator.rules.calendar import as_of_date, today_shanghai

_date = as_of_date


def _common(p: argparse.ArgumentParser, as_of: bool = True) -> None:
    p.add_argument("--records", type=Path, default=Path("records"), help="records directory (default: records/)")
    if as_of:
        p.add_argument("--as-of", type=_date, default=None,
                       help="the day to compute for, YYYY-MM-DD (default: today in Asia/Shanghai)")
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
    parser = argparse.ArgumentParser(prog="credit", description="物业服务企业信用信息公示 — records, rules, site")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check every record file; exit 1 on errors")
    _common(p)
    p.add_argument("--format", choices=["text", "github"], default="text")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("new", help="write a skeleton record file with comments")
    _common(p, as_of=False)
    p.add_argument("what", choices=["bad", "good", "enterprise", "person"])
    p.add_argument("--subject", help="USCC or person id the record is about (bad, good)")
    p.add_argument("--recorder", help="authority code entering the record (bad, good)")
    p.add_argument("--year", type=int, help="year of decision.effective (bad, good; default: this year)")
    p.add_argument("--uscc", help="the enterprise's unified social credit code (enterprise)")
    p.add_argument("--region", help="6-digit region code (person)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("build", help="write the site and open data")
    _common(p)
    p.add_argument("--output", type=Path, default=Path("output"))
    p.add_argument("--data-only", action="store_true", help="write only data/ and api/ (no pages)")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--withhold-unless-public-in", type=Path, default=None, metavar="DIR",
                   help="保底构建（每日发布失败时）：DIR（当前的 records/）中已删除、无法读取或当天不公开的信用信息一律不公开")
    p.set_defaults(func=_lazy(".build", "cmd_build"))

    p = sub.add_parser("explain", help="every point of a rating and why (may show non-public records)")
    _common(p)
    p.add_argument("subject")
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_lazy(".explain", "cmd_explain"))

    p = sub.add_parser("expiring", help="what leaves or enters the public site in the next N days")
    _common(p)
    p.add_argument("--days", type=int, default=30)
    p.set_defaults(func=_lazy(".deadlines", "cmd_expiring"))

    p = sub.add_parser("deadlines", help="overdue work: late entries, objections, repairs, notices")
    _common(p)
    p.set_defaults(func=_lazy(".deadlines", "cmd_deadlines"))

    p = sub.add_parser("diff", help="what a change does to the public site, against a git ref")
    _common(p)
    p.add_argument("--base", required=True)
    p.set_defaults(func=_lazy(".diff", "cmd_diff"))

    p = sub.add_parser("serve", help="serve the built site on localhost")
    p.add_argument("--output", type=Path, default=Path("output"))
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=_lazy(".serve", "cmd_serve"))


    release.register(sub)
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
    finally:
        runtime.configure(None)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
