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
:func:`generator.publish.data.carry.carry_release`: only the files a release writes, regular files only, every checksum
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

import datetime as dt
import html
import json
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.publish.data.carry import (
    CHANGES,
    ReleaseError,
    Today,
    carry_release,
    changes,
    changes_text,
    is_date,
    package_version,
    read_json,
    read_rows,
    release_dirs,
    sha256_file,
    verify_sums,
    write_sums,
)
from generator.publish.data.tables import TABLES

INDEX = "index.json"
PAGE = "index.html"
CHANGE_KINDS = ("added", "modified")
DAILY_DAYS = 31
RETENTION_ZH = f"最近 {DAILY_DAYS} 天的每日版本全部保留；更早的，每月保留该月的第一个版本。"
RETENTION = (RETENTION_ZH
             + f" — Every daily release of the last {DAILY_DAYS} days is kept; of older ones, the first of each month.")
"""How long releases are kept: the archive grows by twelve releases a year, not 365, and each night rewrites
them all (bench/releases.py measures the cost per kept release)."""


def kept(versions: list[str], today: str) -> list[str]:
    """The releases :data:`RETENTION` keeps on ``today`` (ISO dates, oldest first)."""
    day = dt.date.fromisoformat(today)
    out, months = [], set()
    for v in sorted(versions):
        d = dt.date.fromisoformat(v)
        if (day - d).days < DAILY_DAYS or (d.year, d.month) not in months:
            out.append(v)
        months.add((d.year, d.month))
    return out

__all__ = ["ReleaseError", "make_release", "verify_sums"]


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


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


def package_files(data: Path, version: str) -> list[str]:
    """The files of the day's package in ``data/`` (pages such as ``data/index.html`` are not part of it)."""
    wanted = {"datapackage.json", "credit.sqlite", "datasette.json", f"credit-data-{version}.zip"}
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
        pkg = read_json(folder / "datapackage.json")
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
        "retention": RETENTION,
        "latest": dates[-1] if dates else None,
        "releases": list(reversed(entries)),
    }
    (releases / INDEX).write_text(dumps(index), encoding="utf-8", newline="\n")
    (releases / PAGE).write_text(releases_page(index), encoding="utf-8", newline="\n")
    return index


def releases_page(index: dict[str, Any]) -> str:
    """``data/releases/index.html``: every kept release with its download, checksums and what changed — the
    site's data page links here (the pages are written before the release is made)."""
    e = html.escape
    rows = []
    for r in index["releases"]:
        c = r["changes"]
        rows.append(
            f'<tr><th scope="row">{e(r["version"])}</th>'
            f'<td><a href="{e(r["download"] or r["path"])}">ZIP</a> · <a href="{e(r["path"])}SHA256SUMS">SHA256SUMS</a>'
            f' · <a href="{e(r["path"])}changes.jsonl">changes.jsonl</a></td>'
            f'<td class="num">{r["rows"].get("records", 0)}</td><td class="num">{c["added"]}</td>'
            f'<td class="num">{c["modified"]}</td></tr>')
    return "\n".join([
        '<!DOCTYPE html>', '<html lang="zh-CN">', '<head>', '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<title>开放数据历史版本</title>', '<link rel="stylesheet" href="../../theme/css/site.css">',
        '<link rel="stylesheet" href="../../as-of.css">', '</head>',
        '<body>', '<main id="main">', '<h1>开放数据历史版本</h1>',
        '<p>每个版本是当日公开数据的完整快照，可用 <code>sha256sum -c SHA256SUMS</code> 校验。此后到期、修复或撤销而'
        '不再公开的信息，从所有版本中删去，这些版本的文件和校验和随之更新（依据见开放数据页）。</p>',
        f'<p>保留期限：{e(RETENTION)}</p>',
        '<p><a href="index.json">index.json</a>（机器可读的版本列表）· '
        '<a href="../">返回开放数据</a></p>',
        '<div class="table-wrap"><table>', '<caption>历史版本（新的在前）</caption>',
        '<thead><tr><th scope="col">数据日期</th><th scope="col">下载与校验</th><th scope="col" class="num">公开的信用信息</th>'
        '<th scope="col" class="num">新增行</th><th scope="col" class="num">修改行</th></tr></thead>',
        '<tbody>', *(rows or ['<tr><td colspan="5">尚无历史版本：每晚发布时生成。</td></tr>']),
        '</tbody></table></div>', '</main>',
        '<footer><p>数据日期：<span class="as-of-date"></span>（本站显示该日结束时的公开信息，每晚自动更新）。</p></footer>',
        '</body>', '</html>', ''])


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
    version = package_version(data)
    releases = data / "releases"
    latest = data / "latest"
    for d in (releases, latest):
        if d.exists():
            shutil.rmtree(d)
    releases.mkdir(parents=True)

    # 1. the earlier releases the branch names must all be there, as plain directories, none after today;
    # those the retention no longer keeps are not carried: the site stops listing them (the branch keeps its originals)
    present = [d for d in release_dirs(previous) if d != version]
    earlier = [d for d in kept(present, version) if d in present]
    assert previous is not None or not earlier
    problems = [f"{v}: 不是普通目录（not a plain directory）" for v in _stray_dates(previous)]
    problems += [f"{v}: 晚于本次数据日期 {version}（a release after this build's day）" for v in present if v > version]
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
        missing = sorted(str(v) for v in listed if v not in present and v != version)
        problems += [f"{v}: index.json 中列出但目录不存在（listed in index.json but missing）"
                     for v in missing]
    if problems:
        raise ReleaseError("已发布的历史版本不完整或已损坏，停止发布"
                           "（earlier releases are incomplete or damaged）：\n"
                           + "\n".join(f"  {p}" for p in problems))

    # 2. oldest first, each release as it may be published today: the earlier ones checked and re-checked
    # row by row against today's public set (generator.publish.data.carry), this build's own; each change list against
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
            with zipfile.ZipFile(folder / f"credit-data-{version}.zip") as zf:  # the descriptor as in the archive:
                (folder / "datapackage.json").write_bytes(zf.read("datapackage.json"))  # its paths are relative
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


# ---- commands -----------------------------------------------------------------------------------------
