"""The scaled tree: a complete, valid, clearly fictional records tree at any scale (benchmarks, tests).

``synth(enterprises, records, seed, output)`` writes what a province's regulators would have written by hand
(DESIGN §3): platform, the real Henan division codes (GB/T 2260: all 18 cities and their counties), the
housing authorities and some street offices, enterprises with projects and managers, persons, credit records
2023–2026 and the 2024 and 2025 evaluations with red/smart sheets for about 5% of enterprises.

Everything is fictional: every enterprise name contains 示例, persons are 张某某, USCCs are random (with
correct GB 32100 and GB 11714 check digits). The output is deterministic for a seed (one
``random.Random(seed)``, no set or hash ordering) and passes ``credit validate`` (warnings, such as a
pending objection past 7 working days, are intended: they occur in real data).

Speed matters (a province is 10^5–10^6 files): every file is one f-string, never ``yaml.dump``.

    python -m tools.fakedata tree --enterprises 10000 --records 100000 --seed 1 --out bench/out/10k/records
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

from .henan import CITIES, PROVINCE, REGION_NAMES
from .tree_bad import BadRecords
from .tree_good import GoodRecords, build_evaluations
from .tree_world import TreeResult, World
from .yamltext import quoted

__all__ = ["CITIES", "MARKER", "TreeResult", "cmd_tree", "marker_text", "synth"]

MARKER = ".synth"
"""A file in the output root saying it was generated, so a rerun may replace it (not YAML: not loaded;
``credit validate`` allows it at the top of a records tree)."""

Record = tuple[str, int, dt.date, str, str]
"""(recorder, year, entered, tiebreak, text) of a credit record."""


def marker_text(enterprises: int, records: int, seed: int) -> str:
    """What the marker holds: the parameters of the tree, in the words of the command that first wrote
    such trees (``credit synth``), kept so that trees written before and after the move compare equal."""
    return f"credit synth --enterprises {enterprises} --records {records} --seed {seed}\n"


def record_specs(w: World) -> list[tuple[str, frozenset[str]]]:
    """One (kind, forced features) per record, so that every class, kind and feature occurs."""
    n = w.n_rec
    n_a = round(n * 0.02)
    n_c = round(n * 0.10)
    n_g = round(n * 0.13)
    if n >= 20:
        n_a, n_c, n_g = max(n_a, 1), max(n_c, 3), max(n_g, 3)
    n_b = n - n_a - n_c - n_g
    if n_b < 0:  # tiny: all B
        n_a = n_c = n_g = 0
        n_b = n
    n_c_refuse = round(n_c / 3)
    n_pair = round(n_g * 0.04) if n_g >= 10 else 0
    n_social = round(n_g * 0.4)
    n_award = n_g - n_social - 2 * n_pair
    if n_award < 0:
        n_pair, n_award = 0, n_g - n_social
    n_person = round(n_b * 0.08) if n_b >= 20 else 0
    specs: list[tuple[str, frozenset[str]]] = []
    specs += [("A", frozenset())] * n_a
    specs += [("B", frozenset())] * (n_b - n_person)
    specs += [("B-person", frozenset())] * n_person
    specs += [("C-refuse", frozenset())] * n_c_refuse
    specs += [("C", frozenset())] * (n_c - n_c_refuse)
    specs += [("award", frozenset())] * n_award
    specs += [("award-pair", frozenset())] * n_pair
    specs += [("social", frozenset())] * n_social
    w.rng.shuffle(specs)
    # force one of each lifecycle feature on records of a fitting kind
    forced = {
        "B": ["objection-pending-suspend", "objection-pending", "objection-revoked", "objection-upheld",
              "repair-approved", "repair-rejected", "repair-pending", "withdrawn", "learned", "judgment"],
        "C-refuse": ["extension"],
        "C": ["objection-corrected"],
    }
    for kind, feats in forced.items():
        idx = [i for i, s in enumerate(specs) if s[0] == kind]
        for i, feat in zip(idx, feats, strict=False):
            specs[i] = (kind, frozenset({feat}))
    return specs


def build_records(w: World) -> list[Record]:
    """(recorder, year, entered, tiebreak, text) of every record; serials follow the entry dates."""
    rng = w.rng
    bad = BadRecords(w)
    good = GoodRecords(w)
    w.weigh_enterprises()
    out: list[Record] = []
    b_seen = a_seen = 0
    for i, (kind, forced) in enumerate(record_specs(w)):
        if kind == "B" or kind == "B-person":
            if b_seen < len(bad.b_cycle):  # every item once, then by weight
                item = bad.b_cycle[b_seen]
            else:
                item = rng.choices(bad.b_items, bad.b_weights)[0]
            b_seen += 1
            recs = [bad.bad("B", item, forced, person=kind == "B-person")]
        elif kind == "A":
            item = bad.a_cycle[a_seen] if a_seen < len(bad.a_cycle) else rng.choice(bad.a_items)
            a_seen += 1
            recs = [bad.bad("A", item, forced)]
        elif kind in ("C", "C-refuse"):
            item = rng.choice(bad.c_items)
            recs = [bad.bad("C", item, forced, refuses=kind == "C-refuse", person=rng.random() < 0.05)]
        elif kind in ("award", "award-pair"):
            recs = good.award(pair=kind == "award-pair")
        else:
            recs = [good.social()]
        for rec in recs:
            out.append((rec[0], rec[1], rec[2], f"{i:09d}{len(out):09d}", rec[3]))
    return out


# ---- top-level files ---------------------------------------------------------------------------------------


def platform_text(w: World) -> str:
    return (
        f"# 合成数据：credit synth --enterprises {w.n_ent} --records {w.n_rec}"
        f" --seed {w.seed}\n"
        "# 所有企业、人员和信用信息均为虚构（企业名称含“示例”），仅用于测试和性能基准。\n"
        "name: 河南省物业服务企业信用信息管理平台（示例数据）\n"
        f'operator: "{PROVINCE}"\n'
        "rulebook: henan\n"
        "license: CC-BY-4.0\n"
    )


def regions_text() -> str:
    return "".join(f"{quoted(code)}: {name}\n" for code, name in REGION_NAMES.items())


def authorities_text(w: World) -> str:
    return "".join(f'- code: "{a.code}"\n  name: {a.name}\n  level: {a.level}\n'
                   for a in sorted(w.authorities.values(), key=lambda a: a.code))


def _prepare(output: Path) -> None:
    if output.exists():
        if not output.is_dir():
            raise FileExistsError(f"{output} exists and is not a directory")
        if any(output.iterdir()):
            if not (output / MARKER).exists():
                raise FileExistsError(
                    f"{output} is not empty and was not written by tools.fakedata tree; refusing to replace it")
            shutil.rmtree(output)
    output.mkdir(parents=True, exist_ok=True)


def synth(enterprises: int, records: int, seed: int, output: Path) -> TreeResult:
    """Write a complete records tree with ``enterprises`` enterprises and ``records`` credit records."""
    if enterprises < 1 or records < 0:
        raise ValueError("need at least one enterprise and a non-negative number of records")
    started = time.perf_counter()
    output = Path(output)
    _prepare(output)
    w = World(enterprises, records, seed)
    w.build_authorities()
    w.build_enterprises()
    recs = build_records(w)
    evaluations = build_evaluations(w)

    files = 0
    root = str(output) + os.sep
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)

    def write(rel: str, text: str) -> None:
        nonlocal files
        fd = os.open(root + rel, flags, 0o644)
        try:
            os.write(fd, text.encode("utf-8"))
        finally:
            os.close(fd)
        files += 1

    write("platform.yaml", platform_text(w))
    write("regions.yaml", regions_text())
    write("authorities.yaml", authorities_text(w))
    (output / "enterprises").mkdir()
    for ent in w.enterprises:
        write(f"enterprises/{ent.uscc}.yaml", ent.text)
    (output / "persons").mkdir()
    for pid, text in w.persons.items():
        write(f"persons/{pid}.yaml", text)
    # serials per recorder and year, in order of entry
    recs.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    serial: dict[tuple[str, int], int] = defaultdict(int)
    for year in sorted({r[1] for r in recs}):
        (output / "credit" / str(year)).mkdir(parents=True)
    for recorder, year, _entered, _tie, text in recs:
        serial[(recorder, year)] += 1
        write(f"credit/{year}/{recorder}-{year}-{serial[(recorder, year)]:04d}.yaml", text)
    for rel in sorted(evaluations):
        (output / rel).parent.mkdir(parents=True, exist_ok=True)
        write(rel, evaluations[rel])
    (output / MARKER).write_text(marker_text(enterprises, records, seed), encoding="utf-8")

    res = w.result
    res.enterprises = len(w.enterprises)
    res.persons = len(w.persons)
    res.records = len(recs)
    res.files = files
    res.features = dict(sorted(w.features.items()))
    res.classes = dict(sorted(res.classes.items()))
    res.seconds = time.perf_counter() - started
    return res


def cmd_tree(args: argparse.Namespace) -> int:
    """``python -m tools.fakedata tree``: exit 0, or 2 with a message when the output may not be written."""
    try:
        res = synth(args.enterprises, args.n_records, args.seed, args.output)
    except (FileExistsError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(
        f"已写入 {args.output}：{res.enterprises} 家企业、{res.persons} 名人员、{res.records} 条信用信息、"
        f"{res.evaluations} 个评价、{res.sheets} 张评分表（{res.files} 个文件，用时 {res.seconds:.1f} 秒）",
        file=sys.stderr,
    )
    return 0
