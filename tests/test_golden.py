"""The whole output, byte for byte, held to a golden digest (the safety net of a restructuring, issue 13).

Three record trees — the demo (records/), the Hulunbuir example and a synthetic tree of 1,000 enterprises
(``python -m tools.fakedata tree``, seed 7) — each built in full (pages, search, data) at ten as-of dates
that cross their transitions (ratings published and final, records entering and leaving, a new year with no
holiday calendar).
Each build's files are digested (path and bytes, nothing else); the digests are in tests/golden/digests.json.

A change that is *meant* to change the output updates them, and says so in its commit:

    .venv/bin/python tests/test_golden.py --update
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden" / "digests.json"
TREES = {
    "demo": ["2025-06-30", "2025-12-16", "2026-01-20", "2026-03-01", "2026-06-15", "2026-09-20", "2026-11-22",
             "2026-12-16", "2026-12-25", "2027-03-01"],
    "hulunbuir": ["2025-06-30", "2026-01-20", "2026-01-27", "2026-01-28", "2026-04-10", "2026-04-17",
                  "2026-05-20", "2026-09-01", "2026-12-31", "2027-03-01"],
    "synthetic-1k": ["2024-06-30", "2024-12-16", "2025-06-30", "2025-12-16", "2026-03-01", "2026-06-15",
                     "2026-09-20", "2026-11-22", "2026-12-16", "2027-03-01"],
}


def tree_digest(root: Path) -> str:
    """SHA-256 over every file's path and bytes, in path order (times and permissions do not count)."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def records_tree(name: str, into: Path) -> Path:
    """A copy of the tree outside any git checkout (so no records commit enters the output)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tools.fakedata.tree import synth

    root = into / name / "records"
    if name == "demo":
        shutil.copytree(REPO / "records", root)
    elif name == "hulunbuir":
        shutil.copytree(REPO / "examples" / "hulunbuir" / "records", root)
    else:
        synth(1000, 8000, 7, root)
    return root


def digests(name: str, tmp: Path) -> dict[str, str]:
    from generator.commands.build import build

    root = records_tree(name, tmp)
    out: dict[str, str] = {}
    for day in TREES[name]:
        site = tmp / name / f"site-{day}"
        build(root, site, dt.date.fromisoformat(day))
        out[day] = tree_digest(site)
        shutil.rmtree(site)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", list(TREES))
def test_output_matches_the_golden_digest(name: str, tmp_path: Path) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))[name]
    assert digests(name, tmp_path) == golden, (
        "the output changed; if that is intended, run `.venv/bin/python tests/test_golden.py --update` "
        "and say why in the commit")


def main(argv: list[str]) -> int:
    if argv != ["--update"]:
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.setdefault("CREDIT_CACHE", "off")
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        result = {name: digests(name, Path(tmp)) for name in TREES}
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
