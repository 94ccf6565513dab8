"""What an earlier data release may carry onto the site (DESIGN §5, §7 "Releases"; 第十一条、第十六条).

Earlier releases come from the ``data-releases`` branch of the internal records repository. Nothing in it is
trusted: an earlier release reaches the site only through :func:`carry_release`, which gives it the checks a
build gets and then **writes it anew** with the build's own writers — no byte of the branch is copied:

* only the files a release writes (:func:`release_file_names`), each a regular file — no symlink, no folder,
  no other file — every one listed in ``SHA256SUMS`` with its right checksum (damage stops the release);
* its rows are read from its ``<table>.json`` files only (strict JSON: no duplicate keys, no NaN), each row
  with exactly the columns of its CSV header, every column one the table defines, every value of its
  column's type; the CSV, SQLite, zip and ``datapackage.json`` of the branch are never read beyond that header;
* a row stays only where its key is public today, and it is brought in line with today:
  a credit record and a grade (whose list membership ends, whose text an objection may have corrected) and
  every row of a code list (items, regions, authorities, codes) take today's values — but a record's
  objection flag and last public day as known that day — and an enterprise
  takes today's ``severe`` flag; every other text passes the personal-data checks of the records (第九条);
* CSV, JSON, SQLite, ``datapackage.json``, the zip and ``SHA256SUMS`` are written from those rows, and the
  change list from the release and its predecessor *as both are published today* — it names only rows public
  today: a row that left the site leaves no id, no count, no hint.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.publish.data.rows import to_json
from generator.publish.data.tables import TABLES, Table
from generator.publish.data.write import PackageInfo, write_package
from generator.records.privacy import personal_numbers, unsafe_characters

SUMS = "SHA256SUMS"
CHANGES = "changes.jsonl"
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")
FIRST_RELEASE = dt.date(1980, 1, 1)  # a zip cannot date its members earlier
BY_NAME = {t.name: t for t in TABLES}
REFRESHED = frozenset({"records", "grades", "items", "regions", "authorities", "codes"})  # rows that take
# today's values (module docstring; the code lists are reference data: as today) …
AS_THEN = frozenset({("records", "objection"), ("records", "public_until")})  # … but these, as known that day
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # DESIGN §9: no text may begin so (a spreadsheet formula)
Rows = list[dict[str, Any]]


class ReleaseError(Exception):
    """The release cannot be made safely; the message says why (Chinese, then English)."""


def is_date(name: str) -> bool:
    """A release folder's name: an ISO date a zip can carry (1980 or later)."""
    return _iso_date(name) and dt.date.fromisoformat(name) >= FIRST_RELEASE


def release_dirs(root: Path | None) -> list[str]:
    """Dated release directories under ``root``, oldest first (a symlink is never one)."""
    if root is None or not root.is_dir():
        return []
    return sorted(e.name for e in os.scandir(root) if is_date(e.name) and e.is_dir(follow_symlinks=False))


def package_version(data: Path) -> str:
    """The version (the as-of date) of the data package a build wrote into ``data``."""
    pkg = read_json(data / "datapackage.json")
    if pkg is None:
        raise ReleaseError(f"{data / 'datapackage.json'} 不存在：请先运行 credit build"
                           "（datapackage.json not found: build the site first）")
    version = pkg.get("version") if isinstance(pkg, dict) else None
    if not isinstance(version, str) or not is_date(version):
        raise ReleaseError(f"{data / 'datapackage.json'} 中的 version 不是日期：{version!r}（the package version is not a date）")
    return version


def release_file_names(version: str) -> set[str]:
    """Every file a release of ``version`` may hold (an older release may lack a table added since)."""
    names = {"datapackage.json", "credit.sqlite", "datasette.json", f"credit-data-{version}.zip", CHANGES, SUMS}
    for table in TABLES:
        names |= {f"{table.name}.csv", f"{table.name}.json"}
    return names


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def row_key(row: dict[str, Any], pk: Iterable[str]) -> str:
    return "/".join("" if row.get(k) is None else str(row.get(k)) for k in pk)


# ---- strict reading ------------------------------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_json(path: Path) -> Any:
    """Strict JSON of a regular file (never a symlink, folder or device): no duplicate keys, no NaN or
    Infinity, numbers with a fraction as Decimal (so that they are written back as they were)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(mode):
        raise ReleaseError(f"{path}: 不是普通文件（not a regular file）")
    try:
        return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicates,
                          parse_constant=_no_constant, parse_float=Decimal)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ReleaseError(f"{path}: 不是有效的 JSON（not valid JSON: {str(exc)[:200]}）") from None


def read_rows(path: Path) -> Rows | None:
    """The rows of a published ``<table>.json``; None where there is none."""
    rows = read_json(path)
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ReleaseError(f"{path}: 不是行的列表（not a list of rows）")
    return rows


def _csv_header(path: Path) -> list[str] | None:
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        first = fh.readline(1 << 16)
    try:
        return next(csv.reader([first.decode("utf-8-sig").rstrip("\r\n")]))
    except (UnicodeDecodeError, StopIteration, csv.Error):
        raise ReleaseError(f"{path}: 表头无法读取（unreadable header）") from None


def _iso_date(text: str) -> bool:
    if not DATE_RE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_value(table: Table, name: str, value: Any, where: str) -> None:
    col = next(c for c in table.columns if c.name == name)
    ok: bool
    if value is None:
        ok = not col.required
    elif col.type == "string":
        ok = isinstance(value, str) and (col.enum is None or value in col.enum) and (
            col.pattern is None or re.fullmatch(col.pattern, value) is not None)
        if ok and (personal_numbers(value) or unsafe_characters(value) or value.startswith(FORMULA_START)):
            raise ReleaseError(f"{where}: {name} 含有个人信息、不可见字符或公式开头（personal data, invisible "
                               "characters or a spreadsheet formula）")
    elif col.type == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif col.type == "number":
        ok = isinstance(value, (int, Decimal)) and not isinstance(value, bool)
    elif col.type == "boolean":
        ok = isinstance(value, bool)
    else:  # date
        ok = isinstance(value, str) and _iso_date(value)
    if not ok:
        raise ReleaseError(f"{where}: {name} 的值不符合该列的类型（{col.type}）（a value of the wrong type）")


@dataclass(frozen=True)
class Today:
    """This build's public data: the rows of each table by key, and the package's metadata."""

    rows: dict[str, dict[str, dict[str, Any]]]
    platform: str
    license: str
    site_url: str | None
    rulebook: str

    @classmethod
    def read(cls, data: Path) -> Today:
        rows: dict[str, dict[str, dict[str, Any]]] = {}
        for table in TABLES:
            rows[table.name] = {row_key(r, table.primary_key): r for r in read_rows(data / f"{table.name}.json") or []}
        pkg = read_json(data / "datapackage.json")
        if not isinstance(pkg, dict):
            raise ReleaseError(f"{data / 'datapackage.json'}: 不是数据包描述（not a data package）")
        title = str(pkg.get("title", ""))
        licenses = pkg.get("licenses") or [{}]
        return cls(rows, title.removesuffix(" 公开数据"), str(licenses[0].get("name", "")),
                   pkg.get("homepage"), str(pkg.get("rulebook", "")))


# ---- the files of a carried release --------------------------------------------------------------------


def check_files(folder: Path) -> list[str]:
    """Problems with the files of the release in ``folder``: only regular files the release writes, each
    listed in ``SHA256SUMS`` with its right checksum. Nothing is followed: symlinks and folders are refused."""
    name = folder.name
    try:
        st = os.lstat(folder)
    except OSError:
        return [f"{name}: 无法读取（cannot be read）"]
    if not stat.S_ISDIR(st.st_mode):
        return [f"{name}: 不是普通目录（not a plain directory: a symlink or a file）"]
    allowed = release_file_names(name)
    out: list[str] = []
    present: set[str] = set()
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        mode = entry.stat(follow_symlinks=False).st_mode
        if entry.name not in allowed:
            out.append(f"{name}/{entry.name}: 不是数据版本中的文件（not a file a release writes）")
        elif not stat.S_ISREG(mode):
            out.append(f"{name}/{entry.name}: 不是普通文件（not a regular file: a symlink, folder or device）")
        else:
            present.add(entry.name)
    if out:
        return out
    return verify_sums(folder, present)


def verify_sums(folder: Path, present: set[str] | None = None) -> list[str]:
    """Problems with ``folder`` against its ``SHA256SUMS`` (empty when every file matches)."""
    sums = folder / SUMS
    if not sums.is_file() or sums.is_symlink():
        return [f"{folder.name}: 缺少 {SUMS}（missing {SUMS}）"]
    listed: dict[str, str] = {}
    for n, line in enumerate(sums.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep:
            digest, sep, name = line.partition(" *")
        if (not sep or not re.fullmatch(r"[0-9a-f]{64}", digest) or "/" in name or name in ("", ".", "..")
                or name in listed):
            return [f"{folder.name}/{SUMS}:{n}: 格式错误（malformed or repeated line）"]
        listed[name] = digest
    if present is None:
        present = {p.name for p in folder.iterdir() if p.is_file()}
    out = []
    for name, digest in sorted(listed.items()):
        p = folder / name
        if name not in present:
            out.append(f"{folder.name}/{name}: 文件缺失（file missing）")
        elif sha256_file(p) != digest:
            out.append(f"{folder.name}/{name}: 校验和不符（sha256 mismatch）")
    for name in sorted(present - listed.keys() - {SUMS}):
        out.append(f"{folder.name}/{name}: 未列入 {SUMS}（not listed in {SUMS}）")
    return out


def write_sums(folder: Path) -> None:
    """``SHA256SUMS`` of every other file in ``folder``, by name, in the format ``sha256sum -c`` reads."""
    lines = [f"{sha256_file(p)}  {p.name}\n" for p in sorted(folder.iterdir(), key=lambda p: p.name)
             if p.is_file() and p.name != SUMS]
    (folder / SUMS).write_text("".join(lines), encoding="utf-8", newline="\n")


# ---- re-checking every row -----------------------------------------------------------------------------


def checked_rows(src: Path, today: Today) -> dict[str, tuple[Table, Rows]]:
    """The release's tables (with the columns it has) and the rows of each that may be published today."""
    out: dict[str, tuple[Table, Rows]] = {}
    for table in TABLES:
        rows = read_rows(src / f"{table.name}.json")
        header = _csv_header(src / f"{table.name}.csv")
        if rows is None and header is None:
            continue  # a table added since that release
        where = f"{src.name}/{table.name}"
        if rows is None or header is None:
            raise ReleaseError(f"{where}: CSV 与 JSON 不成对（the CSV or the JSON is missing）")
        known = [c.name for c in table.columns]
        if len(set(header)) != len(header) or any(c not in known for c in header) or any(
                k not in header for k in table.primary_key):
            raise ReleaseError(f"{where}.csv: 表头含有未知、重复的列或缺少主键（unknown or repeated columns）")
        sub = replace(table, columns=tuple(c for c in table.columns if c.name in header))
        cols = set(header)
        public = today.rows[table.name]
        kept: Rows = []
        seen: set[str] = set()
        for row in rows:
            key = row_key(row, table.primary_key)
            if set(row) != cols or key in seen:
                raise ReleaseError(f"{where}.json: 行 {key[:80]!r} 的列与表头不一致或重复（row differs from the header）")
            seen.add(key)
            now = public.get(key)
            if now is None:
                continue  # not public today: not a trace of it
            if table.name in REFRESHED:
                row = {c: row[c] if (table.name, c) in AS_THEN else now.get(c) for c in header}
            elif table.name == "enterprises" and "severe" in cols:
                row = {**row, "severe": now.get("severe")}
            for c in header:
                _check_value(sub, c, row[c], f"{where}.json {key[:80]!r}")
            kept.append({c: row[c] for c in sub.header})
        if table.reference:  # a code list is reference data: today's, whole (its own keys stay consistent)
            kept = [{c: row.get(c) for c in sub.header} for row in public.values()]
        out[table.name] = (sub, kept)
    return consistent(out)


def consistent(tables: dict[str, tuple[Table, Rows]]) -> dict[str, tuple[Table, Rows]]:
    """Every foreign key of the carried release resolves: a reference to a row that did not stay (a person whose
    file is gone, a region no longer listed) is emptied where the column may be empty, else the row goes."""
    while True:  # a row that goes may leave others dangling: until nothing changes
        after = _resolve(tables)
        if all(len(after[n][1]) == len(tables[n][1]) and after[n][1] == tables[n][1] for n in tables):
            return after
        tables = after


def _resolve(tables: dict[str, tuple[Table, Rows]]) -> dict[str, tuple[Table, Rows]]:
    keys = {name: {row_key(r, t.primary_key) for r in rows} for name, (t, rows) in tables.items()}
    out: dict[str, tuple[Table, Rows]] = {}
    for name, (table, rows) in tables.items():
        checks = [(fields, ref, ref_fields) for fields, ref, ref_fields in table.foreign_keys
                  if ref in tables and set(fields) <= set(table.header)
                  and tuple(ref_fields) == tables[ref][0].primary_key]
        kept: Rows = []
        for row in rows:
            for fields, ref, _ref_fields in checks:
                values = [row[f] for f in fields]
                if any(v is None for v in values) or "/".join(str(v) for v in values) in keys[ref]:
                    continue
                if all(not c.required for c in table.columns if c.name in fields):
                    row = {**row, **dict.fromkeys(fields)}
                else:
                    break
            else:
                kept.append(row)
        out[name] = (table, kept)
    return out


def _records_commit(src: Path) -> str | None:
    try:
        pkg = read_json(src / "datapackage.json")
    except ReleaseError:
        return None
    commit = pkg.get("records_commit") if isinstance(pkg, dict) else None
    return commit if isinstance(commit, str) and COMMIT_RE.match(commit) else None


def write_release(dst: Path, tables: dict[str, tuple[Table, Rows]], today: Today, commit: str | None,
                  predecessor: Path | None) -> None:
    """Write the release ``dst`` (named by its date) from its rows with the build's own writers."""
    info = PackageInfo(today.platform, today.license, today.site_url, today.rulebook, dt.date.fromisoformat(dst.name),
                       commit)
    write_package(dst, list(tables.values()), info, on_site=False)
    (dst / CHANGES).write_bytes(changes_text(changes(predecessor, dst)))
    write_sums(dst)


# ---- the change list -----------------------------------------------------------------------------------


def changes(old: Path | None, new: Path) -> list[dict[str, Any]]:
    """Row changes from the release in ``old`` (None: none before it) to the one in ``new``, both as
    published today, in a fixed order: tables in their published order, keys sorted. Only rows of ``new``
    are named (added or modified); a row that left names nothing (DESIGN §7 "Releases")."""
    out: list[dict[str, Any]] = []
    for table in TABLES:
        if table.reference:
            continue  # code lists change with the rulebook and the regions, not with the records
        new_rows = read_rows(new / f"{table.name}.json") or []
        old_rows = (read_rows(old / f"{table.name}.json") if old is not None else None) or []
        before = {row_key(r, table.primary_key): r for r in old_rows}
        after = {row_key(r, table.primary_key): r for r in new_rows}
        for key in sorted(after):
            a, b = before.get(key), after[key]
            if a is None:
                out.append({"table": table.name, "key": key, "change": "added", "row": b})
            else:  # a column added since the older release is not a change of the row
                fields = {c: [a[c], b[c]] for c in b if c in a and a[c] != b[c]}
                if fields:
                    out.append({"table": table.name, "key": key, "change": "modified", "fields": fields})
    return out


def _plain(value: Any) -> Any:
    """A change item as JSON values: Decimals (how rows are read back) the way the table writers write them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return to_json(value)


def changes_text(items: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(_plain(i), ensure_ascii=False, separators=(",", ":")) + "\n"
                   for i in items).encode("utf-8")


# ---- carrying one release ------------------------------------------------------------------------------


def carry_release(src: Path, dst: Path, today: Today, predecessor: Path | None) -> bool:
    """Write the checked release ``src`` anew as ``dst``, as it may be published today (module docstring).

    ``predecessor`` is the previous release *as already carried today* (None for the oldest). Returns
    whether it differs from ``src`` in any byte. Raises :class:`ReleaseError` when ``src`` fails a check."""
    problems = check_files(src)
    if problems:
        raise ReleaseError("已发布的历史版本不完整、已损坏或含有不应有的文件，停止发布"
                           "（an earlier release is incomplete, damaged or holds files it should not）：\n"
                           + "\n".join(f"  {p}" for p in problems))
    tables = checked_rows(src, today)
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    write_release(dst, tables, today, _records_commit(src), predecessor)
    return any(not (src / p.name).is_file() or (src / p.name).read_bytes() != p.read_bytes()
               for p in dst.iterdir())
