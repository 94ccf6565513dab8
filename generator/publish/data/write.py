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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import urls
from generator.day.schemes import scheme_of
from generator.day.snapshot import Snapshot
from generator.publish.data import jsontext
from generator.publish.data.docs import datasette_metadata, licence_text, metadata_rows, readme_text
from generator.publish.data.rows import Row, all_rows, record_row, to_json, to_text
from generator.publish.data.tables import TABLES, Table
from generator.rules.rulebook import load_rulebook

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


VIEWS = {
    "enterprise_summary": """
        SELECT e.uscc, e.name, e.region, e.region_name, e.level, e.level_status, e.level_year, e.severe,
          (SELECT count(*) FROM records r WHERE r.subject = e.uscc AND r.kind = 'bad' AND r.class = 'A') AS bad_a,
          (SELECT count(*) FROM records r WHERE r.subject = e.uscc AND r.kind = 'bad' AND r.class = 'B') AS bad_b,
          (SELECT count(*) FROM records r WHERE r.subject = e.uscc AND r.kind = 'bad' AND r.class = 'C') AS bad_c,
          (SELECT count(*) FROM records r WHERE r.subject = e.uscc AND r.kind = 'good') AS good
        FROM enterprises e""",
    "records_named": """
        SELECT r.*, COALESCE(e.name, p.name) AS subject_name, pr.name AS project_name, i.category_name
        FROM records r
        LEFT JOIN enterprises e ON e.uscc = r.subject
        LEFT JOIN persons p ON p.id = r.subject
        LEFT JOIN projects pr ON pr.enterprise = r.subject AND pr.id = r.project
        LEFT JOIN items i ON i.code = r.item""",
}
"""Views journalists ask for: each enterprise's current level with its public A/B/C and good records, and
every public record with its subject's and project's names (the subject is an enterprise or a person)."""

VIEW_COLUMNS = {
    "enterprise_summary": [("enterprises", c) for c in ("uscc", "name", "region", "region_name", "level",
                                                        "level_status", "level_year", "severe")]
    + [("records", c) for c in ("subject", "kind", "class")],
    "records_named": [("records", "subject"), ("records", "project"), ("records", "item"), ("enterprises", "uscc"),
                      ("enterprises", "name"), ("persons", "id"), ("persons", "name"), ("projects", "enterprise"),
                      ("projects", "id"), ("projects", "name"), ("items", "code"), ("items", "category_name")],
}
"""The columns each view reads."""

INDEXED = {("records", ("subject",)), ("records", ("subject", "project")), ("ratings", ("uscc",)),
           ("grades", ("uscc",))}
"""Join columns beside the foreign keys (every foreign key's columns are indexed too)."""


def write_sqlite(path: Path, rows_by_table: dict[str, list[Row]], tables: tuple[Table, ...] = TABLES,
                 metadata: list[tuple[str, str]] | None = None, level_integer: bool = False) -> None:
    """``credit.sqlite``: every table with its primary and foreign keys, an index on every join column, a
    ``metadata`` table and the :data:`VIEWS`. ``level_integer``: the scheme's levels are numbers (stars), so
    ``enterprises.level`` is an INTEGER like ``ratings.level``."""
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        for table in tables:
            level = level_integer and table.name == "enterprises"
            cols = [f'"{c.name}" {"INTEGER" if level and c.name == "level" else SQL_TYPES[c.type]}'
                    for c in table.columns]
            cols.append(f"PRIMARY KEY ({_q(table.primary_key)})")
            fks = foreign_keys(table, tables)
            cols += [f'FOREIGN KEY ({_q(fields)}) REFERENCES "{ref.name}" ({_q(ref_fields)})'
                     for fields, ref, ref_fields in fks]
            con.execute(f'CREATE TABLE "{table.name}" ({", ".join(cols)})')
            marks = ", ".join("?" for _ in table.columns)
            con.executemany(
                f'INSERT INTO "{table.name}" VALUES ({marks})',
                [[_level(row[c.name]) if level and c.name == "level" else _sql(row[c.name]) for c in table.columns]
                 for row in rows_by_table[table.name]],
            )
            joins = {tuple(fields) for fields, _ref, _f in fks}
            joins |= {fields for name, fields in INDEXED if name == table.name}
            for fields in sorted(joins):
                con.execute(f'CREATE INDEX "{table.name}_{"_".join(fields)}" ON "{table.name}" ({_q(fields)})')
        if metadata is not None:
            con.execute('CREATE TABLE "metadata" ("key" TEXT PRIMARY KEY, "value" TEXT NOT NULL)')
            con.executemany('INSERT INTO "metadata" VALUES (?, ?)', metadata)
        columns = {t.name: set(t.header) for t in tables}
        for name, sql in VIEWS.items():  # a view only where every column it reads is there (an older release)
            if all(c in columns.get(t, ()) for t, c in VIEW_COLUMNS[name]):
                con.execute(f'CREATE VIEW "{name}" AS {sql.strip()}')
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


def _q(names: tuple[str, ...]) -> str:
    """Quoted SQL identifiers, comma-separated."""
    return ", ".join(f'"{n}"' for n in names)


def _level(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.isdigit() else _sql(value)


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


def foreign_keys(table: Table, tables: tuple[Table, ...]) -> list[tuple[tuple[str, ...], Table, tuple[str, ...]]]:
    """The table's foreign keys whose columns and referenced table are in this package (an earlier release,
    carried forward, may lack a table or a column added since)."""
    by_name = {t.name: t for t in tables}
    out = []
    for fields, ref, ref_fields in table.foreign_keys:
        target = by_name.get(ref)
        if target is not None and set(fields) <= set(table.header) and set(ref_fields) <= set(target.header):
            out.append((fields, target, ref_fields))
    return out


def resource_descriptor(table: Table, data: bytes, tables: tuple[Table, ...] = TABLES) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [field_descriptor(c) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    fks = foreign_keys(table, tables)
    if fks:
        schema["foreignKeys"] = [
            {"fields": list(fields), "reference": {"resource": ref.name, "fields": list(ref_fields)}}
            for fields, ref, ref_fields in fks
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


@dataclass(frozen=True)
class PackageInfo:
    """What a data package says of itself: whose, under which licence and rules, as of when, from which commit."""

    platform: str
    license: str
    site_url: str | None
    rulebook: str
    as_of: dt.date
    commit: str | None

    @classmethod
    def of(cls, snap: Snapshot, commit: str | None) -> PackageInfo:
        p = snap.platform
        return cls(p.name, p.license, p.site_url.rstrip("/") if p.site_url else None, snap.rulebook.id, snap.as_of,
                   commit)

    @property
    def zip_name(self) -> str:
        return f"credit-data-{self.as_of.isoformat()}.zip"


def package_meta(info: PackageInfo, resources: list[dict[str, Any]]) -> dict[str, Any]:
    """``datapackage.json`` of the day's package (also of an earlier release carried forward, generator.publish.data.carry)."""
    platform, as_of = info.platform, info.as_of
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
        "licenses": [{"name": info.license, "title": info.license}],
        "sources": [{"title": platform}],
        "resources": resources,
        "rulebook": info.rulebook,
    }
    if info.site_url:
        desc["homepage"] = info.site_url
    if info.commit:
        desc["sources"][0]["version"] = info.commit
        desc["records_commit"] = info.commit
    return desc


def write_package(folder: Path, tables: list[tuple[Table, list[Row]]], info: PackageInfo, on_site: bool) -> None:
    """One data package in ``folder``: each table as CSV and JSON, ``datapackage.json``, ``credit.sqlite``,
    ``datasette.json`` and the dated zip (with its README and licence text). ``on_site``: the site's own
    package, whose resource paths are absolute where the site's address is known (they work off the site);
    the zip's copy of the descriptor is always relative (it works unzipped)."""
    members: dict[str, Path] = {}
    resources = []
    for table, rows in tables:
        data = csv_bytes(table, rows)
        (folder / f"{table.name}.csv").write_bytes(data)
        members[f"{table.name}.csv"] = folder / f"{table.name}.csv"
        resources.append(resource_descriptor(table, data, tuple(t for t, _r in tables)))
        del data
        write_json_table(folder / f"{table.name}.json", table, rows)
    relative = dumps(package_meta(info, resources)).encode("utf-8")
    base = f"{info.site_url}/{urls.DATA.path}" if on_site and info.site_url else None
    scheme = base.split(":", 1)[0] if base else "file"
    (folder / "datapackage.json").write_bytes(dumps(package_meta(info, [
        r | {"path": base + r["path"], "scheme": scheme} for r in resources])).encode("utf-8") if base else relative)
    defs = tuple(t for t, _rows in tables)
    members["credit.sqlite"] = folder / "credit.sqlite"
    write_sqlite(members["credit.sqlite"], {t.name: rows for t, rows in tables}, defs,
                 metadata_rows(info.platform, info.license, info.site_url, info.rulebook, info.as_of, info.commit),
                 scheme_of(load_rulebook(info.rulebook)).numeric_levels)
    (folder / "datasette.json").write_bytes(dumps(datasette_metadata(
        info.platform, info.license, info.site_url, info.as_of, defs)).encode("utf-8"))
    extra = {
        "datapackage.json": relative,
        "README.md": readme_text(info.platform, info.license, info.site_url, info.rulebook, info.as_of, defs,
                                 info.commit).encode("utf-8"),
        "LICENSE.txt": licence_text(info.license).encode("utf-8"),
    }
    write_zip(folder / info.zip_name, members, (info.as_of.year, info.as_of.month, info.as_of.day), extra)


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
            {k: to_json(v) for k, v in record_row(r).items()}
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


def write_zip(path: Path, members: dict[str, Path], as_of_stamp: tuple[int, int, int],
              extra: dict[str, bytes] | None = None) -> None:
    """The dated archive: the members' files copied in pieces and ``extra`` given as bytes, in name order, every
    entry stamped with the as-of date (same inputs, same bytes)."""
    extra = extra or {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members.keys() | extra.keys()):
            if name in extra:
                zf.writestr(_zip_info(name, as_of_stamp), extra[name])
                continue
            with members[name].open("rb") as src, zf.open(_zip_info(name, as_of_stamp), "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def write_data(snap: Snapshot, out: Path, commit: str | None = None) -> dict[str, int]:
    """Write data/ and api/ under ``out``. Returns the number of rows per table."""
    data_dir = out / urls.DATA.path
    data_dir.mkdir(parents=True, exist_ok=True)
    rows = all_rows(snap)
    write_package(data_dir, [(table, rows[table.name]) for table in TABLES], PackageInfo.of(snap, commit), on_site=True)
    (out / "api" / "enterprises").mkdir(parents=True, exist_ok=True)
    for uscc, doc in enterprise_apis(snap, rows):
        with open(out / urls.api_enterprise(uscc).file, "w", encoding="utf-8") as fh:
            fh.write(dumps(doc))
    return {name: len(r) for name, r in rows.items()}
