"""Every record file kind and its model (DESIGN §2): the fixed kinds of :mod:`generator.records.models` and
one evaluation-sheet kind per rulebook, whose model its scheme derives from the rulebook
(:attr:`generator.rules.schemes.base.Scheme.sheet_model`). ``schemas/<kind>.schema.json`` is generated from these."""

from __future__ import annotations

from pydantic import BaseModel

from generator.records import models as m
from generator.rules.schemes import all_schemes

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
SCHEMA_MODELS: dict[str, type[BaseModel]] = _FIXED | {s.sheet_kind: s.sheet_model for s in all_schemes()}
"""Every record file kind → its model."""

for _scheme in all_schemes():  # the models made from the rulebooks, where pickle finds them (Scheme.made)
    for _model in _scheme.models:
        globals()[_model.__qualname__] = _model


def kind_of(model: type[BaseModel]) -> str:
    """The kind (schema name) of a model."""
    return next(k for k, v in SCHEMA_MODELS.items() if v is model)
