"""Nothing non-public leaks (DESIGN §5, §9), through any file of the output.

Hypothesis writes random but valid record sets — a fixed platform, regions, authorities and two enterprises,
plus random good and bad records with random classes, dates, disclosure periods, extensions, objections
(some suspending publication), repairs and withdrawals — builds the whole site and data with
``generator.commands.build.build`` at a random as-of day, works out with ``generator.day.disclosure.status`` which
records are not public that day, and looks for their ids and their (unique, random) summaries in every
byte of every file under the output — the SQLite database and the members of the zip included — and in every
file name.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import write_yaml

from generator.commands.build import build
from generator.day.disclosure import status
from generator.records import models as m
from generator.rules.calendar import add_months
from generator.rules.rulebook import load_rulebook

RULES = load_rulebook("henan")
assert RULES.disclosure is not None
E1 = "91410105MA9F3HX1K4"
E2 = "91410103MA4BC2R7TC"
SUBJECTS = (E1, E2, "P-410105-0001")
CJK = [chr(c) for c in range(0x4E00, 0x9FA6)]
B_ITEMS = ("market.1.11", "market.1.21", "market.2.2", "market.4.7", "safety.1.4", "safety.2.3", "safety.3.9")
C_ITEMS = ("market.1.13", "market.3.1", "market.4.2")
A_ITEMS = ("market.1.1", "market.1.9", "safety.1.1")
GOOD_ITEMS = ("market", "safety", "social.4", "social.1")
LEVELS = ("national", "province", "city", "county", "street")
DAY0 = dt.date(2024, 1, 1)
MARK = "\u9fcb\u9fcc"  # 鿋鿌: rare characters that no text of the site contains




def write_base(root: Path) -> None:
    write_yaml(
        root / "platform.yaml",
        {"name": "泄露测试平台", "operator": "410000", "rulebook": "henan", "license": "CC-BY-4.0"},
    )
    write_yaml(
        root / "regions.yaml",
        {"410000": "河南省", "410100": "郑州市", "410103": "二七区", "410105": "金水区"},
    )
    write_yaml(
        root / "authorities.yaml",
        [
            {"code": "410000", "name": "河南省住房和城乡建设厅", "level": "province"},
            {"code": "410100", "name": "郑州市住房保障和房地产管理局", "level": "city"},
            {"code": "410103", "name": "郑州市二七区住房和城乡建设局", "level": "county"},
            {"code": "410105", "name": "郑州市金水区住房和城乡建设局", "level": "county"},
        ],
    )
    write_yaml(root / "persons" / "P-410105-0001.yaml", {"name": "张某"})
    write_yaml(
        root / "enterprises" / f"{E1}.yaml",
        {
            "name": "郑州恒信物业服务有限公司",
            "legal_representative": "王某",
            "registered_region": "410105",
            "address": "郑州市金水区花园路1号",
            "established": dt.date(2012, 5, 8),
            "projects": [
                {
                    "id": "hengxin-garden",
                    "name": "恒信花园",
                    "region": "410105",
                    "address": "郑州市金水区花园路3号",
                    "since": dt.date(2016, 1, 1),
                    "manager": "P-410105-0001",
                }
            ],
        },
    )
    write_yaml(
        root / "enterprises" / f"{E2}.yaml",
        {
            "name": "郑州二七安居物业服务有限公司",
            "legal_representative": "李某",
            "registered_region": "410105",
            "address": "郑州市金水区解放路8号",
            "established": dt.date(2010, 9, 15),
        },
    )
    # working days of years the calendar library does not know yet (weekends only: enough for a test)
    write_yaml(root / "calendar.yaml", {str(y): {"holidays": [], "workdays": []} for y in (2027, 2028, 2029)})
    for year in (2024, 2025):  # both enterprises are rated by 410105 (registered there, no other county)
        write_yaml(
            root / "evaluations" / str(year) / "410105" / "evaluation.yaml",
            {
                "cutoff": dt.date(year, 12, 10),
                "published": dt.date(year, 12, 16),
                "notice_until": dt.date(year, 12, 31),
            },
        )


def day(draw: Any, start: dt.date, max_days: int) -> dt.date:
    return start + dt.timedelta(days=draw(st.integers(0, max_days)))


@st.composite
def record(draw: Any, summary: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(("bad", "bad", "bad", "good")))
    subject = draw(st.sampled_from(SUBJECTS))
    effective = day(draw, DAY0, 3 * 365)
    entered = day(draw, effective, 12)
    rec: dict[str, Any] = {"subject": subject, "kind": kind}
    decision: dict[str, Any] = {
        "authority": "郑州市金水区住房和城乡建设局",
        "level": "county",
        "document": f"金建决字〔{effective.year}〕第{draw(st.integers(1, 999))}号",
    }
    if kind == "good":
        rec["item"] = draw(st.sampled_from(GOOD_ITEMS))
        decision["level"] = draw(st.sampled_from(LEVELS))
        decision["effective"] = effective
        rec.update(summary=summary, decision=decision, recorder="410105", entered=entered)
        if draw(st.booleans()):
            rec["disclosure_months"] = draw(st.integers(1, 60))
        rec["objections"] = draw(objections(effective))
        if draw(st.integers(0, 5)) == 0:
            rec["withdrawn"] = {"date": day(draw, effective, 400), "reason": "决定撤销"}
        return rec
    cls = draw(st.sampled_from(("A", "B", "B", "C")))
    rec["class"] = cls
    rec["item"] = draw(st.sampled_from({"A": A_ITEMS, "B": B_ITEMS, "C": C_ITEMS}[cls]))
    decision["kind"] = draw(st.sampled_from(("penalty", "order", "handling")))
    decision["effective"] = effective
    rec.update(summary=summary, decision=decision, recorder="410105", notified=entered, entered=entered)
    refuses = cls == "C" and draw(st.booleans())
    if cls == "C":
        if refuses:
            rec["refuses_correction"] = True
            months = draw(st.integers(RULES.disclosure.c_min_months, RULES.disclosure.c_max_months))  # type: ignore[union-attr]
            rec["disclosure_months"] = months
        else:
            months = 0
    else:
        months = draw(st.integers(RULES.disclosure.bad_min_months, RULES.disclosure.bad_max_months))  # type: ignore[union-attr]
        rec["disclosure_months"] = months
    if cls != "C" or refuses:
        exts = []
        decided = effective
        total = months
        for _ in range(draw(st.integers(0, 2))):
            # decided by the last day of the validity so far (第十一条: extended, never revived)
            decided = day(draw, decided, max(0, (add_months(effective, total) - decided).days))
            extra = draw(st.integers(1, 12))
            if total + extra > 60:
                break
            total += extra
            exts.append({"decided": decided, "months": extra, "reason": "拒不纠正"})
        if exts:
            rec["extensions"] = exts
    rec["objections"] = draw(objections(effective))
    if draw(st.integers(0, 3)) == 0:
        applied = day(draw, effective, 300)
        repair: dict[str, Any] = {"applied": applied}
        if draw(st.booleans()):
            repair.update(
                decided=day(draw, applied, 20), outcome=draw(st.sampled_from(("approved", "rejected")))
            )
        rec["repair"] = repair
    if draw(st.integers(0, 5)) == 0:
        rec["withdrawn"] = {"date": day(draw, effective, 400), "reason": "行政复议撤销"}
    if subject.startswith("9") and draw(st.booleans()) and subject == E1:
        rec["project"] = "hengxin-garden"
    return rec


@st.composite
def objections(draw: Any, effective: dt.date) -> list[dict[str, Any]]:
    """In order of filing; at most the last one pending; only the last one may revoke the record."""
    out: list[dict[str, Any]] = []
    filed = effective
    count = draw(st.integers(0, 2))
    for i in range(count):
        last = i == count - 1
        filed = day(draw, filed, 300)
        ob: dict[str, Any] = {"filed": filed, "suspend": draw(st.booleans())}
        if not last or draw(st.booleans()):
            resolved = day(draw, filed, 30)
            outcome = draw(
                st.sampled_from(("upheld", "corrected", "revoked") if last else ("upheld", "corrected"))
            )
            ob.update(resolved=resolved, outcome=outcome)
            filed = resolved
        out.append(ob)
    return out


@st.composite
def record_sets(draw: Any) -> tuple[dict[str, dict[str, Any]], dt.date]:
    n = draw(st.integers(1, 14))
    # unique, all of one length (so none is part of another), behind a marker no page text contains
    summaries = draw(
        st.lists(
            st.text(alphabet=st.sampled_from(CJK), min_size=10, max_size=10),
            min_size=n,
            max_size=n,
            unique=True,
        )
    )
    summaries = [MARK + s for s in summaries]
    recs: dict[str, dict[str, Any]] = {}
    for i, summary in enumerate(summaries):
        rec = draw(record(summary))
        rid = f"410105-{rec['decision']['effective'].year}-{9001 + i:04d}"  # prose examples avoid 9xxx
        recs[rid] = rec
    as_of = day(draw, dt.date(2024, 3, 1), 4 * 365)
    return recs, as_of


def _forms(text: str) -> list[bytes]:
    """The ways a text can sit in a file: UTF-8, and JSON's \\u escapes (either case)."""
    escaped = json.dumps(text)[1:-1]
    return [
        text.encode("utf-8"),
        escaped.encode("ascii"),
        escaped.upper().replace("\\U", "\\u").encode("ascii"),
    ]


def _blobs(out: Path) -> list[tuple[str, bytes]]:
    blobs = []
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        rel = p.relative_to(out).as_posix()
        blobs.append((rel, data))
        if p.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for name in zf.namelist():
                    blobs.append((f"{rel}!{name}", name.encode("utf-8")))
                    blobs.append((f"{rel}!{name}", zf.read(name)))
        elif data[:2] == b"\x1f\x8b":
            blobs.append((f"{rel}!gunzip", gzip.decompress(data)))
    return blobs


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(record_sets())
def test_no_non_public_record_appears_anywhere(case: tuple[dict[str, dict[str, Any]], dt.date]) -> None:
    recs, as_of = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "records"
        write_base(root)
        for rid, rec in recs.items():
            write_yaml(root / "credit" / rid.split("-")[1] / f"{rid}.yaml", rec)
        out = Path(tmp) / "site"
        result = build(root, out, as_of)

        hidden: dict[str, str] = {}
        public: set[str] = set()
        for rid, rec in recs.items():
            model = m.CreditRecord.model_validate(rec)
            st_ = status(model, RULES.disclosure, as_of)  # type: ignore[arg-type]
            if st_.public:
                public.add(rid)
            else:
                hidden[rid] = rec["summary"]
        assert {r.id for r in result.snapshot.records} == public

        needles = [(rid, rid.encode("ascii")) for rid in hidden]
        needles += [(rid, form) for rid, summary in hidden.items() for form in _forms(summary)]
        for rel, data in _blobs(out):
            for rid, needle in needles:
                assert needle not in data, f"non-public record {rid} leaks through {rel}"
                assert needle.decode("utf-8", "replace") not in rel, (
                    f"non-public record {rid} names a file: {rel}"
                )
        # every public record is there, and the home page counts only them
        home = (out / "index.html").read_text(encoding="utf-8")
        count = re.search(r"<dt>公开的信用信息</dt><dd>(\d+)</dd>", home)
        assert count and int(count.group(1)) == len(public)
        records_csv = (out / "data" / "records.csv").read_text(encoding="utf-8-sig")
        for rid in public:
            assert rid in records_csv
