"""Merge the provinces' packages into the national data package (issue 17).

Every table of the contract (:data:`generator.publish.data.tables.TABLES`) keeps its schema and gains a first
column ``province``, the deployment's region code, which refers to the new ``provinces`` table (one row per
deployment: its region, platform, rulebook, as-of date, licence and site). Keys:

* the data tables keep their own primary keys, which must be unique across the country: a USCC is national,
  and person and record ids begin with a region or recorder code, so two deployments never share one unless
  something is wrong (the same enterprise entered in two provinces, or one package given twice) — that is
  refused with both places named, never silently merged;
* the code lists (``items``, ``regions``, ``authorities``, ``codes``) are each deployment's own: two Henan
  cities share item codes, so their key is ``(province, code)``, and a foreign key into them gains
  ``province`` too. ``regions.parent`` loses its foreign key: a top region's empty parent beside its province
  is a half-empty composite key, which Frictionless reports as missing (every deployment's own package still
  checks it).

The writers are the province's own (:mod:`generator.publish.data.write`): the same CSV bytes, JSON, SQLite and
resource descriptors, so a national file reads like a provincial one with one more column.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.publish.data.rows import Row
from generator.publish.data.tables import REGION_PATTERN, TABLES, Column, Table
from generator.publish.data.write import VIEWS, csv_bytes, dumps, resource_descriptor, write_json_table, write_sqlite
from generator.publish.national.packages import CONTRACT, NationalError, Province

PROVINCE = Column("province", "string", "所属地区：汇入本数据的地方公示平台所覆盖的行政区划代码（见 provinces 表）",
                  "Deployment: the region code of the platform the row comes from (see provinces)", True,
                  pattern=REGION_PATTERN)

PROVINCES = Table(
    "provinces", "各地公示平台", "The deployments merged here, one row each",
    (
        Column("code", "string", "地区代码：平台覆盖的行政区划", "Region code the platform covers", True,
               pattern=REGION_PATTERN),
        Column("name", "string", "地区名称", "Region name", True),
        Column("platform", "string", "公示平台名称", "Platform", True),
        Column("rulebook", "string", "评价规则", "Rulebook", True),
        Column("as_of", "date", "该地数据日期", "As-of date of the deployment's package", True),
        Column("license", "string", "该地数据的许可协议", "Licence of the deployment's data", True),
        Column("site_url", "string", "该地网站地址", "Site of the deployment"),
    ),
    ("code",),
)

MAX_SHOWN = 50
"""Duplicate keys listed in full; beyond that, a count."""


def national_table(t: Table) -> Table:
    """``t`` with ``province`` first and the keys described in the module's docstring."""
    fks: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = [(("province",), PROVINCES.name, ("code",))]
    required = {c.name for c in t.columns if c.required}
    for fields, ref, ref_fields in t.foreign_keys:
        if not CONTRACT[ref].reference:
            fks.append((fields, ref, ref_fields))
        elif set(fields) <= required:
            fks.append((("province", *fields), ref, ("province", *ref_fields)))
    key = ("province", *t.primary_key) if t.reference else t.primary_key
    return Table(t.name, t.zh, t.en, (PROVINCE, *t.columns), key, tuple(fks), reference=t.reference)


NATIONAL_TABLES: tuple[Table, ...] = (PROVINCES, *(national_table(t) for t in TABLES))


@dataclass
class National:
    """The merged package: the deployments in code order and every national table's rows."""

    provinces: list[Province]
    rows: dict[str, list[Row]]

    @property
    def as_of(self) -> dt.date:
        """The national package's version: the latest of the deployments' dates (each is in ``provinces``)."""
        return max(p.as_of for p in self.provinces)

    def count(self, province: Province, table: str) -> int:
        return len(province.tables[table])


def _province_row(p: Province) -> Row:
    return {"code": p.code, "name": p.name, "platform": p.platform, "rulebook": p.rulebook, "as_of": p.as_of,
            "license": p.license, "site_url": p.site_url}


def _duplicate(t: Table, key: tuple[Any, ...], first: tuple[Province, int], again: tuple[Province, int]) -> str:
    (a, line_a), (b, line_b) = first, again
    shown = "、".join(f"{c} = {v}" for c, v in zip(t.primary_key, key[-len(t.primary_key):], strict=True))
    where = f"{a.file(t.name)}:{line_a}（{a.name}）和 {b.file(t.name)}:{line_b}（{b.name}）"
    if a is b:
        return f"{t.name} 表中 {shown} 出现了两次：{where}"
    hint = "：统一社会信用代码全国唯一，同一企业不能由两地各自公示，请两地核实后只保留一处" if "uscc" in t.primary_key else \
        "：全国汇总中它应当唯一，请两地核实"
    return f"{t.name} 表中 {shown} 同时出现在 {where}{hint}"


def merge_packages(provinces: list[Province]) -> National:
    """The national tables from the deployments' packages; :class:`NationalError` on a deployment given twice
    or a primary key two rows share. The rows are the packages' own dicts, given their ``province``."""
    if not provinces:
        raise NationalError(["没有给出任何数据包"])
    problems: list[str] = []
    by_code: dict[str, Province] = {}
    for p in provinces:
        if p.code in by_code:
            problems.append(f"{by_code[p.code].folder} 和 {p.folder} 是同一地区（{p.code} {p.name}）的数据包：每个地区只能给一个")
        by_code.setdefault(p.code, p)
    if problems:
        raise NationalError(problems)
    ordered = [by_code[c] for c in sorted(by_code)]
    rows: dict[str, list[Row]] = {PROVINCES.name: [_province_row(p) for p in ordered]}
    duplicates = 0
    for t in NATIONAL_TABLES[1:]:
        base = CONTRACT[t.name]
        seen: dict[tuple[Any, ...], tuple[Province, int]] = {}
        out: list[Row] = []
        for p in ordered:
            for row, line in zip(p.tables[t.name], p.lines[t.name], strict=True):
                key = tuple(row[c] for c in base.primary_key)
                if base.reference:
                    key = (p.code, *key)
                first = seen.setdefault(key, (p, line))
                if first[0] is not p or first[1] != line:
                    duplicates += 1
                    if duplicates <= MAX_SHOWN:
                        problems.append(_duplicate(base, key, first, (p, line)))
                row["province"] = p.code
                out.append(row)
        rows[t.name] = out
    if duplicates > MAX_SHOWN:
        problems.append(f"……另有 {duplicates - MAX_SHOWN} 处重复")
    if problems:
        raise NationalError(problems)
    return National(ordered, rows)


def package_descriptor(national: National, resources: list[dict[str, Any]]) -> dict[str, Any]:
    """``datapackage.json`` of the national package (paths relative: it works wherever it is unpacked)."""
    as_of = national.as_of.isoformat()
    names = "、".join(f"{p.name}（{p.as_of.isoformat()}）" for p in national.provinces)
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "property-service-credit-national",
        "title": "全国物业服务企业信用信息公开数据（各地汇总）",
        "description": (
            f"各地物业服务企业信用信息公示平台公开数据的汇总：{names}。每张表的 province 列是数据所属地区，"
            "provinces 表列出各地平台、评价规则、数据日期、许可协议和网站；星级评定（ratings）和评价等级（grades）"
            "按各地的评价规则分表。只汇总各地公开的数据包，不包含任何不公开的信息。"
            " — The public data packages of the provincial platforms merged; every table has a province column."
        ),
        "version": as_of,
        "created": f"{as_of}T00:00:00+08:00",
        "keywords": ["物业服务企业", "信用信息", "全国汇总", "property services", "credit", "open data"],
        "licenses": [{"name": lic, "title": lic} for lic in sorted({p.license for p in national.provinces})],
        "sources": [{"title": p.platform, **({"path": f"{p.site_url}/data/datapackage.json"} if p.site_url else {})}
                    for p in national.provinces],
        "resources": resources,
    }


NATIONAL_JOIN = ("ON i.code = r.item", "ON i.province = r.province AND i.code = r.item")
"""The one join of :data:`generator.publish.data.write.VIEWS` that needs the province: item codes repeat."""


def _national_views(path: Path) -> None:
    """Views of the provincial SQLite whose joins need ``province`` are made again with it (dropped where the
    provincial SQL changed and the join is not found: better no view than one that repeats rows)."""
    con = sqlite3.connect(path)
    try:
        old, new = NATIONAL_JOIN
        for name, sql in VIEWS.items():
            if "JOIN items" not in sql:
                continue
            con.execute(f'DROP VIEW IF EXISTS "{name}"')
            if old in sql:
                con.execute(f'CREATE VIEW "{name}" AS {sql.strip().replace(old, new)}')
        con.commit()
    finally:
        con.close()


def write_national_data(folder: Path, national: National) -> dict[str, int]:
    """The national package in ``folder``: each table as CSV and JSON, ``datapackage.json`` and
    ``credit.sqlite``. Returns the rows per table."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for table in NATIONAL_TABLES:
        rows = national.rows[table.name]
        data = csv_bytes(table, rows)
        (folder / f"{table.name}.csv").write_bytes(data)
        resources.append(resource_descriptor(table, data, NATIONAL_TABLES))
        del data
        write_json_table(folder / f"{table.name}.json", table, rows)
    (folder / "datapackage.json").write_bytes(dumps(package_descriptor(national, resources)).encode("utf-8"))
    metadata = [
        ("title", "全国物业服务企业信用信息公开数据（各地汇总）"),
        ("as_of", national.as_of.isoformat()),
        ("provinces", "、".join(f"{p.code} {p.name}" for p in national.provinces)),
        ("licenses", "、".join(sorted({p.license for p in national.provinces}))),
    ]
    write_sqlite(folder / "credit.sqlite", national.rows, NATIONAL_TABLES, metadata)
    _national_views(folder / "credit.sqlite")
    return {t.name: len(national.rows[t.name]) for t in NATIONAL_TABLES}
