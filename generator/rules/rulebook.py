"""Rulebooks as data: a scheme's items, points, caps and thresholds (generator/rulebooks/*.yaml).

The code interprets these files; a new city's scheme needs a new file, not new code. Two scheme kinds exist:

* ``stars`` — the Henan measures (第十二至十五条, 附件1–5): categories scored from credit records and
  evaluation sheets, a star per category at a threshold, a level capped when a basic category has no star;
* ``grades`` — the Hulunbuir notice: a score from parts, bands AAA–D, red and black lists with conditions.

Item codes are ``<category>.<section>.<item>``; a section whose single item has no number is
``<category>.<section>`` (DESIGN §6).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

RULEBOOK_DIR = Path(__file__).parent / "rulebooks"

LevelName = Literal["national", "province", "city", "county", "street"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CommunityRule(_M):
    """Smart 五 (附件4): points per community by how many the enterprise manages (projects active at cutoff)."""

    small_max: int = Field(description="at most this many communities counts as 'small'")
    small: dict[Literal["full", "partial"], Decimal]
    large: dict[Literal["full", "partial"], Decimal]


class Item(_M):
    number: int | None = Field(default=None, description="absent where the appendix numbers no item")
    text: str
    # deduction categories (附件1, 附件2)
    points: int | None = Field(default=None, description="points per occurrence")
    points_range: tuple[int, int] | None = Field(default=None, description="the recorder picks within")
    veto: bool = Field(default=False, description="一票否决")
    class_only: Literal["A"] | None = Field(default=None, description="第十条 A-class behaviour: class A only")
    # checklist categories (附件3, 附件4)
    max: Decimal | None = None
    step: Decimal | None = Field(default=None, description="deducted per missing part; default: section's")
    scoring: Literal["parts", "community", "results"] = "parts"
    per_result: Decimal | None = None
    # bonus category (附件5)
    by_level: dict[LevelName, int] | None = None
    per_item: int | None = None
    cap: int | None = None
    unit: str | None = Field(default=None, description="次, 项, 个 — shown beside the points")


class Section(_M):
    number: int
    name: str
    max: Decimal | None = None
    step: Decimal | None = None
    community: CommunityRule | None = None
    items: list[Item]


class Category(_M):
    code: str
    name: str
    appendix: str
    kind: Literal["deduction", "checklist", "bonus"]
    base: Decimal
    basic: bool = Field(description="基础星级 (第十二条): rated for every enterprise")
    awards: bool = Field(description="good records with item: <code> add the award bonus")
    note: str = ""
    sections: list[Section]


class StarRules(_M):
    threshold: Decimal = Field(description="a category earns its star at or above this (第十二条)")
    score_min: Decimal
    score_max: Decimal
    level_cap: int = Field(description="level at most this where a capped category has no star")
    level_cap_categories: list[str]
    veto_class: Literal["A"] = Field(description="a public record of this class on the cutoff: no rating")


class Disclosure(_M):
    good_months: int
    bad_min_months: int
    bad_max_months: int
    c_min_months: int
    c_max_months: int
    total_max_months: int
    safety_domains: list[str]
    safety_domain_min_months: int


class Measure(_M):
    key: str
    name: str
    article: str
    items: list[str]
    summary: str = Field(default="", description="one plain line for the enterprise page's verdict (issue 14)")
    tone: Literal["good", "regular", "bad"] = Field(default="regular", description="the verdict's colour")
    months: int | None = Field(default=None, description="how long the measures apply from published")
    vetoed: bool = Field(default=False, description="applies to a vetoed enterprise (not rated)")
    min_level: int | None = None
    max_level: int | None = None


class Band(_M):
    grade: str
    min: Decimal | None = Field(description="lowest score of the band; null for the lowest band")


class Condition(_M):
    number: int
    text: str


class ListRule(_M):
    name: str
    grade: str
    min_conditions: int
    conditions: list[Condition]
    removal_working_days: int | None = None
    measures: list[str] = Field(default_factory=list)
    summary: str = Field(default="", description="the measures in one plain line, for the enterprise page")


class ScorePart(_M):
    key: str
    name: str


class GradeRules(_M):
    parts: list[ScorePart]
    bands: list[Band]
    red_list: ListRule
    black_list: ListRule
    publication_due_month: int = Field(description="publish by the end of this month of the next year")
    objection_working_days: int


class Citations(_M):
    """Where each duty the commands remind of is written in the rulebook's document (``credit deadlines``,
    ``credit validate``, ``credit explain``), as the clerk would cite it: 第七条, 通知四. None: the document
    sets no such duty."""

    entry: str | None = Field(default=None, description="deadline for entering a record")
    repair: str | None = Field(default=None, description="deadline for deciding a repair application")
    objection: str | None = Field(default=None, description="deadline for answering an objection to a record")
    record_deadlines: str | None = Field(default=None, description="the three above together, for a heading")
    annual: str | None = Field(default=None, description="the yearly evaluation and its deadline")
    notice: str | None = Field(default=None, description="the notice period (公示) of an evaluation's results")
    scoring: str | None = Field(default=None, description="how the records enter (or do not enter) a score")
    optional_categories: str | None = Field(default=None, description="categories rated only for participants")
    subjects: str | None = Field(default=None, description="who is a credit subject (the public site's person pages)")
    unpublished: str | None = Field(default=None, description="information no longer public: expired, repaired, "
                                    "withdrawn (the public site)")


class Rulebook(_M):
    id: str
    name: str
    short_name: str
    source: str
    scheme: Literal["stars", "grades"] = Field(description="the scheme object: generator.day.schemes.SCHEMES")
    deadline_working_days: Annotated[int, Field(ge=1)] = 7
    notice_min_working_days: int = 7
    award_bonus: dict[LevelName, int] = Field(default_factory=dict)
    disclosure: Disclosure | None = None
    stars: StarRules | None = None
    categories: list[Category] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    grades: GradeRules | None = None
    citations: Citations = Field(default_factory=Citations)

    def cite(self, duty: str) -> str:
        """``（第七条）`` for a duty the document sets, else ``""`` (see :class:`Citations`)."""
        where = getattr(self.citations, duty)
        return f"（{where}）" if where else ""

    # -- lookups ------------------------------------------------------------------------------------

    @functools.cached_property
    def items(self) -> dict[str, tuple[Category, Section, Item]]:
        """Every item by its code (market.1.21, market.5, smart.6.1, social.4)."""
        out: dict[str, tuple[Category, Section, Item]] = {}
        for cat in self.categories:
            for sec in cat.sections:
                for it in sec.items:
                    code = f"{cat.code}.{sec.number}" + (f".{it.number}" if it.number is not None else "")
                    out[code] = (cat, sec, it)
        return out

    @functools.cached_property
    def category_by_code(self) -> dict[str, Category]:
        return {c.code: c for c in self.categories}

    def sheet_key(self, code: str) -> str:
        """``red.1.2`` → ``"1.2"`` (sheet keys drop the category)."""
        return code.split(".", 1)[1]

    def good_points(self, item: str, level: str) -> Decimal:
        """Points of one occurrence of a good record: the award bonus by level for a category code
        (附件1–4 说明), the level table or the flat value of an 附件5 item."""
        cat = self.category_by_code.get(item)
        if cat is not None:
            return Decimal(_by_level(self.award_bonus, level))
        _c, _s, it = self.items[item]
        if it.by_level is not None:
            return Decimal(_by_level(it.by_level, level))
        return Decimal(it.per_item or 0)

    def bad_points(self, item: str, chosen: int | None) -> Decimal | None:
        """Points deducted per occurrence (附件1–2): the item's points, or the value chosen within its range;
        None for a 一票否决 item."""
        _c, _s, it = self.items[item]
        if it.veto:
            return None
        if it.points_range is not None:
            return Decimal(chosen) if chosen is not None else None
        return Decimal(it.points) if it.points is not None else None

    def item_step(self, code: str) -> Decimal:
        _, sec, it = self.items[code]
        step = it.step if it.step is not None else sec.step
        return step if step is not None else Decimal(1)


def _by_level(table: dict[LevelName, int], level: str) -> int:
    for key, value in table.items():
        if key == level:
            return value
    return 0


def available() -> list[str]:
    return sorted(p.stem for p in RULEBOOK_DIR.glob("*.yaml"))


@functools.cache
def load_rulebook(name: str) -> Rulebook:
    path = RULEBOOK_DIR / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Rulebook.model_validate(data)
