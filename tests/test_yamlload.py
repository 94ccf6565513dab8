"""load_yaml and read_text: strict YAML with a line for every value (DESIGN §3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.records.yamlload import MAX_BYTES, LooseNumber, Yaml11Word, YamlFileError, load_yaml, read_text


def refused(text: str) -> YamlFileError:
    with pytest.raises(YamlFileError) as info:
        load_yaml(text)
    return info.value


# ---- line numbers -------------------------------------------------------------------------------------

NESTED = """\
# a comment line
name: 恒信
projects:
  - id: a
    name: 甲

  - id: b
    since: 2016-01-01
    tags:
      - x
      - y
decision:
  effective: 2026-03-02
"""


def test_lines_of_nested_keys_and_list_items() -> None:
    got = load_yaml(NESTED)
    ln = got.lines.line
    assert ln(("name",)) == 2
    assert ln(("projects",)) == 3
    assert ln(("projects", 0)) == 4
    assert ln(("projects", 0, "id")) == 4
    assert ln(("projects", 0, "name")) == 5
    assert ln(("projects", 1)) == 7
    assert ln(("projects", 1, "since")) == 8
    assert ln(("projects", 1, "tags", 0)) == 10
    assert ln(("projects", 1, "tags", 1)) == 11
    assert ln(("decision", "effective")) == 13


def test_line_of_a_missing_path_is_its_nearest_ancestor() -> None:
    got = load_yaml(NESTED)
    assert got.lines.line(("decision", "learned")) == 12
    assert got.lines.line(("projects", 1, "manager")) == 7
    assert got.lines.line(("nowhere",)) == 2  # the document starts at line 2


def test_values() -> None:
    got = load_yaml(NESTED)
    assert got.value["projects"][1] == {"id": "b", "since": dt.date(2016, 1, 1), "tags": ["x", "y"]}
    assert got.value["decision"]["effective"] == dt.date(2026, 3, 2)


def test_raw_text_and_style_are_kept() -> None:
    got = load_yaml('a: "0371"\nb: 0371\nc: 金水区\n')
    assert got.lines.raw[("a",)] == ("0371", "quoted")
    assert got.lines.raw[("b",)] == ("0371", "plain")
    assert got.lines.raw[("c",)] == ("金水区", "plain")


def test_crlf_line_endings() -> None:
    text = "name: 恒信\r\nprojects:\r\n  - id: a\r\n    since: 2016-01-01\r\n  - id: b\r\n"
    got = load_yaml(text)
    assert got.value == {"name": "恒信", "projects": [{"id": "a", "since": dt.date(2016, 1, 1)}, {"id": "b"}]}
    assert got.lines.line(("projects", 0, "since")) == 4
    assert got.lines.line(("projects", 1, "id")) == 5


def test_crlf_error_line() -> None:
    assert refused("a: 1\r\nb: 2\r\na: 3\r\n").line == 3


def test_crlf_file_read_from_disk(tmp_path: Path) -> None:
    p = tmp_path / "x.yaml"
    p.write_bytes("name: 恒信\r\nnote: 备注\r\n".encode())
    got = load_yaml(read_text(p))
    assert got.value == {"name": "恒信", "note": "备注"}
    assert got.lines.line(("note",)) == 2


# ---- YAML 1.1 surprises -------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["yes", "no", "Yes", "NO", "on", "off", "On", "OFF"])
def test_yaml11_words_stay_text(word: str) -> None:
    value = load_yaml(f"a: {word}\n").value["a"]
    assert value == word
    assert isinstance(value, Yaml11Word)  # marked, so a boolean field can say "write true or false"


@pytest.mark.parametrize("word", ["y", "n", "Y", "N", "0o17", "1e3", ".inf"])
def test_other_words_stay_text_or_are_refused(word: str) -> None:
    value = load_yaml(f"a: {word}\n").value["a"]
    assert value is not True and value is not False
    assert not isinstance(value, (int, float))


@pytest.mark.parametrize(
    ("text", "value"), [("true", True), ("false", False), ("True", True), ("FALSE", False)]
)
def test_real_booleans(text: str, value: bool) -> None:
    assert load_yaml(f"a: {text}\n").value["a"] is value


@pytest.mark.parametrize("text", ["0371", "0x1F", "1_000", "190:20", "00", "1_000.5", "+0371"])
def test_numbers_only_yaml11_sees_are_refused_as_numbers(text: str) -> None:
    value = load_yaml(f"a: {text}\n").value["a"]
    assert isinstance(value, LooseNumber), (text, value)
    assert repr(value) == text


def test_quoted_leading_zero_is_text() -> None:
    assert load_yaml('a: "0371"\n').value["a"] == "0371"


@pytest.mark.parametrize(
    ("text", "value"), [("410105", 410105), ("0", 0), ("-3", -3), ("+5", 5), ("1.5", 1.5)]
)
def test_plain_numbers(text: str, value: object) -> None:
    got = load_yaml(f"a: {text}\n").value["a"]
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", ["2026-3-2", "2026-03-02T10:00:00", "2026-03-02 10:00:00", "20260302"])
def test_only_yyyy_mm_dd_is_a_date(text: str) -> None:
    value = load_yaml(f"a: {text}\n").value["a"]
    assert not isinstance(value, dt.date)


def test_yyyy_mm_dd_is_a_date() -> None:
    assert load_yaml("a: 2024-02-29\n").value["a"] == dt.date(2024, 2, 29)


def test_quoted_date_is_text() -> None:
    assert load_yaml('a: "2026-03-02"\n').value["a"] == "2026-03-02"


@pytest.mark.parametrize("text", ["2026-02-30", "2025-02-29", "2026-13-01", "2026-04-31"])
def test_impossible_dates_are_refused(text: str) -> None:
    err = refused(f"x: 1\na: {text}\n")
    assert err.line == 2
    assert text in err.message


def test_null() -> None:
    assert load_yaml("a:\nb: ~\nc: null\n").value == {"a": None, "b": None, "c": None}


# ---- refused constructs -------------------------------------------------------------------------------


def test_duplicate_key() -> None:
    err = refused("name: 甲\nnote: x\nname: 乙\n")
    assert err.line == 3
    assert "name" in err.message and "第 1 行" in err.message


def test_duplicate_key_nested() -> None:
    err = refused("decision:\n  effective: 2026-03-02\n  level: county\n  effective: 2026-03-03\n")
    assert err.line == 4


def test_duplicate_key_quoted_and_plain() -> None:
    err = refused('"410105": 金水区\n410105: 金水区\n')
    assert err.line == 2


def test_alias_of_a_mapping() -> None:
    err = refused("a: &x {k: 1}\nb: *x\n")
    assert err.line == 2
    assert "别名" in err.message


def test_alias_of_a_scalar() -> None:
    err = refused("notified: &d 2026-03-03\nentered: *d\n")
    assert err.line == 2
    assert "别名" in err.message


def test_undefined_alias() -> None:
    err = refused("a: 1\nb: *nothing\n")
    assert err.line == 2


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    prev = "a"
    for name in "bcdefghij":
        bomb += f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        prev = name
    assert refused(bomb).line == 2


def test_merge_key() -> None:
    err = refused("base: {k: 1}\nc:\n  <<: {k: 2}\n  j: 3\n")
    assert err.line == 3
    assert "<<" in err.message


@pytest.mark.parametrize(
    "text",
    [
        "a: !foo bar\n",
        'a: !foo "bar"\n',
        "a: !!python/object:os.system x\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x: null}\n",
        "a: !!omap [{x: 1}]\n",
        "a: !custom {k: 1}\n",
    ],
)
def test_explicit_tags(text: str) -> None:
    err = refused(text)
    assert err.line == 1
    assert "标签" in err.message


def test_tab_indentation() -> None:
    err = refused("a:\n\tb: 1\n")
    assert err.line == 2
    assert "制表符" in err.message


def test_bad_indentation() -> None:
    assert refused("decision:\n  level: county\n effective: 2026-03-02\n").line == 3


def test_colon_in_plain_text() -> None:
    err = refused("summary: 原因: 未公示\n")
    assert err.line == 1
    assert "冒号" in err.message


def test_two_documents() -> None:
    err = refused("a: 1\n---\nb: 2\n")
    assert err.line == 2
    assert "---" in err.message


def test_complex_key() -> None:
    assert refused("a: 1\n? [x]\n: 1\n").line == 2


# ---- empty files, BOM, encodings ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty(text: str) -> None:
    got = load_yaml(text)
    assert got.value is None


def test_bom_accepted(tmp_path: Path) -> None:
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + "name: 恒信\nnote: 备注\n".encode())
    text = read_text(p)
    assert not text.startswith("\ufeff")
    got = load_yaml(text)
    assert got.value == {"name": "恒信", "note": "备注"}
    assert got.lines.line(("note",)) == 2


def test_gbk_refused_with_the_line(tmp_path: Path) -> None:
    p = tmp_path / "gbk.yaml"
    p.write_bytes(b"a: 1\nb: 2\nname: " + "恒信物业".encode("gbk") + b"\n")
    with pytest.raises(YamlFileError) as info:
        read_text(p)
    assert info.value.line == 3
    assert "UTF-8" in info.value.message and "GBK" in info.value.message


def test_nul_refused(tmp_path: Path) -> None:
    p = tmp_path / "nul.yaml"
    p.write_bytes(b"a: 1\nb: \x00\n")
    with pytest.raises(YamlFileError) as info:
        read_text(p)
    assert info.value.line == 2


def test_size_limit(tmp_path: Path) -> None:
    assert MAX_BYTES == 512 * 1024
    p = tmp_path / "big.yaml"
    p.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 5))
    assert len(read_text(p)) == MAX_BYTES  # exactly at the limit: accepted
    p.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 4))
    with pytest.raises(YamlFileError) as info:
        read_text(p)
    assert info.value.line == 1
    assert "过大" in info.value.message


# --- the fast path (no lines) gives the same values and the same refusals ------------------------------------

FAST_CASES = [
    "a: 410105\nb: \"410105\"\nc: 0371\nd: no\ne: 2026-3-2\nf: 2026-03-02\ng:\n  - x: 1\n    y: [1, 2.5, ~, true]\n",
    "name: 示例\nlist:\n  - 1\n  - two\n  - '3'\nnested: {a: {b: {c: yes}}}\n",
    "",
]
FAST_REFUSED = ["a: 1\na: 2\n", "a: &x [1]\nb: *x\n", "a: &x 1\nb: *x\n", "<<: {a: 1}\n", "a: !!binary xx\n",
                "a: 2026-02-30\n", "? [1]\n: 2\n"]


@pytest.mark.parametrize("text", FAST_CASES)
def test_fast_path_values_equal_tracked_values(text: str) -> None:
    from generator.records.yamlload import LooseNumber

    def norm(v: object) -> object:  # LooseNumber has no equality of its own
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        if isinstance(v, list):
            return [norm(x) for x in v]
        if isinstance(v, LooseNumber):
            return ("loose", v.text)
        return (type(v).__name__, v)

    assert norm(load_yaml(text, track=False).value) == norm(load_yaml(text).value)


@pytest.mark.parametrize("text", FAST_REFUSED)
def test_fast_path_refuses_what_the_tracked_path_refuses_with_the_same_line(text: str) -> None:
    with pytest.raises(YamlFileError) as tracked:
        load_yaml(text)
    with pytest.raises(YamlFileError) as fast:
        load_yaml(text, track=False)
    assert (fast.value.line, fast.value.message) == (tracked.value.line, tracked.value.message)
