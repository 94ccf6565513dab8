"""generator.publish.data.jsontext writes what ``json.dumps(..., ensure_ascii=False, indent=2)`` writes."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.publish.data import jsontext

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


def std(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


@settings(max_examples=400)
@given(values)
def test_dumps_matches_the_standard_library(obj: object) -> None:
    assert jsontext.dumps(obj) == std(obj)


@settings(max_examples=200)
@given(st.lists(values, max_size=6))
def test_write_array_matches_dumps_of_the_list(items: list[object]) -> None:
    buf = io.StringIO()
    jsontext.write_array(iter(items), buf)
    assert buf.getvalue() == std(items)


def test_worked_examples() -> None:
    # by hand: nested containers, a flat object, escapes, non-ASCII kept, empty containers
    obj = {"名称": "甲\"乙\n", "n": [1, 2.5, None], "e": {}, "l": [], "d": {"x": True, "y": float("nan")}}
    assert jsontext.dumps(obj) == (
        '{\n  "名称": "甲\\"乙\\n",\n  "n": [\n    1,\n    2.5,\n    null\n  ],\n  "e": {},\n  "l": [],\n'
        '  "d": {\n    "x": true,\n    "y": NaN\n  }\n}'
    )


@pytest.mark.parametrize("bad", [{1, 2}, {"a": object()}, [b"x"], {(1, 2): 3}])
def test_what_json_refuses_is_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        std(bad)
    with pytest.raises(TypeError):
        jsontext.dumps(bad)
