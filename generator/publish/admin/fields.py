"""The web form's fields, made from the record models (issue 16): each model's JSON Schema (the one
``schemas/`` holds) becomes Decap CMS fields, so the form cannot drift from what the loader accepts.

* a text becomes a ``string`` (a long one a ``text``) with the model's pattern; a date a ``datetime`` that
  writes ``YYYY-MM-DD``; a whole number a ``number`` of ``int``; a choice a ``select`` whose labels are
  :mod:`generator.labels`' Chinese names; a nested model an ``object``; a list a ``list``;
* codes take their options from the deployment: a region code (the model's region pattern) is a select of
  ``regions.yaml``, an authority code one of ``authorities.yaml`` (public reference lists, no record content);
  a person id is a ``relation`` over the persons collection, read through the git host at edit time;
* a field of an optional object is not required in the form (Decap would otherwise refuse to save while the
  object is empty); the form's own check (``editor.js``) asks for them once the object is filled in.

Every field's label and hint come from :data:`generator.labels.FIELD_LABELS` and ``FIELD_HINTS`` under
``<kind>.<path>``; a field without a label is an error (a test holds it for every model).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import labels
from generator.records import models as m
from generator.rules.rulebook import Rulebook

Field = dict[str, Any]
Schema = dict[str, Any]

DATE_FORMAT = "YYYY-MM-DD"
"""What a date field writes: the loader reads exactly this unquoted form as a date (DESIGN §3)."""

ENUM_NAMES: dict[str, Mapping[str, str]] = {
    "credit-record.kind": labels.KIND_NAMES,
    "credit-record.class": labels.CLASS_NAMES,
    "credit-record.decision.level": labels.DECISION_LEVEL_NAMES,
    "credit-record.decision.kind": labels.DECISION_KIND_NAMES,
    "credit-record.decision.domain": labels.DOMAIN_NAMES,
    "credit-record.objections.outcome": labels.OBJECTION_OUTCOME_NAMES,
    "credit-record.repair.outcome": labels.REPAIR_OUTCOME_NAMES,
}
"""The Chinese names of every choice the form offers, by field."""

PATTERN_MESSAGES: dict[str, str] = {
    m.PROJECT_RE: "小写字母、数字和连字符，以字母或数字开头，例如 hengxin-garden",
    m.DEED_RE: "字母、数字、点、下划线和连字符，例如 zz-2025-safety-model",
    m.PERSON_RE: "人员编号，例如 P-410105-0001",
}
"""What a pattern means, for the message under a field that does not match it."""

PHONE_MESSAGE = "电话号码：数字、空格、括号、连字符或“转”，例如 0371-6555 0000"


@dataclass
class Form:
    """What the fields of one collection are made with: the deployment's reference lists and rulebook, and
    the field overrides of the collection (``path`` → a function of the generic field)."""

    kind: str  # the label namespace: enterprise, person, credit-record, evaluation, sheet
    regions: Mapping[str, str]
    authorities: Mapping[str, str]
    rulebook: Rulebook
    overrides: dict[str, Callable[[Field], Field | None]] = field(default_factory=dict)
    required: dict[str, bool] = field(default_factory=dict)  # path → required, where the rules say more
    names: dict[str, str] = field(default_factory=dict)  # path → label from the rulebook (a sheet's categories)

    def label(self, path: str) -> str:
        if path in self.names:
            return self.names[path]
        key = f"{self.kind}.{path}"
        if key not in labels.FIELD_LABELS:
            raise KeyError(f"no Chinese label for field {key} (generator/labels.py FIELD_LABELS)")
        return labels.FIELD_LABELS[key]

    def hint(self, path: str) -> str | None:
        return labels.FIELD_HINTS.get(f"{self.kind}.{path}")


def resolve(node: Schema, defs: Mapping[str, Schema]) -> Schema:
    """``{"$ref": "#/$defs/X"}`` → the definition X."""
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[1]]
    return node


def optional(node: Schema, defs: Mapping[str, Schema]) -> tuple[Schema, bool]:
    """``X | None`` → (X, True); anything else → (it, False)."""
    options = node.get("anyOf")
    if options and any(o.get("type") == "null" for o in options):
        rest = [o for o in options if o.get("type") != "null"]
        if len(rest) == 1:
            return resolve(rest[0], defs), True
    return resolve(node, defs), False


def date_field() -> Field:
    return {"widget": "datetime", "date_format": DATE_FORMAT, "time_format": False, "format": DATE_FORMAT}


def code_options(names: Mapping[str, str]) -> list[dict[str, str]]:
    """A select's options for codes: ``{"label": "410105 金水区", "value": "410105"}`` in code order."""
    return [{"label": f"{code} {name}", "value": code} for code, name in sorted(names.items())]


def relation(collection: str, search: list[str], display: list[str], value: str = "{{slug}}") -> Field:
    return {"widget": "relation", "collection": collection, "value_field": value, "search_fields": search,
            "display_fields": display, "options_length": 50}


PERSONS = "persons"
ENTERPRISES = "enterprises"


def person_relation() -> Field:
    return relation(PERSONS, ["name", "slug"], ["{{slug}}", "name"])


def _string(form: Form, node: Schema) -> Field:
    pattern = node.get("pattern")
    if node.get("format") == "date":
        return date_field()
    if pattern == m.REGION_RE:
        return {"widget": "select", "options": code_options(form.regions)}
    if pattern == m.AUTHORITY_RE:
        return {"widget": "select", "options": code_options(form.authorities)}
    if pattern == m.PERSON_RE:
        return person_relation()
    widget = "text" if node.get("maxLength", 0) > 200 else "string"
    out: Field = {"widget": widget}
    if pattern:
        message = PATTERN_MESSAGES.get(pattern, PHONE_MESSAGE if "转" in pattern else f"格式：{pattern}")
        out["pattern"] = [pattern, message]
    return out


def _number(node: Schema, value_type: str) -> Field:
    out: Field = {"widget": "number", "value_type": value_type}
    if value_type == "float":
        out["step"] = 0.5
    for key in ("minimum", "maximum"):
        if key in node:
            out[key[:3]] = node[key]
    return out


def widget_for(form: Form, path: str, node: Schema, defs: Mapping[str, Schema], in_optional: bool) -> Field:
    """The widget (and its options) of one field of the schema (no name, label or ``required`` yet)."""
    if "enum" in node:
        names = ENUM_NAMES.get(f"{form.kind}.{path}")
        if names is None:
            raise KeyError(f"no Chinese names for the choices of {form.kind}.{path} (fields.ENUM_NAMES)")
        return {"widget": "select", "options": [{"label": f"{names[v]}（{v}）", "value": v} for v in node["enum"]]}
    kind = node.get("type")
    if kind == "string":
        return _string(form, node)
    if kind == "integer":
        return _number(node, "int")
    if kind == "number":
        return _number(node, "float")
    if kind == "boolean":
        return {"widget": "boolean", "required": False}
    if kind == "object" and "properties" in node:
        return {"widget": "object", "collapsed": in_optional,
                "fields": fields_of(form, node, defs, prefix=f"{path}.", in_optional=in_optional)}
    if kind == "array":
        item, _ = optional(node["items"], defs)
        if item.get("type") == "object":
            return {"widget": "list", "collapsed": False,
                    "fields": fields_of(form, item, defs, prefix=f"{path}.", in_optional=False)}
        inner = widget_for(form, path, item, defs, False)
        inner.pop("required", None)
        return {"widget": "list", "field": {"name": "item", "label": form.label(path), **inner}}
    raise ValueError(f"{form.kind}.{path}: no form widget for {node}")


def fields_of(form: Form, schema: Schema, defs: Mapping[str, Schema], prefix: str = "",
              in_optional: bool = False) -> list[Field]:
    """The fields of one object of the schema, in the model's order, with the collection's overrides."""
    required = set(schema.get("required", ()))
    out: list[Field] = []
    for name, raw in schema["properties"].items():
        path = prefix + name
        node, is_optional = optional(raw, defs)
        nested_optional = in_optional or (is_optional and node.get("type") == "object")
        made: Field = {"name": name, "label": form.label(path)}
        hint = form.hint(path)
        if hint:
            made["hint"] = hint
        override = form.overrides.get(path)
        if override is None:  # an override gives the widget itself
            made |= widget_for(form, path, node, defs, nested_optional)
        made.setdefault("required", name in required and not in_optional)
        if path in form.required:
            made["required"] = form.required[path]
        if override is not None:
            changed = override(made)
            if changed is None:
                continue
            made = changed
        out.append(made)
    return out


def model_fields(form: Form, schema: Schema) -> list[Field]:
    """The form fields of a whole record file kind, from its JSON Schema."""
    return fields_of(form, schema, schema.get("$defs", {}))


# ---- what the editor script needs to write a file as the loader reads it -----------------------------------


def shape(schema: Schema) -> dict[str, Any]:
    """For ``editor.js``: the key order of every object (files are written in the model's order), the paths of
    the dates (written unquoted: the loader reads ``2026-03-02`` as a date and ``"2026-03-02"`` as text) and
    the required keys of every object (asked for once an optional object is filled in)."""
    defs = schema.get("$defs", {})
    order: dict[str, list[str]] = {}
    dates: list[str] = []
    required: dict[str, list[str]] = {}

    def walk(node: Schema, path: str) -> None:
        order[path] = list(node.get("properties", {}))
        if node.get("required"):
            required[path] = list(node["required"])
        for name, raw in node.get("properties", {}).items():
            child, _ = optional(raw, defs)
            sub = f"{path}.{name}" if path else name
            if child.get("type") == "array":
                child, _ = optional(child["items"], defs)
            if child.get("format") == "date":
                dates.append(sub)
            elif child.get("type") == "object" and "properties" in child:
                walk(child, sub)

    walk(schema, "")
    return {"order": order, "dates": dates, "required": required}
