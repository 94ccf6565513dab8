"""Search tokenization shared with the browser (theme/static/search/tokenize.js).

The rules are data in ``search_tokenizer.json`` (the one definition); this module and tokenize.js implement
them and ``tests/search_tokenizer_cases.json`` is checked against both. See the JSON's comment for the rules.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


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
