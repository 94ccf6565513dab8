"""Henan star ratings (第十二至十六条, 附件1–5; DESIGN §6), every expected score worked out by hand.

The evaluation is the default of rules_helpers: year 2026, cutoff 2026-12-10, published Tue 2026-12-15.
The default enterprise has one project in 金水区 (410105), so it is rated by 金水区 and manages one community.
Default records are effective 2026-03-02 and entered 2026-03-05 (counted in 2026, public on the cutoff).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rules_helpers import (
    CAL,
    HENAN,
    REGIONS,
    D,
    bad,
    d,
    enterprise,
    evaluation,
    good,
    henan_sheet,
    project,
    rate,
    score,
)

from generator.day.ratings import counted
from generator.rules.regions import rating_scope

# ---- 附件1 市场行为规范: base 100 − points × count ----------------------------------------------------

# (item, points per occurrence), typed from 附件1 (一 11–25, 二 1–16, 三 1–5, 四 1–7)
MARKET_POINTS = [
    ("market.1.11", 2), ("market.1.12", 3), ("market.1.13", 1), ("market.1.14", 2), ("market.1.15", 5),
    ("market.1.16", 5), ("market.1.17", 1), ("market.1.18", 10), ("market.1.19", 10), ("market.1.20", 10),
    ("market.1.21", 3), ("market.1.22", 1), ("market.1.23", 2), ("market.1.24", 1), ("market.1.25", 2),
    ("market.2.1", 1), ("market.2.2", 5), ("market.2.3", 2), ("market.2.4", 3), ("market.2.5", 2),
    ("market.2.6", 2), ("market.2.7", 2), ("market.2.8", 3), ("market.2.9", 2), ("market.2.10", 3),
    ("market.2.11", 2), ("market.2.12", 3), ("market.2.13", 3), ("market.2.14", 2), ("market.2.15", 3),
    ("market.2.16", 2),
    ("market.3.1", 1), ("market.3.2", 1), ("market.3.3", 2), ("market.3.4", 2), ("market.3.5", 3),
    ("market.4.1", 1), ("market.4.2", 1), ("market.4.3", 1), ("market.4.4", 2), ("market.4.5", 1),
    ("market.4.6", 1), ("market.4.7", 2),
]

# 附件2 (一 4–9, 二 1–7, 三 1–9)
SAFETY_POINTS = [
    ("safety.1.4", 10), ("safety.1.5", 10), ("safety.1.6", 10), ("safety.1.7", 10), ("safety.1.8", 10),
    ("safety.1.9", 10),
    ("safety.2.1", 10), ("safety.2.2", 10), ("safety.2.3", 10), ("safety.2.4", 10), ("safety.2.5", 10),
    ("safety.2.6", 10), ("safety.2.7", 10),
    ("safety.3.1", 5), ("safety.3.2", 10), ("safety.3.3", 10), ("safety.3.4", 10), ("safety.3.5", 10),
    ("safety.3.6", 10), ("safety.3.7", 5), ("safety.3.8", 5), ("safety.3.9", 3),
]


@pytest.mark.parametrize("item,points", MARKET_POINTS + SAFETY_POINTS)
def test_every_deduction_item_times_count(item: str, points: int) -> None:
    # base 100 − points × 2 occurrences (分/次 × 次)
    cat = item.split(".")[0]
    r = rate([bad(item=item, count=2)])
    assert score(r, cat) == 100 - 2 * points
    other = "safety" if cat == "market" else "market"
    assert score(r, other) == 100


def test_market_1_18_ten_points_twice_is_eighty_and_a_star() -> None:
    # 附件1 一.18: 10 分/次 × 2 = 20 → 100 − 20 = 80; 第十二条: 80 分（含）以上 → star
    r = rate([bad(item="market.1.18", count=2)])
    c = r.category("market")
    assert c is not None and c.score == 80 and c.star


def test_seventy_nine_is_no_star() -> None:
    # 80 − 1 (附件1 一.13, 1 分/次) = 79 < 80
    r = rate([bad(item="market.1.18", count=2), bad(item="market.1.13")])
    c = r.category("market")
    assert c is not None and c.score == 79 and not c.star


@pytest.mark.parametrize("item,points,expected", [
    ("market.5", 1, 99), ("market.5", 3, 97),     # 附件1 五: 1~3 分/次
    ("safety.4", 3, 97), ("safety.4", 10, 90),    # 附件2 四: 3~10 分/次
])
def test_range_items_deduct_the_chosen_points(item: str, points: int, expected: int) -> None:
    r = rate([bad(item=item, points=points)])
    assert score(r, item.split(".")[0]) == expected


def test_range_item_times_count() -> None:
    # 附件2 四: 7 分/次 × 2 = 14 → 86
    assert score(rate([bad(item="safety.4", points=7, count=2)]), "safety") == 86


def test_deductions_accumulate_across_sections() -> None:
    # 100 − 2 (一.11) − 5 (二.2) − 3 (三.5) − 2 (四.7) − 3 (五, chosen) = 85
    r = rate([bad(item="market.1.11"), bad(item="market.2.2"), bad(item="market.3.5"), bad(item="market.4.7"),
              bad(item="market.5", points=3)])
    assert score(r, "market") == 85


def test_deductions_clamp_at_zero() -> None:
    # 10 × 11 = 110 → 100 − 110 = −10 → clamped to 0 (DESIGN §6: every category is clamped to 0–100)
    r = rate([bad(item="market.1.18", count=11)])
    c = r.category("market")
    assert c is not None and c.score == 0 and not c.star


# ---- which records count (第十四条, 第十六条; DESIGN §6) ---------------------------------------------------


def test_c_class_deducts_although_not_public() -> None:
    # 第十四条: B、C类不良信用信息…予以扣分处理. 附件1 一.21: 3 分 → 97, though the C record is never public.
    rec = bad(item="market.1.21", cls="C", disclosure_months=None)
    assert score(rate([rec]), "market") == 97


@pytest.mark.parametrize("effective,entered,expected", [
    ("2025-12-31", "2026-01-05", 100),  # effective in 2025: not the 2026 rating
    ("2026-01-01", "2026-01-05", 97),   # first day of the year: counts (−3)
    ("2026-12-08", "2026-12-10", 97),   # entered on the cutoff: counts
    ("2026-12-08", "2026-12-11", 100),  # entered the day after the cutoff: does not count
])
def test_year_and_entry_by_cutoff(effective: str, entered: str, expected: int) -> None:
    rec = bad(decision={"effective": effective}, notified=effective, entered=entered)
    assert score(rate([rec]), "market") == expected


@pytest.mark.parametrize("extra,expected", [
    ({"withdrawn": {"date": "2026-12-10", "reason": "复议撤销"}}, 100),   # withdrawn on the cutoff
    ({"withdrawn": {"date": "2026-12-11", "reason": "复议撤销"}}, 97),    # after the cutoff: still counts
    ({"objections": [{"filed": "2026-12-01", "resolved": "2026-12-10", "outcome": "revoked"}]}, 100),
    ({"objections": [{"filed": "2026-12-01", "resolved": "2026-12-11", "outcome": "revoked"}]}, 97),
    ({"repair": {"applied": "2026-12-01", "decided": "2026-12-10", "outcome": "approved"}}, 100),
    ({"repair": {"applied": "2026-12-01", "decided": "2026-12-11", "outcome": "approved"}}, 97),
    ({"repair": {"applied": "2026-12-01", "decided": "2026-12-09", "outcome": "rejected"}}, 97),
    ({"objections": [{"filed": "2026-12-01", "suspend": True}]}, 97),  # suspended publication still counts
])
def test_withdrawn_revoked_repaired_by_the_cutoff(extra: dict[str, object], expected: int) -> None:
    # market.1.21: 3 分/次 → 97 when counted
    assert score(rate([bad(**extra)]), "market") == expected


def test_repair_after_the_cutoff_does_not_change_the_rating() -> None:
    # 第十六条: 信用信息修复时，信用主体年度信用等级已评定的，信用等级不作变更.
    plain = bad(item="market.1.18", count=2)
    repaired = bad(item="market.1.18", count=2,
                   repair={"applied": "2026-12-11", "decided": "2026-12-14", "outcome": "approved"})
    before, after = rate([plain]), rate([repaired])
    assert score(after, "market") == 80  # 100 − 10 × 2
    assert after.stars == before.stars and after.level == before.level
    assert [c.score for c in after.categories] == [c.score for c in before.categories]


def test_counted_directly() -> None:
    cut = d("2026-12-10")
    assert counted(bad(), 2026, cut)
    assert not counted(bad(), 2025, cut)
    assert not counted(bad(entered="2026-12-11"), 2026, cut)
    assert not counted(bad(withdrawn={"date": "2026-05-01", "reason": "撤销"}), 2026, cut)
    assert counted(bad(withdrawn={"date": "2026-12-11", "reason": "撤销"}), 2026, cut)
    assert counted(bad(item="market.1.13", cls="C", disclosure_months=None), 2026, cut)


# ---- A class: 不予星级评定 (第十四条) and the measures of 第十五条（四） -----------------------------------

VETO_MEASURE_ITEMS = (
    "在日常监管中列为重点监管对象，提高现场核查频次",
    "在住房城乡建设行政管理和公共服务中，限制享受相关便利化措施",
    "限制参加住房城乡建设系统组织的表彰（扬）奖励活动",
    "支持业主委员会（物业管理委员会）依法依规重新选聘物业服务人",
    "国家和本省规定的其他惩戒措施",
)


def a_class(**over: object) -> object:
    return bad(item="market.1.6", cls="A", disclosure_months=36, **over)


def test_a_class_public_on_the_cutoff_vetoes_the_rating() -> None:
    # effective 2026-03-02 + 36 → public through 2029-03-02, entered 03-05 → public on 2026-12-10
    r = rate([a_class()])
    assert r.vetoed
    assert r.stars is None and r.level is None
    assert [ms.key for ms in r.measures] == ["veto"]
    (ms,) = r.measures
    assert ms.article == "第十五条第（四）项"
    assert ms.items == VETO_MEASURE_ITEMS
    assert ms.until is None


@pytest.mark.parametrize("item", [f"market.1.{n}" for n in range(1, 11)] + ["safety.1.1"])
def test_every_tenth_article_behaviour_vetoes(item: str) -> None:
    # 第十条（一）1–10 = 附件1 一.1–10 (and 附件2 一.1 = 第十条（一）1): A class → 不予星级评定 (第十四条);
    # counted in 2026 on a 一票否决 item → its category 0 as well
    r = rate([bad(item=item, cls="A", disclosure_months=36)])
    assert r.vetoed and r.stars is None and r.level is None
    c = r.category(item.split(".")[0])
    assert c is not None and c.score == 0 and c.vetoed


def test_a_class_of_an_earlier_year_still_public_vetoes() -> None:
    # DESIGN §6: an A-class record public on C (any year). 2025-06-02 + 36 → 2028-06-02.
    rec = a_class(decision={"effective": "2025-06-02"}, notified="2025-06-03", entered="2025-06-04")
    r = rate([rec])
    assert r.vetoed and r.stars is None and r.level is None
    assert score(r, "market") == 100  # effective in 2025: not counted in the 2026 scores


def test_a_class_expired_by_the_cutoff_does_not_veto() -> None:
    # 2025-01-06 + 3 months → 2025-04-06: not public on 2026-12-10, and not in 2026 → nothing at all.
    rec = bad(item="market.1.6", cls="A", disclosure_months=3, decision={"effective": "2025-01-06"},
              notified="2025-01-07", entered="2025-01-08")
    r = rate([rec])
    assert not r.vetoed
    assert score(r, "market") == 100
    # market 100 ★, safety 100 ★, social 50 → 2 stars, level 2 → 第十五条（二）
    assert r.stars == 2 and r.level == 2
    assert [ms.key for ms in r.measures] == ["regular"]


def test_a_class_of_the_year_expired_by_the_cutoff_zeroes_market_only() -> None:
    # 2026-01-05 + 3 → 2026-04-05: not public on the cutoff → no veto of the rating
    # (第十四条 as DESIGN reads it);
    # but it is counted in 2026, and 附件1 一.6 is 一票否决 → market 0.
    # stars: safety ★ only → 1; market has no star → level ≤ 2 anyway → 1 → 第十五条（二）
    rec = bad(item="market.1.6", cls="A", disclosure_months=3, decision={"effective": "2026-01-05"},
              notified="2026-01-05", entered="2026-01-06")
    r = rate([rec])
    assert not r.vetoed
    assert score(r, "market") == 0
    assert r.stars == 1 and r.level == 1


@pytest.mark.parametrize("extra", [
    {"entered": "2026-12-11"},                                                     # entered after the cutoff
    {"withdrawn": {"date": "2026-11-02", "reason": "诉讼撤销"}},
    {"repair": {"applied": "2026-10-08", "decided": "2026-10-15", "outcome": "approved"}},
    {"objections": [{"filed": "2026-12-01", "resolved": "2026-12-08", "outcome": "revoked"}]},
    {"objections": [{"filed": "2026-12-01", "suspend": True}]},                    # not public on C
])
def test_a_class_not_public_on_the_cutoff_does_not_veto(extra: dict[str, object]) -> None:
    assert not rate([a_class(**extra)]).vetoed


def test_a_class_made_public_after_the_cutoff_does_not_veto_that_year() -> None:
    rec = a_class(decision={"effective": "2026-12-11"}, notified="2026-12-11", entered="2026-12-14")
    r = rate([rec])
    assert not r.vetoed and r.level == 2


# ---- 附件2 一.2, 一.3 一票否决 → the safety category scores 0 --------------------------------------------


@pytest.mark.parametrize("item", ["safety.1.2", "safety.1.3"])
def test_safety_veto_items_zero_the_category(item: str) -> None:
    r = rate([bad(item=item, cls="B"), good(item="safety", level="national")])
    c = r.category("safety")
    assert c is not None and c.score == 0 and c.vetoed and not c.star  # the award does not lift it
    assert not r.vetoed
    # market 100 ★, safety 0, social 50 → 1 star, level 1
    assert r.stars == 1 and r.level == 1


def test_safety_veto_item_not_counted_does_nothing() -> None:
    rec = bad(item="safety.1.2",
              repair={"applied": "2026-09-01", "decided": "2026-09-08", "outcome": "approved"})
    assert score(rate([rec]), "safety") == 100


# ---- awards (附件1–4 说明): national 5, province 4, city 3, county 2, street 1 -----------------------------

LEVEL_BONUS = [("national", 5), ("province", 4), ("city", 3), ("county", 2), ("street", 1)]


@pytest.mark.parametrize("level,bonus", LEVEL_BONUS)
def test_award_bonus_in_market_and_safety(level: str, bonus: int) -> None:
    # market: 100 − 10 (一.18) + bonus; safety: 100 − 10 (一.4) + bonus
    r = rate([bad(item="market.1.18"), bad(item="safety.1.4"), good(item="market", level=level),
              good(item="safety", level=level)])
    assert score(r, "market") == 90 + bonus
    assert score(r, "safety") == 90 + bonus


@pytest.mark.parametrize("level,bonus", LEVEL_BONUS)
def test_award_bonus_in_red_and_smart(level: str, bonus: int) -> None:
    # empty sheet sections: 0 + bonus
    r = rate([good(item="red", level=level), good(item="smart", level=level)],
             sheet=henan_sheet(red={}, smart={}))
    assert score(r, "red") == bonus
    assert score(r, "smart") == bonus


def test_award_does_not_leak_into_another_category() -> None:
    r = rate([bad(item="safety.1.4"), good(item="market", level="national")])
    assert score(r, "safety") == 90 and score(r, "market") == 100


def test_award_counts_per_occurrence() -> None:
    # “分/每次”: county 2 × 2 次 = 4 → 90 + 4
    r = rate([bad(item="market.1.18"), good(item="market", level="county", count=2)])
    assert score(r, "market") == 94


def test_one_deed_counts_once_at_its_highest() -> None:
    # 同一优良行为符合多项加分标准的，按最高值加分: city 3 and province 4 of one deed → 4 only
    r = rate([bad(item="market.1.18"), good(level="city", deed="x-1"), good(level="province", deed="x-1")])
    assert score(r, "market") == 94  # 90 + 4
    # two different deeds both count: 90 + 3 + 4
    r2 = rate([bad(item="market.1.18"), good(level="city", deed="x-1"), good(level="province", deed="x-2")])
    assert score(r2, "market") == 97


def test_one_deed_counts_once_regardless_of_order() -> None:
    # national 5 first, then street 1 of the same deed → 5
    r = rate({"410105-2026-0001": bad(item="market.1.18"),
              "410105-2026-0002": good(level="national", deed="x-1"),
              "410105-2026-0003": good(level="street", deed="x-1")})
    assert score(r, "market") == 95


def test_awards_outside_the_year_do_not_count() -> None:
    rec = good(level="national", decision={"effective": "2025-12-31"}, entered="2026-01-05")
    assert score(rate([bad(item="market.1.18"), rec]), "market") == 90


def test_market_full_marks_plus_award_stays_one_hundred() -> None:
    # 附件1 说明: 总分最高分为100分 → 100 + 5 → 100
    r = rate([good(item="market", level="national")])
    assert score(r, "market") == 100


# ---- 附件5 履行社会责任: base 50 + items, each capped ------------------------------------------------------


@pytest.mark.parametrize("item", ["social.1", "social.2", "social.3"])
@pytest.mark.parametrize("level,points", [("national", 8), ("province", 6), ("city", 4), ("county", 2),
                                          ("street", 1)])
def test_social_1_to_3_by_level(item: str, level: str, points: int) -> None:
    # 附件5 一至三: 国家级、省级、市级、县级、乡级分别得 8、6、4、2、1 分
    assert score(rate([good(item=item, level=level)]), "social") == 50 + points


@pytest.mark.parametrize("level,points", [("national", 5), ("province", 4), ("city", 3), ("county", 2),
                                          ("street", 1)])
def test_social_5_by_level(level: str, points: int) -> None:
    # 附件5 五: 5、4、3、2、1 分
    assert score(rate([good(item="social.5", level=level)]), "social") == 50 + points


def test_social_levels_accumulate_up_to_the_cap() -> None:
    # 可累计计分，最高得 8 分: county 2 + street 1 + city 4 = 7 → 57
    recs = [good(item="social.1", level="county"), good(item="social.1", level="street"),
            good(item="social.1", level="city")]
    assert score(rate(recs), "social") == 57
    # + province 6 → 13 → capped at 8 → 58
    assert score(rate([*recs, good(item="social.1", level="province")]), "social") == 58
    # national 8 + province 6 = 14 → 8
    assert score(rate([good(item="social.2", level="national"), good(item="social.2", level="province")]),
                 "social") == 58


def test_social_5_cap() -> None:
    # city 3 + county 2 = 5 → 55; + street 1 = 6 → capped 5 → 55
    two = [good(item="social.5", level="city"), good(item="social.5", level="county")]
    assert score(rate(two), "social") == 55
    assert score(rate([*two, good(item="social.5", level="street")]), "social") == 55


@pytest.mark.parametrize("item,cap", [("social.4", 5), ("social.6", 3), ("social.7", 3), ("social.8", 5),
                                      ("social.9", 5)])
def test_social_per_item_caps(item: str, cap: int) -> None:
    # 1 分/项 (social.7: 1 分/个): count 2 → 52; count cap + 2 → capped
    assert score(rate([good(item=item, count=2)]), "social") == 52
    assert score(rate([good(item=item, count=cap + 2)]), "social") == 50 + cap
    assert score(rate([good(item=item, count=cap)]), "social") == 50 + cap


def test_social_per_item_is_one_point_whatever_the_level() -> None:
    # social.4: 1 分/项 — the level of the body does not change it
    assert score(rate([good(item="social.4", level="national")]), "social") == 51


def test_social_full_marks_is_exactly_one_hundred() -> None:
    # 50 + 8 + 8 + 8 + 5 + 5 + 3 + 3 + 5 + 5 = 100
    recs = [
        good(item="social.1", level="national"),   # 8
        good(item="social.2", level="national"),   # 8
        good(item="social.3", level="national"),   # 8
        good(item="social.4", count=5),            # 5
        good(item="social.5", level="national"),   # 5
        good(item="social.6", count=3),            # 3
        good(item="social.7", count=3),            # 3
        good(item="social.8", count=5),            # 5
        good(item="social.9", count=5),            # 5
    ]
    r = rate(recs)
    c = r.category("social")
    assert c is not None and c.score == 100 and c.star
    # more in every item changes nothing: each is at its cap
    more = [*recs, good(item="social.1", level="province"), good(item="social.4", count=3),
            good(item="social.9", count=1)]
    assert score(rate(more), "social") == 100


def test_social_star_at_eighty() -> None:
    # 50 + 8 + 8 + 8 + 5 = 79 → no star; + 1 (social.9) = 80 → star
    recs = [good(item="social.1", level="national"), good(item="social.2", level="national"),
            good(item="social.3", level="national"), good(item="social.4", count=5)]
    c79 = rate(recs).category("social")
    assert c79 is not None and c79.score == 79 and not c79.star
    c80 = rate([*recs, good(item="social.9")]).category("social")
    assert c80 is not None and c80.score == 80 and c80.star


def test_social_one_deed_once_at_its_highest() -> None:
    # 附件5 说明: 同一优良行为符合多项加分标准的，按最高值加分: social.1 national 8 vs social.5 national 5 → 8
    r = rate([good(item="social.1", level="national", deed="flood"),
              good(item="social.5", level="national", deed="flood")])
    assert score(r, "social") == 58


# ---- 附件3 红色物业: checklist, −1 per missing part --------------------------------------------------------

RED_MAX = {
    "1.1": 5, "1.2": 5, "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 2, "1.7": 2, "1.8": 2, "1.9": 2,
    "2.1": 3, "2.2": 3, "2.3": 3, "2.4": 3, "2.5": 2, "2.6": 2, "2.7": 2,
    "3.1": 3, "3.2": 3, "3.3": 3, "3.4": 3, "3.5": 3, "3.6": 3, "3.7": 3, "3.8": 3,
    "4.1": 3, "4.2": 3, "4.3": 3, "4.4": 2, "4.5": 2, "4.6": 2, "4.7": 2, "4.8": 3,
    "5.1": 3, "5.2": 3, "5.3": 2, "5.4": 3, "5.5": 3,
}


@pytest.mark.parametrize("section,total", [("1", 24), ("2", 18), ("3", 24), ("4", 20), ("5", 14)])
def test_red_section_totals(section: str, total: int) -> None:
    # 附件3 一（24分）二（18分）三（24分）四（20分）五（14分）
    sheet = henan_sheet(red={k: 0 for k in RED_MAX if k.split(".")[0] == section})
    assert score(rate(sheet=sheet), "red") == total


def test_red_full_marks_is_one_hundred() -> None:
    r = rate(sheet=henan_sheet(red=dict.fromkeys(RED_MAX, 0)))
    c = r.category("red")
    assert c is not None and c.score == 100 and c.star


@pytest.mark.parametrize("key,value,expected", [
    ("1.1", 0, 5), ("1.1", 1, 4), ("1.1", 2, 3), ("1.1", 5, 0),
    ("1.3", 1, 1), ("1.3", 2, 0),
    ("2.1", "absent", 0),     # 完全缺失的该项不得分
    ("5.5", 1, 2),
])
def test_red_missing_parts(key: str, value: object, expected: int) -> None:
    assert score(rate(sheet=henan_sheet(red={key: value})), "red") == expected


def test_red_mixed_sheet_and_unlisted_items() -> None:
    # 1.1 full 5 + 1.2 one missing 4 + 2.1 absent 0 + everything else unlisted 0 = 9
    r = rate(sheet=henan_sheet(red={"1.1": 0, "1.2": 1, "2.1": "absent"}))
    assert score(r, "red") == 9


def test_red_and_smart_rated_only_with_a_sheet_section() -> None:
    # 第十二条: 鼓励…参与“红色物业”创建、智慧物业建设星级评定 — optional categories
    none = rate([good(item="red", level="national")])
    assert none.category("red") is None and none.category("smart") is None
    assert [c.code for c in none.categories] == ["market", "safety", "social"]
    red_only = rate(sheet=henan_sheet(red={"1.1": 0}))
    assert red_only.category("red") is not None and red_only.category("smart") is None
    smart_only = rate(sheet=henan_sheet(smart={"6.1": 0}))
    assert smart_only.category("smart") is not None and smart_only.category("red") is None


# ---- 附件4 智慧物业 --------------------------------------------------------------------------------------

SMART_1_TO_4_FULL = {k: 0 for k in ("1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "3.1", "3.2",
                                    "3.3", "4.1", "4.2", "4.3", "4.4")}  # 10 + 10 + 10 + 14 = 44


@pytest.mark.parametrize("value,expected", [(0, "2"), (1, "1.5"), (2, "1"), (3, "0.5"), (4, "0"),
                                            ("absent", "0")])
def test_smart_section_1_half_point_steps(value: object, expected: str) -> None:
    # 附件4 一: 2 分，部分缺失的每缺一项扣 0.5 分
    assert score(rate(sheet=henan_sheet(smart={"1.1": value})), "smart") == D(expected)


@pytest.mark.parametrize("key,value,expected", [
    ("2.1", 1, 3), ("3.2", 1, 3), ("4.1", 2, 2),   # −1 per missing part
    ("6.1", 0, 10), ("6.1", 3, 7),                 # 附件4 六: 10 分，每缺1项扣1分
    ("7.2", 1, 2), ("7.3", 0, 3),
])
def test_smart_whole_point_steps(key: str, value: object, expected: int) -> None:
    assert score(rate(sheet=henan_sheet(smart={key: value})), "smart") == expected


@pytest.mark.parametrize("count,expected", [(0, 0), (1, 1), (3, 3), (4, 4), (9, 4)])
def test_smart_7_1_one_per_result_capped_at_four(count: int, expected: int) -> None:
    # 附件4 七.1: 近三年每取得1项得1分，最高不超过给定分值 4
    assert score(rate(sheet=henan_sheet(smart={"7.1": {"count": count}})), "smart") == expected


def _ent_with(n: int) -> object:
    return enterprise([project(f"p{i}", "410105") for i in range(1, n + 1)])


@pytest.mark.parametrize("projects,mark,expected", [
    # 附件4 五: 在管小区 ≤ 2 个: 符合 6 分/个、部分符合 3 分/个；> 2 个: 4 分/个、2 分/个；累计不超过 6
    (1, {"full": 1}, 6), (1, {"partial": 1}, 3),
    (2, {"full": 1, "partial": 1}, 6),   # 6 + 3 = 9 → 6
    (2, {"full": 2}, 6),                 # 12 → 6
    (2, {"partial": 2}, 6),              # 3 + 3
    (2, {"partial": 1}, 3),
    (3, {"full": 1}, 4), (3, {"partial": 1}, 2),
    (3, {"full": 1, "partial": 1}, 6),   # 4 + 2
    (3, {"full": 2}, 6),                 # 8 → 6
    (3, {"partial": 2}, 4),
    (5, {"partial": 3}, 6),              # 2 × 3
])
def test_smart_5_community_rule(projects: int, mark: dict[str, int], expected: int) -> None:
    r = rate(ent=_ent_with(projects), sheet=henan_sheet(smart={"5.3": mark}))  # type: ignore[arg-type]
    assert score(r, "smart") == expected


def test_smart_communities_are_projects_active_at_the_cutoff() -> None:
    # three projects, one ended 2026-12-09 (before the cutoff 12-10) → 2 communities → 6 per full
    ent = enterprise([project("p1", "410105"), project("p2", "410105"),
                      project("p3", "410105", until="2026-12-09")])
    assert score(rate(ent=ent, sheet=henan_sheet(smart={"5.1": {"full": 1}})), "smart") == 6
    # ended on the cutoff itself: still active on it → 3 communities → 4
    ent3 = enterprise([project("p1", "410105"), project("p2", "410105"),
                       project("p3", "410105", until="2026-12-10")])
    assert score(rate(ent=ent3, sheet=henan_sheet(smart={"5.1": {"full": 1}})), "smart") == 4


def test_smart_star_boundary_80_and_79_5() -> None:
    # 一至四 full 44 + 五 1–6 each {full: 1} with one community 6 × 6 = 36 → 80 → star
    full5 = {f"5.{i}": {"full": 1} for i in range(1, 7)}
    c80 = rate(sheet=henan_sheet(smart={**SMART_1_TO_4_FULL, **full5})).category("smart")
    assert c80 is not None and c80.score == 80 and c80.star
    # one part missing in 1.1: 80 − 0.5 = 79.5 → no star
    c795 = rate(sheet=henan_sheet(smart={**SMART_1_TO_4_FULL, **full5, "1.1": 1})).category("smart")
    assert c795 is not None and c795.score == D("79.5") and not c795.star


def test_smart_full_marks_and_award_clamped() -> None:
    # 44 + 36 + 六 10 + 七 4 + 3 + 3 = 100; + national award 5 → 100 (附件4 说明: 总分最高不得超过100分)
    sheet = {**SMART_1_TO_4_FULL, **{f"5.{i}": {"full": 1} for i in range(1, 7)}, "6.1": 0,
             "7.1": {"count": 4}, "7.2": 0, "7.3": 0}
    assert score(rate(sheet=henan_sheet(smart=sheet)), "smart") == 100
    assert score(rate([good(item="smart", level="national")], sheet=henan_sheet(smart=sheet)), "smart") == 100


# ---- stars, levels and measures (第十二条, 第十五条) -------------------------------------------------------

FIVE_SOCIAL = [good(item="social.1", level="national"), good(item="social.2", level="national"),
               good(item="social.3", level="national"), good(item="social.4", count=5),
               good(item="social.5", level="national")]  # 50 + 8 + 8 + 8 + 5 + 5 = 84
RED_FULL = dict.fromkeys(RED_MAX, 0)  # 100
SMART_80 = {**SMART_1_TO_4_FULL, **{f"5.{i}": {"full": 1} for i in range(1, 7)}}  # 80


def test_five_stars_level_five_and_incentives_for_one_year() -> None:
    r = rate(FIVE_SOCIAL, sheet=henan_sheet(red=RED_FULL, smart=SMART_80))
    assert [(c.code, c.score, c.star) for c in r.categories] == [
        ("market", 100, True), ("safety", 100, True), ("red", 100, True), ("smart", 80, True),
        ("social", 84, True)]
    assert r.stars == 5 and r.level == 5 and not r.vetoed
    (ms,) = r.measures
    # 第十五条（一）: 自信用等级公布之日起一年内 — published 2026-12-15 + 12 months → 2027-12-15
    assert ms.key == "incentive" and ms.article == "第十五条第（一）项"
    assert ms.until == d("2027-12-15")
    assert ms.items == ("鼓励招标单位在物业服务招标中作为参考依据",
                        "在住房城乡建设系统组织的表彰（扬）奖励活动中予以优先推荐",
                        "适当减少日常检查、专项检查抽查频次",
                        "法律、法规规定的其他激励措施")


def test_three_stars_is_level_three() -> None:
    # market ★, safety ★, social 84 ★ → 3 → incentive until 2027-12-15
    r = rate(FIVE_SOCIAL)
    assert r.stars == 3 and r.level == 3
    assert [(ms.key, ms.until) for ms in r.measures] == [("incentive", d("2027-12-15"))]


def test_market_without_a_star_caps_the_level_at_two() -> None:
    # 第十二条: 市场行为规范、物业安全管理两类中任一类未获得星级认定的，不得确定为三星级（含）以上.
    # market 79 (−10 × 2 − 1); safety ★, red ★, smart ★, social ★ → 4 stars → level 2
    r = rate([bad(item="market.1.18", count=2), bad(item="market.1.13"), *FIVE_SOCIAL],
             sheet=henan_sheet(red=RED_FULL, smart=SMART_80))
    assert score(r, "market") == 79
    assert r.stars == 4 and r.level == 2
    assert [(ms.key, ms.until) for ms in r.measures] == [("regular", None)]


def test_safety_without_a_star_caps_the_level_at_two() -> None:
    # safety: 100 − 10 × 2 (一.4) − 3 (三.9) = 77 → no star; market ★, red ★, smart ★, social ★ → 4 → level 2
    r = rate([bad(item="safety.1.4", count=2), bad(item="safety.3.9"), *FIVE_SOCIAL],
             sheet=henan_sheet(red=RED_FULL, smart=SMART_80))
    assert score(r, "safety") == 77
    assert r.stars == 4 and r.level == 2


def test_two_basic_stars_level_two_regular() -> None:
    r = rate()
    assert [(c.code, c.score) for c in r.categories] == [("market", 100), ("safety", 100), ("social", 50)]
    assert r.stars == 2 and r.level == 2
    (ms,) = r.measures
    assert ms.key == "regular" and ms.article == "第十五条第（二）项" and ms.until is None


def test_one_star_level_one_regular() -> None:
    r = rate([bad(item="safety.1.3")])
    assert r.stars == 1 and r.level == 1
    assert [ms.key for ms in r.measures] == ["regular"]


def test_no_star_level_zero_supervision() -> None:
    # market 100 − 10 × 3 = 70, safety 0 (一.2 一票否决), social 50 → 0 stars → 第十五条（三）
    r = rate([bad(item="market.1.18", count=3), bad(item="safety.1.2")])
    assert r.stars == 0 and r.level == 0
    (ms,) = r.measures
    assert ms.key == "supervision" and ms.article == "第十五条第（三）项" and ms.until is None
    assert ms.items == ("在日常监管中列为重点监管对象，提高现场核查频次",
                        "在住房城乡建设行政管理和公共服务中，限制享受相关便利化措施",
                        "限制参加住房城乡建设系统组织的表彰（扬）奖励活动",
                        "国家和本省规定的其他惩戒措施")


def test_incentive_end_date_at_a_month_end() -> None:
    # published 2028-02-29 + 12 months → 2029-02 has no 29th → 2029-02-28 (民法典 第二百零二条)
    ev = evaluation(cutoff="2028-02-28", published="2028-02-29", notice_until="2028-03-31")
    recs = [good(item=g.item, level=g.decision.level, count=g.count,
                 decision={"effective": "2028-01-10"}, entered="2028-01-12") for g in FIVE_SOCIAL]
    r = rate(recs, ev=ev, year=2028)
    assert r.level == 3
    assert [(ms.key, ms.until) for ms in r.measures] == [("incentive", d("2029-02-28"))]


# ---- notice (第十三条: 向社会公示不少于 7 日; 第二十条: 工作日) --------------------------------------------


def test_notice_defaults_to_the_seventh_working_day_across_national_day() -> None:
    # published Fri 2025-09-26. 2025 schedule: Sun 09-28 and Sat 10-11 are working days, 10-01 … 10-08 off.
    # working days after: 09-28 (1), 09-29 (2), 09-30 (3), 10-09 (4), 10-10 (5), 10-11 (6), 10-13 (7)
    r = rate(ev=evaluation(cutoff="2025-09-20", published="2025-09-26"), year=2025)
    assert r.notice_until == d("2025-10-13")
    assert r.status(d("2025-10-13")) == "notice"
    assert r.status(d("2025-10-14")) == "final"


def test_notice_default_in_december_2026() -> None:
    # published Tue 2026-12-15: 16 (1), 17 (2), 18 (3), 21 (4), 22 (5), 23 (6), 24 (7)
    r = rate()
    assert r.notice_until == d("2026-12-24")
    assert r.status(d("2026-12-15")) == "notice"
    assert r.status(d("2026-12-24")) == "notice"
    assert r.status(d("2026-12-25")) == "final"


def test_explicit_notice_until_is_kept() -> None:
    r = rate(ev=evaluation(notice_until="2026-12-31"))
    assert r.notice_until == d("2026-12-31")
    assert r.status(d("2026-12-31")) == "notice" and r.status(d("2027-01-01")) == "final"


def test_notice_default_across_spring_festival_2026() -> None:
    # published Thu 2026-02-12 (a 2025 rating published late). 2026 schedule: Sat 02-14 works, 02-15 … 02-23
    # off, Sat 02-28 works. After 02-12: 13 (1), 14 (2), 24 (3), 25 (4), 26 (5), 27 (6), 28 (7)
    r = rate(ev=evaluation(cutoff="2025-12-10", published="2026-02-12"), year=2025)
    assert r.notice_until == d("2026-02-28")


# ---- who rates (第十三条) ---------------------------------------------------------------------------------


@pytest.mark.parametrize("counties,registered,scope,region", [
    (["410105"], "410105", "county", "410105"),               # 仅在本县（市、区） → 县级
    (["410105", "410105"], "410103", "county", "410105"),     # two projects, one county (not the registered)
    (["410105", "410103"], "410105", "city", "410100"),       # 本市跨县 → 市级
    (["410105", "410302"], "410105", "province", "410000"),   # 跨市 → 省厅
    (["419001", "410105"], "419001", "province", "410000"),   # 济源（省直管）+ 郑州 = two cities → 省厅
    (["419001"], "419001", "county", "419001"),               # 济源 alone
    (["419001", "419001"], "410105", "county", "419001"),
    ([], "410103", "county", "410103"),                       # no active project → registered county
])
def test_rating_scope(counties: list[str], registered: str, scope: str, region: str) -> None:
    rs = rating_scope(counties, registered, REGIONS)
    assert (rs.scope, rs.region) == (scope, region)


def test_rating_scope_through_rate_uses_projects_active_at_the_cutoff() -> None:
    # the 洛阳 project ended 2026-11-30 and the 二七 one starts 2026-12-11: only 金水 is active on 12-10
    ent = enterprise([project("a", "410105"), project("b", "410302", until="2026-11-30"),
                      project("c", "410103", since="2026-12-11")])
    assert rate(ent=ent).scope == "county"
    ent2 = enterprise([project("a", "410105"), project("b", "410302", until="2026-12-10")])
    assert rate(ent=ent2).scope == "province"
    none = enterprise([project("a", "410302", until="2025-01-31")], registered="410105")
    assert rate(ent=none).scope == "county"


def test_calendar_is_the_state_council_schedule() -> None:
    # a sanity check of the working days the hand computations above rely on
    assert CAL.add_workdays(d("2025-09-26"), 7) == d("2025-10-13")
    assert CAL.is_workday(d("2025-09-28")) and CAL.is_workday(d("2025-10-11"))
    assert not CAL.is_workday(d("2025-10-08"))
    assert CAL.is_workday(d("2026-02-14")) and not CAL.is_workday(d("2026-02-23"))


def test_rulebook_threshold_and_caps_as_the_measures_say() -> None:
    # 第十二条 80 分（含）; 附件 总分最高 100; level cap 2 for market / safety
    assert HENAN.stars is not None
    assert HENAN.stars.threshold == Decimal(80)
    assert HENAN.stars.score_max == Decimal(100) and HENAN.stars.score_min == Decimal(0)
    assert HENAN.stars.level_cap == 2 and sorted(HENAN.stars.level_cap_categories) == ["market", "safety"]
