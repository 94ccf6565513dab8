"""Publish the open data (DESIGN §7): CSV (UTF-8 with BOM), JSON, SQLite, a Frictionless data package,
a dated zip, and ``api/enterprises/<USCC>.json``.

Every byte is a function of the snapshot (and the records' commit): no clock, no random order, so the
same records and as-of date give identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator import urls
from generator.day.snapshot import Snapshot
from generator.publish.data import jsontext
from generator.publish.data.rows import Row, all_rows, record_row, to_json, to_text
from generator.publish.data.tables import TABLES, Table

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}


def dumps(obj: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=2)`` and a newline (:mod:`.jsontext`: the same bytes, faster)."""
    return jsontext.dumps(obj) + "\n"


def csv_bytes(table: Table, rows: list[Row]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in rows:
        writer.writerow([to_text(row[c]) for c in table.header])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def write_json_table(path: Path, table: Table, rows: list[Row]) -> None:
    """``dumps`` of the table's rows as objects, streamed row by row (a large table is never one string)."""
    header = table.header
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        jsontext.write_array(({c: to_json(row[c]) for c in header} for row in rows), fh)
        fh.write("\n")


def write_sqlite(path: Path, rows_by_table: dict[str, list[Row]], tables: tuple[Table, ...] = TABLES) -> None:
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        for table in tables:
            cols = ", ".join(f'"{c.name}" {SQL_TYPES[c.type]}' for c in table.columns)
            pk = ", ".join(f'"{k}"' for k in table.primary_key)
            con.execute(f'CREATE TABLE "{table.name}" ({cols}, PRIMARY KEY ({pk}))')
            marks = ", ".join("?" for _ in table.columns)
            con.executemany(
                f'INSERT INTO "{table.name}" VALUES ({marks})',
                [[_sql(row[c.name]) for c in table.columns] for row in rows_by_table[table.name]],
            )
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


def _sql(value: Any) -> Any:
    v = to_json(value)
    if isinstance(v, bool):
        return int(v)
    return v


def field_descriptor(c: Any) -> dict[str, Any]:
    f: dict[str, Any] = {
        "name": c.name,
        "type": c.type,
        "title": c.zh,
        "description": f"{c.zh} — {c.en}",
    }
    if c.type == "boolean":
        f["trueValues"] = ["true"]
        f["falseValues"] = ["false"]
    if c.type == "date":
        f["format"] = "default"
    constraints: dict[str, Any] = {}
    if c.required:
        constraints["required"] = True
    if c.enum:
        constraints["enum"] = list(c.enum)
    if c.pattern:
        constraints["pattern"] = c.pattern
    if constraints:
        f["constraints"] = constraints
    return f


def resource_descriptor(table: Table, data: bytes) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [field_descriptor(c) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fields), "reference": {"resource": ref, "fields": list(ref_fields)}}
            for fields, ref, ref_fields in table.foreign_keys
        ]
    return {
        "name": table.name,
        "type": "table",
        "path": f"{table.name}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": table.zh,
        "description": f"{table.zh} — {table.en}",
        "dialect": {"header": True, "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"'},
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "schema": schema,
    }


def package_descriptor(snap: Snapshot, resources: list[dict[str, Any]], commit: str | None) -> dict[str, Any]:
    p = snap.platform
    return package_meta(p.name, p.license, p.site_url, snap.rulebook.id, snap.as_of, resources, commit)


def package_meta(platform: str, license: str, site_url: str | None, rulebook: str, as_of: dt.date,  # noqa: A002
                 resources: list[dict[str, Any]], commit: str | None) -> dict[str, Any]:
    """``datapackage.json`` of the day's package (also of an earlier release carried forward, generator.publish.data.carry)."""
    desc: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "property-service-credit",
        "title": f"{platform} 公开数据",
        "description": (
            f"{platform}公开的物业服务企业信用信息：企业与项目基本信息、公开期内的优良和不良信用信息、信用评价结果。"
            f"数据日期 {as_of.isoformat()}；不公开、已过期、已修复或已撤销的信息不包含在内。"
            " — Public credit information of property-service enterprises as of the version date; "
            "non-public, expired, repaired and withdrawn information is excluded."
        ),
        "version": as_of.isoformat(),
        "created": f"{as_of.isoformat()}T00:00:00+08:00",
        "keywords": ["物业服务企业", "信用信息", "property services", "credit", "open data"],
        "licenses": [{"name": license, "title": license}],
        "sources": [{"title": platform}],
        "resources": resources,
        "rulebook": rulebook,
    }
    if site_url:
        desc["homepage"] = site_url
    if commit:
        desc["sources"][0]["version"] = commit
        desc["records_commit"] = commit
    return desc


def _group(rows: list[Row], key: str) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in rows:
        out.setdefault(r[key], []).append(r)
    return out


def enterprise_apis(snap: Snapshot, rows_by_table: dict[str, list[Row]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Everything public about each enterprise, one document per enterprise (indexes built once), as
    (USCC, document) in the snapshot's order: the caller writes each before the next is made."""
    base = {r["uscc"]: r for r in rows_by_table["enterprises"]}
    projects = _group(rows_by_table["projects"], "enterprise")
    ratings = _group(rows_by_table["ratings"], "uscc")
    grades = _group(rows_by_table["grades"], "uscc")
    records = snap.records_by_subject()
    measures = {(r.uscc, r.year): r.measures for r in snap.ratings}
    for uscc, e in snap.enterprises.items():
        doc: dict[str, Any] = {k: to_json(v) for k, v in base[uscc].items()}
        doc["as_of"] = snap.as_of.isoformat()
        doc["former_names"] = list(e.former_names)
        doc["projects"] = [
            {k: to_json(v) for k, v in r.items() if k != "enterprise"}
            | {"manager_name": snap.persons[r["manager"]].name if r["manager"] in snap.persons else None}
            for r in projects.get(uscc, [])
        ]
        doc["managers"] = [
            {"person": mg.person, "name": snap.persons[mg.person].name if mg.person in snap.persons else None,
             "role": mg.role}
            for mg in e.managers
        ]
        doc["records"] = [
            {k: to_json(v) for k, v in record_row(r).items()} | {"item_text": r.item_text, "project": r.project}
            for r in records.get(uscc, [])
        ]
        doc["ratings"] = []
        for row in ratings.get(uscc, []):
            rating = {k: to_json(v) for k, v in row.items()}
            rating["measures"] = [
                {"name": ms.name, "article": ms.article, "items": list(ms.items),
                 "until": ms.until.isoformat() if ms.until else None}
                for ms in measures[(uscc, row["year"])]
            ]
            doc["ratings"].append(rating)
        doc["grades"] = [{k: to_json(v) for k, v in r.items()} for r in grades.get(uscc, [])]
        yield uscc, doc


def _zip_info(name: str, as_of_stamp: tuple[int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(*as_of_stamp, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def zip_bytes(files: dict[str, bytes], as_of_stamp: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zf.writestr(_zip_info(name, as_of_stamp), files[name])
    return buf.getvalue()


def write_zip(path: Path, members: dict[str, Path], as_of_stamp: tuple[int, int, int]) -> None:
    """The same archive as :func:`zip_bytes` of the members' bytes, copied from their files in pieces."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members):
            with members[name].open("rb") as src, zf.open(_zip_info(name, as_of_stamp), "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def write_data(snap: Snapshot, out: Path, commit: str | None = None) -> dict[str, int]:
    """Write data/ and api/ under ``out``. Returns the number of rows per table."""
    data_dir = out / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    rows = all_rows(snap)
    resources = []
    package: dict[str, Path] = {}  # the zip's members
    for table in TABLES:
        csv_data = csv_bytes(table, rows[table.name])
        package[f"{table.name}.csv"] = data_dir / f"{table.name}.csv"
        package[f"{table.name}.csv"].write_bytes(csv_data)
        resources.append(resource_descriptor(table, csv_data))
        del csv_data
        write_json_table(data_dir / f"{table.name}.json", table, rows[table.name])
    package["datapackage.json"] = data_dir / "datapackage.json"
    package["datapackage.json"].write_bytes(dumps(package_descriptor(snap, resources, commit)).encode("utf-8"))
    package["credit.sqlite"] = data_dir / "credit.sqlite"
    write_sqlite(package["credit.sqlite"], rows)
    stamp = (snap.as_of.year, snap.as_of.month, snap.as_of.day)
    write_zip(data_dir / f"credit-data-{snap.as_of.isoformat()}.zip", package, stamp)

    (out / "api" / "enterprises").mkdir(parents=True, exist_ok=True)
    for uscc, doc in enterprise_apis(snap, rows):
        with open(out / urls.api_enterprise(uscc).file, "w", encoding="utf-8") as fh:
            fh.write(dumps(doc))
    return {name: len(r) for name, r in rows.items()}
