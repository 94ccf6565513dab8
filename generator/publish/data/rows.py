"""Rows of the open-data tables, computed from a :class:`~generator.day.snapshot.Snapshot` only.

Values are typed Python values (str, int, Decimal, bool, date, None); the writers in
:mod:`generator.publish.data.write` format them for CSV, JSON and SQLite.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from generator.day.schemes import scheme_of
from generator.day.snapshot import PublicRecord, Snapshot
from generator.labels import (
    CLASS_NAMES,
    DECISION_KIND_NAMES,
    DECISION_LEVEL_NAMES,
    KIND_NAMES,
    LEVEL_STATUS_NAMES,
    SCOPE_NAMES,
    STATUS_NAMES,
)
from generator.rules.regions import kind as region_kind
from generator.rules.regions import parent as region_parent

Row = dict[str, Any]


def fmt_decimal(value: Decimal) -> str:
    """97 → "97", 97.50 → "97.5" (never exponent notation)."""
    text = format(value.normalize(), "f")
    return text


def current_level(snap: Snapshot) -> dict[str, tuple[str | None, int | None]]:
    """Each enterprise's current level (stars or grade) and its year, from published results."""
    out: dict[str, tuple[str | None, int | None]] = {}
    for uscc, r in snap.latest_rating().items():
        out[uscc] = (None if r.level is None else str(r.level), r.year)
    for uscc, g in snap.latest_grade().items():
        out[uscc] = (g.grade, g.year)
    return out


def severe_flags(snap: Snapshot) -> set[str]:
    """Henan: a public A-class record; Hulunbuir: on the black list now with a severe case."""
    out = {r.subject for r in snap.records if r.kind == "bad" and r.class_ == "A" and r.subject_kind == "enterprise"}
    out |= {g.uscc for g in snap.latest_grade().values() if g.black_list and g.severe}
    return out


def enterprise_rows(snap: Snapshot) -> list[Row]:
    levels = current_level(snap)
    severe = severe_flags(snap)
    latest = snap.latest_rating()
    rows = []
    for uscc, e in snap.enterprises.items():
        level, year = levels.get(uscc, (None, None))
        status = "rated" if level is not None else (
            "vetoed" if uscc in latest and latest[uscc].vetoed else "not_rated")
        rows.append({
            "uscc": uscc,
            "name": e.name,
            "former_names": "；".join(e.former_names) or None,
            "legal_representative": e.legal_representative,
            "region": e.registered_region,
            "region_name": snap.regions.get(e.registered_region),
            "address": e.address,
            "established": e.established,
            "hotline": e.hotline,
            "projects": sum(1 for p in e.projects if p.active_on(snap.as_of)),
            "level": level,
            "level_year": year,
            "severe": uscc in severe,
            "level_status": status,
        })
    return rows


def project_rows(snap: Snapshot) -> list[Row]:
    rows = []
    for uscc, e in snap.enterprises.items():
        for p in sorted(e.projects, key=lambda p: p.id):
            rows.append({
                "enterprise": uscc, "id": p.id, "name": p.name, "region": p.region, "address": p.address,
                "since": p.since, "until": p.until, "manager": p.manager,
            })
    return rows


def person_rows(snap: Snapshot) -> list[Row]:
    return [{"id": pid, "name": p.name} for pid, p in snap.persons.items()]


def record_row(r: PublicRecord) -> Row:
    return {
        "id": r.id,
        "subject": r.subject,
        "kind": r.kind,
        "class": r.class_,
        "category": r.category,
        "item": r.item,
        "count": r.count,
        "points": r.points,
        "summary": r.summary,
        "decision_authority": r.decision.authority,
        "decision_level": r.decision.level,
        "document": r.decision.document,
        "decision_kind": r.decision.kind,
        "effective": r.decision.effective,
        "public_until": r.public_until,
        "objection": r.objection_pending,
        "project": r.project,
        "item_text": r.item_text,
    }


def record_rows(snap: Snapshot) -> list[Row]:
    return [record_row(r) for r in snap.records]


def rating_rows(snap: Snapshot) -> list[Row]:
    rows = []
    for r in sorted(snap.ratings, key=lambda r: (r.year, r.uscc)):
        scores: dict[str, Decimal | None] = {}
        for code in ("market", "safety", "red", "smart", "social"):
            c = r.category(code)
            scores[code] = None if (c is None or r.vetoed) else c.score
        rows.append({
            "year": r.year, "uscc": r.uscc, "authority": r.authority, "scope": r.scope,
            "published": r.published, "notice_until": r.notice_until, "status": r.status(snap.as_of),
            "vetoed": r.vetoed, **scores, "stars": r.stars, "level": r.level,
        })
    return rows


def grade_rows(snap: Snapshot) -> list[Row]:
    return [
        {"year": g.year, "uscc": g.uscc, "authority": g.authority, "published": g.published, "score": g.score,
         "grade": g.grade, "red_list": g.red_list, "black_list": g.black_list}
        for g in sorted(snap.grades, key=lambda g: (g.year, g.uscc))
    ]


# ---- code lists -----------------------------------------------------------------------------------------


def item_rows(snap: Snapshot) -> list[Row]:
    """Every item of the rulebook (附件1–5), and each category as the item of its awards (附件1–4 说明)."""
    rb = snap.rulebook
    rows: list[Row] = []
    for cat in rb.categories:
        rows.append({
            "code": cat.code, "category": cat.code, "section": None,
            "text": f"{cat.name}（{cat.appendix}）" + ("：获得表彰（扬）奖励的，按级别加分" if cat.awards else ""),
            "points": None, "veto": False, "category_name": cat.name, "section_name": None,
            "points_min": None, "points_max": None, "max": None, "unit": None,
        })
    for code, (cat, sec, it) in rb.items.items():
        low, high = it.points_range if it.points_range is not None else (None, None)
        rows.append({
            "code": code, "category": cat.code, "section": sec.number, "text": it.text,
            "points": it.points if it.points is not None else it.per_item, "veto": it.veto,
            "category_name": cat.name, "section_name": sec.name, "points_min": low, "points_max": high,
            "max": it.max if it.max is not None else (Decimal(it.cap) if it.cap is not None else None),
            "unit": it.unit,
        })
    return rows


def region_rows(snap: Snapshot) -> list[Row]:
    return [{"code": code, "name": name, "parent": region_parent(code, snap.regions),
             "kind": region_kind(code, snap.regions)} for code, name in snap.regions.items()]


def authority_rows(snap: Snapshot) -> list[Row]:
    return [{"code": code, "name": a.name, "level": a.level, "address": a.address, "phone": a.phone, "email": a.email}
            for code, a in snap.authorities.items()]


def code_rows(snap: Snapshot) -> list[Row]:
    """What each code of the tables means, from :mod:`generator.labels` and the rulebook (one source each)."""
    lists: dict[str, dict[str, str]] = {
        "records.kind": KIND_NAMES,
        "records.class": CLASS_NAMES,
        "records.decision_kind": DECISION_KIND_NAMES,
        "records.decision_level": DECISION_LEVEL_NAMES,
        "records.category": {c.code: c.name for c in snap.rulebook.categories},
        "ratings.scope": SCOPE_NAMES,
        "ratings.status": STATUS_NAMES,
        "enterprises.level_status": LEVEL_STATUS_NAMES,
    } | scheme_of(snap.rulebook).code_lists()
    return [{"list": name, "code": code, "label": label}
            for name, codes in sorted(lists.items()) for code, label in sorted(codes.items())]


ROWS = {
    "enterprises": enterprise_rows,
    "projects": project_rows,
    "persons": person_rows,
    "records": record_rows,
    "ratings": rating_rows,
    "grades": grade_rows,
    "items": item_rows,
    "regions": region_rows,
    "authorities": authority_rows,
    "codes": code_rows,
}


def all_rows(snap: Snapshot) -> dict[str, list[Row]]:
    return {name: fn(snap) for name, fn in ROWS.items()}


def to_text(value: Any) -> str:
    """A cell as CSV text: ISO dates, true/false, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return fmt_decimal(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
