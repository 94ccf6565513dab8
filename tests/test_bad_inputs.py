"""A corpus of bad inputs: each test copies the valid mini tree, breaks one thing, runs ``credit validate``
and checks that it fails (exit 1) naming the broken file, the line that was broken and the right reason —
never with a traceback.

Line numbers come from the edit itself (the line the test changed), never from the validator's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import (
    E1,
    ENT1,
    ENT2,
    ENT3,
    EVAL,
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
    R7,
    SHEET1,
    Result,
    Tree,
    run_validate_process,
)


def fails_at(result: Result, rel: str, line: int, word: str) -> None:
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.out + result.err
    result.find(rel, line, word)


def test_mini_tree_is_valid(tree: Tree, run_validate) -> None:
    """The base every bad input starts from: valid and without warnings as of 2026-11-22."""
    res = run_validate(tree.root)
    assert res.code == 0, res.out + res.err
    assert res.problems == []
    assert "3 家企业、3 名人员、7 条信用信息" in res.err


def test_mini_tree_is_valid_as_a_process(tree: Tree) -> None:
    res = run_validate_process(tree.root)
    assert res.code == 0, res.out + res.err
    assert res.out == ""


# ---- YAML syntax and encoding -------------------------------------------------------------------------


def test_bad_indentation(tree: Tree, run_validate) -> None:
    # a key indented one column less than its siblings in a project
    line = tree.replace(ENT1, "    since: 2016-01-01\n", "   since: 2016-01-01\n")
    fails_at(run_validate(tree.root), ENT1, line, "YAML")


def test_deeper_indentation_continues_the_text(tree: Tree, run_validate) -> None:
    # one column more: YAML reads it as part of the address, and then the colon is misplaced
    line = tree.replace(ENT1, "    since: 2016-01-01\n", "     since: 2016-01-01\n")
    fails_at(run_validate(tree.root), ENT1, line, "冒号")


def test_tab_indentation(tree: Tree, run_validate) -> None:
    line = tree.replace("authorities.yaml", "  name: 河南省住房和城乡建设厅", "\tname: 河南省住建厅")
    fails_at(run_validate(tree.root), "authorities.yaml", line, "制表符")


def test_duplicate_key(tree: Tree, run_validate) -> None:
    line = tree.insert_after(ENT1, "address: 郑州市金水区花园路1号", "name: 郑州恒信物业服务股份有限公司\n")
    res = run_validate(tree.root)
    fails_at(res, ENT1, line, "重复")
    assert "第 1 行" in res.find(ENT1, line, "name").message  # and where the first one is


def test_two_documents_in_one_file(tree: Tree, run_validate) -> None:
    line = tree.append("persons/P-410105-0001.yaml", "---\nname: 张某某\n")
    fails_at(run_validate(tree.root), "persons/P-410105-0001.yaml", line, "---")


def test_unknown_key_typo(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "summary:", "sumary:")
    res = run_validate(tree.root)
    fails_at(res, R1, line, "sumary")
    assert "summary" in res.find(R1, line, "sumary").message  # the hint names the right key
    res.find(R1, 1, "summary")  # and the required field is missing


def test_unquoted_region_code(tree: Tree, run_validate) -> None:
    line = tree.replace(ENT1, 'registered_region: "410105"', "registered_region: 410105")
    res = run_validate(tree.root)
    fails_at(res, ENT1, line, "引号")
    assert '"410105"' in res.find(ENT1, line, "引号").message


def test_unquoted_hotline_with_leading_zero(tree: Tree, run_validate) -> None:
    line = tree.replace(ENT1, 'hotline: "0371-65550000"', "hotline: 037165550000")
    res = run_validate(tree.root)
    fails_at(res, ENT1, line, "引号")
    # the 0 would be lost: the hint repeats the text as written, with quotes
    assert '"037165550000"' in res.find(ENT1, line, "引号").message


def test_date_without_leading_zeros(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "effective: 2026-03-02", "effective: 2026-3-2")
    fails_at(run_validate(tree.root), R1, line, "YYYY-MM-DD")


def test_impossible_date(tree: Tree, run_validate) -> None:
    line = tree.replace(ENT3, "established: 2019-11-20", "established: 2019-02-29")
    fails_at(run_validate(tree.root), ENT3, line, "2019-02-29")


def test_date_with_time(tree: Tree, run_validate) -> None:
    line = tree.replace(R6, "entered: 2026-06-17", "entered: 2026-06-17T09:30:00")
    fails_at(run_validate(tree.root), R6, line, "日期")


def test_yes_for_a_boolean(tree: Tree, run_validate) -> None:
    line = tree.replace(R4, "refuses_correction: true", "refuses_correction: yes")
    fails_at(run_validate(tree.root), R4, line, "true 或 false")


def test_no_for_suspend(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "suspend: false", "suspend: no")
    fails_at(run_validate(tree.root), R1, line, "true 或 false")


def test_gbk_encoded_file(tree: Tree, run_validate) -> None:
    rel = "persons/P-410105-0001.yaml"
    tree.path(rel).write_bytes(b"# person\nname: " + "张某".encode("gbk") + b"\n")
    res = run_validate(tree.root)
    fails_at(res, rel, 2, "UTF-8")
    assert "GBK" in res.find(rel, 2, "UTF-8").message


def test_alias(tree: Tree, run_validate) -> None:
    tree.replace(R6, "notified: 2026-06-16", "notified: &day 2026-06-16")
    line = tree.replace(R6, "entered: 2026-06-17", "entered: *day")
    fails_at(run_validate(tree.root), R6, line, "别名")


def test_merge_key(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "  - filed: 2026-03-10\n", "  - <<: {filed: 2026-03-10}\n")
    fails_at(run_validate(tree.root), R1, line, "<<")


def test_explicit_tag(tree: Tree, run_validate) -> None:
    line = tree.replace(ENT3, "address: 济源市济水大街9号", "address: !include other.yaml")
    fails_at(run_validate(tree.root), ENT3, line, "标签")


def test_empty_file(tree: Tree, run_validate) -> None:
    rel = "persons/P-410105-0001.yaml"
    tree.write(rel, "")
    fails_at(run_validate(tree.root), rel, 1, "name")


def test_list_where_a_file_of_keys_is_expected(tree: Tree, run_validate) -> None:
    tree.write(ENT3, "- name: 济源市康居物业服务有限公司\n")
    fails_at(run_validate(tree.root), ENT3, 1, "键: 值")


def test_oversize_file(tree: Tree, run_validate) -> None:
    tree.append(ENT3, "# " + "x" * (512 * 1024) + "\n")
    assert tree.path(ENT3).stat().st_size > 512 * 1024
    fails_at(run_validate(tree.root), ENT3, 1, "过大")


# ---- file names and places ----------------------------------------------------------------------------


def test_file_name_with_space(tree: Tree, run_validate) -> None:
    tree.move("persons/P-410105-0002.yaml", "persons/P-410105-0002 .yaml")
    fails_at(run_validate(tree.root), "persons/P-410105-0002 .yaml", 1, "空格")


def test_wrong_record_file_name_pattern(tree: Tree, run_validate) -> None:
    tree.move(R5, "credit/2026/2026-410105-0003.yaml")
    fails_at(run_validate(tree.root), "credit/2026/2026-410105-0003.yaml", 1, "410105-2026-0007")


def test_wrong_person_file_name_pattern(tree: Tree, run_validate) -> None:
    tree.write("persons/zhang-san.yaml", "name: 张三\n")
    fails_at(run_validate(tree.root), "persons/zhang-san.yaml", 1, "P-410105-0001")


def test_yml_extension(tree: Tree, run_validate) -> None:
    tree.write("persons/P-410105-0009.yml", "name: 孙某\n")
    fails_at(run_validate(tree.root), "persons/P-410105-0009.yml", 1, ".yaml")


def test_record_in_wrong_year_folder(tree: Tree, run_validate) -> None:
    # effective 2026-06-15 but filed under credit/2025/ with a 2025 identifier
    line = tree.line_of(R6, "effective: 2026-06-15")
    tree.move(R6, "credit/2025/410105-2025-0004.yaml")
    fails_at(run_validate(tree.root), "credit/2025/410105-2025-0004.yaml", line, "credit/2026/")


def test_record_identifier_names_another_recorder(tree: Tree, run_validate) -> None:
    line = tree.line_of(R6, 'recorder: "410105"')
    tree.move(R6, "credit/2026/410103-2026-0004.yaml")
    fails_at(run_validate(tree.root), "credit/2026/410103-2026-0004.yaml", line, "410103")


def test_uscc_file_name_with_wrong_check_digit(tree: Tree, run_validate) -> None:
    # GB 32100-2015 for 91410105MA9F3HX1K, by hand: the weighted sum of the 17 characters
    # (weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28; M=21, A=10, F=15, H=17, X=29, K=19) is 2600;
    # 2600 mod 31 = 27; 31 - 27 = 4. So the check character is 4, not 5.
    tree.move(ENT1, "enterprises/91410105MA9F3HX1K5.yaml")
    res = run_validate(tree.root)
    fails_at(res, "enterprises/91410105MA9F3HX1K5.yaml", 1, "校验位")
    assert "“4”" in res.find("enterprises/91410105MA9F3HX1K5.yaml", 1, "校验位").message


def test_unknown_top_level_file(tree: Tree, run_validate) -> None:
    tree.write("platfrom.yaml", "name: x\n")
    fails_at(run_validate(tree.root), "platfrom.yaml", 1, "platfrom.yaml")


# ---- references between files -------------------------------------------------------------------------


def test_unknown_subject_person(tree: Tree, run_validate) -> None:
    line = tree.replace(R6, "subject: P-410105-0001", "subject: P-410105-0099")
    fails_at(run_validate(tree.root), R6, line, "P-410105-0099")


def test_subject_not_a_uscc(tree: Tree, run_validate) -> None:
    line = tree.replace(R5, f"subject: {E1}", "subject: 91410105MA9F3HX1K5")
    fails_at(run_validate(tree.root), R5, line, "校验位")


def test_unknown_project(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "project: hengxin-garden", "project: hengxin-park")
    fails_at(run_validate(tree.root), R1, line, "hengxin-park")


def test_unknown_recorder(tree: Tree, run_validate) -> None:
    rel = "credit/2026/410105002-2026-0001.yaml"
    tree.move(R7, rel)
    line = tree.replace(rel, 'recorder: "410105001"', 'recorder: "410105002"')
    fails_at(run_validate(tree.root), rel, line, "authorities.yaml")


def test_unknown_region(tree: Tree, run_validate) -> None:
    line = tree.replace(ENT2, 'region: "410302"', 'region: "410303"')
    fails_at(run_validate(tree.root), ENT2, line, "410303")


def test_unknown_project_manager(tree: Tree, run_validate) -> None:
    line = tree.replace(ENT2, "manager: P-410103-0001", "manager: P-410103-0002")
    fails_at(run_validate(tree.root), ENT2, line, "persons/P-410103-0002.yaml")


# ---- items, classes, points ---------------------------------------------------------------------------


def test_item_not_in_rulebook(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "item: market.1.21", "item: market.1.26")  # 附件1 一 has 25 items
    fails_at(run_validate(tree.root), R1, line, "market.1.26")


def test_a_class_item_with_class_b(tree: Tree, run_validate) -> None:
    # market.1.3 (构成犯罪) is 第十条（一）3: class A only
    tree.replace(R1, "item: market.1.21", "item: market.1.3")
    line = tree.line_of(R1, "class: B")
    fails_at(run_validate(tree.root), R1, line, "A")


def test_class_a_on_an_ordinary_item(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "class: B", "class: A")
    fails_at(run_validate(tree.root), R1, line, "一票否决")


def test_class_on_a_good_record(tree: Tree, run_validate) -> None:
    line = tree.insert_after(R5, "kind: good", "class: B\n")
    fails_at(run_validate(tree.root), R5, line, "class")


def test_market5_without_points(tree: Tree, run_validate) -> None:
    tree.delete_line(R2, "points: 2")
    line = tree.line_of(R2, "item: market.5")
    fails_at(run_validate(tree.root), R2, line, "1–3")


@pytest.mark.parametrize("points", [0, 4])
def test_market5_points_out_of_range(tree: Tree, run_validate, points: int) -> None:
    line = tree.replace(R2, "points: 2", f"points: {points}")
    fails_at(run_validate(tree.root), R2, line, "1–3")


def test_points_on_a_fixed_item(tree: Tree, run_validate) -> None:
    line = tree.insert_after(R1, "item: market.1.21", "points: 3\n")
    fails_at(run_validate(tree.root), R1, line, "points")


# ---- disclosure periods (第十一条) ---------------------------------------------------------------------


@pytest.mark.parametrize("months", [2, 40])
def test_disclosure_months_out_of_3_to_36(tree: Tree, run_validate, months: int) -> None:
    line = tree.replace(R1, "disclosure_months: 12", f"disclosure_months: {months}")
    fails_at(run_validate(tree.root), R1, line, "3–36")


def test_fire_penalty_shorter_than_a_year(tree: Tree, run_validate) -> None:
    line = tree.replace(R3, "disclosure_months: 12", "disclosure_months: 6")
    fails_at(run_validate(tree.root), R3, line, "消防")


def test_disclosure_shorter_than_the_penalty(tree: Tree, run_validate) -> None:
    tree.insert_after(R1, "effective: 2026-03-02", "  penalty_months: 8\n")
    line = tree.replace(R1, "disclosure_months: 12", "disclosure_months: 6")
    fails_at(run_validate(tree.root), R1, line, "8 个月")


def test_c_class_refusing_correction_nine_months(tree: Tree, run_validate) -> None:
    line = tree.replace(R4, "disclosure_months: 6", "disclosure_months: 9")
    fails_at(run_validate(tree.root), R4, line, "3–6")


def test_extensions_beyond_five_years(tree: Tree, run_validate) -> None:
    # 12 months + 24 + 25 = 61 > 60 (有效期总计不超过 5 年)
    line = tree.append(
        R1,
        "extensions:\n"
        "  - decided: 2027-02-20\n    months: 24\n    reason: 拒不纠正\n"
        "  - decided: 2029-02-20\n    months: 25\n    reason: 仍拒不纠正\n",
    )
    res = run_validate(tree.root)
    fails_at(res, R1, line, "60")
    assert "61" in res.find(R1, line, "60").message


# ---- the record's life: notice, objections, repair ----------------------------------------------------


def test_notified_missing(tree: Tree, run_validate) -> None:
    tree.delete_line(R6, "notified: 2026-06-16")
    line = tree.line_of(R6, "entered: 2026-06-17")
    fails_at(run_validate(tree.root), R6, line, "notified")


def test_notified_after_entered(tree: Tree, run_validate) -> None:
    line = tree.replace(R6, "notified: 2026-06-16", "notified: 2026-06-18")
    fails_at(run_validate(tree.root), R6, line, "notified")


def test_objection_resolved_before_filed(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "resolved: 2026-03-18", "resolved: 2026-03-09")
    fails_at(run_validate(tree.root), R1, line, "异议")


def test_repair_decided_before_applied(tree: Tree, run_validate) -> None:
    line = tree.replace(R2, "decided: 2026-06-05", "decided: 2026-05-29")
    fails_at(run_validate(tree.root), R2, line, "修复")


def test_entered_before_effective(tree: Tree, run_validate) -> None:
    tree.replace(R6, "notified: 2026-06-16", "notified: 2026-06-12")
    line = tree.replace(R6, "entered: 2026-06-17", "entered: 2026-06-14")
    fails_at(run_validate(tree.root), R6, line, "entered")


# ---- privacy and spreadsheet safety (第九条, DESIGN §9) -------------------------------------------------


def test_identity_card_number_in_summary(tree: Tree, run_validate) -> None:
    # 11010519491231002X: weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 over 11010519491231002 sum to 167;
    # 167 mod 11 = 2, and GB 11643 maps 2 to X — a valid number, so it must be refused.
    line = tree.replace(R1, "summary: 以限制乘用电梯方式催交物业费",
                        "summary: 以限制乘用电梯方式催交物业费，负责人身份证号11010519491231002X")
    fails_at(run_validate(tree.root), R1, line, "身份证")


def test_mobile_number_in_address(tree: Tree, run_validate) -> None:
    line = tree.replace(ENT1, "address: 郑州市金水区花园路1号", "address: 花园路1号，联系13812345678")
    fails_at(run_validate(tree.root), ENT1, line, "手机")


def test_mobile_number_as_hotline(tree: Tree, run_validate) -> None:
    line = tree.replace(ENT1, 'hotline: "0371-65550000"', 'hotline: "138-1234-5678"')
    fails_at(run_validate(tree.root), ENT1, line, "手机")


def test_identity_card_number_in_person_note(tree: Tree, run_validate) -> None:
    rel = "persons/P-410105-0002.yaml"
    line = tree.replace(rel, "note: 总经理", "note: 总经理 11010519491231002X")
    fails_at(run_validate(tree.root), rel, line, "身份证")


def test_summary_starting_with_equals(tree: Tree, run_validate) -> None:
    line = tree.replace(R5, "summary: 获评郑州市物业服务示范项目", 'summary: "=HYPERLINK(\\"http://x\\")"')
    fails_at(run_validate(tree.root), R5, line, "公式")


# ---- evaluations --------------------------------------------------------------------------------------


def test_notice_shorter_than_seven_working_days(tree: Tree, run_validate) -> None:
    # published Tue 2026-12-15: working days 16, 17, 18, 21, 22, 23, 24 → the 7th is 2026-12-24
    line = tree.replace(EVAL, "notice_until: 2026-12-24", "notice_until: 2026-12-23")
    res = run_validate(tree.root)
    fails_at(res, EVAL, line, "2026-12-24")


def test_sheet_item_not_in_rulebook(tree: Tree, run_validate) -> None:
    line = tree.insert_after(SHEET1, '"2.1": absent', '  "9.9": 0\n')
    fails_at(run_validate(tree.root), SHEET1, line, "9.9")


def test_sheet_value_with_a_mistyped_key(tree: Tree, run_validate) -> None:
    line = tree.replace(SHEET1, '"5.1": {full: 1, partial: 0}', '"5.1": {ful: 1, partial: 0}')
    res = run_validate(tree.root)
    fails_at(res, SHEET1, line, "ful")
    assert "full" in res.find(SHEET1, line, "“ful”").message  # the hint
    assert "CommunityMark" not in res.out  # pydantic's name for the shape is no field of the file


def test_sheet_missing_parts_beyond_the_maximum(tree: Tree, run_validate) -> None:
    # red 1.2 is worth 5 points, 1 per missing part: 6 missing parts is impossible
    line = tree.replace(SHEET1, '"1.2": 1', '"1.2": 6')
    fails_at(run_validate(tree.root), SHEET1, line, "5")


def test_sheet_in_the_wrong_authority_folder(tree: Tree, run_validate) -> None:
    # 91410103MA4BC2R7TC manages projects in 郑州 and 洛阳: 第十三条 → the province rates it
    rel = "evaluations/2026/410105/91410103MA4BC2R7TC.yaml"
    tree.write(rel, 'red:\n  "1.1": 0\n')
    fails_at(run_validate(tree.root), rel, 1, "410000")


# ---- several problems, one run; output formats --------------------------------------------------------


def test_every_problem_is_reported_in_one_run(tree: Tree, run_validate) -> None:
    l1 = tree.replace(ENT1, 'registered_region: "410105"', "registered_region: 410105")
    l2 = tree.replace(ENT1, "established: 2012-05-08", "established: 2012-5-8")
    l3 = tree.replace(R6, "subject: P-410105-0001", "subject: P-410105-0099")
    l4 = tree.replace(R2, "points: 2", "points: 5")
    l5 = tree.replace(EVAL, "notice_until: 2026-12-24", "notice_until: 2026-12-20")
    res = run_validate(tree.root)
    assert res.code == 1
    res.find(ENT1, l1, "引号")
    res.find(ENT1, l2, "YYYY-MM-DD")
    res.find(R6, l3, "P-410105-0099")
    res.find(R2, l4, "1–3")
    res.find(EVAL, l5, "2026-12-24")
    assert "5 个错误" in res.err


def test_github_format(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "project: hengxin-garden", "project: hengxin-park")
    res = run_validate(tree.root, "--format", "github")
    assert res.code == 1
    annotations = [ln for ln in res.out.splitlines() if ln.startswith("::error ")]
    pattern = re.compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+)::(?P<msg>.+)$")
    hits = [pattern.match(a) for a in annotations]
    assert any(
        h and h["file"].endswith(R1) and int(h["line"]) == line and "hengxin-park" in h["msg"] for h in hits
    ), res.out


def test_github_format_escapes_the_file_property(tree: Tree, run_validate) -> None:
    tree.write("persons/P-410105-0001,2.yaml", "name: 某某\n")  # a comma would end the file= property
    res = run_validate(tree.root, "--format", "github")
    assert res.code == 1
    assert any(
        ln.startswith("::error file=") and ln.split("::")[1].endswith("persons/P-410105-0001%2C2.yaml,line=1")
        for ln in res.out.splitlines()
    ), res.out


def test_github_format_warnings_do_not_fail(tree: Tree, run_validate) -> None:
    line = tree.replace(R4, "entered: 2025-10-13", "entered: 2025-10-14")  # the 8th working day: late
    res = run_validate(tree.root, "--format", "github")
    assert res.code == 0
    (only,) = res.out.splitlines()
    assert only.startswith("::warning file=") and f"{R4},line={line}::" in only
    assert "2025-10-13" in only


def test_real_process_reports_file_and_line(tree: Tree) -> None:
    line = tree.replace(ENT1, 'registered_region: "410105"', "registered_region: 410105")
    res = run_validate_process(tree.root)
    fails_at(res, ENT1, line, "引号")
    assert f"{ENT1}:{line}: 错误：" in res.out


def test_missing_records_directory(tmp_path: Path, run_validate) -> None:
    res = run_validate(tmp_path / "nowhere")
    assert res.code == 1
    assert "Traceback" not in res.out + res.err
    assert "nowhere" in res.out


# ---- hints that lead to a valid file in one step (issue 16) -------------------------------------------
# What each hint proposes is worked out from the rulebook (generator/rules/rulebooks/henan.yaml: item codes are
# <category>.<section>.<item>) and from the mini tree's files, never copied from the validator's output.

REGEX = re.compile(r"\^|\$\Z|\[[^\]]*-[^\]]*\]|\{\d|\\[.d]")
"""What a regular expression looks like in a message: none may show one."""


def hint_at(result: Result, rel: str, line: int, word: str) -> str:
    fails_at(result, rel, line, word)
    message = result.find(rel, line, word).message
    assert not REGEX.search(message), message
    return message


@pytest.mark.parametrize("written", ["1.21", '"1.21"', "market。1。21", "ｍａｒｋｅｔ.1.21"])
def test_an_item_without_its_category_names_the_full_code(tree: Tree, run_validate, written: str) -> None:
    # 附件1 一.21 is market.1.21; no other deduction category has a section 1 with 21 items (safety 一 has 9)
    line = tree.replace(R1, "item: market.1.21", f"item: {written}")
    message = hint_at(run_validate(tree.root), R1, line, "item: market.1.21")
    assert "“" + written.strip('"') + "”" in message


def test_an_ambiguous_item_offers_every_code_it_may_mean(tree: Tree, run_validate) -> None:
    # "1.5" on a bad record: 附件1 一.5 (market.1.5) or 附件2 一.5 (safety.1.5); red and smart have a 1.5 too,
    # but they are checklists, never the item of a bad record
    line = tree.replace(R1, "item: market.1.21", "item: 1.5")
    message = hint_at(run_validate(tree.root), R1, line, "market.1.5")
    assert "safety.1.5" in message and "red.1.5" not in message and "smart.1.5" not in message


def test_an_award_named_by_its_category(tree: Tree, run_validate) -> None:
    line = tree.replace(R5, "item: market", "item: 智慧物业")  # 附件4 智慧物业建设 → smart
    hint_at(run_validate(tree.root), R5, line, "item: smart")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("  level: county", "  level: 县级", "county"),
        ("  level: county", "  level: 区级", "county"),
        ("  kind: penalty", "  kind: 行政处罚", "penalty"),
        ("class: B", "class: B类", "B"),
    ],
)
def test_a_choice_written_in_chinese_names_its_code(tree: Tree, run_validate, old: str, new: str,
                                                    code: str) -> None:
    line = tree.replace(R1, old, new)
    message = hint_at(run_validate(tree.root), R1, line, f"请改成 {code}")
    assert "'" not in message and " or " not in message  # no Python list of choices


def test_an_unknown_choice_lists_the_choices_in_chinese(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "  level: county", "  level: 村级")
    message = hint_at(run_validate(tree.root), R1, line, "county（县级）")
    assert "national（国家级）" in message and "court（法院）" in message


def test_a_project_named_by_its_name_gets_its_id(tree: Tree, run_validate) -> None:
    # 91410105MA9F3HX1K4's project 恒信花园 has the id hengxin-garden
    line = tree.replace(R1, "project: hengxin-garden", "project: 恒信花园")
    hint_at(run_validate(tree.root), R1, line, "project: hengxin-garden")


def test_a_mistyped_project_id_gets_the_nearest(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, "project: hengxin-garden", "project: hengxin-gardn")
    hint_at(run_validate(tree.root), R1, line, "project: hengxin-garden")


def test_a_subject_named_by_the_company_name_gets_its_code(tree: Tree, run_validate) -> None:
    line = tree.replace(R1, f"subject: {E1}", "subject: 郑州恒信物业管理有限公司")  # its former name
    hint_at(run_validate(tree.root), R1, line, f"subject: {E1}")


def test_a_manager_named_by_name_gets_the_person_id(tree: Tree, run_validate) -> None:
    line = tree.replace(ENT2, "manager: P-410103-0001", "manager: 李某")  # persons/P-410103-0001.yaml: 李某
    hint_at(run_validate(tree.root), ENT2, line, "请写 P-410103-0001")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("summary: 以限制乘用电梯方式催交物业费", "summary：以限制乘用电梯方式催交物业费"),
        ("  authority: 郑州市金水区住房和城乡建设局", "  authority：郑州市金水区住房和城乡建设局"),
        ("entered: 2026-03-05", "entered：2026-03-05"),
        ("  - filed: 2026-03-10", "  - filed：2026-03-10"),
    ],
)
def test_a_full_width_colon_is_reported_on_its_own_line(tree: Tree, run_validate, old: str, new: str) -> None:
    line = tree.replace(R1, old, new)
    key = old.strip(" -").split(":")[0]
    message = hint_at(run_validate(tree.root), R1, line, "全角")
    assert f"“{key}: " in message  # the line as it should be


def test_a_full_width_colon_where_a_mapping_is_wanted(tree: Tree, run_validate) -> None:
    tree.write("persons/P-410105-0001.yaml", "name：李某\n")
    hint_at(run_validate(tree.root), "persons/P-410105-0001.yaml", 1, "“name: 李某”")


@pytest.mark.parametrize(
    ("rel", "old", "new", "word"),
    [
        ("authorities.yaml", '  name: 郑州市金水区住房和城乡建设局\n  level: county',
         '  name: 郑州市金水区住房和城乡建设局\n  level: county\n  phone: "电话0371"', "0371-60000000"),
        ("authorities.yaml", '  name: 郑州市金水区住房和城乡建设局\n  level: county',
         '  name: 郑州市金水区住房和城乡建设局\n  level: county\n  email: 没有', "wyk@example.gov.cn"),
        ("platform.yaml", "rulebook: henan", "rulebook: Henan", "henan"),
        (SHEET1, '  "1.2": 1', '  "一.2": 1', '"1.2"'),
        (R6, "subject: P-410105-0001", "subject: P-410105-0001\nproject: 某项目", "项目编号"),
        (ENT1, "  - id: hengxin-garden", "  - id: 恒信花园", "hengxin-garden"),
    ],
)
def test_no_message_shows_a_pattern(tree: Tree, run_validate, rel: str, old: str, new: str, word: str) -> None:
    line = tree.replace(rel, old, new) + new.count("\n")  # the last line written
    res = run_validate(tree.root)
    assert res.code == 1 and "Traceback" not in res.out + res.err
    for p in res.errors:
        assert not REGEX.search(p.message), p.message
    assert any(word in p.message for p in res.errors if p.path.endswith(rel) and p.line in (line, line - 1)), res.out


def test_every_pattern_of_the_models_has_words() -> None:
    from generator.records.kinds import SCHEMA_MODELS
    from generator.records.model_errors import pattern_hint
    from generator.records.sheets import sheet_model
    from generator.rules.rulebook import available, load_rulebook

    found: set[tuple[str, str]] = set()

    def walk(schema: object, name: str = "") -> None:
        if isinstance(schema, dict):
            if "pattern" in schema:
                found.add((schema["pattern"], name))
            for key, value in schema.items():
                walk(value, key if key not in ("properties", "items", "anyOf", "$defs", "additionalProperties",
                                               "propertyNames") else name)
        elif isinstance(schema, list):
            for value in schema:
                walk(value, name)

    for model in [*SCHEMA_MODELS.values(), *(sheet_model(load_rulebook(r)) for r in available())]:
        walk(model.model_json_schema())
    assert len(found) >= 8
    for pattern, name in sorted(found):
        words = pattern_hint(pattern, name)
        assert not REGEX.search(words) and pattern not in words, (pattern, name, words)
