"""``credit guard``: stop a nightly publish when public records vanish without a reason.

It compares the new ``data/records.json`` of a built site with the newest earlier release (the one the public
sees until this deploy) and fails when the removals that no expiry, repair, withdrawal, revocation or suspension
explains exceed ``--max-drop`` of the previous count, or when enterprises vanish beyond it. Its report names
record ids, so it is for the workflow log of the internal repository only (DESIGN §3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.day import Day, open_day
from generator.day.disclosure import STATE_NAMES
from generator.publish.data.carry import ReleaseError, package_version, read_rows, release_dirs


def _rows(folder: Path, table: str) -> list[dict[str, Any]] | None:
    return read_rows(folder / f"{table}.json")


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
    day = as_of.isoformat() if as_of else package_version(data)
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
