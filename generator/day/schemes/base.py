"""The interface every rating scheme implements (:class:`Scheme`), and what a scheme's checks may ask of
the validator (:class:`Checker`)."""

from __future__ import annotations

import datetime as dt
import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel

from generator.day.grades import Grade
from generator.day.ratings import Rating
from generator.records import models as m
from generator.records.recordset import EvaluationSet, RecordSet, Source
from generator.records.sheets import sheet_model
from generator.rules.calendar import UnknownYear, WorkCalendar
from generator.rules.rulebook import ListRule, Rulebook


class Checker(Protocol):
    """The validator as a scheme's checks see it (:class:`generator.day.validate.Validator`)."""

    rs: RecordSet
    cal: WorkCalendar

    def err(self, src: Source, message: str, *path: str | int) -> None: ...

    def warn(self, src: Source, message: str, *path: str | int) -> None: ...

    def unknown_year(self, src: Source, exc: UnknownYear, what: str, *path: str | int) -> None: ...

    def claims(self, cutoff: dt.date) -> dict[str, set[str]]: ...


@dataclass(frozen=True)
class Uncounted:
    """A record a result did not count: its id, the kind of reason and the reason in words."""

    record: str
    kind: str  # other_year | not_entered | late | void | not_rated | same_deed | not_scored
    why: str
    year: int  # the year the record's decision took effect


Results = tuple[list[Rating], list[Grade]]
"""What an evaluation yields: star ratings or grades (a scheme yields one kind, the other list is empty)."""

Rated = Callable[[int, str, str, Callable[[], Rating]], Rating]
"""How a scheme gets one enterprise's rating by one evaluation ``(year, authority, USCC, make)``: made afresh by
``make``, or carried from an earlier night where made from the same documents (:mod:`generator.day.carry`).
Only for a result that does not depend on the as-of day."""


def afresh(year: int, authority: str, uscc: str, make: Callable[[], Rating]) -> Rating:
    """Every result made afresh (nothing carried)."""
    return make()


class Scheme(ABC):
    """One rating scheme over one rulebook: everything that differs between schemes, behind one interface."""

    key: ClassVar[str]
    """The value of ``scheme:`` in a rulebook that uses this scheme."""
    numeric_levels: ClassVar[bool] = False
    """Whether a level is a number (stars) rather than a word (a grade): the open data's column type."""
    records_always_listed: ClassVar[bool] = False
    """Whether the home and enterprise pages keep their credit-record sections when there is nothing to list
    (a scheme whose ratings are made from the records says so even when none are public)."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rb = rulebook

    # -- the evaluation sheet ----------------------------------------------------------------------------

    @property
    def sheet_model(self) -> type[BaseModel]:
        """The evaluation sheet's model, derived from the rulebook (:mod:`generator.records.sheets`)."""
        return sheet_model(self.rb)

    # -- validation (records → problems) -----------------------------------------------------------------

    def check_tree(self, v: Checker) -> None:
        """Checks across every evaluation of the tree (none by default)."""
        return None

    @abstractmethod
    def check_evaluation(self, v: Checker, es: EvaluationSet) -> None:
        """The scheme's checks of one evaluation and its sheets (the common ones are the validator's)."""

    # -- evaluation (records, as-of day → results) -------------------------------------------------------

    @abstractmethod
    def evaluate(self, rs: RecordSet, by_subject: Mapping[str, Sequence[tuple[str, m.CreditRecord]]],
                 as_of: dt.date, rated: Rated = afresh) -> Results:
        """Every result of every evaluation in the records, published or not (the caller filters).
        ``rated`` gives a result that does not depend on ``as_of``, carried where it may be."""

    @abstractmethod
    def publications_due(self, rs: RecordSet, as_of: dt.date) -> list[str]:
        """Evaluations the rules require by now that the records do not hold yet (``credit deadlines``)."""

    def explain_subject(self, rs: RecordSet, uscc: str, as_of: dt.date) -> dict[str, Any]:
        """What ``credit explain`` adds about an enterprise under this scheme (nothing by default)."""
        return {}

    def provisional(self, rs: RecordSet, uscc: str, year: int, as_of: dt.date) -> tuple[Rating | None, str]:
        """``credit explain`` for a year no evaluation has rated the enterprise in yet: a result from the
        records alone and, in plain words, why it is only an estimate (暂估) — or None and why there is none."""
        return None, f"暂无 {year} 年度评价结果，也无法根据信用信息暂估"

    def uncounted(self, rs: RecordSet, uscc: str, rating: Rating | None, year: int,
                  as_of: dt.date) -> list[Uncounted]:
        """``credit explain``: the enterprise's records that add or deduct nothing in its ``year``'s result
        (``rating`` where the scheme rates from records), each with why."""
        return []

    # -- the site ----------------------------------------------------------------------------------------

    def part(self, name: str) -> str:
        """The template of one page part in this scheme's words (theme/templates/schemes/<key>/<name>.html)."""
        return f"schemes/{self.key}/{name}.html"

    def listings(self) -> list[tuple[str, ListRule]]:
        """The scheme's public lists (红榜, 黑榜) with their rules; none by default."""
        return []

    @functools.cached_property
    def levels(self) -> dict[str, str]:
        """:meth:`level_table`, made once."""
        return self.level_table()

    def levels_best_first(self) -> list[str]:
        """The level codes of :meth:`level_table` from the best down, "not rated" last (charts, lists)."""
        return list(self.levels)

    @abstractmethod
    def level_table(self) -> dict[str, str]:
        """The search index's level codes (one character each) → their labels, "-" for not rated."""

    @abstractmethod
    def code_lists(self) -> dict[str, dict[str, str]]:
        """The open data's codes this scheme defines (``enterprises.level`` …) → their Chinese labels."""

    @abstractmethod
    def level_code(self, level: str | None, vetoed: bool) -> str:
        """The search index's code of an enterprise's current level (see :meth:`level_table`)."""

