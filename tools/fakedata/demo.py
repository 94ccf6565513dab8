"""The committed demo records: records/ (henan) and examples/hulunbuir/records/ (hulunbuir).

Kept for reproducibility: the YAML files it writes are the source of truth and are meant to be read and
edited by hand like any regulator's file. Running it replaces both directories under the root.

Everything here is fictional: every enterprise name contains 示例 or 某, persons are 王某某-style names,
USCCs are made up (with valid GB 32100-2015 check digits), hotlines are landline service numbers.

    python -m tools.fakedata demo                     # the repository's own records/ and example
    python -m tools.fakedata demo --root /tmp/demo    # the same files under another folder
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .demo_common import Writer
from .demo_henan import HenanDemo
from .demo_hulunbuir import write_hulunbuir

REPO = Path(__file__).resolve().parent.parent.parent


def demo(root: Path = REPO) -> list[str]:
    """Write both trees under ``root``; the report lines (what each record or sheet exercises)."""
    out = Writer(Path(root).resolve())
    henan = HenanDemo(out)
    henan.write()
    write_hulunbuir(out)
    return [f"wrote {len(out.written)} files; {len(henan.persons)} henan persons; {len(henan.records)} credit records",
            *out.report]


def cmd_demo(args: argparse.Namespace) -> int:
    """``python -m tools.fakedata demo``: write the trees and print the report."""
    for line in demo(args.root or REPO):
        print(line)
    return 0
