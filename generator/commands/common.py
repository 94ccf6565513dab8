"""What the regulators' commands share: the day they open (the one door, :func:`generator.day.open_day`)
and how a command error reaches the clerk (in Chinese, without a traceback)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from generator.day import Day, open_day
from generator.day.snapshot import Computed
from generator.records.problems import RecordsInvalid, print_problems
from generator.records.recordset import RecordSet
from generator.rules.calendar import UnknownYear


class CommandError(Exception):
    pass


def open_or_fail(args: argparse.Namespace) -> Day:
    """The records as of ``--as-of`` (:func:`generator.day.open_day`), or a CommandError after their errors."""
    try:
        return open_day(args.records, args.as_of)
    except RecordsInvalid as exc:
        print_problems([p for p in exc.problems if p.severity == "error"], stream=sys.stderr)
        raise CommandError("记录有误，请先修正（credit validate）") from None


@contextmanager
def records_of(args: argparse.Namespace) -> Iterator[tuple[RecordSet, Computed, dt.date]]:
    day = open_or_fail(args)
    yield day.rs, day.computed, day.as_of


NO_SITE_URL = ("提示：records/platform.yaml 没有 site_url（网站的公开地址，例如 https://credit.example.gov.cn）："
               "站点地图、robots.txt、订阅源和数据包中的链接只能写成相对地址，离开本站后无法打开。"
               "正式发布前请在 platform.yaml 中填写 site_url（见 CONTRIBUTING.md）。")
"""What a build says when the site's public address is unknown (DESIGN §3 platform.yaml ``site_url``)."""


def run_command(fn: Any, args: argparse.Namespace) -> int:
    try:
        return int(fn(args))
    except (CommandError, UnknownYear) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


