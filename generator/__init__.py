"""物业服务企业信用信息公示 — the generator.

The pipeline is visible in the layout:

* load      — :mod:`generator.yamlload`, :mod:`generator.load` (files → typed models, with line numbers)
* validate  — :mod:`generator.validate` (cross-record rules of the measures)
* compute   — :mod:`generator.disclosure`, :mod:`generator.ratings`, :mod:`generator.grades`,
              :mod:`generator.snapshot` (pure functions of records and an as-of date)
* publish   — :mod:`generator.publish` (open data, the Pelican site, the search index)
"""

__version__ = "0.1.0"
