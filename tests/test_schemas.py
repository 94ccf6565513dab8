"""schemas/*.schema.json: current with the models, valid JSON Schema, and in agreement with real records."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, REPO
from jsonschema import Draft202012Validator

from generator.records import schemas
from generator.records.kinds import SCHEMA_MODELS
from generator.records.yamlload import load_file

COMMITTED = REPO / "schemas"
CJK = re.compile(r"[\u4e00-\u9fff]")


def committed(name: str) -> dict[str, Any]:
    return json.loads((COMMITTED / f"{name}.schema.json").read_text(encoding="utf-8"))


def test_committed_schemas_are_current() -> None:
    assert schemas.stale(COMMITTED) == [], "run: python -m generator.records.schemas"


def test_one_schema_per_record_kind() -> None:
    names = sorted(p.name for p in COMMITTED.glob("*.schema.json"))
    assert names == sorted(f"{n}.schema.json" for n in SCHEMA_MODELS)
    assert set(SCHEMA_MODELS) == {
        "platform", "regions", "authorities", "calendar", "enterprise", "person", "credit-record",
        "evaluation", "sheet-henan", "sheet-hulunbuir",
    }


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_valid_json_schema(name: str) -> None:
    schema = committed(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"]
    assert CJK.search(schema["description"]), schema["description"]


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_file_format_is_deterministic(name: str) -> None:
    text = (COMMITTED / f"{name}.schema.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "\r" not in text
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert schemas.render(name) == schemas.render(name)


def test_check_names_stale_missing_and_obsolete_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schemas"
    assert schemas.main(["--dir", str(out)]) == 0
    assert schemas.main(["--dir", str(out), "--check"]) == 0
    capsys.readouterr()

    person = out / "person.schema.json"
    person.write_text(person.read_text(encoding="utf-8").replace('"maxLength": 200', '"maxLength": 20'),
                      encoding="utf-8")
    (out / "platform.schema.json").unlink()
    (out / "old-kind.schema.json").write_text("{}\n", encoding="utf-8")
    assert schemas.main(["--dir", str(out), "--check"]) == 1
    err = capsys.readouterr().err
    for fname in ("person.schema.json", "platform.schema.json", "old-kind.schema.json"):
        assert fname in err
    assert "enterprise.schema.json" not in err

    assert schemas.main(["--dir", str(out)]) == 0  # regenerating repairs all three
    assert schemas.stale(out) == []
    assert not (out / "old-kind.schema.json").exists()


def test_check_as_a_process() -> None:
    proc = subprocess.run([sys.executable, "-m", "generator.records.schemas", "--check"], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_alias_class_is_the_key() -> None:
    props = committed("credit-record")["properties"]
    assert "class" in props and "class_" not in props
    assert "id" not in props  # the identifier is the file name (DESIGN §3)


def test_unknown_keys_are_refused_everywhere() -> None:
    for name in SCHEMA_MODELS:
        schema = committed(name)
        objects = [schema, *schema.get("$defs", {}).values()]
        for obj in objects:
            if obj.get("type") == "object" and "properties" in obj:
                assert obj.get("additionalProperties") is False, (name, obj.get("title"))


# ---- the mini records agree with the schemas ----------------------------------------------------------


def as_json(value: Any) -> Any:
    """What a YAML editor sees: dates are text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def kind_of(rel: str) -> str:
    parts = rel.split("/")
    if len(parts) == 1:
        return parts[0].removesuffix(".yaml")
    return {
        "enterprises": "enterprise",
        "persons": "person",
        "credit": "credit-record",
    }.get(parts[0]) or ("evaluation" if parts[-1] == "evaluation.yaml" else "sheet-henan")


MINI_FILES = sorted(str(p.relative_to(MINI)) for p in MINI.rglob("*.yaml"))


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(committed(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("rel", MINI_FILES)
def test_mini_records_validate(rel: str) -> None:
    data = as_json(load_file(MINI / rel).value)
    errors = list(validator(kind_of(rel)).iter_errors(data))
    assert errors == [], [e.message for e in errors]


def test_mini_covers_every_kind_but_calendar_and_hulunbuir() -> None:
    assert {kind_of(r) for r in MINI_FILES} == set(SCHEMA_MODELS) - {"calendar", "sheet-hulunbuir"}


def test_schema_refuses_what_the_validator_refuses() -> None:
    ent = as_json(load_file(MINI / "enterprises/91410105MA9F3HX1K4.yaml").value)
    v = validator("enterprise")
    assert v.is_valid(ent)
    assert not v.is_valid({**ent, "registered_region": 410105})  # an unquoted code
    assert not v.is_valid({**ent, "sumary": "x"})  # an unknown key
    assert not v.is_valid({**ent, "established": "2012-5-8"})  # not YYYY-MM-DD
    rec = as_json(load_file(MINI / "credit/2026/410105-2026-0001.yaml").value)
    r = validator("credit-record")
    assert r.is_valid(rec)
    assert not r.is_valid({**rec, "class": "D"})
    assert not r.is_valid({**rec, "kind": "neutral"})
    assert not r.is_valid({**rec, "refuses_correction": "no"})


def test_calendar_and_hulunbuir_examples_validate() -> None:
    assert validator("calendar").is_valid({"2027": {"holidays": ["2027-01-01"], "workdays": []}})
    assert not validator("calendar").is_valid({"27": {"holidays": []}})
    assert not validator("regions").is_valid({"4101": "郑州"})  # keys are 6-digit codes, as in the model
    assert validator("regions").is_valid({"410100": "郑州市"})
    assert not validator("sheet-henan").is_valid({"red": {"1": 0}})
    sheet = {"scores": {"street": 62, "authority": 64}, "red_conditions": [1, 3, 4], "black_conditions": []}
    assert validator("sheet-hulunbuir").is_valid(sheet)
    assert not validator("sheet-hulunbuir").is_valid({**sheet, "red": {}})
