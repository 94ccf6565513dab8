# ruff: noqa: E501  (the tables hold long Chinese texts)
"""The Hulunbuir example (examples/hulunbuir/records/): 15 enterprises under the city's own rulebook, with
their 2025 sheets (street and authority scores, red and black list conditions)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import TypedDict

from .demo_common import P, Proj, Writer, demo_uscc
from .ids import PersonIds
from .yamltext import enterprise_text, flow_list, person_text, quoted, scalar

HL_REGIONS = {
    "150000": "内蒙古自治区",
    "150700": "呼伦贝尔市",
    "150702": "海拉尔区",
    "150703": "扎赉诺尔区",
    "150781": "满洲里市",
    "150783": "扎兰屯市",
}
HL_PLACE = {"150702": "呼伦贝尔市海拉尔区", "150703": "呼伦贝尔市扎赉诺尔区", "150781": "满洲里市",
            "150783": "扎兰屯市"}



class Extra(TypedDict, total=False):
    """What a sheet says beyond the scores (the list conditions met, a removal, a repair, severity)."""

    red_conditions: list[int]
    black_conditions: list[int]
    red_removed: dict[str, str]
    black_repair: dict[str, str]
    severe: bool


# key, name, rep, county, address, established, projects, scores (street, authority), extras
HL_ENTS: list[tuple[str, str, str, str, str, str, list[Proj], tuple[float, float], Extra]] = [
    ("H01", "呼伦贝尔草原示例物业服务有限公司", "白某", "150702", "呼伦贝尔市海拉尔区胜利大街18号", "2010-06-01", [
        P("caoyuan-huayuan", "草原示例花园", "150702", "呼伦贝尔市海拉尔区胜利大街30号", "2011-01-01"),
        P("shengli-xiaoqu", "胜利示例小区", "150702", "呼伦贝尔市海拉尔区胜利大街66号", "2018-05-01"),
    ], (46, 80), {"red_conditions": [1, 2, 3, 4]}),
    ("H02", "海拉尔某北山物业服务有限公司", "包某某", "150702", "呼伦贝尔市海拉尔区北山路6号", "2013-09-09", [
        P("beishan-jiayuan", "北山示例家园", "150702", "呼伦贝尔市海拉尔区北山路20号", "2014-01-01"),
    ], (42.5, 79), {"red_conditions": [1, 3, 5],
                    "red_removed": {"date": "2026-05-18", "reason": "2026年4月发生群体投诉事件，经核查属实，移出红榜"}}),
    ("H03", "海拉尔伊敏河示例物业管理有限公司", "乌某", "150702", "呼伦贝尔市海拉尔区河东新区伊敏河路9号",
     "2015-03-20", [
        P("yiminhe-xiaoqu", "伊敏河示例小区", "150702", "呼伦贝尔市海拉尔区伊敏河路19号", "2015-06-01"),
        P("hedong-jiayuan", "河东示例家园", "150702", "呼伦贝尔市海拉尔区河东新区正阳街8号", "2022-10-01"),
    ], (41.5, 78), {"red_conditions": [1, 2, 3, 4]}),
    ("H04", "呼伦贝尔某兴安物业服务有限公司", "韩某某", "150702", "呼伦贝尔市海拉尔区中央街40号", "2016-11-11", [
        P("xingan-xiaoqu", "兴安示例小区", "150702", "呼伦贝尔市海拉尔区中央街56号", "2017-03-01"),
    ], (30, 54), {}),
    ("H05", "海拉尔某西山物业服务有限公司", "孟某", "150702", "呼伦贝尔市海拉尔区西山路12号", "2018-04-04", [
        P("xishan-xiaoqu", "西山示例小区", "150702", "呼伦贝尔市海拉尔区西山路30号", "2018-08-01"),
    ], (18, 27), {"black_conditions": [4], "black_repair": {"approved": "2026-04-10"}}),
    ("H06", "海拉尔某河东物业服务有限公司", "敖某", "150702", "呼伦贝尔市海拉尔区正阳街20号", "2019-07-15", [
        P("zhengyang-xiaoqu", "正阳示例小区", "150702", "呼伦贝尔市海拉尔区正阳街36号", "2019-10-01"),
    ], (22.5, 35), {}),
    ("H07", "扎赉诺尔示例物业服务有限公司", "赵某某", "150703", "呼伦贝尔市扎赉诺尔区二道街10号", "2012-05-05", [
        P("erdao-xiaoqu", "二道街示例小区", "150703", "呼伦贝尔市扎赉诺尔区二道街26号", "2012-08-01"),
        P("lingquan-jiayuan", "灵泉示例家园", "150703", "呼伦贝尔市扎赉诺尔区灵泉路8号", "2020-04-01"),
    ], (35, 57), {}),
    ("H08", "扎赉诺尔某矿区物业服务有限公司", "高某", "150703", "呼伦贝尔市扎赉诺尔区矿区路3号", "2014-02-18", [
        P("kuangqu-xiaoqu", "矿区示例小区", "150703", "呼伦贝尔市扎赉诺尔区矿区路15号", "2014-05-01"),
    ], (15, 23), {"black_conditions": [1, 3], "severe": True}),
    ("H09", "满洲里国门示例物业服务有限公司", "那某", "150781", "满洲里市中苏路100号", "2011-08-08", [
        P("guomen-huayuan", "国门示例花园", "150781", "满洲里市中苏路120号", "2012-01-01"),
        P("zhongsu-xiaoqu", "中苏路示例小区", "150781", "满洲里市中苏路166号", "2019-09-01"),
    ], (44, 76), {"red_conditions": [2]}),
    ("H10", "满洲里某套娃物业服务有限公司", "李某某", "150781", "满洲里市套娃广场路6号", "2016-05-16", [
        P("taowa-jiayuan", "套娃示例家园", "150781", "满洲里市套娃广场路20号", "2016-09-01"),
    ], (38, 70), {}),
    ("H11", "满洲里某口岸物业服务有限公司", "王某", "150781", "满洲里市一道街28号", "2017-10-10", [
        P("kouan-xiaoqu", "口岸示例小区", "150781", "满洲里市一道街40号", "2018-01-01"),
    ], (24, 36), {}),
    ("H12", "满洲里某湖滨物业服务有限公司", "刘某", "150781", "满洲里市湖滨路2号", "2020-03-03", [
        P("hubin-xiaoqu", "湖滨示例小区", "150781", "满洲里市湖滨路16号", "2020-06-01"),
    ], (20, 32), {"black_conditions": [5, 7]}),
    ("H13", "扎兰屯示例物业服务有限公司", "张某某", "150783", "扎兰屯市中央路50号", "2009-09-19", [
        P("zhongyang-huayuan", "中央路示例花园", "150783", "扎兰屯市中央路66号", "2010-01-01"),
        P("yaluhe-xiaoqu", "雅鲁河示例小区", "150783", "扎兰屯市河西路12号", "2016-07-01"),
    ], (48, 83), {"red_conditions": [1, 2, 3, 4, 6]}),
    ("H14", "扎兰屯某雅鲁河物业服务有限公司", "何某", "150783", "扎兰屯市河西路30号", "2014-06-06", [
        P("hexi-jiayuan", "河西示例家园", "150783", "扎兰屯市河西路46号", "2014-09-01"),
    ], (34, 56), {}),
    ("H15", "扎兰屯某吊桥物业服务有限公司", "陈某", "150783", "扎兰屯市布特哈大街8号", "2018-12-12", [
        P("diaoqiao-xiaoqu", "吊桥示例小区", "150783", "扎兰屯市布特哈大街20号", "2019-03-01"),
    ], (28.5, 47), {}),
]


def hl_band(score: float) -> str:
    for grade, lo in (("AAA", 120), ("AA", 105), ("A", 90), ("B", 75), ("C", 60)):
        if score >= lo:
            return grade
    return "D"


_PERSON_NAMES = ["巴某", "孟某某", "吴某", "郭某某", "乌某某", "蔡某", "邢某", "关某某", "潘某", "鄂某", "金某某",
                 "姜某", "石某", "侯某某", "康某", "秦某某", "邵某", "毛某", "邱某某", "常某", "贺某", "雷某某",
                 "万某", "武某", "杭某某", "温某", "岳某", "段某某", "苗某", "付某", "牛某", "庞某某", "尹某", "屈某",
                 "霍某某", "闫某", "柴某", "车某某", "齐某", "安某"]


def _sheet(st: float, au: float, extra: Extra) -> tuple[str, str]:
    """(the sheet's text, the grade) of an enterprise's 2025 evaluation."""
    total = st + au
    grade = hl_band(total)
    sheet = [f"scores: {{street: {st:g}, authority: {au:g}}}".ljust(44) + f"# 合计 {total:g} 分，{grade} 级"]
    if "red_conditions" in extra:
        sheet.append(f"red_conditions: {flow_list(extra['red_conditions'])}")
    if "black_conditions" in extra:
        sheet.append(f"black_conditions: {flow_list(extra['black_conditions'])}")
    if "red_removed" in extra:
        rr = extra["red_removed"]
        sheet += ["red_removed:", f"  date: {rr['date']}", f"  reason: {scalar(rr['reason'])}"]
    if "black_repair" in extra:
        sheet += ["black_repair:", f"  approved: {extra['black_repair']['approved']}"]
    if extra.get("severe"):
        sheet.append("severe: true")
    return "\n".join(sheet) + "\n", grade


def write_hulunbuir(out: Writer) -> None:
    """Replace examples/hulunbuir/records/ with the example."""
    base = out.root / "examples" / "hulunbuir" / "records"
    if base.exists():
        shutil.rmtree(base)

    def file(rel: Path, kind: str, body: str) -> None:
        out.write(base / rel, base, kind, body)

    file(Path("platform.yaml"), "platform",
         "name: 呼伦贝尔市住宅物业服务企业评价和“红黑榜”公示平台（演示数据）\n"
         'operator: "150700"\n'
         "rulebook: hulunbuir\n"
         "license: CC-BY-4.0\n")
    file(Path("regions.yaml"), "regions",
         "# GB/T 2260 行政区划代码。满洲里市、扎兰屯市为呼伦贝尔市代管的县级市。\n"
         + "".join(f"{quoted(c)}: {n}\n" for c, n in HL_REGIONS.items()))
    auths = [("150000", "内蒙古自治区住房和城乡建设厅", "province"),
             ("150700", "呼伦贝尔市住房和城乡建设局", "city")]
    auths += [(c, HL_PLACE[c] + "住房和城乡建设局", "county") for c in HL_PLACE]
    file(Path("authorities.yaml"), "authorities",
         "".join(f"- code: {quoted(c)}\n  name: {n}\n  level: {lv}\n" for c, n, lv in auths))
    person_ids = PersonIds()
    names = iter(_PERSON_NAMES)

    def person(region: str) -> str:
        pid = person_ids.next(region)
        file(Path("persons", f"{pid}.yaml"), "person", person_text(next(names)))
        return pid

    for tel, (key, name, rep, county, addr, est, projects, (st, au), extra) in enumerate(HL_ENTS, start=1):
        uscc = demo_uscc(county, key + name)
        gm_id = person(county)
        managed = [replace(p, manager=person(p.region)) for p in projects]
        hotline = f"0470-{6555 * 10000 + tel * 13 + 200}"
        file(Path("enterprises", f"{uscc}.yaml"), "enterprise",
             enterprise_text(name, [], rep, county, addr, est, hotline, managed, [(gm_id, "总经理")]))
        sheet, grade = _sheet(st, au, extra)
        file(Path("evaluations", "2025", county, f"{uscc}.yaml"), "sheet-hulunbuir", sheet)
        out.report.append(f"hulunbuir {key} {name}: {st + au:g} {grade} {extra}")
    for county in HL_PLACE:
        file(Path("evaluations", "2025", county, "evaluation.yaml"), "evaluation",
             "cutoff: 2025-12-20\npublished: 2026-01-20\n")
