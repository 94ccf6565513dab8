"""What the two demo trees share: hash-derived identifiers (no random state: a record added to the tables
changes nothing else), the working-day calendar, projects, the credit-record table form and the writer
that puts a schema comment on top of every file."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, Unpack

from generator.rules.calendar import WorkCalendar

from .ids import ORG_ALPHABET, uscc

CAL = WorkCalendar()
D = dt.date.fromisoformat


def h(key: str) -> int:
    """A stable number for a key (SHA-256): the demo's only source of variety."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16)


def demo_uscc(region: str, key: str) -> str:
    """A USCC for an enterprise key: 91 + region + MA + 7 characters from the key's hash + check character."""
    n = h("uscc:" + key)
    tail = ""
    for _ in range(7):
        n, r = divmod(n, len(ORG_ALPHABET))
        tail += ORG_ALPHABET[r]
    return uscc(region, "MA" + tail)


def next_workday(day: dt.date) -> dt.date:
    """``day`` if it is a working day, else the first working day after it."""
    while not CAL.is_workday(day):
        day += dt.timedelta(days=1)
    return day


@dataclass
class Proj:
    id: str
    name: str
    region: str
    address: str
    since: str
    until: str | None = None
    manager: str | None = None

    def active_on(self, day: dt.date) -> bool:
        return D(self.since) <= day and (self.until is None or day <= D(self.until))


def P(pid: str, name: str, region: str, address: str, since: str, until: str | None = None) -> Proj:
    return Proj(pid, name, region, address, since, until)


# ---- credit records as the tables write them -------------------------------------------------------------


class RecOptions(TypedDict, total=False):
    """The optional fields of a record in the tables (see Rec)."""

    dkind: str | None
    months: int | None
    count: int
    points: int | None
    domain: str | None
    penalty_months: int | None
    learned: str | None
    entered: str | None
    notified: str | None
    refuses: bool
    deed: str | None
    authority: str | None
    document: str | None
    region: str | None
    extensions: list[tuple[str, int, str]]
    objections: list[dict[str, object]]
    repair: dict[str, str] | None
    withdrawn: tuple[str, str] | None
    note: str


class BadOptions(RecOptions, total=False):
    level: str


@dataclass
class Rec:
    subject: str  # enterprise key (E01) or a person placeholder (__PM_E02_0__, __GM_E01__)
    project: int | None
    kind: str
    item: str
    eff: str
    summary: str
    cls: str | None = None
    level: str = "county"
    dkind: str | None = None
    months: int | None = None
    count: int = 1
    points: int | None = None
    domain: str | None = None  # other deciding body (fire | work_safety | special_equipment)
    penalty_months: int | None = None
    learned: str | None = None
    entered: str | None = None
    notified: str | None = None
    refuses: bool = False
    deed: str | None = None
    authority: str | None = None  # explicit deciding body (good records, courts)
    document: str | None = None
    region: str | None = None  # explicit decision region (county/city/street code)
    extensions: list[tuple[str, int, str]] = field(default_factory=list)
    objections: list[dict[str, object]] = field(default_factory=list)
    repair: dict[str, str] | None = None
    withdrawn: tuple[str, str] | None = None
    note: str = ""  # what this record exercises (report only)
    # filled in later
    id: str = ""
    recorder: str = ""


def bad(subject: str, project: int | None, cls: str, item: str, eff: str, summary: str,
        **kw: Unpack[BadOptions]) -> Rec:
    kw.setdefault("dkind", "order")
    return Rec(subject, project, "bad", item, eff, summary, cls=cls, **kw)


def good(subject: str, item: str, level: str, eff: str, summary: str, **kw: Unpack[RecOptions]) -> Rec:
    return Rec(subject, None, "good", item, eff, summary, level=level, **kw)


HUAYUAN, DAXUE = "410105002", "410103007"  # the two street offices of the demo


# ---- writing -------------------------------------------------------------------------------------------------


class Writer:
    """Writes files under ``root`` (the repository), each with a schema comment relative to ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: list[Path] = []
        self.report: list[str] = []

    def schema_line(self, path: Path, base: Path, kind: str) -> str:
        depth = len(path.relative_to(base).parts) - 1
        up = "../" * (depth + len(base.relative_to(self.root).parts))
        return f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json\n"

    def write(self, path: Path, base: Path, kind: str, body: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.schema_line(path, base, kind) + body, encoding="utf-8")
        self.written.append(path)
