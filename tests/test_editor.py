"""The web form for clerks (issue 16): Decap CMS at ``admin/``, configured from the models and the rulebook.

Without a browser: every field of every model is in the form with a Chinese label; the rulebook's items are the
item select; the config reads the same with Decap's YAML parser; ``admin/`` holds no record content; and what
``editor.js`` writes (the very code the form runs, under Node) is read back by the strict loader as the same
models, for every record file of the demo, the test tree and the Hulunbuir example, and for texts YAML reads in
surprising ways.

In a browser (``-m browser``): a temporary git repository of the demo records, decap-server on it (git mode) and
the built site on 127.0.0.1; a clerk creates a B-class record and edits an enterprise's hotline through the form.
Each save is a commit on a new ``cms/…`` branch, which ``credit validate`` accepts and ``credit diff`` reports.
No request leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import AS_OF, MINI

from generator import labels
from generator.day import open_day
from generator.publish.admin import config, write_admin
from generator.publish.admin.collections import item_options
from generator.records.files import parse_bytes
from generator.records.kinds import SCHEMA_MODELS

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "records"
HULUNBUIR = REPO / "examples" / "hulunbuir" / "records"
ARTIFACTS = REPO / "test-artifacts"
NODE = shutil.which("node")
CJK = re.compile(r"[\u4e00-\u9fff]")
DAY = dt.date.fromisoformat(AS_OF)

needs_node = pytest.mark.skipif(NODE is None, reason="needs Node.js (README: Node.js 20+)")


def admin_for(records: Path, out: Path) -> Path:
    """``admin/`` for a records tree, as the build writes it."""
    write_admin(open_day(records, DAY).snapshot, out)
    return out / "admin"


@pytest.fixture(scope="module")
def mini_admin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return admin_for(MINI, tmp_path_factory.mktemp("admin-mini"))


def collections_of(records: Path) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in config(open_day(records, DAY).snapshot)["collections"]}


# ---- the form is made from the models ------------------------------------------------------------------------


def _names(fields: list[dict[str, Any]], prefix: str = "") -> set[str]:
    out = set()
    for f in fields:
        out.add(prefix + f["name"])
        out |= _names(f.get("fields", []), f"{prefix}{f['name']}.")
    return out


def _schema_paths(schema: dict[str, Any], node: dict[str, Any] | None = None, prefix: str = "") -> set[str]:
    defs = schema.get("$defs", {})
    node = schema if node is None else node
    out = set()
    for name, prop in node.get("properties", {}).items():
        out.add(prefix + name)
        for option in [prop, *prop.get("anyOf", []), prop.get("items", {})]:
            ref = option.get("$ref") or option.get("items", {}).get("$ref")
            if ref:
                out |= _schema_paths(schema, defs[ref.rsplit("/", 1)[1]], f"{prefix}{name}.")
    return out


def test_every_field_of_every_model_is_in_the_form_with_a_chinese_label() -> None:
    made = collections_of(DEMO)
    credit = _schema_paths(SCHEMA_MODELS["credit-record"].model_json_schema(by_alias=True))
    only_good = {"deed"}
    only_bad = {"class", "points", "notified", "decision.kind", "decision.penalty_months", "decision.domain",
                "refuses_correction", "extensions", "extensions.decided", "extensions.months", "extensions.reason",
                "repair", "repair.applied", "repair.decided", "repair.outcome"}
    form = {n for n in _names(made["credit-bad"]["fields"]) if not n.startswith("_")}
    assert form == credit - only_good
    form = {n for n in _names(made["credit-good"]["fields"]) if not n.startswith("_")}
    assert form == credit - only_bad
    for name, kind in (("enterprises", "enterprise"), ("persons", "person"), ("evaluations", "evaluation")):
        form = {n for n in _names(made[name]["fields"]) if not n.startswith("_")}
        assert form == _schema_paths(SCHEMA_MODELS[kind].model_json_schema(by_alias=True)), name
    sheet = {n.split(".")[0] for n in _names(made["sheets"]["fields"]) if not n.startswith("_")}
    assert sheet == set(SCHEMA_MODELS["sheet-henan"].model_fields)

    def labelled(fields: list[dict[str, Any]]) -> None:
        for f in fields:
            assert CJK.search(f["label"]), f
            for option in f.get("options", []):
                assert CJK.search(option["label"]) or re.fullmatch(r"\d{6,9} .+|\d+", option["label"]), option
            labelled(f.get("fields", []))

    for c in made.values():
        assert CJK.search(c["label"]) and CJK.search(c.get("description", "")), c["name"]
        labelled(c["fields"])


def test_every_label_key_names_a_field() -> None:
    """No label for a field that is gone (labels.py FIELD_LABELS follows the models)."""
    known = {f"{kind}.{p}" for kind in ("enterprise", "person", "credit-record", "evaluation")
             for p in _schema_paths(SCHEMA_MODELS[kind].model_json_schema(by_alias=True))}
    known |= {f"sheet.{p}" for p in _schema_paths(SCHEMA_MODELS["sheet-hulunbuir"].model_json_schema(by_alias=True))}
    stray = {k for k in labels.FIELD_LABELS if not k.startswith("editor.")} - known
    assert stray == set()
    assert set(labels.FIELD_HINTS) <= set(labels.FIELD_LABELS)


def test_the_item_select_is_the_rulebooks_items() -> None:
    snap = open_day(DEMO, DAY).snapshot
    rb = snap.rulebook
    bad = {o["value"]: o["label"] for o in item_options(rb, "bad")}
    assert set(bad) == {code for code, (cat, _s, _i) in rb.items.items() if cat.kind == "deduction"}
    assert bad["market.1.21"].startswith("市场行为规范 1.21 ") and "扣 3 分/次" in bad["market.1.21"]
    assert "一票否决" in bad["market.1.1"] and "扣 1–3 分" in bad["market.5"]
    good = {o["value"] for o in item_options(rb, "good")}
    assert good == {c.code for c in rb.categories if c.awards} | {
        code for code, (cat, _s, _i) in rb.items.items() if cat.kind == "bonus"}
    made = collections_of(DEMO)
    item = next(f for f in made["credit-bad"]["fields"] if f["name"] == "item")
    assert item["widget"] == "select" and {o["value"] for o in item["options"]} == set(bad)


def test_codes_dates_and_relations() -> None:
    made = collections_of(DEMO)
    fields = {f["name"]: f for f in made["credit-bad"]["fields"]}
    assert fields["recorder"]["widget"] == "select"
    assert {o["value"] for o in fields["recorder"]["options"]} >= {"410105", "410000"}
    assert fields["subject"]["widget"] == "relation" and fields["subject"]["collection"] == "enterprises"
    assert fields["_person"]["collection"] == "persons" and fields["project"]["value_field"] == "projects.*.id"
    assert fields["entered"]["widget"] == "datetime" and fields["entered"]["format"] == "YYYY-MM-DD"
    assert fields["entered"]["time_format"] is False and fields["count"]["value_type"] == "int"
    assert fields["kind"] == fields["kind"] | {"widget": "hidden", "default": "bad"}
    decision = {f["name"]: f for f in fields["decision"]["fields"]}
    assert decision["kind"]["options"][0] == {"label": "行政处罚（penalty）", "value": "penalty"}
    repair = {f["name"]: f for f in fields["repair"]["fields"]}
    assert fields["repair"]["required"] is False and repair["applied"]["required"] is False  # checked by editor.js
    enterprise = {f["name"]: f for f in made["enterprises"]["fields"]}
    assert enterprise["registered_region"]["widget"] == "select"
    projects = {f["name"]: f for f in enterprise["projects"]["fields"]}
    assert projects["manager"]["widget"] == "relation" and projects["id"]["pattern"][0] == r"^[a-z0-9][a-z0-9-]{0,63}$"
    assert made["credit-bad"]["slug"] == "{{fields.recorder}}-{{fields._year}}-{{fields._serial}}"
    assert made["persons"]["slug"] == "P-{{fields._region}}-{{fields._serial}}"
    assert made["enterprises"]["create"] is False and made["sheets"]["create"] is False


def test_the_config_reads_the_same_with_decaps_yaml_parser(mini_admin: Path) -> None:
    text = (mini_admin / "config.yml").read_text(encoding="utf-8")
    conf = yaml.safe_load(text)
    assert conf["locale"] == "zh_Hans" and conf["publish_mode"] == "editorial_workflow"
    assert conf["backend"]["name"] == "github" and conf["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    if NODE is None:
        pytest.skip("needs Node.js")
    parser = json.dumps((mini_admin / "yaml" / "index.js").as_uri())
    script = (f"import {{ YAML }} from {parser}; import {{ readFileSync }} from 'node:fs';"
              "process.stdout.write(JSON.stringify(YAML.parse(readFileSync(process.argv[1], 'utf8'))));")
    out = subprocess.run([NODE, "--input-type=module", "-e", script, str(mini_admin / "config.yml")], encoding="utf-8",
                         capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == conf


def test_a_deployment_without_credit_items_gets_no_credit_collections() -> None:
    made = collections_of(HULUNBUIR)
    assert "credit-bad" not in made and "credit-good" not in made
    sheet = {f["name"]: f for f in made["sheets"]["fields"]}
    assert {f["label"] for f in sheet["scores"]["fields"]} == {"街道（乡镇）评价", "行政主管部门评价"}
    assert sheet["red_conditions"]["multiple"] is True and sheet["red_conditions"]["options"][0]["value"] == 1


def test_the_editor_settings_come_from_platform_yaml(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(MINI, records)
    with (records / "platform.yaml").open("a", encoding="utf-8") as fh:
        fh.write("editor:\n  backend: gitlab\n  repo: zjt/xinyong/records\n  base_url: https://git.example.gov.cn\n"
                 "  api_root: https://git.example.gov.cn/api/v4\n  app_id: abc123\n  local_port: 9099\n")
    conf = config(open_day(records, DAY).snapshot)
    assert conf["backend"] == {"name": "gitlab", "repo": "zjt/xinyong/records", "branch": "main",
                               "base_url": "https://git.example.gov.cn", "api_root": "https://git.example.gov.cn/api/v4",
                               "app_id": "abc123", "auth_type": "pkce"}
    assert conf["local_backend"]["url"] == "http://127.0.0.1:9099/api/v1"


def test_admin_holds_no_record_content(mini_admin: Path) -> None:
    """The site is public, the records are not: no record's id, subject, text or document number, no enterprise's
    or person's name, address or telephone is in admin/ (only the structure, the rulebook and the public lists of
    regions and authorities)."""
    texts: set[str] = set()
    for p in (MINI / "credit").rglob("*.yaml"):
        rec = yaml.safe_load(p.read_text(encoding="utf-8"))
        texts |= {p.stem, str(rec["subject"]), rec["summary"], rec["decision"]["document"]}
        texts |= {x["reason"] for x in rec.get("extensions", [])} - {"拒不纠正", "有效期满仍拒不纠正"}  # the measures' words
    for p in (MINI / "enterprises").glob("*.yaml"):
        e = yaml.safe_load(p.read_text(encoding="utf-8"))
        texts |= {p.stem, e["name"], e["address"], e["legal_representative"], str(e.get("hotline", p.stem))}
        texts |= {x for pr in e.get("projects", []) for x in (pr["name"], pr["address"])}
    for p in (MINI / "persons").glob("*.yaml"):
        texts |= {p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))["name"]}
    assert "未按规定清运小区生活垃圾" in texts and "91410105MA9F3HX1K4" in texts and "P-410105-0001" in texts
    ours = [p for p in mini_admin.rglob("*") if p.is_file() and not p.name.endswith("decap-cms.js") and p.parent.name != "yaml"]
    assert {p.name for p in ours} >= {"config.yml", "editor.json", "index.html", "editor.js", "preview.js"}
    for p in ours:
        data = p.read_text(encoding="utf-8", errors="replace")
        leaked = sorted(t for t in texts if t in data)
        assert leaked == [], f"{p.name}: {leaked[:5]}"


# ---- what the form writes, the loader reads back -------------------------------------------------------------

ROUNDTRIP_JS = """
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
const [admin, jobsPath] = process.argv.slice(2);
const info = JSON.parse(readFileSync(`${admin}/editor.json`, 'utf8'));
const editor = await import(pathToFileURL(`${admin}/editor.js`).href);
for (const job of JSON.parse(readFileSync(jobsPath, 'utf8'))) {
  const spec = info.kinds[job.kind];
  const data = 'data' in job ? job.data : editor.readFile(job.kind, spec, readFileSync(job.src, 'utf8'));
  mkdirSync(dirname(job.out), { recursive: true });
  writeFileSync(job.out, editor.writeFile(job.kind, spec, data));
}
"""


def run_editor(admin: Path, jobs: list[dict[str, Any]], tmp: Path) -> None:
    """Run editor.js's readFile/writeFile — the form's own code — under Node for each job."""
    script, listing = tmp / "roundtrip.mjs", tmp / "jobs.json"
    script.write_text(ROUNDTRIP_JS, encoding="utf-8")
    listing.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    subprocess.run([NODE or "node", str(script), str(admin), str(listing)], check=True, timeout=120, encoding="utf-8",
                   capture_output=True, text=True)


def kind_of_file(rel: Path, sheet: str) -> str | None:
    top = rel.parts[0]
    if top == "credit":
        return "credit-record"
    if top in ("enterprises", "persons"):
        return top[:-1]
    if top == "evaluations":
        return "evaluation" if rel.name == "evaluation.yaml" else sheet
    return None


@needs_node
@pytest.mark.parametrize("records", [MINI, DEMO, HULUNBUIR], ids=["mini", "demo", "hulunbuir"])
def test_every_record_file_read_and_written_by_the_form_loads_as_the_same_model(records: Path, tmp_path: Path) -> None:
    admin = admin_for(records, tmp_path / "site")
    sheet = f"sheet-{open_day(records, DAY).snapshot.rulebook.id}"
    out = tmp_path / "records"
    shutil.copytree(records, out)
    jobs = []
    for p in sorted(records.rglob("*.yaml")):
        rel = p.relative_to(records)
        kind = kind_of_file(rel, sheet)
        if kind is not None:
            jobs.append({"kind": kind, "src": str(p), "out": str(out / rel)})
    assert len(jobs) >= 10
    run_editor(admin, jobs, tmp_path)
    for job in jobs:
        before, problems = parse_bytes(Path(job["src"]).read_bytes(), job["src"], job["kind"])
        after, problems_after = parse_bytes(Path(job["out"]).read_bytes(), job["out"], job["kind"])
        assert after is not None, (job["out"], problems_after, Path(job["out"]).read_text(encoding="utf-8"))
        assert after == before, job["out"]
        assert [p.message for p in problems_after] == [p.message for p in problems]
        text = Path(job["out"]).read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=") and "null" not in text and "{" not in text
    # the whole tree still validates, with the same warnings
    before = subprocess.run([sys.executable, "-m", "generator.commands.cli", "validate", "--records", str(records),
                             "--as-of", AS_OF], capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=120)
    after = subprocess.run([sys.executable, "-m", "generator.commands.cli", "validate", "--records", str(out),
                            "--as-of", AS_OF], capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=120)
    assert after.returncode == before.returncode == 0, after.stdout
    assert after.stdout.replace(str(out), "R").count("警告") == before.stdout.count("警告")


TRICKY = [
    "yes", "no", "on", "Off", "y", "n", "null", "~", "true", "False", "0371", "410105", "1_000", "0x1F", "1e3",
    ".inf", "-1", "+1", "190:20", "12:30", "2026-03-02", "2026-3-2", "- 列表", "? 问", ": 冒号", "a: b", "a #b",
    "#注释", "&锚", "*别名", "!标签", "|块", ">折叠", "%指令", "@at", "`反引号`", "'单引号'", '"双引号"', "[方括号]",
    "{花括号}", ",逗号", " 前空格", "后空格 ", "多行\n文本", "回车\r", "制表\t符", "反斜杠\\", "\u0085下一行",
    "\u2028分隔", "\ufeffBOM", "\x7f删除", "末尾冒号:", "<<", "=", "以限制乘用电梯方式催交物业费", "金建罚决字〔2026〕第12号",
    "😀表情", "P-410105-0001", "market.1.21",
]


@needs_node
def test_texts_yaml_reads_in_surprising_ways_come_back_as_written(mini_admin: Path, tmp_path: Path) -> None:
    rng = random.Random(16)
    alphabet = "ab09 :#-?,[]{}&*!|>'\"%@`\\\t\n~.+_=<中文，。：“”\u3000\u00a0\u0085\u2028\x01\x1f\x7f😀"
    texts = TRICKY + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(400)]
    base = yaml.safe_load((MINI / "credit/2026/410105-2026-0001.yaml").read_text(encoding="utf-8"))
    base = json.loads(json.dumps(base, default=str))  # the form holds dates as text
    jobs = []
    for i, text in enumerate(texts):
        data = {**base, "summary": text, "decision": {**base["decision"], "document": text}, "_serial": "9"}
        jobs.append({"kind": "credit-record", "data": data, "out": str(tmp_path / "out" / f"{i}.yaml")})
    run_editor(mini_admin, jobs, tmp_path)
    for job, text in zip(jobs, texts, strict=True):
        raw = Path(job["out"]).read_bytes()
        model, problems = parse_bytes(raw, job["out"], "credit-record")
        refused = [p.message for p in problems if p.severity == "error"]
        if model is None:  # refused for what the text is (a control character), never for how it was written
            assert text.strip() != text or any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in text), (text, refused)
            continue
        assert model.summary == text and model.decision.document == text, (text, raw)
        assert model.recorder == "410105" and model.decision.effective == dt.date(2026, 3, 2)
        assert "_serial" not in raw.decode("utf-8")


@needs_node
def test_a_written_record_quotes_codes_and_leaves_dates_plain(mini_admin: Path, tmp_path: Path) -> None:
    data = {"_serial": "0009", "_person": "P-410105-0001", "_year": "2026", "kind": "bad", "class": "B",
            "item": "market.1.21", "count": 1, "summary": "以限制乘用电梯方式催交物业费", "recorder": "410105",
            "decision": {"effective": "2026-03-02", "authority": "郑州市金水区住房和城乡建设局", "level": "county",
                         "document": "金建罚决字〔2026〕第12号", "kind": "penalty", "learned": ""},
            "notified": "2026-03-03", "entered": "2026-03-05", "disclosure_months": 12, "project": None,
            "extensions": [], "objections": [{"filed": "2026-03-10", "suspend": False, "resolved": "", "outcome": None}],
            "repair": {"applied": "", "decided": None}}
    out = tmp_path / "r.yaml"
    run_editor(mini_admin, [{"kind": "credit-record", "data": data, "out": str(out)}], tmp_path)
    assert out.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../../schemas/credit-record.schema.json\n"
        "subject: P-410105-0001\nkind: bad\nclass: B\nitem: market.1.21\ncount: 1\n"
        "summary: 以限制乘用电梯方式催交物业费\n"
        "decision:\n  authority: 郑州市金水区住房和城乡建设局\n  level: county\n  document: 金建罚决字〔2026〕第12号\n"
        "  kind: penalty\n  effective: 2026-03-02\n"
        'recorder: "410105"\nnotified: 2026-03-03\nentered: 2026-03-05\ndisclosure_months: 12\n'
        "objections:\n  - filed: 2026-03-10\n    suspend: false\n"
    )


# ---- in a browser: decap-server on a git repository of the demo, the built site, a clerk ----------------------

SUBJECT = "91410105MA19R26HN8"  # 郑州商都示例物业管理有限公司 (demo)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, encoding="utf-8", check=True,
                          timeout=60).stdout


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A git repository holding a copy of the demo records, decap-server (git mode) on it, and the site built from
    it (its admin/config.yml points local_backend at that decap-server) served on 127.0.0.1."""
    from support import serve

    from generator.commands.build import build

    server_bin = REPO / "node_modules" / ".bin" / "decap-server"
    if not server_bin.exists():
        pytest.skip("decap-server is not installed (npm ci)")
    root = tmp_path_factory.mktemp("editor")
    repo = root / "repo"
    shutil.copytree(DEMO, repo / "records")
    port = free_port()
    with (repo / "records" / "platform.yaml").open("a", encoding="utf-8") as fh:
        fh.write(f"editor:\n  repo: example-org/property-credit\n  local_port: {port}\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "测试")
    git(repo, "config", "user.email", "editor-test@example.gov.cn")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "演示记录")
    site = root / "site"
    build(repo / "records", site, DAY)
    assert (site / "admin" / "config.yml").is_file()
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port), "MODE": "git",
           "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn"}
    log = (root / "decap-server.log").open("w", encoding="utf-8")
    proc = subprocess.Popen([str(server_bin)], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=b'{"action":"info"}',
                                             headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=2) as resp:
                    assert json.load(resp)["type"] == "local_git"
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError((root / "decap-server.log").read_text(encoding="utf-8")) from None
                time.sleep(0.2)
        with serve(site) as url:
            yield {"repo": repo, "url": url, "root": root}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


class Clerk:
    """A browser page on /admin/, logged in to the local backend; every request not to 127.0.0.1 is blocked
    and remembered."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.url = url
        self.page.goto(f"{url}/admin/")
        self.page.get_by_role("button", name="登录").click()
        self.page.get_by_text("不良信用信息").first.wait_for()

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, hash_path: str) -> Any:
        self.page.goto(f"{self.url}/admin/#/{hash_path}")
        self.page.reload()  # Decap keeps a previous editor's widgets on a hash change alone
        return self.page

    def pick(self, label: str, text: str) -> None:
        """Choose in a select or relation (react-select): type, wait for the option, take it."""
        box = self.page.get_by_label(label)
        box.click()
        box.fill(text)
        self.page.get_by_role("option").filter(has_text=text).first.wait_for()
        box.press("Enter")

    def save(self) -> None:
        self.page.get_by_role("button", name="保存", exact=True).click()

    def close(self, name: str) -> None:
        """Close the page, leaving a screenshot in test-artifacts/ for a person to look at."""
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            self.page.screenshot(path=str(ARTIFACTS / f"editor-{name}.png"), full_page=True)
        finally:
            self.context.close()


def wait_for_branch(repo: Path, prefix: str, page: Any, timeout: float = 30) -> str:
    """The first branch of ``repo`` named ``prefix…`` once the save has landed on it, waiting in the page
    (Playwright's synchronous API runs the route handler only while it is called: time.sleep would hold the
    save's request back). decap-server creates the branch first and commits onto it afterwards, then goes back
    to main: a branch that exists but still points at main's tip, or a work tree not yet back on main, is a
    save in progress."""
    deadline = time.monotonic() + timeout
    branches: list[str] = []
    while time.monotonic() < deadline:
        branches = [b.strip() for b in git(repo, "branch", "--format=%(refname:short)").splitlines()]
        found = [b for b in branches if b.startswith(prefix)]
        if found and _landed(repo, found[0]):
            return found[0]
        page.wait_for_timeout(300)
    raise AssertionError(f"no saved branch {prefix}* in {branches}")


def _landed(repo: Path, branch: str) -> bool:
    tip = git(repo, "rev-parse", branch).strip()
    main = git(repo, "rev-parse", "main").strip()
    return tip != main and git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"


def credit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.commands.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from support import chromium

    with chromium() as b:
        yield b


@pytest.mark.browser
def test_a_clerk_creates_a_b_class_record_and_it_is_a_valid_pull_request(editor_site: dict[str, Any], browser: Any) -> None:
    repo: Path = editor_site["repo"]
    clerk = Clerk(browser, editor_site["url"])
    try:
        page = clerk.open("collections/credit-bad/new")
        page.get_by_label("事实摘要（公开）").wait_for()
        clerk.pick("信用主体（企业）", "郑州商都示例物业管理有限公司")
        clerk.pick("评分标准条目", "市场行为规范 1.21 ")
        clerk.pick("不良信息类别（第十条）", "B 类")
        page.get_by_label("事实摘要（公开）").fill("以限制乘用电梯方式催交物业费（表单录入）")
        page.get_by_label("作出决定的机关").fill("郑州市金水区住房和城乡建设局")
        clerk.pick("决定机关层级", "县级（county）")
        page.get_by_label("文书编号").fill("金建罚决字〔2026〕第99号")
        clerk.pick("决定种类", "行政处罚（penalty）")
        page.get_by_label("决定生效日期").fill("2026-11-02")
        clerk.pick("录入机关", "410105 郑州市金水区住房和城乡建设局")
        page.get_by_label("告知日期").fill("2026-11-03")
        page.get_by_label("录入日期").fill("2026-11-05")
        page.get_by_label("公开期限（月）").fill("12")
        page.get_by_role("button", name="取下一个序号").click()
        page.get_by_text("新文件：410105-2026-0006").wait_for()  # the demo's largest 410105-2026 serial is 0005
        today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()  # the preview's day: Asia/Shanghai
        expected = ("未到公开日期：自录入日期 2026-11-05 起公开" if today < dt.date(2026, 11, 5)
                    else "公开期限已于 2027-11-02 届满" if today > dt.date(2027, 11, 2)
                    else "公开：自 2026-11-05 起，至 2027-11-02")
        assert expected in page.frame_locator("iframe").first.locator("p.state").inner_text()
        clerk.save()
        branch = wait_for_branch(repo, "cms/credit-bad/", page)
        page.get_by_text("编号：410105-2026-0006").wait_for()
    finally:
        clerk.close("new-record")
    assert clerk.blocked == [], clerk.blocked
    assert clerk.errors == [], clerk.errors
    assert branch == "cms/credit-bad/2026/410105-2026-0006"
    changed = git(repo, "diff", "--name-status", "main", branch).split()
    assert changed == ["A", "records/credit/2026/410105-2026-0006.yaml"]
    text = git(repo, "show", f"{branch}:records/credit/2026/410105-2026-0006.yaml")
    assert f'subject: "{SUBJECT}"' in text and 'recorder: "410105"' in text and "effective: 2026-11-02\n" in text
    assert "_serial" not in text and "_year" not in text
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"  # decap-server went back to main

    work = editor_site["root"] / "worktree-record"
    git(repo, "worktree", "add", "--detach", "-q", str(work), branch)
    try:
        checked = credit("validate", "--records", "records", "--as-of", AS_OF, cwd=work)
        assert checked.returncode == 0 and "错误" not in checked.stdout, checked.stdout + checked.stderr
        diff = credit("diff", "--base", "main", "--records", "records", "--as-of", AS_OF, cwd=work)
        assert diff.returncode == 0, diff.stderr
        first = diff.stdout.splitlines()[0]
        assert "将公开 1 条 B 类不良信息" in first, diff.stdout
        assert "`410105-2026-0006`" in diff.stdout and "以限制乘用电梯方式催交物业费（表单录入）" in diff.stdout
    finally:
        git(repo, "worktree", "remove", "--force", str(work))


@pytest.mark.browser
def test_a_clerk_edits_an_enterprises_hotline(editor_site: dict[str, Any], browser: Any) -> None:
    repo: Path = editor_site["repo"]
    before = git(repo, "show", f"main:records/enterprises/{SUBJECT}.yaml")
    assert 'hotline: "0371-65550114"' in before
    clerk = Clerk(browser, editor_site["url"])
    try:
        page = clerk.open(f"collections/enterprises/entries/{SUBJECT}")
        box = page.get_by_label("公共服务电话")
        expect(box).to_have_value("0371-65550114", timeout=30_000)  # the entry read through decap-server
        box.fill("0371-65559999")
        expect(box).to_have_value("0371-65559999")
        clerk.save()
        branch = wait_for_branch(repo, f"cms/enterprises/{SUBJECT}", page)
    finally:
        clerk.close("hotline")
    assert clerk.blocked == [], clerk.blocked
    assert clerk.errors == [], clerk.errors
    after = git(repo, "show", f"{branch}:records/enterprises/{SUBJECT}.yaml")
    assert after == before.replace('hotline: "0371-65550114"', 'hotline: "0371-65559999"')
    work = editor_site["root"] / "worktree-hotline"
    git(repo, "worktree", "add", "--detach", "-q", str(work), branch)
    try:
        checked = credit("validate", "--records", "records", "--as-of", AS_OF, cwd=work)
        assert checked.returncode == 0 and "错误" not in checked.stdout, checked.stdout
    finally:
        git(repo, "worktree", "remove", "--force", str(work))
