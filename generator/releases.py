"""Dated releases of the open data, and the nightly safety guard.

``credit release --site output --previous DIR`` turns the freshly built ``output/data/`` into a dated,
checksummed release and carries every earlier release forward, so a deploy never loses one::

    data/releases/index.json              every version: date, files with bytes and sha256, rows, changes
    data/releases/<YYYY-MM-DD>/           the package of that day: <table>.csv/.json, datapackage.json,
                                          credit.sqlite, credit-data-<date>.zip, changes.jsonl, SHA256SUMS
    data/latest/                          a copy of the newest release

``DIR`` holds the earlier releases in the same layout as ``data/releases/`` (``index.json`` + dated
directories), each as it was first published. On GitHub it is an export of the ``data-releases`` branch of
the **internal** records repository, to which the publish workflow adds each new release after the deploy;
it may be absent or empty for the first release. The branch keeps the originals, so it stays as private as
the records (DESIGN §3): only the site is public.

Nothing from that branch is trusted. Every earlier release reaches the site through
:func:`generator.carry.carry_release`: only the files a release writes, regular files only, every checksum
verified, and every row re-checked against this build's public set — a record that is no longer public
(expired, repaired, withdrawn, revoked, suspended) is removed from earlier releases too (DESIGN §5;
第十一条、第十六条), and their checksums follow.

``changes.jsonl`` lists, one JSON object per line, what changed in each table against the previous release,
both as published today: ``{"table", "key", "change": "added", "row"}`` and
``{"table", "key", "change": "modified", "fields": {column: [old, new]}}``. It names only public rows: a row
that left the site leaves no id, no count, no hint (DESIGN §7 "Releases"). ``key`` is the table's primary key,
joined with "/". A second build on the same day replaces that day's release.

``credit guard`` stops a nightly publish when public records vanish without a reason: it compares the new
``data/records.json`` with the previous release and fails when the removals that no expiry, repair,
withdrawal, revocation or suspension explains exceed ``--max-drop`` of the previous count. Its report is
for the workflow log of the internal repository only.

Everything is a function of the files: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .calendar import as_of_date
from .carry import (
    CHANGES,
    ReleaseError,
    Today,
    carry_release,
    changes,
    changes_text,
    is_date,
    read_json,
    read_rows,
    sha256_file,
    verify_sums,
    write_sums,
)
from .day import Day, open_day
from .disclosure import STATE_NAMES
from .publish.tables import TABLES

INDEX = "index.json"
CHANGE_KINDS = ("added", "modified")

__all__ = ["ReleaseError", "guard", "make_release", "register", "verify_sums"]


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def release_dirs(root: Path | None) -> list[str]:
    """Dated release directories under ``root``, oldest first (a symlink is never one)."""
    if root is None or not root.is_dir():
        return []
    return sorted(e.name for e in os.scandir(root) if is_date(e.name) and e.is_dir(follow_symlinks=False))


def _stray_dates(root: Path | None) -> list[str]:
    """Dated names under ``root`` that are not plain directories (a symlink, a file): refused."""
    if root is None or not root.is_dir():
        return []
    return sorted(e.name for e in os.scandir(root)
                  if is_date(e.name) and not stat.S_ISDIR(e.stat(follow_symlinks=False).st_mode))


def _copy_dir(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True, copy_function=shutil.copyfile)


def _load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _version(data: Path) -> str:
    pkg = data / "datapackage.json"
    if not pkg.is_file():
        raise ReleaseError(f"{pkg} 不存在：请先运行 credit build"
                           "（datapackage.json not found: build the site first）")
    version = _load_json(pkg).get("version")
    if not isinstance(version, str) or not is_date(version):
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


def _rows(folder: Path | None, table: str) -> list[dict[str, Any]] | None:
    return None if folder is None else read_rows(folder / f"{table}.json")


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
    counts = dict.fromkeys(CHANGE_KINDS, 0)
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
            "changes.jsonl 列出与上一版本相比新增或修改的公开数据行。此后到期、修复或撤销而不再公开的信息，"
            "从所有版本中删去，不留编号、数量或其他痕迹（第十一条、第十六条），这些版本的文件和校验和随之更新。"
            " — Each version is a full snapshot of that day's open data; check it with "
            "`sha256sum -c SHA256SUMS`; changes.jsonl lists the public rows added or modified against the "
            "previous version. Information that is no longer public (expired, repaired, withdrawn) is "
            "removed from every version without a trace, and their files and checksums change accordingly."
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

    # 1. the earlier releases the branch names must all be there, as plain directories, none after today
    earlier = [d for d in release_dirs(previous) if d != version]
    assert previous is not None or not earlier
    problems = [f"{v}: 不是普通目录（not a plain directory）" for v in _stray_dates(previous)]
    problems += [f"{v}: 晚于本次数据日期 {version}（a release after this build's day）" for v in earlier if v > version]
    if previous is not None:
        try:
            index = read_json(previous / INDEX)
            entries = index.get("releases", []) if isinstance(index, dict) else None
            if index is not None and not isinstance(entries, list):
                raise ReleaseError(f"{INDEX}: 格式错误（malformed）")
            listed = [e.get("version") if isinstance(e, dict) else None for e in entries or []]
        except ReleaseError as exc:
            listed = []
            problems.append(str(exc))
        missing = sorted(str(v) for v in listed if v not in earlier and v != version)
        problems += [f"{v}: index.json 中列出但目录不存在（listed in index.json but missing）"
                     for v in missing]
    if problems:
        raise ReleaseError("已发布的历史版本不完整或已损坏，停止发布"
                           "（earlier releases are incomplete or damaged）：\n"
                           + "\n".join(f"  {p}" for p in problems))

    # 2. oldest first, each release as it may be published today: the earlier ones checked and re-checked
    # row by row against today's public set (generator.carry), this build's own; each change list against
    # its predecessor as published today
    today = Today.read(data)
    redacted = []
    before: Path | None = None
    for name in sorted([*earlier, version]):
        folder = releases / name
        if name == version:
            folder.mkdir()
            for file in package_files(data, version):
                shutil.copyfile(data / file, folder / file)
            (folder / CHANGES).write_bytes(changes_text(changes(before, folder)))
            write_sums(folder)
        else:
            assert previous is not None
            if carry_release(previous / name, folder, today, before):
                redacted.append(name)
        before = folder
    older = [d for d in earlier if d < version]
    prev = older[-1] if older else None

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
    site: Path, releases: Path | None, records: Path, as_of: dt.date | None, max_drop: float,
    opened: Day | None = None,
) -> GuardResult:
    """Compare the built ``site`` with the newest earlier release in ``releases`` (module docstring). The
    records' statuses come from ``opened`` (``credit publish`` opened them once) or are opened here."""
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
    # the branch is not trusted: rows without a key of text are not counted
    old_rows = [r for r in _rows(releases / prev, "records") or [] if isinstance(r.get("id"), str)]
    old_ents = [e for e in _rows(releases / prev, "enterprises") or [] if isinstance(e.get("uscc"), str)]
    if opened is None or opened.as_of.isoformat() != day:
        opened = open_day(records, dt.date.fromisoformat(day))
    statuses = opened.computed.statuses

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
          f"修改 {c['modified']} 行；保留历史版本 {len(res.carried)} 个"
          f"（其中 {len(res.redacted)} 个删去了不再公开的信息）；最新版本 {res.latest}。")
    return 0


def cmd_guard(args: argparse.Namespace) -> int:
    from .calendar import UnknownYear
    from .problems import RecordsInvalid, print_problems

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
    p.add_argument("--as-of", type=as_of_date, default=None,
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
