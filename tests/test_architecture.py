"""The shape of the code (issue 13), held by tests so that it stays: the pipeline's folders import only
downwards, no module is over 500 lines, no code asks which scheme or city it works for, and every command
loads and validates the records once."""

from __future__ import annotations

import ast
import importlib
import os
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF, MINI

from generator.commands import cli
from generator.day.schemes import SCHEMES, GradeScheme, StarScheme, scheme_of
from generator.records.kinds import SCHEMA_MODELS
from generator.rules.rulebook import Rulebook, load_rulebook

REPO = Path(__file__).parent.parent
validate_module = importlib.import_module("generator.day.validate")  # the module (generator.day.validate is also a function)
PACKAGE = REPO / "generator"

LAYERS = [
    {"labels", "urls", "runtime", "heap", "memo", "fingerprint"},  # the vocabulary and the runtime
    {"rules"},  # the rulebooks, the calendar, the regions: rules as data
    {"records"},  # the record files: read, parsed, their problems
    {"day"},  # the computed day: validate, disclosure, schemes, snapshot
    {"publish"},  # pages, open data, search
    {"commands"},  # what people and CI run
]
"""The pipeline's folders, bottom up. A module may import from its own layer or any below it."""


def layer_of(module: str) -> int:
    top = module.split(".")[1] if module.count(".") else module
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module}: not in any layer; add it to LAYERS")


def imports() -> dict[str, set[str]]:
    """Every module of the package → the package modules it imports (at any depth of the file)."""
    out: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(REPO).with_suffix("")
        parts = list(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        name = ".".join(parts)
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
                assert node.level == 0, f"{rel}: relative import (the package imports absolutely)"
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names
                             if (PACKAGE.parent / f"{node.module}.{a.name}".replace(".", "/")).with_suffix(".py").exists()
                             or (PACKAGE.parent / f"{node.module}.{a.name}".replace(".", "/") / "__init__.py").exists())
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("generator"))
        out[name] = found - {name}
    return out


def test_the_folders_import_only_downwards() -> None:
    wrong = [f"{a} → {b}" for a, bs in imports().items() if a != "generator" for b in bs
             if b != "generator" and layer_of(b) > layer_of(a)]
    assert wrong == []


def test_no_module_imports_in_a_circle() -> None:
    graph = {a: {b for b in bs if b in imports_cache} for a, bs in imports_cache.items()}
    state: dict[str, int] = defaultdict(int)

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state[nxt] == 1:
                raise AssertionError("circle: " + " → ".join([*path[path.index(nxt):], nxt]))
            if state[nxt] == 0:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if state[start] == 0:
            visit(start, [start])


imports_cache = imports()


def python_files() -> list[Path]:
    """Our Python sources. bench/out (a benchmark's records and sites, gigabytes) and node_modules are not
    walked at all: rglob would descend into them before filtering (129 s on a checkout with a 200k site)."""
    found: list[Path] = []
    for top in ("generator", "tools", "bench"):
        for folder, dirs, files in os.walk(REPO / top):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if d != "node_modules" and not (here == REPO / "bench" and d == "out"))
            found += [here / f for f in sorted(files) if f.endswith(".py")]
    return found


def test_no_module_is_over_500_lines() -> None:
    long = {str(p.relative_to(REPO)): n for p in python_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


SCHEME_TESTS = re.compile(
    r"""scheme\s*(==|!=|===|!==)"""  # rulebook.scheme == "stars", CREDIT.scheme == …
    r"""|(==|!=)\s*["'](stars|grades)["']"""  # … == "grades"
    r"""|\bid\s*==\s*["']"""  # rulebook.id == "henan"
    r"""|["'](henan|hulunbuir)["']\s*(==|!=|in\b)"""  # "henan" == …
)


def test_no_code_asks_which_scheme_or_city_it_works_for() -> None:
    """A scheme is an object behind one interface (generator/day/schemes/); a new city is a new rulebook file."""
    places = [*PACKAGE.rglob("*.py"), *(REPO / "theme" / "templates").rglob("*.html"), REPO / "pelicanconf.py"]
    found = [f"{p.relative_to(REPO)}:{i}: {line.strip()}" for p in places
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if SCHEME_TESTS.search(line)]
    assert found == []


def test_every_rulebook_names_a_scheme_object_and_gets_its_sheet_kind() -> None:
    for name, kind in (("henan", StarScheme), ("hulunbuir", GradeScheme)):
        rb = load_rulebook(name)
        scheme = scheme_of(rb)
        assert type(scheme) is kind and SCHEMES[rb.scheme] is kind
        assert SCHEMA_MODELS[f"sheet-{name}"] is scheme.sheet_model


def test_a_new_city_is_a_new_rulebook_its_sheet_derived_from_it() -> None:
    """附件3/4 checklists become the sheet's mappings: a rulebook with a third checklist category gets a third
    mapping, with no new code; a grades rulebook's score parts become the sheet's scores."""
    from generator.records.sheets import _make

    henan = load_rulebook("henan").model_dump(mode="json")
    red = next(c for c in henan["categories"] if c["code"] == "red")
    henan["id"] = "newcity"
    henan["categories"].append({**red, "code": "green", "name": "绿色物业"})
    sheet = _make(Rulebook.model_validate(henan))
    assert set(sheet.model_fields) == {"red", "smart", "green"}
    assert sheet.model_validate({"green": {"1.1": 0}}).green == {"1.1": 0}  # type: ignore[attr-defined]

    hlbe = load_rulebook("hulunbuir").model_dump(mode="json")
    hlbe["id"] = "othercity"
    hlbe["grades"]["parts"].append({"key": "residents", "name": "业主评价"})
    sheet = _make(Rulebook.model_validate(hlbe))
    scores = sheet.model_fields["scores"].annotation
    assert set(scores.model_fields) == {"street", "authority", "residents"}  # type: ignore[union-attr]
    with pytest.raises(ValueError):  # a grades rulebook without grades: is refused by its scheme
        GradeScheme(Rulebook.model_validate({**hlbe, "grades": None}))


# ---- loaded once per command ----------------------------------------------------------------------------


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time a command loads a records tree (the one loader the one door calls)."""
    calls: list[Path] = []
    real: Callable[..., Any] = validate_module.load_records

    def counting(root: Path, *args: Any, **kwargs: Any) -> Any:
        calls.append(root)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(validate_module, "load_records", counting)
    return calls


@pytest.mark.parametrize("argv", [
    ["validate"],
    ["build", "--output", "{out}", "--quiet"],
    ["publish", "--output", "{out}"],
    ["explain", "91410105MA9F3HX1K4"],
    ["expiring", "--days", "400"],
    ["deadlines"],
])
def test_a_command_loads_and_validates_the_records_once(argv: list[str], counted: list[Path], tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(MINI, records)
    args = [a.replace("{out}", str(tmp_path / "out")) for a in argv]
    code = cli.main([*args, "--records", str(records), "--as-of", AS_OF])
    assert code == 0
    assert counted == [records]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_loads_the_working_tree_once(counted: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``credit diff`` loads the working tree once and makes the base from it (generator/records/overlay.py);
    only a base it cannot make so (here: platform.yaml changed) is checked out and loaded, a second load."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                        *args], cwd=tmp_path, check=True, capture_output=True, env=env)

    shutil.copytree(MINI, tmp_path / "records")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    record = tmp_path / "records" / "credit" / "2026" / "410105-2026-0001.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("summary: ", "summary: 改 "), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = ["diff", "--records", "records", "--base", "HEAD", "--as-of", AS_OF]
    assert cli.main(argv) == 0
    assert counted == [Path("records")]
    platform = tmp_path / "records" / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8") + "# 改\n", encoding="utf-8")
    counted.clear()
    assert cli.main(argv) == 0
    assert len(counted) == 2 and counted[0] == Path("records") and counted[1].name == "records" != counted[0]
