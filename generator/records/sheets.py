"""The evaluation sheet's model, derived from the rulebook (DESIGN §3): a sheet holds what the rulebook says an
evaluation scores from a sheet, and nothing else.

* each ``checklist`` category (附件3、4 of the Henan measures) is an optional mapping, item key → missing parts,
  ``absent``, communities or results;
* score parts (``grades.parts``: street, authority in Hulunbuir) are the sheet's ``scores``, with the conditions
  of the red and black lists met, a red-list removal, a black-list repair and whether the case is severe.

A new rulebook gets its sheet kind (``sheet-<rulebook id>``) and schema from this, with no new code.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

from pydantic import BaseModel, Field, create_model

from generator.records import models as m
from generator.rules.rulebook import Rulebook, available, load_rulebook

Score = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]


def sheet_kind(rulebook: Rulebook) -> str:
    """The record file kind (and schema name) of an evaluation sheet under ``rulebook``."""
    return f"sheet-{rulebook.id}"


def _published(model: type[BaseModel], name: str) -> type[BaseModel]:
    """Publish a model made here as ``generator.records.sheets.<name>`` so that it pickles (the parse cache and
    the loader's worker processes pickle parsed files); its schema name stays its own."""
    model.__qualname__ = name
    model.__module__ = __name__
    setattr(sys.modules[__name__], name, model)
    return model


def _make(rulebook: Rulebook) -> type[BaseModel]:
    prefix = rulebook.id.capitalize()
    fields: dict[str, Any] = {
        cat.code: (dict[m.ItemKey, m.SheetValue] | None, None)
        for cat in rulebook.categories if cat.kind == "checklist"
    }
    if rulebook.grades is not None:
        parts: dict[str, Any] = {p.key: (Score, ...) for p in rulebook.grades.parts}
        scores = _published(create_model("Scores", __base__=m.Strict, **parts), f"{prefix}Scores")
        fields |= {
            "scores": (scores, ...),
            "red_conditions": (list[m.ConditionNumber], Field(default_factory=list)),
            "black_conditions": (list[m.ConditionNumber], Field(default_factory=list)),
            "red_removed": (m.RedRemoval | None, None),
            "black_repair": (m.BlackRepair | None, None),
            "severe": (bool, False),
        }
    model = _published(create_model(f"{prefix}Sheet", __base__=m.Strict, **fields), f"{prefix}Sheet")
    model.__doc__ = f"<USCC>.yaml beside evaluation.yaml under the {rulebook.id} rulebook."
    return model


SHEET_MODELS: dict[str, type[BaseModel]] = {
    sheet_kind(rb): _make(rb) for rb in (load_rulebook(name) for name in available())
}
"""The sheet kind of every rulebook the generator ships → its model."""


def sheet_model(rulebook: Rulebook) -> type[BaseModel]:
    """The model of an evaluation sheet under ``rulebook``."""
    return SHEET_MODELS[sheet_kind(rulebook)]
