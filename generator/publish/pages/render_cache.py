"""Enterprise and person pages are not rendered again when nothing they show has changed (issue 17, step 2).

A page's **key** is a digest of everything it is made from: its own variables (the enterprise, its public
records, results, verdict, timeline … as computed for the day), the lookups the templates make (region,
authority, enterprise and person names, contacts), the date-free settings, every template and every module of
the generator. The date itself is not an input: these templates get it only through what was computed for
them (a project's state, whether a measure has run out), and reaching for it fails the build
(:class:`NoDate`). The previous output's digests (:mod:`generator.publish.digests`) remember each page's
key; where the key is the same and the previous file is still the one written (size, inode, time), it is
linked into the new output instead of rendered. Anything else — no previous output, no cache, a changed
template — renders as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from generator import __version__
from generator.publish.digests import KEYS_FILE, digests_file, read_digests
from generator.publish.output import managed, previous_output

CACHED_TEMPLATES = frozenset({"enterprise.html", "person.html", "records.atom.xml", "badge.svg"})
"""The files worth caching: one page per enterprise and per person, and each enterprise's feed and badge — most
of them unchanged from one night to the next."""

_ROOT = Path(__file__).resolve().parents[3]  # the checkout: generator/ and theme/ beside each other


class TemplateReachedForDate(RuntimeError):
    """A cached page's template used the date of the data: its cache key would not cover what it shows."""


class NoDate:
    """What ``CREDIT.as_of`` (and the settings derived from it) is for a cached page: any use fails the build."""

    def __init__(self, name: str) -> None:
        self._name = name

    def _fail(self, *_args: Any, **_kw: Any) -> NoReturn:
        raise TemplateReachedForDate(
            f"a cached page's template used CREDIT.{self._name}: give it what it needs as a computed variable "
            "(generator/publish/pages/render_cache.py)")

    __str__ = __repr__ = __html__ = __format__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = _fail
    __eq__ = __ne__ = __iter__ = __len__ = __add__ = __sub__ = _fail
    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str) -> NoReturn:
        self._fail()


def guarded(credit: Mapping[str, Any]) -> dict[str, Any]:
    """``CREDIT`` for a cached page: the date and what is made from it replaced by :class:`NoDate`."""
    out = dict(credit)
    for name in ("as_of", "as_of_iso", "zip_name"):
        out[name] = NoDate(name)
    return out


def _source_digest() -> str:
    """Every template, stylesheet and module the pages are made with."""
    h = hashlib.sha256(__version__.encode())
    for folder, pattern in ((_ROOT / "theme", "*"), (_ROOT / "generator", "*.py"), (_ROOT / "generator", "*.yaml")):
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            h.update(path.relative_to(_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


class RenderCache:
    """The keys of this build's cached pages, and the previous output's, for one output folder."""

    def __init__(self, out: Path, shared: Iterable[object]) -> None:
        self.out = out
        self.keys: dict[str, str] = {}
        self.reused = 0
        h = hashlib.sha256(_source_digest().encode())
        self.usable = True
        for part in shared:
            text = repr(part)
            self.usable &= " at 0x" not in text  # an object without a repr of its content: no key can cover it
            h.update(text.encode("utf-8", "surrogatepass") + b"\0")
        self.salt = h.digest()
        self.managed = managed(out)  # only then are the keys kept (in the digests) for the next build
        self.previous = previous_output(out)
        place = digests_file(self.previous) if self.previous is not None else None
        self.known = read_digests(place) if place is not None else {}

    def key(self, template: str, name: str, variables: Mapping[str, Any]) -> str | None:
        if template not in CACHED_TEMPLATES or not self.usable:
            return None
        text = repr(sorted(variables.items()))
        if " at 0x" in text:  # a value whose repr does not show its content: render, never trust a key
            return None
        h = hashlib.sha256(self.salt)
        h.update(name.encode("utf-8", "surrogatepass") + b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        key = h.hexdigest()
        self.keys[name] = key
        return key

    def reuse(self, name: str, key: str) -> bool:
        """Link the previous output's page ``name`` into the new output where it was made from the same key
        and is still the file that was written; False where it must be rendered."""
        entry = self.known.get(name)
        if self.previous is None or entry is None or len(entry) < 5 or entry[4] != key:
            return False
        before = self.previous / name
        try:
            st = os.stat(before, follow_symlinks=False)
            if [st.st_size, st.st_ino, st.st_mtime_ns] != entry[1:4]:
                return False
            target = self.out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(before, target)
        except OSError:
            return False
        self.reused += 1
        return True


def write_keys(out: Path, parts: Iterable[Mapping[str, str]]) -> None:
    """The keys of every cached page of this build, for the digests (:func:`generator.publish.digests.keep_unchanged`)."""
    keys: dict[str, str] = {}
    for part in parts:
        keys.update(part)
    (out / KEYS_FILE).write_text(json.dumps(dict(sorted(keys.items())), separators=(",", ":")), encoding="ascii")
