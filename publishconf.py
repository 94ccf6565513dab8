"""Production settings: `pelican content -s publishconf.py` (or `credit build` with SITEURL set in CI).

As Pelican users expect, this imports pelicanconf.py and sets the public address and feed domain, so links,
the Atom feed and the sitemap carry absolute URLs. Set SITEURL in the environment of the deploy job, e.g. the
GitHub Pages address https://<owner>.github.io/<repo>.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = not SITEURL  # absolute links when the address is known
CREDIT_SITE_URL = SITEURL
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
