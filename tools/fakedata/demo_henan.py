"""The Henan demo (records/): builds the 42 enterprises' persons, codes and hotlines, gives every record of
the tables its deciding authority, document number, dates and id, and writes the tree."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from collections import defaultdict
from pathlib import Path

from generator.rules.regions import active_project_regions, rating_scope

from .demo_common import CAL, DAXUE, HUAYUAN, D, Rec, Writer, demo_uscc, h, next_workday
from .demo_henan_data import (
    ABBR,
    DEPUTIES,
    ENTS,
    EVAL_DATES,
    EVAL_OVERRIDES,
    EVAL_SKIP,
    NO_MANAGER,
    REGIONS,
    SHEETS,
    STREET_SHORT,
    STREETS,
    Ent,
)
from .demo_records import RECORDS
from .demo_render import Decided, render_record, render_sheet, sheet_score
from .henan import CITY_OF
from .ids import PersonIds
from .names import SURNAMES as _ALL_SURNAMES
from .yamltext import enterprise_text, person_text, quoted

SURNAMES = _ALL_SURNAMES[:87]
"""The demo's persons cycle through the first 87 surnames."""


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



BODY = {  # other deciding bodies: (county suffix, city suffix, document pattern)
    "fire": ("消防救援大队", "消防救援支队", "{ab}消行罚决字〔{y}〕{n:04d}号"),
    "work_safety": ("应急管理局", "应急管理局", "{ab}应急罚〔{y}〕{n}号"),
    "special_equipment": ("市场监督管理局", "市场监督管理局", "{ab}市监罚〔{y}〕{n}号"),
}
DOC_KIND = {"penalty": "建罚决字", "order": "建责改字", "handling": "建处字"}



class HenanDemo:
    """One run of the Henan demo, with its own copies of the tables and its own counters."""

    def __init__(self, out: Writer) -> None:
        self.out = out
        self.base = out.root / "records"
        self.ents = copy.deepcopy(ENTS)
        self.by_key = {e.key: e for e in self.ents}
        self.records: list[Rec] = copy.deepcopy(RECORDS)
        self.person_ids = PersonIds()
        self.persons: dict[str, str] = {}  # id -> name
        self.name_i = 0
        self.doc_counter: dict[tuple[str, str, int], int] = {}

    def new_person(self, region: str) -> str:
        """王某, 李某某, …: surnames in a fixed cycle (every 7th), 某 or 某某."""
        pid = self.person_ids.next(region)
        surname = SURNAMES[(self.name_i * 7) % len(SURNAMES)]
        form = ("某某", "某")[(self.name_i // len(SURNAMES)) % 2] if self.name_i % 3 else "某"
        self.name_i += 1
        self.persons[pid] = surname + form
        return pid

    def setup_enterprises(self) -> None:
        """Codes, managers and hotlines of the enterprises."""
        tel_serial: dict[str, int] = defaultdict(int)
        for e in self.ents:
            e.uscc = demo_uscc(e.reg, e.key + e.name)
            e.gm = self.new_person(e.reg)
            if e.key in DEPUTIES:
                e.deputy = self.new_person(e.reg)
            for i, p in enumerate(e.projects):
                if (e.key, i) not in NO_MANAGER:
                    p.manager = self.new_person(p.region)
            area = CITY_OF[e.reg].area
            tel_serial[area] += 1
            first = {"0371": "6555", "0379": "6555", "0375": "2555", "0373": "3555", "0377": "6355",
                     "0391": "6655"}[area]
            if e.reg[:4] == "4102":
                first = "2355"
            e.hotline = f"{area}-{first}{tel_serial[area] * 7 + 100:04d}"

    def doc_number(self, key: tuple[str, str, int]) -> int:
        """The next number of a kind of document by an authority in a year (with gaps: other files)."""
        counter = self.doc_counter
        if key not in counter:
            counter[key] = 2 + h("doc:" + repr(key)) % 9
        else:
            counter[key] += 1 + h("step:" + repr(key) + str(counter[key])) % 4
        return counter[key]

    def resolve_subject(self, r: Rec) -> tuple[str, Ent | None, str]:
        """(subject id, enterprise, county of the fact)."""
        m = re.match(r"^__(PM|GM)_(E\d\d)(?:_(\d))?__$", r.subject)
        if m:
            e = self.by_key[m.group(2)]
            pid = e.gm if m.group(1) == "GM" else e.projects[int(m.group(3))].manager
            assert pid
            return pid, None, pid.split("-")[1]
        e = self.by_key[r.subject]
        county = e.projects[r.project].region if r.project is not None else e.reg
        return e.uscc, e, county

    def build_records(self) -> list[tuple[Rec, Decided]]:
        """Every record with its deciding body, document, dates and id."""
        out: list[tuple[Rec, Decided]] = []
        for r in self.records:
            subject, ent, county = self.resolve_subject(r)
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
                    n = self.doc_number((recorder, "good", eff.year))
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
                        n = self.doc_number((recorder, r.domain, eff.year))
                        document = BODY[r.domain][2].format(ab=ABBR[recorder], y=eff.year, n=n)
                    elif lvl == "street":
                        n = self.doc_number((recorder, r.dkind, eff.year))
                        document = f"{STREET_SHORT[recorder]}办责改字〔{eff.year}〕第{n}号"
                    else:
                        n = self.doc_number((recorder, r.dkind, eff.year))
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
            out.append((r, Decided(subject, ent, authority, lvl, document, entered, notified)))
        # serial numbers per recorder and year, in order of effective date
        by_key: dict[tuple[str, int], list[tuple[Rec, Decided]]] = defaultdict(list)
        for r, f in out:
            by_key[(r.recorder, D(r.eff).year)].append((r, f))
        for (rec_code, year), items in by_key.items():
            items.sort(key=lambda x: (x[0].eff, x[1].entered, x[0].summary))
            serial = h(f"serial:{rec_code}:{year}") % 3
            for r, _f in items:
                serial += 1 + (1 if h("gap:" + r.summary) % 4 == 0 else 0)  # a few numbers went to other files
                r.id = f"{rec_code}-{year}-{serial:04d}"
        ids = [r.id for r, _ in out]
        assert len(ids) == len(set(ids))
        return out

    # ---- writing ------------------------------------------------------------------------------------------

    def write(self) -> None:
        """Replace records/ with the demo."""
        if self.base.exists():
            shutil.rmtree(self.base)
        self.setup_enterprises()
        auth_codes = self.write_registers()
        for e in self.ents:
            managers = [(e.gm, "总经理")] + ([(e.deputy, "副总经理")] if e.deputy else [])
            self.file(Path("enterprises", f"{e.uscc}.yaml"), "enterprise", enterprise_text(
                e.name, e.former, e.rep, e.reg, e.address, e.established, e.hotline, e.projects, managers))
        for pid, name in self.persons.items():
            self.file(Path("persons", f"{pid}.yaml"), "person", person_text(name))
        for r, f in self.build_records():
            assert r.recorder in auth_codes, r.recorder
            year = D(r.eff).year
            self.file(Path("credit", str(year), f"{r.id}.yaml"), "credit-record", render_record(r, f))
            if r.note:
                self.out.report.append(f"{r.id}  {r.note}  ({f.subject})")
        self.write_evaluations()

    def file(self, rel: Path, kind: str, body: str) -> None:
        self.out.write(self.base / rel, self.base, kind, body)

    def write_registers(self) -> set[str]:
        """platform.yaml, regions.yaml and authorities.yaml; the authorities' codes."""
        self.file(Path("platform.yaml"), "platform",
                  "name: 河南省物业服务企业信用信息管理平台（演示数据）\n"
                  'operator: "410000"\n'
                  "rulebook: henan\n"
                  "license: CC-BY-4.0\n")
        body = "# GB/T 2260 行政区划代码：省 → 市 → 县（市、区）。济源市为省直辖县级市。\n"
        for c, name in REGIONS.items():
            if c != "410000" and (c.endswith("00") or c == "419001"):
                body += "\n"
            body += f"{quoted(c)}: {name}\n"
        self.file(Path("regions.yaml"), "regions", body)
        auths = [("410000", "河南省住房和城乡建设厅", "province")]
        for c in REGIONS:
            if c == "410000":
                continue
            auths.append((c, housing(c), level_of(c) if c != "419001" else "county"))
            for st, st_name in STREETS.items():
                if st[:6] == c:
                    auths.append((st, st_name, "street"))
        self.file(Path("authorities.yaml"), "authorities",
                  "".join(f"- code: {quoted(c)}\n  name: {name}\n  level: {lvl}\n" for c, name, lvl in auths))
        return {a[0] for a in auths}

    def write_evaluations(self) -> None:
        """Each year's evaluation folders (some authorities on other days, some not yet) and the sheets."""
        report = self.out.report
        sheet_count = 0
        for year, (cut, pub, until) in EVAL_DATES.items():
            scopes: dict[str, list[Ent]] = defaultdict(list)
            for e in self.ents:
                active = active_project_regions(e.projects, D(cut))
                scopes[rating_scope(active, e.reg, REGIONS).region].append(e)
            for auth, ents in sorted(scopes.items()):
                if (year, auth) in EVAL_SKIP:
                    report.append(f"evaluation {year}: no folder for {auth} ({', '.join(x.key for x in ents)} unrated)")
                    continue
                c, p, u = EVAL_OVERRIDES.get((year, auth), (cut, pub, until))
                folder = Path("evaluations", str(year), auth)
                self.file(folder / "evaluation.yaml", "evaluation",
                          f"cutoff: {c}\npublished: {p}\n" + (f"notice_until: {u}\n" if u else ""))
                for e in ents:
                    sheet = SHEETS.get((year, e.key))
                    if sheet is None:
                        continue
                    communities = len(active_project_regions(e.projects, D(c)))
                    scores = {cat: sheet_score(cat, vals, communities) for cat, vals in sheet.items()}
                    self.file(folder / f"{e.uscc}.yaml", "sheet-henan", render_sheet(sheet))
                    sheet_count += 1
                    report.append(f"sheet {year}/{auth}/{e.key} {e.name}: "
                                  + ", ".join(f"{k} {v:g}" for k, v in scores.items())
                                  + f" (communities {communities})")
            used = {k for (y, k) in SHEETS if y == year}
            placed = {e.key for ents in scopes.values() for e in ents}
            assert used <= placed
        report.append(f"henan sheets: {sheet_count}")
