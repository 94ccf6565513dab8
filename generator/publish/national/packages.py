"""Read one province's public data package for the national merge, trusting nothing in it.

A package is a directory as ``credit build`` writes ``output/data/``: ``datapackage.json`` and one CSV per
table. What is read, and what is refused (every message in Chinese, naming the file):

* the directory, ``datapackage.json`` and every resource file must be real (not symbolic links) and regular;
* ``datapackage.json`` must be JSON with the metadata ``credit build`` writes (``version`` = the as-of date,
  ``sources[0].title`` = the platform, ``rulebook``, ``licenses``, optionally ``homepage`` = the site's address);
* a resource must be a table of the contract (:data:`generator.publish.data.tables.TABLES`) with the
  contract's fields and primary key, and its ``path`` a plain file name in the directory (an absolute address
  is accepted only under the package's own ``homepage``: the file of that name in the directory is read — a
  site's own ``data/datapackage.json`` names its files by address); no ``..``, no sub-directory;
* the file must have the ``hash`` and ``bytes`` the descriptor states, be UTF-8, have the schema's header and
  in every row a value of the field's type (required, enum and pattern included).

The deployment is known by its region: the narrowest region of its ``regions`` table that covers all the
others (Henan: 410000 河南省; Hulunbuir, whose table is 内蒙古自治区 → 呼伦贝尔市 → its districts: 150700).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from generator import urls
from generator.publish.data.rows import Row
from generator.publish.data.tables import TABLES, Column, Table
from generator.publish.data.write import field_descriptor
from generator.publish.output import why

CONTRACT: dict[str, Table] = {t.name: t for t in TABLES}
DESCRIPTOR = "datapackage.json"
MAX_DESCRIPTOR_BYTES = 16 << 20
FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,120}")
SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INTEGER = re.compile(r"-?[0-9]{1,18}")
NUMBER = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,18})?")
RULEBOOK = re.compile(r"[a-z0-9_-]{1,64}")
BOM = b"\xef\xbb\xbf"
SEMANTIC_KEYS = ("name", "type", "format", "constraints", "trueValues", "falseValues")
"""What makes two field descriptors the same field (titles and descriptions may be worded differently)."""


class NationalError(Exception):
    """The national merge refused its input: ``problems`` are lines in Chinese, each naming its file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Bad(Exception):
    """One problem in one file (becomes a line of :class:`NationalError`)."""


@dataclass
class Province:
    """One deployment's public data package, read and checked."""

    folder: Path
    code: str  # the deployment's region (GB/T 2260): the ``province`` column of every national table
    name: str  # that region's name
    platform: str
    rulebook: str
    as_of: dt.date
    license: str
    site_url: str | None
    tables: dict[str, list[Row]] = field(default_factory=dict)
    lines: dict[str, list[int]] = field(default_factory=dict)  # the CSV line of each row, for messages
    files: dict[str, Path] = field(default_factory=dict)  # the file each table was read from

    def file(self, table: str) -> Path:
        return self.files.get(table, self.folder / f"{table}.csv")


def _kind(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def _regular(path: Path, what: str) -> None:
    mode = _kind(path)
    if mode is None:
        raise _Bad(f"{path}：缺少{what}")
    if stat.S_ISLNK(mode):
        raise _Bad(f"{path}：是符号链接；只接受数据包目录中的普通文件")
    if not stat.S_ISREG(mode):
        raise _Bad(f"{path}：不是普通文件")


def _descriptor(folder: Path) -> dict[str, Any]:
    mode = _kind(folder)
    if mode is None:
        raise _Bad(f"{folder}：目录不存在（应为解压后的数据包目录，含 {DESCRIPTOR} 和各表的 CSV）")
    if stat.S_ISLNK(mode):
        raise _Bad(f"{folder}：是符号链接；请给出数据包目录本身")
    if not stat.S_ISDIR(mode):
        raise _Bad(f"{folder}：不是目录（应为解压后的数据包目录，含 {DESCRIPTOR} 和各表的 CSV）")
    path = folder / DESCRIPTOR
    _regular(path, f" {DESCRIPTOR}（这不是 credit build 生成的数据包目录）")
    if os.lstat(path).st_size > MAX_DESCRIPTOR_BYTES:
        raise _Bad(f"{path}：文件过大（超过 {MAX_DESCRIPTOR_BYTES >> 20} MB），不是 credit build 生成的数据包说明")
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _Bad(f"{path}：不是 UTF-8 编码（第 {exc.start + 1} 字节）") from None
    except json.JSONDecodeError as exc:
        raise _Bad(f"{path}：不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列有误）") from None
    except RecursionError:
        raise _Bad(f"{path}：JSON 嵌套过深") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("resources"), list):
        raise _Bad(f"{path}：应为一个 JSON 对象，其中 resources 是资源（表）的列表")
    return doc


def _text(doc: dict[str, Any], path: Path, what: str, *keys: str | int) -> str:
    value: Any = doc
    for k in keys:
        if isinstance(k, int):
            value = value[k] if isinstance(value, list) and len(value) > k else None
        else:
            value = value.get(k) if isinstance(value, dict) else None
    if not isinstance(value, str) or not value.strip() or len(value) > 500:
        where = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".")
        raise _Bad(f"{path}：缺少{what}（{where}），或它不是一段文字")
    return value


def _metadata(doc: dict[str, Any], path: Path) -> tuple[str, str, dt.date, str, str | None]:
    """(platform, rulebook, as-of date, licence, site address) of a package."""
    version = _text(doc, path, "数据日期", "version")
    try:
        if not ISO_DATE.fullmatch(version):
            raise ValueError(version)
        as_of = dt.date.fromisoformat(version)
    except ValueError:
        raise _Bad(f"{path}：version 应为数据日期 YYYY-MM-DD，实为 “{version[:40]}”") from None
    platform = _text(doc, path, "平台名称", "sources", 0, "title")
    rulebook = _text(doc, path, "评价规则", "rulebook")
    if not RULEBOOK.fullmatch(rulebook):
        raise _Bad(f"{path}：rulebook 应为评价规则的代码（例如 henan），实为 “{rulebook[:40]}”")
    licence = _text(doc, path, "许可协议", "licenses", 0, "name")
    home = doc.get("homepage")
    if home is not None and (not isinstance(home, str) or not SITE_URL.fullmatch(home)):
        raise _Bad(f"{path}：homepage 应为网站的 http(s) 地址，实为 “{str(home)[:80]}”")
    return platform, rulebook, as_of, licence, home.rstrip("/") if home else None


def _file_name(res_path: Any, name: str, home: str | None, path: Path) -> str:
    """The resource's file in the package directory: a plain name, or an address under the package's site."""
    if not isinstance(res_path, str):
        raise _Bad(f"{path}：资源 {name} 的 path 应为一个文件名")
    file = res_path
    if "://" in res_path:
        base = f"{home}/{urls.DATA.path}" if home else None
        if base is None or not res_path.startswith(base):
            raise _Bad(f"{path}：资源 {name} 的路径 {res_path[:120]} 是其他网站的地址；只读取数据包目录中的文件")
        file = res_path[len(base):]
    if not FILE_NAME.fullmatch(file) or not file.endswith(".csv"):
        raise _Bad(f"{path}：资源 {name} 的路径 “{res_path[:120]}” 不是数据包目录中的 CSV 文件名"
                   "（不允许 ../、绝对路径或子目录）")
    return file


def _same_schema(schema: Any, table: Table) -> str | None:
    """Why ``schema`` is not the contract's schema of ``table`` (None when it is)."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return "缺少 schema.fields"
    want = [{k: v for k, v in field_descriptor(c).items() if k in SEMANTIC_KEYS} for c in table.columns]
    have = [{k: v for k, v in f.items() if k in SEMANTIC_KEYS} if isinstance(f, dict) else f for f in schema["fields"]]
    for i, w in enumerate(want):
        if i >= len(have):
            return f"缺少字段 {w['name']}"
        if have[i] != w:
            return f"第 {i + 1} 个字段应为 {w['name']}（{w['type']}），与本程序的定义不同"
    if len(have) > len(want):
        return f"多出 {len(have) - len(want)} 个字段"
    if schema.get("primaryKey") != list(table.primary_key):
        return f"主键应为 {'、'.join(table.primary_key)}"
    return None


Parser = Callable[[str], Any]


def _parser(col: Column) -> Parser:
    """A function from a CSV cell to its value (what :func:`generator.publish.data.rows.to_text` wrote), raising
    ValueError with the reason in Chinese."""
    pattern = re.compile(col.pattern) if col.pattern else None
    enum = frozenset(col.enum) if col.enum else None

    def typed(text: str) -> Any:
        if col.type == "string":
            return text
        if col.type == "integer" and INTEGER.fullmatch(text):
            return int(text)
        if col.type == "number" and NUMBER.fullmatch(text):
            try:
                return Decimal(text)
            except InvalidOperation:
                pass
        if col.type == "boolean" and text in ("true", "false"):
            return text == "true"
        if col.type == "date" and ISO_DATE.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        kinds = {"integer": "整数", "number": "数字", "boolean": "true 或 false", "date": "日期 YYYY-MM-DD"}
        raise ValueError(f"应为{kinds.get(col.type, col.type)}")

    def parse(text: str) -> Any:
        if text == "":
            if col.required:
                raise ValueError("不能为空")
            return None
        if enum is not None and text not in enum:
            raise ValueError(f"应为 {' / '.join(sorted(enum))} 之一")
        if pattern is not None and not pattern.fullmatch(text):
            raise ValueError("格式不符")
        return typed(text)

    return parse


def _rows(file: Path, table: Table, resource: dict[str, Any]) -> tuple[list[Row], list[int]]:
    """The table's rows, typed, and the CSV line of each."""
    size = resource.get("bytes")
    actual = file.stat().st_size
    if isinstance(size, int) and size != actual:
        raise _Bad(f"{file}：大小 {actual} 字节，与 {DESCRIPTOR} 记载的 {size} 字节不符：文件被改动或不完整")
    data = file.read_bytes()
    digest = resource.get("hash")
    if isinstance(digest, str) and digest.startswith("sha256:") and hashlib.sha256(data).hexdigest() != digest[7:]:
        raise _Bad(f"{file}：内容与 {DESCRIPTOR} 记载的校验和（hash）不符：文件被改动或不完整")
    try:
        text = data[len(BOM):].decode("utf-8") if data.startswith(BOM) else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Bad(f"{file}：不是 UTF-8 编码（第 {exc.start + 1} 字节）") from None
    del data
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = table.header
    parsers = [_parser(c) for c in table.columns]
    rows: list[Row] = []
    lines: list[int] = []
    try:
        got = next(reader, None)
        if got != header:
            raise _Bad(f"{file}：表头与 {DESCRIPTOR} 中 {table.name} 表的字段不符：应为 {','.join(header)}；"
                       f"实为 {','.join(got or [])[:300]}")
        for cells in reader:
            if len(cells) != len(header):
                raise _Bad(f"{file}:{reader.line_num}：这一行有 {len(cells)} 列，应为 {len(header)} 列")
            row: Row = {}
            for name, parse, cell in zip(header, parsers, cells, strict=True):
                try:
                    row[name] = parse(cell)
                except ValueError as exc:
                    raise _Bad(f"{file}:{reader.line_num}：{name} 列的 “{cell[:60]}” {exc}") from None
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise _Bad(f"{file}:{reader.line_num}：无法按 CSV 读取（{exc}）") from None
    return rows, lines


def _region(regions: list[Row], where: Path) -> tuple[str, str]:
    """The deployment's region: from the one top region, down while a region has exactly one sub-region."""
    names = {r["code"]: r["name"] for r in regions}
    children: dict[str | None, list[str]] = {}
    for r in regions:
        children.setdefault(r["parent"], []).append(r["code"])
    roots = children.get(None, [])
    if len(roots) != 1:
        raise _Bad(f"{where}：regions 表应恰有一个最上级行政区划（parent 为空），实有 {len(roots)} 个；"
                   "无法确定这个数据包属于哪个地区")
    code, seen = roots[0], {roots[0]}
    while len(children.get(code, [])) == 1 and children[code][0] not in seen:
        code = children[code][0]
        seen.add(code)
    return code, names[code]


def read_package(folder: Path) -> Province:
    """One package, read and checked; :class:`NationalError` lists what is wrong (every file's first problem)."""
    problems: list[str] = []
    try:
        doc = _descriptor(folder)
        path = folder / DESCRIPTOR
        platform, rulebook, as_of, licence, home = _metadata(doc, path)
    except _Bad as exc:
        raise NationalError([str(exc)]) from None
    province = Province(folder, "", "", platform, rulebook, as_of, licence, home)
    seen: set[str] = set()
    for i, res in enumerate(doc["resources"]):
        try:
            name = res.get("name") if isinstance(res, dict) else None
            if not isinstance(name, str) or name not in CONTRACT:
                raise _Bad(f"{path}：resources[{i}] 的 name “{str(name)[:40]}” 不是公开数据的表"
                           f"（应为 {'、'.join(CONTRACT)} 之一）")
            if name in seen:
                raise _Bad(f"{path}：表 {name} 出现了不止一次")
            seen.add(name)
            table = CONTRACT[name]
            differs = _same_schema(res.get("schema"), table)
            if differs:
                raise _Bad(f"{path}：表 {name} 的 schema 与本程序的不一致（{differs}）；"
                           "请用同一版本的 credit build 生成各地数据包")
            file = folder / _file_name(res.get("path"), name, home, path)
            _regular(file, f"表 {name} 的数据文件")
            province.tables[name], province.lines[name] = _rows(file, table, res)
            province.files[name] = file
        except _Bad as exc:
            problems.append(str(exc))
        except OSError as exc:
            problems.append(f"{exc.filename or folder}：无法读取（{why(exc)}）")
    if not problems:
        try:
            province.code, province.name = _region(province.tables.get("regions", []), path)
        except _Bad as exc:
            problems.append(str(exc))
    if problems:
        raise NationalError(problems)
    for t in TABLES:  # a table a package does not have is an empty table
        province.tables.setdefault(t.name, [])
        province.lines.setdefault(t.name, [])
    return province
