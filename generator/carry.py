"""What an earlier data release may carry onto the site (DESIGN §5, §7 "Releases"; 第十一条、第十六条).

Earlier releases come from the ``data-releases`` branch of the internal records repository. Nothing in it is
trusted: a release reaches the site only through :func:`carry_release`, which gives it the checks a build gets:

* only the files a release writes (:func:`release_file_names`), each a regular file — no symlink, no folder,
  no other file;
* every checksum in ``SHA256SUMS`` verified, and every file listed there;
* every zip member one of the release's own files, byte for byte;
* the SQLite file holds only the release's tables (no views, triggers or other tables);
* every row of every representation (CSV, JSON, SQLite) re-checked against today's public set: a row whose key
  is not public today is dropped, and an enterprise no longer carrying a public A-class record in that release
  loses its ``severe`` flag;
* the change list is rewritten from the release and its predecessor *as both are published today*, so it names
  only rows that are public today — a row that left the site leaves no id, no count, no hint.

A release that needs nothing dropped and whose change list is already right is carried byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .publish.tables import TABLES, Table

SUMS = "SHA256SUMS"
CHANGES = "changes.jsonl"
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
BY_NAME = {t.name: t for t in TABLES}
Rows = list[dict[str, Any]]
PublicKeys = dict[str, set[str]]  # table -> keys public today


class ReleaseError(Exception):
    """The release cannot be made safely; the message says why (Chinese, then English)."""


def is_date(name: str) -> bool:
    if not DATE_RE.match(name):
        return False
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True


def release_file_names(version: str) -> set[str]:
    """Every file a release of ``version`` may hold (an older release may lack a table added since)."""
    names = {"datapackage.json", "credit.sqlite", f"credit-data-{version}.zip", CHANGES, SUMS}
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


def public_keys(data: Path) -> PublicKeys:
    """The key of every row this build publishes, by table (from its own ``data/<table>.json``)."""
    out: PublicKeys = {}
    for table in TABLES:
        rows = read_rows(data / f"{table.name}.json")
        out[table.name] = {row_key(r, table.primary_key) for r in rows or []}
    return out


def read_rows(path: Path) -> Rows | None:
    """The rows of a published ``<table>.json``; None where there is none. A symlink, folder or device in
    its place is refused, never followed or read."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(mode):
        raise ReleaseError(f"{path}: 不是普通文件（not a regular file）")
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{path}: 不是有效的 JSON（not valid JSON: {exc}）") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ReleaseError(f"{path}: 不是行的列表（not a list of rows）")
    return rows


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
    if not sums.is_file():
        return [f"{folder.name}: 缺少 {SUMS}（missing {SUMS}）"]
    listed: dict[str, str] = {}
    for n, line in enumerate(sums.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep:
            digest, sep, name = line.partition(" *")
        if not sep or not re.fullmatch(r"[0-9a-f]{64}", digest) or "/" in name or name in ("", ".", ".."):
            return [f"{folder.name}/{SUMS}:{n}: 格式错误（malformed line）"]
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


def _check_zip(src: Path) -> list[str]:
    out = []
    allowed = release_file_names(src.name) - {SUMS, CHANGES}
    for z in sorted(src.glob("*.zip")):
        try:
            with zipfile.ZipFile(z) as zf:
                for info in zf.infolist():
                    member = info.filename
                    if member not in allowed or not (src / member).is_file():
                        out.append(f"{src.name}/{z.name}: 含有不属于数据版本的文件 {member!r}（unexpected member）")
                    elif info.file_size != (src / member).stat().st_size or zf.read(member) != (src / member).read_bytes():
                        out.append(f"{src.name}/{z.name}: {member} 与同名文件不一致（member differs from the file）")
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            out.append(f"{src.name}/{z.name}: 无法读取（unreadable zip: {exc}）")
    return out


def _check_sqlite(path: Path) -> list[str]:
    """Only the release's tables (and their automatic indexes) may be in the file."""
    if not path.is_file():
        return []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            con.execute("PRAGMA trusted_schema = OFF")
            items = con.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return [f"{path.parent.name}/{path.name}: 无法读取（unreadable: {exc}）"]
    out = []
    for kind, name, tbl in items:
        ok = (kind == "table" and name in BY_NAME) or (
            kind == "index" and tbl in BY_NAME and str(name).startswith("sqlite_autoindex_"))
        if not ok:
            out.append(f"{path.parent.name}/{path.name}: 含有不属于数据版本的 {kind} {name!r}（unexpected object）")
    return out


# ---- re-checking every row -----------------------------------------------------------------------------


def _csv_filter(path: Path, table: Table, keep: Callable[[str], bool], edit: Callable[[dict[str, str]], dict[str, str]]
                ) -> bool:
    """Rewrite a published CSV (BOM, CRLF) keeping the rows whose key ``keep`` accepts, each passed through
    ``edit``. Returns whether anything changed; an unchanged file is not rewritten."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReleaseError(f"{path}: 不是 UTF-8（not UTF-8）") from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise ReleaseError(f"{path}: 空文件（empty CSV）")
    header, body = rows[0], rows[1:]
    if any(k not in header for k in table.primary_key):
        raise ReleaseError(f"{path}: 表头缺少主键列（the header lacks the key columns）")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for cells in body:
        row = dict(zip(header, cells, strict=False))
        if keep(row_key(row, table.primary_key)):
            row = edit(row)
            writer.writerow([row.get(c, "") for c in header])
    out = b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")
    if out == raw:
        return False
    path.write_bytes(out)
    return True


def _a_class(rows: Rows) -> set[str]:
    return {str(r.get("subject")) for r in rows if r.get("kind") == "bad" and r.get("class") == "A"}


def redact(folder: Path, public: PublicKeys) -> set[str]:
    """Drop from the release in ``folder`` (already a private copy) every row not public today; returns the
    names of the files that changed."""
    from .publish.data import dumps

    changed: set[str] = set()
    kept: dict[str, Rows] = {}
    dropped: dict[str, set[str]] = {}
    for table in TABLES:
        rows = read_rows(folder / f"{table.name}.json")
        if rows is None:
            continue
        keys = public.get(table.name, set())
        keep = [r for r in rows if row_key(r, table.primary_key) in keys]
        dropped[table.name] = {row_key(r, table.primary_key) for r in rows} - keys
        kept[table.name] = keep
        if len(keep) != len(rows):
            changed.add(f"{table.name}.json")
    # an enterprise whose public A-class records all left is no longer severe in that release
    unflag = _a_class(read_rows(folder / "records.json") or []) - _a_class(kept.get("records", []))
    if unflag and "enterprises" in kept:
        for e in kept["enterprises"]:
            if e.get("uscc") in unflag and e.get("severe") is True:
                e["severe"] = False
                changed.add("enterprises.json")
    for table in TABLES:
        if f"{table.name}.json" in changed:
            (folder / f"{table.name}.json").write_text(dumps(kept[table.name]), encoding="utf-8", newline="\n")

    def unsevere(r: dict[str, str]) -> dict[str, str]:
        return {**r, "severe": "false"} if r.get("uscc") in unflag and "severe" in r else r

    for table in TABLES:
        path = folder / f"{table.name}.csv"
        if path.is_file():
            keys = public.get(table.name, set())
            edit = unsevere if table.name == "enterprises" else (lambda r: r)
            if _csv_filter(path, table, keys.__contains__, edit):
                changed.add(path.name)
    db = folder / "credit.sqlite"
    if db.is_file() and _redact_sqlite(db, public, unflag):
        changed.add(db.name)
    return changed


def _redact_sqlite(db: Path, public: PublicKeys, unflag: set[str]) -> bool:
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA trusted_schema = OFF")
        con.execute("PRAGMA journal_mode = OFF")
        changes = 0
        present = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in TABLES:
            if table.name not in present:
                continue
            cols = [c for (_cid, c, *_rest) in con.execute(f'PRAGMA table_info("{table.name}")')]
            if any(k not in cols for k in table.primary_key):
                raise ReleaseError(f"{db}: 表 {table.name} 缺少主键列（the table lacks its key columns）")
            keys = public.get(table.name, set())
            select = ", ".join(f'"{k}"' for k in table.primary_key)
            gone = []
            for rowid, *values in con.execute(f'SELECT rowid, {select} FROM "{table.name}"'):
                key = "/".join("" if v is None else str(v) for v in values)
                if key not in keys:
                    gone.append((rowid,))
            con.executemany(f'DELETE FROM "{table.name}" WHERE rowid = ?', gone)
            changes += len(gone)
        if unflag and "enterprises" in present:
            cur = con.executemany('UPDATE "enterprises" SET "severe" = 0 WHERE "uscc" = ? AND "severe" != 0',
                                  [(u,) for u in sorted(unflag)])
            changes += max(cur.rowcount, 0)
        con.commit()
        if changes:
            con.execute("VACUUM")
    finally:
        con.close()
    return changes > 0


# ---- the change list -----------------------------------------------------------------------------------


def changes(old: Path | None, new: Path) -> list[dict[str, Any]]:
    """Row changes from the release in ``old`` (None: none before it) to the one in ``new``, both as
    published today, in a fixed order: tables in their published order, keys sorted. Only rows of ``new``
    are named (added or modified); a row that left names nothing (DESIGN §7 "Releases")."""
    out: list[dict[str, Any]] = []
    for table in TABLES:
        new_rows = read_rows(new / f"{table.name}.json") or []
        old_rows = (read_rows(old / f"{table.name}.json") if old is not None else None) or []
        before = {row_key(r, table.primary_key): r for r in old_rows}
        after = {row_key(r, table.primary_key): r for r in new_rows}
        for key in sorted(after):
            a, b = before.get(key), after[key]
            if a is None:
                out.append({"table": table.name, "key": key, "change": "added", "row": b})
            elif a != b:
                cols = list(b) + [c for c in a if c not in b]
                fields = {c: [a.get(c), b.get(c)] for c in cols if a.get(c) != b.get(c)}
                out.append({"table": table.name, "key": key, "change": "modified", "fields": fields})
    return out


def changes_text(items: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) + "\n" for i in items).encode("utf-8")


# ---- carrying one release ------------------------------------------------------------------------------


def carry_release(src: Path, dst: Path, public: PublicKeys, predecessor: Path | None) -> bool:
    """Copy the checked release ``src`` to ``dst`` as it may be published today (module docstring).

    ``predecessor`` is the previous release *as already carried today* (None for the oldest). Returns
    whether anything differs from ``src``. Raises :class:`ReleaseError` when ``src`` fails a check."""
    from .publish.data import dumps, zip_bytes

    problems = check_files(src)
    if not problems:
        problems = _check_zip(src) + _check_sqlite(src / "credit.sqlite")
    if problems:
        raise ReleaseError("已发布的历史版本不完整、已损坏或含有不应有的文件，停止发布"
                           "（an earlier release is incomplete, damaged or holds files it should not）：\n"
                           + "\n".join(f"  {p}" for p in problems))
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for name in sorted(os.listdir(src)):
        shutil.copyfile(src / name, dst / name, follow_symlinks=False)
    changed = redact(dst, public)
    items = changes_text(changes(predecessor, dst))
    if (dst / CHANGES).read_bytes() != items:
        (dst / CHANGES).write_bytes(items)
        changed.add(CHANGES)
    if not changed:
        return False
    pkg_path = dst / "datapackage.json"
    if pkg_path.is_file() and changed - {CHANGES}:
        try:
            pkg = json.loads(pkg_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ReleaseError(f"{src.name}/datapackage.json: 不是有效的 JSON（not valid JSON）") from None
        for res in pkg.get("resources", []) if isinstance(pkg, dict) else []:
            path = res.get("path") if isinstance(res, dict) else None
            if isinstance(path, str) and path in changed and (dst / path).is_file():
                data = (dst / path).read_bytes()
                res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
                res["bytes"] = len(data)
        new_pkg = dumps(pkg).encode("utf-8")
        if new_pkg != pkg_path.read_bytes():
            pkg_path.write_bytes(new_pkg)
            changed.add(pkg_path.name)
    if changed - {CHANGES}:
        day = dt.date.fromisoformat(dst.name)
        for z in sorted(dst.glob("*.zip")):
            with zipfile.ZipFile(z) as zf:
                names = zf.namelist()
            z.write_bytes(zip_bytes({n: (dst / n).read_bytes() for n in names}, (day.year, day.month, day.day)))
    write_sums(dst)
    return True
