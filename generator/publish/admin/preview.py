"""What the form's preview (``preview.js``) shows a record with: the names the public pages use for its codes,
the rulebook's items and disclosure periods, and the addresses of the pages it would appear on. Structure and
rules only — the preview reads the record itself from the form."""

from __future__ import annotations

from typing import Any

from generator import labels, urls
from generator.day.snapshot import Snapshot


def preview_data(snapshot: Snapshot) -> dict[str, Any]:
    rb = snapshot.rulebook
    items: dict[str, dict[str, Any]] = {}
    for code, (cat, _sec, it) in rb.items.items():
        items[code] = {"category": cat.name, "text": it.text, "points": it.points, "range": it.points_range,
                       "veto": it.veto, "unit": it.unit}
    for cat in rb.categories:
        if cat.awards:
            items[cat.code] = {"category": cat.name, "text": "获得表彰", "award": True}
    rules = rb.disclosure
    return {
        "platform": snapshot.platform.name,
        "items": items,
        "award_bonus": dict(rb.award_bonus),
        "names": {
            "kind": labels.KIND_NAMES,
            "class": labels.CLASS_NAMES,
            "decision_kind": labels.DECISION_KIND_NAMES,
            "decision_level": labels.DECISION_LEVEL_NAMES,
            "domain": labels.DOMAIN_NAMES,
        },
        "authorities": {code: a.name for code, a in snapshot.authorities.items()},
        "good_months": rules.good_months if rules is not None else None,
        "pages": {"enterprise": "../" + urls.enterprise("{id}").path, "person": "../" + urls.person("{id}").path},
    }
