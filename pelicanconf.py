"""Pelican settings of the public credit site (DESIGN §2, §7).

`credit build` runs Pelican with these settings and hands it the computed snapshot (CREDIT_SNAPSHOT);
`pelican content` (run in this directory) also works: the plugin then validates CREDIT_RECORDS and computes
the snapshot as of CREDIT_AS_OF itself, e.g. `pelican content -e CREDIT_AS_OF='"2026-11-22"'`.

Everything a credit site does not need — articles, authors, tags, categories, archives and their feeds —
is turned off, so the output holds only the pages we intend.
"""

import os

_HERE = os.path.dirname(os.path.abspath(__file__))

SITENAME = "物业服务企业信用信息公示"  # replaced by platform.yaml's name when the site is built
SITEURL = ""
RELATIVE_URLS = True  # works under any base path, e.g. a GitHub Pages project site /<repo>/

PATH = "content"
OUTPUT_PATH = "output"
# `pelican content` starts from an empty output directory, so that nothing of an earlier build (a page or a
# dated data file that is no longer public) survives; `credit build` writes into a fresh directory anyway.
DELETE_OUTPUT_DIRECTORY = True
THEME = "theme"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]

TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
LOCALE = ("C",)

PLUGIN_PATHS = []
PLUGINS = ["generator.publish.pages"]

# The records and the day the site shows (the plugin computes the snapshot when none is handed in).
CREDIT_RECORDS = os.environ.get("CREDIT_RECORDS", os.path.join(_HERE, "records"))
CREDIT_AS_OF = os.environ.get("CREDIT_AS_OF", "")  # "" = today in Asia/Shanghai
CREDIT_SITE_URL = ""  # the public address, for the feed and the sitemap; default: platform.yaml site_url
CREDIT_WRITE_EXTRAS = (
    True  # `pelican content` also writes search/ index and data/; `credit build` does that itself
)

# Pelican's own pages: content/pages/*.md at <slug>/
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}-{lang}/"
PAGE_LANG_SAVE_AS = ""
PAGE_ORDER_BY = "basename"
SLUGIFY_SOURCE = "basename"
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# no blog: no articles, drafts, indexes, archives, tags, categories, authors
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
INDEX_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# Pelican's blog feeds are off; the plugin writes feeds/records.atom.xml (new public records) itself.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# every text is escaped (DESIGN §9); Markdown page bodies are marked safe in page.html
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
OUTPUT_SOURCES = False
