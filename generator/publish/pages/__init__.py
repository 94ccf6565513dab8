"""The Pelican plugin of the public site (DESIGN §7).

``register()`` connects three signals:

* ``get_generators`` → :class:`CreditGenerator`, which writes every page of the site from the
  :class:`~generator.day.snapshot.Snapshot` through the theme's Jinja2 templates with Pelican's own writer
  (no intermediate Markdown), plus the Atom feed of new records, ``sitemap.xml`` and ``robots.txt``;
* ``all_generators_finalized`` → drops the Markdown pages written for another rulebook (a page with
  ``Rulebook: henan`` is not published by a ``hulunbuir`` deployment);
* nothing else: Pelican's own pages (``content/pages``) are written by Pelican as usual.

The snapshot comes from the setting ``CREDIT_SNAPSHOT`` (``credit build`` passes it in). Without it — when
someone runs ``pelican content`` — the generator validates ``CREDIT_RECORDS`` and computes the snapshot as of
``CREDIT_AS_OF`` (default: today in Asia/Shanghai), failing with the validator's messages when the records
are invalid; with ``CREDIT_WRITE_EXTRAS`` it then also writes the search index and the open data, so that
the output is the complete site.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from blinker import Signal
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator, PagesGenerator

from generator import heap, urls
from generator.day import open_day
from generator.day.schemes import scheme_of
from generator.day.snapshot import Snapshot
from generator.labels import (
    AWARD_LEVEL_NAMES,
    CLASS_NAMES,
    DECISION_KIND_NAMES,
    GOOD_MEANING,
    SCOPE_NAMES,
    STATUS_NAMES,
    cn_number,
    level_name,
)
from generator.publish.output import OutputError, OutputRefused, check_output
from generator.publish.pages.render_cache import RenderCache, guarded
from generator.publish.pages.specs import feed_entries, site_pages
from generator.publish.pages.verdict import Verdict, verdicts
from generator.publish.pages.views import PageSpec, RecordView, SiteModel, build_model, num
from generator.publish.registry import PUBLISHERS
from generator.records.gitref import records_commit
from generator.records.problems import Problem, RecordsInvalid
from generator.rules.calendar import today_shanghai
from generator.runtime import can_fork, fork_pool, settings, workers_that_fit
from generator.urls import item_anchor

logger = logging.getLogger(__name__)

THEME_DIR = Path(__file__).resolve().parents[3] / "theme"
SITEMAP_MAX = 50_000  # addresses per sitemap file (sitemaps.org)

_UNKNOWN = object()
"""A page's render key not computed yet (:meth:`CreditGenerator._write` computes it)."""

PAGE_WORKER_SHARE = 0.55
"""What a page worker adds to memory as a share of its parent's resident size when it forks (the pages it
copies and its own; :func:`generator.runtime.workers_that_fit`), rendering every page: measured at 10k
(2026-12-01, ``Private_*`` of ``/proc/<pid>/smaps_rollup``) 280 MB beside a 536 MB parent; at 200k (2026-12-02)
5.6 GB beside 9.8 GB. A worker of a nightly rebuild, which renders only the pages that changed and links the
others, copied as much at 10k (2026-12-02: 210–290 MB beside 490 MB): what it allocates lands in memory pages
it shares with its parent."""

page_workers_forking = Signal("page workers forking")
"""Sent (sender: the generator; ``workers``: how many; ``share``: what each adds to memory, as a share of this
process) once the site model is built and the page workers are sized, before a nightly's plan and the fork: the
moment this process is (all but) as large as it gets while publishing. :mod:`generator.publish.parallel`
starts the side publishers then, as many as memory allows, unless all of them fitted before the model was built
(with its growth counted: :data:`generator.publish.parallel.MODEL_GROWTH`) and started then. Measured at 200k
(2026-12-02): building the model took the process from 6.0 to 9.8 GB; sized at 6.0 GB without counting that, one
side publisher ran beside two page workers forked at 9.8 GB and the OOM killer ended a page worker."""


class CreditRecordsInvalid(Exception):
    """The records under ``CREDIT_RECORDS`` do not validate; the message lists every problem."""

    def __init__(self, records: Path, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        lines = "\n".join(p.text() for p in errors)
        super().__init__(f"记录有误（{records}），未生成网站：\n{lines}")
        self.problems = problems


def parse_as_of(value: Any) -> dt.date:
    if value is None or value == "":
        return today_shanghai()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def snapshot_from_settings(settings: dict[str, Any]) -> Snapshot:
    """The snapshot handed in by ``credit build``, or computed here from the records (``pelican content``)."""
    snap = settings.get("CREDIT_SNAPSHOT")
    if snap is not None:
        return snap  # type: ignore[no-any-return]
    records = Path(settings.get("CREDIT_RECORDS") or "records")
    as_of = parse_as_of(settings.get("CREDIT_AS_OF"))
    try:
        day = open_day(records, as_of)
    except RecordsInvalid as exc:
        for p in exc.problems:
            (logger.error if p.severity == "error" else logger.warning)("%s", p.text())
        raise CreditRecordsInvalid(records, exc.problems) from None
    for p in day.warnings:
        logger.warning("%s", p.text())
    return day.snapshot


def site_url_of(settings: dict[str, Any], snap: Snapshot) -> str:
    """The public absolute address of the site, where one is known (publishconf.py or platform.site_url)."""
    url = settings.get("CREDIT_SITE_URL") or ""
    if not url:
        siteurl = settings.get("SITEURL") or ""
        if siteurl.startswith(("http://", "https://")):
            url = siteurl
    if not url and snap.platform.site_url:
        url = snap.platform.site_url
    return str(url).rstrip("/")


def _nav(model: SiteModel) -> list[tuple[str, str]]:
    nav = [(urls.HOME.path, "首页"), (urls.SEARCH.path, "查询"), (urls.RATINGS.path, "信用评价")]
    nav += [(urls.listing(which).path, rule.name) for which, rule in scheme_of(model.rb).listings()]
    nav += [(urls.REGIONS.path, "地区"), (urls.STANDARDS.path, "评分标准"), (urls.DATA.path, "开放数据"),
            (urls.ABOUT.path, "关于")]
    return nav


class CreditGenerator(Generator):  # type: ignore[misc]  # Pelican has no type hints
    """Writes every page of the site from the snapshot (DESIGN §7)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model: SiteModel | None = None
        self.pages_written = 0
        self.cache: RenderCache

    def generate_context(self) -> None:
        snap = snapshot_from_settings(self.settings)
        model = build_model(snap)
        self.model = model
        site_url = site_url_of(self.settings, snap)
        self.context["SITENAME"] = snap.platform.name
        self.context["site"] = model
        self.context["CREDIT"] = {
            "as_of": snap.as_of,
            "as_of_iso": snap.as_of.isoformat(),
            "platform": snap.platform,
            "rulebook": snap.rulebook,
            "scheme": scheme_of(snap.rulebook),
            "nav": _nav(model),
            "site_url": site_url,
            "zip_name": f"credit-data-{snap.as_of.isoformat()}.zip",
        }

    def generate_output(self, writer: Any) -> None:
        assert self.model is not None
        model = self.model
        relative = bool(self.settings.get("RELATIVE_URLS"))
        site_url = self.context["CREDIT"]["site_url"]
        made = verdicts(model)
        specs = list(site_pages(model, made))
        urls = [s.variables["canonical"] for s in specs if s.variables.get("canonical") is not None]
        self.cache = self._render_cache(model, relative, site_url)
        self._write_all(writer, [*specs, *self._feeds(model, site_url), *self._badges(model, made)], relative, site_url)
        for page in self.context.get("pages", []):
            urls.append(page.url)
        self._write_sitemap(writer, sorted(set(urls)), site_url)
        self._write_text(writer, "robots.txt", "robots.txt", site_url)
        self._write_as_of(model.as_of)
        if self.settings.get("CREDIT_WRITE_EXTRAS"):
            self._write_extras(model.snap)

    # -- writing --
    def _render_cache(self, model: SiteModel, relative: bool, site_url: str) -> RenderCache:
        """What every cached page shares (issue 17): the lookups its templates make and the date-free settings."""
        snap = model.snap
        credit = {k: v for k, v in self.context["CREDIT"].items() if k not in ("as_of", "as_of_iso", "zip_name")}
        credit["scheme"] = type(credit["scheme"]).__name__  # made from the rulebook, which is in the key
        shared = (relative, site_url, sorted(credit.items()), snap.regions, snap.authorities,
                  [(u, e.name) for u, e in snap.enterprises.items()], [(p, v.name) for p, v in snap.persons.items()],
                  self.context.get("SITENAME"))
        return RenderCache(Path(self.output_path), shared)

    def _write_all(self, writer: Any, specs: list[PageSpec], relative: bool, site_url: str) -> None:
        """Render the pages on every core that memory allows: forked workers share the views already built
        (nothing is pickled but a count and the render keys). Each page is one file, so the split cannot change
        a byte.

        Where a previous output is there to keep pages from (a nightly rebuild), this process first computes
        every cached page's key and sorts the pages into those that may be kept (linked) and those to render;
        the workers then read the models of the pages they render only. A key reads every model its page is
        made from, and a forked worker that reads a model copies its memory page (the reference counts): at
        200k (2026-12-02) workers that computed the keys themselves copied their 10 GB parent and the OOM killer
        ended one."""
        run = settings()
        if len(specs) < run.parallel_min_pages or not can_fork(run.workers):
            plan = self._plan(specs) if self.cache.files.known else None
            for spec, key in [*plan[0], *plan[1]] if plan is not None else ((spec, _UNKNOWN) for spec in specs):
                self._write(writer, spec, relative, site_url, key)
            self.cache.write_keys([])
            return
        workers = workers_that_fit(run.workers, PAGE_WORKER_SHARE)
        with heap.frozen():
            # the side publishers start now (generator.publish.parallel), so that they run beside the plan too:
            # a nightly's keys take one core for seconds, which left the other idle
            page_workers_forking.send(self, workers=workers, share=PAGE_WORKER_SHARE)
            plan = self._plan(specs) if self.cache.files.known else None
            job = (self, writer, specs, plan, relative, site_url)
            with heap.frozen(), fork_pool(job, workers) as pool:  # the plan frozen too before the fork
                running = [pool.submit(_render_share, (k, workers)) for k in range(workers)]
                if plan is not None:  # this process keeps a share of the unchanged pages meanwhile (no model read)
                    for spec, key in plan[0][workers :: workers + 1]:
                        self._write(writer, spec, relative, site_url, key)
                shares = [f.result() for f in running]
        self.pages_written += sum(n for n, _keys in shares)
        self.cache.write_keys(keys for _n, keys in shares)

    def _plan(self, specs: list[PageSpec]) -> tuple[list[tuple[PageSpec, str]], list[tuple[PageSpec, str | None]]]:
        """Every page with its render key (None: not cached): those whose previous file may be kept, and those
        to render."""
        keep: list[tuple[PageSpec, str]] = []
        render: list[tuple[PageSpec, str | None]] = []
        for spec in specs:
            key = self.cache.key(spec.template, spec.name, spec.variables)
            if key is not None and self.cache.known(spec.name, key):
                keep.append((spec, key))
            else:
                render.append((spec, key))
        return keep, render

    def _write(self, writer: Any, spec: PageSpec, relative: bool, site_url: str, key: str | None | object = None) -> None:
        """Write one page: its previous file kept where its key is the same, else rendered. ``key``: computed
        already (a str, or None for a page that is not cached), or :data:`_UNKNOWN` to compute it here."""
        if key is _UNKNOWN:
            key = self.cache.key(spec.template, spec.name, spec.variables)
        if isinstance(key, str) and self.cache.reuse(spec.name, key):
            signals.content_written.send(str(Path(self.output_path) / spec.name), context=self.context)
            self.pages_written += not spec.text
            return
        variables = dict(spec.variables)
        if key is not None:
            variables["CREDIT"] = guarded(self.context["CREDIT"])  # the date only through its variables
        if spec.text:
            writer.write_file(spec.name, self.env.get_template(spec.template), self.context, relative_urls=False,
                              abs_url=site_url, **variables)
            return
        template = self.get_template(spec.template.removesuffix(".html"))
        if spec.name == "404.html":
            # served at any path: no relative links; the stylesheet inline where the address is unknown
            variables["inline_css"] = (THEME_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
            writer.write_file(
                spec.name, template, self.context, relative_urls=False, SITEURL=site_url, **variables
            )
        else:
            writer.write_file(spec.name, template, self.context, relative_urls=relative, **variables)
        self.pages_written += 1

    def _write_as_of(self, as_of: dt.date) -> None:
        """``as-of.css``: the date of the data, which every page shows from this one small file. The pages do not
        contain it, so a page's bytes change only when what it shows changes and a nightly deploy stays small."""
        css = (
            "/* Written by credit build: the date of the data (DESIGN §4), shown by every page's footer. */\n"
            f':root {{ --as-of: "{as_of.isoformat()}"; }}\n'
            f'.as-of-date::after {{ content: "{as_of.year} 年 {as_of.month} 月 {as_of.day} 日"; }}\n'
        )
        Path(self.output_path, "as-of.css").write_text(css, encoding="utf-8")

    def _write_text(
        self, writer: Any, name: str, template_name: str, site_url: str, **variables: Any
    ) -> None:
        template = self.env.get_template(template_name)
        writer.write_file(name, template, self.context, relative_urls=False, abs_url=site_url, **variables)

    def _write_sitemap(self, writer: Any, urls: list[str], site_url: str) -> None:
        """``sitemap.xml``; past the protocol's 50,000 addresses a sitemap index and numbered parts."""
        if len(urls) <= SITEMAP_MAX:
            self._write_text(writer, "sitemap.xml", "sitemap.xml", site_url, urls=urls)
            return
        parts = [urls[i : i + SITEMAP_MAX] for i in range(0, len(urls), SITEMAP_MAX)]
        for n, part in enumerate(parts, 1):
            self._write_text(
                writer, f"sitemaps/sitemap-{n}.xml", "sitemap.xml", site_url, urls=part, prefix="../"
            )
        self._write_text(writer, "sitemap.xml", "sitemap_index.xml", site_url, parts=len(parts))

    def _feeds(self, model: SiteModel, site_url: str) -> list[PageSpec]:
        """The Atom feeds, as specs rendered beside the pages. Atom ids: the record's address with its anchor where
        the site's address is known, else a tag URI under a reserved (``.invalid``) name of the operating
        authority — stable either way."""
        authority = f"{model.snap.platform.operator}.credit.invalid"

        def feed(place: urls.Place, views: list[RecordView], title: str, subtitle: str, page: str, tag: str,
                 updated: dt.date) -> PageSpec:
            up = "../" * place.path.count("/")  # from the feed's folder back to the site root
            entries = [{"view": v,
                        "id": f"{site_url}/{v.url}" if site_url
                        else f"tag:{authority},{v.rec.entered.year}:records/{v.rec.id}",
                        "link": f"{site_url}/{v.url}" if site_url else f"{up}{v.url}"} for v in views]
            feed_id = f"{site_url}/{place.path}" if site_url else f"tag:{authority},{model.as_of.year}:{tag}"
            return PageSpec(place.file, "records.atom.xml", {
                "entries": entries, "feed_id": feed_id, "feed_title": title, "feed_subtitle": subtitle,
                "self_path": place.path, "page_path": page, "up": up, "feed_updated": updated}, text=True)

        platform = model.snap.platform.name
        latest = feed_entries(model)
        out = [feed(urls.FEED_RECORDS, latest, f"{platform}：新公开的信用信息",
                    f"物业服务企业、项目负责人和主要管理人员新公开的优良和不良信用信息（最近 {len(latest)} 条）",
                    urls.HOME.path, "feeds/records", model.as_of)]
        for uscc, e in model.snap.enterprises.items():  # follow one provider: every public record, newest first
            views = sorted(model.records_by_subject.get(uscc, []), key=lambda v: (v.rec.entered, v.rec.id), reverse=True)
            out.append(feed(urls.enterprise_feed(uscc), views, f"{e.name}：公开的信用信息",
                            f"{platform}公开的{e.name}（{uscc}）优良和不良信用信息（{len(views)} 条）",
                            urls.enterprise(uscc).path, f"enterprises/{uscc}/feed",
                            views[0].rec.entered if views else e.established))  # a date of its own
        return out

    @staticmethod
    def _badges(model: SiteModel, made: Mapping[str, Verdict]) -> list[PageSpec]:
        """``enterprises/<USCC>/badge.svg``: the current level and its year, from the same verdict as the page
        (no as-of date in it: it changes only when the level does)."""
        colours = {"good": "#0d4a2c", "regular": "#0a3a80", "bad": "#8f1d1d", "none": "#d0d7de"}
        return [PageSpec(urls.enterprise_badge(uscc).file, "badge.svg",
                         {"enterprise": e, "verdict": made[uscc], "tone_colour": colours[made[uscc].tone]}, text=True)
                for uscc, e in model.snap.enterprises.items()]

    def _write_extras(self, snap: Snapshot) -> None:
        """Standalone ``pelican content``: every publisher beside the pages, as ``credit build`` runs them."""
        out = Path(self.output_path)
        records = self.settings.get("CREDIT_RECORDS")
        commit = records_commit(Path(records)) if records else None
        for publisher in PUBLISHERS.values():
            publisher.write(snap, out, commit)


Plan = tuple[list[tuple[PageSpec, str]], list[tuple[PageSpec, str | None]]]


def _render_share(job: tuple[CreditGenerator, Any, list[PageSpec], Plan | None, bool, str],
                  share: tuple[int, int]) -> tuple[int, dict[str, str]]:
    """Worker ``k`` of ``n``: write every ``n``-th page starting at ``k`` (the job — generator, writer, pages, and
    the plan where this process made one — was shared by the fork); returns how many and the render keys it
    computed. With a plan: every ``n``-th page to render, and every ``n + 1``-th page to keep (the parent keeps
    the last share)."""
    gen, writer, specs, plan, relative, site_url = job
    k, n = share
    mine: list[tuple[PageSpec, Any]]
    if plan is None:
        mine = [(spec, _UNKNOWN) for spec in specs[k::n]]
    else:
        keep, render = plan
        mine = [*render[k::n], *keep[k :: n + 1]]
    for spec, key in mine:
        gen._write(writer, spec, relative, site_url, key)
    return sum(not spec.text for spec, _key in mine), gen.cache.keys if plan is None else {}


FILTERS: dict[str, Any] = {
    "num": num,
    "cn": cn_number,
    "level_name": level_name,
    "item_anchor": item_anchor,
    "iso": lambda d: d.isoformat() if d else "",
    # a date on a page: YYYY-MM-DD in every table and list, never broken at its hyphens (issue 14)
    "day": lambda d: Markup(f'<time datetime="{d.isoformat()}" class="nowrap">{d.isoformat()}</time>') if d else "",
    "cn_date": lambda d: f"{d.year} 年 {d.month} 月 {d.day} 日" if d else "",
}
GLOBALS: dict[str, Any] = {
    "URL": urls,  # every address of the site (generator/urls.py): {{ URL.enterprise(uscc).path }}
    "SCOPE_NAMES": SCOPE_NAMES,
    "STATUS_NAMES": STATUS_NAMES,
    "DECISION_KIND_NAMES": DECISION_KIND_NAMES,
    "AWARD_LEVEL_NAMES": AWARD_LEVEL_NAMES,
    "CLASS_NAMES": CLASS_NAMES,
    "GOOD_MEANING": GOOD_MEANING,
}


def setup_environment(generator: Any) -> None:
    """Every generator's Jinja2 environment (ours and Pelican's pages) gets the theme's filters."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.filters.update(FILTERS)
        env.globals.update(GLOBALS)


def get_generators(pelican_object: Any) -> type[Generator]:
    return CreditGenerator


def filter_pages(generators: list[Any]) -> None:
    """Publish a Markdown page only under the rulebook it was written for (metadata ``Rulebook:``)."""
    credit = next((g for g in generators if isinstance(g, CreditGenerator)), None)
    if credit is None or credit.model is None:
        return
    rb = credit.model.rb.id
    for g in generators:
        if not isinstance(g, PagesGenerator):
            continue
        for attr in (
            "pages",
            "translations",
            "hidden_pages",
            "hidden_translations",
            "draft_pages",
            "draft_translations",
        ):
            items = getattr(g, attr, None)
            if items is None:
                continue
            items[:] = [p for p in items if getattr(p, "rulebook", rb) == rb]


def guard_output(pelican_object: Any) -> None:
    """Under a plain ``pelican content`` with ``DELETE_OUTPUT_DIRECTORY``, Pelican empties ``OUTPUT_PATH``
    before writing: refuse a folder that is not an earlier output of ours (the checks of ``credit build``,
    DESIGN §9: no command deletes what it did not write). ``credit build`` checks its own output."""
    settings = pelican_object.settings
    if settings.get("CREDIT_SNAPSHOT") is not None or not settings.get("DELETE_OUTPUT_DIRECTORY"):
        return
    records = Path(settings.get("CREDIT_RECORDS") or "records")
    try:
        check_output(Path(settings["OUTPUT_PATH"]), records)
    except (OutputRefused, OutputError) as exc:
        raise RuntimeError(f"不会清空 {settings['OUTPUT_PATH']}：{exc}") from None


def register() -> None:
    signals.initialized.connect(guard_output)
    signals.generator_init.connect(setup_environment)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(filter_pages)
