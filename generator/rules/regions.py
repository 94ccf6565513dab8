"""Region codes (GB/T 2260) and who rates an enterprise (第十三条).

A code's parent is its nearest listed ancestor by digits: 410105 → 410100 → 410000; 419001 (济源, a
county-level city under the province) → 410000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from generator.memo import remembered

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


class RegionIndex:
    """Parents, chains and cities of every listed code, worked out once per regions table."""

    def __init__(self, regions: Mapping[str, str]) -> None:
        self.regions = regions
        self._chain: dict[str, tuple[str, ...]] = {}

    def parent(self, code: str) -> str | None:
        for c in candidates(code):
            if c in self.regions:
                return c
        return None

    def chain(self, code: str) -> tuple[str, ...]:
        found = self._chain.get(code)
        if found is None:
            out = [code]
            p = self.parent(code)
            while p is not None:
                out.append(p)
                p = self.parent(p)
            found = self._chain[code] = tuple(reversed(out))
        return found

    def city_of(self, county: str) -> str:
        for c in self.chain(county):
            if kind(c, self.regions) == "city":
                return c
        return county

    def province_of(self, code: str) -> str:
        top = self.chain(code)[0]
        return top if kind(top, self.regions) == "province" else code[:2] + "0000"


_INDEXES: dict[int, tuple[Mapping[str, str], RegionIndex]] = {}


def index_for(regions: Mapping[str, str]) -> RegionIndex:
    """The index of a regions table (kept for the few tables a process uses)."""
    if isinstance(regions, RegionIndex):
        return regions
    hit = _INDEXES.get(id(regions))
    if hit is not None and hit[0] is regions:
        return hit[1]
    if len(_INDEXES) > 16:
        _INDEXES.clear()
    idx = RegionIndex(regions)
    _INDEXES[id(regions)] = (regions, idx)
    return idx


def parent(code: str, regions: Mapping[str, str]) -> str | None:
    return index_for(regions).parent(code)


def chain(code: str, regions: Mapping[str, str]) -> list[str]:
    """``code`` and its listed ancestors, province first."""
    return list(index_for(regions).chain(code))


def kind(code: str, regions: Mapping[str, str]) -> Literal["province", "city", "county"]:
    """Province (XX0000), city (XXYY00) or county (anything else, 济源 included)."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def city_of(county: str, regions: Mapping[str, str]) -> str:
    """The city a county belongs to; a county-level city under the province stands for itself."""
    return index_for(regions).city_of(county)


def province_of(code: str, regions: Mapping[str, str]) -> str:
    return index_for(regions).province_of(code)


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


def scopes_on(
    enterprises: Mapping[str, object], day: dt.date, regions: Mapping[str, str]
) -> dict[str, RatingScope]:
    """Every enterprise's rating scope for a cutoff day (第十三条), skipping those not yet established."""
    out: dict[str, RatingScope] = {}
    for uscc, ent in enterprises.items():
        if ent.established > day:  # type: ignore[attr-defined]
            continue
        out[uscc] = rating_scope(
            active_project_regions(ent.projects, day), ent.registered_region, regions  # type: ignore[attr-defined]
        )
    return out


@remembered
def claims_on(enterprises: Mapping[str, object], day: dt.date, regions: Mapping[str, str]) -> dict[str, list[str]]:
    """Rating authority region → the enterprises it rates for a cutoff day (第十三条), in code order."""
    out: dict[str, list[str]] = {}
    for uscc, scope in sorted(scopes_on(enterprises, day, regions).items()):
        out.setdefault(scope.region, []).append(uscc)
    return out


def active_project_regions(projects: Iterable[object], day: dt.date) -> list[str]:
    out = []
    for p in projects:
        if p.active_on(day):  # type: ignore[attr-defined]
            out.append(p.region)  # type: ignore[attr-defined]
    return out
