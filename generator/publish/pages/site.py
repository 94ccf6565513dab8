"""The public site: Pelican, run programmatically with the project's settings and plugin (DESIGN §7).

:func:`write_site` reads ``pelicanconf.py``, hands the snapshot to the plugin through the setting
``CREDIT_SNAPSHOT``, runs Pelican into ``out`` (which ``credit build`` has just created, atomically) and then
writes the search index. Pages come from :mod:`generator.publish.pages`; the Markdown pages in ``content/``
are Pelican's own.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from generator.day.snapshot import Snapshot
from generator.publish.search.index import write_search_index

ROOT = Path(__file__).resolve().parents[3]
PELICANCONF = ROOT / "pelicanconf.py"
PLUGIN = "generator.publish.pages"


class SiteBuildError(RuntimeError):
    """Pelican reported an error (a template, a page, the plugin) — the build must not pass silently."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def settings_for(
    snapshot: Snapshot | None,
    out: Path,
    records: Path | None = None,
    conf: Path = PELICANCONF,
    **override: Any,
) -> dict[str, Any]:
    from pelican.settings import read_settings

    values: dict[str, Any] = {
        "OUTPUT_PATH": str(out),
        "DELETE_OUTPUT_DIRECTORY": False,
        "CREDIT_WRITE_EXTRAS": False,
    }
    if snapshot is not None:
        values["CREDIT_SNAPSHOT"] = snapshot
        values["CREDIT_AS_OF"] = snapshot.as_of.isoformat()
    if records is not None:
        values["CREDIT_RECORDS"] = str(records)
    values.update(override)
    settings: dict[str, Any] = read_settings(path=str(conf), override=values)
    return settings


def write_site(snapshot: Snapshot, out: Path, records: Path | None = None, search: bool = True) -> int:
    """Write every page of the site under ``out`` (and the search index, unless ``search`` is false: the
    caller writes it, see :mod:`generator.publish.parallel`); returns the number of HTML pages written."""
    from pelican import Pelican, signals
    from pelican import log as pelican_log

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    settings = settings_for(snapshot, out, records)
    collect = _Collect()
    pelican_logger = logging.getLogger("pelican")
    plugin_logger = logging.getLogger(PLUGIN)
    pelican_logger.addHandler(collect)
    plugin_logger.addHandler(collect)
    generators: list[Any] = []

    def keep(found: list[Any]) -> None:
        generators[:] = found

    signals.all_generators_finalized.connect(keep, weak=False)
    quiet = pelican_log.console.quiet
    pelican_log.console.quiet = True  # Pelican's "Done: Processed …" line is not for `credit build`
    try:
        pelican = Pelican(settings)
        if PLUGIN not in pelican.settings.get("PLUGINS", []):
            raise SiteBuildError(f"the Pelican plugin {PLUGIN} did not register")
        pelican.run()
    finally:
        pelican_log.console.quiet = quiet
        signals.all_generators_finalized.disconnect(keep)
        pelican_logger.removeHandler(collect)
        plugin_logger.removeHandler(collect)
    for r in collect.records:
        if r.levelno < logging.ERROR:
            logging.getLogger(__name__).warning("Pelican: %s", r.getMessage())
    errors = [r for r in collect.records if r.levelno >= logging.ERROR]
    if errors:
        raise SiteBuildError("; ".join(r.getMessage() for r in errors))
    if search:
        write_search_index(snapshot, out / "search")
    return _html_pages(generators)


def _html_pages(generators: list[Any]) -> int:
    """The HTML pages written: ours (counted by the generator and its workers, kept pages included) and
    Pelican's Markdown pages — not a walk of the output, which costs a stat of every file at 200k enterprises and
    would count the pages of a publisher running beside (the clerks' form, ``admin/index.html``) only when it
    happened to be done first."""
    from pelican.generators import PagesGenerator

    from generator.publish.pages import CreditGenerator

    n = 0
    for g in generators:
        if isinstance(g, CreditGenerator):
            n += g.pages_written
        elif isinstance(g, PagesGenerator):
            n += sum(1 for page in [*g.pages, *g.hidden_pages] if str(page.save_as).endswith(".html"))
    return n
