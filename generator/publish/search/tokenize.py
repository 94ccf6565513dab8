"""Search tokenization shared with the browser (theme/static/search/tokenize.js).

The rules are data in ``search_tokenizer.json`` (the one definition); this module and tokenize.js implement
them and ``tests/search_tokenizer_cases.json`` is checked against both. See the JSON's comment for the rules.
Traditional characters fold to simplified in :func:`normalize` with the whole table of
:mod:`generator.publish.search.fold`; the browser folds with the part of it that the index can use.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.publish.search import fold

SPEC_PATH = Path(__file__).with_name("search_tokenizer.json")


@cache
def spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return data


def _in(cp: int, ranges: list[list[int]]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _class(ranges: list[list[int]]) -> str:
    return "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in ranges)


@cache
def _runs_re() -> re.Pattern[str]:
    sp = spec()
    return re.compile(f"(?P<han>[{_class(sp['han'])}]+)|(?P<word>[{_class(sp['word'])}]+)")


def _chains() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(chain) for chain in spec()["fold"])


@cache
def _fold() -> dict[int, str]:
    return fold.translation(_chains())


def fold_table() -> dict[str, str]:
    """Every traditional character the index folds → its simplified character."""
    return fold.table(_chains())


def normalize(text: str) -> str:
    """NFKC, lower case, traditional characters folded to simplified."""
    return unicodedata.normalize("NFKC", text).lower().translate(_fold())


def runs(text: str) -> list[tuple[str, str]]:
    """``[("han" | "word", run), …]`` of the normalised text, in order; everything else separates."""
    return [("han" if mt.group("han") else "word", mt.group(0)) for mt in _runs_re().finditer(normalize(text))]


def bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> list[str]:
    """Terms to index for ``text``, stop words included, duplicates kept (they count as term frequency)."""
    out: list[str] = []
    for kind, run in runs(text):
        if kind == "han":
            out += bigrams(run)
            if len(run) > 1:
                out.append(run[-1])
        else:
            out.append(run)
    return out


def name_key(text: str) -> str:
    """The text's Han and word characters run together: one term for a whole name, so that the exact name
    ranks first even where it differs from others only by stop words (…物业服务… / …物业管理…)."""
    return "".join(run for _kind, run in runs(text))


def key_terms(text: str) -> list[str]:
    """The whole-name term of ``text`` when it adds to its bigrams (three characters or more)."""
    key = name_key(text)
    return [key] if len(key) >= 3 and key not in index_tokens(text) else []


@dataclass(frozen=True)
class QueryTerm:
    term: str
    prefix: bool  # a single Han character: matches every indexed term that starts with it


def query_terms(text: str) -> list[QueryTerm]:
    """Terms to look up for a query, stop words included, each once, in order."""
    out: list[QueryTerm] = []
    seen: set[str] = set()
    for kind, run in runs(text[: spec()["max_query_chars"]]):
        terms = bigrams(run) if kind == "han" else [run]
        for t in terms:
            if t not in seen:
                seen.add(t)
                out.append(QueryTerm(t, kind == "han" and len(t) == 1))
    return out


@cache
def base_stop() -> frozenset[str]:
    return frozenset(spec()["stop"])


def fnv1a32(text: str) -> int:
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def shard_key(term: str) -> str:
    """The first Han character of a Han term, the whole term for a word."""
    return term[0] if is_han(term[0]) else term


@cache
def is_han(ch: str) -> bool:
    return _in(ord(ch), spec()["han"])


_RECORD_ID = re.compile(r"([0-9]{6}|[0-9]{9})-([0-9]{4})-([0-9]{1,8})")
_PERSON_ID = re.compile(r"p-?([0-9]{6})-([0-9]{1,8})")


def _number(run: str) -> bool:
    return run != "" and all("0" <= c <= "9" for c in run)


def document_key(text: str) -> str | None:
    """The lookup key of a decision document number (金建罚决字〔2026〕第3号 → ``金建罚决字 2026 3``), or None
    for a text without both Han characters and a number."""
    rs = runs(text)
    if not any(k == "han" for k, _r in rs) or not any(_number(r) for _k, r in rs):
        return None
    parts = []
    for i, (kind, run) in enumerate(rs):
        if kind == "han":
            if i > 0 and "0" <= rs[i - 1][1][-1] <= "9":
                run = run.removeprefix("号")
            if i + 1 < len(rs) and "0" <= rs[i + 1][1][0] <= "9":
                run = run.removesuffix("第")
        elif _number(run):
            run = run.lstrip("0") or "0"
        if run:
            parts.append(run)
    return " ".join(parts)


def lookup_key(text: str) -> str | None:
    """The key a query is looked up under as a whole identifier: a credit record id, a person id or a decision
    document number (see the JSON's comment), or None."""
    text = text[: spec()["max_query_chars"]]
    rs = runs(text)
    if rs and all(k == "word" for k, _r in rs):
        joined = "-".join(r for _k, r in rs)
        if _RECORD_ID.fullmatch(joined):
            return joined
        person = _PERSON_ID.fullmatch(joined)
        return f"P-{person.group(1)}-{person.group(2)}" if person else None
    return document_key(text)
