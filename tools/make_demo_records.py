# ruff: noqa: E501  (the data tables hold long Chinese texts)
"""Write the committed demo records: records/ (henan) and examples/hulunbuir/records/ (hulunbuir).

A one-off helper kept for reproducibility: the YAML files it writes are the source of truth and are meant
to be read and edited by hand like any regulator's file. Re-running it overwrites both directories.

Everything here is fictional: every enterprise name contains 示例 or 某, persons are 王某某-style names,
USCCs are made up (with valid GB 32100-2015 check digits), hotlines are landline service numbers.

    .venv/bin/python tools/make_demo_records.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from stdnum.cn import uscc as stdnum_uscc

from generator.rules.calendar import WorkCalendar
from generator.rules.regions import active_project_regions, rating_scope
from generator.rules.rulebook import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
HENAN = ROOT / "records"
HLBE = ROOT / "examples" / "hulunbuir" / "records"
CAL = WorkCalendar()
D = dt.date.fromisoformat

# ---------------------------------------------------------------------------------------------------
# YAML writing: plain scalars where safe, quoted codes, unquoted dates
# ---------------------------------------------------------------------------------------------------

_RISKY_START = set("-?:,[]{}#&*!|>'\"%@`=+ \t")
_YAML11 = re.compile(
    r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~"
    r"|[-+]?[0-9][0-9_.:eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$"
)


def s(text: str) -> str:
    """A text scalar: plain where YAML reads it back unchanged as text, else double-quoted."""
    if (not text or text[0] in _RISKY_START or text != text.strip() or ": " in text or " #" in text
            or text.endswith(":") or _YAML11.match(text) or "\n" in text):
        return json.dumps(text, ensure_ascii=False)
    return text


def code(c: str) -> str:
    return f'"{c}"'


def schema_line(path: Path, base: Path, kind: str) -> str:
    depth = len(path.relative_to(base).parts) - 1
    up = "../" * (depth + len(base.relative_to(ROOT).parts))
    return f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json\n"


WRITTEN: list[Path] = []


def write(path: Path, base: Path, kind: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_line(path, base, kind) + body, encoding="utf-8")
    WRITTEN.append(path)


# ---------------------------------------------------------------------------------------------------
# deterministic helpers
# ---------------------------------------------------------------------------------------------------

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def h(key: str) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16)


def make_uscc(region: str, key: str) -> str:
    n = h("uscc:" + key)
    tail = ""
    for _ in range(7):
        n, r = divmod(n, len(USCC_CHARS))
        tail += USCC_CHARS[r]
    base17 = "91" + region + "MA" + tail
    full = base17 + stdnum_uscc.calc_check_digit(base17)
    assert stdnum_uscc.is_valid(full), full
    return full


def next_workday(day: dt.date) -> dt.date:
    while not CAL.is_workday(day):
        day += dt.timedelta(days=1)
    return day


SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段")


# ---------------------------------------------------------------------------------------------------
# Henan: regions and authorities
# ---------------------------------------------------------------------------------------------------

REGIONS: dict[str, str] = {
    "410000": "河南省",
    "410100": "郑州市", "410102": "中原区", "410103": "二七区", "410105": "金水区", "410122": "中牟县",
    "410184": "新郑市",
    "410200": "开封市", "410204": "鼓楼区", "410205": "禹王台区",
    "410300": "洛阳市", "410303": "西工区", "410305": "涧西区", "410311": "洛龙区",
    "410400": "平顶山市", "410402": "新华区", "410411": "湛河区",
    "410700": "新乡市", "410702": "红旗区", "410711": "牧野区",
    "411300": "南阳市", "411302": "宛城区", "411303": "卧龙区",
    "419001": "济源市",
}
STREETS = {
    "410105002": "郑州市金水区花园路街道办事处",
    "410103007": "郑州市二七区大学路街道办事处",
}
STREET_SHORT = {"410105002": "花园路", "410103007": "大学路"}
# abbreviations used in document numbers (文号)
ABBR = {
    "410000": "豫", "410100": "郑", "410102": "中原", "410103": "二七", "410105": "金", "410122": "牟",
    "410184": "新郑", "410200": "汴", "410204": "鼓", "410205": "禹", "410300": "洛", "410303": "西工",
    "410305": "涧", "410311": "洛龙", "410400": "平", "410402": "新华", "410411": "湛", "410700": "新",
    "410702": "红", "410711": "牧", "411300": "宛", "411302": "宛城", "411303": "卧", "419001": "济",
}
AREA_CODE = {"4101": "0371", "4102": "0371", "4103": "0379", "4104": "0375", "4107": "0373", "4113": "0377",
             "4190": "0391"}


def city_of(c: str) -> str:
    return c if c == "419001" else c[:4] + "00"


def place(c: str) -> str:
    """Full place name: 郑州市金水区, 郑州市, 济源市, 河南省."""
    if c.endswith("0000"):
        return REGIONS[c]
    if c.endswith("00") or c == "419001":
        return REGIONS[c]
    if not REGIONS[c].endswith("区"):  # 县 and county-level cities go by their own name
        return REGIONS[c]
    return REGIONS[city_of(c)] + REGIONS[c]


def housing(c: str) -> str:
    if len(c) == 9:
        return STREETS[c]
    if c == "410000":
        return "河南省住房和城乡建设厅"
    return place(c) + "住房和城乡建设局"


def level_of(c: str) -> str:
    if len(c) == 9:
        return "street"
    if c.endswith("0000"):
        return "province"
    if c.endswith("00"):
        return "city"
    return "county"


# ---------------------------------------------------------------------------------------------------
# Henan: enterprises
# ---------------------------------------------------------------------------------------------------


@dataclass
class Proj:
    id: str
    name: str
    region: str
    address: str
    since: str
    until: str | None = None
    manager: str | None = None


@dataclass
class Ent:
    key: str
    name: str
    rep: str
    reg: str
    address: str
    established: str
    projects: list[Proj]
    former: list[str] = field(default_factory=list)
    uscc: str = ""
    hotline: str = ""
    gm: str = ""
    deputy: str | None = None
    no_manager: tuple[int, ...] = ()


def P(pid: str, name: str, region: str, address: str, since: str, until: str | None = None) -> Proj:
    return Proj(pid, name, region, address, since, until)


ENTS: list[Ent] = [
    # ---- 郑州市 ----
    Ent("E01", "郑州恒信示例物业服务有限公司", "王某", "410105", "郑州市金水区花园路88号示例大厦15层", "2012-05-08", [
        P("hengxin-huayuan", "恒信花园", "410105", "郑州市金水区花园路120号", "2016-01-01"),
        P("hengxin-gongyu", "恒信国际公寓", "410105", "郑州市金水区农业路36号", "2019-07-01"),
        P("mouyuan-xiaoqu", "牟园示例小区", "410122", "郑州市中牟县青年路18号", "2022-03-01"),
    ], former=["郑州恒信示例物业管理有限公司"]),
    Ent("E02", "郑州商都示例物业管理有限公司", "李某某", "410105", "郑州市金水区经三路26号", "2009-11-20", [
        P("shangdu-jiayuan", "商都示例家园", "410105", "郑州市金水区经三路60号", "2013-04-01"),
        P("dongfeng-yuan", "东风示例苑", "410105", "郑州市金水区东风路12号", "2018-09-01"),
    ]),
    Ent("E03", "河南豫安示例物业服务有限公司", "张某", "410105", "郑州市金水区未来路200号", "2008-03-15", [
        P("yuan-mingzhu", "豫安明珠示例小区", "410105", "郑州市金水区未来路210号", "2015-06-01"),
        P("fanta-xiaoqu", "繁塔示例小区", "410205", "开封市禹王台区汴京路66号", "2020-01-01"),
        P("hongqi-jiayuan", "红旗示例家园", "410702", "新乡市红旗区平原路99号", "2021-05-01"),
    ], former=["河南豫安示例物业管理有限公司"]),
    Ent("E04", "郑州花园路示例物业服务有限公司", "刘某", "410105", "郑州市金水区花园路150号", "2016-08-01", [
        P("huayuan-shequ", "花园示例社区", "410105", "郑州市金水区花园路156号", "2017-01-01"),
    ]),
    Ent("E05", "郑州某宜居物业服务有限公司", "陈某某", "410105", "郑州市金水区丰产路8号", "2018-02-26", [
        P("yiju-xiaoqu", "宜居示例小区", "410105", "郑州市金水区丰产路30号", "2018-06-01"),
        P("fengchan-gongyu", "丰产示例公寓", "410105", "郑州市金水区丰产路52号", "2023-03-01"),
    ]),
    Ent("E06", "郑州二七嵩岳示例物业服务有限公司", "杨某", "410103", "郑州市二七区大学路80号", "2011-07-12", [
        P("songyue-huayuan", "嵩岳示例花园", "410103", "郑州市二七区大学路90号", "2014-01-01"),
        P("daxue-xiaoqu", "大学路示例小区", "410103", "郑州市二七区大学路118号", "2019-03-01"),
    ]),
    Ent("E07", "郑州某德化物业服务有限公司", "赵某", "410103", "郑州市二七区德化街20号", "2014-04-18", [
        P("dehua-yuan", "德化示例苑", "410103", "郑州市二七区德化街36号", "2015-05-01", "2023-10-31"),
        P("jingguang-xiaoqu", "京广示例小区", "410103", "郑州市二七区京广路46号", "2024-03-01"),
    ]),
    Ent("E08", "郑州瑞禾示例物业服务有限公司", "黄某某", "410103", "郑州市二七区长江路10号", "2017-09-05", [
        P("ruihe-jiayuan", "瑞禾示例家园", "410103", "郑州市二七区长江路20号", "2018-01-01"),
        P("jianshe-xiaoqu", "建设路示例小区", "410102", "郑州市中原区建设路100号", "2021-08-01"),
    ]),
    Ent("E09", "郑州中原康泰示例物业服务有限公司", "周某", "410102", "郑州市中原区桐柏路66号", "2010-10-10", [
        P("kangtai-huayuan", "康泰示例花园", "410102", "郑州市中原区桐柏路80号", "2012-01-01"),
        P("mianfang-shequ", "棉纺示例社区", "410102", "郑州市中原区棉纺路15号", "2020-06-01"),
    ]),
    Ent("E10", "郑州绿林示例物业管理有限公司", "吴某", "410102", "郑州市中原区秦岭路30号", "2015-03-03", [
        P("lulin-xiaoqu", "绿林示例小区", "410102", "郑州市中原区秦岭路40号", "2016-01-01"),
        P("xuanyuan-jiayuan", "轩辕路示例家园", "410184", "新郑市轩辕路28号", "2025-01-01"),
    ]),
    Ent("E11", "郑州某泰和物业服务有限公司", "徐某某", "410102", "郑州市中原区汝河路9号", "2019-06-20", [
        P("taihe-yuan", "泰和示例苑", "410102", "郑州市中原区汝河路19号", "2019-09-01"),
    ]),
    Ent("E12", "中牟县润泽示例物业服务有限公司", "孙某", "410122", "郑州市中牟县官渡大道88号", "2013-12-01", [
        P("runze-huayuan", "润泽示例花园", "410122", "郑州市中牟县官渡大道100号", "2014-06-01"),
        P("guandu-xiaoqu", "官渡示例小区", "410122", "郑州市中牟县官渡大道168号", "2020-10-01"),
    ]),
    Ent("E13", "中牟县某安居物业服务有限公司", "胡某", "410122", "郑州市中牟县商都大道12号", "2017-05-16", [
        P("anju-xiaoqu", "安居示例小区", "410122", "郑州市中牟县商都大道26号", "2017-08-01"),
    ]),
    Ent("E14", "新郑市轩辕示例物业服务有限公司", "朱某某", "410184", "新郑市中华北路56号", "2012-09-09", [
        P("xuanyuan-mingyuan", "轩辕示例名苑", "410184", "新郑市中华北路70号", "2013-03-01"),
        P("longhu-xiaoqu", "龙湖镇示例小区", "410184", "新郑市龙湖镇祥和路8号", "2021-01-01"),
    ]),
    # ---- 开封市 ----
    Ent("E15", "开封鼓楼示例物业服务有限公司", "高某", "410204", "开封市鼓楼区中山路中段50号", "2011-02-14", [
        P("gulou-huayuan", "鼓楼示例花园", "410204", "开封市鼓楼区中山路中段70号", "2012-05-01"),
        P("zhongshan-xiaoqu", "中山路示例小区", "410204", "开封市鼓楼区中山路北段16号", "2019-04-01"),
    ]),
    Ent("E16", "开封某汴京物业管理有限公司", "林某", "410204", "开封市鼓楼区自由路32号", "2016-06-06", [
        P("bianjing-jiayuan", "汴京示例家园", "410204", "开封市鼓楼区自由路48号", "2016-10-01"),
        P("yuwang-xiaoqu", "禹王示例小区", "410205", "开封市禹王台区三里堡路20号", "2022-07-01"),
    ]),
    Ent("E17", "开封禹王台繁塔示例物业服务有限公司", "何某某", "410205", "开封市禹王台区汴京路18号", "2014-08-08", [
        P("fanta-jiayuan", "繁塔示例家园", "410205", "开封市禹王台区汴京路28号", "2015-01-01"),
        P("sanlibao-shequ", "三里堡示例社区", "410205", "开封市禹王台区三里堡路60号", "2021-03-01"),
    ]),
    Ent("E18", "开封某清明物业服务有限公司", "郭某", "410205", "开封市禹王台区五一路40号", "2018-03-28", [
        P("qingming-xiaoqu", "清明示例小区", "410205", "开封市禹王台区五一路58号", "2018-07-01"),
    ]),
    Ent("E19", "开封宋都示例物业服务有限公司", "马某", "410205", "开封市禹王台区东郊乡宋都路6号", "2020-04-01", [
        P("songdu-yuan", "宋都示例苑", "410205", "开封市禹王台区宋都路16号", "2020-06-01"),
    ]),
    # ---- 洛阳市 ----
    Ent("E20", "洛阳涧西示例物业服务有限公司", "罗某某", "410305", "洛阳市涧西区中州西路100号", "2007-06-18", [
        P("jianxi-xiaoqu", "涧西示例小区", "410305", "洛阳市涧西区中州西路120号", "2008-01-01"),
        P("wuyi-shequ", "武汉路示例社区", "410305", "洛阳市涧西区武汉路30号", "2016-04-01"),
        P("changchun-jiayuan", "长春路示例家园", "410305", "洛阳市涧西区长春路52号", "2022-09-01"),
    ]),
    Ent("E21", "洛阳某牡丹物业服务有限公司", "梁某", "410305", "洛阳市涧西区南昌路9号", "2015-11-11", [
        P("mudan-huayuan", "牡丹示例花园", "410305", "洛阳市涧西区南昌路19号", "2016-03-01"),
        P("kaiyuan-xiaoqu", "开元示例小区", "410311", "洛阳市洛龙区开元大道210号", "2021-06-01"),
    ]),
    Ent("E22", "洛阳河洛示例物业管理有限公司", "宋某", "410305", "洛阳市涧西区九都西路66号", "2010-01-20", [
        P("heluo-yuan", "河洛示例苑", "410305", "洛阳市涧西区九都西路80号", "2011-01-01"),
        P("yingcheng-xiaoqu", "鹰城示例小区", "410402", "平顶山市新华区中兴路88号", "2020-11-01"),
        P("wangwu-jiayuan", "王屋示例家园", "419001", "济源市济水大街126号", "2023-06-01"),
    ]),
    Ent("E23", "洛阳洛龙伊滨示例物业服务有限公司", "郑某", "410311", "洛阳市洛龙区开元大道88号", "2013-05-05", [
        P("yibin-huayuan", "伊滨示例花园", "410311", "洛阳市洛龙区开元大道96号", "2014-01-01"),
        P("longmen-xiaoqu", "龙门大道示例小区", "410311", "洛阳市洛龙区龙门大道300号", "2019-12-01"),
    ]),
    Ent("E24", "洛阳某龙门物业服务有限公司", "谢某某", "410311", "洛阳市洛龙区展览路12号", "2016-09-19", [
        P("zhanlan-jiayuan", "展览路示例家园", "410311", "洛阳市洛龙区展览路22号", "2017-01-01"),
        P("guanlin-xiaoqu", "关林示例小区", "410311", "洛阳市洛龙区关林路50号", "2024-05-01"),
    ]),
    Ent("E25", "洛阳隋唐示例物业服务有限公司", "韩某", "410311", "洛阳市洛龙区隋唐大道18号", "2012-12-12", [
        P("suitang-yuan", "隋唐示例苑", "410311", "洛阳市洛龙区隋唐大道28号", "2013-06-01"),
        P("dingding-xiaoqu", "定鼎示例小区", "410311", "洛阳市洛龙区定鼎南路8号", "2018-05-01", "2025-06-30"),
    ]),
    Ent("E26", "洛阳西工示例物业服务有限公司", "唐某", "410303", "洛阳市西工区中州中路200号", "2009-08-08", [
        P("xigong-xiaoqu", "西工示例小区", "410303", "洛阳市西工区中州中路220号", "2010-01-01"),
    ]),
    # ---- 平顶山市 ----
    Ent("E27", "平顶山鹰城示例物业服务有限公司", "冯某某", "410402", "平顶山市新华区建设路中段36号", "2011-04-04", [
        P("yingcheng-huayuan", "鹰城示例花园", "410402", "平顶山市新华区建设路中段50号", "2012-01-01"),
        P("zhongxing-shequ", "中兴路示例社区", "410402", "平顶山市新华区中兴路120号", "2018-08-01"),
    ]),
    Ent("E28", "平顶山某新华物业管理有限公司", "于某", "410402", "平顶山市新华区光明路16号", "2015-07-07", [
        P("guangming-xiaoqu", "光明示例小区", "410402", "平顶山市新华区光明路30号", "2015-10-01"),
        P("zhanhe-jiayuan", "湛河示例家园", "410411", "平顶山市湛河区开源路60号", "2020-03-01"),
    ]),
    Ent("E29", "平顶山湛河示例物业服务有限公司", "董某", "410411", "平顶山市湛河区南环路88号", "2014-10-16", [
        P("nanhuan-xiaoqu", "南环路示例小区", "410411", "平顶山市湛河区南环路96号", "2015-01-01"),
    ]),
    Ent("E30", "平顶山某白龟物业服务有限公司", "萧某某", "410411", "平顶山市湛河区姚孟路18号", "2019-01-10", [
        P("baigui-huayuan", "白龟湖示例花园", "410411", "平顶山市湛河区姚孟路28号", "2019-04-01"),
    ]),
    # ---- 新乡市 ----
    Ent("E31", "新乡红旗示例物业服务有限公司", "程某", "410702", "新乡市红旗区人民东路100号", "2010-05-20", [
        P("hongqi-huayuan", "红旗示例花园", "410702", "新乡市红旗区人民东路120号", "2011-01-01"),
        P("pingyuan-shequ", "平原路示例社区", "410702", "新乡市红旗区平原路40号", "2017-06-01"),
    ]),
    Ent("E32", "新乡某牧野湖物业服务有限公司", "曹某", "410702", "新乡市红旗区新中大道66号", "2016-02-02", [
        P("xinzhong-xiaoqu", "新中示例小区", "410702", "新乡市红旗区新中大道80号", "2016-06-01"),
        P("muyehu-jiayuan", "牧野湖示例家园", "410711", "新乡市牧野区牧野大道200号", "2021-09-01"),
    ]),
    Ent("E33", "新乡卫水示例物业管理有限公司", "袁某某", "410702", "新乡市红旗区卫河路12号", "2018-11-08", [
        P("weishui-yuan", "卫水示例苑", "410702", "新乡市红旗区卫河路26号", "2019-01-01"),
    ]),
    Ent("E34", "新乡牧野示例物业服务有限公司", "邓某", "410711", "新乡市牧野区荣校路50号", "2012-03-30", [
        P("rongxiao-xiaoqu", "荣校路示例小区", "410711", "新乡市牧野区荣校路66号", "2012-08-01"),
        P("muye-huayuan", "牧野示例花园", "410711", "新乡市牧野区牧野大道90号", "2020-05-01"),
    ]),
    Ent("E35", "新乡某平原物业服务有限公司", "许某", "410711", "新乡市牧野区北干道18号", "2017-12-18", [
        P("beigan-xiaoqu", "北干道示例小区", "410711", "新乡市牧野区北干道36号", "2018-03-01", "2024-06-30"),
    ]),
    # ---- 南阳市 ----
    Ent("E36", "南阳宛城示例物业服务有限公司", "傅某某", "411302", "南阳市宛城区仲景路66号", "2011-09-01", [
        P("wancheng-huayuan", "宛城示例花园", "411302", "南阳市宛城区仲景路80号", "2012-03-01"),
        P("zhongjing-xiaoqu", "仲景示例小区", "411302", "南阳市宛城区仲景路126号", "2019-10-01"),
    ]),
    Ent("E37", "南阳某白河物业服务有限公司", "沈某", "411302", "南阳市宛城区滨河路20号", "2015-04-15", [
        P("baihe-jiayuan", "白河示例家园", "411302", "南阳市宛城区滨河路30号", "2015-08-01"),
        P("wolong-xiaoqu", "卧龙岗示例小区", "411303", "南阳市卧龙区卧龙路150号", "2020-12-01"),
    ]),
    Ent("E38", "南阳汉韵示例物业管理有限公司", "曾某", "411302", "南阳市宛城区工业路8号", "2013-06-30", [
        P("hanyun-yuan", "汉韵示例苑", "411302", "南阳市宛城区工业路18号", "2013-10-01"),
        P("hanyun-zhengzhou", "汉韵郑州示例公寓", "410105", "郑州市金水区南阳路220号", "2022-04-01"),
    ]),
    Ent("E39", "南阳卧龙示例物业服务有限公司", "彭某某", "411303", "南阳市卧龙区车站路50号", "2012-07-07", [
        P("wolong-huayuan", "卧龙示例花园", "411303", "南阳市卧龙区车站路60号", "2013-01-01"),
        P("qiyi-shequ", "七一路示例社区", "411303", "南阳市卧龙区七一路30号", "2021-04-01"),
    ]),
    Ent("E40", "南阳某独山物业服务有限公司", "吕某", "411303", "南阳市卧龙区独山大道10号", "2019-08-19", [
        P("dushan-xiaoqu", "独山示例小区", "411303", "南阳市卧龙区独山大道26号", "2019-11-01"),
    ]),
    # ---- 济源市 ----
    Ent("E41", "济源王屋示例物业服务有限公司", "苏某", "419001", "济源市济水大街中段100号", "2012-11-11", [
        P("jishui-huayuan", "济水示例花园", "419001", "济源市济水大街中段118号", "2013-05-01"),
        P("yugong-shequ", "愚公路示例社区", "419001", "济源市愚公路66号", "2020-07-01"),
    ]),
    Ent("E42", "济源某愚公物业服务有限公司", "卢某某", "419001", "济源市天坛路30号", "2016-03-18", [
        P("tiantan-xiaoqu", "天坛示例小区", "419001", "济源市天坛路46号", "2016-06-01"),
    ]),
]
E = {e.key: e for e in ENTS}
DEPUTIES = {"E01", "E03", "E20", "E22", "E31", "E38"}
NO_MANAGER = {("E05", 1), ("E25", 1), ("E35", 0)}


@dataclass
class Person:
    id: str
    name: str
    note: str | None = None


PERSONS: dict[str, Person] = {}
_serial: dict[str, int] = defaultdict(int)
_name_i = 0


def new_person(region: str, note: str | None = None) -> str:
    global _name_i
    _serial[region] += 1
    pid = f"P-{region}-{_serial[region]:04d}"
    surname = SURNAMES[(_name_i * 7) % len(SURNAMES)]
    form = ("某某", "某")[(_name_i // len(SURNAMES)) % 2] if _name_i % 3 else "某"
    _name_i += 1
    PERSONS[pid] = Person(pid, surname + form, note)
    return pid


def setup_henan_enterprises() -> None:
    tel_serial: dict[str, int] = defaultdict(int)
    for e in ENTS:
        e.uscc = make_uscc(e.reg, e.key + e.name)
        e.gm = new_person(e.reg)
        if e.key in DEPUTIES:
            e.deputy = new_person(e.reg)
        for i, p in enumerate(e.projects):
            if (e.key, i) not in NO_MANAGER:
                p.manager = new_person(p.region)
        area = AREA_CODE[e.reg[:4]]
        tel_serial[area] += 1
        first = {"0371": "6555", "0379": "6555", "0375": "2555", "0373": "3555", "0377": "6355",
                 "0391": "6655"}[area]
        if e.reg[:4] == "4102":
            first = "2355"
        e.hotline = f"{area}-{first}{tel_serial[area] * 7 + 100:04d}"


# ---------------------------------------------------------------------------------------------------
# Henan: credit records
# ---------------------------------------------------------------------------------------------------

BODY = {  # other deciding bodies: (county suffix, city suffix, document pattern)
    "fire": ("消防救援大队", "消防救援支队", "{ab}消行罚决字〔{y}〕{n:04d}号"),
    "work_safety": ("应急管理局", "应急管理局", "{ab}应急罚〔{y}〕{n}号"),
    "special_equipment": ("市场监督管理局", "市场监督管理局", "{ab}市监罚〔{y}〕{n}号"),
}
DOC_KIND = {"penalty": "建罚决字", "order": "建责改字", "handling": "建处字"}

_doc_counter: dict[tuple[str, str, int], int] = {}


def doc_number(key: tuple[str, str, int]) -> int:
    if key not in _doc_counter:
        _doc_counter[key] = 2 + h("doc:" + repr(key)) % 9
    else:
        _doc_counter[key] += 1 + h("step:" + repr(key) + str(_doc_counter[key])) % 4
    return _doc_counter[key]


@dataclass
class Rec:
    subject: str  # enterprise key (E01) or person id
    project: int | None
    kind: str
    item: str
    eff: str
    summary: str
    cls: str | None = None
    level: str = "county"
    dkind: str | None = None
    months: int | None = None
    count: int = 1
    points: int | None = None
    domain: str | None = None  # other deciding body (fire | work_safety | special_equipment)
    penalty_months: int | None = None
    learned: str | None = None
    entered: str | None = None
    notified: str | None = None
    refuses: bool = False
    deed: str | None = None
    authority: str | None = None  # explicit deciding body (good records, courts)
    document: str | None = None
    region: str | None = None  # explicit decision region (county/city/street code)
    extensions: list[tuple[str, int, str]] = field(default_factory=list)
    objections: list[dict[str, object]] = field(default_factory=list)
    repair: dict[str, str] | None = None
    withdrawn: tuple[str, str] | None = None
    note: str = ""  # what this record exercises (report only)
    # filled in later
    id: str = ""
    recorder: str = ""


def ent_of(r: Rec) -> Ent | None:
    return E.get(r.subject)


def person_region(pid: str) -> str:
    return pid.split("-")[1]


def pm(ek: str, i: int) -> str:
    m = E[ek].projects[i].manager
    assert m
    return m


def gm(ek: str) -> str:
    return E[ek].gm


def bad(subject: str, project: int | None, cls: str, item: str, eff: str, summary: str, **kw: object) -> Rec:
    kw.setdefault("dkind", "order")
    return Rec(subject, project, "bad", item, eff, summary, cls=cls, **kw)  # type: ignore[arg-type]


def good(subject: str, item: str, level: str, eff: str, summary: str, **kw: object) -> Rec:
    return Rec(subject, None, "good", item, eff, summary, level=level, **kw)  # type: ignore[arg-type]


HUAYUAN, DAXUE = "410105002", "410103007"

RECORDS: list[Rec] = [
    # ================================ 2023 ================================
    bad("E01", 0, "B", "market.1.21", "2023-03-14",
        "恒信花园物业服务中心以停止为欠费业主开通单元门禁的方式催交物业费，经核查属实，责令限期改正。", months=6),
    bad("E02", 0, "C", "market.1.13", "2023-04-11",
        "商都示例家园项目承接查验资料、维修记录等档案未分类归档，管理制度未上墙，责令限期改正。"),
    bad("E06", 0, "B", "safety.2.3", "2023-05-09",
        "嵩岳示例花园3号楼、5号楼疏散楼梯间堆放纸箱、旧家具等杂物，未及时组织清理。", months=6),
    bad("E09", 0, "B", "safety.2.2", "2023-06-06",
        "康泰示例花园消防水泵不能正常启动，室内消火栓管网压力不足，消防救援机构依法予以罚款。",
        dkind="penalty", domain="fire", months=12, learned="2023-06-12"),
    bad("E12", 0, "B", "market.2.12", "2023-03-21",
        "润泽示例花园6部电梯轿厢内未张贴使用标志和乘客注意事项，紧急电话无人应答。", months=3),
    bad("E15", 0, "B", "market.1.18", "2023-05-16",
        "鼓楼示例花园未按规定公示物业服务收费项目、收费标准及公共收益收支情况，依法予以警告并处罚款。",
        dkind="penalty", months=12),
    bad("E17", 1, "C", "market.4.3", "2023-06-20",
        "三里堡示例社区楼道、电梯前室卫生不整洁，垃圾未及时清运，责令限期改正。"),
    bad("E20", 0, "B", "safety.3.3", "2023-07-11",
        "涧西示例小区2号楼电梯超过检验有效期仍继续使用，特种设备安全监管部门依法予以罚款。",
        dkind="penalty", domain="special_equipment", months=12, learned="2023-07-17"),
    bad("E21", 0, "B", "market.1.11", "2023-08-08",
        "牡丹示例花园项目服务合同期满后未依法续签物业服务合同即继续收费服务，责令限期改正。", months=6),
    bad("E23", 0, "C", "market.3.2", "2023-08-22",
        "伊滨示例花园夜间秩序维护人员脱岗，未按规定路线巡查，责令限期改正。"),
    bad("E27", 0, "B", "safety.1.4", "2023-09-12",
        "鹰城示例花园对业主装修拆改承重墙的行为未及时劝阻、制止和报告。", months=6),
    bad("E31", 0, "B", "market.2.8", "2023-09-19",
        "红旗示例花园受托管理的二次供水设施未按规定定期检测水质。", months=6),
    bad("E36", 0, "B", "market.1.16", "2023-10-17",
        "宛城示例花园项目未按规定向区物业管理行政主管部门和街道办事处办理备案，依法予以罚款。",
        dkind="penalty", months=12),
    bad("E39", 0, "C", "market.4.5", "2023-10-24",
        "卧龙示例花园垃圾分类收集点杂乱无序，周边堆放建筑垃圾，责令限期改正。"),
    bad("E41", 0, "B", "safety.2.7", "2023-11-07",
        "济水示例花园多处存在电动自行车飞线充电、楼道停放现象，物业服务企业未履行巡查、劝阻和报告责任。",
        months=6),
    bad("E07", 0, "A", "market.1.9", "2023-11-21",
        "物业服务合同终止后，该企业拒不按规定移交德化示例苑物业服务用房及档案资料，未在规定时间内退出物业管理区域，受到行政处理。",
        dkind="handling", months=36, note="A: market.1.9; public exactly through 2026-11-21"),
    bad("E03", 1, "B", "market.1.20", "2023-12-05",
        "在繁塔示例小区首次业主大会筹备期间，以拒绝提供业主名册等方式阻挠业主委员会组建，依法予以罚款。",
        dkind="penalty", months=24),
    bad("E32", 0, "B", "market.3.5", "2023-06-13",
        "新中示例小区周界报警及视频监控系统长期故障无法正常使用。", months=3),
    bad("E25", 0, "B", "market.5", "2023-04-18",
        "隋唐示例苑擅自提高临时停车收费标准，未按规定公示调整依据。", months=3, points=2),
    bad("E34", 0, "B", "safety.4", "2023-05-23",
        "荣校路示例小区屋面防水施工时在楼顶违规动火作业，未办理审批手续也未配置灭火器材。",
        months=6, points=5),
    bad("__PM_E02_0__", None, "B", "market.1.22", "2023-08-15",
        "该项目负责人对业主反映的地下车库漏水问题多次投诉未予受理和处理，责令限期改正。", months=3),
    bad("E42", 0, "B", "safety.1.6", "2023-06-27",
        "天坛示例小区未制定防汛及低温雨雪冰冻等极端天气应急预案，汛期前未组织演练。", months=6),
    bad("E28", 0, "C", "market.2.16", "2023-07-25",
        "光明示例小区化粪池长期未清掏导致污水外溢，经责令限期改正后逾期仍未整改。",
        months=6, refuses=True),
    bad("E38", 0, "B", "market.1.12", "2023-03-28",
        "汉韵示例苑前期物业服务合同约定“业主欠费可停止供水”等侵害业主合法权益的条款。", months=6),
    good("E20", "safety", "city", "2023-04-25",
         "涧西示例小区被洛阳市住房和城乡建设局评为2022年度物业安全管理示范项目。"),
    good("E02", "market", "province", "2023-06-15",
         "商都示例家园被河南省住房和城乡建设厅评为2023年度省级物业服务示范项目。"),
    good("E14", "social.2", "county", "2023-07-31",
         "在2023年汛期主动组织员工配合龙湖镇开展防汛排涝，获新郑市住房和城乡建设局通报表扬。"),
    good("E09", "social.1", "city", "2023-09-12",
         "配合实施老旧小区改造民生实事，棉纺示例社区加装电梯工作获郑州市住房和城乡建设局通报表扬。"),
    good("E31", "red", "county", "2023-07-04",
         "红旗示例花园被新乡市红旗区住房和城乡建设局评为“红色物业”示范项目。"),
    good("E01", "smart", "city", "2023-10-17",
         "恒信花园智慧社区平台建设经验被郑州市住房和城乡建设局作为智慧物业典型案例通报推广。"),

    # ================================ 2024 ================================
    bad("E01", 2, "B", "market.1.14", "2024-03-12",
        "牟园示例小区业主违规搭建阳光房，物业服务企业未及时劝阻、制止并报告。", months=3),
    bad("E01", 0, "C", "market.4.4", "2024-02-21",
        "降雪后恒信花园主要道路和单元出入口积雪未及时清理。"),
    bad("E02", 1, "B", "safety.2.1", "2024-04-09",
        "东风示例苑未制定消防管理方案和灭火应急疏散预案，全年未组织消防演练。", months=6),
    bad("E03", 2, "B", "safety.3.5", "2024-05-14",
        "红旗示例家园两处地下车库私拉临时电源线，公共插座周边堆放可燃物，检查中发现2处。",
        count=2, months=6, region="410702"),
    bad("E04", 0, "B", "market.1.25", "2024-06-18",
        "花园示例社区年度业主满意度调查满意率为78%，低于85%。", dkind="handling", months=6),
    bad("E06", 1, "B", "market.2.3", "2024-03-19",
        "大学路示例小区未按合同约定定期巡查屋面和单元门，屋面破损漏雨未及时维修。", months=3),
    bad("E08", 1, "B", "safety.1.8", "2024-04-23",
        "建设路示例小区未按规定划定消防车通道标识线，消防登高操作面被车辆占用。", months=6, region="410102"),
    bad("E10", 0, "B", "safety.2.4", "2024-05-28",
        "绿林示例小区消防车通道长期被占用堵塞，物业服务企业未履行劝阻、制止和报告责任，消防救援机构依法予以罚款。",
        dkind="penalty", domain="fire", months=12, learned="2024-06-03"),
    bad("E11", 0, "C", "market.3.1", "2024-06-04",
        "泰和示例苑未结合项目实际制定秩序维护方案，责令限期改正。"),
    bad("E12", 1, "B", "market.2.4", "2024-07-09",
        "官渡示例小区无正当理由拒绝配合符合条件的业主安装自用电动汽车充电设施。", months=3),
    bad("E13", 0, "A", "market.1.7", "2024-08-13",
        "未经业主大会同意，擅自将安居示例小区物业服务用房改作对外经营的商铺出租，依法予以行政处罚。",
        dkind="penalty", months=36, note="A: market.1.7"),
    bad("E14", 1, "B", "safety.3.6", "2024-08-20",
        "龙湖镇示例小区外墙维修高空作业人员未佩戴安全带、作业区未设置围挡，应急管理部门依法予以罚款。",
        dkind="penalty", domain="work_safety", months=12),
    bad("E15", 1, "B", "market.2.10", "2024-09-10",
        "中山路示例小区变配电室安全警示牌和绝缘防护用具配置不全，未严格执行停送电操作票制度。", months=3),
    bad("E16", 0, "B", "market.1.15", "2024-03-26",
        "汴京示例家园承接项目时无物业承接查验协议及交接记录。", months=6),
    bad("E17", 0, "B", "safety.1.7", "2024-04-16",
        "繁塔示例家园高层住宅外墙瓷砖存在脱落风险，未设置安全防护区域，也未在显著位置设置禁止高空抛物警示标识。",
        months=6),
    bad("E19", 0, "C", "market.4.2", "2024-05-21",
        "宋都示例苑未按合同约定的频次进行公共区域保洁，经责令限期改正后拒不纠正。",
        months=3, refuses=True),
    bad("E20", 1, "B", "market.2.13", "2024-06-25",
        "武汉路示例社区电梯维修保养合同未约定维保频次和应急救援响应时间。", months=3),
    bad("E22", 1, "B", "safety.2.6", "2024-07-16",
        "鹰城示例小区受托管理的配电线路老化、电线裸露，未及时维修更换。", months=6, region="410402"),
    bad("E24", 0, "B", "market.1.19", "2024-08-27",
        "展览路示例家园屋面渗漏应急维修未按规定程序申请使用住宅专项维修资金，也未进行全过程公示，依法予以罚款。",
        dkind="penalty", months=12),
    bad("E26", 0, "B", "safety.3.4", "2024-09-24",
        "西工示例小区4号楼电缆井内堆放废旧纸箱等易燃物。", months=6),
    bad("E29", 0, "B", "market.2.2", "2024-10-15",
        "南环路示例小区物业服务企业将地下室人防区域出租用作仓库，不符合建筑设计用途。", months=3),
    bad("E33", 0, "B", "safety.3.1", "2024-10-22",
        "卫水示例苑未制定设施设备管理方案和应急预案，全年未开展设施设备故障应急演练。", months=3),
    bad("E35", 0, "A", "market.1.6", "2024-04-02",
        "将北干道示例小区全部物业服务转委托给第三人，依法予以行政处罚。",
        dkind="penalty", months=24, note="A: market.1.6; expired 2026-04-02"),
    bad("E36", 1, "B", "market.1.17", "2024-05-20",
        "仲景示例小区未建立定期沟通报告制度，未按约定听取业主意见和建议。",
        months=3, entered="2024-06-14", note="the one late entry (warning)"),
    bad("E37", 1, "B", "safety.1.9", "2024-06-11",
        "卧龙岗示例小区电工、中控室值班人员未持证上岗，应急管理部门依法予以罚款。",
        dkind="penalty", domain="work_safety", months=12, region="411303"),
    bad("E40", 0, "B", "market.3.3", "2024-07-23",
        "独山示例小区安全监控室夜间无人值守，主出入口未实行24小时值班。", months=3),
    bad("E42", 0, "A", "market.1.4", "2024-09-26",
        "该企业原法定代表人伙同他人以虚报维修工程量方式骗取天坛示例小区住宅专项维修资金，经人民法院生效判决认定构成诈骗罪。",
        dkind="judgment", level="court", months=36, learned="2024-10-10",
        authority="济源市人民法院", document="（2024）豫9001刑初87号", note="A: market.1.4 by court judgment"),
    bad("E09", 0, "B", "safety.1.2", "2024-11-05",
        "擅自承接未经承接查验的中原区某安置小区物业项目，受到郑州市住房和城乡建设局行政处理。",
        dkind="handling", level="city", months=12, note="B on the safety.1.2 veto item (city level)"),
    bad("__PM_E20_1__", None, "B", "market.1.23", "2024-07-02",
        "该项目负责人将业主姓名、房号及欠费信息张贴于小区公告栏，泄露业主个人隐私。", months=6),
    bad("E30", 0, "B", "market.2.15", "2024-11-19",
        "白龟湖示例花园避雷设施未定期检测，未配置避雷设施位置平面图。", months=3),
    bad("E18", 0, "B", "market.1.24", "2024-12-10",
        "在禹王台区老旧小区消防安全专项整治中不积极配合街道、社区开展工作。", dkind="handling", months=3),
    good("E20", "safety", "province", "2024-03-20",
         "涧西示例小区被河南省住房和城乡建设厅评为全省物业安全管理标准化示范项目。"),
    good("E03", "market", "national", "2024-01-16",
         "豫安明珠示例小区入选住房和城乡建设部物业服务质量提升典型案例。",
         learned="2024-01-19"),
    good("E27", "red", "city", "2024-07-01",
         "被中共平顶山市委组织部、平顶山市住房和城乡建设局评为“红色物业”示范企业。",
         authority="中共平顶山市委组织部、平顶山市住房和城乡建设局"),
    good("E05", "social.5", "county", "2024-05-14",
         "组织员工志愿服务队为宜居示例小区独居老人开展义务维修，获金水区住房和城乡建设局通报表扬。"),
    good("E23", "smart", "province", "2024-11-12",
         "被河南省住房和城乡建设厅评为全省智慧物业建设试点企业。"),
    good("E06", "red", "street", "2024-06-28",
         "嵩岳示例花园党支部与社区党委开展党建联建，获大学路街道办事处表扬。"),
    good("E41", "social.7", "county", "2024-08-20",
         "主动承接济源市两个无物业老旧小区的托底服务，经济源市住房和城乡建设局认定。", count=2),
    good("E12", "social.4", "county", "2024-09-18",
         "在润泽示例花园、官渡示例小区推行垃圾分类和雨水回收改造，经中牟县住房和城乡建设局认定。", count=2),
    good("E14", "social.3", "city", "2024-10-22",
         "招录退役军人和高校毕业生38人并组织技能培训，获郑州市人力资源和社会保障局通报表扬。",
         authority="郑州市人力资源和社会保障局"),
    good("__GM_E01__", "market", "city", "2024-12-03",
         "被郑州市住房和城乡建设局评为2024年度优秀物业服务项目负责人。"),

    # ================================ 2025 ================================
    bad("E01", 1, "B", "market.1.18", "2025-03-18",
        "恒信国际公寓未公示公共车位经营收益和公共水电分摊情况，依法予以罚款。", dkind="penalty", months=12),
    bad("E02", 0, "B", "safety.2.5", "2025-04-15",
        "商都示例家园电动自行车集中充电区配置的灭火器已过检验期，部分楼栋监控系统工作不正常。", months=6),
    bad("E03", 0, "B", "market.2.7", "2025-05-20",
        "豫安明珠示例小区水泵房积水、设备锈蚀，机房仪表运行不正常。", months=3),
    bad("E06", 0, "B", "market.1.21", "2025-03-11",
        "嵩岳示例花园以限制欠费业主使用电梯的方式催交物业费。", months=6,
        repair={"applied": "2025-06-10", "decided": "2025-06-18", "outcome": "approved"},
        note="repair approved"),
    bad("E08", 0, "B", "market.2.14", "2025-04-22",
        "瑞禾示例家园安全疏散示意图设置位置不醒目，部分疏散指示标识缺失。", months=3),
    bad("E09", 1, "B", "safety.2.3", "2025-09-10",
        "棉纺示例社区疏散通道堆放杂物，消防救援机构依法予以罚款。",
        dkind="penalty", domain="fire", months=12,
        withdrawn=("2025-12-19", "行政复议决定撤销原行政处罚决定"), note="withdrawn"),
    bad("E10", 1, "B", "market.1.16", "2025-06-17",
        "承接轩辕路示例家园后未按规定向新郑市物业管理行政主管部门和街道办事处备案，依法予以罚款。",
        dkind="penalty", months=12, region="410184"),
    bad("E11", 0, "B", "market.1.21", "2025-05-13",
        "泰和示例苑两次以停止供应二次加压水的方式催交物业费。", count=2, months=6),
    bad("E12", 0, "C", "market.4.6", "2025-06-24",
        "润泽示例花园未制定鼠害虫害防治计划，地下室鼠患明显。"),
    bad("E15", 0, "B", "safety.2.7", "2025-07-08",
        "鼓楼示例花园多栋住宅存在电动自行车上楼充电现象，物业服务企业未劝阻制止，消防救援机构依法予以罚款。",
        dkind="penalty", domain="fire", months=12),
    bad("E16", 1, "B", "market.2.5", "2025-08-12",
        "禹王示例小区设施设备维护保养计划缺失，运行记录不完整。", months=3, region="410205"),
    bad("E17", 1, "B", "market.5", "2025-09-16",
        "三里堡示例社区擅自收取装修保证金并拒不退还。", months=3, points=3),
    bad("E18", 0, "A", "market.1.8", "2025-04-08",
        "擅自允许他人在清明示例小区消防通道和绿地设置经营摊点并收取费用，依法予以行政处罚。",
        dkind="penalty", months=24, note="A: market.1.8"),
    bad("E20", 0, "B", "safety.1.5", "2025-05-27",
        "涧西示例小区地下车库发生车辆自燃后，物业服务企业未及时采取应急措施并向主管部门报告，依法予以罚款。",
        dkind="penalty", months=12,
        objections=[{"filed": "2025-06-04", "resolved": "2025-06-12", "outcome": "upheld"}],
        note="objection upheld"),
    bad("E21", 1, "B", "market.2.11", "2025-06-10",
        "开元示例小区视频监控图像仅保存7天，未按规定保存30天以上。", months=3, region="410311"),
    bad("E22", 2, "B", "safety.3.7", "2025-07-15",
        "王屋示例家园多处雨水井盖破损、缺失，未及时更换。", months=3, region="419001"),
    bad("E23", 1, "B", "market.4.7", "2025-08-19",
        "龙门大道示例小区绿化养护不到位，公共绿地被占用种菜，乔木折损未补植。", months=3),
    bad("E25", 0, "C", "market.4.1", "2025-09-09",
        "隋唐示例苑未结合项目实际制定环境管理方案，经责令限期改正后拒不纠正。", months=6, refuses=True),
    bad("E26", 0, "B", "market.2.6", "2025-03-25",
        "西工示例小区设备房未张贴设备系统图、操作规程和应急预案流程图。", months=3),
    bad("E27", 1, "B", "safety.3.2", "2025-04-29",
        "中兴路示例社区高压配电室操作器具未进行安全鉴定，部分用电设备无漏电保护器，应急管理部门依法予以罚款。",
        dkind="penalty", domain="work_safety", months=12),
    bad("E28", 0, "B", "market.1.19", "2025-04-15",
        "光明示例小区屋面紧急维修未按规定程序使用住宅专项维修资金，依法予以罚款并责令改正。",
        dkind="penalty", months=12,
        extensions=[("2026-04-08", 12, "拒不纠正失信行为：逾期仍未按规定补办维修资金使用公示和备查材料")],
        note="extension (12+12 months)"),
    bad("E29", 0, "B", "safety.1.3", "2025-07-22",
        "2025年汛期防汛应急响应期间，拒不配合街道组织地下车库车辆转移和挡水设施布设。",
        dkind="handling", months=12, note="B on the safety.1.3 veto item"),
    bad("E30", 0, "A", "safety.1.1", "2025-08-05",
        "白龟湖示例花园地下车库改造施工中发生坍塌事故造成人员伤亡，经调查认定物业服务企业负主要责任，依法予以罚款并责令停产停业整顿。",
        dkind="penalty", level="city", domain="work_safety", months=36, penalty_months=6,
        learned="2025-08-11", note="A: safety.1.1 (city level, penalty_months)"),
    bad("E31", 1, "B", "market.2.9", "2025-05-06",
        "平原路示例社区生活水箱盖未上锁、未设防蚊网，清洗消毒记录不完整。", months=6,
        objections=[{"filed": "2025-05-12", "resolved": "2025-05-20", "outcome": "revoked"}],
        note="objection revoked"),
    bad("E32", 1, "B", "safety.3.8", "2025-06-03",
        "牧野湖示例家园外墙维修作业现场未落实管理和监督责任。", months=3, region="410711"),
    bad("E33", 0, "C", "market.3.4", "2025-10-14",
        "卫水示例苑景观水池周边未设置防溺水警示标识和防护设施。"),
    bad("E34", 1, "B", "market.1.11", "2025-10-21",
        "牧野示例花园项目未依法签订物业服务合同即进场服务并收费。", months=6),
    bad("E37", 0, "B", "market.1.22", "2025-11-04",
        "白河示例家园物业服务中心两次未及时受理业主关于电梯故障的投诉。", count=2, months=3),
    bad("E38", 1, "B", "safety.2.2", "2025-03-04",
        "汉韵郑州示例公寓消防主机故障频发，部分消防设施缺失损坏，消防救援机构依法予以罚款。",
        dkind="penalty", domain="fire", months=12, region="410105"),
    bad("E39", 1, "B", "safety.3.9", "2025-11-11",
        "七一路示例社区不配合燃气管理部门开展入户安全检查和宣传。", months=3),
    bad("E41", 1, "B", "market.2.1", "2025-04-01",
        "愚公路示例社区主出入口未设置物业平面示意图，楼栋、单元标识不规范。", months=3),
    bad("E04", 0, "C", "safety.4", "2025-05-27",
        "花园示例社区在公共区域临时存放油漆等易燃物，未设置警示标识。", points=3),
    bad("E32", 0, "B", "market.1.18", "2025-09-23",
        "新乡市住房和城乡建设局物业服务专项检查发现，新中示例小区未公示公共车位、车库经营收益和支出情况，依法予以罚款。",
        dkind="penalty", level="city", months=12),
    bad("E22", 1, "B", "safety.1.8", "2025-11-18",
        "河南省住房和城乡建设厅物业安全专项督查发现，鹰城示例小区安全防范重点部位未设置警示标志，消防车通道标识线缺失。",
        level="province", months=6),
    bad("__PM_E09_0__", None, "B", "market.1.14", "2025-08-26",
        "该项目负责人对业主占用公共绿地的行为未劝阻制止，也未向主管部门报告。", months=3),
    good("E20", "safety", "city", "2025-06-17",
         "涧西示例小区安全生产标准化建设被洛阳市住房和城乡建设局评为市级示范项目。",
         deed="ly-2025-anquan-shifan"),
    good("E20", "safety", "province", "2025-09-23",
         "涧西示例小区安全生产标准化建设被河南省住房和城乡建设厅评为省级示范项目（同一事迹，按最高级别计分）。",
         deed="ly-2025-anquan-shifan", note="deed honoured at two levels"),
    good("E02", "social.1", "province", "2025-05-20",
         "商都示例家园“15分钟便民服务圈”做法被河南省住房和城乡建设厅作为民生实事典型案例通报。"),
    good("E01", "red", "county", "2025-07-01",
         "恒信花园被金水区住房和城乡建设局评为“红色物业”示范项目。"),
    good("E22", "market", "province", "2025-10-14",
         "河洛示例苑被河南省住房和城乡建设厅评为2025年度省级物业服务示范项目。"),
    good("E36", "social.6", "county", "2025-06-10",
         "在宛城示例花园开设社区老年助餐点，经宛城区住房和城乡建设局认定。"),
    good("E24", "social.8", "province", "2025-08-19",
         "作为主要起草单位参编河南省物业管理协会团体标准《住宅物业服务规范》，经河南省住房和城乡建设厅认定。"),
    good("E04", "market", "street", "2025-04-24",
         "花园示例社区服务规范、业主满意度高，获花园路街道办事处通报表扬。"),
    good("E06", "safety", "street", "2025-08-26",
         "大学路示例小区开展电动自行车充电安全隐患排查整治成效明显，获大学路街道办事处通报表扬。"),
    good("E05", "smart", "county", "2025-11-18",
         "宜居示例小区智慧安防平台建设获金水区住房和城乡建设局通报表扬。"),
    good("E03", "safety", "national", "2025-11-25",
         "豫安明珠示例小区入选住房和城乡建设部物业管理安全生产典型案例。", learned="2025-11-28"),
    good("E40", "social.9", "county", "2025-12-02",
         "在独山示例小区设置免费共享工具间并定期开展邻里互助活动，经卧龙区住房和城乡建设局认定。"),
    good("E31", "social.2", "city", "2025-07-29",
         "在2025年汛期主动承担红旗区积水点排涝任务，获新乡市住房和城乡建设局通报表扬。"),
    # 郑州恒信：2025 年履行社会责任较为突出（附件5 各节）
    good("E01", "social.1", "province", "2025-03-25",
         "恒信花园“物业服务进家庭”适老化改造做法被河南省住房和城乡建设厅作为民生实事典型案例通报。"),
    good("E01", "social.1", "city", "2025-09-09",
         "配合实施恒信国际公寓加装电梯民生实事，获郑州市住房和城乡建设局通报表扬。"),
    good("E01", "social.2", "province", "2025-08-05",
         "2025年汛期组织应急抢险队支援中牟县排涝，获河南省住房和城乡建设厅通报表扬。"),
    good("E01", "social.3", "city", "2025-06-24",
         "招录高校毕业生和退役军人26人并开展持证上岗培训，获郑州市人力资源和社会保障局通报表扬。",
         authority="郑州市人力资源和社会保障局"),
    good("E01", "social.4", "county", "2025-05-20",
         "在三个在管项目推行垃圾分类、光伏照明和新能源车充电桩建设，经金水区住房和城乡建设局认定。", count=3),
    good("E01", "social.5", "province", "2025-10-28",
         "组织员工志愿服务队参与社区助老助残志愿服务，获河南省住房和城乡建设厅通报表扬。"),
    good("E01", "social.6", "county", "2025-07-15",
         "在恒信花园、牟园示例小区开设社区托育点和老年食堂，经金水区住房和城乡建设局认定。", count=2),
    good("E01", "social.7", "county", "2025-04-15",
         "主动承接金水区一个无物业老旧小区的托底物业服务，经金水区住房和城乡建设局认定。"),
    good("E01", "social.8", "province", "2025-11-11",
         "参与起草《河南省住宅小区物业服务标准》，经河南省住房和城乡建设厅认定。"),
    good("E01", "social.9", "county", "2025-11-25",
         "设立“邻里互助基金”并为困难业主减免物业费，经金水区住房和城乡建设局认定。", count=2),
    good("__GM_E27__", "red", "city", "2025-06-30",
         "被平顶山市住房和城乡建设局评为优秀党员物业项目负责人。"),

    # ================================ 2026 ================================
    bad("E01", 0, "B", "market.1.21", "2026-11-09",
        "恒信花园物业服务中心对欠费业主采取限制车辆进出地下车库的方式催交物业费。", months=6,
        objections=[{"filed": "2026-11-18"}], note="objection pending"),
    bad("E16", 0, "B", "market.1.18", "2026-11-10",
        "汴京示例家园未按规定公示公共收益收支情况，依法予以警告并处罚款。", dkind="penalty", months=12,
        objections=[{"filed": "2026-11-19", "suspend": True}], note="objection pending, publication suspended"),
    bad("E23", 0, "B", "safety.2.3", "2026-03-10",
        "伊滨示例花园1号楼疏散通道被自行车和杂物堵塞，未及时组织清理。", months=12,
        objections=[{"filed": "2026-03-16", "resolved": "2026-03-24", "outcome": "corrected"}],
        note="objection corrected"),
    bad("E27", 0, "B", "market.2.12", "2026-04-14",
        "鹰城示例花园电梯年检证明未张贴于轿厢醒目位置，紧急呼叫装置故障。", months=12,
        repair={"applied": "2026-06-15", "decided": "2026-06-23", "outcome": "rejected"},
        note="repair rejected"),
    bad("E34", 0, "B", "safety.2.5", "2026-08-18",
        "荣校路示例小区多具灭火器失效，电动自行车充电区灭火器材不符合使用要求。", months=6,
        repair={"applied": "2026-11-17"}, note="repair pending"),
    bad("E02", 1, "B", "market.1.25", "2026-01-13",
        "东风示例苑2025年度业主满意度调查满意率为80%，低于85%。", dkind="handling", months=6),
    bad("E03", 1, "B", "safety.1.4", "2026-03-17",
        "繁塔示例小区对业主装修中擅自改动燃气管道的行为未履行巡查、劝阻和报告义务。", months=6,
        region="410205"),
    bad("E05", 0, "B", "market.2.16", "2026-06-09",
        "宜居示例小区雨水井长期未清掏，暴雨时发生堵塞外溢。", months=3),
    bad("E06", 1, "C", "market.3.2", "2026-05-12",
        "大学路示例小区秩序维护人员配置不足、擅自脱岗，经责令限期改正后拒不纠正。", months=6, refuses=True),
    bad("E08", 0, "B", "safety.3.5", "2026-06-16",
        "瑞禾示例家园公共区域私接临时电源为电动自行车充电，消防救援机构依法予以罚款。",
        dkind="penalty", domain="fire", months=12),
    bad("E09", 0, "B", "market.1.12", "2026-02-10",
        "康泰示例花园物业服务合同补充条款约定“业主未交清物业费不予办理装修手续”，侵害业主合法权益。", months=6),
    bad("E10", 0, "B", "market.1.23", "2026-07-07",
        "绿林示例小区物业服务中心向无关单位提供业主姓名、电话等信息，依法予以罚款。",
        dkind="penalty", months=12),
    bad("E11", 0, "B", "safety.1.6", "2026-05-19",
        "泰和示例苑汛期前未制定防汛应急预案，也未组织演练。", months=6),
    bad("E12", 1, "B", "safety.3.3", "2026-09-08",
        "官渡示例小区3号楼电梯多次困人后仍带病运行，特种设备安全监管部门依法予以罚款。",
        dkind="penalty", domain="special_equipment", months=24),
    bad("E13", 0, "B", "safety.2.4", "2026-04-21",
        "安居示例小区消防通道被长期占用，物业服务企业未履行劝阻和报告责任。", months=6),
    bad("E14", 0, "B", "market.2.13", "2026-09-08",
        "轩辕示例名苑电梯维保单位不具备相应条件，维保合同不规范。", months=3),
    bad("E15", 1, "C", "market.4.3", "2026-09-15",
        "中山路示例小区楼道和电梯轿厢卫生不整洁，责令限期改正。"),
    bad("E17", 0, "B", "market.1.14", "2026-10-13",
        "繁塔示例家园对业主占用楼道堆放杂物的行为未及时劝阻、制止。", months=3),
    bad("E19", 0, "B", "safety.3.6", "2026-06-30",
        "宋都示例苑高空作业未采取安全防范措施并违章指挥，应急管理部门依法予以罚款并责令停产停业整顿。",
        dkind="penalty", domain="work_safety", months=12, penalty_months=3, note="penalty_months"),
    bad("E20", 2, "B", "market.3.3", "2026-07-21",
        "长春路示例家园主出入口夜间未安排值守人员。", months=3),
    bad("E21", 0, "B", "market.2.15", "2026-05-26",
        "牡丹示例花园避雷设施未定期检测维护，检测记录缺失。", months=3),
    bad("E22", 0, "B", "safety.1.7", "2026-04-28",
        "河洛示例苑未在显著位置设置禁止高空抛物警示标识，外墙空鼓区域未设置防护。", months=6),
    bad("E21", 1, "B", "safety.2.5", "2026-10-20",
        "洛阳市住房和城乡建设局消防安全检查发现，开元示例小区电动自行车充电区灭火器失效，监控系统工作不正常。",
        level="city", months=6),
    bad("E24", 1, "C", "safety.3.7", "2026-10-20",
        "关林示例小区污水井盖安装不牢，责令限期改正。"),
    bad("E26", 0, "A", "market.1.2", "2026-08-04",
        "在2026年7月强降雨抢险救灾中组织不力、拒不配合政府部门转移地下空间人员和车辆，受到洛阳市住房和城乡建设局行政处理。",
        dkind="handling", level="city", months=36, note="A: market.1.2 (city level)"),
    bad("E29", 0, "B", "market.1.17", "2026-03-03",
        "南环路示例小区未建立定期沟通报告制度，未主动听取业主意见。", months=3),
    bad("E31", 0, "B", "safety.2.6", "2026-06-09",
        "红旗示例花园受托管理的配电箱线路老化、部分电线裸露。", months=6),
    bad("E32", 0, "B", "market.4.4", "2026-01-27",
        "降雪后新中示例小区主干道积雪结冰未及时清理。", months=3),
    bad("E33", 0, "B", "safety.4", "2026-09-22",
        "卫水示例苑在地下车库违规存放液化气钢瓶，存在较大安全隐患。", months=6, points=8),
    bad("E36", 0, "B", "market.5", "2026-10-27",
        "宛城示例花园未按规定公示停车位租赁合同到期情况，引发业主集中投诉。", months=3, points=1),
    bad("E37", 0, "B", "safety.2.1", "2026-11-03",
        "白河示例家园未制定消防管理方案和应急预案，本年度未组织消防演练。", months=6),
    bad("E39", 0, "B", "market.1.20", "2026-06-02",
        "卧龙示例花园物业服务企业以拒绝提供场地等方式阻挠业主大会筹备组开展工作，依法予以罚款。",
        dkind="penalty", months=24),
    bad("E40", 0, "C", "market.4.6", "2026-07-14",
        "独山示例小区未实施鼠害虫害防治，经责令限期改正后拒不纠正。", months=6, refuses=True),
    bad("E41", 0, "B", "safety.1.5", "2026-09-29",
        "济水示例花园发生燃气泄漏险情时未及时采取应急措施并报告，应急管理部门依法予以罚款。",
        dkind="penalty", domain="work_safety", months=12, learned="2026-10-09"),
    bad("E42", 0, "B", "market.1.13", "2026-03-24",
        "天坛示例小区管理制度不全，档案管理混乱。", months=3),
    bad("E38", 0, "B", "market.2.8", "2026-11-17",
        "汉韵示例苑二次供水水质未按规定定期检测。", months=6),
    bad("E30", 0, "B", "safety.3.9", "2026-11-20",
        "白龟湖示例花园不配合燃气管理部门开展安全检查。", months=3, entered="2026-11-20"),
    bad("E25", 0, "B", "safety.3.4", "2026-09-01",
        "隋唐示例苑电梯井道内堆放杂物和易燃物。", months=6),
    bad("E03", 0, "B", "market.3.1", "2026-06-23",
        "河南省住房和城乡建设厅物业服务专项检查发现，豫安明珠示例小区未制定符合项目特点的秩序维护方案。",
        level="province", months=3),
    bad("E04", 0, "B", "market.4.5", "2026-02-24",
        "花园示例社区垃圾分类投放点杂乱无序，街道巡查后责令限期改正。", level="street", region=HUAYUAN,
        months=3, note="bad record decided by a street office"),
    bad("__PM_E31_0__", None, "B", "market.1.22", "2026-04-07",
        "该项目负责人多次未及时处理业主关于楼顶漏水的投诉。", months=3),
    bad("__PM_E15_0__", None, "C", "market.1.13", "2026-08-25",
        "该项目负责人未建立项目档案管理制度，责令限期改正。"),
    good("E01", "market", "county", "2026-03-19",
         "恒信花园被金水区住房和城乡建设局评为2025年度优秀物业服务项目。"),
    good("E14", "smart", "city", "2026-05-12",
         "轩辕示例名苑智慧社区建设被郑州市住房和城乡建设局评为智慧物业示范项目。"),
    good("E20", "red", "province", "2026-07-01",
         "被中共河南省委组织部、河南省住房和城乡建设厅评为全省“红色物业”示范企业。",
         authority="中共河南省委组织部、河南省住房和城乡建设厅"),
    good("E23", "social.5", "city", "2026-04-21",
         "组织员工参与洛阳市无偿献血和社区志愿服务，获洛阳市住房和城乡建设局通报表扬。"),
    good("E27", "social.1", "county", "2026-06-16",
         "完成鹰城示例花园地下管网改造民生实事，获新华区住房和城乡建设局通报表扬。"),
    good("E02", "red", "street", "2026-07-01",
         "商都示例家园党支部被花园路街道党工委、办事处评为先进基层党组织。"),
    good("E08", "smart", "street", "2026-09-15",
         "瑞禾示例家园上线“智慧门禁+访客预约”系统，获大学路街道办事处通报表扬。"),
    good("E12", "social.3", "county", "2026-10-20",
         "吸纳本地农村劳动力42人稳定就业，获中牟县住房和城乡建设局通报表扬。"),
    good("E39", "safety", "county", "2026-05-19",
         "卧龙示例花园被卧龙区住房和城乡建设局评为消防安全标准化管理示范项目。"),
    good("E28", "market", "city", "2026-08-25",
         "光明示例小区整改后服务质量明显提升，被平顶山市住房和城乡建设局评为物业服务提升示范项目。"),
    good("E31", "smart", "national", "2026-11-10",
         "红旗示例花园入选住房和城乡建设部智慧物业管理服务典型案例。", learned="2026-11-12"),
    good("E24", "red", "national", "2026-01-20",
         "入选住房和城乡建设部党建引领物业服务典型案例。", learned="2026-01-22"),
    good("E04", "social.5", "street", "2026-05-28",
         "组织员工参加花园路街道爱心义卖和社区志愿服务，获街道办事处通报表扬。"),
    good("E03", "social.2", "national", "2026-03-31",
         "在开封、新乡项目参与冬季应急保供工作，事迹被新华社报道。",
         authority="新华通讯社", document="新华社电讯稿（2026年3月31日）"),
    good("__GM_E23__", "smart", "county", "2026-06-24",
         "被洛龙区住房和城乡建设局评为智慧物业建设先进个人。"),
]


def resolve_subject(r: Rec) -> tuple[str, Ent | None, str | None]:
    """(subject id, enterprise, county of the fact)."""
    m = re.match(r"^__(PM|GM)_(E\d\d)(?:_(\d))?__$", r.subject)
    if m:
        pid = gm(m.group(2)) if m.group(1) == "GM" else pm(m.group(2), int(m.group(3)))
        return pid, None, person_region(pid)
    e = E[r.subject]
    county = e.projects[r.project].region if r.project is not None else e.reg
    return e.uscc, e, county


def build_records() -> list[tuple[Rec, dict[str, object]]]:
    out = []
    for r in RECORDS:
        subject, ent, county = resolve_subject(r)
        assert county
        eff = D(r.eff)
        assert CAL.is_workday(eff), (r.summary, r.eff)
        region = r.region or county
        # who decided, who records
        if r.kind == "good":
            lvl = r.level
            if lvl in ("national", "province"):
                recorder = "410000"
            elif lvl == "city":
                recorder = city_of(region)
            elif lvl == "street":
                recorder = HUAYUAN if region == "410105" else DAXUE
                assert region in ("410105", "410103"), r.summary
            else:
                recorder = region
            if r.authority:
                authority = r.authority
            elif lvl == "national":
                authority = "住房和城乡建设部"
            else:
                authority = housing(recorder)
            if r.document:
                document = r.document
            else:
                n = doc_number((recorder, "good", eff.year))
                if lvl == "national":
                    document = f"建办房函〔{eff.year}〕{n + 40}号"
                elif lvl == "province":
                    document = f"豫建房〔{eff.year}〕{n + 20}号"
                elif lvl == "street":
                    document = f"{STREET_SHORT[recorder]}办〔{eff.year}〕{n}号"
                elif lvl == "city":
                    document = f"{ABBR[recorder]}建〔{eff.year}〕{n + 10}号"
                else:
                    document = f"{ABBR[recorder]}建文〔{eff.year}〕{n}号"
        else:
            lvl = r.level
            if lvl == "street":
                recorder = region
                assert len(region) == 9
            elif lvl == "province":
                recorder = "410000"
            elif lvl == "city":
                recorder = city_of(region)
            else:  # county and court: the county where the fact happened
                recorder = region
            if r.authority:
                authority = r.authority
            elif r.domain:
                county_sfx, city_sfx, _ = BODY[r.domain]
                authority = place(recorder) + (city_sfx if lvl == "city" else county_sfx)
            else:
                authority = housing(recorder)
            if r.document:
                document = r.document
            else:
                assert r.dkind
                if r.domain:
                    n = doc_number((recorder, r.domain, eff.year))
                    document = BODY[r.domain][2].format(ab=ABBR[recorder], y=eff.year, n=n)
                elif lvl == "street":
                    n = doc_number((recorder, r.dkind, eff.year))
                    document = f"{STREET_SHORT[recorder]}办责改字〔{eff.year}〕第{n}号"
                else:
                    n = doc_number((recorder, r.dkind, eff.year))
                    document = f"{ABBR[recorder]}{DOC_KIND[r.dkind]}〔{eff.year}〕第{n}号"
        # dates
        start = D(r.learned) if r.learned else eff
        due = CAL.add_workdays(start, 7)
        if r.entered:
            entered = D(r.entered)
        else:
            entered = next_workday(start + dt.timedelta(days=1 + h("ent:" + r.summary) % 5))
            if entered > due:
                entered = next_workday(start + dt.timedelta(days=1))
            assert entered <= due
        notified = None
        if r.kind == "bad":
            if r.notified:
                notified = D(r.notified)
            else:
                cand = next_workday(start + dt.timedelta(days=1))
                notified = cand if cand <= entered and h("not:" + r.summary) % 2 else start
        r.recorder = recorder
        fields: dict[str, object] = dict(subject=subject, ent=ent, authority=authority, level=lvl,
                                         document=document, entered=entered, notified=notified)
        out.append((r, fields))
    # serial numbers per recorder and year, in order of effective date
    by_key: dict[tuple[str, int], list[tuple[Rec, dict[str, object]]]] = defaultdict(list)
    for r, f in out:
        by_key[(r.recorder, D(r.eff).year)].append((r, f))
    for (rec_code, year), items in by_key.items():
        items.sort(key=lambda x: (x[0].eff, x[1]["entered"], x[0].summary))
        serial = h(f"serial:{rec_code}:{year}") % 3
        for r, _f in items:
            serial += 1 + (1 if h("gap:" + r.summary) % 4 == 0 else 0)  # a few numbers went to other files
            r.id = f"{rec_code}-{year}-{serial:04d}"
    ids = [r.id for r, _ in out]
    assert len(ids) == len(set(ids))
    return out


SEC_NUM = "零一二三四五六七八九十"


def item_comment(item: str) -> str:
    rb = RB
    if item in rb.category_by_code:
        return f"{rb.category_by_code[item].name}类表彰"
    cat, sec, it = rb.items[item]
    where = f"{cat.appendix} {SEC_NUM[sec.number]}、{sec.name}"
    if it.number is not None:
        where += f" 第{it.number}项"
    return where


def render_record(r: Rec, f: dict[str, object]) -> str:
    lines = [f"subject: {code(str(f['subject']))}" if not str(f["subject"]).startswith("P-")
             else f"subject: {f['subject']}"]
    ent = f["ent"]
    if r.project is not None and isinstance(ent, Ent):
        lines.append(f"project: {ent.projects[r.project].id}")
    lines.append(f"kind: {r.kind}")
    if r.cls:
        lines.append(f"class: {r.cls}")
    lines.append(f"item: {r.item}".ljust(24) + f"# {item_comment(r.item)}")
    if r.count != 1:
        lines.append(f"count: {r.count}")
    if r.points is not None:
        lines.append(f"points: {r.points}")
    lines.append(f"summary: {s(r.summary)}")
    lines.append("decision:")
    lines.append(f"  authority: {s(str(f['authority']))}")
    lines.append(f"  level: {f['level']}")
    lines.append(f"  document: {s(str(f['document']))}")
    if r.kind == "bad":
        lines.append(f"  kind: {r.dkind}")
    lines.append(f"  effective: {r.eff}")
    if r.learned:
        lines.append(f"  learned: {r.learned}")
    if r.penalty_months:
        lines.append(f"  penalty_months: {r.penalty_months}")
    if r.domain:
        lines.append(f"  domain: {r.domain}")
    lines.append(f"recorder: {code(r.recorder)}")
    if f["notified"]:
        lines.append(f"notified: {f['notified']}")
    lines.append(f"entered: {f['entered']}")
    if r.months is not None:
        lines.append(f"disclosure_months: {r.months}")
    if r.refuses:
        lines.append("refuses_correction: true")
    if r.deed:
        lines.append(f"deed: {r.deed}")
    if r.extensions:
        lines.append("extensions:")
        for decided, months, reason in r.extensions:
            lines += [f"  - decided: {decided}", f"    months: {months}", f"    reason: {s(reason)}"]
    if r.objections:
        lines.append("objections:")
        for ob in r.objections:
            lines.append(f"  - filed: {ob['filed']}")
            if "resolved" in ob:
                lines.append(f"    resolved: {ob['resolved']}")
                lines.append(f"    outcome: {ob['outcome']}")
            if ob.get("suspend"):
                lines.append("    suspend: true")
    if r.repair:
        lines.append("repair:")
        lines.append(f"  applied: {r.repair['applied']}")
        if "decided" in r.repair:
            lines.append(f"  decided: {r.repair['decided']}")
            lines.append(f"  outcome: {r.repair['outcome']}")
    if r.withdrawn:
        lines += ["withdrawn:", f"  date: {r.withdrawn[0]}", f"  reason: {s(r.withdrawn[1])}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------
# Henan: evaluations
# ---------------------------------------------------------------------------------------------------

EVAL_DATES = {  # year -> (cutoff, published, notice_until or None)
    2024: ("2024-12-10", "2024-12-16", "2024-12-25"),
    2025: ("2025-12-10", "2025-12-15", None),
}
EVAL_OVERRIDES = {  # some authorities publish on other days
    (2024, "410000"): ("2024-12-10", "2024-12-20", "2024-12-31"),
    (2024, "410300"): ("2024-12-06", "2024-12-13", None),
    (2025, "410000"): ("2025-12-10", "2025-12-19", "2025-12-31"),
    (2025, "410100"): ("2025-12-10", "2025-12-17", "2025-12-26"),
    (2025, "410305"): ("2025-12-05", "2025-12-12", None),
}
EVAL_SKIP = {(2024, "411302"), (2024, "411303"), (2024, "410711")}  # not yet rated that year

# sheets: (year, enterprise) -> (red, smart); values as in DESIGN §3
FULL_RED = {k: 0 for k in [f"1.{i}" for i in range(1, 10)] + [f"2.{i}" for i in range(1, 8)]
            + [f"3.{i}" for i in range(1, 9)] + [f"4.{i}" for i in range(1, 9)] + [f"5.{i}" for i in range(1, 6)]}
FULL_SMART_BASE = {**{f"1.{i}": 0 for i in range(1, 6)}, "2.1": 0, "2.2": 0, "2.3": 0, "3.1": 0, "3.2": 0,
                   "3.3": 0, "4.1": 0, "4.2": 0, "4.3": 0, "4.4": 0, "6.1": 0, "7.2": 0, "7.3": 0}


def red(**changes: object) -> dict[str, object]:
    out: dict[str, object] = dict(FULL_RED)
    for k, v in changes.items():
        key = k[1:].replace("_", ".")
        if v is None:
            out.pop(key)
        else:
            out[key] = v
    return out


def smart(communities: dict[str, dict[str, int]], results: int, **changes: object) -> dict[str, object]:
    out: dict[str, object] = dict(FULL_SMART_BASE)
    for k, v in changes.items():
        key = k[1:].replace("_", ".")
        if v is None:
            out.pop(key)
        else:
            out[key] = v
    out.update(communities)
    out["7.1"] = {"count": results}
    return dict(sorted(out.items(), key=lambda kv: tuple(int(x) for x in kv[0].split("."))))


SHEETS: dict[tuple[int, str], dict[str, dict[str, object]]] = {
    (2024, "E01"): {
        "red": red(s1_2=1, s2_7=1, s4_6="absent"),
        "smart": smart({f"5.{i}": {"full": 2, "partial": 1} for i in range(1, 7)}, 2, s1_4=1, s6_1=2),
    },
    (2024, "E03"): {
        "smart": smart({"5.1": {"full": 3}, "5.2": {"full": 2, "partial": 1}, "5.3": {"full": 3},
                        "5.4": {"full": 1, "partial": 2}, "5.5": {"full": 2}, "5.6": {"partial": 2}}, 4,
                       s2_2=1, s7_3=1),
    },
    (2024, "E20"): {"red": red(s1_2=2, s3_6="absent", s4_6=1, s4_7=1)},
    (2024, "E27"): {"red": red(s1_1=2, s1_2=3, s2_4="absent", s3_4="absent", s3_6="absent", s4_3=2,
                               s4_6=None, s4_7=None, s5_3=1)},
    (2024, "E12"): {
        "smart": {"1.1": 1, "1.2": 2, "2.1": 2, "4.1": 1, "4.3": 0, "5.3": {"partial": 1},
                  "5.4": {"full": 1}, "6.1": 4, "7.1": {"count": 0}},
    },
    (2025, "E01"): {
        "red": red(s2_7=1),
        "smart": smart({f"5.{i}": {"full": 2, "partial": 1} for i in range(1, 7)}, 3, s6_1=1),
    },
    (2025, "E20"): {
        "red": red(s1_2=1, s4_6=1),
        "smart": smart({"5.1": {"full": 2}, "5.2": {"full": 3}, "5.3": {"full": 2, "partial": 1},
                        "5.4": {"full": 1, "partial": 1}, "5.5": {"partial": 2}, "5.6": {"partial": 1}}, 1,
                       s1_3=2, s1_5=4, s2_3=1, s3_2=2, s4_4=1, s6_1=3, s7_2=2, s7_3="absent"),
    },
    (2025, "E22"): {
        "smart": smart({"5.1": {"full": 3}, "5.2": {"full": 2, "partial": 1}, "5.3": {"full": 3},
                        "5.4": {"full": 2}, "5.5": {"full": 1, "partial": 2}, "5.6": {"full": 2}}, 2,
                       s7_3=1),
    },
    (2025, "E23"): {
        "smart": smart({"5.1": {"full": 1}, "5.2": {"full": 1, "partial": 1}, "5.3": {"full": 1},
                        "5.4": {"full": 1}, "5.5": {"partial": 2}, "5.6": {"full": 1}}, 4),
    },
    (2025, "E31"): {"red": red(s1_1=2, s1_2=3, s2_1=1, s2_3="absent", s2_5=None, s2_6=None, s3_4="absent",
                               s3_6="absent", s4_2=1, s4_6=None, s4_7=None, s5_3="absent")},
    (2025, "E02"): {"red": red(s1_2=1, s3_6=1, s4_6=1)},
    (2025, "E14"): {
        "smart": smart({"5.1": {"partial": 2}, "5.2": {"full": 1}, "5.3": {"full": 1, "partial": 1},
                        "5.4": {"partial": 1}}, 1,
                       s1_1=2, s1_2=4, s1_3=2, s2_3="absent", s3_2=2, s3_3=1, s4_2=2, s4_4="absent", s6_1=4,
                       s7_2="absent", s7_3="absent"),
    },
    (2025, "E24"): {"red": red(s2_4=1, s5_3=1)},
    (2025, "E36"): {"red": red(s1_1=1, s1_2=2, s2_2=1, s2_4="absent", s3_4="absent", s3_6=2, s4_6=None,
                               s4_7="absent", s5_5=1)},
}


def sheet_score(cat: str, values: dict[str, object], communities: int) -> float:
    total = 0.0
    for key, v in values.items():
        _c, _sec, it = RB.items[f"{cat}.{key}"]
        step = float(RB.item_step(f"{cat}.{key}"))
        if v == "absent":
            continue
        if it.scoring == "community":
            assert isinstance(v, dict)
            small = communities <= 2
            full, part = (6, 3) if small else (4, 2)
            total += min(6, full * v.get("full", 0) + part * v.get("partial", 0))
        elif it.scoring == "results":
            assert isinstance(v, dict)
            total += min(float(it.max), v["count"])
        else:
            assert isinstance(v, int)
            total += float(it.max) - step * v
    return total


def render_sheet_value(v: object) -> str:
    if isinstance(v, dict):
        inner = ", ".join(f"{k}: {n}" for k, n in v.items())
        return "{" + inner + "}"
    return str(v)


def render_sheet(sheet: dict[str, dict[str, object]], scores: dict[str, float]) -> str:
    out = []
    for cat in ("red", "smart"):
        if cat not in sheet:
            continue
        label = {"red": "附件3 红色物业创建：各项缺项数（0 = 满分），absent = 完全缺失",
                 "smart": "附件4 智慧物业建设：缺项数；5.x 为符合的小区数；7.1 为近三年成果数"}[cat]
        out.append(f"{cat}:".ljust(10) + f"# {label}")
        for k, v in sheet[cat].items():
            out.append(f'  "{k}": {render_sheet_value(v)}')
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------
# write henan
# ---------------------------------------------------------------------------------------------------

RB = load_rulebook("henan")
REPORT: list[str] = []


def write_henan() -> None:
    if HENAN.exists():
        shutil.rmtree(HENAN)
    base = HENAN
    write(base / "platform.yaml", base, "platform",
          "name: 河南省物业服务企业信用信息管理平台（演示数据）\n"
          'operator: "410000"\n'
          "rulebook: henan\n"
          "license: CC-BY-4.0\n")
    body = "# GB/T 2260 行政区划代码：省 → 市 → 县（市、区）。济源市为省直辖县级市。\n"
    for c, name in REGIONS.items():
        if c != "410000" and (c.endswith("00") or c == "419001"):
            body += "\n"
        body += f"{code(c)}: {name}\n"
    write(base / "regions.yaml", base, "regions", body)
    body = ""
    auths = [("410000", "河南省住房和城乡建设厅", "province")]
    for c in REGIONS:
        if c == "410000":
            continue
        auths.append((c, housing(c), level_of(c) if c != "419001" else "county"))
        for st, st_name in STREETS.items():
            if st[:6] == c:
                auths.append((st, st_name, "street"))
    for c, name, lvl in auths:
        body += f"- code: {code(c)}\n  name: {name}\n  level: {lvl}\n"
    write(base / "authorities.yaml", base, "authorities", body)
    auth_codes = {a[0] for a in auths}

    for e in ENTS:
        lines = [f"name: {e.name}"]
        if e.former:
            lines.append("former_names: [" + ", ".join(e.former) + "]")
        lines += [f"legal_representative: {e.rep}", f"registered_region: {code(e.reg)}",
                  f"address: {s(e.address)}", f"established: {e.established}", f"hotline: {code(e.hotline)}",
                  "projects:"]
        for p in e.projects:
            lines += [f"  - id: {p.id}", f"    name: {p.name}", f"    region: {code(p.region)}",
                      f"    address: {s(p.address)}", f"    since: {p.since}"]
            if p.until:
                lines.append(f"    until: {p.until}")
            if p.manager:
                lines.append(f"    manager: {p.manager}")
        lines.append("managers:")
        lines += [f"  - person: {e.gm}", "    role: 总经理"]
        if e.deputy:
            lines += [f"  - person: {e.deputy}", "    role: 副总经理"]
        write(base / "enterprises" / f"{e.uscc}.yaml", base, "enterprise", "\n".join(lines) + "\n")

    for p in PERSONS.values():
        body = f"name: {p.name}\n" + (f"note: {s(p.note)}\n" if p.note else "")
        write(base / "persons" / f"{p.id}.yaml", base, "person", body)

    built = build_records()
    for r, f in built:
        assert r.recorder in auth_codes, r.recorder
        year = D(r.eff).year
        write(base / "credit" / str(year) / f"{r.id}.yaml", base, "credit-record", render_record(r, f))
        if r.note:
            REPORT.append(f"{r.id}  {r.note}  ({f['subject']})")

    # evaluations
    sheet_count = 0
    for year, (cut, pub, until) in EVAL_DATES.items():
        scopes: dict[str, list[Ent]] = defaultdict(list)
        for e in ENTS:
            active = active_project_regions(e.projects_models, D(cut))  # type: ignore[attr-defined]
            sc = rating_scope(active, e.reg, REGIONS)
            scopes[sc.region].append(e)
        for auth, ents in sorted(scopes.items()):
            if (year, auth) in EVAL_SKIP:
                REPORT.append(f"evaluation {year}: no folder for {auth} ({', '.join(x.key for x in ents)} unrated)")
                continue
            c, p, u = EVAL_OVERRIDES.get((year, auth), (cut, pub, until))
            body = f"cutoff: {c}\npublished: {p}\n" + (f"notice_until: {u}\n" if u else "")
            folder = base / "evaluations" / str(year) / auth
            write(folder / "evaluation.yaml", base, "evaluation", body)
            for e in ents:
                sheet = SHEETS.get((year, e.key))
                if sheet is None:
                    continue
                communities = len(active_project_regions(e.projects_models, D(c)))  # type: ignore[attr-defined]
                scores = {cat: sheet_score(cat, vals, communities) for cat, vals in sheet.items()}
                write(folder / f"{e.uscc}.yaml", base, "sheet-henan", render_sheet(sheet, scores))
                sheet_count += 1
                REPORT.append(f"sheet {year}/{auth}/{e.key} {e.name}: "
                              + ", ".join(f"{k} {v:g}" for k, v in scores.items()) + f" (communities {communities})")
        used = {k for (y, k) in SHEETS if y == year}
        placed = {e.key for ents in scopes.values() for e in ents}
        assert used <= placed
    REPORT.append(f"henan sheets: {sheet_count}")


class _ProjModel:
    def __init__(self, p: Proj) -> None:
        self.region = p.region
        self.since = D(p.since)
        self.until = D(p.until) if p.until else None

    def active_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


# ---------------------------------------------------------------------------------------------------
# Hulunbuir
# ---------------------------------------------------------------------------------------------------

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

# key, name, rep, county, address, established, projects, scores (street, authority), extras
HL_ENTS: list[tuple[str, str, str, str, str, str, list[Proj], tuple[float, float], dict[str, object]]] = [
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


def write_hulunbuir() -> None:
    if HLBE.exists():
        shutil.rmtree(HLBE)
    base = HLBE
    write(base / "platform.yaml", base, "platform",
          "name: 呼伦贝尔市住宅物业服务企业评价和“红黑榜”公示平台（演示数据）\n"
          'operator: "150700"\n'
          "rulebook: hulunbuir\n"
          "license: CC-BY-4.0\n")
    write(base / "regions.yaml", base, "regions",
          "# GB/T 2260 行政区划代码。满洲里市、扎兰屯市为呼伦贝尔市代管的县级市。\n"
          + "".join(f"{code(c)}: {n}\n" for c, n in HL_REGIONS.items()))
    auths = [("150000", "内蒙古自治区住房和城乡建设厅", "province"),
             ("150700", "呼伦贝尔市住房和城乡建设局", "city")]
    auths += [(c, HL_PLACE[c] + "住房和城乡建设局", "county") for c in HL_PLACE]
    write(base / "authorities.yaml", base, "authorities",
          "".join(f"- code: {code(c)}\n  name: {n}\n  level: {lv}\n" for c, n, lv in auths))
    serial: dict[str, int] = defaultdict(int)
    names = iter(["巴某", "孟某某", "吴某", "郭某某", "乌某某", "蔡某", "邢某", "关某某", "潘某", "鄂某", "金某某",
                  "姜某", "石某", "侯某某", "康某", "秦某某", "邵某", "毛某", "邱某某", "常某", "贺某", "雷某某",
                  "万某", "武某", "杭某某", "温某", "岳某", "段某某", "苗某", "付某", "牛某", "庞某某", "尹某", "屈某",
                  "霍某某", "闫某", "柴某", "车某某", "齐某", "安某"])

    def person(region: str) -> str:
        serial[region] += 1
        pid = f"P-{region}-{serial[region]:04d}"
        write(base / "persons" / f"{pid}.yaml", base, "person", f"name: {next(names)}\n")
        return pid

    for tel, (key, name, rep, county, addr, est, projects, (st, au), extra) in enumerate(HL_ENTS, start=1):
        uscc = make_uscc(county, key + name)
        gm_id = person(county)
        lines = [f"name: {name}", f"legal_representative: {rep}", f"registered_region: {code(county)}",
                 f"address: {s(addr)}", f"established: {est}", f'hotline: "0470-{6555 * 10000 + tel * 13 + 200}"',
                 "projects:"]
        for p in projects:
            lines += [f"  - id: {p.id}", f"    name: {p.name}", f"    region: {code(p.region)}",
                      f"    address: {s(p.address)}", f"    since: {p.since}"]
            lines.append(f"    manager: {person(p.region)}")
        lines += ["managers:", f"  - person: {gm_id}", "    role: 总经理"]
        write(base / "enterprises" / f"{uscc}.yaml", base, "enterprise", "\n".join(lines) + "\n")
        total = st + au
        grade = hl_band(total)
        sheet = [f"scores: {{street: {st:g}, authority: {au:g}}}".ljust(44) + f"# 合计 {total:g} 分，{grade} 级"]
        if "red_conditions" in extra:
            sheet.append("red_conditions: [" + ", ".join(map(str, extra["red_conditions"])) + "]")  # type: ignore
        if "black_conditions" in extra:
            sheet.append("black_conditions: [" + ", ".join(map(str, extra["black_conditions"])) + "]")  # type: ignore
        if "red_removed" in extra:
            rr = extra["red_removed"]
            sheet += ["red_removed:", f"  date: {rr['date']}", f"  reason: {s(rr['reason'])}"]  # type: ignore
        if "black_repair" in extra:
            sheet += ["black_repair:", f"  approved: {extra['black_repair']['approved']}"]  # type: ignore
        if extra.get("severe"):
            sheet.append("severe: true")
        folder = base / "evaluations" / "2025" / county
        write(folder / f"{uscc}.yaml", base, "sheet-hulunbuir", "\n".join(sheet) + "\n")
        REPORT.append(f"hulunbuir {key} {name}: {total:g} {grade} {extra}")
    for county in HL_PLACE:
        write(base / "evaluations" / "2025" / county / "evaluation.yaml", base, "evaluation",
              "cutoff: 2025-12-20\npublished: 2026-01-20\n")


def main() -> None:
    setup_henan_enterprises()
    for e in ENTS:
        e.projects_models = [_ProjModel(p) for p in e.projects]  # type: ignore[attr-defined]
    write_henan()
    write_hulunbuir()
    print(f"wrote {len(WRITTEN)} files; {len(PERSONS)} henan persons; {len(RECORDS)} credit records")
    for line in REPORT:
        print(line)


if __name__ == "__main__":
    main()
