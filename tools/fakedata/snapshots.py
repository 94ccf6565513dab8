"""Synthetic, realistic snapshots for the search benchmark (no YAML pipeline).

``make_snapshot(n, seed)`` returns a :class:`generator.day.snapshot.Snapshot` with ``n`` enterprises in Henan:
names like 郑州恒信物业服务有限公司 (city or county + brand + 物业服务/物业管理有限公司, a few groups and
branches), former names, 1–4 projects each (恒信花园, 康居苑 …), project managers and key managers with
ordinary Chinese names, valid unified social credit codes (GB 32100-2015 check digits), star ratings for
most enterprises and a few severe (A-class) records. Deterministic for a given ``n`` and ``seed``.
``make_queries`` draws the benchmark's queries from a snapshot; ``brand_of`` finds a name's brand.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from generator.day.ratings import Rating
from generator.day.snapshot import PublicRecord, Snapshot
from generator.records import models as m
from generator.rules.rulebook import load_rulebook

from .henan import PROVINCE, PROVINCE_NAME, REGION_NAMES
from .ids import PersonIds, random_uscc
from .names import COMMON_SURNAMES, COMPANY_KINDS, GIVEN_NAMES, NATIONAL_BRANDS, PROJECT_SUFFIXES
from .names import SNAPSHOT_BRAND_CHARS as BRAND_CHARS

# The cities the snapshots draw from (a subset of henan.CITIES): code, share of the enterprises, and the
# counties in the order they are drawn (none: the city stands for itself).
_CITY_SHARES = """\
410100 0.30 410102 410103 410104 410105 410106 410108 410122 410181 410182 410183 410184 410185
410200 0.04 410202 410203 410204 410205 410212 410221
410300 0.09 410302 410303 410304 410305 410307 410308 410311 410323
410400 0.04 410402 410403 410404 410411 410481 410482
410500 0.04 410502 410503 410505 410506 410581
410600 0.02 410602 410603 410611
410700 0.05 410702 410703 410704 410711 410781 410782
410800 0.03 410802 410803 410804 410811 410882 410883
410900 0.03 410902 410922 410923
411000 0.04 411002 411003 411081 411082
411100 0.02 411102 411103 411104
411200 0.02 411202 411203 411281 411282
411300 0.06 411302 411303 411381 411323
411400 0.05 411402 411403 411481
411500 0.04 411502 411503 411521
411600 0.05 411602 411603 411681
411700 0.04 411702 411721 411722
419001 0.01
"""


def _cities() -> list[tuple[str, str, float, list[tuple[str, str]]]]:
    out = []
    for line in _CITY_SHARES.splitlines():
        code, share, *counties = line.split()
        out.append((code, REGION_NAMES[code], float(share), [(c, REGION_NAMES[c]) for c in counties]))
    return out


CITIES = _cities()
ROLES = ["总经理", "副总经理", "执行董事", "项目经理", "质量负责人"]


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


def person_name(rng: random.Random) -> str:
    sur = _zipf_choice(rng, list(COMMON_SURNAMES), 0.9)
    n = 2 if rng.random() < 0.7 else 1
    return sur + "".join(rng.choice(GIVEN_NAMES) for _ in range(n))


def make_snapshot(n: int, seed: int = 20261122) -> Snapshot:
    rng = random.Random(f"{seed}-{n}")
    rb = load_rulebook("henan")
    regions: dict[str, str] = {PROVINCE: PROVINCE_NAME}
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
    brand_pool = NATIONAL_BRANDS + brand_pool

    enterprises: dict[str, m.Enterprise] = {}
    persons: dict[str, m.Person] = {}
    person_ids = PersonIds()
    names: set[str] = set()
    as_of = dt.date(2026, 11, 22)

    def new_person(region: str) -> str:
        pid = person_ids.next(region)
        persons[pid] = m.Person(name=person_name(rng))
        return pid

    while len(enterprises) < n:
        ccode, cname, city, cityname = rng.choices(counties, weights)[0]
        brand = _zipf_choice(rng, brand_pool, 0.8)
        if rng.random() < 0.08:
            brand += rng.choice(BRAND_CHARS)
        kind = rng.choice(COMPANY_KINDS)
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
        uscc = random_uscc(rng, ccode, reformed=rng.random() < 0.7)
        if uscc in enterprises:
            continue
        projects = []
        for i in range(rng.choice([1, 1, 2, 2, 2, 3, 3, 4])):
            preg = ccode if rng.random() < 0.7 else rng.choices(counties, weights)[0][0]
            pname = (brand if rng.random() < 0.4 else _zipf_choice(rng, brand_pool, 0.7)) + rng.choice(PROJECT_SUFFIXES)
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
