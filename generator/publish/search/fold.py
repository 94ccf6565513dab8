"""Traditional characters folded to simplified, one character at a time, from opencc-js's own tables.

Search folds everything it indexes and every query with the same table, so that 恆信 finds 恒信 and 鄭州 finds
郑州 (:func:`generator.publish.search.tokenize.normalize`). The table comes from the pinned npm package
``opencc-js`` (package.json), read from ``node_modules`` as the build already reads lunr.js from there: the
dictionaries are data (``export default "恆 恒|鄭 郑|…"``), so the build needs the package's files but not
Node. The converters used are named in ``search_tokenizer.json`` (``fold``): opencc-js's t → cn (Traditional
characters to Simplified), then its hk → cn (Hong Kong variants: 衞 → 卫) for a character the first leaves
alone. Its tw → cn is left out: it would fold characters that are ordinary simplified ones (么 → 幺, 著 → 着).
The table is closed (a character's value is never itself folded again: 薴 → 苎, as 苧 → 苎), and
tests/test_search_tokenizer.py checks it, character by character, against opencc-js's own converters in Node.

Character by character, not phrase by phrase: 乾 folds to 干 everywhere (乾坤 included), on both sides, so a
search still finds what it should; it only also finds 干 where 乾 was typed.

The browser gets the part of the table it can use — the characters whose simplified form occurs in the index
(:func:`restricted`) — in ``search/fold.json``, fetched only when a plain query finds one of its terms nowhere
(theme/static/search/engine.js).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OPENCC_DIR = ROOT / "node_modules" / "opencc-js"
DICT_DIR = OPENCC_DIR / "dist" / "esm-lib" / "dict"

_EXPORT = re.compile(r'export default "(?P<body>[^"\\]*)";?\s*', re.S)


def _missing(path: Path) -> FileNotFoundError:
    return FileNotFoundError(f"{path} is missing: run `npm ci` (the search folds traditional characters with the "
                             "tables of the opencc-js npm package, pinned in package.json)")


def read_dict(name: str) -> dict[str, str]:
    """One opencc-js dictionary of single characters: ``{source: replacement}`` (the first candidate, as
    opencc-js's ``Trie.loadDict`` takes it)."""
    path = DICT_DIR / f"{name}.js"
    if not path.exists():
        raise _missing(path)
    mt = _EXPORT.fullmatch(path.read_text(encoding="utf-8"))
    if mt is None:
        raise ValueError(f"{path}: not the `export default \"…\"` dictionary format this build reads")
    out: dict[str, str] = {}
    for entry in mt.group("body").split("|"):
        source, _sep, rest = entry.partition(" ")
        target = rest.split(" ")[0]
        if len(source) != 1 or len(target) != 1:
            raise ValueError(f"{path}: {entry!r} is not one character to one character")
        out.setdefault(source, target)
    return out


def version() -> str:
    pkg = OPENCC_DIR / "package.json"
    if not pkg.exists():
        raise _missing(pkg)
    return str(json.loads(pkg.read_text(encoding="utf-8"))["version"])


@cache
def table(chains: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    """Every character that folds → its simplified form. ``chains``: converters, each opencc-js dictionaries
    applied in turn (``TSCharacters`` is opencc-js's t → cn; ``HKVariantsRev`` then ``TSCharacters`` its
    hk → cn); the first converter that changes a character folds it, again until nothing changes (closed).
    Characters that map to themselves are left out."""
    converters = [[read_dict(name) for name in chain] for chain in chains]

    def once(ch: str) -> str:
        for dicts in converters:
            to = ch
            for d in dicts:
                to = d.get(to, to)
            if to != ch:
                return to
        return ch

    out: dict[str, str] = {}
    for ch in sorted({c for dicts in converters for d in dicts for c in d}):
        seen = [ch]
        while (to := once(seen[-1])) not in seen:
            seen.append(to)
        if seen[-1] != ch:
            out[ch] = seen[-1]
    return out


def translation(chains: tuple[tuple[str, ...], ...]) -> dict[int, str]:
    """:func:`table` for ``str.translate``."""
    return {ord(k): v for k, v in table(chains).items()}


def restricted(full: dict[str, str], chars: Iterable[str]) -> dict[str, str]:
    """The part of ``full`` whose simplified characters are in ``chars`` (the characters of the index): folding
    any other character could not make a query find anything."""
    have = set(chars)
    return {k: v for k, v in full.items() if v in have}


def encode(pairs: dict[str, str]) -> dict[str, str]:
    """``search/fold.json``: two strings of equal length in code points, ``from`` in code-point order and
    ``to`` its simplified characters (compact, and small after gzip: neighbouring code points share bytes)."""
    keys = sorted(pairs)
    return {"from": "".join(keys), "to": "".join(pairs[k] for k in keys)}
