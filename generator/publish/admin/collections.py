"""The web form's collections (issue 16): one per kind of record file, each made from its model
(:mod:`generator.publish.admin.fields`) and the deployment's rulebook.

=================  ====================================================  ======================================
collection         files                                                 the file name, for a new entry
=================  ====================================================  ======================================
``credit-bad``     ``records/credit/<year>/<id>.yaml`` with ``kind: bad``  ``<recorder>-<year>-<serial>``
``credit-good``    the same folders, ``kind: good``                       the same
``enterprises``    ``records/enterprises/<USCC>.yaml``                   (edit only: see below)
``persons``        ``records/persons/<id>.yaml``                         ``P-<region>-<serial>``
``evaluations``    ``records/evaluations/<year>/<authority>/evaluation.yaml``  ``evaluation``
``sheets``         the sheets beside them, ``<USCC>.yaml``               (edit only)
=================  ====================================================  ======================================

The credit records of every year are one collection per kind: its ``path`` puts a new file in the folder of
its decision's year (``{{_year}}``, see :data:`YEAR_FROM`), and a ``path`` two folders deep makes
Decap list ``records/credit/*/*.yaml``. Decap lower-cases what a file name is made from, so files whose names
hold capital letters (an enterprise's or a sheet's USCC) are edited here but created with ``credit new``.

A file's name is its id and no field holds it (DESIGN §3): the form asks for the parts the file name is made
of in fields whose names start with ``_``; ``editor.js`` leaves those out of the file it writes.
"""

from __future__ import annotations

from typing import Any

from generator import labels
from generator.day.snapshot import Snapshot
from generator.publish.admin.fields import (
    ENTERPRISES,
    PERSONS,
    Field,
    Form,
    code_options,
    model_fields,
    person_relation,
    relation,
    shape,
)
from generator.records.kinds import SCHEMA_MODELS
from generator.records.sheets import sheet_kind
from generator.rules.rulebook import Rulebook

CREDIT_FOLDER = "records/credit"
CREDIT_ID = "{{fields.recorder}}-{{fields._year}}-{{fields._serial}}"
"""A new credit record's id: recorder, the decision's year, the serial (DESIGN §3). ``_year`` is set by
``editor.js`` before the save from the field :data:`YEAR_FROM` names: Decap lower-cases a ``path`` template and
turns its dots into dashes, so neither ``fields.decision.effective`` nor a ``date('YYYY')`` filter can stand
there, and a ``path`` names form fields without the ``fields.`` prefix (``{{_year}}``)."""
YEAR_FROM = {"credit-bad": "decision.effective", "credit-good": "decision.effective", "evaluations": "cutoff"}
"""Where a new file's year folder comes from, per collection."""

SCHEMA_DEPTH = {"credit-record": 3, "enterprise": 2, "person": 2, "evaluation": 4, "sheet": 4}
"""How many folders below the checkout's root each kind's files lie (for the ``$schema`` line)."""


def _editor(name: str, key: str, field: Field, required: bool = False) -> Field:
    """A field of the form only: it names the file and is never written into it."""
    out: Field = {"name": name, "label": labels.FIELD_LABELS[f"editor.{key}"], "required": required, **field}
    hint = labels.FIELD_HINTS.get(f"editor.{key}")
    if hint:
        out["hint"] = hint
    return out


def serial(template: str, collections: list[str]) -> Field:
    """The serial of a new file (the last part of its name), with a button that proposes the next free one among
    the files of ``collections`` whose names begin with ``template`` filled in from the form."""
    return _editor("_serial", "serial", {"widget": "record-serial", "prefix": template, "collections": collections,
                                         "pattern": ["^[0-9]{1,8}$", "1 至 8 位数字，例如 0007"]})


def item_options(rulebook: Rulebook, kind: str) -> list[dict[str, str]]:
    """The rulebook's items a record of ``kind`` may name: deductions (附件1–2) for bad records; the award
    categories and the bonus items (附件5) for good ones. Label: category, number, text, points."""
    out = []
    if kind == "good":
        out += [{"label": f"{c.name}：获得表彰（按表彰级别加分）", "value": c.code} for c in rulebook.categories if c.awards]
    wanted = "deduction" if kind == "bad" else "bonus"
    for code, (cat, _sec, it) in rulebook.items.items():
        if cat.kind != wanted:
            continue
        number = code.split(".", 1)[1]
        unit = f"/{it.unit}" if it.unit else ""
        if it.veto:
            points = "（一票否决，A 类）"
        elif it.points_range is not None:
            points = f"（扣 {it.points_range[0]}–{it.points_range[1]} 分{unit}）"
        elif it.points is not None:
            points = f"（扣 {it.points} 分{unit}）"
        else:
            points = ""
        out.append({"label": f"{cat.name} {number} {it.text}{points}", "value": code})
    return out


def credit(snapshot: Snapshot, kind: str) -> dict[str, Any] | None:
    """The collection of the bad or the good credit records; None where the rulebook has no item for them."""
    rb = snapshot.rulebook
    items = item_options(rb, kind)
    if not items:
        return None
    bad = kind == "bad"
    name = f"credit-{kind}"
    hidden_kind: Field = {"widget": "hidden", "default": kind}
    only_good = {"deed"}
    only_bad = {"class", "points", "notified", "decision.kind", "decision.penalty_months", "decision.domain",
                "refuses_correction", "extensions", "repair"}
    drop = only_good if bad else only_bad
    form = Form("credit-record", snapshot.regions, _authorities(snapshot), rb)
    form.overrides = {p: (lambda _f: None) for p in drop}
    form.overrides |= {
        "kind": lambda f: {**f, **hidden_kind},
        "subject": lambda f: {**f, **relation(ENTERPRISES, ["name", "slug"], ["{{slug}}", "name"]), "required": False},
        "project": lambda f: {**f, **relation(ENTERPRISES, ["projects.*.name", "projects.*.id", "name"],
                                              ["name", "projects.*.name"], "projects.*.id")},
        "item": lambda f: {**f, "widget": "select", "options": items},
    }
    if bad:
        form.required = {"class": True, "notified": True, "decision.kind": True}
    fields = model_fields(form, SCHEMA_MODELS["credit-record"].model_json_schema(by_alias=True))
    person = _editor("_person", "person_subject", person_relation())
    at = next(i for i, f in enumerate(fields) if f["name"] == "subject") + 1
    fields[at:at] = [person]
    fields.insert(0, serial("{recorder}-{decision.effective|year}-", ["credit-bad", "credit-good"]))
    what = "不良" if bad else "优良"
    return {
        "name": name,
        "label": f"{what}信用信息",
        "label_singular": f"{what}信用信息",
        "description": (f"每条{what}信用信息一个文件：credit/<决定生效年份>/<录入机关代码>-<年份>-<序号>.yaml。"
                        "保存后为这条信息打开一个合并请求（PR），由上一级主管部门审核后合并（第四条）。"),
        "folder": CREDIT_FOLDER,
        "path": "{{_year}}/{{slug}}",
        "slug": CREDIT_ID,
        "filter": {"field": "kind", "value": kind},
        "identifier_field": "summary",
        "summary": "{{filename}}　{{summary}}",
        "format": "credit-record",
        "extension": "yaml",
        "create": True,
        "delete": False,
        "sortable_fields": ["decision.effective", "entered", "recorder"],
        "view_groups": [{"label": "决定生效年份", "field": "decision.effective", "pattern": "\\d{4}"}],
        "fields": fields,
    }


def _authorities(snapshot: Snapshot) -> dict[str, str]:
    return {code: a.name for code, a in snapshot.authorities.items()}


def enterprises(snapshot: Snapshot) -> dict[str, Any]:
    form = Form("enterprise", snapshot.regions, _authorities(snapshot), snapshot.rulebook)
    return {
        "name": ENTERPRISES,
        "label": "物业服务企业",
        "label_singular": "物业服务企业",
        "description": ("企业基本信息（第六条）：enterprises/<统一社会信用代码>.yaml。表单只能修改已有企业；"
                        "新企业请用 credit new enterprise --uscc … 建立文件（文件名中的大写字母表单无法生成）。"),
        "folder": "records/enterprises",
        "identifier_field": "name",
        "summary": "{{filename}}　{{name}}",
        "format": "enterprise",
        "extension": "yaml",
        "create": False,
        "delete": False,
        "fields": model_fields(form, SCHEMA_MODELS["enterprise"].model_json_schema(by_alias=True)),
    }


def persons(snapshot: Snapshot) -> dict[str, Any]:
    form = Form("person", snapshot.regions, _authorities(snapshot), snapshot.rulebook)
    region = _editor("_region", "region", {"widget": "select", "options": code_options(snapshot.regions)})
    return {
        "name": PERSONS,
        "label": "人员",
        "label_singular": "人员",
        "description": "项目负责人和企业主要管理人员（第三条）：persons/P-<区划>-<序号>.yaml，只写姓名，不写证件号码和电话。",
        "folder": "records/persons",
        "slug": "P-{{fields._region}}-{{fields._serial}}",
        "identifier_field": "name",
        "summary": "{{filename}}　{{name}}",
        "format": "person",
        "extension": "yaml",
        "create": True,
        "delete": False,
        "fields": [region, serial("P-{_region}-", [PERSONS]),
                   *model_fields(form, SCHEMA_MODELS["person"].model_json_schema(by_alias=True))],
    }


def _shape_field(value: str) -> Field:
    return {"name": "_shape", "label": "文件", "widget": "hidden", "default": value, "required": False}


def evaluations(snapshot: Snapshot) -> dict[str, Any]:
    form = Form("evaluation", snapshot.regions, _authorities(snapshot), snapshot.rulebook)
    authority = _editor("_authority", "authority", {"widget": "select", "options": code_options(_authorities(snapshot))})
    return {
        "name": "evaluations",
        "label": "年度信用评价",
        "label_singular": "年度信用评价",
        "description": ("一个机关的年度信用评价（第十二、十三条）：evaluations/<年份>/<机关代码>/evaluation.yaml，"
                        "评价截止日、公示开始日期和公示截止日。"),
        "folder": "records/evaluations",
        "path": "{{_year}}/{{_authority}}/evaluation",
        "filter": {"field": "_shape", "value": "evaluation"},
        "identifier_field": "cutoff",
        "summary": "{{dirname}}　评价截止日 {{cutoff}}",
        "format": "evaluation",
        "extension": "yaml",
        "create": True,
        "delete": False,
        "fields": [_shape_field("evaluation"), authority,
                   *model_fields(form, SCHEMA_MODELS["evaluation"].model_json_schema(by_alias=True))],
    }


def sheets(snapshot: Snapshot) -> dict[str, Any] | None:
    """The evaluation sheets of the deployment's rulebook (:mod:`generator.publish.admin.sheet`)."""
    from generator.publish.admin.sheet import sheet_fields

    fields = sheet_fields(snapshot)
    if not fields:
        return None
    return {
        "name": "sheets",
        "label": "评分表",
        "label_singular": "评分表",
        "description": ("参加评定的企业的评分表：evaluations/<年份>/<机关代码>/<统一社会信用代码>.yaml，放在年度信用评价旁。"
                        "表单只能修改已有评分表；新评分表请复制一份已有的文件并改名。"),
        "folder": "records/evaluations",
        "path": "{{_year}}/{{_authority}}/{{slug}}",
        "filter": {"field": "_shape", "value": "sheet"},
        "identifier_field": "_shape",
        "summary": "{{dirname}}/{{filename}}",
        "format": sheet_kind(snapshot.rulebook),
        "extension": "yaml",
        "create": False,
        "delete": False,
        "fields": [_shape_field("sheet"), *fields],
    }


def collections(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Every collection of the form, in the order of its side bar."""
    made = [credit(snapshot, "bad"), credit(snapshot, "good"), enterprises(snapshot), persons(snapshot),
            evaluations(snapshot), sheets(snapshot)]
    return [c for c in made if c is not None]


def file_kinds(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    """For ``editor.js``, per format (record file kind): how to write its files — the ``$schema`` line that
    ``credit new`` writes, the key order, the dates and the required keys (:func:`fields.shape`)."""
    out: dict[str, dict[str, Any]] = {}
    sheet = sheet_kind(snapshot.rulebook)
    for kind in ("credit-record", "enterprise", "person", "evaluation", sheet):
        depth = SCHEMA_DEPTH["sheet" if kind == sheet else kind]
        out[kind] = {
            "schema_line": f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json",
            "evaluations_folder": kind in ("evaluation", sheet),
            **shape(SCHEMA_MODELS[kind].model_json_schema(by_alias=True)),
        }
    return out
