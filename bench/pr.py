"""The pull-request check of the benchmark: the synthetic tree in a git repository, and a one-record pull request.

``bench/out/<scale>/pr/`` is a git repository whose ``records/`` holds hard links to the synthetic tree
(``cp -al``: nothing is copied), committed and tagged ``bench-base``; on top of it one commit adds one credit
record (a copy of the last 2026 record of recorder 410000 with a new serial and summary), as a regulator's pull
request would. It is made once and reused while the tree's parameters are the same (``.bench-pr`` says which).

The steps, each under ``/usr/bin/time -v`` like the others (bench/run.py):

* ``diff-cold``: ``credit diff --base bench-base`` with an empty parse cache, as on a fresh CI runner that
  restored no cache (bench/diff_timed.py);
* ``diff-warm``: the same again (the parse cache now holds the head's files, as it does in CI after
  ``credit validate`` or after restoring the cache of main's last publish run);
* ``diff-checkout`` (``--diff-checkout``): warm, but the base checked out whole and loaded: the path
  ``credit diff`` took before the overlay.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
MARKER = ".bench-pr"
BASE_TAG = "bench-base"
RECIPE = "pr v1: one new record in credit/2026"


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    cmd = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false",
           "-c", "init.defaultBranch=main", "-c", "gc.autoDetach=false", *args]
    return subprocess.run(cmd, cwd=repo, check=True, capture_output=True, text=True, env=env).stdout.strip()


def prepare(records: Path, work: Path) -> bool:
    """Make (or keep) the repository; True when it was made now."""
    synth = (records / ".synth").read_text(encoding="utf-8") if (records / ".synth").exists() else ""
    want = f"{RECIPE}\n{synth}"
    marker = work / MARKER
    if marker.exists() and marker.read_text(encoding="utf-8") == want and (work / ".git").is_dir():
        return False
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    if subprocess.run(["cp", "-al", str(records), str(work / "records")], check=False).returncode != 0:
        shutil.rmtree(work / "records", ignore_errors=True)
        shutil.copytree(records, work / "records")
    (work / ".gitignore").write_text(f"/{MARKER}\n", encoding="utf-8")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "the synthetic province")
    _git(work, "tag", BASE_TAG)
    year = work / "records" / "credit" / "2026"
    last = sorted(p for p in year.iterdir() if p.name.startswith("410000-2026-"))[-1]
    text = re.sub(r"summary: .*", "summary: 本次合并请求新增的一条不良信息", last.read_text(encoding="utf-8"))
    (year / "410000-2026-9001.yaml").write_text(text, encoding="utf-8")  # a new file: the link stays intact
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "one new record")
    _git(work, "gc", "--quiet")  # packed, as a CI checkout is
    marker.write_text(want, encoding="utf-8")
    return True


def diff_steps(run_step: Callable[..., dict[str, Any]], records: Path, work: Path, logs: Path, timeout: float,
               cache: Path, cache_env: dict[str, str], as_of: str, checkout: bool) -> list[dict[str, Any]]:
    """Prepare the repository, then ``credit diff`` with an empty and a warm parse cache (and the old path)."""
    made = prepare(records, work)
    steps: list[dict[str, Any]] = [{"step": "pr-repository", "reused": not made}]
    cmd = [sys.executable, str(BENCH / "diff_timed.py"), "--records", str(work / "records"),
           "--base", BASE_TAG, "--as-of", as_of]
    shutil.rmtree(cache, ignore_errors=True)
    steps.append(run_step("diff-cold", cmd, logs, timeout, cache_env))
    steps.append(run_step("diff-warm", cmd, logs, timeout, cache_env))
    if checkout:
        steps.append(run_step("diff-checkout", [*cmd, "--checkout"], logs, timeout, cache_env))
    return steps
