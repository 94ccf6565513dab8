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

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from generator.publish.digests import KEYS_FILE
from generator.publish.reuse import Reuse

CACHED_TEMPLATES = frozenset({"enterprise.html", "person.html", "records.atom.xml", "badge.svg"})
"""The files worth caching: one page per enterprise and per person, and each enterprise's feed and badge — most
of them unchanged from one night to the next."""


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


class RenderCache:
    """The keys of this build's cached pages, and the previous output's, for one output folder."""

    def __init__(self, out: Path, shared: Iterable[object]) -> None:
        self.files = Reuse(out, KEYS_FILE)
        texts = [repr(part) for part in shared]
        self.usable = not any(" at 0x" in t for t in texts)  # an object without a repr of its content: no key
        self.salt = Reuse.salt(*texts)

    @property
    def managed(self) -> bool:
        return self.files.managed

    @property
    def keys(self) -> dict[str, str]:
        return self.files.keys

    @property
    def reused(self) -> int:
        return self.files.reused

    def key(self, template: str, name: str, variables: Mapping[str, Any]) -> str | None:
        if template not in CACHED_TEMPLATES or not self.usable:
            return None
        text = repr(sorted(variables.items()))
        if " at 0x" in text:  # a value whose repr does not show its content: render, never trust a key
            return None
        return self.files.key(self.salt, name, text)

    def known(self, name: str, key: str) -> bool:
        """Whether the previous output's page ``name`` was made from ``key`` (no I/O: :meth:`reuse` may still
        find the file changed and return False)."""
        return self.files.may_link(name, key)

    def reuse(self, name: str, key: str) -> bool:
        """Link the previous output's page ``name`` into the new output where it was made from the same key
        and is still the file that was written; False where it must be rendered."""
        return self.files.link(name, key) is not None

    def write_keys(self, parts: Iterable[Mapping[str, str]]) -> None:
        """The keys of every cached page of this build (from the workers that rendered them), for the digests."""
        self.files.write_keys(parts)
