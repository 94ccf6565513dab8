"""The loaded records: a :class:`RecordSet` of typed models, each with its :class:`Source` (file and lines)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from generator.records import models as m
from generator.records.yamlload import (
    MAX_BYTES_TOP,
    LineMap,
    YamlFileError,
    load_yaml,
    read_text,
)
from generator.rules.calendar import WorkCalendar
from generator.rules.rulebook import Rulebook

T = TypeVar("T", bound=BaseModel)


class Source:
    """Where a model came from, to point problems at a file and a line.

    Valid files are parsed without lines (the fast path); the first question about a line parses the file
    again with lines. ``index`` re-roots the lines at one element of a top-level list (authorities.yaml).
    """

    __slots__ = ("display", "path", "index", "_lines")

    def __init__(self, display: str, path: str | Path | None = None, lines: LineMap | None = None,
                 index: int | None = None) -> None:
        self.display = display
        self.path = path
        self.index = index
        self._lines = lines

    @property
    def lines(self) -> LineMap:
        if self._lines is None:
            lines = LineMap()
            if self.path is not None:
                try:
                    lines = load_yaml(read_text(self.path, MAX_BYTES_TOP)).lines
                except (OSError, YamlFileError):
                    pass
            self._lines = _sub(lines, self.index) if self.index is not None else lines
        return self._lines

    def line(self, *path: str | int) -> int:
        return self.lines.line(tuple(path))

    def __getstate__(self) -> tuple[str, str | Path | None, int | None]:
        return (self.display, self.path, self.index)

    def __setstate__(self, state: tuple[str, str | Path | None, int | None]) -> None:
        self.display, self.path, self.index = state
        self._lines = None


@dataclass(frozen=True)
class Doc(Generic[T]):
    id: str
    model: T
    src: Source
    digest: bytes = b""
    """The parse cache's key of the file's bytes (:func:`generator.records.parse_cache.key`): two documents with
    the same digest were parsed from the same bytes by the same code. Kept only where a night may carry what it
    computed (``CREDIT_CARRY``); empty where not kept or unknown: then nothing computed from the document is carried
    to another day (:mod:`generator.day.carry`)."""


@dataclass
class EvaluationSet:
    year: int
    authority: str
    doc: Doc[m.Evaluation]
    sheets: dict[str, Doc[Any]] = field(default_factory=dict)  # USCC -> HenanSheet | HulunbuirSheet


@dataclass
class RecordSet:
    root: Path
    platform: Doc[m.Platform]
    rulebook: Rulebook
    regions: dict[str, str]
    regions_src: Source
    authorities: dict[str, Doc[m.Authority]]
    calendar: WorkCalendar
    enterprises: dict[str, Doc[m.Enterprise]]
    persons: dict[str, Doc[m.Person]]
    records: dict[str, Doc[m.CreditRecord]]
    evaluations: dict[tuple[int, str], EvaluationSet]
    unreadable: frozenset[str] = frozenset()
    """Enterprises and persons whose file exists but did not load: their own problems say why, so a
    reference to them is not reported again as a missing file."""
    blobs: dict[str, str] | None = None
    """When the loader was asked (``credit diff``): every file read, by its path below ``root`` → the git blob id
    (hex) of the bytes read."""
    top_digest: bytes = b""
    """A digest of the files read one by one — platform, regions, authorities, calendar and every evaluation —
    which any computed result may depend on; empty where unknown (nothing is carried to another day)."""


def _sub(lines: LineMap, index: int) -> LineMap:
    """The line map of one list element, re-rooted."""
    out = LineMap()
    for path, line in lines.lines.items():
        if path and path[0] == index:
            out.lines[path[1:]] = line
    for path, raw in lines.raw.items():
        if path and path[0] == index:
            out.raw[path[1:]] = raw
    return out
