"""Every address of the public site, defined once (DESIGN §7): the file a page is written to and its link.

A :class:`Place` is a path from the site root: a folder page (``enterprises/<USCC>/``, written to
``…/index.html``) or a file (``api/enterprises/<USCC>.json``). Pages, the open data, the search index and
the feed take their addresses from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    path: str  # the link from the site root: "" for home, "enterprises/<USCC>/" for a folder page

    @property
    def file(self) -> str:
        """The output file, relative to the output folder."""
        return self.path + "index.html" if self.path == "" or self.path.endswith("/") else self.path


def folder(*parts: str | int) -> Place:
    return Place("".join(f"{p}/" for p in parts))


def enterprise(uscc: str) -> Place:
    return folder("enterprises", uscc)


def person(pid: str) -> Place:
    return folder("persons", pid)


def subject(subject_id: str, kind: str) -> Place:
    """A credit subject's page: a person (``P-…``) or an enterprise."""
    return person(subject_id) if kind == "person" else enterprise(subject_id)


def ratings_year(year: int) -> Place:
    return folder("ratings", year)


def region(code: str, page: int = 1) -> Place:
    """A region's page; its list of enterprises continues on ``regions/<code>/<n>/`` from page 2."""
    return folder("regions", code) if page == 1 else folder("regions", code, page)


def listing(which: str) -> Place:
    """The red or the black list (Hulunbuir)."""
    return folder("lists", which)


def standards(category: str) -> Place:
    """A category's page of the rulebook (评分标准)."""
    return folder("standards", category)


def item_anchor(code: str) -> str:
    """The id of an item on its standards page: ``market.1.21`` → ``item-market-1-21``."""
    return "item-" + code.replace(".", "-")


def standards_item(category: str, code: str) -> str:
    """The link to an item of the rulebook on its category's standards page."""
    return f"{standards(category).path}#{item_anchor(code)}"


def enterprise_feed(uscc: str) -> Place:
    """One enterprise's newly public records (Atom): follow one provider (DESIGN §7)."""
    return Place(f"{enterprise(uscc).path}feed.atom.xml")


def enterprise_badge(uscc: str) -> Place:
    """A rating badge an enterprise can show on its own site (SVG), linking back to its page."""
    return Place(f"{enterprise(uscc).path}badge.svg")


def api_enterprise(uscc: str) -> Place:
    return Place(f"api/enterprises/{uscc}.json")


def data_file(name: str) -> Place:
    """A file of the open data (``data/records.csv``, ``data/credit.sqlite``, ``data/datapackage.json``)."""
    return Place(f"data/{name}")


HOME = Place("")
SEARCH = folder("search")
RATINGS = folder("ratings")
REGIONS = folder("regions")
STANDARDS = folder("standards")
DATA = folder("data")
FEED_RECORDS = Place("feeds/records.atom.xml")
# the Markdown pages of content/ (Pelican writes them at <slug>/, pelicanconf.py PAGE_URL)
ABOUT = folder("about")
METHODOLOGY = folder("methodology")
MEASURES = folder("measures")
OBJECTION = folder("objection")
REPAIR = folder("repair")
LICENSE = folder("license")
CONTRIBUTING = folder("contributing")  # content/pages/contributing.md: how clerks enter records
ADMIN = folder("admin")  # the web form for clerks (Decap CMS, issue 16): admin/index.html, admin/config.yml


def admin_file(name: str) -> Place:
    """A file of the web form: ``admin/config.yml``, ``admin/decap-cms.js``."""
    return Place(f"{ADMIN.path}{name}")
