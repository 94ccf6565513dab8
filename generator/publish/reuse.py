"""Files of the previous output taken over by key instead of made again (issue 17, steps 2 and 3).

A publisher that can name everything one of its files is made from gives that file a **key** (a digest of those
inputs, salted with :func:`source_digest`). The previous output's digests (:mod:`generator.publish.digests`)
remember each file's key; where the key is the same and the previous file is still the one that was written (size,
inode, time), the file is linked into the new output instead of made; where there is no such file (an empty
output, as in CI's nightly), the bytes kept under the same key in the file store
(:mod:`generator.publish.file_store`) are written instead. The keys of this build go into a hidden keys file of
the new output (one per publisher: :data:`generator.publish.digests.KEYS_FILES`), which
:func:`generator.publish.digests.record_output` moves into the digests. The users: the enterprise and person
pages, feeds and badges (:mod:`generator.publish.pages.render_cache`) and the search index's text shards
(:mod:`generator.publish.search.index`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.fingerprint import source_digest
from generator.publish.digests import KEYS_FILES, read_digests
from generator.publish.file_store import connection
from generator.publish.output import file_store_of, managed, previous_digests, previous_output


class Reuse:
    """The keys one publisher gives its files in this build, and the previous output's, for the output
    folder ``out`` (the new one being written). Nothing is reused outside ``credit build`` (no previous output,
    no digests) — then every file is made, as before."""

    def __init__(self, out: Path, keys_file: str) -> None:
        if keys_file not in KEYS_FILES:
            raise ValueError(f"{keys_file} is not one of the keys files the digests take in")
        self.out = out
        self.keys_file = keys_file
        self.keys: dict[str, str] = {}
        self.reused = 0
        self.managed = managed(out)  # only then are the keys kept (in the digests) for the next build
        self.previous = previous_output(out)
        self.store = file_store_of(out)  # files made before, by key: where there is no previous file to link
        place = previous_digests(out)
        self.known = read_digests(place) if place is not None else {}

    @staticmethod
    def salt(*parts: object) -> bytes:
        """The part of the keys every file of a kind shares: the sources, and ``parts`` by their repr."""
        h = hashlib.sha256(source_digest().encode())
        for part in parts:
            h.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
        return h.digest()

    def key(self, salt: bytes, name: str, inputs: str) -> str:
        """The key of the file ``name`` (relative to the output) made from ``inputs`` (a full description of
        them, such as a repr), remembered for the next build."""
        h = hashlib.sha256(salt)
        h.update(name.encode("utf-8", "surrogatepass") + b"\0")
        h.update(inputs.encode("utf-8", "surrogatepass"))
        key = h.hexdigest()
        self.keys[name] = key
        return key

    def may_link(self, name: str, key: str) -> bool:
        """Whether the previous output's file ``name`` was made from ``key`` (by its digests; no I/O):
        :meth:`link` may then keep it, unless the file has changed since."""
        entry = self.known.get(name)
        return self.previous is not None and entry is not None and len(entry) >= 5 and entry[4] == key

    def link(self, name: str, key: str) -> str | None:
        """Put the file ``name`` made from ``key`` into the new output without making it: the previous output's
        file linked where it was made from the same key and is still the file that was written, else the bytes
        kept under the key in the store (:mod:`generator.publish.file_store`). Returns its digest (sha256, hex),
        or None where it must be made."""
        linked = self._link_previous(name, key)
        return linked if linked is not None else self._from_store(name, key)

    def _link_previous(self, name: str, key: str) -> str | None:
        entry = self.known.get(name)
        if self.previous is None or entry is None or len(entry) < 5 or entry[4] != key:
            return None
        before = self.previous / name
        try:
            st = os.stat(before, follow_symlinks=False)
            if [st.st_size, st.st_ino, st.st_mtime_ns] != entry[1:4]:
                return None
            target = self.out / name
            try:
                os.link(before, target)
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(before, target)
        except OSError:
            return None
        self.reused += 1
        return str(entry[0])

    def _from_store(self, name: str, key: str) -> str | None:
        store = connection(self.store)  # None outside ``credit build`` (no store is named then)
        data = store.get(key) if store is not None else None
        if data is None:
            return None
        target = self.out / name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            try:
                fd = os.open(target, flags, 0o666)  # as any file written (the umask applies)
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(target, flags, 0o666)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except OSError:  # a full disk: the file this call made is taken away, and the page is made as usual
            with contextlib.suppress(OSError):
                os.unlink(target)
            return None
        self.reused += 1
        return hashlib.sha256(data).hexdigest()

    def write_keys(self, parts: Iterable[Mapping[str, str]] = ()) -> None:
        """This build's keys (this object's and ``parts``, from forked workers) into the new output, for the
        digests; nothing outside ``credit build``."""
        if not self.managed:
            return
        keys = dict(self.keys)
        for part in parts:
            keys.update(part)
        (self.out / self.keys_file).write_text(json.dumps(dict(sorted(keys.items())), separators=(",", ":")),
                                               encoding="ascii")
