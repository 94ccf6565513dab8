"""Rating schemes as objects: each rulebook names its scheme (``scheme:`` in generator/rules/rulebooks/*.yaml),
and :func:`scheme_of` gives the object that knows everything that differs between schemes — the evaluation
sheet's model, its checks, the evaluation itself, the publication dates the measures set, and the words and
page parts the site shows. Nothing else in the code asks which scheme or city it is working for.

A new city whose rules fit an existing scheme needs only a new rulebook file; a new kind of scheme is a new
:class:`~generator.day.schemes.base.Scheme` subclass registered here and its page parts under
``theme/templates/schemes/<key>/``.
"""

from __future__ import annotations

from generator.day.schemes.base import Scheme
from generator.day.schemes.grades import GradeScheme
from generator.day.schemes.stars import StarScheme
from generator.rules.rulebook import Rulebook

SCHEMES: dict[str, type[Scheme]] = {cls.key: cls for cls in (StarScheme, GradeScheme)}
"""Every scheme by the key a rulebook names it with."""


_MADE: dict[int, tuple[Rulebook, Scheme]] = {}


def scheme_of(rulebook: Rulebook) -> Scheme:
    """The scheme object of a rulebook (one per rulebook object; a rulebook is frozen but not hashable)."""
    made = _MADE.get(id(rulebook))
    if made is None or made[0] is not rulebook:
        made = _MADE[id(rulebook)] = (rulebook, SCHEMES[rulebook.scheme](rulebook))
    return made[1]


__all__ = ["SCHEMES", "GradeScheme", "Scheme", "StarScheme", "scheme_of"]
