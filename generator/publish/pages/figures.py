"""The site's pictures from its model (issue 14): which enterprises a level chart counts, and what an
enterprise's timeline shows — drawn by :mod:`generator.publish.pages.charts`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from markupsafe import Markup

from generator.day.schemes import scheme_of
from generator.publish.pages.charts import Mark, Span, distribution, timeline
from generator.publish.pages.views import GradeView, RatingView, SiteModel

TIMELINE_MAX = 40  # records drawn on an enterprise's timeline; the table below lists them all


def level_codes(model: SiteModel) -> dict[str, str]:
    """Each enterprise's current level as the scheme codes it (the search index's codes)."""
    scheme = scheme_of(model.rb)
    out = {}
    for uscc in model.snap.enterprises:
        rv = model.latest_rating.get(uscc)
        gv = model.latest_grade.get(uscc)
        if rv is not None:
            level = None if rv.rating.level is None else str(rv.rating.level)
            out[uscc] = scheme.level_code(level, rv.rating.vetoed)
        elif gv is not None:
            out[uscc] = scheme.level_code(gv.grade.grade, False)
        else:
            out[uscc] = scheme.level_code(None, False)
    return out


def result_codes(model: SiteModel, views: Iterable[RatingView | GradeView]) -> list[str]:
    """The level codes of one year's published results (the rating-year page's chart)."""
    scheme = scheme_of(model.rb)
    out = []
    for v in views:
        if isinstance(v, RatingView):
            r = v.rating
            out.append(scheme.level_code(None if r.level is None else str(r.level), r.vetoed))
        else:
            out.append(scheme.level_code(v.grade.grade, False))
    return out


def level_figure(model: SiteModel, title: str, codes: Iterable[str], rated_only: bool = False) -> Markup:
    """Bars of how many enterprises hold each level, best first (``rated_only``: leave out 暂无评价结果)."""
    scheme = scheme_of(model.rb)
    counts = Counter(codes)
    order = [c for c in scheme.levels_best_first() if not (rated_only and c == "-")]
    rows = [(scheme.levels[c], counts[c]) for c in order]
    return distribution(title, rows, [f"level-{c}" if c != "-" else "level-none" for c in order])


def enterprise_timeline(model: SiteModel, uscc: str) -> Markup:
    """An enterprise's public records (decision to last public day) and its published results."""
    views = sorted(model.records_by_subject.get(uscc, []), key=lambda v: (v.rec.decision.effective, v.rec.id))
    spans = [Span(v.rec.id, v.rec.decision.effective, v.rec.public_until,
                  v.rec.class_ if v.rec.kind == "bad" and v.rec.class_ else "good")
             for v in views[-TIMELINE_MAX:]]
    marks = [Mark(rv.level_label, rv.rating.published)  # the year is on the axis below
             for rv in model.ratings_by_uscc.get(uscc, [])]
    marks += [Mark(f"{gv.grade.grade} 级", gv.grade.published)
              for gv in model.grades_by_uscc.get(uscc, [])]
    return timeline("公开的信用信息和评价结果", spans, sorted(marks, key=lambda m: m.day))
