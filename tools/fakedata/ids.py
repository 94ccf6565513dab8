"""Identifiers: unified social credit codes (GB 32100-2015) and person ids.

A made-up USCC has the real form: 9 (registered by market regulation) 1 (an enterprise), the 6-digit region,
a 9-character organisation code (GB 11714: 8 characters and a check character) and the check character of
the whole, computed by python-stdnum — so ``credit validate`` accepts it, while the code belongs to no one.
"""

from __future__ import annotations

import random
from collections import defaultdict

from stdnum.cn import uscc as stdnum_uscc

ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The characters of organisation codes and USCCs (no I, O, S, V, Z)."""

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def org_body(rng: random.Random, reformed: bool) -> str:
    """8 random characters of an organisation code: MA and six more for codes issued since the 2015 reform,
    eight digits for older ones."""
    if reformed:
        return "MA" + "".join(rng.choice(ORG_ALPHABET) for _ in range(6))
    return "".join(rng.choice("0123456789") for _ in range(8))


def uscc(region: str, org_code: str) -> str:
    """91 + region + the 9-character organisation code + the GB 32100 check character."""
    first17 = "91" + region + org_code
    full = first17 + stdnum_uscc.calc_check_digit(first17)
    assert stdnum_uscc.is_valid(full), full
    return full


def random_uscc(rng: random.Random, region: str, reformed: bool) -> str:
    """A USCC with a random organisation code that carries a correct GB 11714 check character."""
    body = org_body(rng, reformed)
    return uscc(region, body + org_check(body))


class PersonIds:
    """Person ids as an authority numbers them: P-<region>-<serial>, the serial counting per region."""

    def __init__(self) -> None:
        self.serial: defaultdict[str, int] = defaultdict(int)

    def next(self, region: str) -> str:
        self.serial[region] += 1
        return f"P-{region}-{self.serial[region]:04d}"
