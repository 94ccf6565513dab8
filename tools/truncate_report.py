"""Print a Markdown report cut to at most N characters (a GitHub comment holds 65536).

Usage: python tools/truncate_report.py REPORT.md N
"""

from __future__ import annotations

import sys
from pathlib import Path

NOTE = "\n\n…（报告过长，已截断；完整报告见本次运行的 Summary 页面）\n"


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(NOTE) - len("\n```"))]
    if "\n" in cut:
        cut = cut[: cut.rindex("\n")]
    if cut.count("```") % 2:
        cut += "\n```"
    return cut + NOTE


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = Path(argv[0]).read_text(encoding="utf-8")
    sys.stdout.write(truncate(text, int(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
