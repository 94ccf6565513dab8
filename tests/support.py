"""Plumbing several test modules share: a quiet static server, Debian's Chromium, YAML writing."""

from __future__ import annotations

import datetime
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yields the base URL without a trailing slash."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never ``playwright install``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class _NoAlias(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_yaml(path: Path, data: Any) -> None:
    """Write a record file as a person would: UTF-8, keys in the given order, no anchors."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_NoAlias, allow_unicode=True, sort_keys=False), encoding="utf-8")


def keep_release(site: Path, branch: Path) -> None:
    """What publish.yml's keep_release job does after a deploy: the data-releases branch gets the day's
    release directory (as built, never redacted) and the new index.json; earlier directories stay as they
    were first published."""
    import json
    import shutil

    releases = site / "data" / "releases"
    version = json.loads((releases / "index.json").read_text(encoding="utf-8"))["latest"]
    if (branch / version).exists():
        shutil.rmtree(branch / version)
    shutil.copytree(releases / version, branch / version)
    shutil.copyfile(releases / "index.json", branch / "index.json")


def synth_tree(where: Path, enterprises: int, records: int, seed: int) -> Path:
    """A random records tree (tools/fakedata) at ``where / "records"``."""
    repo = str(Path(__file__).resolve().parents[1])
    if repo not in sys.path:
        sys.path.insert(0, repo)
    from tools.fakedata.tree import synth

    root = where / "records"
    synth(enterprises, records, seed, root)
    return root


def uncached_build(records: Path, out: Path, day: Any, **kwargs: Any) -> Any:
    """``credit build`` with every cache off (``CREDIT_CACHE=off``: no parse cache, no digests, no file store):
    what a build that takes anything over from an earlier one must equal, byte for byte."""
    import os

    from generator.commands.build import build

    before = os.environ.get("CREDIT_CACHE")
    os.environ["CREDIT_CACHE"] = "off"
    try:
        return build(records, out, day, **kwargs)
    finally:
        if before is None:
            del os.environ["CREDIT_CACHE"]
        else:
            os.environ["CREDIT_CACHE"] = before


def transition_days(records: Path, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Days on which the set of public records differs from the day before (worked out by the one door for
    each day, independently of any build)."""
    from generator.day.snapshot import compute
    from generator.day.validate import validate

    rs, _ = validate(records, first)
    assert rs is not None
    out: list[datetime.date] = []
    before = None
    day = first
    while day <= last:
        now = {(r.id, r.objection_pending, r.public_until) for r in compute(rs, day).snapshot.records}
        if before is not None and now != before:
            out.append(day)
        before = now
        day += datetime.timedelta(days=1)
    return out
