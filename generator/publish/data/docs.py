"""What the open data says about itself (DESIGN §7, added 2026-11-30): the archive's README (Chinese, with an
English summary) and licence text, and the Datasette metadata of ``credit.sqlite`` — all from the table
definitions (:mod:`generator.publish.data.tables`), so a column is described once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from generator import __version__
from generator.publish.data.tables import Table

ROOT = Path(__file__).resolve().parents[3]
LICENSE_TEXTS = ROOT / "node_modules" / "spdx-license-list" / "licenses"
"""Licence texts by SPDX id, from the pinned npm package ``spdx-license-list`` (package.json)."""

FACETS = {
    "enterprises": ["region_name", "level", "level_status", "severe"],
    "records": ["kind", "class", "category", "decision_kind", "decision_level"],
    "ratings": ["year", "level", "status", "scope"],
    "grades": ["year", "grade", "red_list", "black_list"],
    "items": ["category", "veto"],
    "regions": ["kind"],
    "codes": ["list"],
}
"""The facets a journalist starts from (region, level, class …)."""


def licence_text(license_id: str) -> str:
    """The licence's full text (SPDX list, from node_modules: ``npm ci``), or a note naming it where the id is not
    an SPDX licence or the list is not installed."""
    path = LICENSE_TEXTS / f"{license_id}.json"
    if license_id and "/" not in license_id and path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        return f"{data['name']}\n{data['url']}\n\n{data['licenseText'].strip()}\n"
    return (f"本数据以 {license_id} 许可发布；许可全文请见发布机关的说明。\n"
            f"The data are published under {license_id}; see the publisher for the full text.\n")


def _cite(platform: str, site_url: str | None, as_of: dt.date) -> str:
    where = f"，{site_url}" if site_url else ""
    return f"{platform}：物业服务企业信用信息公开数据（数据日期 {as_of.isoformat()}）{where}"


def readme_text(platform: str, license_id: str, site_url: str | None, rulebook: str, as_of: dt.date,
                tables: tuple[Table, ...], commit: str | None) -> str:
    """README.md of the archive: what each table and column holds, the code lists, how to cite, what is left out."""
    out = [
        f"# {platform} 公开数据（数据日期 {as_of.isoformat()}）",
        "",
        f"本压缩包是{platform}在 {as_of.isoformat()} 公开的物业服务企业信用信息：企业与项目基本信息、公开期内的"
        f"优良和不良信用信息、信用评价结果（评价规则：{rulebook}），以及解释各代码含义的代码表。"
        "同一数据也以 CSV、JSON 和 SQLite（credit.sqlite）提供；datapackage.json 是 Frictionless 数据包说明。",
        "",
        "## 不包含的信息",
        "",
        "按《办法》第十一条、第十四条、第十六条，以下信息不在本数据中：公开期限已满的信息、C 类不良信用信息"
        "（拒不改正的除外）、已信用修复的信息、决定已撤销或异议期间停止公开的信息，以及尚未录入的信息。"
        "评价结果按公示当时的记录计算，其中的扣分可能来自上述不公开的信息。",
        "",
        "## 怎样引用",
        "",
        f"    {_cite(platform, site_url, as_of)}，许可 {license_id}。",
        "",
        f"许可全文见 LICENSE.txt。{'记录版本（git 提交）：' + commit + '。' if commit else ''}",
        "",
        "## 表和字段",
        "",
        "CSV 为 UTF-8（带 BOM，Excel 和 WPS 可直接打开），日期为 YYYY-MM-DD，布尔值为 true/false，空单元格表示无。",
        *(["代码的中文含义在 codes 表（list = 表名.列名），评分标准条目在 items 表，"
           "行政区划在 regions 表，机关在 authorities 表。"]
          if {"codes", "items", "regions", "authorities"} <= {t.name for t in tables} else []),
        "",
    ]
    for t in tables:
        out += [f"### {t.name}：{t.zh}", "", f"主键：{', '.join(t.primary_key)}"
                + ("；外键：" + "；".join(f"{','.join(f)} → {ref}.{','.join(rf)}" for f, ref, rf in t.foreign_keys)
                   if t.foreign_keys else ""), "", "| 列 | 类型 | 含义 |", "| --- | --- | --- |"]
        out += [f"| {c.name} | {c.type} | {c.zh} |" for c in t.columns]
        out.append("")
    out += [
        "## English summary",
        "",
        f"Public credit information on property-service enterprises published by {platform}, as of "
        f"{as_of.isoformat()} (rules: {rulebook}). Non-public information is not included: expired records, "
        "C-class records (unless the subject refused to correct), repaired, withdrawn or suspended records "
        "(art. 11, 14, 16). Ratings were computed from the records at their cutoff, so their deductions may come "
        "from records that are not public now.",
        "",
        "Tables (CSV in UTF-8 with BOM, ISO dates, true/false, empty = none; the same in JSON and credit.sqlite):",
        "",
    ]
    out += [f"- `{t.name}`: {t.en}." for t in tables]
    out += [
        "",
        *(["Codes are explained in `codes` (list = table.column), scoring items in `items`, regions in `regions`, "
           "authorities in `authorities`."] if {"codes", "items", "regions", "authorities"} <= {t.name for t in tables}
          else []),
        "",
        f"Cite as: {platform}, property-service credit open data, as of {as_of.isoformat()}"
        f"{', ' + site_url if site_url else ''}. Licence: {license_id} (LICENSE.txt).",
        "",
    ]
    return "\n".join(out)


def datasette_metadata(platform: str, license_id: str, site_url: str | None, as_of: dt.date,
                       tables: tuple[Table, ...]) -> dict[str, Any]:
    """``datasette credit.sqlite -m datasette.json``: titles, descriptions and column labels in Chinese,
    the licence and source, and facets on region, level and class."""
    meta: dict[str, Any] = {
        "title": f"{platform} 公开数据",
        "description": f"物业服务企业信用信息公开数据，数据日期 {as_of.isoformat()}；不含不公开、已过期、已修复或已撤销的信息。",
        "license": license_id,
        "source": platform,
        "databases": {"credit": {"tables": {}}},
    }
    if site_url:
        meta["source_url"] = site_url
        meta["license_url"] = f"{site_url}/license/"
    for t in tables:
        entry: dict[str, Any] = {
            "title": t.zh,
            "description": t.en,
            "columns": {c.name: c.zh for c in t.columns},
        }
        facets = [f for f in FACETS.get(t.name, []) if f in t.header]  # an older release may lack a column
        if facets:
            entry["facets"] = facets
        if any(c.name == "name" for c in t.columns):
            entry["label_column"] = "name"
        meta["databases"]["credit"]["tables"][t.name] = entry
    meta["databases"]["credit"]["tables"]["metadata"] = {
        "title": "数据说明", "description": "as-of, platform, rulebook, licence, records commit, generator version"}
    return meta


def metadata_rows(platform: str, license_id: str, site_url: str | None, rulebook: str, as_of: dt.date,
                  commit: str | None) -> list[tuple[str, str]]:
    """The SQLite ``metadata`` table: what the file is and where it came from."""
    rows = [("as_of", as_of.isoformat()), ("platform", platform), ("rulebook", rulebook), ("license", license_id),
            ("generator_version", __version__)]
    if commit:
        rows.append(("records_commit", commit))
    if site_url:
        rows.append(("site_url", site_url))
    return sorted(rows)
