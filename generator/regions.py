"""Region codes (GB/T 2260) and who rates an enterprise (第十三条).

A code's parent is its nearest listed ancestor by digits: 410105 → 410100 → 410000; 419001 (济源, a
county-level city under the province) → 410000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Scope = Literal["county", "city", "province"]


def candidates(code: str) -> list[str]:
    """Ancestor codes by digits, nearest first (not including ``code``)."""
    code = code[:6]
    out = []
    if code[4:] != "00":
        out.append(code[:4] + "00")
    if code[2:] != "0000":
        out.append(code[:2] + "0000")
    return out


def parent(code: str, regions: Mapping[str, str]) -> str | None:
    for c in candidates(code):
        if c in regions:
            return c
    return None


def chain(code: str, regions: Mapping[str, str]) -> list[str]:
    """``code`` and its listed ancestors, province first."""
    out = [code]
    p = parent(code, regions)
    while p is not None:
        out.append(p)
        p = parent(p, regions)
    return list(reversed(out))


def kind(code: str, regions: Mapping[str, str]) -> Literal["province", "city", "county"]:
    """Province (XX0000), city (XXYY00) or county (anything else, 济源 included)."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def city_of(county: str, regions: Mapping[str, str]) -> str:
    """The city a county belongs to; a county-level city under the province stands for itself."""
    for c in chain(county, regions):
        if kind(c, regions) == "city":
            return c
    return county


def province_of(code: str, regions: Mapping[str, str]) -> str:
    return chain(code, regions)[0] if kind(chain(code, regions)[0], regions) == "province" else code[:2] + "0000"


@dataclass(frozen=True)
class RatingScope:
    """Which authority's list an enterprise belongs on in a year (第十三条)."""

    scope: Scope
    region: str
    counties: tuple[str, ...]


def rating_scope(
    project_regions: Iterable[str], registered: str, regions: Mapping[str, str]
) -> RatingScope:
    """第十三条: the counties of the projects active at the cutoff (the registered county if none):
    one county → the county's authority; one city → the city's; several cities → the province's."""
    counties = tuple(sorted(set(project_regions))) or (registered,)
    cities = {city_of(c, regions) for c in counties}
    if len(counties) == 1:
        only = counties[0]
        return RatingScope("county" if kind(only, regions) == "county" else kind(only, regions), only, counties)
    if len(cities) == 1:
        return RatingScope("city", next(iter(cities)), counties)
    return RatingScope("province", province_of(counties[0], regions), counties)


def active_project_regions(projects: Iterable[object], day: dt.date) -> list[str]:
    out = []
    for p in projects:
        if p.active_on(day):  # type: ignore[attr-defined]
            out.append(p.region)  # type: ignore[attr-defined]
    return out
