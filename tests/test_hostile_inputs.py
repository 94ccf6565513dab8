"""Hostile inputs (issue 12, items 6 and 7; DESIGN §9): what a pull request could put in the records or the
checkout to make ``credit validate`` hang, run out of memory, read outside the records, run code, or
publish something the YAML does not say.

* A record file is a regular file inside records/, read with a size limit: a symbolic link (to /dev/zero,
  to a record outside the tree, to a folder), a FIFO, a huge file are each an error naming the file, at
  once, without reading it and without a traceback. A file the loader would not read (``X.YAML``,
  ``X.yaml.bak``, ``.X.yaml``…) is an error, never skipped in silence.
* No parse cache found in the working tree is trusted: the default cache lives outside the checkout, a
  cache directory inside the records or the checkout is refused, and a stored value whose HMAC (under a
  per-user secret) does not verify is never unpickled — a planted pickle runs nothing and a substituted
  record loses to the YAML.

Each test runs the real CLI; the ones that could hang or exhaust memory on a broken loader run it in a
process of its own, with a time limit and a memory limit.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import resource
import secrets
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import AS_OF, E1, MINI, R1, REPO, Result, Tree

from generator.commands import cli
from generator.records import files as record_files
from generator.records import parse_cache

TIMEOUT = 60
MEMORY = 3 << 30  # bytes of address space for the child: reading /dev/zero would hit it, not the machine


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _env(**extra: str | None) -> dict[str, str]:
    env = dict(os.environ)
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


def credit(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> tuple[Result, float]:
    """Run ``python -m generator.commands.cli ARGS`` in a process of its own; returns its result and its wall time."""
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "generator.commands.cli", *args], capture_output=True, text=True, encoding="utf-8",
        cwd=cwd, env=env, timeout=TIMEOUT, preexec_fn=_limit_memory,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr), time.monotonic() - t0


def validate(root: Path, cwd: Path = REPO, env: dict[str, str] | None = None) -> tuple[Result, float]:
    return credit("validate", "--records", str(root), "--as-of", AS_OF, cwd=cwd, env=env)


def refused(res: Result, rel: str, word: str) -> None:
    """``credit validate`` failed, naming ``rel`` (line 1) with ``word``, without a traceback."""
    assert res.code == 1, res.out + res.err
    assert "Traceback" not in res.out + res.err
    res.find(rel, 1, word)


NEW = "credit/2026/410105-2026-0009.yaml"


def _outside_record(tmp_path: Path, summary: str = "链接进来的外部记录") -> Path:
    """A valid record (a copy of R1 with another summary) outside the records tree."""
    src = (MINI / R1).read_text(encoding="utf-8")
    out = tmp_path / "outside" / "410105-2026-0009.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(src.replace("以限制乘用电梯方式催交物业费", summary), encoding="utf-8")
    return out


# ---- item 6: what a record file may be ----------------------------------------------------------------


@pytest.mark.parametrize("rel", [NEW, "persons/P-410105-0009.yaml", "platform.yaml",
                                 "evaluations/2026/410105/evaluation.yaml"])
@pytest.mark.parametrize("pool", [False, True])
def test_a_link_to_dev_zero_is_refused_at_once(tree: Tree, rel: str, pool: bool) -> None:
    if pool and rel != NEW:
        pytest.skip("only record files are parsed in worker processes")
    target = tree.path(rel)
    target.unlink(missing_ok=True)
    target.symlink_to("/dev/zero")
    env = _env(CREDIT_WORKERS="2", CREDIT_POOL_MIN_FILES="1") if pool else None
    res, took = validate(tree.root, env=env)
    refused(res, rel, "不是普通文件（符号链接）")
    assert took < TIMEOUT / 2


def test_a_link_to_a_record_outside_is_refused_and_not_published(tree: Tree, tmp_path: Path) -> None:
    tree.path(NEW).symlink_to(_outside_record(tmp_path))
    res, _took = validate(tree.root)
    refused(res, NEW, "符号链接")

    site = tmp_path / "site"
    built, _took = credit("build", "--records", str(tree.root), "--output", str(site), "--as-of", AS_OF,
                          "--data-only", "--quiet")
    assert built.code != 0 and "Traceback" not in built.out + built.err
    published = [p for p in site.rglob("*") if p.is_file()] if site.exists() else []
    leaked = [p for p in published if "410105-2026-0009" in p.read_text("utf-8", errors="replace")
              or "链接进来的外部记录" in p.read_text("utf-8", errors="replace")]
    assert leaked == []


def test_a_linked_year_folder_is_refused(tree: Tree, tmp_path: Path) -> None:
    record = _outside_record(tmp_path)
    year = tmp_path / "outside-year"
    year.mkdir()
    shutil.copy(record, year / "410105-2024-0001.yaml")
    tree.path("credit/2024").symlink_to(year, target_is_directory=True)
    res, _took = validate(tree.root)
    refused(res, "credit/2024", "不是普通文件夹（符号链接）")
    assert "410105-2024-0001" not in res.out  # nothing in it was read


def test_a_linked_enterprises_folder_is_refused(tree: Tree, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "enterprises"
    shutil.move(str(tree.path("enterprises")), moved)
    tree.path("enterprises").symlink_to(moved, target_is_directory=True)
    res, _took = validate(tree.root)
    refused(res, "enterprises", "不是普通文件夹（符号链接）")


def test_a_link_inside_a_linked_root_is_still_refused(tree: Tree, tmp_path: Path) -> None:
    # the records root itself may be a link (the user named it); nothing inside it may be one
    root_link = tmp_path / "records-link"
    root_link.symlink_to(tree.root, target_is_directory=True)
    res, _took = validate(root_link)
    assert res.code == 0, res.out + res.err
    tree.path(NEW).symlink_to(_outside_record(tmp_path))
    res, _took = validate(root_link)
    refused(res, NEW, "符号链接")


@pytest.mark.parametrize("rel", [NEW, "platform.yaml"])
def test_a_fifo_is_refused_without_waiting(tree: Tree, rel: str) -> None:
    tree.path(rel).unlink(missing_ok=True)
    os.mkfifo(tree.path(rel))
    res, took = validate(tree.root)
    refused(res, rel, "不是普通文件（命名管道）")
    assert took < TIMEOUT / 2


def test_a_huge_file_is_refused_without_reading_it(tree: Tree) -> None:
    # 8 GB, sparse: reading it would exhaust the child's memory (and take long); its size refuses it
    with open(tree.path(NEW), "wb") as fh:
        fh.truncate(8 << 30)
    res, took = validate(tree.root)
    refused(res, NEW, "文件过大")
    assert took < TIMEOUT / 2


def test_the_limits_a_record_small_a_top_level_list_larger(tree: Tree, run_validate) -> None:
    from generator.records.yamlload import MAX_BYTES

    # a whole country's authorities.yaml is a few MB: allowed; a record of more than 512 kB is not
    tree.append("authorities.yaml", ("#" * 1023 + "\n") * 2000)
    res = run_validate(tree.root)
    assert res.code == 0, res.out + res.err
    tree.write(NEW, "#" * (MAX_BYTES + 1))
    res = run_validate(tree.root)
    refused(res, NEW, "文件过大")


@pytest.mark.parametrize("folder", ["credit/2026", "enterprises"])
@pytest.mark.parametrize("pattern", ["{}.YAML", "{}.Yaml", "{}.yml", "{}.YML", "{}.yaml.bak", "{}.yaml~",
                                     ".{}.yaml", "{}.txt"])
def test_a_file_that_would_not_be_read_is_an_error(tree: Tree, run_validate, folder: str, pattern: str) -> None:
    stem = "410105-2026-0009" if folder.startswith("credit") else "91410105MA9F3HX1K4"
    src = R1 if folder.startswith("credit") else f"enterprises/{E1}.yaml"
    rel = f"{folder}/{pattern.format(stem)}"
    tree.write(rel, tree.text(src))
    res = run_validate(tree.root)
    assert res.code == 1, res.out + res.err
    assert [p.path for p in res.errors if p.path.endswith(rel)], res.out


@pytest.mark.parametrize("rel", ["credit/.2027/410105-2027-0001.yaml", "enterprises/.old/x.yaml",
                                 "platform.yaml.bak", "Regions.YAML", ".platform.yaml"])
def test_hidden_folders_and_stray_top_files_are_errors(tree: Tree, run_validate, rel: str) -> None:
    tree.write(rel, "name: x\n")
    res = run_validate(tree.root)
    assert res.code == 1, res.out + res.err
    top = "/".join(rel.split("/")[:2]) if rel.count("/") == 2 else rel
    assert [p for p in res.errors if p.path.endswith(top)], res.out


def test_what_git_leaves_is_allowed(tree: Tree, run_validate) -> None:
    # the choice: .gitkeep anywhere; git's own files and a README at the top of a records repository
    for rel in ("credit/2026/.gitkeep", "enterprises/.gitkeep", ".gitkeep", ".gitattributes", "README.md"):
        tree.write(rel, "")
    tree.path(".git").mkdir()
    res = run_validate(tree.root)
    assert res.code == 0, res.out + res.err
    assert res.problems == []


def test_a_worker_refuses_a_link_too(tmp_path: Path) -> None:
    # the walk refuses links before any worker sees them; the worker's own open refuses them as well
    # (a link made after the walk, or a caller that did not walk). FIFOs: in a process of its own, below.
    link = tmp_path / "410105-2026-0009.yaml"
    link.symlink_to(_outside_record(tmp_path))
    out = record_files._parse_chunk([(str(link), "x/link.yaml", "credit-record")], None)
    assert isinstance(out[0][1], str) and "符号链接" in out[0][1]


def test_a_worker_refuses_a_fifo_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    code = ("import sys; from generator.records import files as record_files; "
            "out = record_files._parse_chunk([(sys.argv[1], 'x/fifo.yaml', 'credit-record')], None); print(out[0][1])")
    proc = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, encoding="utf-8",
                          cwd=REPO, timeout=TIMEOUT, preexec_fn=_limit_memory)
    assert "命名管道" in proc.stdout, proc.stdout + proc.stderr


# ---- item 7: the parse cache ----------------------------------------------------------------------------


class _Evil:
    """A pickle that, when loaded, creates ``marker`` and stands for a file that has no problem and no model."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (eval, (f"(open({str(self.marker)!r}, 'w').close(), (None, []))[1]",))


def _plant(db: Path, rows: dict[bytes, bytes]) -> None:
    """Write ``rows`` into a cache database in every layout the loader has read, under the right keys, with
    MACs made with a secret of the attacker's (they cannot know the user's)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    attacker = secrets.token_bytes(32)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE IF NOT EXISTS parsed_v2 (id INTEGER PRIMARY KEY, key BLOB NOT NULL, value BLOB NOT NULL)")
    con.execute("CREATE TABLE IF NOT EXISTS parsed_v3 (id INTEGER PRIMARY KEY, key BLOB NOT NULL, mac BLOB NOT NULL, "
                "value BLOB NOT NULL)")
    for i, (k, v) in enumerate(rows.items()):
        rowid = int.from_bytes(k[:8], "big", signed=True)
        mac = hmac.digest(attacker, k + v, "sha256") if i % 2 else bytes(32)
        con.execute("INSERT OR REPLACE INTO parsed_v2 VALUES (?, ?, ?)", (rowid, k, v))
        con.execute("INSERT OR REPLACE INTO parsed_v3 VALUES (?, ?, ?, ?)", (rowid, k, mac, v))
    con.commit()
    con.close()


def _credit_keys(root: Path) -> dict[Path, bytes]:
    return {p: parse_cache.key("credit-record", p.read_bytes()) for p in sorted((root / "credit").rglob("*.yaml"))}


@pytest.mark.parametrize("where", ["old default in the checkout", "CREDIT_CACHE_DIR"])
def test_a_planted_cache_runs_nothing_and_the_yaml_is_read(tmp_path: Path, where: str) -> None:
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    root = checkout / "records"
    shutil.copytree(MINI, root)
    # the YAML says something the planted values would hide: an unknown key in R1
    before = (root / R1).read_text("utf-8")
    (root / R1).write_text(before + "bogus_field: 1\n", encoding="utf-8")
    line = before.count("\n") + 1
    marker = tmp_path / "pwned"
    evil = pickle.dumps(_Evil(marker))
    rows = {k: evil for k in _credit_keys(root).values()}
    if where == "CREDIT_CACHE_DIR":
        cache = tmp_path / "cache"
        _plant(cache / "parse.sqlite", rows)
        env = _env(CREDIT_CACHE_DIR=str(cache), CREDIT_CACHE=None, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    else:
        _plant(checkout / ".cache" / "credit" / "parse.sqlite", rows)  # where the cache used to be
        env = _env(CREDIT_CACHE_DIR=None, CREDIT_CACHE=None, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    for _run in range(2):  # and again, once the real cache holds the files
        res, _took = validate(root, cwd=checkout, env=env)
        assert not marker.exists(), "a planted pickle ran"
        assert "Traceback" not in res.out + res.err
        assert res.code == 1, res.out + res.err
        res.find(R1, line, "bogus_field")


def test_a_substituted_record_loses_to_the_yaml(tree: Tree, tmp_path: Path) -> None:
    # a valid pickle of a different record under R1's key, in the cache the run uses
    real = tree.path(R1).read_bytes()
    forged = real.decode().replace("以限制乘用电梯方式催交物业费", "伪造的信息摘要").encode()
    value = pickle.dumps(record_files.parse_bytes(forged, "x", "credit-record"), protocol=pickle.HIGHEST_PROTOCOL)
    cache = tmp_path / "cache"
    _plant(cache / "parse.sqlite", {parse_cache.key("credit-record", real): value})
    env = _env(CREDIT_CACHE_DIR=str(cache), CREDIT_CACHE=None, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    site = tmp_path / "site"
    res, _took = credit("build", "--records", str(tree.root), "--output", str(site), "--as-of", AS_OF,
                        "--data-only", "--quiet", env=env)
    assert res.code == 0, res.out + res.err
    text = "".join(p.read_text("utf-8", errors="replace") for p in site.rglob("*.json"))
    assert "伪造的信息摘要" not in text
    assert "以限制乘用电梯方式催交物业费" in text


@pytest.mark.parametrize("inside", ["checkout", "records"])
def test_a_cache_directory_in_the_checkout_or_the_records_is_refused(tmp_path: Path, inside: str) -> None:
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    root = checkout / "records"
    shutil.copytree(MINI, root)
    cache = checkout / ".cache" / "credit" if inside == "checkout" else root / "evaluations" / "cache"
    env = _env(CREDIT_CACHE_DIR=str(cache), CREDIT_CACHE=None, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    res, _took = validate(root, cwd=checkout, env=env)
    assert res.code == 0, res.out + res.err
    assert "警告" in res.err and "不使用解析缓存" in res.err and str(cache) in res.err
    assert not cache.exists()


def test_the_cache_is_outside_the_checkout_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDIT_CACHE_DIR", raising=False)
    monkeypatch.delenv("CREDIT_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert parse_cache.default_dir() == tmp_path / "xdg" / "credit-publication"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert parse_cache.default_dir() == tmp_path / "home" / ".cache" / "credit-publication"
    monkeypatch.setenv("CREDIT_CACHE", "off")
    assert parse_cache.default_dir() is None


def test_a_genuine_cache_is_used_and_each_row_is_authenticated(
    tree: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg = tmp_path / "xdg"
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    monkeypatch.setenv("CREDIT_CACHE_DIR", str(cache))
    monkeypatch.delenv("CREDIT_CACHE", raising=False)

    def validate_here() -> int:
        code = cli.main(["validate", "--records", str(tree.root), "--as-of", AS_OF])
        capsys.readouterr()
        return code

    assert validate_here() == 0  # cold: fills the cache
    key_file = xdg / "credit-publication" / parse_cache.KEY_NAME
    st = key_file.stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_size == 32

    parsed: list[str] = []
    real = record_files.parse_bytes

    def counting(data: bytes, display: str, name: str) -> object:
        if name not in ("platform", "regions", "authorities", "calendar", "evaluation"):  # never cached
            parsed.append(display)
        return real(data, display, name)

    monkeypatch.setattr(record_files, "parse_bytes", counting)
    assert validate_here() == 0
    assert parsed == []  # warm: every record, person, enterprise and sheet from the cache

    # one row altered in the database: that file alone is parsed again, its bytes never unpickled
    con = sqlite3.connect(cache / "parse.sqlite")
    k = parse_cache.key("credit-record", tree.path(R1).read_bytes())
    (value,) = con.execute("SELECT value FROM parsed_v3 WHERE key = ?", (k,)).fetchone()
    con.execute("UPDATE parsed_v3 SET value = ? WHERE key = ?", (value[:-1] + bytes([value[-1] ^ 1]), k))
    con.commit()
    con.close()
    assert validate_here() == 0
    assert len(parsed) == 1 and parsed[0].endswith(R1)


def test_a_key_others_can_read_is_refused(tree: Tree, tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    key_file = xdg / "credit-publication" / parse_cache.KEY_NAME
    key_file.parent.mkdir(parents=True)
    key_file.write_bytes(bytes(32))  # a known key, readable by everyone (as a checkout would write it)
    key_file.chmod(0o644)
    cache = tmp_path / "cache"
    env = _env(CREDIT_CACHE_DIR=str(cache), CREDIT_CACHE=None, XDG_CACHE_HOME=str(xdg))
    res, _took = validate(tree.root, env=env)
    assert res.code == 0, res.out + res.err
    assert "密钥" in res.err and "0600" in res.err
    assert not (cache / "parse.sqlite").exists()


def test_hmac_is_over_key_and_value() -> None:
    # a verified value cannot be moved to another key
    s = secrets.token_bytes(32)
    k1, k2 = hashlib.sha256(b"1").digest(), hashlib.sha256(b"2").digest()
    assert parse_cache._mac(s, k1, b"v") != parse_cache._mac(s, k2, b"v")


def test_a_year_folder_with_a_trailing_newline_is_refused(tree: Tree, run_validate) -> None:
    """``evaluations/2026\\n/410105/`` would have replaced the real 2026 evaluation (``$`` matches before a
    final newline): refused as a folder that is not a year."""
    odd = tree.root / "evaluations" / "2026\n" / "410105"
    odd.mkdir(parents=True)
    (odd / "evaluation.yaml").write_text("cutoff: 2026-12-01\npublished: 2026-12-02\n", encoding="utf-8")
    res = run_validate(tree.root)
    assert res.code == 1 and "年份" in res.out


def test_nesting_too_deep_is_a_message_not_a_traceback(tree: Tree) -> None:
    path = tree.root / "persons" / "P-410105-0001.yaml"
    path.write_text("name: 张某\nnote: " + "[" * 499 + "]" * 499 + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator.commands.cli", "validate", "--records", str(tree.root),
                           "--as-of", AS_OF], capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "嵌套层数过多" in done.stdout


def test_authority_contacts_are_public_fields_checked_like_any_text(tree: Tree, run_validate) -> None:
    """DESIGN §3: authorities may carry address, phone and email (public: where objections go)."""
    tree.replace("authorities.yaml", "  level: province\n", "  level: province\n  address: 郑州市金水区经三路1号\n"
                 '  phone: "0371-60000000"\n  email: wyk@example.gov.cn\n')
    assert run_validate(tree.root).code == 0
    line = tree.replace("authorities.yaml", '"0371-60000000"', '"13800138000"')
    res = run_validate(tree.root)
    assert res.code == 1 and res.find("authorities.yaml", line, "手机号码")
