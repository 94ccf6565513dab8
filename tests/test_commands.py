"""Regulators' commands on the hand-written henan and hulunbuir trees (DESIGN §8): ``explain`` must show
every point of a rating (the lines add up to the score), ``expiring`` must name the exact day a record
leaves the site — the day after its last public day.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rules_helpers import E1, E2, E3, E4, H1, H3, H5, HENAN_TREE, HULUNBUIR_TREE

from generator.commands.deadlines import deadlines_text, expiring_data
from generator.commands.explain import explain_data, explain_text
from generator.day.snapshot import Computed, compute
from generator.day.validate import validate
from generator.records.recordset import RecordSet

AS_OF = dt.date(2026, 12, 28)
REPO = Path(__file__).parent.parent
DEMO = "91410105MA19R26HN8"  # the demo records' 郑州商都示例物业管理有限公司 (金水区)


def load(tree: Path, as_of: dt.date) -> tuple[RecordSet, Computed]:
    rs, problems = validate(tree, as_of)
    assert rs is not None, [p.text() for p in problems]
    return rs, compute(rs, as_of)


@pytest.fixture(scope="module")
def henan() -> tuple[RecordSet, Computed]:
    return load(HENAN_TREE, AS_OF)


def explained(henan: tuple[RecordSet, Computed], uscc: str) -> dict[str, Any]:
    rs, comp = henan
    data = explain_data(rs, comp, uscc, 2026, AS_OF)
    (rating,) = data["ratings"]
    return rating


def lines(rating: dict[str, Any], code: str) -> list[tuple[str, str, Decimal]]:
    cat = next(c for c in rating["categories"] if c["code"] == code)
    return sorted((ln["source"], ln["item"], Decimal(ln["points"])) for ln in cat["lines"])


def cat_score(rating: dict[str, Any], code: str) -> Decimal:
    return Decimal(next(c for c in rating["categories"] if c["code"] == code)["score"])


# ---- explain: point by point ---------------------------------------------------------------------------


@pytest.mark.parametrize("uscc", [E1, E2, E3])
def test_explain_lines_add_up_to_every_category_score(henan: tuple[RecordSet, Computed], uscc: str) -> None:
    rating = explained(henan, uscc)
    for cat in rating["categories"]:
        total = sum((Decimal(ln["points"]) for ln in cat["lines"]), Decimal(0))
        assert total == Decimal(cat["score"]), (uscc, cat["code"], cat["lines"])


def test_explain_lines_add_up_for_a_vetoed_category(henan: tuple[RecordSet, Computed]) -> None:
    # E4: market.1.6 (A) and safety.1.2 (B) are 一票否决 items counted in 2026 → both categories 0
    rating = explained(henan, E4)
    assert cat_score(rating, "market") == 0 and cat_score(rating, "safety") == 0
    for code in ("market", "safety"):
        assert sum(p for _s, _i, p in lines(rating, code)) == 0, lines(rating, code)


def test_explain_e1_market_point_by_point(henan: tuple[RecordSet, Computed]) -> None:
    rating = explained(henan, E1)
    # 100 − 10 × 2 (一.18) − 1 (C, 一.13) + deed hx-2026-model: city 3 dropped, province 4 kept = 83
    assert lines(rating, "market") == sorted([
        ("base", "market", Decimal(100)),
        ("410105-2026-0001", "market.1.18", Decimal(-20)),
        ("410105-2026-0003", "market.1.13", Decimal(-1)),
        ("410105-2026-0004", "market", Decimal(0)),
        ("410000-2026-0001", "market", Decimal(4)),
    ])
    assert cat_score(rating, "market") == 83


def test_explain_e1_social_shows_the_cap(henan: tuple[RecordSet, Computed]) -> None:
    rating = explained(henan, E1)
    # 50 + 8 (national) + 4 (city) − 4 (social.1 最高 8 分) + 1 × 2 (social.7) = 60
    assert lines(rating, "social") == sorted([
        ("base", "social", Decimal(50)),
        ("410000-2026-0002", "social.1", Decimal(8)),
        ("410100-2026-0001", "social.1", Decimal(4)),
        ("cap", "social.1", Decimal(-4)),
        ("410105001-2026-0001", "social.7", Decimal(2)),
    ])
    assert cat_score(rating, "social") == 60


def test_explain_e1_smart_sheet_lines(henan: tuple[RecordSet, Computed]) -> None:
    rating = explained(henan, E1)
    got = {(s, i): p for s, i, p in lines(rating, "smart") if s == "sheet"}
    assert got[("sheet", "smart.1.1")] == Decimal("1.5")   # 2 − 0.5
    assert got[("sheet", "smart.5.1")] == 6                # 6 + 3 → capped 6 (≤ 2 communities)
    assert got[("sheet", "smart.5.3")] == 3                # one partial
    assert got[("sheet", "smart.6.1")] == 8                # 10 − 2
    assert got[("sheet", "smart.7.1")] == 2                # 2 results
    assert got[("sheet", "smart.7.2")] == 0                # absent
    assert ("sheet", "smart.5.5") not in got               # unlisted: 0, not shown
    assert cat_score(rating, "smart") == Decimal("79.5")
    smart = next(c for c in rating["categories"] if c["code"] == "smart")
    assert smart["star"] is False


def test_explain_e3_clamp_line(henan: tuple[RecordSet, Computed]) -> None:
    rating = explained(henan, E3)
    # 100 + 5 (national award) − 5 (总分最高分为100分) = 100
    assert lines(rating, "market") == sorted([
        ("base", "market", Decimal(100)),
        ("410000-2026-0003", "market", Decimal(5)),
        ("cap", "market", Decimal(-5)),
    ])


def test_explain_marks_non_public_sources_and_lists_hidden_records(henan: tuple[RecordSet, Computed]) -> None:
    rs, comp = henan
    data = explain_data(rs, comp, E1, 2026, AS_OF)
    (rating,) = data["ratings"]
    market = next(c for c in rating["categories"] if c["code"] == "market")
    flags = {ln["source"]: ln.get("public_now") for ln in market["lines"]}
    assert flags["410105-2026-0001"] is True
    assert flags["410105-2026-0003"] is False  # C class: deducts, never public (第十四条)
    states = {r["id"]: r["state"] for r in data["records"]}
    assert states["410105-2026-0002"] == "repaired"
    assert states["410105-2026-0003"] == "hidden_c"
    assert states["410105-2025-0001"] == "expired"      # 2025-11-03 + 12 → through 2026-11-03
    assert states["410105-2026-0007"] == "public"
    assert rating["status"] == "final" and rating["notice_until"] == "2026-12-24"
    assert rating["stars"] == 2 and rating["level"] == 2


def test_explain_vetoed_names_the_record(henan: tuple[RecordSet, Computed]) -> None:
    rating = explained(henan, E4)
    assert rating["vetoed"] is True and rating["stars"] is None and rating["level"] is None
    assert rating["veto_records"] == ["410105-2026-0010"]
    # the 一票否决 records are named in their categories, each as the source of a line
    assert ("410105-2026-0010", "market.1.6") in [(s, i) for s, i, _p in lines(rating, "market")]
    assert ("410105-2026-0011", "safety.1.2") in [(s, i) for s, i, _p in lines(rating, "safety")]
    assert all(c["vetoed"] for c in rating["categories"] if c["code"] in ("market", "safety"))
    assert [m["article"] for m in rating["measures"]] == ["第十五条第（四）项"]


def test_explain_rating_authority_now(henan: tuple[RecordSet, Computed]) -> None:
    rs, comp = henan
    assert explain_data(rs, comp, E2, None, AS_OF)["rating_authority_now"] == {
        "scope": "city", "region": "410100", "counties": ["410103", "410105"]}
    assert explain_data(rs, comp, E3, None, AS_OF)["rating_authority_now"]["region"] == "410000"
    assert explain_data(rs, comp, E4, None, AS_OF)["rating_authority_now"] == {
        "scope": "county", "region": "410105", "counties": ["410105"]}


# ---- expiring --------------------------------------------------------------------------------------------


def _events(rs: RecordSet, comp: Computed, as_of: dt.date, days: int) -> list[tuple[str, str, str, str, str]]:
    return [(e["date"], e["what"], e["id"], e["subject"], e["change"])
            for e in expiring_data(rs, comp, as_of, days)]


def test_expiring_end_of_2026(henan: tuple[RecordSet, Computed]) -> None:
    rs, comp = henan
    # horizon 2026-12-28 + 30 = 2027-01-27:
    #  province list: notice_until 2026-12-29 → final from 12-30;
    #  city list: notice_until 12-31 → final 2027-01-01;
    #  410105-2026-0006: 2026-07-06 + 6 months → last public day 2027-01-06 → leaves 2027-01-07.
    assert _events(rs, comp, AS_OF, 30) == [
        ("2026-12-30", "rating", "2026/410000", E3, "final"),
        ("2027-01-01", "rating", "2026/410100", E2, "final"),
        ("2027-01-07", "record", "410105-2026-0006", E1, "leaves"),
    ]
    # a horizon that stops on the last public day does not list it yet
    assert all(e[2] != "410105-2026-0006" for e in _events(rs, comp, AS_OF, 9))   # → 2027-01-06
    assert any(e[2] == "410105-2026-0006" for e in _events(rs, comp, AS_OF, 10))  # → 2027-01-07


def test_expiring_at_the_end_of_february() -> None:
    day = dt.date(2026, 2, 20)
    rs, comp = load(HENAN_TREE, day)
    # horizon 2026-03-06: 410103-2025-0002 (through 2026-02-28) leaves 2026-03-01;
    # 410105-2026-0001 is entered 2026-03-05 and enters the site that day.
    assert _events(rs, comp, day, 14) == [
        ("2026-03-01", "record", "410103-2025-0002", E2, "leaves"),
        ("2026-03-05", "record", "410105-2026-0001", E1, "enters"),
    ]


def test_expiring_black_list_removal() -> None:
    day = dt.date(2026, 2, 20)
    rs, comp = load(HULUNBUIR_TREE, day)
    # H3 repaired 2026-02-12 → off the black list from the 5th working day after, 2026-02-26
    events = [e for e in _events(rs, comp, day, 10) if e[1] == "black_list"]
    assert events == [("2026-02-26", "black_list", "2025/150702", H3, "leaves")]


def test_expiring_ignores_changes_between_two_hidden_states() -> None:
    # suspended (objection pending with suspend, 第十七条) on 2027-01-05 and past its last public day
    # 2027-01-10
    # (2026-01-10 + 12 months): suspended → expired on 2027-01-11 changes nothing on the site.
    from rules_helpers import E1 as SUBJECT
    from rules_helpers import bad, enterprise, project, record_set

    rec = bad(subject=SUBJECT, decision={"effective": "2026-01-10"}, notified="2026-01-11",
              entered="2026-01-12",
              objections=[{"filed": "2027-01-04", "suspend": True}])
    rs = record_set({"410105-2026-0001": rec}, {SUBJECT: enterprise([project("p1", "410105")])})
    comp = compute(rs, dt.date(2027, 1, 5))
    assert comp.statuses["410105-2026-0001"].state == "suspended"
    assert expiring_data(rs, comp, dt.date(2027, 1, 5), 30) == []
    # while a public one leaves on the day after its last public day
    rec2 = bad(subject=SUBJECT, decision={"effective": "2026-01-10"}, notified="2026-01-11",
               entered="2026-01-12")
    rs2 = record_set({"410105-2026-0001": rec2}, {SUBJECT: enterprise([project("p1", "410105")])})
    comp2 = compute(rs2, dt.date(2027, 1, 5))
    assert [(e["date"], e["change"]) for e in expiring_data(rs2, comp2, dt.date(2027, 1, 5), 30)] == [
        ("2027-01-11", "leaves")]


def test_expiring_red_list_removal() -> None:
    day = dt.date(2026, 3, 1)
    rs, comp = load(HULUNBUIR_TREE, day)
    # H5: red_removed.date 2026-03-10 → off the red list from 03-10 (seed 002 五(一))
    events = [e for e in expiring_data(rs, comp, day, 30) if e["subject"] == H5]
    assert [(e["date"], e["change"]) for e in events] == [("2026-03-10", "leaves")]


# ---- explain in the clerk's words (issue 16) -----------------------------------------------------------

ENGLISH_WORDS = re.compile(r"\b(base|sheet|cap|veto|street|authority|county|city|province|notice|final|"
                           r"unpublished|None|True|False)\b|\[|\]")


def test_explain_text_has_no_english_words_nor_python_lists(henan: tuple[RecordSet, Computed]) -> None:
    rs, comp = henan
    for uscc in (E1, E2, E3, E4):
        text = "\n".join(explain_text(explain_data(rs, comp, uscc, None, AS_OF)))
        assert not ENGLISH_WORDS.search(text), ENGLISH_WORDS.search(text)
    text = "\n".join(explain_text(explain_data(rs, comp, E1, 2026, AS_OF)))
    assert "     +100  基础分" in text                            # base
    assert "评价表 smart.6.1：满分 10，缺 2 项 × 1" in text        # sheet: 10 − 2 = 8
    assert "上限 social.1：该项最高 8 分" in text                  # cap: 8 + 4 → 8
    assert "郑州市金水区住房和城乡建设局（410105，县级）评定" in text
    assert "信用等级：二星级" in text


def test_explain_lists_what_the_rating_did_not_count(henan: tuple[RecordSet, Computed]) -> None:
    rs, comp = henan
    (rating,) = explain_data(rs, comp, E1, 2026, AS_OF)["ratings"]
    why = {u["id"]: (u["kind"], u["reason"]) for u in rating["uncounted"]}
    # repaired 2026-06-05, before the cutoff 2026-12-10 (第十六条)
    assert why["410105-2026-0002"] == ("void", "已于 2026-06-05 完成信用修复（第十六条），不再扣分")
    # deed hx-2026-model: city 3 loses to province 4 (410000-2026-0001)
    assert why["410105-2026-0004"][0] == "same_deed" and "hx-2026-model" in why["410105-2026-0004"][1]
    # entered 2026-12-11, the day after the cutoff
    assert why["410105-2026-0007"] == ("late", "2026-12-11 才录入，晚于评价截止日 2026-12-10：评定只按截止日已录入的信息")
    assert why["410105-2025-0001"][0] == "other_year"
    # counted ones are not listed: the C-class record deducts though never public (第十四条)
    assert "410105-2026-0003" not in why and "410105-2026-0001" not in why
    assert set(why) == {"410105-2026-0002", "410105-2026-0004", "410105-2026-0007", "410105-2025-0001"}
    text = "\n".join(explain_text(explain_data(rs, comp, E1, 2026, AS_OF)))
    assert "### 未计入的记录及原因" in text
    assert "- 其他年度生效的信息，计入各自年度的评定，不计入 2026 年度：2025 年 410105-2025-0001" in text


def test_explain_says_why_withdrawn_revoked_and_unrated_awards_do_not_count() -> None:
    from rules_helpers import bad, enterprise, evaluation, good, project, record_set

    records = {
        "410105-2026-0001": bad(withdrawn={"date": "2026-04-01", "reason": "行政复议撤销"}),
        "410105-2026-0002": bad("market.1.22", objections=[
            {"filed": "2026-03-10", "resolved": "2026-03-18", "outcome": "revoked"}]),
        "410105-2026-0003": bad("market.1.13", "C"),
        "410105-2026-0004": good("smart", "county"),  # an award in a category the firm has no sheet for
        "410105-2026-0005": good("market", "county", entered="2026-12-27"),
    }
    rs = record_set(records, {E1: enterprise([project("p1", "410105")])},
                    evaluations={(2026, "410105"): (evaluation(notice_until="2026-12-24"), {})})
    comp = compute(rs, AS_OF)
    (rating,) = explain_data(rs, comp, E1, 2026, AS_OF)["ratings"]
    why = {u["id"]: u["reason"] for u in rating["uncounted"]}
    assert why == {
        "410105-2026-0001": "决定已于 2026-04-01 撤销（行政复议撤销），该信息作废",
        "410105-2026-0002": "异议核查后已于 2026-03-18 撤销（第十七条），该信息作废",
        "410105-2026-0004": "智慧物业建设类的表彰：该企业没有参加智慧物业建设评定（评价表中没有 smart 部分），"
                            "这一类不评分，也就没有加分（第十二条）",
        "410105-2026-0005": "2026-12-27 才录入，晚于评价截止日 2026-12-10：评定只按截止日已录入的信息",
    }
    # only the C-class record counts: 100 − 1 (附件1 一.13: 1 分)
    assert cat_score(rating, "market") == 99
    assert [c["code"] for c in rating["categories"]] == ["market", "safety", "social"]


def test_explain_estimates_a_year_without_a_rating_and_says_so() -> None:
    """The demo's 郑州商都示例物业管理有限公司 on 2026-08-01: no 2026 evaluation yet (records/evaluations/ holds
    2024 and 2025). Its 2026 records: market.1.25 (B, 附件1 一.25: 2 分) and a street-level red award entered
    2026-07-02. Market 100 − 2 = 98 ★, safety 100 ★, social 50; red is not rated without a sheet, so the
    award adds nothing. Two stars, no cap (market and safety both have one) → 二星级."""
    from generator.commands.explain import explain_data as data_of

    day = dt.date(2026, 8, 1)
    rs, comp = load(REPO / "records", day)
    data = data_of(rs, comp, DEMO, None, day)
    assert [r["year"] for r in data["ratings"]] == [2024, 2025]
    pv = data["provisional"]
    assert pv["year"] == 2026 and pv["reason"].startswith("暂估，不是评定结果：")
    assert "records/evaluations/2026/410105/evaluation.yaml" in pv["reason"]
    rating = pv["rating"]
    assert {c["code"]: Decimal(c["score"]) for c in rating["categories"]} == {
        "market": 98, "safety": 100, "social": 50}
    assert rating["stars"] == 2 and rating["level"] == 2 and rating["measures"] == []
    assert [(u["id"], u["kind"]) for u in rating["uncounted"] if u["kind"] != "other_year"] == [
        ("410105002-2026-0005", "not_rated")]
    text = "\n".join(explain_text(data))
    assert "## 2026 年度（暂估）" in text
    assert "暂估：获得星级的类别 2 个，信用等级：二星级（暂估，不是评定结果）" in text
    # with a year that has a rating there is nothing to estimate
    assert data_of(rs, comp, DEMO, 2025, day)["provisional"] is None


def test_explain_grades_in_words() -> None:
    rs, comp = load(HULUNBUIR_TREE, dt.date(2026, 2, 20))
    data = explain_data(rs, comp, H1, 2025, dt.date(2026, 2, 20))
    text = "\n".join(explain_text(data))
    # H1's sheet: street 60, authority 60 → 120 → AAA (三(一)); conditions 1, 3, 4 → red list (三(二))
    assert "得分：街道（乡镇）评价 60 分 + 行政主管部门评价 60 分 = 120 分，AAA 级" in text
    assert "红榜条件：第 1、3、4 条；在红榜" in text
    assert "黑榜条件：无；不在黑榜" in text
    assert not ENGLISH_WORDS.search(text), text
    # a grade is the sum of the two parts: no estimate from records
    pv = explain_data(rs, comp, H1, 2026, dt.date(2026, 2, 20))["provisional"]
    assert pv["rating"] is None and "无法暂估" in pv["reason"] and "通知三（一）" in pv["reason"]


# ---- deadlines cite the platform's own rules (issue 16) -------------------------------------------------


def test_deadlines_cite_the_hulunbuir_notice_under_hulunbuir() -> None:
    day = dt.date(2026, 2, 20)
    rs, comp = load(HULUNBUIR_TREE, day)
    text = "\n".join(deadlines_text(rs, comp, day, []))
    # 四: 5 working days after Tue 2026-02-10, over the Spring Festival (2-15 … 2-23 off, Sat 2-14 worked):
    # 2-11, 2-12, 2-13, 2-14, 2-24
    assert "## 正在公示的评价结果（通知四）\n- 2025 年度 呼伦贝尔市海拉尔区住房和城乡建设局：2026-02-10 至 2026-02-24" in text
    # 三: the 2025 results are due by the end of February 2026; 满洲里 has none yet
    assert "## 应完成的年度评价（通知三）\n- 满洲里市住房和城乡建设局（150781）：2025 年度评价应于 2026-02-28 前公示" in text
    assert "第" not in text.replace("第 ", "")  # no article of the Henan measures (第十三条 …)
    assert "信用信息的录入" not in text  # the notice sets no deadline for records


def test_deadlines_cite_the_henan_articles_under_henan(henan: tuple[RecordSet, Computed]) -> None:
    rs, comp = henan
    text = "\n".join(deadlines_text(rs, comp, AS_OF, []))
    assert "## 信用信息的录入、异议、修复期限（第七、十六、十七条）：0 项" in text
    assert "## 正在公示的评价结果（第十三条）" in text
    assert "## 应完成的年度评价（第十三条）" in text
    assert "通知" not in text
