"""Client-side search index (lunr) — placeholder until the search issue lands.

``write_search_index(snapshot, out_dir)`` writes everything the search page needs under ``out_dir``
(the site's ``search/`` folder) and returns the number of files written.
"""

from __future__ import annotations

from pathlib import Path

from ..snapshot import Snapshot


def write_search_index(snapshot: Snapshot, out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    return 0
