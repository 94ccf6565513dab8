"""The publish workflow's fail-safe steps that must run even when the project cannot be installed.

Python standard library only: these steps decide what to do after a failed build, so they may not depend on
the packages whose installation may be what failed.

  python3 tools/failsafe.py last-good RELEASES
      print the records commit of the newest release in RELEASES/index.json (the last good publication);
      exit 1 when there is none.
  python3 tools/failsafe.py offline-needed RELEASES AS_OF HEAD
      exit 0 when the deployed site may now hold information past its last public day and nothing safer
      can be published — a record of the newest release is public only until before AS_OF, a company is
      on a red or black list (its end date is not in the data), the records changed since that release
      (HEAD differs from its commit, so a repair or withdrawal may be waiting), or anything cannot be read
      (it fails closed) — and exit 1 only when the deployment is surely still right for AS_OF.
  python3 tools/failsafe.py offline-page OUTPUT AS_OF
      write a one-page site saying the publication is paused (nothing else: no data, no record).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import stat
import sys
from pathlib import Path

COMMIT = re.compile(r"^[0-9a-f]{40}$")


def _json(path: Path) -> object:
    if not stat.S_ISREG(os.lstat(path).st_mode):
        raise ValueError(f"{path}: not a regular file")
    return json.loads(path.read_text(encoding="utf-8"))


def newest(releases: Path) -> dict[str, object] | None:
    try:
        index = _json(releases / "index.json")
    except (OSError, ValueError):
        return None
    if not isinstance(index, dict):
        return None
    entries = [e for e in index.get("releases", []) if isinstance(e, dict) and isinstance(e.get("version"), str)]
    return max(entries, key=lambda e: str(e["version"])) if entries else None


def last_good(releases: Path) -> str | None:
    entry = newest(releases)
    commit = entry.get("records_commit") if entry else None
    return commit if isinstance(commit, str) and COMMIT.match(commit) else None


def offline_needed(releases: Path, as_of: dt.date, head: str) -> bool:
    try:
        return _offline_needed(releases, as_of, head)
    except Exception:  # noqa: BLE001 - whatever cannot be read cannot vouch for the old site
        return True


def _offline_needed(releases: Path, as_of: dt.date, head: str) -> bool:
    entry = newest(releases)
    if entry is None:
        return True  # nothing known about what is online: take no chance
    if entry.get("records_commit") != head:
        return True
    try:
        rows = _json(releases / str(entry["version"]) / "records.json")
    except (OSError, ValueError):
        return True
    if not isinstance(rows, list):
        return True
    for row in rows:
        until = row.get("public_until") if isinstance(row, dict) else None
        try:
            if until is None or dt.date.fromisoformat(str(until)) < as_of:
                return True
        except ValueError:
            return True
    grades_path = releases / str(entry["version"]) / "grades.json"
    grades = _json(grades_path) if os.path.lexists(grades_path) else []
    if not isinstance(grades, list):
        return True
    return any(not isinstance(g, dict) or g.get("black_list") is not False or g.get("red_list") is not False
               for g in grades)


PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>信用信息公示暂停更新</title>
</head>
<body>
<main>
<h1>信用信息公示暂停更新</h1>
<p>{day} 的自动更新未能完成。为避免已到期、已修复或已撤销的信用信息超期公开，本站暂停公示，恢复后自动上线。</p>
<p>The credit publication is paused: the update of {day} could not be completed, and no information may stay
online past its last public day. It returns automatically once the update succeeds.</p>
</main>
</body>
</html>
"""


def offline_page(out: Path, as_of: dt.date) -> None:
    out.mkdir(parents=True, exist_ok=True)
    text = PAGE.format(day=html.escape(as_of.isoformat()))
    (out / "index.html").write_text(text, encoding="utf-8")
    (out / "404.html").write_text(text, encoding="utf-8")
    (out / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["last-good"] and len(argv) == 2:
        commit = last_good(Path(argv[1]))
        if commit is None:
            print("没有找到上一次成功发布的提交（no earlier release）", file=sys.stderr)
            return 1
        print(commit)
        return 0
    if argv[:1] == ["offline-needed"] and len(argv) == 4:
        return 0 if offline_needed(Path(argv[1]), dt.date.fromisoformat(argv[2]), argv[3]) else 1
    if argv[:1] == ["offline-page"] and len(argv) == 3:
        offline_page(Path(argv[1]), dt.date.fromisoformat(argv[2]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
