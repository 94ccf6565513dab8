"""The world of the scaled tree: authorities, enterprises with projects and managers, persons, and the
working-day calendar its dates are drawn from. The credit records (tree_bad, tree_good) and the
evaluations draw on it; everything comes from the one ``random.Random`` it holds, in a fixed order."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from generator.rules.calendar import WorkCalendar
from generator.rules.rulebook import Rulebook, load_rulebook

from .henan import CITIES, CITY_OF, PROVINCE, PROVINCE_AUTHORITY, REGION_NAMES, City
from .ids import PersonIds, random_uscc
from .names import BRAND_CHARS, ESTATE_FIRST, ESTATE_SECOND, ROADS, STREET_OFFICES, SURNAMES
from .yamltext import enterprise_text, person_text, yaml_id

FIRST = dt.date(2023, 1, 3)  # earliest decision.effective
LAST_EFFECTIVE = dt.date(2026, 11, 12)  # latest decision.effective: entered by 2026-11-18
LAST = dt.date(2026, 11, 20)  # latest day of any event (objection, repair, extension, withdrawal)

_ROLES = ["总经理", "副总经理", "质量总监", "安全负责人"]


class Workdays:
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


def rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(lo.toordinal(), max(lo.toordinal(), hi.toordinal())))


@dataclass
class Project:
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
class Enterprise:
    uscc: str
    name: str
    county: str
    city: City
    established: dt.date
    text: str = ""
    projects: list[Project] = field(default_factory=list)
    managers: list[str] = field(default_factory=list)


@dataclass
class Authority:
    code: str
    name: str
    level: str
    short: str  # one character for document numbers: 金建罚决字〔2026〕第12号


@dataclass
class TreeResult:
    enterprises: int = 0
    persons: int = 0
    records: int = 0
    evaluations: int = 0
    sheets: int = 0
    files: int = 0
    seconds: float = 0.0
    classes: dict[str, int] = field(default_factory=dict)
    features: dict[str, int] = field(default_factory=dict)


def record_head(subject: str, project: Project | None, kind: str, count: int) -> list[str]:
    """The first lines of a credit record: its subject (and project), its kind and item, its count."""
    lines = [f"subject: {yaml_id(subject)}\n"]
    if project is not None:
        lines.append(f"project: {project.id}\n")
    lines.append(kind)
    if count != 1:
        lines.append(f"count: {count}\n")
    return lines


def optional(key: str, value: object, indent: str = "") -> str:
    """``key: value`` on a line of its own, or nothing when the value is None."""
    return "" if value is None else f"{indent}{key}: {value}\n"


class World:
    """The tree being generated: its random state, authorities, enterprises, persons and counts."""

    def __init__(self, n_enterprises: int, n_records: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_ent = n_enterprises
        self.n_rec = n_records
        self.wd = Workdays()
        self.rb: Rulebook = load_rulebook("henan")
        self.regions: dict[str, str] = dict(REGION_NAMES)
        self.authorities: dict[str, Authority] = {}
        self.streets: dict[str, list[str]] = {}
        self.persons: dict[str, str] = {}  # id -> file text
        self.person_ids = PersonIds()
        self.project_managers: list[str] = []
        self.enterprises: list[Enterprise] = []
        self.ent_cum: list[float] = []  # cumulative weights of the enterprises (busy ones are picked more)
        self.result = TreeResult()
        self.features: dict[str, int] = defaultdict(int)

    def count_class(self, name: str) -> None:
        self.result.classes[name] = self.result.classes.get(name, 0) + 1

    # -- helpers --
    def place(self, county: str) -> str:
        """郑州市金水区; a county-level city by its own name: 巩义市, 济源市."""
        city = CITY_OF[county]
        name = REGION_NAMES[county]
        return name if county == city.code or name.endswith("市") else city.name + name

    def address(self, county: str) -> str:
        rng = self.rng
        return f"{self.place(county)}{rng.choice(ROADS)}{rng.randint(1, 399)}号"

    def person_name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + ("某某" if rng.random() < 0.7 else "某")

    def new_person(self, region: str, note: str | None = None) -> str:
        pid = self.person_ids.next(region)
        self.persons[pid] = person_text(self.person_name(), note)
        return pid

    # -- regions and authorities --
    def build_authorities(self) -> None:
        rng = self.rng
        a = self.authorities
        a[PROVINCE] = Authority(PROVINCE, PROVINCE_AUTHORITY, "province", "豫")
        for c in CITIES:
            if c.code != c.counties[0][0]:
                name = "郑州市住房保障和房地产管理局" if c.code == "410100" else f"{c.name}住房和城乡建设局"
                a[c.code] = Authority(c.code, name, "city", c.short[0])
            for code, cname in c.counties:
                a[code] = Authority(code, f"{self.place(code)}住房和城乡建设局", "county", cname[0])
                streets = rng.sample(STREET_OFFICES, 2)
                self.streets[code] = []
                for i, s in enumerate(streets, start=1):
                    scode = f"{code}{i:03d}"
                    a[scode] = Authority(scode, f"{self.place(code)}{s}街道办事处", "street", s[0])
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
            established = rand_date(rng, dt.date(1998, 1, 1), dt.date(2024, 6, 30))
            if rng.random() < 0.75 and established > dt.date(2021, 12, 31):  # most firms are older
                established = rand_date(rng, dt.date(1998, 1, 1), dt.date(2021, 12, 31))
            reformed = established >= dt.date(2015, 10, 1)  # codes issued since the reform start with MA
            uscc = random_uscc(rng, county, reformed)
            while uscc in seen_uscc:
                uscc = random_uscc(rng, county, reformed)
            seen_uscc.add(uscc)
            suffix = "物业服务有限公司" if rng.random() < 0.7 else "物业管理有限公司"
            name = ""
            for attempt in range(30):
                brand = "".join(rng.sample(BRAND_CHARS, 2 if rng.random() < 0.6 else 3))
                prefix = city.short
                if attempt >= 20:  # crowded: name the county too
                    prefix += REGION_NAMES[county].rstrip("区县市")
                name = f"{prefix}{brand}示例{suffix}"
                if name not in seen_name:
                    break
            else:
                name = f"{city.short}{brand}示例{suffix}（{len(seen_name)}）"
            seen_name.add(name)
            ent = Enterprise(uscc, name, county, city, established)
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

    def build_projects(self, ent: Enterprise) -> None:
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
            a, b = rng.choice(ESTATE_FIRST), rng.choice(ESTATE_SECOND)
            pid = f"{a[1]}-{b[1]}"
            k = 2
            while pid in used_ids:
                pid = f"{a[1]}-{b[1]}-{k}"
                k += 1
            used_ids.add(pid)
            since = rand_date(rng, max(ent.established, dt.date(2005, 1, 1)), dt.date(2026, 6, 30))
            if since < ent.established:
                since = ent.established
            until = None
            r = rng.random()
            if r < 0.15:
                hi = min(since + dt.timedelta(days=365 * 8), dt.date(2026, 10, 31))
                if hi > since + dt.timedelta(days=200):
                    until = rand_date(rng, since + dt.timedelta(days=180), hi)
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
            ent.projects.append(Project(pid, a[0] + b[0], county, address, since, until, manager))
        ent.managers = [self.new_person(ent.county, "总经理" if rng.random() < 0.3 else None)]
        if rng.random() < 0.3:
            ent.managers.append(self.new_person(ent.county))

    def enterprise_text(self, ent: Enterprise, former: list[str]) -> str:
        rng = self.rng
        representative = self.person_name()
        address = self.address(ent.county)
        hotline = None
        if rng.random() < 0.9:
            hotline = f"{ent.city.area}-{rng.randint(5, 8)}{rng.randint(0, 9999999):07d}"
        roles = [(pid, "总经理" if i == 0 else rng.choice(_ROLES[1:])) for i, pid in enumerate(ent.managers)]
        return enterprise_text(ent.name, former, representative, ent.county, address, ent.established, hotline,
                               ent.projects, roles)

    def weigh_enterprises(self) -> None:
        """How busy each enterprise is (a Pareto law): the weights ``pick_enterprise`` draws by."""
        total = 0.0
        for w in [self.rng.paretovariate(1.3) for _ in self.enterprises]:
            total += w
            self.ent_cum.append(total)

    def pick_enterprise(self, lo: dt.date, hi: dt.date) -> tuple[Enterprise, Project | None, dt.date, dt.date]:
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
