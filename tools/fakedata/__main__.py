"""``python -m tools.fakedata``: the fictional-data tool (run from the repository root).

    python -m tools.fakedata tree --enterprises 1000 --records 8000 --seed 7 --out /tmp/records
    python -m tools.fakedata demo
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _tree(args: argparse.Namespace) -> int:
    from .tree import cmd_tree

    return cmd_tree(args)


def _demo(args: argparse.Namespace) -> int:
    from .demo import cmd_demo

    return cmd_demo(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.fakedata",
        description="生成虚构的物业服务企业信用信息（企业名称均含“示例”或“某”），用于测试、演示和性能基准")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("tree", help="按任意规模生成一套完整、有效的合成记录目录（性能基准、测试）",
                       description="按任意规模生成一套完整、有效的合成记录目录：河南省全部市县、住房城乡建设部门和街道办事处、"
                                   "企业及其项目和人员、2023–2026 年的信用信息、2024 和 2025 年度评价。"
                                   "同一参数总是生成相同的文件。输出目录已存在且非空时，只替换本工具以前生成的目录。")
    p.add_argument("--enterprises", type=int, required=True, metavar="N", help="企业数（至少 1）")
    p.add_argument("--records", type=int, required=True, dest="n_records", metavar="M", help="信用信息条数")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子（默认 1）")
    p.add_argument("--out", "--output", type=Path, required=True, dest="output", metavar="DIR",
                   help="输出目录（不存在则创建；已存在的须为空或由本工具生成）")
    p.set_defaults(func=_tree)

    p = sub.add_parser("demo", help="重新生成仓库中的演示记录：records/（河南）和 examples/hulunbuir/records/（呼伦贝尔）",
                       description="重新生成演示记录 records/ 和 examples/hulunbuir/records/：先删除这两个目录再写入。")
    p.add_argument("--root", type=Path, default=None, metavar="DIR",
                   help="写入 DIR/records 和 DIR/examples/hulunbuir/records（默认：本仓库根目录）")
    p.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
