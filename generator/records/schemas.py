"""JSON Schema for every record file kind (DESIGN §2), generated from :data:`generator.records.kinds.SCHEMA_MODELS`.

``python -m generator.records.schemas`` writes ``schemas/<kind>.schema.json``; ``--check`` only compares and exits 1
naming the files that are out of date (a test and CI run it, so the committed schemas follow the models).
Editors use them through the ``# yaml-language-server: $schema=…`` line that ``credit new`` writes.

The output is deterministic: sorted keys, 2-space indent, UTF-8 without escaping, a trailing newline.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.records.kinds import SCHEMA_MODELS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "schemas"

TITLES: dict[str, tuple[str, str]] = {
    "platform": (
        "平台设置 platform.yaml",
        "records/platform.yaml：平台名称、运营机关（authorities.yaml 中的代码）、"
        "评价规则（henan 或 hulunbuir）和数据许可。",
    ),
    "regions": (
        "行政区划 regions.yaml",
        "records/regions.yaml：本平台使用的 GB/T 2260 行政区划代码及名称，省 → 市 → 县；"
        "代码是 6 位数字，须加引号，例如 \"410105\": 金水区。",
    ),
    "authorities": (
        "机关 authorities.yaml",
        "records/authorities.yaml：录入、认定和评价信用信息的机关；代码为 6 位区划代码或 9 位乡镇街道代码，"
        "级别为 province、city、county 或 street。",
    ),
    "calendar": (
        "节假日安排 calendar.yaml",
        "records/calendar.yaml：日历库尚未收录年份的国务院节假日安排（第二十条：期限按工作日计算）；"
        "holidays 为放假的工作日，workdays 为调休上班的周末。",
    ),
    "enterprise": (
        "物业服务企业 enterprises/<统一社会信用代码>.yaml",
        "物业服务企业的基本信息（第六条）：名称、曾用名、法定代表人、注册地、地址、成立日期、公共服务电话、"
        "在管项目和主要管理人员。文件名即统一社会信用代码；不得填写身份证号码或个人手机号码（第九条）。",
    ),
    "person": (
        "人员 persons/<P-区划-序号>.yaml",
        "物业服务项目负责人或企业主要管理人员（信用主体，第三条）：只有姓名和备注，"
        "不得填写身份证号码或电话号码（第九条）。",
    ),
    "credit-record": (
        "信用信息 credit/<年份>/<录入机关代码>-<年份>-<序号>.yaml",
        "一条优良或不良信用信息（第六、十、十一条）：信用主体、评分标准条目、决定文书、录入与告知日期、"
        "公开期限、延长、异议（第十七条）、信用修复（第十六条）和撤销。年份为决定生效之年。",
    ),
    "evaluation": (
        "年度信用评价 evaluations/<年份>/<机关代码>/evaluation.yaml",
        "一个机关的年度信用评价（第十二、十三条）：评价截止日、公示开始日期和"
        "公示截止日（不少于 7 个工作日）。",
    ),
    "sheet-henan": (
        "评分表（河南）evaluations/<年份>/<机关代码>/<统一社会信用代码>.yaml",
        "参加“红色物业”创建（附件3）和智慧物业建设（附件4）星级评定的企业的评分表："
        "条目 → 缺项数（0 为满分）或 absent；智慧物业五为 {full, partial} 小区数，七.1 为 {count} 成果数。",
    ),
    "sheet-hulunbuir": (
        "评分表（呼伦贝尔）evaluations/<年份>/<机关代码>/<统一社会信用代码>.yaml",
        "呼伦贝尔市物业服务企业评价：街道（乡镇）与行政主管部门评分、红榜和黑榜条件、移出红榜、黑榜修复、情节特别严重。",
    ),
}


def _close_pattern_maps(node: Any) -> None:
    """A mapping whose keys are constrained (``dict[RegionCode, …]``) refuses other keys, as the model does;
    pydantic leaves ``additionalProperties`` open beside ``patternProperties``."""
    if isinstance(node, dict):
        if "patternProperties" in node and "properties" not in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_pattern_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_pattern_maps(value)


def schema_for(name: str) -> dict[str, Any]:
    """The JSON Schema of one record file kind."""
    model = SCHEMA_MODELS[name]
    schema: dict[str, Any] = model.model_json_schema(by_alias=True, mode="validation")
    _close_pattern_maps(schema)
    title, description = TITLES[name]
    schema["$schema"] = DRAFT
    schema["title"] = title
    schema["description"] = description
    return schema


def render(name: str) -> str:
    return json.dumps(schema_for(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def expected() -> dict[str, str]:
    """File name → content, for every record file kind."""
    missing = sorted(set(SCHEMA_MODELS) - set(TITLES))
    if missing:
        raise KeyError(f"no title and description for schema(s): {', '.join(missing)}")
    return {file_name(name): render(name) for name in sorted(SCHEMA_MODELS)}


def stale(directory: Path) -> list[str]:
    """Names of files in ``directory`` that are missing, differ from the models, or belong to no model."""
    want = expected()
    out = []
    for fname, text in want.items():
        path = directory / fname
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(fname)
    if directory.is_dir():
        out.extend(p.name for p in sorted(directory.glob("*.schema.json")) if p.name not in want)
    return sorted(out)


def write_schemas(directory: Path = DEFAULT_DIR) -> list[Path]:
    """Write every schema into ``directory``, removing schemas of kinds that no longer exist."""
    directory.mkdir(parents=True, exist_ok=True)
    want = expected()
    written = []
    for fname, text in want.items():
        path = directory / fname
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    for old in sorted(directory.glob("*.schema.json")):
        if old.name not in want:
            old.unlink()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.records.schemas", description="write schemas/*.schema.json from the record models"
    )
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="output folder (default: schemas/)")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 naming out-of-date files")
    args = parser.parse_args(argv)
    directory: Path = args.dir
    if args.check:
        bad = stale(directory)
        for fname in bad:
            print(f"{directory / fname}: 与模型不一致，请运行 python -m generator.records.schemas 重新生成"
                  f"（out of date）", file=sys.stderr)
        return 1 if bad else 0
    for path in write_schemas(directory):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
