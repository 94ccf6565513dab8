"""Pictures where people would rather look than read (issue 14), as inline SVG without JavaScript: the
distribution of levels (home, region and rating-year pages) and an enterprise's timeline of public records
and ratings. Each picture has a text equivalent beside it on its page (the tables), an accessible name, and
takes its colours from the site's stylesheet (classes, no inline colours), so it prints and scales.

Pure functions of what the page already shows: nothing here reads more than the public snapshot's views.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_HEIGHT = 22
LABEL_WIDTH = 112  # room for "未获得星级认定" (7 characters) at the chart's font size (13 units)
COUNT_WIDTH = 48
BARS_WIDTH = 400  # the level chart: 28rem wide at most (site.css), so its text stays 11–15 px on every screen
WIDTH = 640  # the timeline: years need the room; its text grows on phones (site.css)


def distribution(title: str, rows: Sequence[tuple[str, int]], css: Sequence[str] = ()) -> Markup:
    """A horizontal bar per level, best first: ``rows`` are (label, count); ``css`` an optional class per row."""
    if not rows or not any(n for _label, n in rows):
        return Markup("")
    top = max(n for _label, n in rows)
    total = sum(n for _label, n in rows)
    span = BARS_WIDTH - LABEL_WIDTH - COUNT_WIDTH
    height = BAR_HEIGHT * len(rows) + 8
    summary = "，".join(f"{label} {n} 家" for label, n in rows)
    out = [f'<figure class="chart levels"><svg class="bars" viewBox="0 0 {BARS_WIDTH} {height}" role="img" '
           f'aria-label="{escape(title)}：{escape(summary)}" preserveAspectRatio="xMinYMin meet">']
    for i, (label, n) in enumerate(rows):
        y = 4 + i * BAR_HEIGHT
        w = 0 if top == 0 else max(2 if n else 0, round(span * n / top))
        cls = css[i] if i < len(css) else ""
        out.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
                   f'<rect class="bar {escape(cls)}" x="{LABEL_WIDTH}" y="{y + 3}" width="{w}" height="{BAR_HEIGHT - 6}"/>'
                   f'<text x="{LABEL_WIDTH + w + 6}" y="{y + 15}">{n}</text>')
    out.append(f'</svg><figcaption>{escape(title)}（共 {total} 家）</figcaption></figure>')
    return Markup("".join(out))


@dataclass(frozen=True)
class Span:
    """One public record on the timeline: from its decision to the last day it is public."""

    label: str  # the record id
    start: dt.date
    end: dt.date
    css: str  # A | B | C | good


@dataclass(frozen=True)
class Mark:
    """One published rating or grade: its day and its level."""

    label: str
    day: dt.date


def timeline(title: str, spans: Sequence[Span], marks: Sequence[Mark]) -> Markup:
    """Records as bars over the years, ratings as marks above them. No line for today: a page changes only
    when what it shows changes, not every night (the date of the data is in as-of.css). A picture
    (role="img") holds no links: the records' table right below it has them."""
    if not spans and not marks:
        return Markup("")
    days = [s.start for s in spans] + [s.end for s in spans] + [m.day for m in marks]
    first = dt.date(min(days).year, 1, 1)
    last = dt.date(max(days).year + 1, 1, 1)
    left, right = 8, WIDTH - 8
    scale = (right - left) / max(1, (last - first).days)

    def x(day: dt.date) -> float:
        return round(left + (day - first).days * scale, 1)

    mark_lane = 40 if marks else 0
    axis = 22
    height = mark_lane + BAR_HEIGHT * len(spans) + axis + 6
    summary = "；".join([f"{m.label}（{m.day.isoformat()}）" for m in marks]
                       + [f"{s.label} {s.start.isoformat()} 至 {s.end.isoformat()}" for s in spans])
    out = [f'<figure class="chart"><svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-label="{escape(title)}：{escape(summary)}" preserveAspectRatio="xMinYMin meet">']
    for year in range(first.year, last.year + 1):
        gx = x(dt.date(year, 1, 1))
        out.append(f'<line class="grid" x1="{gx}" y1="0" x2="{gx}" y2="{height - axis}"/>')
        if year < last.year:
            out.append(f'<text class="tick" x="{x(dt.date(year, 7, 1))}" y="{height - 6}" text-anchor="middle">{year}</text>')
    for m in marks:
        mx = x(m.day)
        out.append(f'<path class="mark" d="M{mx} 22 l6 7 l-6 7 l-6 -7 z"/>'
                   f'<text x="{mx}" y="18" text-anchor="middle" class="mark-label">{escape(m.label)}</text>')
    for i, s in enumerate(spans):
        y = mark_lane + i * BAR_HEIGHT
        x1, x2 = x(s.start), x(s.end)
        out.append(f'<rect class="span {escape(s.css)}" data-record="{escape(s.label)}" x="{x1}" y="{y + 4}" '
                   f'width="{max(3.0, round(x2 - x1, 1))}" height="{BAR_HEIGHT - 8}"><title>{escape(s.label)}：'
                   f'{s.start.isoformat()} 至 {s.end.isoformat()}</title></rect>')
    out.append(f'</svg><figcaption>{escape(title)}：横条为每条信息从决定生效到公开期满，菱形为评价结果的公布日</figcaption></figure>')
    return Markup("".join(out))
