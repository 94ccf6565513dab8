"""Synthetic, realistic snapshots for the search benchmark (no YAML pipeline).

``make_snapshot(n, seed)`` returns a :class:`generator.day.snapshot.Snapshot` with ``n`` enterprises in Henan:
names like 郑州恒信物业服务有限公司 (city or county + brand + 物业服务/物业管理有限公司, a few groups and
branches), former names, 1–4 projects each (恒信花园, 康居苑 …), project managers and key managers with
ordinary Chinese names, valid unified social credit codes (GB 32100-2015 check digits), star ratings for
most enterprises and a few severe (A-class) records. Deterministic for a given ``n`` and ``seed``.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from stdnum.cn import uscc as stdnum_uscc

from generator.day.snapshot import PublicRecord, Snapshot
from generator.records import models as m
from generator.rules.ratings import Rating
from generator.rules.rulebook import load_rulebook

# Henan: cities and some of their counties (GB/T 2260), with a share of the enterprises.
CITIES: list[tuple[str, str, float, list[tuple[str, str]]]] = [
    ("410100", "郑州市", 0.30, [("410102", "中原区"), ("410103", "二七区"), ("410104", "管城回族区"),
                               ("410105", "金水区"), ("410106", "上街区"), ("410108", "惠济区"),
                               ("410122", "中牟县"), ("410181", "巩义市"), ("410182", "荥阳市"),
                               ("410183", "新密市"), ("410184", "新郑市"), ("410185", "登封市")]),
    ("410200", "开封市", 0.04, [("410202", "龙亭区"), ("410203", "顺河回族区"), ("410204", "鼓楼区"),
                               ("410205", "禹王台区"), ("410212", "祥符区"), ("410221", "杞县")]),
    ("410300", "洛阳市", 0.09, [("410302", "老城区"), ("410303", "西工区"), ("410304", "瀍河回族区"),
                               ("410305", "涧西区"), ("410307", "偃师区"), ("410308", "孟津区"),
                               ("410311", "洛龙区"), ("410323", "新安县")]),
    ("410400", "平顶山市", 0.04, [("410402", "新华区"), ("410403", "卫东区"), ("410404", "石龙区"),
                                 ("410411", "湛河区"), ("410481", "舞钢市"), ("410482", "汝州市")]),
    ("410500", "安阳市", 0.04, [("410502", "文峰区"), ("410503", "北关区"), ("410505", "殷都区"),
                               ("410506", "龙安区"), ("410581", "林州市")]),
    ("410600", "鹤壁市", 0.02, [("410602", "鹤山区"), ("410603", "山城区"), ("410611", "淇滨区")]),
    ("410700", "新乡市", 0.05, [("410702", "红旗区"), ("410703", "卫滨区"), ("410704", "凤泉区"),
                               ("410711", "牧野区"), ("410781", "卫辉市"), ("410782", "辉县市")]),
    ("410800", "焦作市", 0.03, [("410802", "解放区"), ("410803", "中站区"), ("410804", "马村区"),
                               ("410811", "山阳区"), ("410882", "沁阳市"), ("410883", "孟州市")]),
    ("410900", "濮阳市", 0.03, [("410902", "华龙区"), ("410922", "清丰县"), ("410923", "南乐县")]),
    ("411000", "许昌市", 0.04, [("411002", "魏都区"), ("411003", "建安区"), ("411081", "禹州市"),
                               ("411082", "长葛市")]),
    ("411100", "漯河市", 0.02, [("411102", "源汇区"), ("411103", "郾城区"), ("411104", "召陵区")]),
    ("411200", "三门峡市", 0.02, [("411202", "湖滨区"), ("411203", "陕州区"), ("411281", "义马市"),
                                 ("411282", "灵宝市")]),
    ("411300", "南阳市", 0.06, [("411302", "宛城区"), ("411303", "卧龙区"), ("411381", "邓州市"),
                               ("411323", "西峡县")]),
    ("411400", "商丘市", 0.05, [("411402", "梁园区"), ("411403", "睢阳区"), ("411481", "永城市")]),
    ("411500", "信阳市", 0.04, [("411502", "浉河区"), ("411503", "平桥区"), ("411521", "罗山县")]),
    ("411600", "周口市", 0.05, [("411602", "川汇区"), ("411603", "淮阳区"), ("411681", "项城市")]),
    ("411700", "驻马店市", 0.04, [("411702", "驿城区"), ("411721", "西平县"), ("411722", "上蔡县")]),
    ("419001", "济源市", 0.01, []),
]

BRAND_CHARS = (
    "恒信安居康华鑫源泰和嘉润达宏盛兴福祥瑞丰金银城建业正弘绿地锦绣龙凤天成新世纪远景明光东方中原豫嵩"
    "长江海洋国际美好家园佳乐居民生永昌隆昇宸瀚森林雅颂悦璟御溪桂花兰竹梅松柏鹏程万里通德仁义礼智"
    "云山水月星辰阳春晖盈科宇航博文启航荣耀辉煌beyond"
)
BRAND_CHARS = "".join(c for c in BRAND_CHARS if "\u4e00" <= c <= "\u9fff")
LATIN_BRANDS = ["ABC", "CBD", "IFC", "万科", "碧桂园", "保利", "绿城", "建业", "正商", "永威", "鑫苑", "康桥", "亚新",
                "升龙", "美景", "昌建", "瑞阳", "华润", "招商", "融创", "中海", "金科", "世茂", "新城", "龙湖"]
KINDS = ["物业服务有限公司"] * 6 + ["物业管理有限公司"] * 3 + ["物业服务股份有限公司", "物业发展有限公司",
                                                                     "物业管理服务有限公司", "智慧物业服务有限公司"]
PROJECT_SUFFIX = ["花园", "小区", "家园", "苑", "华府", "广场", "大厦", "名苑", "新城", "公馆", "雅居", "佳苑", "一期",
                  "二期", "三期", "国际", "府", "城", "湾", "庭", "里", "社区", "公寓", "中心", "御府", "壹号院"]
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
            "戴莫孔向汤")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文斌辉鹏飞海燕晓东亮雪琳"
         "丹宇浩然子轩欣怡梓涵一诺佳琪雨桐思远博文俊杰天佑嘉怡宏伟春生秋菊冬梅振华德胜新民永刚")
ROLES = ["总经理", "副总经理", "执行董事", "项目经理", "质量负责人"]

ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _zipf_choice(rng: random.Random, items: list[str], s: float = 1.1) -> str:
    # inverse-CDF over a fixed Zipf table (cached per list length)
    key = (len(items), s)
    table = _ZIPF.get(key)
    if table is None:
        weights = [1 / (i + 1) ** s for i in range(len(items))]
        total = sum(weights)
        acc, table = 0.0, []
        for w in weights:
            acc += w / total
            table.append(acc)
        _ZIPF[key] = table
    x = rng.random()
    lo, hi = 0, len(table) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if table[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return items[lo]


_ZIPF: dict[tuple[int, float], list[float]] = {}


def _org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714: 8 characters and a check character)."""
    body = "MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6)) \
        if rng.random() < 0.7 else "".join(rng.choice("0123456789") for _ in range(8))
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c, 36) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return body + ("0" if check == 11 else "X" if check == 10 else str(check))


def make_uscc(rng: random.Random, region: str) -> str:
    while True:
        head = "91" + region + _org_code(rng)
        if all(c in ORG_ALPHABET for c in head):
            code = head + stdnum_uscc.calc_check_digit(head)
            if stdnum_uscc.is_valid(code):
                return code


def person_name(rng: random.Random) -> str:
    sur = _zipf_choice(rng, list(SURNAMES), 0.9)
    n = 2 if rng.random() < 0.7 else 1
    return sur + "".join(rng.choice(GIVEN) for _ in range(n))


def make_snapshot(n: int, seed: int = 20261122) -> Snapshot:
    rng = random.Random(f"{seed}-{n}")
    rb = load_rulebook("henan")
    regions: dict[str, str] = {"410000": "河南省"}
    counties: list[tuple[str, str, str, str]] = []  # (county code, county name, city code, city name)
    weights: list[float] = []
    for code, name, share, cs in CITIES:
        regions[code] = name
        entries = cs or [(code, name)]
        for ccode, cname in entries:
            regions[ccode] = cname
            counties.append((ccode, cname, code, name))
            weights.append(share / len(entries) * (2.0 if ccode.endswith(("05", "03", "02")) else 1.0))
    # brands: a long tail of two-character brands plus a few national ones
    brand_pool = sorted({rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS) for _ in range(6000)})
    rng.shuffle(brand_pool)
    brand_pool = LATIN_BRANDS + brand_pool

    enterprises: dict[str, m.Enterprise] = {}
    persons: dict[str, m.Person] = {}
    person_serial: dict[str, int] = {}
    names: set[str] = set()
    as_of = dt.date(2026, 11, 22)

    def new_person(region: str) -> str:
        person_serial[region] = person_serial.get(region, 0) + 1
        pid = f"P-{region}-{person_serial[region]:04d}"
        persons[pid] = m.Person(name=person_name(rng))
        return pid

    while len(enterprises) < n:
        ccode, cname, city, cityname = rng.choices(counties, weights)[0]
        brand = _zipf_choice(rng, brand_pool, 0.8)
        if rng.random() < 0.08:
            brand += rng.choice(BRAND_CHARS)
        kind = rng.choice(KINDS)
        city_short = cityname.removesuffix("市")
        x = rng.random()
        if x < 0.55:
            name = f"{city_short}{brand}{kind}"
        elif x < 0.70:
            name = f"{cityname}{brand}{kind}"
        elif x < 0.82 and ccode != city:
            name = f"{cname.removesuffix('区').removesuffix('县').removesuffix('市')}{brand}{kind}"
        elif x < 0.90:
            name = f"河南{brand}{kind}"
        elif x < 0.96:
            name = f"{brand}{kind.removesuffix('有限公司')}有限公司{city_short}分公司"
        else:
            name = f"{city_short}市{brand}{rng.choice(['实业', '置业', '科技', '园林'])}{kind}"
        if name in names:
            continue
        names.add(name)
        former: list[str] = []
        if rng.random() < 0.3:
            alt = name.replace("物业服务", "物业管理") if "物业服务" in name else name.replace("物业管理", "物业服务")
            if alt == name:
                alt = f"{city_short}{_zipf_choice(rng, brand_pool, 0.8)}物业管理有限公司"
            former.append(alt)
        if rng.random() < 0.05:
            former.append(f"{city_short}{_zipf_choice(rng, brand_pool, 0.8)}物业有限公司")
        uscc = make_uscc(rng, ccode)
        if uscc in enterprises:
            continue
        projects = []
        for i in range(rng.choice([1, 1, 2, 2, 2, 3, 3, 4])):
            preg = ccode if rng.random() < 0.7 else rng.choices(counties, weights)[0][0]
            pname = (brand if rng.random() < 0.4 else _zipf_choice(rng, brand_pool, 0.7)) + rng.choice(PROJECT_SUFFIX)
            since = dt.date(2010 + rng.randrange(15), 1 + rng.randrange(12), 1)
            until = None if rng.random() < 0.85 else since + dt.timedelta(days=365 * (1 + rng.randrange(5)))
            projects.append(m.Project(
                id=f"p{i + 1}", name=pname, region=preg, address=f"{regions[preg]}某路{rng.randrange(1, 300)}号",
                since=since, until=until, manager=new_person(preg) if rng.random() < 0.8 else None,
            ))
        managers = [m.ManagerRole(person=new_person(ccode), role=rng.choice(ROLES[:3]))
                    for _ in range(rng.choice([0, 1, 1, 2]))]
        enterprises[uscc] = m.Enterprise(
            name=name, former_names=former, legal_representative=person_name(rng), registered_region=ccode,
            address=f"{cityname}{cname}某路{rng.randrange(1, 500)}号", established=dt.date(2000 + rng.randrange(25), 6, 1),
            hotline=None, projects=projects, managers=managers,
        )

    ratings: list[Rating] = []
    records: list[PublicRecord] = []
    for uscc in sorted(enterprises):
        x = rng.random()
        if x < 0.75:
            vetoed = rng.random() < 0.02
            level = None if vetoed else rng.choices([0, 1, 2, 3, 4, 5], [10, 20, 30, 25, 10, 5])[0]
            ratings.append(Rating(
                year=2025, uscc=uscc, authority=enterprises[uscc].registered_region, scope="county",
                cutoff=dt.date(2025, 12, 10), published=dt.date(2025, 12, 15), notice_until=dt.date(2025, 12, 24),
                vetoed=vetoed, categories=(), stars=level, level=level, measures=(),
            ))
        if rng.random() < 0.01:
            records.append(PublicRecord(
                id=f"{enterprises[uscc].registered_region}-2026-{len(records) + 1:04d}", subject=uscc,
                subject_kind="enterprise", project=None, kind="bad", class_="A", category="market",
                category_name="市场行为规范", item="market.1.1", item_text="一票否决", count=1, points=Decimal(0),
                summary="合成数据：严重失信行为", decision=m.Decision(
                    authority="某住房和城乡建设局", level="county", document="某建罚决字〔2026〕第1号", kind="penalty",
                    effective=dt.date(2026, 3, 2)),
                recorder=enterprises[uscc].registered_region, entered=dt.date(2026, 3, 5),
                public_until=dt.date(2027, 3, 2), objection_pending=False, extension_months=0, deed=None,
            ))
    return Snapshot(
        as_of=as_of,
        platform=m.Platform(name="河南省物业服务企业信用信息管理平台（合成数据）", operator="410000", rulebook="henan",
                            license="CC-BY-4.0"),
        rulebook=rb,
        regions=dict(sorted(regions.items())),
        authorities={},
        enterprises=dict(sorted(enterprises.items())),
        persons=dict(sorted(persons.items())),
        records=tuple(records),
        ratings=tuple(ratings),
        grades=(),
    )


def brand_of(name: str, regions: dict[str, str]) -> str:
    """The trade name (字号) in a synthetic enterprise name: 郑州恒信物业服务有限公司 → 恒信."""
    head = name.split("物业", 1)[0]
    for word in ("实业", "置业", "科技", "园林", "智慧"):
        head = head.removesuffix(word)
    prefixes = sorted({n for r in regions.values() for n in (r, r[:-1], r[:-3] if r.endswith("回族区") else r)}
                      | {"河南"}, key=len, reverse=True)
    for p in prefixes:
        if len(p) >= 2 and head.startswith(p) and len(head) - len(p) >= 2:
            return head[len(p):]
    return head


def make_queries(snap: Snapshot, seed: int = 7) -> list[dict[str, str]]:
    """A fixed list of realistic queries, drawn from the snapshot (so each has an answer) plus two misses."""
    rng = random.Random(seed)
    ents = list(snap.enterprises.items())
    persons = list(snap.persons.values())
    out: list[dict[str, str]] = []

    def pick() -> tuple[str, m.Enterprise]:
        return ents[rng.randrange(len(ents))]

    for _ in range(12):
        _u, e = pick()
        out.append({"kind": "brand", "q": brand_of(e.name, snap.regions)})
    for i in range(8):
        _u, e = pick()
        county = snap.regions[e.registered_region]
        b = brand_of(e.name, snap.regions)
        out.append({"kind": "brand+district", "q": f"{b} {county}" if i % 2 else f"{county}{b}"})
    for _ in range(2):
        _u, e = pick()
        city = snap.regions[e.registered_region[:4] + "00"] if e.registered_region[:4] + "00" in snap.regions \
            else snap.regions[e.registered_region]
        out.append({"kind": "brand+city", "q": f"{city.removesuffix('市')}{brand_of(e.name, snap.regions)}"})
    for _ in range(10):
        _u, e = pick()
        out.append({"kind": "full name", "q": e.name})
    for _ in range(6):
        u, _e = pick()
        out.append({"kind": "code", "q": u})
    for i in range(6):
        u, _e = pick()
        part = [u[:10], u[-8:], u[6:14]][i % 3]
        out.append({"kind": "partial code", "q": part})
    for _ in range(10):
        out.append({"kind": "person", "q": persons[rng.randrange(len(persons))].name})
    for _ in range(6):
        _u, e = pick()
        if e.projects:
            out.append({"kind": "project", "q": e.projects[rng.randrange(len(e.projects))].name})
    out.append({"kind": "miss", "q": "不存在的公司"})
    out.append({"kind": "miss", "q": "XYZ999"})
    return out
