"""Builders for the rules tests: models made directly (no YAML), so each test states only what it is about.

Every builder takes ISO date strings for convenience and turns them into ``datetime.date`` (the models are
strict and take dates, not strings). Defaults are chosen so that a record is valid and unremarkable:
effective Monday 2026-03-02, entered Thursday 2026-03-05 (within the 7 working days of 第七条).

Nothing here computes an expected value: expectations are worked out by hand in the tests themselves.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.day.ratings import Rating, rate_enterprise
from generator.day.schemes import scheme_of
from generator.records import models as m
from generator.records.recordset import Doc, EvaluationSet, RecordSet, Source
from generator.records.yamlload import LineMap
from generator.rules.calendar import WorkCalendar
from generator.rules.rulebook import load_rulebook

HENAN = load_rulebook("henan")
HULUNBUIR = load_rulebook("hulunbuir")
HenanSheet = scheme_of(HENAN).sheet_model
HulunbuirSheet = scheme_of(HULUNBUIR).sheet_model
assert HENAN.disclosure is not None and HULUNBUIR.grades is not None
RULES = HENAN.disclosure
GRADES = HULUNBUIR.grades
CAL = WorkCalendar()

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
HENAN_TREE = FIXTURES / "henan"
HULUNBUIR_TREE = FIXTURES / "hulunbuir"

# The enterprises of the henan fixture tree (tests/fixtures/rules/henan)
E1 = "91410105MA9F3HX1K4"  # 金水区, two active projects in 金水区 → county 410105
E2 = "91410103MA4BC2R7TC"  # 二七区 ×2 + 金水区 → city 410100
E3 = "91419001MA47QD8L2E"  # 济源 + 金水区 → province 410000
E4 = "91410105MA3KQ7WD2M"  # no active project, registered 金水区 → county 410105; A-class record
# The enterprises of the hulunbuir fixture tree
H1 = "91150702MA0N4RXY3C"  # 120 AAA, red
H2 = "91150702MA0P7LTU54"  # 119.5 AA
H3 = "91150702MA0Q2BHK6N"  # 59 D, black, repaired 2026-02-12
H4 = "91150702MA0R9CJM8L"  # 40 D, black, severe
H5 = "91150702MA0T3FGN1E"  # 125 AAA, red, removed 2026-03-10

REGIONS: dict[str, str] = {
    "410000": "河南省",
    "410100": "郑州市",
    "410103": "二七区",
    "410105": "金水区",
    "410300": "洛阳市",
    "410302": "老城区",
    "419001": "济源市",
}

ENT_USCC = E1

_DATE_KEYS = {
    "effective", "learned", "entered", "notified", "decided", "applied", "filed", "resolved", "date", "since",
    "until", "established", "cutoff", "published", "notice_until", "approved",
}


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def D(text: str | int | float) -> Decimal:  # noqa: N802 - reads like a literal
    return Decimal(str(text))


def _dates(obj: Any, key: str | None = None) -> Any:
    if isinstance(obj, dict):
        return {k: _dates(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_dates(v, key) for v in obj]
    if isinstance(obj, str) and key in _DATE_KEYS:
        return d(obj)
    return obj


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def bad(item: str = "market.1.21", cls: str = "B", **over: Any) -> m.CreditRecord:
    """A bad record; ``over`` overrides any key (nested dicts merge), e.g. ``decision={"effective": "…"}``."""
    base: dict[str, Any] = {
        "subject": ENT_USCC,
        "kind": "bad",
        "class": cls,
        "item": item,
        "summary": "测试用不良信息",
        "decision": {
            "authority": "郑州市金水区住房和城乡建设局",
            "level": "county",
            "document": "金建罚决字〔2026〕第1号",
            "kind": "penalty",
            "effective": "2026-03-02",
        },
        "recorder": "410105",
        "notified": "2026-03-03",
        "entered": "2026-03-05",
        "disclosure_months": 12,
    }
    if cls == "C":
        base["disclosure_months"] = 6
        base["decision"]["kind"] = "order"
    return m.CreditRecord.model_validate(_dates(_merge(base, over)))


def good(item: str = "market", level: str = "county", **over: Any) -> m.CreditRecord:
    base: dict[str, Any] = {
        "subject": ENT_USCC,
        "kind": "good",
        "item": item,
        "summary": "测试用优良信息",
        "decision": {
            "authority": "表彰机关",
            "level": level,
            "document": "表彰〔2026〕第1号",
            "effective": "2026-03-02",
        },
        "recorder": "410105",
        "entered": "2026-03-05",
    }
    return m.CreditRecord.model_validate(_dates(_merge(base, over)))


def project(pid: str, region: str, since: str = "2020-01-01", until: str | None = None) -> dict[str, Any]:
    p: dict[str, Any] = {"id": pid, "name": f"项目{pid}", "region": region, "address": "某路1号",
                         "since": since}
    if until is not None:
        p["until"] = until
    return p


def enterprise(projects: Iterable[dict[str, Any]] = (), registered: str = "410105") -> m.Enterprise:
    return m.Enterprise.model_validate(_dates({
        "name": "测试物业服务有限公司",
        "legal_representative": "某某",
        "registered_region": registered,
        "address": "某路1号",
        "established": "2010-01-01",
        "projects": list(projects),
    }))


def one_project_enterprise() -> m.Enterprise:
    """One project in 金水区, active since 2020: rated by 金水区, 1 community (附件4 五: ≤ 2)."""
    return enterprise([project("p1", "410105")])


def evaluation(cutoff: str = "2026-12-10", published: str = "2026-12-15",
               notice_until: str | None = None) -> m.Evaluation:
    data: dict[str, Any] = {"cutoff": cutoff, "published": published}
    if notice_until is not None:
        data["notice_until"] = notice_until
    return m.Evaluation.model_validate(_dates(data))


def henan_sheet(red: Mapping[str, Any] | None = None, smart: Mapping[str, Any] | None = None) -> Any:
    data: dict[str, Any] = {}
    if red is not None:
        data["red"] = dict(red)
    if smart is not None:
        data["smart"] = dict(smart)
    return HenanSheet.model_validate(data)


def hulunbuir_sheet(**data: Any) -> Any:
    return HulunbuirSheet.model_validate(_dates(data))


def rate(
    records: Iterable[m.CreditRecord] | Mapping[str, m.CreditRecord] = (),
    *,
    ent: m.Enterprise | None = None,
    ev: m.Evaluation | None = None,
    sheet: Any = None,
    year: int = 2026,
    authority: str = "410105",
) -> Rating:
    """``rate_enterprise`` under the henan rulebook, records numbered 410105-<year>-0001… in order."""
    if isinstance(records, Mapping):
        pairs = list(records.items())
    else:
        pairs = [(f"410105-2026-{i:04d}", r) for i, r in enumerate(records, start=1)]
    return rate_enterprise(
        HENAN, ENT_USCC, ent or one_project_enterprise(), pairs, ev or evaluation(), year, authority, sheet,
        REGIONS, CAL,
    )


def score(rating: Rating, code: str) -> Decimal | None:
    c = rating.category(code)
    return None if c is None else c.score


# ---- in-memory record sets (for compute() in property tests) ----------------------------------------


def _src(name: str) -> Source:
    return Source(name, LineMap())


def record_set(
    records: Mapping[str, m.CreditRecord],
    enterprises: Mapping[str, m.Enterprise],
    persons: Mapping[str, m.Person] | None = None,
    evaluations: Mapping[tuple[int, str], tuple[m.Evaluation, Mapping[str, Any]]] | None = None,
    rulebook: str = "henan",
) -> RecordSet:
    platform = m.Platform.model_validate({"name": "测试平台", "operator": "410000", "rulebook": rulebook,
                                          "license": "CC-BY-4.0"})
    authorities = {
        code: Doc(code, m.Authority.model_validate({"code": code, "name": f"机关{code}", "level": level}),
                  _src("authorities.yaml"))
        for code, level in (("410000", "province"), ("410100", "city"), ("410103", "county"),
                            ("410105", "county"), ("410302", "county"), ("419001", "county"))
    }
    evs: dict[tuple[int, str], EvaluationSet] = {}
    for (year, auth), (ev, sheets) in (evaluations or {}).items():
        es = EvaluationSet(year, auth, Doc(f"{year}/{auth}", ev, _src("evaluation.yaml")))
        for uscc, sh in sheets.items():
            es.sheets[uscc] = Doc(uscc, sh, _src(f"{uscc}.yaml"))
        evs[(year, auth)] = es
    return RecordSet(
        root=Path("/nonexistent"),
        platform=Doc("platform", platform, _src("platform.yaml")),
        rulebook=load_rulebook(rulebook),
        regions=dict(REGIONS),
        regions_src=_src("regions.yaml"),
        authorities=authorities,
        calendar=CAL,
        enterprises={k: Doc(k, v, _src(f"{k}.yaml")) for k, v in enterprises.items()},
        persons={k: Doc(k, v, _src(f"{k}.yaml")) for k, v in (persons or {}).items()},
        records={k: Doc(k, v, _src(f"{k}.yaml")) for k, v in records.items()},
        evaluations=evs,
    )


# ---- file trees ---------------------------------------------------------------------------------------


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative path → bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
