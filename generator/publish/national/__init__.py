"""The national publication (issue 17): the provinces' public data packages merged into one.

Each province (or city) deployment builds its own site and its own public data package (``credit build`` →
``output/data/``); a national job reads those packages — never a province's YAML records, so nothing that is
not public can reach it — and writes:

* ``data/``: every table with a ``province`` column (the deployment's region code) and a ``provinces`` table,
  as CSV (UTF-8 with BOM, CRLF), JSON and SQLite, and a ``datapackage.json`` that ``frictionless validate``
  accepts (:mod:`generator.publish.national.merge`);
* ``index.html``: each deployment with its as-of date, its counts, its site and its package;
  ``search/``: a lookup by enterprise name, former name and USCC that links into the provincial sites
  (:mod:`generator.publish.national.site`).

:mod:`generator.publish.national.packages` reads a package and refuses anything it cannot vouch for
(malformed ``datapackage.json``, a header that is not the schema's, paths outside the package, links,
values of the wrong type); :mod:`generator.publish.national.merge` refuses a primary key that two
deployments share (a USCC is unique nationally: the same enterprise in two provinces is reported, not merged).
"""

from __future__ import annotations

from generator.publish.national.merge import National, merge_packages, write_national_data
from generator.publish.national.packages import NationalError, Province, read_package
from generator.publish.national.site import write_national_site

__all__ = ["National", "NationalError", "Province", "merge_packages", "read_package", "write_national_data",
           "write_national_site"]
