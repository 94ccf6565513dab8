"""The code a result is made with, as one digest: what the render keys, the file store and the carried days salt
their keys with (the parse cache, which keeps parsed documents only, has a fingerprint of its own).

A cached page (:mod:`generator.publish.reuse`, :mod:`generator.publish.file_store`) and a day's results carried
to the next night (:mod:`generator.day.carry`) are only as good as the code that made them; a change to any
module, template, rulebook, Pelican setting, the Python version or any installed package changes
:func:`source_digest`, and with it every key.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from importlib import metadata
from pathlib import Path

from generator import __version__

_ROOT = Path(__file__).resolve().parents[1]  # the checkout: generator/ and theme/ beside each other

SETTINGS = ("pelicanconf.py", "publishconf.py")
"""Pelican's settings beside generator/ (Jinja's options, the theme's paths): they shape every page as the
templates do."""


@functools.cache
def source_digest() -> str:
    """Every template, stylesheet, module, setting and rulebook the output is made with, the Python that runs them
    and the version of every installed distribution: a change to any of them changes every key. (Every
    distribution, not a list of the libraries that seem to matter: a page is only as good as everything that made
    it, and a store of pages outlives a checkout — CI restores it across commits.)"""
    h = hashlib.sha256(__version__.encode())
    h.update(f"{sys.implementation.name} {sys.version}\0".encode())
    installed = sorted({(str(d.name).lower(), str(d.version)) for d in metadata.distributions()})
    h.update(repr(installed).encode() + b"\0")
    for name in SETTINGS:
        path = _ROOT / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    for folder, pattern in ((_ROOT / "theme", "*"), (_ROOT / "generator", "*.py"), (_ROOT / "generator", "*.yaml"),
                            (_ROOT / "generator", "*.json")):
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            h.update(path.relative_to(_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()
