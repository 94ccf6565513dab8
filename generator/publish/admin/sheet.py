"""The evaluation sheet's fields in the web form, made from the sheet model of the deployment's rulebook
(:mod:`generator.records.sheets`) as the model itself is made from it: no code here knows a city.

* a checklist category (附件3, 附件4) is an object with one field per item of the rulebook: the parts missing
  (0 = full marks) or absent, the communities meeting it fully and partly, or the results, as the item scores;
* the score parts are numbers labelled with the rulebook's names; the conditions of a list met are a
  multiple select of the rulebook's conditions; the rest follows the model (:mod:`generator.publish.admin.fields`).

An item's key in a file is ``"<section>.<item>"``; a dot cannot be part of a field's name in Decap CMS, so the
form calls it ``n<section>_<item>`` and ``editor.js`` turns one into the other when it reads and writes.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from generator import labels
from generator.day.snapshot import Snapshot
from generator.publish.admin.fields import Field, Form, model_fields
from generator.records.sheets import sheet_model
from generator.rules.rulebook import Category, Item, ListRule, Rulebook, Section

COMMUNITY_LABELS = {"full": "完全符合的小区数", "partial": "部分符合的小区数"}
RESULTS_LABEL = "近三年成果数"


def form_key(key: str) -> str:
    """``"5.1"`` → ``n5_1`` (the field's name in the form)."""
    return "n" + key.replace(".", "_")


def _item_field(rb: Rulebook, cat: Category, sec: Section, it: Item) -> Field:
    key = f"{sec.number}.{it.number}" if it.number is not None else str(sec.number)
    base: Field = {"name": form_key(key), "label": f"{labels.cn_number(sec.number)}、{sec.name} {key}",
                   "hint": it.text, "required": False}
    if it.scoring == "community":
        return {**base, "widget": "object", "collapsed": False, "fields": [
            {"name": part, "label": text, "widget": "number", "value_type": "int", "min": 0, "required": False}
            for part, text in COMMUNITY_LABELS.items()]}
    if it.scoring == "results":
        return {**base, "widget": "object", "collapsed": False, "fields": [
            {"name": "count", "label": RESULTS_LABEL, "widget": "number", "value_type": "int", "min": 0, "required": True}]}
    step = rb.item_step(f"{cat.code}.{key}")
    top = it.max if it.max is not None else sec.max
    parts = int(top / step) if top is not None and step > 0 else 10
    options: list[dict[str, Any]] = [{"label": "0（满分）", "value": 0}]
    options += [{"label": f"缺 {n} 项（扣 {_num(step * n)} 分）", "value": n} for n in range(1, parts + 1)]
    options.append({"label": labels.SHEET_ABSENT, "value": "absent"})
    return {**base, "widget": "select", "options": options,
            "hint": f"{it.text}（满分 {_num(top) if top is not None else '—'} 分，每缺一项扣 {_num(step)} 分；不填按 0 分计）"}


def _num(d: Decimal) -> str:
    return format(d.normalize(), "f")


def _conditions(rule: ListRule, base: Field) -> Field:
    """The conditions of a list met: a multiple select of the rulebook's conditions by number."""
    return {**base, "widget": "select", "multiple": True, "required": False,
            "options": [{"label": f"{c.number}. {c.text}", "value": c.number} for c in rule.conditions]}


def _checklist(items: list[Field], base: Field) -> Field:
    """A checklist category: an object with one field per item, every one optional (unlisted scores 0)."""
    return {**base, "widget": "object", "collapsed": True, "required": False, "fields": items}


def sheet_fields(snapshot: Snapshot) -> list[Field]:
    """The fields of the deployment's evaluation sheet; empty when its rulebook has no sheet to fill."""
    rb = snapshot.rulebook
    schema = sheet_model(rb).model_json_schema(by_alias=True)
    if not schema.get("properties"):
        return []
    form = Form("sheet", snapshot.regions, {}, rb)
    for cat in rb.categories:
        if cat.kind != "checklist":
            continue
        form.names[cat.code] = f"{cat.name}（{cat.appendix}）"
        form.overrides[cat.code] = partial(_checklist, [_item_field(rb, cat, sec, it) for sec in cat.sections
                                                        for it in sec.items])
    if rb.grades is not None:
        for part in rb.grades.parts:
            form.names[f"scores.{part.key}"] = part.name
        for which, rule in (("red", rb.grades.red_list), ("black", rb.grades.black_list)):
            form.overrides[f"{which}_conditions"] = partial(_conditions, rule)
    return model_fields(form, schema)
