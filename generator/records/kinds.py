"""Every record file kind and its model (DESIGN §2): the fixed kinds of :mod:`generator.records.models` and one
evaluation-sheet kind per rulebook, its model derived from the rulebook (:mod:`generator.records.sheets`).
``schemas/<kind>.schema.json`` is generated from these."""

from __future__ import annotations

from pydantic import BaseModel

from generator.records import models as m
from generator.records.sheets import SHEET_MODELS

_FIXED: dict[str, type[BaseModel]] = {
    "platform": m.Platform,
    "regions": m.Regions,
    "authorities": m.Authorities,
    "calendar": m.CalendarFile,
    "enterprise": m.Enterprise,
    "person": m.Person,
    "credit-record": m.CreditRecord,
    "evaluation": m.Evaluation,
}
SCHEMA_MODELS: dict[str, type[BaseModel]] = _FIXED | SHEET_MODELS
"""Every record file kind → its model."""


def kind_of(model: type[BaseModel]) -> str:
    """The kind (schema name) of a model."""
    return next(k for k, v in SCHEMA_MODELS.items() if v is model)
