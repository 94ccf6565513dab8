"""Pydantic's validation errors, translated for clerks: in Chinese, at the line of the field, with the fix.

An unknown field gets the nearest known name, a wrong pattern the rule in words, a YAML 1.1 surprise (an unquoted
``410105`` read as a number, ``no`` read as false) how to quote it, a template's placeholder what is still to fill.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, get_args

from pydantic import BaseModel, RootModel, ValidationError

from generator.records import hints
from generator.records import models as m
from generator.records.kinds import SCHEMA_MODELS
from generator.records.privacy import placeholder_message
from generator.records.problems import Problem
from generator.records.yamlload import (
    LineMap,
    LooseNumber,
    Yaml11Word,
    fullwidth_colon,
)

# ---- pydantic errors → Chinese ------------------------------------------------------------------------

def _models_in(annotation: Any, seen: set[type[BaseModel]]) -> None:
    """Every model class reachable from a field's annotation (nested models, lists, unions, mappings)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in seen:
            seen.add(annotation)
            for f in annotation.model_fields.values():
                _models_in(f.annotation, seen)
        return
    for arg in get_args(annotation):
        _models_in(arg, seen)


_MODELS: set[type[BaseModel]] = set()
for _model in SCHEMA_MODELS.values():
    _models_in(_model, _MODELS)
_ALL_KEYS: set[str] = {f.alias or name for model in _MODELS for name, f in model.model_fields.items()}
"""Every key any record file may hold (a typo is told from an unknown key by its distance to these)."""

_PATTERN_HINTS = {
    m.REGION_RE: "应为 6 位行政区划代码，并加引号，例如 \"410105\"",
    m.AUTHORITY_RE: "应为 6 位行政区划代码或 9 位乡镇街道代码，并加引号，例如 \"410105\"",
    m.PERSON_RE: "应为人员编号 P-<6 位区划>-<序号>，例如 P-410105-0001",
    m.PROJECT_RE: "项目编号只能用小写字母、数字和连字符，例如 hengxin-garden",
    m.DEED_RE: "事迹编号只能用字母、数字、点、下划线和连字符，例如 hx-2026-model",
    r"^[0-9]+\.[0-9]+$": "评分表的条目写成 节.项 并加引号，例如 \"1.2\"",
    r"^[0-9]{4}$": "年份写 4 位数字并加引号，例如 \"2027\"",
}
"""The rule of a pattern in words, for the identifiers the models share (a message never shows a pattern)."""

_FIELD_HINTS = {
    "item": "条目代码写成 类别.节.项，例如 market.1.21（不良信息）；优良信息写 market、safety、red、smart 或 social.4",
    "rulebook": "评价规则的名称，用小写字母，例如 henan 或 hulunbuir",
    "phone": "办公电话只写数字、空格、括号和连字符，例如 \"0371-60000000\"",
    "hotline": "不是公共服务电话的写法，例如 \"0371-65550000\"",
    "email": "电子邮箱的写法，例如 wyk@example.gov.cn",
    "repo": "仓库写成 所有者/名称，例如 example-org/property-records",
    "branch": "分支名只用字母、数字、点、下划线、连字符和斜杠，例如 main",
    "app_id": "应用编号只用字母、数字、下划线和连字符",
}
"""The rule of a field's pattern in words, where the pattern is the field's own."""


def pattern_hint(pattern: str, field_name: str) -> str:
    """What a value that does not match ``pattern`` should look like, in words (never the pattern)."""
    found = _FIELD_HINTS.get(field_name) or _PATTERN_HINTS.get(pattern)
    if found is not None:
        return found
    what = f"字段 “{field_name}”" if field_name else "这里"
    return f"{what}的写法不对，请对照 schemas/ 中的说明或 CONTRIBUTING.md 改正"


_FIX_FIELDS: dict[tuple[str | int, ...], str] = {
    ("project",): hints.PROJECT, ("manager",): hints.PERSON, ("person",): hints.PERSON}
"""Fields whose wrong value the loader can match against the other files (a project's or a person's name)."""


def fix_of(err: Any, path: tuple[str | int, ...], lines: LineMap, data: Any,
           model: type[BaseModel] | None) -> tuple[str, ...]:
    """What the loader may make precise with the other files (:func:`generator.records.hints.refine`)."""
    raw = lines.raw.get(path)
    shown = raw[0] if raw is not None else str(err.get("input"))
    if not shown.strip() or err.get("input") is None or placeholder_message(path, shown) is not None:
        return ()  # nothing written yet, or a skeleton's placeholder: its own message says what to fill
    if model is m.CreditRecord and path == ("item",):
        kind = data.get("kind") if isinstance(data, dict) else None
        return (hints.ITEM, shown, kind if isinstance(kind, str) else "")
    what = _FIX_FIELDS.get(path[-1:]) if path else None
    if what is None or err["type"] != "string_pattern_mismatch":
        return ()
    if what == hints.PROJECT:
        subject = data.get("subject") if isinstance(data, dict) else None
        return (what, shown, subject) if isinstance(subject, str) else ()
    return (what, shown)


def _describe_input(value: Any, raw: tuple[str, str] | None) -> str:
    if raw is not None:
        return raw[0]
    return str(value)


def _strip_loc(loc: tuple[Any, ...], data: Any, names_key: bool = False) -> tuple[str | int, ...]:
    """Keep only the parts of a pydantic location that exist in the data (drops union member names).

    ``names_key``: the error is about a missing or unknown key, which is the location's last part."""
    out: list[str | int] = []
    cur = data
    for i, part in enumerate(loc):
        if isinstance(cur, dict) and part in cur or isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str):
            if names_key and i == len(loc) - 1:  # the missing or unknown key: keep it, it names the field
                out.append(part)
                break
            # else a union member's name (CommunityMark, int, …) before the real key: skip it
        else:
            break
    return tuple(out)


def _inner(tp: Any) -> Any:
    """The model class or ``list[...]`` inside an annotation (Annotated and Optional unwrapped), or None."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _inner(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        found = [x for x in (_inner(a) for a in typing.get_args(tp) if a is not type(None)) if x is not None]
        return found[0] if len(found) == 1 else None
    if origin is list:
        return tp
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return None


def _keys_at(model: type[BaseModel] | None, path: tuple[str | int, ...]) -> set[str]:
    """The keys the mapping holding ``path[-1]`` allows, when the model says; else every known key."""
    cur: Any = model
    for part in path[:-1]:
        if isinstance(cur, type) and issubclass(cur, RootModel):
            cur = _inner(cur.model_fields["root"].annotation)
        if isinstance(part, int) and typing.get_origin(cur) is list:
            cur = _inner(typing.get_args(cur)[0])
        elif isinstance(part, str) and isinstance(cur, type) and issubclass(cur, BaseModel):
            fields = {f.alias or n: f for n, f in cur.model_fields.items()}
            cur = _inner(fields[part].annotation) if part in fields else None
        else:
            cur = None
    if isinstance(cur, type) and issubclass(cur, BaseModel) and not issubclass(cur, RootModel):
        return {f.alias or n for n, f in cur.model_fields.items()}
    return _ALL_KEYS


_MAPPING_WANTED = ("model_type", "dict_type", "model_attributes_type")


def _message(
    err: Any, path: tuple[str | int, ...], lines: LineMap, model: type[BaseModel] | None = None
) -> str:
    etype = err["type"]
    value = err.get("input")
    raw = lines.raw.get(path)
    if raw is not None and (placeholder := placeholder_message(path, raw[0])) is not None:
        return placeholder  # the same message as the text check's: one per field (a skeleton's date, choice)
    field_name = next((p for p in reversed(path) if isinstance(p, str)), "")
    shown = _describe_input(value, raw)
    if err.get("loc", ())[-1:] == ("[key]",):  # the key itself is wrong ("一.2": …), not its value
        shown, field_name = str(value), ""
    if etype == "missing":
        return f"缺少必填字段 “{field_name}”（missing field）"
    if etype == "extra_forbidden":
        # suggest only keys this place allows (red: is a key of a henan sheet, not of a hulunbuir one)
        allowed = _keys_at(model, path) - {field_name}
        guess = difflib.get_close_matches(field_name, sorted(allowed), n=1, cutoff=0.6)
        hint = f"是否想写 “{guess[0]}”？" if guess else "请删除或改正"
        return f"未知字段 “{field_name}”（unknown key）：{hint}"
    if model is m.CreditRecord and path == ("item",) and value is not None and etype in (
            "string_type", "string_pattern_mismatch"):
        return f"“{shown}” 不是完整的条目代码：{_FIELD_HINTS['item']}"  # the loader names the code (hints)
    if isinstance(value, bool) and etype in ("string_type", "string_pattern_mismatch"):
        return f"“{shown}” 被 YAML 读成了真假值；这里应是文字，请加引号写成 \"{shown}\""
    if isinstance(value, (int, float, LooseNumber)) and etype in ("string_type", "string_pattern_mismatch"):
        return (
            f"“{shown}” 没有加引号，被 YAML 读成了数字（开头的 0 会丢失）；请写成 \"{shown}\""
            "（a number where text is meant: quote it）"
        )
    if isinstance(value, LooseNumber):
        return f"“{shown}” 不是有效的值；数字请直接写十进制整数，文字请加引号"
    if etype in ("date_type", "date_from_datetime_parsing", "date_parsing"):
        return f"“{shown}” 不是日期：请写成 YYYY-MM-DD，月和日都用两位，例如 2026-03-02（not a date）"
    if etype == "bool_type":
        if isinstance(value, Yaml11Word):
            return f"“{shown}” 请写成 true 或 false（YAML 1.1 words like yes/no are not booleans here）"
        meant = {"是": "true", "对": "true", "有": "true", "否": "false", "不是": "false", "无": "false"}.get(shown.strip())
        return f"“{shown}” 应为 true 或 false" + (f"：请写 {meant}" if meant else "")
    if etype == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", ""))
        return hints.choice_hint(shown, re.findall(r"'([^']*)'", expected) or [expected])
    if etype == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if field_name == "hotline":
            return f"“{shown}” {_FIELD_HINTS['hotline']}"
        return f"“{shown}” 格式不对：{pattern_hint(pattern, field_name)}"
    if etype in ("string_too_short",):
        return f"字段 “{field_name}” 不能为空"
    if etype in ("string_too_long",):
        return f"字段 “{field_name}” 太长（{err.get('ctx', {}).get('max_length')} 字以内）"
    if etype in ("int_type", "int_parsing", "int_from_float"):
        return f"“{shown}” 应为整数"
    if etype in ("float_type", "float_parsing", "finite_number"):
        return f"“{shown}” 应为数字"
    if etype in ("greater_than_equal", "greater_than"):
        return f"“{shown}” 太小：不能小于 {err.get('ctx', {}).get('ge', err.get('ctx', {}).get('gt'))}"
    if etype in ("less_than_equal", "less_than"):
        return f"“{shown}” 太大：不能大于 {err.get('ctx', {}).get('le', err.get('ctx', {}).get('lt'))}"
    if etype in _MAPPING_WANTED:
        return f"字段 “{field_name or '（文件）'}” 应为若干 “键: 值” 行（a mapping）"
    if etype == "list_type":
        return f"字段 “{field_name or '（文件）'}” 应为列表：每项一行，以 “- ” 开头（a list）"
    if etype == "value_error" and "until_before_since" in str(err.get("msg", "")):
        return "项目的 until 早于 since"
    if etype in ("union_tag_invalid", "union_tag_not_found") or "union" in etype:
        return f"“{shown}” 不是允许的写法"
    return f"{err.get('msg', etype)}（{shown}）"


def model_problems(
    exc: ValidationError, data: Any, lines: LineMap, display: str, model: type[BaseModel] | None = None
) -> list[Problem]:
    out: dict[tuple[str | int, ...], Problem] = {}
    for err in exc.errors():
        path = _strip_loc(tuple(err["loc"]), data, err["type"] in ("missing", "extra_forbidden"))
        if path in out:  # one problem per place (unions report once per member)
            continue
        if err["type"] in ("missing",) and path:
            line = lines.line(path[:-1])
        else:
            line = lines.line(path)
        value = err.get("input")
        colon = fullwidth_colon(value) if isinstance(value, str) and err["type"] in _MAPPING_WANTED else None
        if colon is not None:  # `- filed：2026-03-10` read as one text where a mapping was wanted
            out[path] = Problem(display, lines.values.get(path, line), colon)
            continue
        out[path] = Problem(display, line, _message(err, path, lines, model), fix=fix_of(err, path, lines, data, model))
    return list(out.values())


