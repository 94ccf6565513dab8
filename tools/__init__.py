"""Maintenance tools. ``tools.fakedata`` is a package (``python -m tools.fakedata``); the other files here are
scripts run by path (``python tools/failsafe.py``) and need nothing from this package."""
