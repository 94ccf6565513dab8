"""Typed models of every record file (DESIGN §3).

Strict: no coercion (an unquoted ``410105`` is a number and a text field refuses it), no unknown keys.
A record's identifier is its file name, so no model has an ``id`` field; :mod:`generator.records.load` attaches it.
Per-field rules that need no other file live here; rules across files live in :mod:`generator.day.validate`.
"""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.rules.calendar import DATES

# ---- identifiers -------------------------------------------------------------------------------------

REGION_RE = r"^[0-9]{6}$"
AUTHORITY_RE = r"^[0-9]{6}([0-9]{3})?$"
USCC_RE = r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
PERSON_RE = r"^P-[0-9]{6}-[0-9]{1,8}$"
RECORD_RE = r"^([0-9]{6}|[0-9]{9})-([0-9]{4})-([0-9]{1,8})$"
PROJECT_RE = r"^[a-z0-9][a-z0-9-]{0,63}$"
DEED_RE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"

RegionCode = Annotated[str, StringConstraints(pattern=REGION_RE)]
AuthorityCode = Annotated[str, StringConstraints(pattern=AUTHORITY_RE)]
PersonId = Annotated[str, StringConstraints(pattern=PERSON_RE)]
ProjectId = Annotated[str, StringConstraints(pattern=PROJECT_RE)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]

FIRST_DATE, LAST_DATE = DATES  # every date in a record lies in this range (generator.rules.calendar.DATES)


def _plausible_date(value: dt.date, info: ValidationInfo) -> dt.date:
    if FIRST_DATE <= value <= LAST_DATE:
        return value
    name = f"“{info.field_name}” " if info.field_name else "日期"
    raise PydanticCustomError(
        "date_out_of_range",
        "{field}应在 {first} 至 {last} 之间，请检查年份（date out of range）",
        {"field": name, "first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()},
    )


Date = Annotated[dt.date, AfterValidator(_plausible_date)]
"""A calendar date between :data:`FIRST_DATE` and :data:`LAST_DATE` (the JSON Schema is a plain date)."""


def _site_url(value: str) -> str:
    """An absolute http(s) address with a host and no credentials, query or fragment; ends in '/'."""
    bad = not value or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value)
    parts = None
    if not bad:
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 — raises ValueError on a port that is not a number
        except ValueError:
            bad = True
    if bad or parts is None or parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc \
            or parts.query or parts.fragment or "\\" in value or not value.startswith(parts.scheme + "://"):
        raise PydanticCustomError(
            "site_url",
            "“site_url” 应是网站的公开地址，以 http:// 或 https:// 开头并带主机名，"
            "不含用户名、密码、空白、“?” 或 “#”，例如 https://credit.example.gov.cn/（not an http(s) URL）",
        )
    return value if parts.path.endswith("/") else value + "/"


SiteUrl = Annotated[str, AfterValidator(_site_url)]

Level = Literal["province", "city", "county", "street"]
DecisionLevel = Literal["national", "province", "city", "county", "street", "court"]


_FIELD_SETS: dict[frozenset[str], set[str]] = {}


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickling (from the parse cache and the parse workers, issue 7) shares what equal models hold
        alike: the set of fields given (one set per shape, where pydantic keeps one per model), the field
        names and short values (interned). A 10k province's models take half the memory. The models are
        frozen, so nothing adds to a shared set (``model_copy`` copies it before it updates it)."""
        given = frozenset(state.get("__pydantic_fields_set__") or ())
        values = {}
        for key, value in state["__dict__"].items():
            if type(value) is str and len(value) <= 40:
                value = sys.intern(value)
            values[sys.intern(key)] = value
        shared = _FIELD_SETS.get(given)
        if shared is None:
            shared = _FIELD_SETS[given] = set(given)
        object.__setattr__(self, "__pydantic_fields_set__", shared)
        object.__setattr__(self, "__pydantic_extra__", state.get("__pydantic_extra__"))
        object.__setattr__(self, "__pydantic_private__", state.get("__pydantic_private__"))
        object.__setattr__(self, "__dict__", values)


# ---- platform, regions, authorities, calendar ---------------------------------------------------------


class Editor(Strict):
    """platform.yaml ``editor:`` — where the web form (Decap CMS at ``admin/``, issue 16) reads the records and
    opens pull requests. The form runs in the clerk's browser, so all of this is published in
    ``admin/config.yml``: nothing here may be secret (an OAuth client secret stays on the OAuth proxy)."""

    backend: Literal["github", "gitlab", "gitea"] = Field(default="github", description="the git host")
    repo: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+){1,5}$")] = Field(
        description="the records repository, owner/name (GitLab: group/…/name)")
    branch: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", max_length=100)] = Field(
        default="main", description="the branch pull requests go to")
    base_url: SiteUrl | None = Field(default=None, description="GitHub: the OAuth proxy; GitLab, Gitea: the server")
    api_root: SiteUrl | None = Field(default=None, description="the host's API, for a self-hosted GitLab or Gitea")
    app_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,200}$")] | None = Field(
        default=None, description="GitLab, Gitea: the OAuth application's id (public; PKCE, no secret)")
    local_port: Annotated[int, Field(ge=1024, le=65535)] = Field(
        default=8081, description="port of decap-server on 127.0.0.1 for make editor (local_backend)")


class Platform(Strict):
    """records/platform.yaml"""

    name: ShortText
    operator: AuthorityCode = Field(description="the authority that runs the platform (authorities.yaml)")
    rulebook: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    license: ShortText = Field(description="licence of the published data, e.g. CC-BY-4.0")
    site_url: SiteUrl | None = Field(default=None, description="public address of the site, for feeds and sitemap")
    editor: Editor | None = Field(default=None, description="the web form's git host and repository (admin/)")


class Regions(RootModel[dict[RegionCode, ShortText]]):
    """records/regions.yaml: GB/T 2260 division codes → names."""

    model_config = ConfigDict(strict=True)


class Authority(Strict):
    code: AuthorityCode
    name: ShortText
    level: Level
    address: ShortText | None = Field(default=None, description="public: where objections and repair "
                                      "applications go (第十六、十七条)")
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9][0-9 ()\-转]{4,30}$")] | None = Field(
        default=None, description="public office line (never a personal mobile number)")
    email: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")] | None = None


class Authorities(RootModel[list[Authority]]):
    """records/authorities.yaml"""

    model_config = ConfigDict(strict=True)


class CalendarYear(Strict):
    holidays: list[Date] = Field(default_factory=list, description="weekdays that are days off (放假)")
    workdays: list[Date] = Field(default_factory=list, description="weekend days that are working days (调休上班)")


class CalendarFile(RootModel[dict[Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")], CalendarYear]]):
    """records/calendar.yaml: the State Council schedule for years the calendar library does not cover."""

    model_config = ConfigDict(strict=True)


# ---- enterprises and persons (基本信息, 第六条) --------------------------------------------------------


class Project(Strict):
    id: ProjectId
    name: ShortText
    region: RegionCode
    address: ShortText
    since: Date
    until: Date | None = None
    manager: PersonId | None = None

    @model_validator(mode="after")
    def _order(self) -> Project:
        if self.until is not None and self.until < self.since:
            raise ValueError("until_before_since")
        return self

    def active_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


class ManagerRole(Strict):
    person: PersonId
    role: ShortText


class Enterprise(Strict):
    """records/enterprises/<USCC>.yaml"""

    name: ShortText
    former_names: list[ShortText] = Field(default_factory=list)
    legal_representative: ShortText
    registered_region: RegionCode
    address: ShortText
    established: Date
    hotline: Annotated[str, StringConstraints(pattern=r"^[0-9][0-9 ()\-转]{4,30}$")] | None = None
    projects: list[Project] = Field(default_factory=list)
    managers: list[ManagerRole] = Field(default_factory=list)


class Person(Strict):
    """records/persons/<ID>.yaml — only a name (and a note): no identity or phone numbers."""

    name: ShortText
    note: Text | None = None


# ---- credit records ------------------------------------------------------------------------------------


class Decision(Strict):
    authority: ShortText
    level: DecisionLevel
    document: ShortText
    kind: Literal["penalty", "order", "handling", "judgment"] | None = None
    effective: Date
    learned: Date | None = None
    penalty_months: Annotated[int, Field(ge=1, le=600)] | None = None
    domain: Literal["special_equipment", "work_safety", "fire"] | None = None


class Extension(Strict):
    decided: Date
    months: Annotated[int, Field(ge=1, le=60)]
    reason: ShortText


class Objection(Strict):
    filed: Date
    resolved: Date | None = None
    outcome: Literal["upheld", "corrected", "revoked"] | None = None
    suspend: bool = False

    def pending_on(self, day: dt.date) -> bool:
        return self.filed <= day and (self.resolved is None or self.resolved > day)

    def revoked_on(self, day: dt.date) -> bool:
        return self.outcome == "revoked" and self.resolved is not None and self.resolved <= day


class Repair(Strict):
    applied: Date
    decided: Date | None = None
    outcome: Literal["approved", "rejected"] | None = None

    def approved_on(self, day: dt.date) -> bool:
        return self.outcome == "approved" and self.decided is not None and self.decided <= day


class Withdrawal(Strict):
    date: Date
    reason: ShortText


class CreditRecord(Strict):
    """records/credit/<YYYY>/<ID>.yaml — one piece of good or bad credit information."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)

    subject: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    project: ProjectId | None = None
    kind: Literal["bad", "good"]
    class_: Literal["A", "B", "C"] | None = Field(default=None, alias="class")
    item: Annotated[str, StringConstraints(pattern=r"^[a-z]+(\.[0-9]+){0,2}$")]
    count: Annotated[int, Field(ge=1, le=1000)] = 1
    points: Annotated[int, Field(ge=0, le=100)] | None = None
    summary: Text
    decision: Decision
    recorder: AuthorityCode
    notified: Date | None = None
    entered: Date
    disclosure_months: Annotated[int, Field(ge=1, le=60)] | None = None
    refuses_correction: bool = False
    deed: Annotated[str, StringConstraints(pattern=DEED_RE)] | None = None
    extensions: list[Extension] = Field(default_factory=list)
    objections: list[Objection] = Field(default_factory=list)
    repair: Repair | None = None
    withdrawn: Withdrawal | None = None

    @property
    def category(self) -> str:
        return self.item.split(".", 1)[0]


# ---- evaluations --------------------------------------------------------------------------------------


class Evaluation(Strict):
    """records/evaluations/<YYYY>/<authority>/evaluation.yaml (第十三条)."""

    cutoff: Date
    published: Date
    notice_until: Date | None = None


class CommunityMark(Strict):
    full: Annotated[int, Field(ge=0, le=1000)] = 0
    partial: Annotated[int, Field(ge=0, le=1000)] = 0


class ResultCount(Strict):
    count: Annotated[int, Field(ge=0, le=1000)]


MissingParts = Annotated[int, Field(ge=0, le=100)]
SheetValue = MissingParts | Literal["absent"] | CommunityMark | ResultCount
ItemKey = Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+$")]


class RedRemoval(Strict):
    date: Date
    reason: ShortText


class BlackRepair(Strict):
    approved: Date


ConditionNumber = Annotated[int, Field(ge=1, le=99)]
"""A red- or black-list condition by its number in the rulebook."""
