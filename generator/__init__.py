"""物业服务企业信用信息公示 — the generator.

The pipeline is visible in the layout, one folder a step; a folder imports only from those below it
(tests/test_architecture.py holds this):

* ``rules/``     — the rulebooks as data (:mod:`generator.rules.rulebook`), working days, regions
* ``records/``   — the record files: YAML with line numbers, typed models, the sheet model each rulebook
                   implies, the loader and its cache, problems in Chinese
* ``day/``       — the one door, :func:`generator.day.open_day`: load → validate → compute as of a day
                   (disclosure, the rating schemes as objects in ``day/schemes/``, the public snapshot)
* ``publish/``   — the Pelican pages, the open data and its releases, the search index, the output folder
* ``commands/``  — ``credit``: what regulators, clerks and CI run

Beside them: :mod:`generator.urls` (every address), :mod:`generator.labels` (every code's Chinese name),
:mod:`generator.runtime` (settings and forked workers), :mod:`generator.heap`.
"""

__version__ = "0.1.0"
