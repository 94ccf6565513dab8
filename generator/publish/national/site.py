"""The national pages: an index of the deployments and a search that points into the provincial sites.

``index.html`` lists each deployment with its as-of date, its counts, its site and its package, and links the
merged data. ``search/`` finds an enterprise by name, former name, name without its leading place names
(郑州龙雅… is found by 龙雅) or USCC, and links to the enterprise's page on its own province's site.

The search index is small static JSON (``search/index/``), read by ``search/national.js`` (ours, no library):
every key (normalized: NFKC, upper case, no white space) belongs to the prefix of its first :data:`MIN_CHARS`
characters, one character longer while a prefix holds more than :data:`SPLIT_OVER` keys (``meta.json`` lists
the prefixes so split); the prefixes are spread by FNV-1a over ``buckets`` files of about
:data:`BUCKET_KEYS` keys. A query reads ``meta.json`` once and one bucket.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator import urls
from generator.publish.data.write import dumps
from generator.publish.national.merge import NATIONAL_TABLES, National
from generator.publish.national.packages import Province

HERE = Path(__file__).parent
TITLE = "全国物业服务企业信用信息公示（各地汇总）"
MIN_CHARS = 2
SPLIT_OVER = 100
BUCKET_KEYS = 100
PLACE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "地区",
                  "省", "市", "区", "县", "盟", "旗")
"""Endings a place name is also written without (郑州市 → 郑州) at the start of an enterprise's name."""
MAX_PLACES = 3
"""Leading place names taken off one after another (河南省郑州市金水区… → 郑州市金水区… → 金水区… → …)."""

COUNTED = ("enterprises", "projects", "persons", "records", "results")
"""The counts of the index page: rows of those tables; ``results`` = ratings + grades."""

Item = list[Any]
"""One entry of the index: [key, USCC, name, province index, the former name matched or null]."""


def normalize(text: str) -> str:
    """What ``national.js`` does to a query: NFKC, upper case, no white space."""
    return "".join(unicodedata.normalize("NFKC", text).upper().split())


def bucket(prefix: str, buckets: int) -> int:
    """FNV-1a (32 bits) of the prefix's UTF-8 bytes, modulo ``buckets`` (``national.js`` ``fnv1a``)."""
    h = 0x811C9DC5
    for b in prefix.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h % buckets


def place_names(p: Province) -> list[str]:
    """The deployment's region names, each also without its ending, normalized, longest first."""
    out: set[str] = set()
    for r in p.tables["regions"]:
        name = normalize(r["name"])
        out.add(name)
        for suffix in PLACE_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.add(name[: -len(suffix)])
                break
    return sorted(out, key=lambda s: (-len(s), s))


def _stripped(key: str, places: list[str]) -> list[str]:
    """``key`` without one, two … leading place names (each result at least :data:`MIN_CHARS` long)."""
    out = []
    for _ in range(MAX_PLACES):
        place = next((s for s in places if key.startswith(s) and len(key) - len(s) >= MIN_CHARS), None)
        if place is None:
            break
        key = key[len(place):]
        out.append(key)
    return out


def index_items(national: National) -> list[Item]:
    """Every key of every enterprise, in a fixed order (province, then the package's order, then key)."""
    items: list[Item] = []
    for i, p in enumerate(national.provinces):
        places = place_names(p)
        for e in p.tables["enterprises"]:
            names: list[tuple[str, str | None]] = [(e["name"], None)]
            names += [(n, n) for n in (e["former_names"] or "").split("；") if n.strip()]
            keys: dict[str, str | None] = {normalize(e["uscc"]): None}
            for name, alias in names:
                for key in (normalize(name), *_stripped(normalize(name), places)):
                    keys.setdefault(key, alias)
            items += [[k, e["uscc"], e["name"], i, alias] for k, alias in sorted(keys.items()) if len(k) >= MIN_CHARS]
    return items


def _prefix(key: str, split: set[str]) -> str:
    n = MIN_CHARS
    prefix = key[:n]
    while prefix in split and len(key) > n:
        n += 1
        prefix = key[:n]
    return prefix


def shard_index(items: list[Item]) -> tuple[list[str], int, dict[int, list[Item]]]:
    """(the prefixes split, the number of buckets, each bucket's items)."""
    split: set[str] = set()
    groups: dict[str, list[Item]] = defaultdict(list)
    for it in items:
        groups[it[0][:MIN_CHARS]].append(it)
    work = list(groups)
    while work:
        prefix = work.pop()
        members = groups[prefix]
        if len(members) <= SPLIT_OVER or all(len(it[0]) <= len(prefix) for it in members):
            continue
        split.add(prefix)
        groups[prefix] = []
        for it in members:
            sub = it[0][: len(prefix) + 1]
            if sub not in groups or sub == prefix:
                work.append(sub)
            groups[sub].append(it)
    buckets = max(1, len(items) // BUCKET_KEYS)
    files: dict[int, list[Item]] = defaultdict(list)
    for it in items:
        files[bucket(_prefix(it[0], split), buckets)].append(it)
    return sorted(split), buckets, files


def write_search(folder: Path, national: National) -> int:
    """``search/index.html``, ``national.js`` and ``index/``; returns the number of keys."""
    items = index_items(national)
    split, buckets, files = shard_index(items)
    index = folder / "index"
    index.mkdir(parents=True, exist_ok=True)
    meta = {
        "version": national.as_of.isoformat(),
        "min": MIN_CHARS,
        "buckets": buckets,
        "split": split,
        "enterprise_path": urls.enterprise("{uscc}").path,
        "provinces": [[p.code, p.name, p.site_url] for p in national.provinces],
    }
    (index / "meta.json").write_text(dumps(meta), encoding="utf-8")
    for n, members in sorted(files.items()):  # compact: these are fetched one per query
        (index / f"{n}.json").write_text(json.dumps(members, ensure_ascii=False, separators=(",", ":")),
                                         encoding="utf-8")
    shutil.copyfile(HERE / "national.js", folder / "national.js")
    return len(items)


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, keep_trailing_newline=True)


def write_national_site(out: Path, national: National) -> int:
    """``index.html`` and ``search/`` under ``out`` (the data are in ``out/data``); returns the search keys."""
    env = _env()
    common = {"TITLE": TITLE, "AS_OF": national.as_of.isoformat(), "DATA_PATH": urls.DATA.path, "MIN": MIN_CHARS}
    provinces: list[dict[str, Any]] = []
    totals = dict.fromkeys(COUNTED, 0)
    for p in national.provinces:
        counts = {t: len(p.tables[t]) for t in COUNTED if t != "results"}
        counts["results"] = len(p.tables["ratings"]) + len(p.tables["grades"])
        totals = {k: totals[k] + counts[k] for k in COUNTED}
        provinces.append({"code": p.code, "name": p.name, "platform": p.platform, "rulebook": p.rulebook,
                          "as_of": p.as_of.isoformat(), "site_url": p.site_url, "counts": counts})
    tables = [{"name": t.name, "zh": t.zh, "rows": len(national.rows[t.name])} for t in NATIONAL_TABLES]
    page = env.get_template("index.html").render(ROOT="./", provinces=provinces, totals=totals, tables=tables, **common)
    (out / "index.html").write_text(page, encoding="utf-8")
    search = out / "search"
    search.mkdir(parents=True, exist_ok=True)
    (search / "index.html").write_text(env.get_template("search.html").render(ROOT="../", **common), encoding="utf-8")
    return write_search(search, national)
