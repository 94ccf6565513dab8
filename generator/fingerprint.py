"""The code a result is made with, as one digest: what every cache that outlives a process salts its keys with.

A cached page (:mod:`generator.publish.reuse`) and a day's results carried to the next night
(:mod:`generator.day.carry`) are only as good as the code that made them; a change to any module, template,
rulebook or library version below changes :func:`source_digest`, and with it every key.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

from generator import __version__

_ROOT = Path(__file__).resolve().parents[1]  # the checkout: generator/ and theme/ beside each other
LIBRARIES = ("pelican", "jinja2", "markupsafe", "lunr", "chinesecalendar", "pydantic", "PyYAML")
"""The libraries whose version changes what is made: the pages' bytes, the working days, the parsed models."""


@functools.cache
def source_digest() -> str:
    """Every template, stylesheet, module and rulebook the output is made with, and the versions of the
    libraries that make it: a change to any of them changes every key."""
    h = hashlib.sha256(__version__.encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=?\0".encode())
    for folder, pattern in ((_ROOT / "theme", "*"), (_ROOT / "generator", "*.py"), (_ROOT / "generator", "*.yaml"),
                            (_ROOT / "generator", "*.json")):
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            h.update(path.relative_to(_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()
