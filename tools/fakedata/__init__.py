"""Fictional data for tests, the demo and benchmarks — one tool, three outputs:

* ``tree`` (tree.py): a complete, valid records tree at any scale, deterministic for a seed (benchmarks,
  tests/test_golden.py);
* ``demo`` (demo.py): the committed demo trees records/ and examples/hulunbuir/records/, from hand-written
  tables (demo_*_data, demo_records_*);
* snapshots.py: in-memory snapshots and queries for the search benchmark (bench/search), no YAML.

What they share: Henan's divisions (henan.py), the name vocabulary (names.py), USCCs and person ids
(ids.py) and the YAML writing (yamltext.py). Run ``python -m tools.fakedata --help`` from the repository root.
"""
