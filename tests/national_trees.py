"""Helpers of tests/test_national.py: a synthetic Henan tree moved to another province's codes."""

from __future__ import annotations

import re
from pathlib import Path

from stdnum.cn import uscc as stdnum_uscc

USCC = re.compile(r"(?<![0-9A-Z])91(41[0-9]{4})([0-9A-Z]{9})[0-9A-Z](?![0-9A-Z])")
CODE = re.compile(r"(?<![0-9A-Z])41([0-9]{4}(?:[0-9]{3})?)(?![0-9])")
BARE_DIGITS = re.compile(r"(?m)^([ -]*[a-z_]+: )([0-9]{18})$")


def _moved(text: str) -> str:
    def uscc(m: re.Match[str]) -> str:
        first17 = "9142" + m.group(1)[2:] + m.group(2)
        return first17 + stdnum_uscc.calc_check_digit(first17)

    return CODE.sub(r"42\1", USCC.sub(uscc, text)).replace("河南省", "湖北省")


def move_province(src: Path, dst: Path) -> None:
    """A Henan tree as if it were Hubei's: 41… codes → 42…, in file names and contents."""
    for path in sorted(src.rglob("*")):
        out = dst / _moved(path.relative_to(src).as_posix())
        if path.is_dir():
            out.mkdir(parents=True, exist_ok=True)
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        text = BARE_DIGITS.sub(r'\1"\2"', _moved(path.read_text(encoding="utf-8")))  # an all-digit USCC is quoted
        out.write_text(text, encoding="utf-8")
