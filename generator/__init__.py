"""物业服务企业信用信息公示 — the generator.

The pipeline is visible in the layout:

* load      — :mod:`generator.records.yamlload`, :mod:`generator.records.load` (files → typed models, with line numbers)
* validate  — :mod:`generator.records.validate` (cross-record rules of the measures)
* compute   — :mod:`generator.rules.disclosure`, :mod:`generator.rules.ratings`, :mod:`generator.rules.grades`,
              :mod:`generator.day.snapshot` (pure functions of records and an as-of date)
* publish   — :mod:`generator.publish` (open data, the Pelican site, the search index)
"""

__version__ = "0.1.0"
