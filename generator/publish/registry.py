"""The publishers that write beside the pages, as a registry (like zavod's exporters): each reads only the
computed snapshot and writes its own part of the output, so they may run in any order or side by side
(:mod:`generator.publish.parallel`). The pages are Pelican's, driven by :mod:`generator.publish.pages`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import urls
from generator.day.snapshot import Snapshot
from generator.publish.admin import write_admin
from generator.publish.data.releases import write_index
from generator.publish.data.write import write_data
from generator.publish.digests import SEARCH_KEYS_FILE
from generator.publish.reuse import Reuse
from generator.publish.search.index import write_search_index


@dataclass(frozen=True)
class Publisher:
    name: str
    owns: tuple[str, ...]  # the folders of the output it writes, and nobody else
    write: Callable[[Snapshot, Path, str | None], dict[str, int]]  # (snapshot, output, records commit) → rows
    with_pages: bool = False  # written only when the site is (the open data is written by every build)


def _data(snapshot: Snapshot, out: Path, commit: str | None) -> dict[str, int]:
    """The open data, and the list of dated releases — empty until ``credit release`` (or ``publish``) fills it."""
    rows = write_data(snapshot, out, commit)
    releases = out / urls.data_file("releases").path
    releases.mkdir(parents=True, exist_ok=True)
    write_index(releases)
    return rows


def _search(snapshot: Snapshot, out: Path, commit: str | None) -> dict[str, int]:
    """The search index; its text shards taken over from the previous output where their documents are the same."""
    write_search_index(snapshot, out / urls.SEARCH.path, reuse=Reuse(out, SEARCH_KEYS_FILE))
    return {}


def _admin(snapshot: Snapshot, out: Path, commit: str | None) -> dict[str, int]:
    """The web form for clerks (Decap CMS, issue 16): its config is made from the models and the rulebook."""
    return write_admin(snapshot, out)


PUBLISHERS: dict[str, Publisher] = {
    p.name: p for p in (
        # the open data first: it takes longer, so it starts first when not all fit beside the pages
        Publisher("data", ("data/", "api/"), _data),
        Publisher("search", ("search/",), _search, with_pages=True),
        Publisher("admin", ("admin/",), _admin, with_pages=True),
    )
}
"""Every publisher by name, in the order they start."""
