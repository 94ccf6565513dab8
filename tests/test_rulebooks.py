"""The rulebooks against the documents: every expected value below is typed from the seed texts
(河南省物业服务企业信用管理实施办法（试行） 附件1–5; 呼伦贝尔市“红黑榜”通知), never read from the YAML."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from generator.rules.rulebook import available, load_rulebook


@pytest.fixture(scope="module")
def henan():
    return load_rulebook("henan")


@pytest.fixture(scope="module")
def hulunbuir():
    return load_rulebook("hulunbuir")


def _section(rb, cat: str, number: int):
    (sec,) = [s for s in rb.category_by_code[cat].sections if s.number == number]
    return sec


def _points(rb, cat: str, number: int) -> list:
    return [it.points for it in _section(rb, cat, number).items]


def _maxima(rb, cat: str, number: int) -> list[Decimal]:
    return [it.max for it in _section(rb, cat, number).items]


# -- henan: top level ----------------------------------------------------------------------------------


def test_available():
    assert {"henan", "hulunbuir"} <= set(available())


def test_henan_top(henan):
    assert henan.id == "henan"
    assert henan.scheme == "stars"
    assert henan.short_name == "河南省"
    assert henan.name == "河南省物业服务企业信用管理实施办法（试行）"
    assert henan.deadline_working_days == 7
    assert henan.notice_min_working_days == 7
    assert henan.award_bonus == {"national": 5, "province": 4, "city": 3, "county": 2, "street": 1}
    d = henan.disclosure
    assert (d.good_months, d.bad_min_months, d.bad_max_months) == (36, 3, 36)
    assert (d.c_min_months, d.c_max_months, d.total_max_months) == (3, 6, 60)
    assert d.safety_domains == ["special_equipment", "work_safety", "fire"]
    assert d.safety_domain_min_months == 12
    s = henan.stars
    assert (s.threshold, s.score_min, s.score_max) == (80, 0, 100)
    assert s.level_cap == 2 and s.level_cap_categories == ["market", "safety"] and s.veto_class == "A"
    assert henan.grades is None


def test_henan_categories(henan):
    cats = [(c.code, c.name, c.appendix, c.kind, c.base, c.basic, c.awards) for c in henan.categories]
    assert cats == [
        ("market", "市场行为规范", "附件1", "deduction", 100, True, True),
        ("safety", "物业安全管理", "附件2", "deduction", 100, True, True),
        ("red", "红色物业创建", "附件3", "checklist", 0, False, True),
        ("smart", "智慧物业建设", "附件4", "checklist", 0, False, True),
        ("social", "履行社会责任", "附件5", "bonus", 50, True, False),
    ]
    notes = {c.code: c.note for c in henan.categories}
    assert notes["market"].startswith("物业服务企业优良市场行为获得国家级")
    assert notes["safety"].startswith("物业服务企业优良安全管理行为获得国家级")
    assert notes["red"].startswith("物业服务企业优良红色物业创建行为")
    assert notes["smart"].endswith("同一优良行为获得多次表彰（扬）奖励的，按最高值加分。")
    assert notes["social"] == "同一优良行为符合多项加分标准的，按最高值加分，总分最高不得超过 100 分。"


SECTION_NAMES = {
    "market": ["基础管理服务", "共用部位、设施设备管理", "秩序维护", "环境管理服务", "其他"],
    "safety": ["基础服务", "消防安全", "设施设备安全", "其他"],
    "red": [
        "组织建设规范有序",
        "党员队伍作用明显",
        "运行机制规范有效",
        "服务质量显著提升",
        "社会形象信誉良好",
    ],
    "smart": ["企业架构", "基础建设", "信息安全", "管理支撑", "智慧小区", "业主服务", "成果应用"],
    "social": [
        "民生实事",
        "公共事件",
        "稳岗就业",
        "绿色环保",
        "社会公益",
        "扶老托幼",
        "服务覆盖",
        "法规标准",
        "其他",
    ],
}

ITEMS_PER_SECTION = {
    "market": [25, 16, 5, 7, 1],
    "safety": [9, 7, 9, 1],
    "red": [9, 7, 8, 8, 5],
    "smart": [5, 3, 3, 4, 6, 1, 3],
    "social": [1, 1, 1, 1, 1, 1, 1, 1, 1],
}


@pytest.mark.parametrize("cat", list(SECTION_NAMES))
def test_sections_and_item_counts(henan, cat):
    secs = henan.category_by_code[cat].sections
    assert [s.number for s in secs] == list(range(1, len(SECTION_NAMES[cat]) + 1))
    assert [s.name for s in secs] == SECTION_NAMES[cat]
    assert [len(s.items) for s in secs] == ITEMS_PER_SECTION[cat]


def test_item_numbering(henan):
    for cat in henan.categories:
        for sec in cat.sections:
            numbers = [it.number for it in sec.items]
            unnumbered = (cat.code, sec.number) in {("market", 5), ("safety", 4)} or cat.code == "social"
            if unnumbered:
                assert numbers == [None], (cat.code, sec.number)
            else:
                assert numbers == list(range(1, len(numbers) + 1)), (cat.code, sec.number)


def test_texts_are_clean(henan):
    for code, (_, _, it) in henan.items.items():
        assert it.text and it.text == it.text.strip(), code
        assert not re.match(r"^\d+[.．]", it.text), code  # numbering stripped
        assert not it.text.endswith(("；", ";", "。")), code  # trailing punctuation dropped throughout


def test_some_texts_verbatim(henan):
    assert henan.items["market.1.11"][2].text == "未依法签订（前期）物业服务合同的"
    assert henan.items["market.1.25"][2].text == "年度业主满意度调查满意率低于85%的"
    assert henan.items["market.5"][2].text == "存在其它物业服务市场不规范行为的"
    assert henan.items["safety.1.2"][2].text == "物业服务企业擅自承接未经查验或者承接不符合条件的物业项目的"
    assert henan.items["safety.3.9"][2].text == "不配合燃气管理部门进行安全检查和宣传的"
    assert henan.items["safety.4"][2].text == "存在其他物业安全管理不良行为的"
    assert henan.items["red.2.6"][2].text == "发展党员程序规范，注重加强入党积极分子队伍建设"
    assert henan.items["smart.6.1"][2].text.startswith("企业建有统一的业主服务平台")
    assert henan.items["social.9"][2].text == "其他履行社会责任优良行为"


# -- henan: 附件1 市场行为规范 ---------------------------------------------------------------------------


def test_market_points(henan):
    assert _points(henan, "market", 1) == [None] * 10 + [2, 3, 1, 2, 5, 5, 1, 10, 10, 10, 3, 1, 2, 1, 2]
    assert _points(henan, "market", 2) == [1, 5, 2, 3, 2, 2, 2, 3, 2, 3, 2, 3, 3, 2, 3, 2]
    assert _points(henan, "market", 3) == [1, 1, 2, 2, 3]
    assert _points(henan, "market", 4) == [1, 1, 1, 2, 1, 1, 2]
    (other,) = _section(henan, "market", 5).items
    assert other.points is None and other.points_range == (1, 3) and other.unit == "次"


def test_market_veto_items(henan):
    sec = _section(henan, "market", 1)
    for it in sec.items[:10]:  # 1.1–1.10: 第十条 A类严重不良行为, 一票否决
        assert it.veto is True and it.class_only == "A" and it.points is None, it.number
    for it in sec.items[10:]:
        assert it.veto is False and it.class_only is None and it.unit == "次", it.number
    for n in (2, 3, 4, 5):
        assert all(not it.veto and it.unit == "次" for it in _section(henan, "market", n).items)


# -- henan: 附件2 物业安全管理 ---------------------------------------------------------------------------


def test_safety_points(henan):
    assert _points(henan, "safety", 1) == [None, None, None, 10, 10, 10, 10, 10, 10]
    assert _points(henan, "safety", 2) == [10, 10, 10, 10, 10, 10, 10]
    assert _points(henan, "safety", 3) == [5, 10, 10, 10, 10, 10, 5, 5, 3]
    (other,) = _section(henan, "safety", 4).items
    assert other.points is None and other.points_range == (3, 10) and other.unit == "次"


def test_safety_veto_items(henan):
    items = _section(henan, "safety", 1).items
    assert [(it.veto, it.class_only) for it in items[:3]] == [(True, "A"), (True, None), (True, None)]
    assert all(not it.veto and it.class_only is None for it in items[3:])


def test_class_a_items(henan):
    class_a = sorted(code for code, (_, _, it) in henan.items.items() if it.class_only == "A")
    expected = sorted([f"market.1.{n}" for n in range(1, 11)] + ["safety.1.1"])
    assert class_a == expected
    vetoes = sorted(code for code, (_, _, it) in henan.items.items() if it.veto)
    assert vetoes == sorted(expected + ["safety.1.2", "safety.1.3"])


# -- henan: 附件3 “红色物业”创建 -------------------------------------------------------------------------

RED = {  # section: (max in the heading, item maxima)
    1: (24, [5, 5, 2, 2, 2, 2, 2, 2, 2]),
    2: (18, [3, 3, 3, 3, 2, 2, 2]),
    3: (24, [3, 3, 3, 3, 3, 3, 3, 3]),
    4: (20, [3, 3, 3, 2, 2, 2, 2, 3]),
    5: (14, [3, 3, 2, 3, 3]),
}


@pytest.mark.parametrize("n", list(RED))
def test_red_maxima(henan, n):
    smax, maxima = RED[n]
    sec = _section(henan, "red", n)
    assert sec.max == smax and sec.step == 1
    assert _maxima(henan, "red", n) == maxima
    assert sum(it.max for it in sec.items) == smax
    assert all(it.scoring == "parts" for it in sec.items)


def test_red_total(henan):
    assert sum(s.max for s in henan.category_by_code["red"].sections) == 100


# -- henan: 附件4 智慧物业建设 ---------------------------------------------------------------------------

SMART = {
    1: (10, [2, 2, 2, 2, 2]),
    2: (10, [4, 3, 3]),
    3: (10, [3, 4, 3]),
    4: (14, [4, 4, 3, 3]),
    5: (36, [6, 6, 6, 6, 6, 6]),
    6: (10, [10]),
    7: (10, [4, 3, 3]),
}


@pytest.mark.parametrize("n", list(SMART))
def test_smart_maxima(henan, n):
    smax, maxima = SMART[n]
    sec = _section(henan, "smart", n)
    assert sec.max == smax
    assert _maxima(henan, "smart", n) == maxima
    assert sum(it.max for it in sec.items) == smax


def test_smart_rules(henan):
    assert _section(henan, "smart", 1).step == Decimal("0.5")
    assert henan.item_step("smart.1.3") == Decimal("0.5")
    for n in (2, 3, 4, 5, 6, 7):
        assert _section(henan, "smart", n).step == 1
    five = _section(henan, "smart", 5)
    assert all(it.scoring == "community" for it in five.items)
    c = five.community
    assert c is not None and c.small_max == 2
    assert c.small == {"full": 6, "partial": 3} and c.large == {"full": 4, "partial": 2}
    seven = _section(henan, "smart", 7).items
    assert (seven[0].scoring, seven[0].per_result, seven[0].max) == ("results", 1, 4)
    assert [(it.scoring, it.max) for it in seven[1:]] == [("parts", 3), ("parts", 3)]
    assert henan.item_step("smart.7.2") == 1
    for n in (1, 2, 3, 4, 6):
        assert all(it.scoring == "parts" for it in _section(henan, "smart", n).items)
    assert sum(s.max for s in henan.category_by_code["smart"].sections) == 100


# -- henan: 附件5 履行社会责任 ---------------------------------------------------------------------------


def test_social(henan):
    def one(n):
        (it,) = _section(henan, "social", n).items
        return it

    big = {"national": 8, "province": 6, "city": 4, "county": 2, "street": 1}
    for n in (1, 2, 3):
        it = one(n)
        assert it.by_level == big and it.cap == 8 and it.per_item is None
    five = one(5)
    assert five.by_level == {"national": 5, "province": 4, "city": 3, "county": 2, "street": 1}
    assert five.cap == 5
    for n, cap, unit in [(4, 5, "项"), (6, 3, "项"), (7, 3, "个"), (8, 5, "项"), (9, 5, "项")]:
        it = one(n)
        assert (it.per_item, it.cap, it.unit, it.by_level) == (1, cap, unit, None), n


# -- henan: codes and measures ---------------------------------------------------------------------------


def test_item_codes(henan):
    codes = henan.items
    for code in (
        "market.1.1",
        "market.1.21",
        "market.1.25",
        "market.2.16",
        "market.4.7",
        "market.5",
        "safety.1.9",
        "safety.3.9",
        "safety.4",
        "red.1.9",
        "red.5.5",
        "smart.5.6",
        "smart.6.1",
        "smart.7.3",
        "social.1",
        "social.4",
        "social.9",
    ):
        assert code in codes, code
    for code in ("market.5.1", "safety.4.1", "smart.6", "social.4.1", "market.1.26", "market.6", "social.10"):
        assert code not in codes, code
    assert all(re.fullmatch(r"(market|safety|red|smart|social)\.\d+(\.\d+)?", c) for c in codes)
    assert (
        len(codes) == 25 + 16 + 5 + 7 + 1 + 9 + 7 + 9 + 1 + 9 + 7 + 8 + 8 + 5 + 5 + 3 + 3 + 4 + 6 + 1 + 3 + 9
    )
    assert henan.sheet_key("smart.6.1") == "6.1"


def test_measures(henan):
    m = {x.key: x for x in henan.measures}
    assert list(m) == ["incentive", "regular", "supervision", "veto"]
    inc = m["incentive"]
    assert (inc.name, inc.article, inc.min_level, inc.max_level, inc.months) == (
        "激励措施",
        "第十五条第（一）项",
        3,
        None,
        12,
    )
    assert len(inc.items) == 4 and inc.items[0] == "鼓励招标单位在物业服务招标中作为参考依据"
    reg = m["regular"]
    assert (reg.name, reg.article, reg.min_level, reg.max_level) == ("常规化管理", "第十五条第（二）项", 1, 2)
    assert reg.items == ["实行常规化管理"]
    sup = m["supervision"]
    assert (sup.article, sup.min_level, sup.max_level, sup.vetoed) == ("第十五条第（三）项", 0, 0, False)
    assert len(sup.items) == 4
    veto = m["veto"]
    assert veto.article == "第十五条第（四）项" and veto.vetoed is True
    assert len(veto.items) == 5
    assert veto.items[3] == "支持业主委员会（物业管理委员会）依法依规重新选聘物业服务人"


# -- hulunbuir -------------------------------------------------------------------------------------------


def test_hulunbuir(hulunbuir):
    rb = hulunbuir
    assert rb.id == "hulunbuir" and rb.scheme == "grades" and rb.short_name == "呼伦贝尔市"
    assert rb.name == "关于建立健全呼伦贝尔市住宅物业服务企业评价和“红黑榜”制度的通知"
    assert rb.deadline_working_days == 7
    assert rb.categories == [] and rb.items == {}
    g = rb.grades
    assert [(p.key, p.name) for p in g.parts] == [
        ("street", "街道（乡镇）评价"),
        ("authority", "行政主管部门评价"),
    ]
    assert [(b.grade, b.min) for b in g.bands] == [
        ("AAA", 120),
        ("AA", 105),
        ("A", 90),
        ("B", 75),
        ("C", 60),
        ("D", None),
    ]
    assert g.publication_due_month == 2 and g.objection_working_days == 5


def test_hulunbuir_lists(hulunbuir):
    red, black = hulunbuir.grades.red_list, hulunbuir.grades.black_list
    assert (red.name, red.grade, red.min_conditions) == ("红榜", "AAA", 3)
    assert [c.number for c in red.conditions] == [1, 2, 3, 4, 5, 6]
    assert red.conditions[5].text == "该企业在行政区域内日常评价得分没有低于60分小区"
    assert len(red.measures) == 4
    assert (black.name, black.grade, black.min_conditions) == ("黑榜", "D", 1)
    assert [c.number for c in black.conditions] == list(range(1, 13))
    assert black.conditions[11].text == "有造成严重不良影响的其他行为的"
    assert black.removal_working_days == 5
    assert len(black.measures) == 6
    assert red.removal_working_days is None
