"""``credit synth``: a complete, valid, clearly fictional records tree at any scale (benchmarks, tests).

``synth(enterprises, records, seed, output)`` writes what a province's regulators would have written by hand
(DESIGN §3): platform, the real Henan division codes (GB/T 2260: all 18 cities and their counties), the
housing authorities and some street offices, enterprises with projects and managers, persons, credit records
2023–2026 and the 2024 and 2025 evaluations with red/smart sheets for about 5% of enterprises.

Everything is fictional: every enterprise name contains 示例, persons are 张某某, USCCs are random (with
correct GB 32100 and GB 11714 check digits). The output is deterministic for a seed (one
``random.Random(seed)``, no set or hash ordering) and passes ``credit validate`` (warnings, such as a
pending objection past 7 working days, are intended: they occur in real data).

Speed matters (a province is 10^5–10^6 files): every file is one f-string, never ``yaml.dump``.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import os
import random
import re
import shutil
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from stdnum.cn import uscc as stdnum_uscc

from generator.rules.calendar import WorkCalendar, add_months
from generator.rules.regions import rating_scope
from generator.rules.rulebook import load_rulebook

MARKER = ".synth"
"""A file in the output root saying it was generated, so a rerun may replace it (not YAML: not loaded)."""

# ---- regions (GB/T 2260, Henan) ----------------------------------------------------------------------
# city code, name, telephone area code, relative weight (share of property-service enterprises); then,
# indented, its counties.

_CITIES = """\
410100 郑州市 0371 28
    410102 中原区 410103 二七区 410104 管城回族区 410105 金水区 410106 上街区 410108 惠济区
    410122 中牟县 410181 巩义市 410182 荥阳市 410183 新密市 410184 新郑市 410185 登封市
410200 开封市 0371 4
    410202 龙亭区 410203 顺河回族区 410204 鼓楼区 410205 禹王台区 410212 祥符区 410221 杞县
    410222 通许县 410223 尉氏县 410225 兰考县
410300 洛阳市 0379 8
    410302 老城区 410303 西工区 410304 瀍河回族区 410305 涧西区 410307 偃师区 410308 孟津区
    410311 洛龙区 410323 新安县 410324 栾川县 410325 嵩县 410326 汝阳县 410327 宜阳县
    410328 洛宁县 410329 伊川县
410400 平顶山市 0375 4
    410402 新华区 410403 卫东区 410404 石龙区 410411 湛河区 410421 宝丰县 410422 叶县
    410423 鲁山县 410425 郏县 410481 舞钢市 410482 汝州市
410500 安阳市 0372 4
    410502 文峰区 410503 北关区 410505 殷都区 410506 龙安区 410522 安阳县 410523 汤阴县
    410526 滑县 410527 内黄县 410581 林州市
410600 鹤壁市 0392 2
    410602 鹤山区 410603 山城区 410611 淇滨区 410621 浚县 410622 淇县
410700 新乡市 0373 5
    410702 红旗区 410703 卫滨区 410704 凤泉区 410711 牧野区 410721 新乡县 410724 获嘉县
    410725 原阳县 410726 延津县 410727 封丘县 410781 卫辉市 410782 辉县市 410783 长垣市
410800 焦作市 0391 3
    410802 解放区 410803 中站区 410804 马村区 410811 山阳区 410821 修武县 410822 博爱县
    410823 武陟县 410825 温县 410882 沁阳市 410883 孟州市
410900 濮阳市 0393 3
    410902 华龙区 410922 清丰县 410923 南乐县 410926 范县 410927 台前县 410928 濮阳县
411000 许昌市 0374 4
    411002 魏都区 411003 建安区 411024 鄢陵县 411025 襄城县 411081 禹州市 411082 长葛市
411100 漯河市 0395 2
    411102 源汇区 411103 郾城区 411104 召陵区 411121 舞阳县 411122 临颍县
411200 三门峡市 0398 2
    411202 湖滨区 411203 陕州区 411221 渑池县 411224 卢氏县 411281 义马市 411282 灵宝市
411300 南阳市 0377 7
    411302 宛城区 411303 卧龙区 411321 南召县 411322 方城县 411323 西峡县 411324 镇平县
    411325 内乡县 411326 淅川县 411327 社旗县 411328 唐河县 411329 新野县 411330 桐柏县
    411381 邓州市
411400 商丘市 0370 5
    411402 梁园区 411403 睢阳区 411421 民权县 411422 睢县 411423 宁陵县 411424 柘城县
    411425 虞城县 411426 夏邑县 411481 永城市
411500 信阳市 0376 5
    411502 浉河区 411503 平桥区 411521 罗山县 411522 光山县 411523 新县 411524 商城县
    411525 固始县 411526 潢川县 411527 淮滨县 411528 息县
411600 周口市 0394 5
    411602 川汇区 411603 淮阳区 411621 扶沟县 411622 西华县 411623 商水县 411624 沈丘县
    411625 郸城县 411627 太康县 411628 鹿邑县 411681 项城市
411700 驻马店市 0396 5
    411702 驿城区 411721 西平县 411722 上蔡县 411723 平舆县 411724 正阳县 411725 确山县
    411726 泌阳县 411727 汝南县 411728 遂平县 411729 新蔡县
419001 济源市 0391 1
"""

PROVINCE = "410000"
PROVINCE_NAME = "河南省"
PROVINCE_AUTHORITY = "河南省住房和城乡建设厅"


@dataclass
class City:
    code: str
    name: str
    area: str
    weight: int
    counties: list[tuple[str, str]]  # (code, name); 济源 (a county-level city) stands for itself

    @property
    def short(self) -> str:
        return self.name[:-1] if self.name.endswith("市") else self.name


def _parse_cities() -> list[City]:
    out: list[City] = []
    for line in _CITIES.splitlines():
        parts = line.split()
        if not parts:
            continue
        if not line.startswith(" "):
            code, name, area, weight = parts
            out.append(City(code, name, area, int(weight), []))
        else:
            out[-1].counties += [(parts[i], parts[i + 1]) for i in range(0, len(parts), 2)]
    for city in out:
        if not city.counties:  # 济源: the city is its own county
            city.counties = [(city.code, city.name)]
    return out


CITIES = _parse_cities()

# ---- name pools ----------------------------------------------------------------------------------------

_BRAND_CHARS = (
    "恒信安居华嘉瑞祥鑫泰康和盛达宏兴通润佳美悦锦绣正弘昌裕丰荣福鸿建新城天宇金银龙凯豪明阳光东方博远万家"
    "中原豫颐馨怡雅汇德海诚益永合顺源广立升腾雅致臻睿峰林森航卓越惠民乐晟晨"
)
_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
_ROADS = [
    "人民路", "建设路", "解放路", "中州路", "文化路", "花园路", "黄河路", "长江路", "纬一路",
    "经三路", "工业路", "新华路", "东风路", "南京路", "北京路", "健康路", "胜利路", "和平路",
    "团结路", "光明路", "迎宾路", "滨河路", "未来路", "丰产路", "农业路", "商都路", "嵩山路",
    "伏牛路", "开元大道", "龙门大道", "九州路", "朝阳路", "友谊路", "育才路", "学府路", "政通路",
    "向阳路", "红旗路", "平原路", "太行路", "中原路", "大庆路", "五一路", "七一路", "八一路",
    "青年路",
]
_STREETS = [
    "城关", "人民路", "解放路", "建设路", "新华路", "东风路", "文化路", "南关", "北关", "西关",
    "东城", "西城", "南城", "北城", "新城", "红旗", "光明", "和平", "朝阳", "胜利",
]
# estate names: (Chinese, pinyin for the project id)
_ESTATE_A = [
    ("锦绣", "jinxiu"), ("阳光", "yangguang"), ("翠竹", "cuizhu"), ("金桂", "jingui"), ("幸福", "xingfu"),
    ("和谐", "hexie"), ("书香", "shuxiang"), ("水岸", "shuian"), ("御景", "yujing"), ("盛世", "shengshi"),
    ("紫荆", "zijing"), ("丽景", "lijing"), ("滨河", "binhe"), ("世纪", "shiji"), ("怡和", "yihe"),
    ("康乐", "kangle"), ("春晖", "chunhui"), ("秋实", "qiushi"), ("东方", "dongfang"), ("西湖", "xihu"),
    ("南湖", "nanhu"), ("北辰", "beichen"), ("中央", "zhongyang"), ("香山", "xiangshan"), ("龙湖", "longhu"),
    ("凤凰", "fenghuang"), ("枫林", "fenglin"), ("绿城", "lvcheng"), ("银河", "yinhe"), ("明珠", "mingzhu"),
    ("学府", "xuefu"), ("清华", "qinghua"), ("嘉园", "jiayuan"), ("瑞景", "ruijing"), ("颐和", "yihe2"),
    ("正商", "zhengshang"), ("泰和", "taihe"), ("永安", "yongan"), ("兴隆", "xinglong"), ("祥和", "xianghe"),
    ("润园", "runyuan"), ("馨苑", "xinyuan"), ("华庭", "huating"), ("碧水", "bishui"), ("青山", "qingshan"),
    ("鑫苑", "xinyuan2"), ("建业", "jianye"), ("金色", "jinse"), ("名门", "mingmen"), ("锦江", "jinjiang"),
]
_ESTATE_B = [
    ("花园", "huayuan"), ("小区", "xiaoqu"), ("家园", "jiayuan"), ("苑", "yuan"), ("新城", "xincheng"),
    ("名都", "mingdu"), ("华府", "huafu"), ("公馆", "gongguan"), ("府", "fu"), ("广场", "guangchang"),
    ("大厦", "dasha"), ("社区", "shequ"), ("新村", "xincun"), ("雅居", "yaju"), ("一期", "yiqi"),
    ("二期", "erqi"), ("城", "cheng"), ("里", "li"), ("湾", "wan"), ("郡", "jun"),
]

_LEVEL_NAME = {
    "national": "全国", "province": "全省", "city": "全市", "county": "县（区）级", "street": "街道",
}
_AWARD_TEXT = {
    "market": "获评{lv}物业服务示范项目",
    "safety": "获评{lv}物业安全管理先进单位",
    "red": "获评{lv}“红色物业”示范企业",
    "smart": "获评{lv}智慧物业建设示范项目",
}
_SOCIAL_TEXT = {
    1: "为业主加装电梯、改造老旧管网等民生实事作出突出贡献",
    2: "主动参与防汛抢险、疫情防控等公共突发事件应对",
    3: "招录退役军人、高校毕业生等稳岗就业",
    4: "推行垃圾分类和节能改造，配合业主安装充电桩",
    5: "组织志愿服务和社会捐赠活动",
    6: "在管项目开展社区养老、托幼服务",
    7: "主动承接老旧小区物业服务",
    8: "参编物业服务地方标准",
    9: "其他履行社会责任的优良行为",
}
_WITHDRAW_REASONS = ["行政复议撤销", "行政诉讼判决撤销原决定", "原决定机关自行撤销"]
_EXT_REASONS = ["有效期满仍拒不纠正", "公开期满后仍未改正", "拒不履行整改要求"]
_ROLES = ["总经理", "副总经理", "质量总监", "安全负责人"]

# ---- dates ---------------------------------------------------------------------------------------------

FIRST = dt.date(2023, 1, 3)  # earliest decision.effective
LAST_EFFECTIVE = dt.date(2026, 11, 12)  # latest decision.effective: entered by 2026-11-18
LAST = dt.date(2026, 11, 20)  # latest day of any event (objection, repair, extension, withdrawal)
EVALUATIONS = {  # year: (cutoff, published)
    2024: (dt.date(2024, 12, 10), dt.date(2024, 12, 16)),
    2025: (dt.date(2025, 12, 10), dt.date(2025, 12, 15)),
}


class _Workdays:
    """State Council working days 2010–2026 (the calendar library's range), for realistic dates."""

    def __init__(self) -> None:
        cal = WorkCalendar()
        day, end = dt.date(2010, 1, 1), dt.date(2026, 12, 31)
        days = []
        while day <= end:
            if cal.is_workday(day):
                days.append(day)
            day += dt.timedelta(days=1)
        self.days = days
        self.ords = [d.toordinal() for d in days]

    def after(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (第二十条: counting from the next day)."""
        i = bisect.bisect_right(self.ords, day.toordinal())
        return self.days[min(i + n - 1, len(self.days) - 1)]

    def pick(self, rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date | None:
        i = bisect.bisect_left(self.ords, lo.toordinal())
        j = bisect.bisect_right(self.ords, hi.toordinal()) - 1
        if i > j:
            return None
        return self.days[rng.randint(i, j)]


def _rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(lo.toordinal(), max(lo.toordinal(), hi.toordinal())))


# ---- identifiers ---------------------------------------------------------------------------------------

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights, strict=True))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def yaml_id(code: str) -> str:
    """A USCC as a careful hand would write it: quoted when it is all digits (YAML would read a number)."""
    return f'"{code}"' if code.isdigit() else code


def make_uscc(rng: random.Random, region: str, established: dt.date) -> str:
    """A code of the GB 32100 form: 9 (市场监管) 1 (企业), region, organisation code (GB 11714), check."""
    if established >= dt.date(2015, 10, 1):  # codes issued since the reform start with MA
        body = "MA" + "".join(rng.choice(_ORG_BODY) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    first17 = "91" + region + body + _org_check(body)
    return first17 + stdnum_uscc.calc_check_digit(first17)


# ---- the model being generated -------------------------------------------------------------------------


@dataclass
class _Project:
    id: str
    name: str
    region: str
    address: str
    since: dt.date
    until: dt.date | None
    manager: str | None

    def active_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


@dataclass
class _Enterprise:
    uscc: str
    name: str
    county: str
    city: City
    established: dt.date
    text: str = ""
    projects: list[_Project] = field(default_factory=list)
    managers: list[str] = field(default_factory=list)


@dataclass
class _Authority:
    code: str
    name: str
    level: str
    short: str  # one character for document numbers: 金建罚决字〔2026〕第12号


@dataclass
class SynthResult:
    enterprises: int = 0
    persons: int = 0
    records: int = 0
    evaluations: int = 0
    sheets: int = 0
    files: int = 0
    seconds: float = 0.0
    classes: dict[str, int] = field(default_factory=dict)
    features: dict[str, int] = field(default_factory=dict)


# ---- the generator -------------------------------------------------------------------------------------


class _Gen:
    def __init__(self, n_enterprises: int, n_records: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_ent = n_enterprises
        self.n_rec = n_records
        self.wd = _Workdays()
        self.rb = load_rulebook("henan")
        self.regions: dict[str, str] = {PROVINCE: PROVINCE_NAME}
        self.county_city: dict[str, City] = {}
        self.county_name: dict[str, str] = {}
        for c in CITIES:
            self.regions[c.code] = c.name
            for code, name in c.counties:
                self.regions[code] = name
                self.county_city[code] = c
                self.county_name[code] = name
        self.authorities: dict[str, _Authority] = {}
        self.streets: dict[str, list[str]] = {}
        self.persons: dict[str, str] = {}  # id -> file text
        self.person_serial: dict[str, int] = defaultdict(int)
        self.project_managers: list[str] = []
        self.enterprises: list[_Enterprise] = []
        self.result = SynthResult()
        self.features: dict[str, int] = defaultdict(int)

    # -- helpers --
    def place(self, county: str) -> str:
        """郑州市金水区; a county-level city by its own name: 巩义市, 济源市."""
        city = self.county_city[county]
        name = self.county_name[county]
        return name if county == city.code or name.endswith("市") else city.name + name

    def address(self, county: str) -> str:
        rng = self.rng
        return f"{self.place(county)}{rng.choice(_ROADS)}{rng.randint(1, 399)}号"

    def person_name(self) -> str:
        rng = self.rng
        return rng.choice(_SURNAMES) + ("某某" if rng.random() < 0.7 else "某")

    def new_person(self, region: str, note: str | None = None) -> str:
        self.person_serial[region] += 1
        pid = f"P-{region}-{self.person_serial[region]:04d}"
        text = f"name: {self.person_name()}\n"
        if note:
            text += f"note: {note}\n"
        self.persons[pid] = text
        return pid

    # -- regions and authorities --
    def build_authorities(self) -> None:
        rng = self.rng
        a = self.authorities
        a[PROVINCE] = _Authority(PROVINCE, PROVINCE_AUTHORITY, "province", "豫")
        for c in CITIES:
            if c.code != c.counties[0][0]:
                name = "郑州市住房保障和房地产管理局" if c.code == "410100" else f"{c.name}住房和城乡建设局"
                a[c.code] = _Authority(c.code, name, "city", c.short[0])
            for code, cname in c.counties:
                level = "county"
                a[code] = _Authority(code, f"{self.place(code)}住房和城乡建设局", level, cname[0])
                streets = rng.sample(_STREETS, 2)
                self.streets[code] = []
                for i, s in enumerate(streets, start=1):
                    scode = f"{code}{i:03d}"
                    a[scode] = _Authority(scode, f"{self.place(code)}{s}街道办事处", "street", s[0])
                    self.streets[code].append(scode)

    # -- enterprises --
    def pick_county(self, city: City) -> str:
        # urban districts (01–20 in GB/T 2260) hold most managed estates
        weights = [3 if int(code[4:]) <= 20 else 1 for code, _ in city.counties]
        return self.rng.choices([code for code, _ in city.counties], weights)[0]

    def build_enterprises(self) -> None:
        rng = self.rng
        city_weights = [c.weight for c in CITIES]
        seen_uscc: set[str] = set()
        seen_name: set[str] = set()
        for _ in range(self.n_ent):
            city = rng.choices(CITIES, city_weights)[0]
            county = self.pick_county(city)
            established = _rand_date(rng, dt.date(1998, 1, 1), dt.date(2024, 6, 30))
            if rng.random() < 0.75 and established > dt.date(2021, 12, 31):  # most firms are older
                established = _rand_date(rng, dt.date(1998, 1, 1), dt.date(2021, 12, 31))
            uscc = make_uscc(rng, county, established)
            while uscc in seen_uscc:
                uscc = make_uscc(rng, county, established)
            seen_uscc.add(uscc)
            suffix = "物业服务有限公司" if rng.random() < 0.7 else "物业管理有限公司"
            name = ""
            for attempt in range(30):
                brand = "".join(rng.sample(_BRAND_CHARS, 2 if rng.random() < 0.6 else 3))
                prefix = city.short
                if attempt >= 20:  # crowded: name the county too
                    prefix += self.county_name[county].rstrip("区县市")
                name = f"{prefix}{brand}示例{suffix}"
                if name not in seen_name:
                    break
            else:
                name = f"{city.short}{brand}示例{suffix}（{len(seen_name)}）"
            seen_name.add(name)
            ent = _Enterprise(uscc, name, county, city, established)
            former: list[str] = []
            if rng.random() < 0.10:
                other = "物业管理有限公司" if suffix == "物业服务有限公司" else "物业服务有限公司"
                former.append(name.replace(suffix, other) if rng.random() < 0.6 else
                              f"{self.place(county)}{brand}示例{other}")
                if former[0] == name:
                    former = []
            self.build_projects(ent)
            self.enterprises.append(ent)
            ent.text = self.enterprise_text(ent, former)

    def build_projects(self, ent: _Enterprise) -> None:
        rng = self.rng
        n = rng.choices([1, 2, 3, 4, 5, 6], [30, 25, 18, 12, 9, 6])[0]
        spread = rng.random()
        used_ids: set[str] = set()
        shared_manager: str | None = None
        for i in range(n):
            county = ent.county
            if i > 0 and spread > 0.70:
                if spread > 0.92:  # some projects in another city
                    city = rng.choices(CITIES, [c.weight for c in CITIES])[0]
                    county = self.pick_county(city)
                elif rng.random() < 0.6:
                    county = self.pick_county(ent.city)
            a, b = rng.choice(_ESTATE_A), rng.choice(_ESTATE_B)
            pid = f"{a[1]}-{b[1]}"
            k = 2
            while pid in used_ids:
                pid = f"{a[1]}-{b[1]}-{k}"
                k += 1
            used_ids.add(pid)
            since = _rand_date(rng, max(ent.established, dt.date(2005, 1, 1)), dt.date(2026, 6, 30))
            if since < ent.established:
                since = ent.established
            until = None
            r = rng.random()
            if r < 0.15:
                hi = min(since + dt.timedelta(days=365 * 8), dt.date(2026, 10, 31))
                if hi > since + dt.timedelta(days=200):
                    until = _rand_date(rng, since + dt.timedelta(days=180), hi)
            elif r < 0.25:
                until = dt.date(rng.randint(2026, 2029), 12, 31)
            manager = None
            if rng.random() < 0.85:
                if shared_manager is not None and rng.random() < 0.2:
                    manager = shared_manager
                else:
                    manager = self.new_person(county)
                    self.project_managers.append(manager)
                    shared_manager = manager
            address = self.address(county)
            ent.projects.append(_Project(pid, a[0] + b[0], county, address, since, until, manager))
        ent.managers = [self.new_person(ent.county, "总经理" if rng.random() < 0.3 else None)]
        if rng.random() < 0.3:
            ent.managers.append(self.new_person(ent.county))

    def enterprise_text(self, ent: _Enterprise, former: list[str]) -> str:
        rng = self.rng
        out = [f"name: {ent.name}\n"]
        if former:
            out.append(f"former_names: [{', '.join(former)}]\n")
        out.append(f"legal_representative: {self.person_name()}\n")
        out.append(f'registered_region: "{ent.county}"\n')
        out.append(f"address: {self.address(ent.county)}\n")
        out.append(f"established: {ent.established.isoformat()}\n")
        if rng.random() < 0.9:
            out.append(f'hotline: "{ent.city.area}-{rng.randint(5, 8)}{rng.randint(0, 9999999):07d}"\n')
        if ent.projects:
            out.append("projects:\n")
            for p in ent.projects:
                out.append(f"  - id: {p.id}\n    name: {p.name}\n    region: \"{p.region}\"\n"
                           f"    address: {p.address}\n    since: {p.since.isoformat()}\n")
                if p.until is not None:
                    out.append(f"    until: {p.until.isoformat()}\n")
                if p.manager is not None:
                    out.append(f"    manager: {p.manager}\n")
        out.append("managers:\n")
        for i, pid in enumerate(ent.managers):
            role = "总经理" if i == 0 else rng.choice(_ROLES[1:])
            out.append(f"  - person: {pid}\n    role: {role}\n")
        return "".join(out)

    # -- credit records --
    def record_specs(self) -> list[tuple[str, frozenset[str]]]:
        """One (kind, forced features) per record, so that every class, kind and feature occurs."""
        n = self.n_rec
        n_a = round(n * 0.02)
        n_c = round(n * 0.10)
        n_g = round(n * 0.13)
        if n >= 20:
            n_a, n_c, n_g = max(n_a, 1), max(n_c, 3), max(n_g, 3)
        n_b = n - n_a - n_c - n_g
        if n_b < 0:  # tiny: all B
            n_a = n_c = n_g = 0
            n_b = n
        n_c_refuse = round(n_c / 3)
        n_pair = round(n_g * 0.04) if n_g >= 10 else 0
        n_social = round(n_g * 0.4)
        n_award = n_g - n_social - 2 * n_pair
        if n_award < 0:
            n_pair, n_award = 0, n_g - n_social
        n_person = round(n_b * 0.08) if n_b >= 20 else 0
        specs: list[tuple[str, frozenset[str]]] = []
        specs += [("A", frozenset())] * n_a
        specs += [("B", frozenset())] * (n_b - n_person)
        specs += [("B-person", frozenset())] * n_person
        specs += [("C-refuse", frozenset())] * n_c_refuse
        specs += [("C", frozenset())] * (n_c - n_c_refuse)
        specs += [("award", frozenset())] * n_award
        specs += [("award-pair", frozenset())] * n_pair
        specs += [("social", frozenset())] * n_social
        self.rng.shuffle(specs)
        # force one of each lifecycle feature on records of a fitting kind
        forced = {
            "B": ["objection-pending-suspend", "objection-pending", "objection-revoked", "objection-upheld",
                  "repair-approved", "repair-rejected", "repair-pending", "withdrawn", "learned", "judgment"],
            "C-refuse": ["extension"],
            "C": ["objection-corrected"],
        }
        for kind, feats in forced.items():
            idx = [i for i, s in enumerate(specs) if s[0] == kind]
            for i, feat in zip(idx, feats, strict=False):
                specs[i] = (kind, frozenset({feat}))
        return specs

    def item_pools(self) -> None:
        rb = self.rb
        self.a_items: list[str] = []
        self.b_items: list[str] = []
        self.c_items: list[str] = []
        self.range: dict[str, tuple[int, int]] = {}
        self.veto: set[str] = set()
        for code, (cat, _sec, it) in rb.items.items():
            if cat.kind != "deduction":
                continue
            if it.points_range is not None:
                self.range[code] = (int(it.points_range[0]), int(it.points_range[1]))
            if it.veto:
                self.veto.add(code)
                if it.class_only:
                    self.a_items.append(code)
                    continue
            self.b_items.append(code)
            if not it.veto:
                self.c_items.append(code)
        self.item_text = {code: self._short(it.text) for code, (_c, _s, it) in rb.items.items()}
        # weights: everyday market and safety items far more often than veto or catch-all items
        self.b_weights = [0.3 if c in self.veto else 4.0 if c in self.range else 1.0 for c in self.b_items]
        self.b_cycle = list(self.b_items)
        self.rng.shuffle(self.b_cycle)
        self.a_cycle = list(self.a_items)
        self.rng.shuffle(self.a_cycle)

    @staticmethod
    def _short(text: str) -> str:
        """A one-line summary from an item's text: no parentheses, the first clause of some length."""
        text = re.sub(r"（[^（）]*）", "", text)
        for prefix in ("物业服务企业",):
            if text.startswith(prefix) and len(text) > 12:
                text = text[len(prefix):]
                break
        cut = len(text)
        for ch in "，；,;。":
            i = text.find(ch, 12)
            if i != -1:
                cut = min(cut, i)
        text = text[:cut]
        if text.endswith("的"):
            text = text[:-1]
        return text[:80]

    def build_records(self) -> list[tuple[str, int, dt.date, str, str]]:
        """(recorder, year, entered, tiebreak, text) of every record; serials follow the entry dates."""
        rng = self.rng
        self.item_pools()
        weights = [rng.paretovariate(1.3) for _ in self.enterprises]
        cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        self.ent_cum = cum
        out: list[tuple[str, int, dt.date, str, str]] = []
        b_seen = a_seen = 0
        for i, (kind, forced) in enumerate(self.record_specs()):
            if kind == "B" or kind == "B-person":
                if b_seen < len(self.b_cycle):  # every item once, then by weight
                    item = self.b_cycle[b_seen]
                else:
                    item = rng.choices(self.b_items, self.b_weights)[0]
                b_seen += 1
                recs = [self.bad("B", item, forced, person=kind == "B-person")]
            elif kind == "A":
                item = self.a_cycle[a_seen] if a_seen < len(self.a_cycle) else rng.choice(self.a_items)
                a_seen += 1
                recs = [self.bad("A", item, forced)]
            elif kind in ("C", "C-refuse"):
                item = rng.choice(self.c_items)
                recs = [self.bad("C", item, forced, refuses=kind == "C-refuse",
                                 person=rng.random() < 0.05)]
            elif kind in ("award", "award-pair"):
                recs = self.award(pair=kind == "award-pair")
            else:
                recs = [self.social()]
            for rec in recs:
                out.append((rec[0], rec[1], rec[2], f"{i:09d}{len(out):09d}", rec[3]))
        return out

    def pick_enterprise(
        self, lo: dt.date, hi: dt.date
    ) -> tuple[_Enterprise, _Project | None, dt.date, dt.date]:
        """An enterprise (busy ones more often), one of its projects, and the window of possible dates."""
        rng = self.rng
        for _ in range(200):
            ent = self.enterprises[bisect.bisect_left(self.ent_cum, rng.random() * self.ent_cum[-1])]
            elo = max(lo, ent.established + dt.timedelta(days=60))
            if elo > hi:
                continue
            candidates = [p for p in ent.projects if p.since <= hi and (p.until is None or p.until >= elo)]
            if candidates and rng.random() < 0.9:
                p = rng.choice(candidates)
                return ent, p, max(elo, p.since), min(hi, p.until or hi)
            return ent, None, elo, hi
        raise RuntimeError("no enterprise fits the date window")

    def decision_for(self, county: str, level: str, kind: str | None, year: int,
                     domain: str | None = None) -> tuple[str, str, str, str]:
        """(authority name, level, document, recorder code) of a decision about a subject in ``county``."""
        rng = self.rng
        city = self.county_city[county]
        no = rng.randint(1, 300)
        word = {"penalty": "罚决字", "order": "改字", "handling": "处字", None: ""}.get(kind, "")
        if kind == "judgment":
            court = f"{self.place(county)}人民法院"
            doc = f"（{year}）豫{county[2:]}民初{rng.randint(100, 9999)}号"
            return court, "court", doc, county
        if domain == "fire":
            return (f"{self.place(county)}消防救援大队", "county",
                    f"{self.county_name[county][0]}消行罚决字〔{year}〕第{no}号", county)
        if domain == "special_equipment":
            return (f"{self.place(county)}市场监督管理局", "county",
                    f"{self.county_name[county][0]}市监罚字〔{year}〕第{no}号", county)
        if domain == "work_safety":
            return (f"{self.place(county)}应急管理局", "county",
                    f"{self.county_name[county][0]}应急罚字〔{year}〕第{no}号", county)
        if level == "province":
            a = self.authorities[PROVINCE]
        elif level == "city" and city.code in self.authorities and city.code != county:
            a = self.authorities[city.code]
        else:
            a = self.authorities[county]
            level = "county"
        doc = f"{a.short}建{word}〔{year}〕第{no}号" if word else f"{a.short}建〔{year}〕第{no}号"
        return a.name, level, doc, a.code

    def bad(self, cls: str, item: str, forced: frozenset[str], refuses: bool = False,
            person: bool = False) -> tuple[str, int, dt.date, str]:
        rng = self.rng
        lo, hi = FIRST, LAST_EFFECTIVE
        if "extension" in forced:
            hi = dt.date(2025, 3, 31)
        if forced & {"objection-pending", "objection-pending-suspend"}:
            lo = dt.date(2026, 8, 3)
        if forced & {"repair-approved", "repair-rejected"}:
            hi = dt.date(2026, 3, 31)
        if "repair-pending" in forced:
            lo, hi = dt.date(2025, 9, 1), dt.date(2026, 7, 31)
        if "withdrawn" in forced:
            hi = dt.date(2026, 6, 30)
        project: _Project | None = None
        if person and self.project_managers:
            subject = rng.choice(self.project_managers)
            county = subject[2:8]
            wlo, whi = lo, hi
        else:
            ent, project, wlo, whi = self.pick_enterprise(lo, hi)
            subject = ent.uscc
            county = project.region if project is not None else ent.county
        effective = self.wd.pick(rng, wlo, whi) or wlo
        year = effective.year
        # what kind of decision
        domain: str | None = None
        penalty_months: int | None = None
        if "judgment" in forced or (cls != "C" and rng.random() < 0.015):
            dkind = "judgment"
        elif cls == "C":
            dkind = "order"
        elif cls == "A":
            dkind = rng.choice(["penalty", "penalty", "handling"])
        else:
            dkind = rng.choices(["order", "penalty", "handling"], [55, 35, 10])[0]
        if dkind == "penalty":
            if item.startswith("safety.2."):
                domain = "fire" if rng.random() < 0.6 else None
            elif item == "safety.3.3":
                domain = "special_equipment" if rng.random() < 0.6 else None
            elif item in ("safety.1.1", "safety.3.6", "safety.1.5"):
                domain = "work_safety" if rng.random() < 0.6 else None
            if rng.random() < 0.3:
                penalty_months = rng.choice([3, 6, 6, 12])
        r = rng.random()
        level = "province" if r < 0.01 else "city" if r < 0.12 else "county"
        authority, dlevel, document, recorder = self.decision_for(county, level, dkind, year, domain)
        if rng.random() < 0.03 and dlevel == "county":  # entered by the city on the county's behalf
            city_code = self.county_city[county].code
            recorder = city_code if city_code in self.authorities else recorder
        # dates
        learned: dt.date | None = None
        if "learned" in forced or (domain is not None and rng.random() < 0.5) or (
                dkind == "judgment" and rng.random() < 0.5):
            learned = self.wd.after(effective, rng.randint(1, 4))
            base = learned
        else:
            base = effective
        entered = self.wd.after(base, rng.randint(1, 3))
        notified = base if rng.random() < 0.3 else self.wd.after(base, 1)
        if notified > entered:
            notified = entered
        # disclosure
        months: int | None
        if cls == "C":
            months = rng.choice([3, 3, 6, 6, 4, 5]) if refuses or rng.random() < 0.5 else None
        elif cls == "A":
            months = rng.choice([12, 24, 36, 36])
        else:
            months = rng.choice([3, 6, 6, 12]) if dkind == "order" else rng.choice([6, 12, 12, 24, 36])
        if months is not None and domain is not None and dkind == "penalty" and months < 12:
            months = 12
        if months is not None and penalty_months is not None and months < penalty_months:
            months = penalty_months
        count = 1
        if item not in self.veto and rng.random() < 0.10:
            count = rng.choice([2, 2, 3])
        points = rng.randint(*self.range[item]) if item in self.range else None
        what = self.item_text[item]
        summary = f"{project.name}项目{what}" if project is not None else what
        lines = [f"subject: {yaml_id(subject)}\n"]
        if project is not None:
            lines.append(f"project: {project.id}\n")
        lines.append(f"kind: bad\nclass: {cls}\nitem: {item}\n")
        if count != 1:
            lines.append(f"count: {count}\n")
        if points is not None:
            lines.append(f"points: {points}\n")
        lines.append(f"summary: {summary}\ndecision:\n  authority: {authority}\n  level: {dlevel}\n"
                     f"  document: {document}\n  kind: {dkind}\n  effective: {effective.isoformat()}\n")
        if learned is not None:
            lines.append(f"  learned: {learned.isoformat()}\n")
        if penalty_months is not None:
            lines.append(f"  penalty_months: {penalty_months}\n")
        if domain is not None:
            lines.append(f"  domain: {domain}\n")
        lines.append(f'recorder: "{recorder}"\nnotified: {notified.isoformat()}\n'
                     f"entered: {entered.isoformat()}\n")
        if months is not None:
            lines.append(f"disclosure_months: {months}\n")
        if cls == "C":
            lines.append(f"refuses_correction: {'true' if refuses else 'false'}\n")
        # extensions (a subject that refuses to correct)
        if refuses and months is not None and ("extension" in forced or rng.random() < 0.35):
            last_day = add_months(effective, months)
            decided = self.wd.pick(rng, last_day - dt.timedelta(days=10), last_day) or last_day
            if decided <= LAST:
                ext = rng.choice([3, 6, 6])
                lines.append(f"extensions:\n  - decided: {decided.isoformat()}\n    months: {ext}\n"
                             f"    reason: {rng.choice(_EXT_REASONS)}\n")
                self.features["extension"] += 1
        lines.append(self.objections(effective, entered, forced, cls))
        if cls == "B":
            lines.append(self.repair(effective, entered, forced))
        if "withdrawn" in forced or (cls != "C" and rng.random() < 0.005):
            wlo = entered + dt.timedelta(days=20)
            if wlo <= LAST:
                when = _rand_date(rng, wlo, min(LAST, entered + dt.timedelta(days=240)))
                reason = rng.choice(_WITHDRAW_REASONS)
                lines.append(f"withdrawn:\n  date: {when.isoformat()}\n  reason: {reason}\n")
                self.features["withdrawn"] += 1
        self.result.classes[cls if cls != "C" else ("C-refuse" if refuses else "C")] = \
            self.result.classes.get(cls if cls != "C" else ("C-refuse" if refuses else "C"), 0) + 1
        if person:
            self.features["person-subject"] += 1
        if learned is not None:
            self.features["learned"] += 1
        if dkind == "judgment":
            self.features["judgment"] += 1
        if points is not None:
            self.features["points"] += 1
        if count != 1:
            self.features["count"] += 1
        return recorder, year, entered, "".join(lines)

    def objections(self, effective: dt.date, entered: dt.date, forced: frozenset[str], cls: str) -> str:
        rng = self.rng
        want = next((f for f in forced if f.startswith("objection-")), None)
        if want is None and rng.random() >= 0.07:
            return ""
        out = ["objections:\n"]
        n = 2 if want is None and rng.random() < 0.1 else 1
        filed = self.wd.after(entered, rng.randint(1, 15))
        for k in range(n):
            last = k == n - 1
            if want in ("objection-pending", "objection-pending-suspend"):
                filed = max(filed, self.wd.pick(rng, dt.date(2026, 11, 2), LAST) or LAST)
            if filed > LAST:
                break
            resolved = self.wd.after(filed, rng.randint(2, 8))
            pending = want in ("objection-pending", "objection-pending-suspend") or (
                want is None and last and filed >= dt.date(2026, 10, 1) and rng.random() < 0.5)
            if resolved > LAST:
                pending = True
            if not last:
                pending = False
            if pending:
                suspend = want == "objection-pending-suspend" or (want is None and rng.random() < 0.3)
                out.append(f"  - filed: {filed.isoformat()}\n    suspend: {'true' if suspend else 'false'}\n")
                self.features["objection-pending"] += 1
                if suspend:
                    self.features["objection-suspend"] += 1
                break
            if want == "objection-revoked":
                outcome = "revoked"
            elif want == "objection-upheld":
                outcome = "upheld"
            elif want == "objection-corrected":
                outcome = "corrected"
            elif not last:
                outcome = "upheld"
            else:
                outcome = rng.choices(["upheld", "corrected", "revoked"], [65, 25, 10])[0]
            suspend = rng.random() < 0.15
            out.append(f"  - filed: {filed.isoformat()}\n    resolved: {resolved.isoformat()}\n"
                       f"    outcome: {outcome}\n    suspend: {'true' if suspend else 'false'}\n")
            self.features[f"objection-{outcome}"] += 1
            filed = self.wd.after(resolved, rng.randint(3, 30))
        return "".join(out) if len(out) > 1 else ""

    def repair(self, effective: dt.date, entered: dt.date, forced: frozenset[str]) -> str:
        rng = self.rng
        want = next((f for f in forced if f.startswith("repair-")), None)
        if want is None and rng.random() >= 0.07:
            return ""
        if want == "repair-pending":
            applied = self.wd.pick(rng, max(entered + dt.timedelta(days=30), dt.date(2026, 11, 9)), LAST)
            if applied is None:
                return ""
            self.features["repair-pending"] += 1
            return f"repair:\n  applied: {applied.isoformat()}\n"
        applied = self.wd.pick(rng, entered + dt.timedelta(days=90),
                               min(LAST, entered + dt.timedelta(days=500)))
        if applied is None:
            return ""
        decided = self.wd.after(applied, rng.randint(2, 7))
        if decided > LAST:
            self.features["repair-pending"] += 1
            return f"repair:\n  applied: {applied.isoformat()}\n"
        outcome = {"repair-approved": "approved", "repair-rejected": "rejected"}.get(
            want or "", "approved" if rng.random() < 0.8 else "rejected")
        self.features[f"repair-{outcome}"] += 1
        return (f"repair:\n  applied: {applied.isoformat()}\n  decided: {decided.isoformat()}\n"
                f"  outcome: {outcome}\n")

    def good_decision(self, county: str, level: str, year: int) -> tuple[str, str, str]:
        """(authority, document, recorder) of an award or recognition at ``level``."""
        rng = self.rng
        city = self.county_city[county]
        no = rng.randint(1, 200)
        if level == "national":
            return "中华人民共和国住房和城乡建设部", f"建房〔{year}〕{no}号", county
        if level == "province":
            return PROVINCE_AUTHORITY, f"豫建房〔{year}〕{no}号", county
        if level == "city" and city.code in self.authorities and city.code != county:
            a = self.authorities[city.code]
            return a.name, f"{a.short}建〔{year}〕第{no}号", county
        if level == "street":
            scode = rng.choice(self.streets[county])
            a = self.authorities[scode]
            return a.name, f"{a.short}街〔{year}〕第{no}号", scode
        a = self.authorities[county]
        return a.name, f"{a.short}建〔{year}〕第{no}号", county

    def good_text(self, subject: str, project: _Project | None, item: str, count: int, summary: str,
                  authority: str, level: str, document: str, effective: dt.date, recorder: str,
                  entered: dt.date, deed: str | None) -> str:
        lines = [f"subject: {yaml_id(subject)}\n"]
        if project is not None:
            lines.append(f"project: {project.id}\n")
        lines.append(f"kind: good\nitem: {item}\n")
        if count != 1:
            lines.append(f"count: {count}\n")
        lines.append(f"summary: {summary}\ndecision:\n  authority: {authority}\n  level: {level}\n"
                     f"  document: {document}\n  effective: {effective.isoformat()}\n"
                     f'recorder: "{recorder}"\nentered: {entered.isoformat()}\n')
        if deed is not None:
            lines.append(f"deed: {deed}\n")
        return "".join(lines)

    def award(self, pair: bool) -> list[tuple[str, int, dt.date, str]]:
        rng = self.rng
        ent, project, lo, hi = self.pick_enterprise(FIRST, LAST_EFFECTIVE - dt.timedelta(days=60) if pair
                                                    else LAST_EFFECTIVE)
        county = project.region if project is not None else ent.county
        cat = rng.choices(["market", "safety", "red", "smart"], [45, 25, 20, 10])[0]
        levels = ["street", "county", "city", "province", "national"]
        level = rng.choices(levels, [10, 40, 35, 13, 2])[0]
        if pair and level in ("province", "national"):
            level = "city"
        effective = self.wd.pick(rng, lo, hi) or lo
        deed = None
        if pair or rng.random() < 0.25:
            deed = f"{ent.uscc[-6:].lower()}-{effective.year}-{cat}-{rng.randint(1, 99)}"
        out = []
        for k in range(2 if pair else 1):
            if k == 1:  # the same deed honoured again one level up
                level = levels[levels.index(level) + 1]
                effective = self.wd.after(effective, rng.randint(10, 40))
                self.features["deed-pair"] += 1
            authority, document, recorder = self.good_decision(county, level, effective.year)
            entered = self.wd.after(effective, rng.randint(1, 3))
            summary = _AWARD_TEXT[cat].format(lv=_LEVEL_NAME[level])
            if project is not None and cat in ("market", "safety", "smart"):
                summary = f"{project.name}项目{summary}"
            text = self.good_text(ent.uscc, project, cat, 1, summary, authority, level, document, effective,
                                  recorder, entered, deed)
            out.append((recorder, effective.year, entered, text))
            self.result.classes["good-award"] = self.result.classes.get("good-award", 0) + 1
        return out

    def social(self) -> tuple[str, int, dt.date, str]:
        rng = self.rng
        ent, project, lo, hi = self.pick_enterprise(FIRST, LAST_EFFECTIVE)
        county = project.region if project is not None else ent.county
        section = rng.randint(1, 9)
        item = f"social.{section}"
        if section in (1, 2, 3, 5):
            level = rng.choices(["street", "county", "city", "province", "national"], [25, 40, 25, 9, 1])[0]
            count = 1
        else:
            level = rng.choices(["street", "county", "city"], [40, 45, 15])[0]
            count = 2 if rng.random() < 0.15 else 1
        effective = self.wd.pick(rng, lo, hi) or lo
        authority, document, recorder = self.good_decision(county, level, effective.year)
        entered = self.wd.after(effective, rng.randint(1, 3))
        summary = _SOCIAL_TEXT[section]
        if project is not None:
            summary = f"{project.name}：{summary}"
        self.result.classes["good-social"] = self.result.classes.get("good-social", 0) + 1
        return recorder, effective.year, entered, self.good_text(
            ent.uscc, project, item, count, summary, authority, level, document, effective, recorder, entered,
            None)

    # -- evaluations (第十三条) --
    def build_evaluations(self) -> dict[str, str]:
        """relative path -> text of evaluation.yaml files and sheets."""
        rng = self.rng
        cal = WorkCalendar()
        files: dict[str, str] = {}
        raters = [a for a in self.authorities.values() if a.level != "street"]
        for year, (cutoff, published) in EVALUATIONS.items():
            notice_until = cal.add_workdays(published, self.rb.notice_min_working_days)
            for a in raters:
                files[f"evaluations/{year}/{a.code}/evaluation.yaml"] = (
                    f"cutoff: {cutoff.isoformat()}\npublished: {published.isoformat()}\n"
                    f"notice_until: {notice_until.isoformat()}\n")
                self.result.evaluations += 1
            for ent in self.enterprises:
                if ent.established > cutoff or rng.random() >= 0.05:
                    continue
                active = [p.region for p in ent.projects if p.active_on(cutoff)]
                scope = rating_scope(active, ent.county, self.regions)
                files[f"evaluations/{year}/{scope.region}/{ent.uscc}.yaml"] = self.sheet(len(active))
                self.result.sheets += 1
        return files

    def sheet(self, communities: int) -> str:
        rng = self.rng
        rb = self.rb
        which = rng.choices(["red", "smart", "both"], [35, 25, 40])[0]
        out = []
        for cat_code in ("red", "smart"):
            if which not in (cat_code, "both"):
                continue
            cat = rb.category_by_code[cat_code]
            good = rng.random()  # how good this enterprise is at the category
            lines = []
            for sec in cat.sections:
                for it in sec.items:
                    key = f"{sec.number}.{it.number}"
                    code = f"{cat_code}.{key}"
                    r = rng.random()
                    if r > 0.6 + 0.38 * good:  # not listed: 0 points
                        continue
                    if it.scoring == "community":
                        if communities == 0:
                            continue
                        full = rng.randint(0, communities)
                        partial = rng.randint(0, communities - full)
                        lines.append(f'  "{key}": {{full: {full}, partial: {partial}}}\n')
                    elif it.scoring == "results":
                        results = rng.choices([0, 1, 2, 3, 5], [20, 30, 25, 15, 10])[0]
                        lines.append(f'  "{key}": {{count: {results}}}\n')
                    elif rng.random() < 0.04:
                        lines.append(f'  "{key}": absent\n')
                    else:
                        step = rb.item_step(code)
                        assert it.max is not None
                        most = int(it.max / step)
                        missing = 0
                        if rng.random() >= 0.4 + 0.5 * good:
                            missing = rng.randint(1, max(1, min(most, 3)))
                        lines.append(f'  "{key}": {min(missing, most)}\n')
            if lines:
                out.append(f"{cat_code}:\n" + "".join(lines))
        return "".join(out) or 'red:\n  "1.1": 0\n'

    # -- top-level files --
    def platform_text(self) -> str:
        return (
            f"# 合成数据：credit synth --enterprises {self.n_ent} --records {self.n_rec}"
            f" --seed {self.seed}\n"
            "# 所有企业、人员和信用信息均为虚构（企业名称含“示例”），仅用于测试和性能基准。\n"
            "name: 河南省物业服务企业信用信息管理平台（示例数据）\n"
            f'operator: "{PROVINCE}"\n'
            "rulebook: henan\n"
            "license: CC-BY-4.0\n"
        )

    def regions_text(self) -> str:
        out = [f'"{PROVINCE}": {PROVINCE_NAME}\n']
        for c in CITIES:
            if c.code != c.counties[0][0]:
                out.append(f'"{c.code}": {c.name}\n')
            for code, name in c.counties:
                out.append(f'"{code}": {name}\n')
        return "".join(out)

    def authorities_text(self) -> str:
        return "".join(f'- code: "{a.code}"\n  name: {a.name}\n  level: {a.level}\n'
                       for a in sorted(self.authorities.values(), key=lambda a: a.code))


def _prepare(output: Path) -> None:
    if output.exists():
        if not output.is_dir():
            raise FileExistsError(f"{output} exists and is not a directory")
        if any(output.iterdir()):
            if not (output / MARKER).exists():
                raise FileExistsError(
                    f"{output} is not empty and was not written by credit synth; refusing to replace it")
            shutil.rmtree(output)
    output.mkdir(parents=True, exist_ok=True)


def synth(enterprises: int, records: int, seed: int, output: Path) -> SynthResult:
    """Write a complete records tree with ``enterprises`` enterprises and ``records`` credit records."""
    if enterprises < 1 or records < 0:
        raise ValueError("need at least one enterprise and a non-negative number of records")
    started = time.perf_counter()
    output = Path(output)
    _prepare(output)
    g = _Gen(enterprises, records, seed)
    g.build_authorities()
    g.build_enterprises()
    recs = g.build_records()
    evaluations = g.build_evaluations()

    files = 0
    root = str(output) + os.sep
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)

    def write(rel: str, text: str) -> None:
        nonlocal files
        fd = os.open(root + rel, flags, 0o644)
        try:
            os.write(fd, text.encode("utf-8"))
        finally:
            os.close(fd)
        files += 1

    write("platform.yaml", g.platform_text())
    write("regions.yaml", g.regions_text())
    write("authorities.yaml", g.authorities_text())
    (output / "enterprises").mkdir()
    for ent in g.enterprises:
        write(f"enterprises/{ent.uscc}.yaml", ent.text)
    (output / "persons").mkdir()
    for pid, text in g.persons.items():
        write(f"persons/{pid}.yaml", text)
    # serials per recorder and year, in order of entry
    recs.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    serial: dict[tuple[str, int], int] = defaultdict(int)
    for year in sorted({r[1] for r in recs}):
        (output / "credit" / str(year)).mkdir(parents=True)
    for recorder, year, _entered, _tie, text in recs:
        serial[(recorder, year)] += 1
        write(f"credit/{year}/{recorder}-{year}-{serial[(recorder, year)]:04d}.yaml", text)
    for rel in sorted(evaluations):
        (output / rel).parent.mkdir(parents=True, exist_ok=True)
        write(rel, evaluations[rel])
    (output / MARKER).write_text(
        f"credit synth --enterprises {enterprises} --records {records} --seed {seed}\n", encoding="utf-8")

    res = g.result
    res.enterprises = len(g.enterprises)
    res.persons = len(g.persons)
    res.records = len(recs)
    res.files = files
    res.features = dict(sorted(g.features.items()))
    res.classes = dict(sorted(res.classes.items()))
    res.seconds = time.perf_counter() - started
    return res


def cmd_synth(args: argparse.Namespace) -> int:
    try:
        res = synth(args.enterprises, args.n_records, args.seed, args.output)
    except (FileExistsError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(
        f"已写入 {args.output}：{res.enterprises} 家企业、{res.persons} 名人员、{res.records} 条信用信息、"
        f"{res.evaluations} 个评价、{res.sheets} 张评分表（{res.files} 个文件，用时 {res.seconds:.1f} 秒）",
        file=sys.stderr,
    )
    return 0
