"""Where a computed day's :class:`~generator.day.carry.Carry` is kept for the next night, and how it is read back.

Beside the parse cache, in the user's cache folder and never inside the records or a checkout (the same checks:
:func:`generator.records.parse_cache.usable_dir`): ``carried/<hash of the records' path>.records`` (the statuses,
rewritten on most nights) and ``….ratings`` (rewritten only when a rating's documents change). Each is a pickle,
and unpickling runs code, so each is signed like every parse cache value (DESIGN §9): an HMAC-SHA256 of its bytes
under the user's secret comes first, then the salt it was computed under, and a file whose HMAC or salt does not
match is never unpickled — the night computes afresh instead. Written to a temporary file and renamed, so a reader
never sees half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import stat
import tempfile
from pathlib import Path
from typing import Any

from generator.day.carry import Carry
from generator.records import parse_cache
from generator.runtime import settings

_DOMAIN = b"credit-publication carried day\0"  # the secret also signs parse cache values: never the same message
_MAC = 32
_SALT = 32  # generator.day.carry.salt_of: a sha256
PARTS = ("records", "ratings")
MAX_BYTES = 4 << 30
"""A part larger than this is not read (at 10k enterprises both parts take 23 MB; at 200k about 0.5 GB)."""


def carry_file(records: Path) -> Path | None:
    """Where the carry of the records at ``records`` is kept (without the part's suffix), or None: not asked for
    (``CREDIT_CARRY`` is not ``on``), or no cache may be used."""
    directory = parse_cache.default_dir()
    if not settings().carry or directory is None or not records.is_dir():
        return None
    if parse_cache.usable_dir(directory, records, quiet=True) is None:  # the loader has said why
        return None
    name = hashlib.sha256(os.fsencode(os.path.realpath(records))).hexdigest()[:32]
    return directory / "carried" / name


def _mac(body: bytes | memoryview) -> bytes:
    return hmac.digest(parse_cache.secret(), _DOMAIN + body, "sha256")


def _read(path: Path, salt: bytes) -> dict[Any, Any] | None:
    """The entries of one part, or None: missing, not a regular file, not signed by this user, or of another salt
    (other code or files: it is not even unpickled)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except (OSError, MemoryError):
        return None
    finally:
        os.close(fd)
    try:
        if len(data) <= _MAC + _SALT or not hmac.compare_digest(data[:_MAC], _mac(memoryview(data)[_MAC:])):
            return None
    except parse_cache.KeyRefused:
        return None
    if data[_MAC:_MAC + _SALT] != salt:
        return None
    try:
        got = pickle.loads(memoryview(data)[_MAC + _SALT:])
    except (Exception, MemoryError):  # noqa: BLE001 - signed by us, yet not readable by this code: computed afresh
        return None
    return got if isinstance(got, dict) else None


def read_carry(place: Path, salt: bytes) -> Carry | None:
    """The carry kept at ``place`` for ``salt`` (:func:`generator.day.carry.salt_of` the records), or None; a part
    that is missing, unsigned or of another salt is left out (its entries are computed afresh)."""
    if not salt:
        return None
    records, ratings = (_read(place.with_name(f"{place.name}.{part}"), salt) for part in PARTS)
    if records is None and ratings is None:
        return None
    return Carry(salt, records or {}, ratings or {})


def _write(path: Path, salt: bytes, entries: dict[Any, Any]) -> None:
    body = salt + pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_mac(body))
            fh.write(body)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_carry(place: Path, carry: Carry) -> None:
    """Keep the parts of ``carry`` that changed at ``place`` for the next night; where that fails the next night
    computes them afresh."""
    if len(carry.salt) != _SALT:  # nothing was carried (documents of unknown digest)
        return
    for part, changed, entries in (("records", carry.records_changed, carry.records),
                                   ("ratings", carry.ratings_changed, carry.ratings)):
        if changed:
            try:
                _write(place.with_name(f"{place.name}.{part}"), carry.salt, entries)
            except (OSError, parse_cache.KeyRefused):
                continue  # the other part may still be kept
