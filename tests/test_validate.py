"""Rules across record files (generator.day.validate), one hand-worked test per rule, positive and negative.

Every date below is worked out by hand from the measures (第七、十一、十三、十六、十七、二十条) and the State
Council holiday schedule; lines come from the edit each test makes to the mini tree (see conftest.py).
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import (
    E1,
    E2,
    E3,
    ENT1,
    EVAL,
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
    SHEET1,
    Tree,
)

from generator.day.validate import validate
from generator.records.load import uscc_problem
from generator.records.privacy import text_problems
from generator.records.problems import Problem
from generator.records.yamlload import load_yaml

D = dt.date


class Outcome:
    def __init__(self, problems: list[Problem], valid: bool) -> None:
        self.problems = problems
        self.valid = valid

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def has(self, rel: str, line: int, word: str, severity: str = "error") -> Problem:
        hits = [p for p in self.problems
                if p.path.endswith(rel) and p.line == line and p.severity == severity and word in p.message]
        got = "\n".join(p.text() for p in self.problems)
        assert hits, f"no {severity} in {rel}:{line} with {word!r}; got:\n{got}"
        return hits[0]

    def only(self, rel: str, line: int, word: str, severity: str = "error") -> Problem:
        """``has`` and nothing else of that severity."""
        found = self.has(rel, line, word, severity)
        same = [p for p in self.problems if p.severity == severity]
        assert same == [found], "\n".join(p.text() for p in same)
        return found

    def clean(self) -> None:
        assert self.problems == [], "\n".join(p.text() for p in self.problems)
        assert self.valid


def check(tree: Tree, as_of: str = "2026-11-22") -> Outcome:
    rs, problems = validate(tree.root, D.fromisoformat(as_of))
    return Outcome(problems, rs is not None)


def test_the_mini_tree_has_no_problem(tree: Tree) -> None:
    check(tree).clean()


# ---- identifiers: GB 32100-2015 written out independently of python-stdnum ------------------------------

GB32100_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
GB32100_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def gb32100_check(body: str) -> str:
    total = sum(GB32100_CHARS.index(c) * w for c, w in zip(body, GB32100_WEIGHTS, strict=True))
    return GB32100_CHARS[(31 - total % 31) % 31]


@pytest.mark.parametrize("code", [E1, E2, E3])
def test_fixture_usccs_carry_their_check_character(code: str) -> None:
    assert gb32100_check(code[:17]) == code[17]
    assert uscc_problem(code) is None


def test_uscc_problem_names_the_right_check_character() -> None:
    # 91410105MA9F3HX1K: weighted sum 2600, 2600 mod 31 = 27, 31 - 27 = 4
    assert gb32100_check("91410105MA9F3HX1K") == "4"
    message = uscc_problem("91410105MA9F3HX1K5")
    assert message is not None and "“4”" in message
    assert uscc_problem("91410105MA9F3HX1KI") is not None  # I is not in the character set
    assert uscc_problem("91410105MA9F3HX1") is not None  # 16 characters


# ---- platform, regions, authorities -------------------------------------------------------------------


def test_platform_operator_must_be_an_authority(tree: Tree) -> None:
    line = tree.replace("platform.yaml", 'operator: "410000"', 'operator: "410300"')  # a region, no authority
    check(tree).only("platform.yaml", line, "410300")


def test_region_without_a_listed_ancestor(tree: Tree) -> None:
    line = tree.append("regions.yaml", '"420105": 汉阳区\n')  # neither 420100 nor 420000 listed
    check(tree).only("regions.yaml", line, "420105")


def test_region_parent_is_the_nearest_listed_ancestor(tree: Tree) -> None:
    # 410202 (开封市龙亭区) without 410200: its parent is the province, like 419001 济源 — no problem
    tree.append("regions.yaml", '"410202": 龙亭区\n')
    check(tree).clean()


def test_authority_region_must_be_listed(tree: Tree) -> None:
    line = tree.append("authorities.yaml", '- code: "410200"\n  name: 开封市住建局\n  level: city\n')
    check(tree).only("authorities.yaml", line, "410200")


def test_street_code_needs_level_street(tree: Tree) -> None:
    tree.replace("authorities.yaml", "  level: street", "  level: county")
    line = tree.line_of("authorities.yaml", '"410105001"') + 2
    check(tree).only("authorities.yaml", line, "street")


def test_six_digit_code_cannot_be_a_street(tree: Tree) -> None:
    line = tree.append("authorities.yaml", '- code: "410302"\n  name: 老城区某街道办事处\n  level: street\n')
    check(tree).only("authorities.yaml", line, "9 位")


def test_province_code_needs_level_province(tree: Tree) -> None:
    line = tree.replace("authorities.yaml", "  level: province", "  level: city")
    check(tree).only("authorities.yaml", line, "province")


def test_duplicate_authority(tree: Tree) -> None:
    line = tree.append("authorities.yaml", '- code: "410103"\n  name: 二七区住建局\n  level: county\n')
    check(tree).only("authorities.yaml", line, "重复")


# ---- enterprises --------------------------------------------------------------------------------------


def test_registered_region_must_be_listed(tree: Tree) -> None:
    line = tree.replace(ENT1, 'registered_region: "410105"', 'registered_region: "410106"')
    check(tree).only(ENT1, line, "410106")


def test_current_name_among_former_names(tree: Tree) -> None:
    line = tree.replace(ENT1, "[郑州恒信物业管理有限公司]", "[郑州恒信物业服务有限公司]")
    check(tree).only(ENT1, line, "曾用名")


def test_duplicate_project_id(tree: Tree) -> None:
    line = tree.replace(ENT1, "  - id: old-yard", "  - id: hengxin-garden")
    check(tree).only(ENT1, line, "hengxin-garden")


def test_manager_must_be_a_person(tree: Tree) -> None:
    line = tree.replace(ENT1, "  - person: P-410105-0002", "  - person: P-410105-0003")
    check(tree).only(ENT1, line, "P-410105-0003")


def test_project_until_before_since(tree: Tree) -> None:
    line = tree.replace(ENT1, "    until: 2020-06-30", "    until: 2013-06-30")
    # the model refuses it; the problem points into the project
    out = check(tree)
    assert not out.valid
    assert any(
        p.path.endswith(ENT1) and line - 5 <= p.line <= line and "until" in p.message for p in out.errors
    )


def test_a_broken_enterprise_is_not_also_reported_missing(tree: Tree) -> None:
    line = tree.replace(ENT1, "established: 2012-05-08", "established: 2012-5-8")
    out = check(tree)
    out.only(ENT1, line, "YYYY-MM-DD")  # and not "没有对应的 enterprises/…" in every record about it


# ---- credit records: subject, recorder, dates ---------------------------------------------------------


def test_person_subject_cannot_have_a_project(tree: Tree) -> None:
    line = tree.insert_after(R6, "subject: P-410105-0001", "project: hengxin-garden\n")
    check(tree).only(R6, line, "project")


def test_enterprise_not_found(tree: Tree) -> None:
    shutil.rmtree(tree.path("evaluations"))
    tree.path(ENT1).unlink()
    out = check(tree)
    for rel in (R1, R2, R5, "credit/2026/410105001-2026-0001.yaml"):
        out.has(rel, 1, f"enterprises/{E1}.yaml")
    assert len(out.errors) == 4


def test_project_of_another_enterprise(tree: Tree) -> None:
    line = tree.replace(R1, "project: hengxin-garden", "project: anju-yuan")  # 安居苑 belongs to E2
    check(tree).only(R1, line, "anju-yuan")


def test_learned_before_effective(tree: Tree) -> None:
    line = tree.insert_after(R1, "effective: 2026-03-02", "  learned: 2026-02-27\n")
    check(tree).only(R1, line, "learned")


def test_learned_after_entered(tree: Tree) -> None:
    line = tree.insert_after(R1, "effective: 2026-03-02", "  learned: 2026-03-06\n")
    check(tree).only(R1, line, "learned")


# ---- items, classes and points (第十条, 附件1–2) ---------------------------------------------------------


def test_class_a_on_an_a_item_is_fine(tree: Tree) -> None:
    tree.replace(R1, "item: market.1.21", "item: market.1.3")
    tree.replace(R1, "class: B", "class: A")
    check(tree).clean()


def test_veto_item_counts_once(tree: Tree) -> None:
    tree.replace(R1, "item: market.1.21", "item: market.1.3")
    tree.replace(R1, "class: B", "class: A")
    line = tree.replace(R1, "count: 1", "count: 2")
    check(tree).only(R1, line, "count")


def test_safety_1_1_is_class_a_only(tree: Tree) -> None:
    tree.replace(R3, "item: safety.3.2", "item: safety.1.1")
    line = tree.line_of(R3, "class: B")
    check(tree).only(R3, line, "A")


def test_safety_1_2_veto_may_be_class_b(tree: Tree) -> None:
    # 附件2 一 1.2 and 1.3 are 一票否决 items of the category but not 第十条 behaviours: B is allowed
    tree.replace(R3, "item: safety.3.2", "item: safety.1.2")
    check(tree).clean()


@pytest.mark.parametrize(("points", "ok"), [(2, False), (3, True), (10, True), (11, False)])
def test_safety_4_points_range(tree: Tree, points: int, ok: bool) -> None:
    tree.replace(R3, "item: safety.3.2", "item: safety.4")
    line = tree.insert_after(R3, "item: safety.4", f"points: {points}\n")
    out = check(tree)
    if ok:
        out.clean()
    else:
        out.only(R3, line, "3–10")


def test_bad_record_on_a_bonus_item(tree: Tree) -> None:
    line = tree.replace(R1, "item: market.1.21", "item: social.4")
    check(tree).only(R1, line, "加分项")


def test_bad_record_on_a_checklist_item(tree: Tree) -> None:
    line = tree.replace(R1, "item: market.1.21", "item: red.1.1")
    check(tree).only(R1, line, "加分项")


def test_bad_record_needs_a_class(tree: Tree) -> None:
    tree.delete_line(R1, "class: B")
    line = tree.line_of(R1, "kind: bad")
    check(tree).only(R1, line, "class")


# ---- good records -------------------------------------------------------------------------------------


def test_good_social_needs_an_item_number(tree: Tree) -> None:
    line = tree.replace(R5, "item: market", "item: social")  # 附件5 has no award bonus
    check(tree).only(R5, line, "social.1")


def test_good_record_on_a_deduction_item(tree: Tree) -> None:
    line = tree.replace(R5, "item: market", "item: market.1.21")
    check(tree).only(R5, line, "market.1.21")


@pytest.mark.parametrize("category", ["market", "safety", "red", "smart", "social.1", "social.9"])
def test_good_record_items(tree: Tree, category: str) -> None:
    tree.replace(R5, "item: market", f"item: {category}")
    check(tree).clean()


@pytest.mark.parametrize(
    ("anchor", "insert", "word"),
    [
        ("kind: good", "points: 2\n", "points"),
        ("  effective: 2026-05-20", "  kind: order\n", "decision.kind"),
        ("entered: 2026-05-22", "notified: 2026-05-21\n", "notified"),
        ("entered: 2026-05-22", "refuses_correction: true\n", "refuses_correction"),
        ("entered: 2026-05-22", "extensions:\n  - {decided: 2029-05-01, months: 6, reason: 延长}\n", "延长"),
        ("entered: 2026-05-22", "repair:\n  applied: 2026-06-01\n", "修复"),
    ],
)
def test_fields_a_good_record_cannot_have(tree: Tree, anchor: str, insert: str, word: str) -> None:
    line = tree.insert_after(R5, anchor, insert)
    check(tree).only(R5, line, word)


def test_good_record_from_a_court(tree: Tree) -> None:
    line = tree.replace(R5, "  level: city", "  level: court")
    check(tree).only(R5, line, "national")


def test_deed_on_a_bad_record(tree: Tree) -> None:
    line = tree.append(R1, "deed: hx-2026-model\n")
    check(tree).only(R1, line, "deed")


GOOD_SAFETY = """\
subject: 91410105MA9F3HX1K4
kind: good
item: {item}
summary: 获评河南省物业安全管理示范项目
decision:
  authority: 河南省住房和城乡建设厅
  level: province
  document: 豫建〔2026〕第7号
  effective: 2026-06-10
recorder: "410105"
entered: 2026-06-12
deed: hx-2026-model
"""


def test_one_deed_in_two_categories(tree: Tree) -> None:
    rel = "credit/2026/410105-2026-0009.yaml"
    tree.write(rel, GOOD_SAFETY.format(item="safety"))
    check(tree).only(rel, 12, "hx-2026-model")  # 410105-2026-0003 already counts it for market


def test_one_deed_at_two_levels_in_one_category(tree: Tree) -> None:
    tree.write("credit/2026/410105-2026-0009.yaml", GOOD_SAFETY.format(item="market"))
    check(tree).clean()  # counted once, at its highest (that is the rating's business, not an error)


# ---- the decision and the disclosure period (第十一条) ---------------------------------------------------


def test_bad_record_needs_a_decision_kind(tree: Tree) -> None:
    tree.delete_line(R1, "  kind: penalty")
    line = tree.line_of(R1, "decision:")
    check(tree).only(R1, line, "decision.kind")


def test_judgment_comes_from_a_court(tree: Tree) -> None:
    tree.replace(R1, "  kind: penalty", "  kind: judgment")
    line = tree.line_of(R1, "  level: county")
    check(tree).only(R1, line, "court")


def test_court_gives_judgments(tree: Tree) -> None:
    tree.replace(R1, "  level: county", "  level: court")
    line = tree.line_of(R1, "  kind: penalty")
    check(tree).only(R1, line, "judgment")


def test_judgment_by_a_court_is_fine(tree: Tree) -> None:
    tree.replace(R1, "  level: county", "  level: court")
    tree.replace(R1, "  kind: penalty", "  kind: judgment")
    check(tree).clean()


def test_refuses_correction_is_for_class_c(tree: Tree) -> None:
    line = tree.append(R1, "refuses_correction: true\n")
    check(tree).only(R1, line, "C 类")


def test_b_record_needs_disclosure_months(tree: Tree) -> None:
    tree.delete_line(R1, "disclosure_months: 12")
    line = tree.line_of(R1, "kind: bad")
    check(tree).only(R1, line, "disclosure_months")


def test_c_record_not_refusing_needs_no_period(tree: Tree) -> None:
    # not public at all (第十一条), so no period to set
    tree.delete_line(R4, "refuses_correction: true")
    tree.delete_line(R4, "disclosure_months: 6")
    tree.replace(R4, "extensions:\n  - decided: 2026-03-20\n    months: 6\n    reason: 有效期满仍拒不纠正\n",
                 "")
    check(tree).clean()


def test_c_record_refusing_needs_a_period(tree: Tree) -> None:
    tree.delete_line(R4, "disclosure_months: 6")
    line = tree.line_of(R4, "kind: bad")
    check(tree).only(R4, line, "disclosure_months")


def test_extension_of_a_c_record_not_refusing(tree: Tree) -> None:
    tree.delete_line(R4, "refuses_correction: true")
    line = tree.line_of(R4, "extensions:")
    check(tree).only(R4, line, "refuses_correction")


@pytest.mark.parametrize(("months", "ok"), [(2, False), (3, True), (6, True), (7, False)])
def test_c_record_period_bounds(tree: Tree, months: int, ok: bool) -> None:
    tree.replace(R4, "  - decided: 2026-03-20", "  - decided: 2025-11-20")  # within the shortest period
    line = tree.replace(R4, "disclosure_months: 6", f"disclosure_months: {months}")
    out = check(tree)
    if ok:
        out.clean()
    else:
        out.only(R4, line, "3–6")


@pytest.mark.parametrize(("months", "ok"), [(3, True), (36, True), (37, False)])
def test_b_record_period_bounds(tree: Tree, months: int, ok: bool) -> None:
    line = tree.replace(R1, "disclosure_months: 12", f"disclosure_months: {months}")
    out = check(tree)
    if ok:
        out.clean()
    else:
        out.only(R1, line, "3–36")


def test_period_not_shorter_than_the_penalty(tree: Tree) -> None:
    tree.insert_after(R1, "  effective: 2026-03-02", "  penalty_months: 12\n")
    check(tree).clean()  # 12 ≥ 12


@pytest.mark.parametrize("domain", ["special_equipment", "work_safety", "fire"])
def test_safety_domain_penalty_needs_a_year(tree: Tree, domain: str) -> None:
    tree.replace(R3, "  domain: fire", f"  domain: {domain}")
    line = tree.replace(R3, "disclosure_months: 12", "disclosure_months: 11")
    check(tree).only(R3, line, "12 个月")


def test_safety_domain_order_is_not_a_penalty(tree: Tree) -> None:
    # 最短公示期1年 is for 行政处罚信息 only: an order (责令限期改正) in the fire domain may be shorter
    tree.replace(R3, "  kind: penalty", "  kind: order")
    tree.delete_line(R3, "  penalty_months: 6")
    tree.replace(R3, "disclosure_months: 12", "disclosure_months: 6")
    check(tree).clean()


def test_extensions_up_to_exactly_five_years(tree: Tree) -> None:
    # 36 + 24 = 60 months: 有效期总计不超过 5 年 — allowed
    tree.replace(R1, "disclosure_months: 12", "disclosure_months: 36")
    tree.append(R1, "extensions:\n  - decided: 2029-02-20\n    months: 24\n    reason: 拒不纠正\n")
    check(tree).clean()


def test_c_extensions_beyond_five_years(tree: Tree) -> None:
    # 6 + 6 + 49 = 61
    line = tree.line_of(R4, "extensions:")
    tree.append(R4, "  - decided: 2026-09-20\n    months: 49\n    reason: 仍拒不纠正\n")
    check(tree).only(R4, line, "61")


@pytest.mark.parametrize(("decided", "ok"), [("2026-03-26", True), ("2026-03-27", False), ("2026-09-01", False)])
def test_extension_decided_after_expiry(tree: Tree, decided: str, ok: bool) -> None:
    """R4: effective 2025-09-26 + 6 months → public through 2026-03-26 (民法典 第二百零二条). An extension
    decided after that day would bring archived information back online: refused (第十一条, our reading)."""
    line = tree.replace(R4, "  - decided: 2026-03-20", f"  - decided: {decided}")
    out = check(tree, as_of="2026-09-10")
    if ok:
        out.clean()
    else:
        out.only(R4, line, "2026-03-26")


def test_second_extension_counts_from_the_first(tree: Tree) -> None:
    # 6 + 6 months → through 2026-09-26; a second extension decided on 09-26 is in time, on 09-27 it is not
    tree.append(R4, "  - decided: 2026-09-26\n    months: 3\n    reason: 仍拒不纠正\n")
    check(tree, as_of="2026-09-10").clean()
    line = tree.replace(R4, "  - decided: 2026-09-26", "  - decided: 2026-09-27")
    check(tree, as_of="2026-09-10").only(R4, line, "2026-09-26")


@pytest.mark.parametrize(("months", "ok"), [(48, True), (49, False)])
def test_longer_penalty_allows_a_longer_period(tree: Tree, months: int, ok: bool) -> None:
    """第十一条: 3 months to 3 years, 并不得低于相关行政处罚期限 — a 48-month penalty may be disclosed for 48."""
    tree.insert_after(R1, "  effective: 2026-03-02", "  penalty_months: 48\n")
    line = tree.replace(R1, "disclosure_months: 12", f"disclosure_months: {months}")
    out = check(tree)
    if ok:
        out.clean()
    else:
        assert "3–48" in out.only(R1, line, "第十一条").message


def test_longer_penalty_with_extensions_stays_within_five_years(tree: Tree) -> None:
    tree.insert_after(R1, "  effective: 2026-03-02", "  penalty_months: 48\n")
    tree.replace(R1, "disclosure_months: 12", "disclosure_months: 48")
    line = tree.append(R1, "extensions:\n  - decided: 2030-03-01\n    months: 13\n    reason: 拒不纠正\n")
    check(tree).only(R1, line, "61")


def test_extension_decided_before_effective(tree: Tree) -> None:
    line = tree.replace(R4, "  - decided: 2026-03-20", "  - decided: 2025-09-25")
    check(tree).only(R4, line, "延长")


def test_extensions_out_of_order(tree: Tree) -> None:
    line = tree.append(R4, "  - decided: 2026-03-19\n    months: 3\n    reason: 仍拒不纠正\n")
    check(tree).only(R4, line, "延长")


# ---- repair (第十六条) ---------------------------------------------------------------------------------


def test_repair_applied_before_effective(tree: Tree) -> None:
    line = tree.replace(R2, "  applied: 2026-06-01", "  applied: 2026-04-07")
    check(tree).only(R2, line, "修复")


def test_repair_decision_needs_an_outcome(tree: Tree) -> None:
    tree.delete_line(R2, "  outcome: approved")
    line = tree.line_of(R2, "repair:")
    check(tree).only(R2, line, "outcome")


def test_repair_pending_past_seven_working_days_is_a_warning(tree: Tree) -> None:
    tree.delete_line(R2, "  decided: 2026-06-05")
    tree.delete_line(R2, "  outcome: approved")
    line = tree.line_of(R2, "  applied: 2026-06-01")
    # applied Mon 2026-06-01 → 2, 3, 4, 5, 8, 9, 10: due 2026-06-10
    check(tree, as_of="2026-06-10").clean()
    out = check(tree, as_of="2026-06-11")
    assert out.valid and not out.errors
    out.only(R2, line, "2026-06-10", "warning")


# ---- objections (第十七条) and withdrawal ---------------------------------------------------------------


def test_objection_filed_before_effective(tree: Tree) -> None:
    line = tree.replace(R1, "  - filed: 2026-03-10", "  - filed: 2026-02-27")
    check(tree).only(R1, line, "异议")


def test_objections_in_order(tree: Tree) -> None:
    line = tree.append(R1, "  - filed: 2026-03-09\n    resolved: 2026-03-12\n    outcome: upheld\n")
    check(tree).only(R1, line, "先后")


def test_objection_resolved_needs_an_outcome(tree: Tree) -> None:
    tree.delete_line(R1, "    outcome: upheld")
    line = tree.line_of(R1, "  - filed: 2026-03-10")
    check(tree).only(R1, line, "outcome")


def test_nothing_after_a_revoking_objection(tree: Tree) -> None:
    line = tree.replace(R1, "    outcome: upheld", "    outcome: revoked")
    tree.append(R1, "  - filed: 2026-04-01\n    resolved: 2026-04-03\n    outcome: upheld\n")
    check(tree).only(R1, line, "revoked")


def test_two_pending_objections(tree: Tree) -> None:
    tree.append(R3, "  - filed: 2026-11-19\n")
    line = tree.line_of(R3, "objections:")
    check(tree).only(R3, line, "未处理完")


def test_pending_objection_overdue_is_a_warning(tree: Tree) -> None:
    # 410103-2026-0001: objection filed Wed 2026-11-18, pending → Thu 19, Fri 20, Mon 23, 24, 25, 26, Fri 27
    line = tree.line_of(R3, "  - filed: 2026-11-18")
    check(tree, as_of="2026-11-27").clean()
    out = check(tree, as_of="2026-11-28")
    assert out.valid
    out.only(R3, line, "2026-11-27", "warning")


def test_withdrawn_before_effective(tree: Tree) -> None:
    line = tree.append(R1, "withdrawn:\n  date: 2026-03-01\n  reason: 行政复议撤销\n") + 1
    check(tree).only(R1, line, "撤销")


def test_withdrawn_later_is_fine(tree: Tree) -> None:
    tree.append(R1, "withdrawn:\n  date: 2026-04-01\n  reason: 行政复议撤销\n")
    check(tree).clean()


# ---- entry within 7 working days (第七条): warnings, not errors -----------------------------------------


def test_entry_on_the_seventh_working_day_is_on_time(tree: Tree) -> None:
    # 410103-2025-0001: effective Fri 2025-09-26, entered 2025-10-13 = the 7th working day (DESIGN §4)
    assert "entered: 2025-10-13" in tree.text(R4)
    check(tree).clean()


def test_entry_on_the_eighth_working_day_is_late(tree: Tree) -> None:
    line = tree.replace(R4, "entered: 2025-10-13", "entered: 2025-10-14")
    out = check(tree)
    assert out.valid
    out.only(R4, line, "2025-10-13", "warning")


def test_late_entry_across_dragon_boat(tree: Tree) -> None:
    # effective Mon 2026-06-15 → 16, 17, 18, (19 端午 off), 22, 23, 24, 25: due 2026-06-25
    tree.replace(R6, "entered: 2026-06-17", "entered: 2026-06-25")
    check(tree).clean()
    line = tree.replace(R6, "entered: 2026-06-25", "entered: 2026-06-26")
    check(tree).only(R6, line, "2026-06-25", "warning")


def test_entry_counts_from_learned(tree: Tree) -> None:
    # effective Mon 2026-05-11: due 12, 13, 14, 15, 18, 19, 20 → 2026-05-20; entered 2026-05-29 is late …
    line = tree.replace(R3, "entered: 2026-05-14", "entered: 2026-05-29")
    check(tree).only(R3, line, "2026-05-20", "warning")
    # … unless the recorder learned of it on Wed 2026-05-20: 21, 22, 25, 26, 27, 28, 29 → due 2026-05-29
    tree.insert_after(R3, "  effective: 2026-05-11", "  learned: 2026-05-20\n")
    check(tree).clean()


def test_late_entry_of_a_good_record(tree: Tree) -> None:
    # effective Wed 2026-05-20 → 21, 22, 25, 26, 27, 28, 29: due 2026-05-29
    line = tree.replace(R5, "entered: 2026-05-22", "entered: 2026-06-01")
    check(tree).only(R5, line, "2026-05-29", "warning")


def test_warnings_do_not_fail_the_command(tree: Tree, run_validate) -> None:
    l1 = tree.replace(R4, "entered: 2025-10-13", "entered: 2025-10-14")
    l2 = tree.line_of(R3, "  - filed: 2026-11-18")
    res = run_validate(tree.root, as_of="2026-11-28")
    assert res.code == 0, res.out + res.err
    assert res.errors == []
    assert {(w.path.split("records/")[-1], w.line) for w in res.warnings} == {(R4, l1), (R3, l2)}
    res.find(R3, l2, "2026-11-27", "warning")
    res.find(R4, l1, "2025-10-13", "warning")
    assert "2 条警告" in res.err


# ---- records/calendar.yaml (DESIGN §4) -----------------------------------------------------------------


CALENDAR_2027 = (
    "# 2027 (illustrative): New Year's Day off\n"
    '"2027":\n  holidays: [2027-01-01]\n  workdays: []\n'
)


def test_unknown_year_is_a_warning_naming_it(tree: Tree) -> None:
    """DESIGN §9: a nightly build never fails for want of a future year's calendar; the overdue check
    says what it cannot tell and which year to add."""
    line = tree.replace(R3, "  - filed: 2026-11-18", "  - filed: 2026-12-28")
    out = check(tree, as_of="2027-01-10")
    assert out.valid
    found = out.only(R3, line, "2027", "warning")
    assert "calendar.yaml" in found.message


def test_records_calendar_supplies_the_year(tree: Tree) -> None:
    line = tree.replace(R3, "  - filed: 2026-11-18", "  - filed: 2026-12-28")
    tree.write("calendar.yaml", CALENDAR_2027)
    # Mon 2026-12-28 → 29, 30, 31, (Jan 1 off), 4, 5, 6, 7: due 2027-01-07
    check(tree, as_of="2027-01-07").clean()
    check(tree, as_of="2027-01-08").only(R3, line, "2027-01-07", "warning")


def test_calendar_dates_in_another_year(tree: Tree) -> None:
    tree.write("calendar.yaml", '"2027":\n  holidays: [2027-01-01, 2028-01-03]\n')
    check(tree).only("calendar.yaml", 1, "2028-01-03")


# ---- evaluations (第十三条) ----------------------------------------------------------------------------


def test_evaluation_by_an_unknown_authority(tree: Tree) -> None:
    tree.path(SHEET1).unlink()
    tree.move("evaluations/2026/410105", "evaluations/2026/410302")  # 老城区 is a region without an authority
    check(tree).only("evaluations/2026/410302/evaluation.yaml", 1, "410302")


def test_cutoff_in_another_year(tree: Tree) -> None:
    line = tree.replace(EVAL, "cutoff: 2026-12-10", "cutoff: 2025-12-10")
    check(tree).only(EVAL, line, "2026")


def test_published_before_cutoff(tree: Tree) -> None:
    line = tree.replace(EVAL, "published: 2026-12-15", "published: 2026-12-09")
    check(tree).only(EVAL, line, "cutoff")


def test_notice_until_defaults(tree: Tree) -> None:
    tree.delete_line(EVAL, "notice_until: 2026-12-24")
    check(tree).clean()


def test_notice_until_longer_is_fine(tree: Tree) -> None:
    tree.replace(EVAL, "notice_until: 2026-12-24", "notice_until: 2026-12-31")
    check(tree).clean()


def test_henan_rating_after_the_year_end(tree: Tree) -> None:
    tree.delete_line(EVAL, "notice_until: 2026-12-24")
    line = tree.replace(EVAL, "published: 2026-12-15", "published: 2027-01-05")
    out = check(tree)  # the notice period needs 2027's schedule: a warning, the rating stays 公示中
    assert out.valid
    out.has(EVAL, line, "2027 年的法定节假日安排尚未知道", "warning")
    out.has(EVAL, line, "12 月 31 日", "warning")
    tree.write("calendar.yaml", CALENDAR_2027)
    out = check(tree)
    assert out.valid
    out.only(EVAL, line, "12 月 31 日", "warning")


def test_sheet_for_an_unknown_enterprise(tree: Tree) -> None:
    tree.path(f"enterprises/{E3}.yaml").unlink()
    rel = f"evaluations/2026/410105/{E3}.yaml"
    tree.write(rel, 'red:\n  "1.1": 0\n')
    check(tree).only(rel, 1, f"enterprises/{E3}.yaml")


def test_sheet_of_a_county_city(tree: Tree) -> None:
    # 济源 (419001) enterprise without projects: its registered county-level city rates it
    rel = f"evaluations/2026/410105/{E3}.yaml"
    tree.write(rel, 'red:\n  "1.1": 0\n')
    check(tree).only(rel, 1, "419001")


def test_sheet_scope_counts_only_projects_active_at_cutoff(tree: Tree) -> None:
    # old-yard (二七区) ended 2020: 恒信 is rated by 金水区 alone. Were it still managed, two counties of one
    # city → the city (410100) rates it, and the sheet under 410105 is misplaced.
    tree.delete_line(ENT1, "    until: 2020-06-30")
    check(tree).only(SHEET1, 1, "410100")


def test_a_street_office_does_not_rate(tree: Tree) -> None:
    # 第十三条: county, city or province authorities rate; the street office 410105001 shares 金水区's first
    # six digits but is not 金水区's authority
    tree.move("evaluations/2026/410105", "evaluations/2026/410105001")
    check(tree).only(f"evaluations/2026/410105001/{E1}.yaml", 1, "410105")


def test_sheet_for_the_city(tree: Tree) -> None:
    tree.delete_line(ENT1, "    until: 2020-06-30")
    tree.move("evaluations/2026/410105", "evaluations/2026/410100")
    check(tree).clean()


def test_sheet_for_the_province(tree: Tree) -> None:
    # 91410103MA4BC2R7TC manages 安居苑 (郑州二七区) and 老城苑 (洛阳老城区): two cities → the province
    tree.write(f"evaluations/2026/410000/{E2}.yaml", 'red:\n  "1.1": 0\n')
    tree.write("evaluations/2026/410000/evaluation.yaml", "cutoff: 2026-12-10\npublished: 2026-12-15\n")
    check(tree).clean()


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        ("1.2", "5", True),  # red 1.2: 5 points, 1 per missing part → 5 parts at most
        ("1.2", "6", False),
        ("1.3", "2", True),  # red 1.3: 2 points
        ("1.3", "3", False),
        ("1.2", "absent", True),
        ("1.2", "{full: 1}", False),  # a community mark on a parts item
        ("6.1", "0", False),  # red has no section 6
    ],
)
def test_red_sheet_values(tree: Tree, key: str, value: str, ok: bool) -> None:
    tree.delete_line(SHEET1, '  "1.2": 1')
    line = tree.insert_after(SHEET1, "red:", f'  "{key}": {value}\n')
    out = check(tree)
    if ok:
        out.clean()
    else:
        out.only(SHEET1, line, key)


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        ("1.2", "4", True),  # smart 1.x: 2 points, 0.5 per missing part → 4 parts at most
        ("1.2", "5", False),
        ("6.1", "0", True),  # smart 六 numbers its item: 6.1
        ("5.2", "{full: 0, partial: 1}", True),  # one community managed at the cutoff
        ("5.2", "{full: 1, partial: 1}", False),  # two communities: more than it manages
        ("5.2", "1", False),  # a community item needs {full, partial}
        ("7.1", "3", False),  # a results item needs {count: N}
        ("7.1", "{count: 5}", True),
        ("8.1", "0", False),  # smart has 7 sections
    ],
)
def test_smart_sheet_values(tree: Tree, key: str, value: str, ok: bool) -> None:
    tree.delete_line(SHEET1, '  "7.1": {count: 2}')
    line = tree.insert_after(SHEET1, "smart:", f'  "{key}": {value}\n')
    out = check(tree)
    if ok:
        out.clean()
    else:
        out.only(SHEET1, line, key)


# ---- hulunbuir (seed 002) -----------------------------------------------------------------------------

HULUNBUIR_SHEET = """\
scores:
  street: 62
  authority: 64
red_conditions: [1, 3, 4]
black_conditions: []
"""


@pytest.fixture
def hlb(tree: Tree) -> Tree:
    """The mini tree under the hulunbuir rulebook: no credit records, one grade sheet."""
    tree.replace("platform.yaml", "rulebook: henan", "rulebook: hulunbuir")
    shutil.rmtree(tree.path("credit"))
    tree.write(SHEET1, HULUNBUIR_SHEET)
    return tree


def test_hulunbuir_tree_is_valid(hlb: Tree) -> None:
    check(hlb).clean()


def test_hulunbuir_sheet_refuses_henan_keys_without_suggesting_them(hlb: Tree) -> None:
    hlb.write(SHEET1, HULUNBUIR_SHEET + 'red:\n  "1.1": 0\n')
    problem = check(hlb).has(SHEET1, 6, "red")
    assert "是否想写" not in problem.message


@pytest.mark.parametrize(
    ("old", "new", "word"),
    [
        ("red_conditions: [1, 3, 4]", "red_conditions: [1, 3, 7]", "1–6"),
        ("black_conditions: []", "black_conditions: [13]", "1–12"),
        ("red_conditions: [1, 3, 4]", "red_conditions: [1, 3, 3]", "重复"),
        ("black_conditions: []", "black_conditions: []\nsevere: true", "severe"),
    ],
)
def test_hulunbuir_conditions(hlb: Tree, old: str, new: str, word: str) -> None:
    line = hlb.replace(SHEET1, old, new) + (1 if new.endswith("severe: true") else 0)
    check(hlb).only(SHEET1, line, word)


def test_hulunbuir_red_removed_before_published(hlb: Tree) -> None:
    line = hlb.append(SHEET1, "red_removed:\n  date: 2026-12-14\n  reason: 发生重大投诉\n") + 1
    check(hlb).only(SHEET1, line, "公示")


def test_hulunbuir_black_repair_before_published(hlb: Tree) -> None:
    hlb.replace(SHEET1, "black_conditions: []", "black_conditions: [7]")
    line = hlb.append(SHEET1, "black_repair:\n  approved: 2026-12-01\n") + 1
    check(hlb).only(SHEET1, line, "公示")


def test_hulunbuir_notice_cites_the_notice_not_the_henan_measures(hlb: Tree) -> None:
    # 四: companies object within 5 working days: after Tue 2026-12-15 that is 16, 17, 18, 21, 22 December
    line = hlb.replace(EVAL, "notice_until: 2026-12-24", "notice_until: 2026-12-21")
    problem = check(hlb).only(EVAL, line, "公示期不少于 5 个工作日（通知四）：notice_until 不得早于 2026-12-22")
    assert "第十三条" not in problem.message


def test_hulunbuir_publication_due_end_of_february(hlb: Tree) -> None:
    # 三：于下一年度2月底前通过网络对外公示 — for 2026: by 2027-02-28
    hlb.write("calendar.yaml", CALENDAR_2027)
    hlb.delete_line(EVAL, "notice_until: 2026-12-24")
    hlb.replace(EVAL, "published: 2026-12-15", "published: 2027-02-26")
    check(hlb).clean()
    line = hlb.replace(EVAL, "published: 2027-02-26", "published: 2027-03-01")
    check(hlb).only(EVAL, line, "2027-02-28", "warning")


# ---- privacy and spreadsheet safety at the door (第九条, DESIGN §9) --------------------------------------


def text_findings(yaml_text: str) -> list[tuple[int, str]]:
    loaded = load_yaml(yaml_text)
    return sorted((p.line, p.message) for p in text_problems("x.yaml", loaded.lines))


@pytest.mark.parametrize(
    "text",
    [
        "summary: 对 91410105MA9F3HX1K4 责令改正\n",  # a USCC is 18 characters too, but not an identity card
        "summary: 文书 12345678901234567 号\n",  # 17 digits that are no identity number (no region, no date)
        'hotline: "0371-65550000"\n',
        'hotline: "400-800-1234"\n',
        "points: -3\n",  # a number, not text
        "summary: 处罚 3-5 日\n",
        "document: 金建罚决字〔2026〕第12号\n",
    ],
)
def test_no_false_alarms(text: str) -> None:
    assert text_findings(text) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("a: x\nsummary: 身份证 11010519491231002x 的当事人\n", "身份证"),  # lower-case x
        ("a: x\nsummary: 联系 +86 138 1234 5678\n", "手机"),
        ("a: x\nsummary: 联系 138-1234-5678\n", "手机"),
        ("a: x\nsummary: '+起诉'\n", "公式"),
        ("a: x\nsummary: '-处罚'\n", "公式"),
        ("a: x\nsummary: '@某某'\n", "公式"),
        ('a: x\nsummary: "\\t处罚"\n', "公式"),
        ("a: x\nlist:\n  - =1+1\n", "公式"),
    ],
)
def test_alarms_point_at_the_line(text: str, word: str) -> None:
    found = text_findings(text)
    assert len(found) == 1 and found[0][0] == (3 if "list" in text else 2) and word in found[0][1], found


# --- 第十三条: one rating authority per enterprise and year ------------------------------------------------


def test_two_evaluations_of_one_year_may_not_both_claim_an_enterprise(tree, run_validate) -> None:
    # E1 manages hengxin-garden in 金水区 (410105). Give it a 二七区 project from 2026-12-01. The 金水区
    # evaluation's cutoff is moved to 2026-11-20 (only 金水区 active → the county rates it); a 郑州市 (410100)
    # evaluation with cutoff 2026-12-10 sees 金水区 + 二七区 → one city → the city rates it too. Two claims.
    tree.replace(EVAL, "cutoff: 2026-12-10", "cutoff: 2026-11-20")
    text = tree.text(ENT1)
    anchor = "projects:\n"
    assert anchor in text
    tree.write(ENT1, text.replace(anchor, anchor + "  - id: erqi-new\n    name: 新二七项目\n    region: \"410103\"\n"
                                  "    address: 郑州市二七区某路1号\n    since: 2026-12-01\n", 1))
    tree.write("evaluations/2026/410100/evaluation.yaml",
               "cutoff: 2026-12-10\npublished: 2026-12-15\nnotice_until: 2026-12-24\n")
    res = run_validate(tree.root)
    assert res.code == 1
    assert any("重复评定" in p.message and p.path.endswith("evaluation.yaml") for p in res.errors), res.out


def test_evaluations_with_one_cutoff_never_claim_twice(tree, run_validate) -> None:
    # Same project change, but both evaluations cut off on 2026-12-10: 金水区 + 二七区 are active for both,
    # so only the city (410100) claims E1; the county evaluation no longer rates it. Valid — but E1's red/smart
    # sheet sits under 410105, which is now the wrong authority, so move it to 410100.
    text = tree.text(ENT1)
    anchor = "projects:\n"
    tree.write(ENT1, text.replace(anchor, anchor + "  - id: erqi-new\n    name: 新二七项目\n    region: \"410103\"\n"
                                  "    address: 郑州市二七区某路1号\n    since: 2026-12-01\n", 1))
    tree.write("evaluations/2026/410100/evaluation.yaml",
               "cutoff: 2026-12-10\npublished: 2026-12-15\nnotice_until: 2026-12-24\n")
    tree.move(SHEET1, f"evaluations/2026/410100/{E1}.yaml")
    res = run_validate(tree.root)
    assert res.code == 0, res.out
