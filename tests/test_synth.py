"""``python -m tools.fakedata tree``: a valid, deterministic, complete records tree at the requested scale."""

from __future__ import annotations

import collections
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.records.load import uscc_problem

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tools.fakedata.__main__ import main as fakedata  # noqa: E402
from tools.fakedata.tree import CITIES, synth  # noqa: E402

ENTERPRISES = 30
RECORDS = 200
SEED = 11


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def load(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "records"
    synth(ENTERPRISES, RECORDS, SEED, root)
    return root


@pytest.fixture(scope="module")
def credit(synthetic: Path) -> dict[str, dict]:
    return {p.stem: load(p) for p in sorted((synthetic / "credit").glob("*/*.yaml"))}  # type: ignore[misc]


def test_validates(synthetic: Path, run_validate) -> None:
    res = run_validate(synthetic)
    assert res.code == 0, res.out + res.err
    assert not res.errors
    assert f"{ENTERPRISES} 家企业" in res.err and f"{RECORDS} 条信用信息" in res.err


def test_counts(synthetic: Path, credit: dict[str, dict]) -> None:
    enterprises = sorted((synthetic / "enterprises").glob("*.yaml"))
    assert len(enterprises) == ENTERPRISES
    assert len(credit) == RECORDS
    for p in enterprises:
        assert uscc_problem(p.stem) is None
        ent = load(p)
        assert "示例" in ent["name"]
        assert 1 <= len(ent["projects"]) <= 6
    assert sorted(p.name for p in (synthetic / "evaluations").iterdir()) == ["2024", "2025"]
    regions = load(synthetic / "regions.yaml")
    assert len(CITIES) == 18
    for city in ("410100", "411700", "419001", "410300"):
        assert city in regions
    assert regions["410105"] == "金水区"


def test_classes_kinds_and_lifecycle(credit: dict[str, dict]) -> None:
    recs = list(credit.values())
    kinds = collections.Counter((r["kind"], r.get("class")) for r in recs)
    assert set(kinds) == {("bad", "A"), ("bad", "B"), ("bad", "C"), ("good", None)}
    # roughly the requested mix: 75% B, 10% C, 2% A, 13% good
    assert kinds[("bad", "B")] == pytest.approx(0.75 * RECORDS, abs=3)
    assert kinds[("bad", "C")] == pytest.approx(0.10 * RECORDS, abs=2)
    assert kinds[("good", None)] == pytest.approx(0.13 * RECORDS, abs=2)
    c = [r for r in recs if r.get("class") == "C"]
    assert any(r["refuses_correction"] for r in c) and not all(r["refuses_correction"] for r in c)
    items = {r["item"] for r in recs}
    for category in ("market", "safety", "red", "smart"):
        assert category in items  # awards
        assert any(i.startswith(category + ".") for i in items) or category in ("red", "smart")
    assert any(i.startswith("social.") for i in items)
    assert {"market.5", "safety.4"} <= items  # range items, with points
    assert any("points" in r for r in recs) and any(r.get("count", 1) > 1 for r in recs)
    assert any(str(r["subject"]).startswith("P-") for r in recs)
    assert any(r["decision"].get("kind") == "judgment" for r in recs)
    assert any("learned" in r["decision"] for r in recs)
    assert any(r.get("extensions") for r in recs)
    assert any(r.get("withdrawn") for r in recs)
    assert any(r.get("deed") for r in recs)
    objections = [o for r in recs for o in r.get("objections", [])]
    assert any("resolved" not in o for o in objections)  # pending
    assert any("resolved" not in o and o["suspend"] for o in objections)
    assert {"upheld", "corrected", "revoked"} <= {o.get("outcome") for o in objections}
    repairs = [r["repair"] for r in recs if "repair" in r]
    assert {"approved", "rejected", None} <= {rp.get("outcome") for rp in repairs}
    assert any(str(rid).count("-") == 2 and len(rid.split("-")[0]) == 9 for rid in credit)  # a street office


def test_files_look_hand_written(synthetic: Path) -> None:
    text = next(iter(sorted((synthetic / "credit").glob("*/*.yaml")))).read_text(encoding="utf-8")
    assert 'recorder: "' in text  # codes quoted
    ent = next(iter(sorted((synthetic / "enterprises").glob("*.yaml")))).read_text(encoding="utf-8")
    assert 'registered_region: "' in ent and "{" not in ent


def test_deterministic(tmp_path: Path, synthetic: Path) -> None:
    again = tmp_path / "again"
    synth(ENTERPRISES, RECORDS, SEED, again)
    assert tree_bytes(again) == tree_bytes(synthetic)
    other = tmp_path / "other"
    synth(ENTERPRISES, RECORDS, SEED + 1, other)
    assert tree_bytes(other) != tree_bytes(synthetic)


def test_cli_and_replacing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["tree", "--enterprises", "5", "--records", "20", "--seed", "3", "--out", str(out)]
    assert fakedata(args) == 0
    assert len(list((out / "credit").glob("*/*.yaml"))) == 20
    assert fakedata(args) == 0  # its own earlier output may be replaced
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine", encoding="utf-8")
    assert fakedata(["tree", "--enterprises", "5", "--records", "20", "--out", str(foreign)]) == 2
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "mine"
    afile = tmp_path / "a-file"
    afile.write_text("mine", encoding="utf-8")
    assert fakedata(["tree", "--enterprises", "5", "--records", "20", "--out", str(afile)]) == 2
    assert fakedata(["tree", "--enterprises", "0", "--records", "20", "--out", str(tmp_path / "none")]) == 2
    assert not (tmp_path / "none").exists()


def test_runs_as_a_module_from_the_repository(tmp_path: Path) -> None:
    out = tmp_path / "records"
    run = subprocess.run([sys.executable, "-m", "tools.fakedata", "tree", "--enterprises", "3", "--records", "10",
                          "--seed", "2", "--output", str(out)], cwd=REPO, capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert "3 家企业" in run.stderr and "10 条信用信息" in run.stderr
    assert (out / ".synth").read_text(encoding="utf-8") == "credit synth --enterprises 3 --records 10 --seed 2\n"
