"""Dated releases of the open data, and the nightly safety guard.

``credit release --site output --previous DIR`` turns the freshly built ``output/data/`` into a dated,
checksummed release and carries every earlier release forward, so a deploy never loses one::

    data/releases/index.json              every version: date, files with bytes and sha256, rows, changes
    data/releases/<YYYY-MM-DD>/           the package of that day: <table>.csv/.json, datapackage.json,
                                          credit.sqlite, credit-data-<date>.zip, changes.jsonl, SHA256SUMS
    data/latest/                          a copy of the newest release

``DIR`` holds the earlier releases in the same layout as ``data/releases/`` (``index.json`` + dated
directories), each as it was published on its day. On GitHub it is a checkout of the ``data-releases``
branch, to which the publish workflow adds each new release after the deploy; it may be absent or empty
for the first release. Each earlier release is checked against its own ``SHA256SUMS`` before it is
carried over: a damaged or missing one stops the release.

Earlier releases are carried to the site **redacted**: a record that is no longer public on this build's day
(expired, repaired, withdrawn, revoked, suspended) is removed from them too — a record that is not public
appears nowhere in the output (DESIGN §5; 第十一条、第十六条) — and their checksums follow. A release that
needs nothing removed is carried byte for byte; the branch keeps every release as first published.

``changes.jsonl`` lists, one JSON object per line, what changed in each table against the previous release
(the newest one dated before this one): ``{"table", "key", "change": "added", "row"}``,
``{"table", "key", "change": "modified", "fields": {column: [old, new]}}`` and
``{"table", "key", "change": "removed"}`` — a removed row carries its key only, so a record that left the
site appears by its id and nothing else (DESIGN §5). ``key`` is the table's primary key, joined with "/".
A second build on the same day replaces that day's release.

``credit guard`` stops a nightly publish when public records vanish without a reason: it compares the new
``data/records.json`` with the previous release and fails when the removals that no expiry, repair,
withdrawal, revocation or suspension explains exceed ``--max-drop`` of the previous count.

Everything is a function of the files: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import sqlite3
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .publish.tables import TABLES

DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
SUMS = "SHA256SUMS"
CHANGES = "changes.jsonl"
INDEX = "index.json"


class ReleaseError(Exception):
    """The release cannot be made safely; the message says why (Chinese, then English)."""


# ---- small helpers ------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def _is_date(name: str) -> bool:
    if not DATE_RE.match(name):
        return False
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True


def release_dirs(root: Path | None) -> list[str]:
    """Dated release directories under ``root``, oldest first."""
    if root is None or not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and _is_date(p.name))


def write_sums(folder: Path) -> None:
    """``SHA256SUMS`` of every other file in ``folder``, by name, in the format ``sha256sum -c`` reads."""
    lines = [f"{sha256_file(p)}  {p.name}\n" for p in sorted(folder.iterdir(), key=lambda p: p.name)
             if p.is_file() and p.name != SUMS]
    (folder / SUMS).write_text("".join(lines), encoding="utf-8", newline="\n")


def verify_sums(folder: Path) -> list[str]:
    """Problems with ``folder`` against its ``SHA256SUMS`` (empty when every file matches)."""
    sums = folder / SUMS
    if not sums.is_file():
        return [f"{folder.name}: 缺少 {SUMS}（missing {SUMS}）"]
    listed: dict[str, str] = {}
    for n, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep:
            digest, sep, name = line.partition(" *")
        if not sep or not re.fullmatch(r"[0-9a-f]{64}", digest):
            return [f"{folder.name}/{SUMS}:{n}: 格式错误（malformed line）"]
        listed[name] = digest
    out = []
    for name, digest in sorted(listed.items()):
        p = folder / name
        if not p.is_file():
            out.append(f"{folder.name}/{name}: 文件缺失（file missing）")
        elif sha256_file(p) != digest:
            out.append(f"{folder.name}/{name}: 校验和不符（sha256 mismatch）")
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if p.is_file() and p.name != SUMS and p.name not in listed:
            out.append(f"{folder.name}/{p.name}: 未列入 {SUMS}（not listed in {SUMS}）")
    return out


def _copy_dir(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, copy_function=shutil.copyfile)


def _load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _version(data: Path) -> str:
    pkg = data / "datapackage.json"
    if not pkg.is_file():
        raise ReleaseError(f"{pkg} 不存在：请先运行 credit build"
                           "（datapackage.json not found: build the site first）")
    version = _load_json(pkg).get("version")
    if not isinstance(version, str) or not _is_date(version):
        raise ReleaseError(f"{pkg} 中的 version 不是日期：{version!r}（the package version is not a date）")
    return version


def package_files(data: Path, version: str) -> list[str]:
    """The files of the day's package in ``data/`` (pages such as ``data/index.html`` are not part of it)."""
    wanted = {"datapackage.json", "credit.sqlite", f"credit-data-{version}.zip"}
    for table in TABLES:
        wanted |= {f"{table.name}.csv", f"{table.name}.json"}
    missing = sorted(n for n in wanted if not (data / n).is_file())
    if missing:
        raise ReleaseError(f"{data} 中缺少 {', '.join(missing)}（the built data package is incomplete）")
    return sorted(wanted)


# ---- changes between two releases ---------------------------------------------------------------------


def _key(row: dict[str, Any], pk: Iterable[str]) -> str:
    return "/".join("" if row.get(k) is None else str(row.get(k)) for k in pk)


def _rows(folder: Path | None, table: str) -> list[dict[str, Any]] | None:
    if folder is None:
        return None
    path = folder / f"{table}.json"
    if not path.is_file():
        return None
    rows = _load_json(path)
    if not isinstance(rows, list):
        raise ReleaseError(f"{path} 不是行的列表（not a list of rows）")
    return rows


def changes(old: Path | None, new: Path) -> list[dict[str, Any]]:
    """Row changes from the release in ``old`` (None: none yet) to the one in ``new``, in a fixed order:
    tables in their published order, keys sorted, removed rows with their key only."""
    out: list[dict[str, Any]] = []
    for table in TABLES:
        new_rows = _rows(new, table.name) or []
        old_rows = _rows(old, table.name) or []
        before = {_key(r, table.primary_key): r for r in old_rows}
        after = {_key(r, table.primary_key): r for r in new_rows}
        for key in sorted(before.keys() | after.keys()):
            a, b = before.get(key), after.get(key)
            if b is None:
                out.append({"table": table.name, "key": key, "change": "removed"})
            elif a is None:
                out.append({"table": table.name, "key": key, "change": "added", "row": b})
            elif a != b:
                cols = list(b) + [c for c in a if c not in b]
                fields = {c: [a.get(c), b.get(c)] for c in cols if a.get(c) != b.get(c)}
                out.append({"table": table.name, "key": key, "change": "modified", "fields": fields})
    return out


def write_changes(path: Path, items: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) + "\n" for i in items)
    path.write_text(text, encoding="utf-8", newline="\n")


# ---- redaction of earlier releases ---------------------------------------------------------------------


def _csv_filter(path: Path, keep: Any, edit: Any = None) -> None:
    """Rewrite a published CSV (BOM, CRLF) keeping the rows ``keep(row)`` accepts, each passed
    through ``edit(row)``; untouched rows come out byte for byte as they went in."""
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for raw in body:
        row = dict(zip(header, raw, strict=False))
        if keep(row):
            if edit is not None:
                row = edit(row)
            writer.writerow([row.get(c, "") for c in header])
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def redact_release(src: Path, dst: Path, public_ids: set[str]) -> bool:
    """Copy the release ``src`` to ``dst`` without the records that are no longer public.

    A record that has expired, been repaired, withdrawn or revoked since must not stay on the site in an
    earlier release either (第十一条、第十六条; DESIGN §5): its row leaves ``records.csv/.json`` and
    ``credit.sqlite``, an enterprise whose only public A-class records left is no longer marked ``severe``,
    its lines in ``changes.jsonl`` keep the id only, and ``datapackage.json``, the zip and ``SHA256SUMS``
    are brought in line. A release that needs nothing removed is copied byte for byte (returns False).
    """
    from .publish.data import dumps as data_dumps
    from .publish.data import zip_bytes

    rows = _rows(src, "records") or []
    drop = {str(r["id"]) for r in rows if str(r["id"]) not in public_ids}
    _copy_dir(src, dst)
    if not drop:
        return False
    kept = [r for r in rows if str(r["id"]) not in drop]

    def a_class(rs: list[dict[str, Any]]) -> set[str]:
        return {str(r["subject"]) for r in rs if r.get("kind") == "bad" and r.get("class") == "A"}

    unflag = a_class(rows) - a_class(kept)
    changed = {"records.csv", "records.json", "credit.sqlite"}
    (dst / "records.json").write_text(data_dumps(kept), encoding="utf-8", newline="\n")
    _csv_filter(dst / "records.csv", lambda r: r.get("id") not in drop)
    ents = _rows(dst, "enterprises")
    if unflag and ents is not None:
        for e in ents:
            if e.get("uscc") in unflag:
                e["severe"] = False
        (dst / "enterprises.json").write_text(data_dumps(ents), encoding="utf-8", newline="\n")

        def unsevere(r: dict[str, str]) -> dict[str, str]:
            return {**r, "severe": "false"} if r.get("uscc") in unflag else r

        _csv_filter(dst / "enterprises.csv", lambda r: True, unsevere)
        changed |= {"enterprises.csv", "enterprises.json"}
    db = dst / "credit.sqlite"
    if db.is_file():
        con = sqlite3.connect(db)
        try:
            con.execute("PRAGMA journal_mode = OFF")
            con.executemany('DELETE FROM "records" WHERE "id" = ?', [(i,) for i in sorted(drop)])
            if unflag:
                con.executemany('UPDATE "enterprises" SET "severe" = 0 WHERE "uscc" = ?',
                                [(u,) for u in sorted(unflag)])
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
    pkg_path = dst / "datapackage.json"
    if pkg_path.is_file():
        pkg = _load_json(pkg_path)
        for res in pkg.get("resources", []):
            path = res.get("path")
            if isinstance(path, str) and path in changed and (dst / path).is_file():
                data = (dst / path).read_bytes()
                res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
                res["bytes"] = len(data)
        pkg_path.write_text(data_dumps(pkg), encoding="utf-8", newline="\n")
    if (dst / CHANGES).is_file():
        out = []
        for line in (dst / CHANGES).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item.get("table") == "records" and item.get("key") in drop:
                item = {"table": item["table"], "key": item["key"], "change": item["change"]}
            out.append(item)
        write_changes(dst / CHANGES, out)
    day = dt.date.fromisoformat(dst.name)
    for z in sorted(dst.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            members = {n: zf.read(n) for n in zf.namelist()}
        files = {n: (dst / n).read_bytes() if (dst / n).is_file() else b for n, b in members.items()}
        z.write_bytes(zip_bytes(files, (day.year, day.month, day.day)))
    write_sums(dst)
    return True


# ---- the index ----------------------------------------------------------------------------------------


def release_entry(folder: Path, previous: str | None) -> dict[str, Any]:
    paths = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.name)
    files = [{"name": p.name, "bytes": p.stat().st_size, "sha256": sha256_file(p)} for p in paths]
    pkg: dict[str, Any] = {}
    if (folder / "datapackage.json").is_file():
        pkg = _load_json(folder / "datapackage.json")
    rows: dict[str, int] = {}
    for table in TABLES:
        r = _rows(folder, table.name)
        if r is not None:
            rows[table.name] = len(r)
    counts = {"added": 0, "modified": 0, "removed": 0}
    if (folder / CHANGES).is_file():
        for line in (folder / CHANGES).read_text(encoding="utf-8").splitlines():
            if line.strip():
                kind = json.loads(line).get("change")
                if kind in counts:
                    counts[kind] += 1
    zips = [p.name for p in paths if p.name.endswith(".zip")]
    entry: dict[str, Any] = {
        "version": folder.name,
        "date": folder.name,
        "path": f"{folder.name}/",
        "previous": previous,
        "records_commit": pkg.get("records_commit"),
        "download": f"{folder.name}/{zips[0]}" if zips else None,
        "rows": rows,
        "changes": counts,
        "files": files,
    }
    return entry


def write_index(releases: Path) -> dict[str, Any]:
    """``index.json`` of every dated release under ``releases``, newest first."""
    dates = release_dirs(releases)
    entries = []
    for i, d in enumerate(dates):
        entries.append(release_entry(releases / d, dates[i - 1] if i else None))
    index = {
        "name": "property-service-credit",
        "title": "物业服务企业信用信息公开数据：历史版本（dated releases）",
        "description": (
            "每个版本是当日公开数据的完整快照；SHA256SUMS 可用 `sha256sum -c SHA256SUMS` 校验；"
            "changes.jsonl 列出与上一版本相比的变化。此后到期、修复或撤销而不再公开的信息，"
            "也从较早的版本中删去（第十一条、第十六条），这些版本的文件和校验和随之更新。"
            " — Each version is a full snapshot of that day's open data; check it with "
            "`sha256sum -c SHA256SUMS`; changes.jsonl lists the changes against the previous "
            "version. Information that is no longer public (expired, repaired, withdrawn) is "
            "removed from earlier versions too, whose files and checksums change accordingly."
        ),
        "latest": dates[-1] if dates else None,
        "releases": list(reversed(entries)),
    }
    (releases / INDEX).write_text(dumps(index), encoding="utf-8", newline="\n")
    return index


# ---- release ------------------------------------------------------------------------------------------


@dataclass
class ReleaseResult:
    version: str
    previous: str | None
    carried: list[str]
    changes: dict[str, int]
    latest: str
    redacted: list[str] = field(default_factory=list)  # earlier releases that lost rows no longer public
    warnings: list[str] = field(default_factory=list)


def make_release(site: Path, previous: Path | None) -> ReleaseResult:
    """Write ``data/releases/`` and ``data/latest/`` into the built ``site`` (see the module docstring)."""
    data = site / "data"
    version = _version(data)
    releases = data / "releases"
    latest = data / "latest"
    for d in (releases, latest):
        if d.exists():
            shutil.rmtree(d)
    releases.mkdir(parents=True)

    # 1. earlier releases, verified, carried over byte for byte
    earlier = [d for d in release_dirs(previous) if d != version]
    assert previous is not None or not earlier
    problems: list[str] = []
    if previous is not None and (previous / INDEX).is_file():
        listed = [e.get("version") for e in _load_json(previous / INDEX).get("releases", [])]
        missing = sorted(str(v) for v in listed if v not in earlier and v != version)
        problems += [f"{v}: index.json 中列出但目录不存在（listed in index.json but missing）"
                     for v in missing]
    for name in earlier:
        assert previous is not None
        problems += verify_sums(previous / name)
    if problems:
        raise ReleaseError("已发布的历史版本不完整或已损坏，停止发布"
                           "（earlier releases are incomplete or damaged）：\n"
                           + "\n".join(f"  {p}" for p in problems))
    public_ids = {str(r["id"]) for r in (_rows(data, "records") or [])}
    redacted = []
    for name in earlier:
        assert previous is not None
        if redact_release(previous / name, releases / name, public_ids):
            redacted.append(name)

    # 2. this build's release
    target = releases / version
    target.mkdir()
    for name in package_files(data, version):
        shutil.copyfile(data / name, target / name)
    older = [d for d in earlier if d < version]
    prev = older[-1] if older else None
    # against the previous release as it was published (not as redacted today), so that a record that
    # left the site shows up as removed — by its key alone
    assert previous is not None or prev is None
    items = changes(previous / prev if previous is not None and prev else None, target)
    write_changes(target / CHANGES, items)
    write_sums(target)

    # 3. latest and the index
    newest = release_dirs(releases)[-1]
    _copy_dir(releases / newest, latest)
    index = write_index(releases)
    entry = next(e for e in index["releases"] if e["version"] == version)
    warnings = []
    if newest != version:
        warnings.append(f"本次数据日期 {version} 早于已有的最新版本 {newest}；data/latest/ 仍为 {newest}"
                        f"（this build is older than the newest release）")
    return ReleaseResult(version, prev, earlier, entry["changes"], newest, redacted, warnings)


# ---- guard --------------------------------------------------------------------------------------------

EXPLAINED = {"expired", "repaired", "withdrawn", "revoked", "suspended"}


@dataclass
class GuardResult:
    ok: bool
    previous: str | None
    as_of: str
    previous_records: int
    new_records: int
    removed: list[str]
    explained: dict[str, str]  # id -> why
    unexplained: dict[str, str]  # id -> why
    removed_enterprises: list[str]
    previous_enterprises: int
    max_drop: float

    def message(self) -> str:
        if self.previous is None:
            return ("没有上一版本可比较（首次发布），通过。\n"
                    "No previous release to compare with (first publication): passed.")
        lines = [
            f"与上一版本 {self.previous} 相比：公开信用信息 {self.previous_records} → {self.new_records} 条；"
            f"消失 {len(self.removed)} 条，其中 {len(self.explained)} 条由到期、修复、撤销或异议解释，"
            f"{len(self.unexplained)} 条无法解释；企业 {self.previous_enterprises} 家，"
            f"消失 {len(self.removed_enterprises)} 家。",
            f"Against release {self.previous}: public records {self.previous_records} → "
            f"{self.new_records}; {len(self.removed)} gone, {len(self.explained)} explained by expiry, "
            f"repair, withdrawal or objection, {len(self.unexplained)} unexplained; enterprises "
            f"{self.previous_enterprises}, {len(self.removed_enterprises)} gone.",
        ]
        if self.ok:
            lines.append(f"检查通过（允许无法解释的消失比例不超过 {self.max_drop:.0%}）。 Guard passed.")
        else:
            lines.insert(0, (
                f"发布中止：无法解释的消失超过上一版本的 {self.max_drop:.0%}。如果是有意的批量删除，"
                "请在审核后以 workflow_dispatch 手动运行并勾选 allow_mass_removal。\n"
                f"PUBLICATION STOPPED: unexplained removals exceed {self.max_drop:.0%} of the previous "
                "release. If the mass removal is intended, run the workflow by hand with "
                "allow_mass_removal after review."
            ))
        if self.unexplained:
            lines.append("无法解释的消失（unexplained）：")
            lines += [f"  {rid}: {why}" for rid, why in sorted(self.unexplained.items())]
        if self.removed_enterprises:
            lines.append("消失的企业（enterprises gone）： " + ", ".join(self.removed_enterprises))
        return "\n".join(lines)


def find_previous(releases: Path | None, as_of: str) -> str | None:
    """The newest release dated on or before ``as_of`` (the one the public sees until this deploy)."""
    dates = [d for d in release_dirs(releases) if d <= as_of]
    return dates[-1] if dates else None


def guard(
    site: Path, releases: Path | None, records: Path, as_of: dt.date | None, max_drop: float
) -> GuardResult:
    """Compare the built ``site`` with the newest earlier release in ``releases`` (module docstring)."""
    from .problems import RecordsInvalid
    from .snapshot import compute
    from .validate import validate

    data = site / "data"
    day = as_of.isoformat() if as_of else _version(data)
    new_rows = _rows(data, "records")
    new_ents = _rows(data, "enterprises")
    if new_rows is None or new_ents is None:
        raise ReleaseError(f"{data} 中没有 records.json 或 enterprises.json（build the site first）")
    prev = find_previous(releases, day)
    if prev is None:
        return GuardResult(True, None, day, 0, len(new_rows), [], {}, {}, [], 0, max_drop)
    assert releases is not None
    old_rows = _rows(releases / prev, "records") or []
    old_ents = _rows(releases / prev, "enterprises") or []
    rs, problems = validate(records, dt.date.fromisoformat(day))
    if rs is None:
        raise RecordsInvalid([p for p in problems if p.severity == "error"])
    statuses = compute(rs, dt.date.fromisoformat(day)).statuses
    from .disclosure import STATE_NAMES

    new_ids = {str(r["id"]) for r in new_rows}
    removed = sorted(str(r["id"]) for r in old_rows if str(r["id"]) not in new_ids)
    until = {str(r["id"]): str(r.get("public_until") or "") for r in old_rows}
    explained: dict[str, str] = {}
    unexplained: dict[str, str] = {}
    for rid in removed:
        st = statuses.get(rid)
        if until[rid] and until[rid] < day:
            explained[rid] = f"公开期满（public until {until[rid]}）"
        elif st is not None and st.state in EXPLAINED:
            explained[rid] = f"{STATE_NAMES[st.state]}（{st.state}）"
        elif st is None:
            unexplained[rid] = "记录文件已不存在（the record file is gone）"
        else:
            unexplained[rid] = f"{STATE_NAMES[st.state]}（{st.state}）"
    new_uscc = {str(e["uscc"]) for e in new_ents}
    gone_ents = sorted(str(e["uscc"]) for e in old_ents if str(e["uscc"]) not in new_uscc)
    ok = len(unexplained) <= max_drop * len(old_rows) and len(gone_ents) <= max_drop * len(old_ents)
    return GuardResult(ok, prev, day, len(old_rows), len(new_rows), removed, explained, unexplained,
                       gone_ents, len(old_ents), max_drop)


# ---- commands -----------------------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("--max-drop is a share between 0 and 1, e.g. 0.2")
    return value


def cmd_release(args: argparse.Namespace) -> int:
    previous: Path | None = args.previous
    if previous is not None and not previous.exists():
        print(f"提示：{previous} 不存在，视为尚无历史版本（no earlier releases）", file=sys.stderr)
        previous = None
    try:
        res = make_release(args.site, previous)
    except ReleaseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    for w in res.warnings:
        print(f"警告：{w}", file=sys.stderr)
    c = res.changes
    print(f"数据版本 {res.version}：与 {res.previous or '（无上一版本）'} 相比新增 {c['added']}、"
          f"修改 {c['modified']}、删除 {c['removed']} 行；保留历史版本 {len(res.carried)} 个"
          f"（其中 {len(res.redacted)} 个删去了不再公开的信息）；最新版本 {res.latest}。")
    return 0


def cmd_guard(args: argparse.Namespace) -> int:
    from .calendar import UnknownYear
    from .cli import print_problems
    from .problems import RecordsInvalid

    releases: Path | None = args.previous
    if args.previous_index is not None:
        releases = args.previous_index.parent
        if not args.previous_index.is_file():
            releases = None
    try:
        res = guard(args.site, releases, args.records, args.as_of, args.max_drop)
    except RecordsInvalid as exc:
        print_problems(exc.problems)
        print("发布中止：记录无效。 PUBLICATION STOPPED: the records are invalid.", file=sys.stderr)
        return 1
    except (ReleaseError, UnknownYear) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(res.message(), file=sys.stdout if res.ok else sys.stderr)
    return 0 if res.ok else 1


def register(sub: Any) -> None:
    """Add ``credit release`` and ``credit guard`` to the ``credit`` command's subparsers."""
    p = sub.add_parser("release", help="dated, checksummed data releases: data/releases/, data/latest/")
    p.add_argument("--site", type=Path, default=Path("output"), help="the built site (default: output/)")
    p.add_argument("--previous", type=Path, default=None,
                   help="earlier releases, laid out like data/releases/ (e.g. a data-releases checkout)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("guard", help="stop a publish when public records vanish without expiry or repair")
    p.add_argument("--records", type=Path, default=Path("records"),
                   help="records directory (default: records/)")
    p.add_argument("--as-of", type=_date, default=None,
                   help="the day of the build, YYYY-MM-DD (default: the version of the built data package)")
    p.add_argument("--site", type=Path, default=Path("output"), help="the built site (default: output/)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--previous", type=Path, default=None,
                     help="directory of earlier releases (with index.json)")
    src.add_argument("--previous-index", type=Path, default=None, help="index.json of the earlier releases")
    p.add_argument("--max-drop", type=_share, default=0.2,
                   help="largest share of the previous release's public records that may vanish "
                        "unexplained (default 0.2)")
    p.set_defaults(func=cmd_guard)
