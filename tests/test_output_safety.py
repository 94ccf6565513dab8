"""Issue 12 (items 8, 9, 12): ``credit build`` replaces only what it wrote, survives a kill in its swap and a
second build at once; dates out of any plausible range and odd ``--output`` paths end in a message, never a
traceback; ``site_url`` is an http(s) address; ``credit serve`` answers odd paths with 400 or the site's 404.

Everything runs through the real command (``generator.commands.cli.main`` or a ``credit`` process) on a copy of the
mini records (tests/conftest.py), as of 2026-11-22.
"""

from __future__ import annotations

import fcntl
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import AS_OF, EVAL, MINI, R1, REPO, Tree

from generator.commands import cli
from generator.publish import output as output_module
from generator.records.models import Platform

MARKER = ".credit-output"
MARKER_BYTES = output_module.MARKER_BYTES


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """``credit …`` in this process: exit code and everything it printed (an exception fails the test)."""
    capsys.readouterr()
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse refusing an argument
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def build_args(records: Path, output: Path | str, as_of: str = AS_OF) -> list[str]:
    return ["build", "--records", str(records), "--output", str(output), "--as-of", as_of, "--quiet"]


def listing(root: Path) -> dict[str, bytes | None]:
    """Every entry under ``root`` (dot files and .git included): a file's bytes, None for a folder."""
    out: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        for d in dirs:
            out[os.path.relpath(os.path.join(folder, d), root)] = None
        for f in files:
            path = os.path.join(folder, f)
            out[os.path.relpath(path, root)] = b"->" + os.readlink(path).encode() if os.path.islink(path) \
                else Path(path).read_bytes()
    return out


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def wait_for_no_leftovers(parent: Path, name: str) -> list[str]:
    deadline = time.monotonic() + 30
    while True:
        left = sorted(p.name for p in parent.iterdir() if p.name.startswith((f".{name}.new-", f".{name}.old-")))
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A real git checkout (``git init``) holding the records, a README and a commit."""
    repo = tmp_path / "work" / "repo"
    repo.mkdir(parents=True)
    shutil.copytree(MINI, repo / "records")
    (repo / "README.md").write_text("说明\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "records"]):
        subprocess.run(cmd, cwd=repo, check=True, env=env, capture_output=True)
    assert (repo / ".git").is_dir()
    return repo


# ---- item 8: what --output may name --------------------------------------------------------------------


@pytest.mark.parametrize("where", ["checkout", "records", "parent of records", "parent of checkout", "file",
                                   "inside records", "foreign folder", "cwd", "home", "parent of home"])
def test_an_output_that_is_not_ours_is_refused_and_nothing_is_touched(
    where: str, checkout: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = checkout / "records"
    top = checkout.parent.parent  # tmp_path: holds work/repo/{.git,records,README.md}
    (top / "notes.txt").write_text("别删我\n", encoding="utf-8")
    foreign = top / "foreign"
    foreign.mkdir()
    (foreign / "photo.jpg").write_bytes(b"\xff\xd8 not ours")
    home = top / "home" / "someone"
    (home / "docs").mkdir(parents=True)
    (home / "docs" / "a.txt").write_text("x", encoding="utf-8")
    here = top / "elsewhere"
    here.mkdir()
    (here / "keep.txt").write_text("x", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(here)
    output = {
        "checkout": checkout, "records": records, "parent of records": checkout.parent,
        "parent of checkout": top, "file": checkout / "README.md", "inside records": records / "site",
        "foreign folder": foreign, "cwd": Path("."), "home": home, "parent of home": home.parent,
    }[where]
    before = listing(top)
    code, said = run(capsys, *build_args(records, output))
    assert code == 2, said
    assert "错误：" in said and "Traceback" not in said
    assert listing(top) == before  # every file and folder still there, with the same bytes; nothing added


def test_the_filesystem_root_is_refused_and_nothing_is_written_there(
    tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(os.listdir("/"))
    code, said = run(capsys, *build_args(tree.root, "/"))
    assert code == 2 and "根目录" in said and "Traceback" not in said
    assert sorted(os.listdir("/")) == before  # no /..new-* left behind


@pytest.mark.parametrize("where", ["/proc/x/y", "/proc/self/credit-site"])
def test_an_unwritable_output_is_a_message_and_leaves_nothing(
    where: str, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = Path(where).parent
    before = sorted(os.listdir(parent)) if parent.is_dir() else None
    code, said = run(capsys, *build_args(tree.root, where))
    assert code in (1, 2), said
    assert "错误：" in said and where in said and "Traceback" not in said
    assert not os.path.lexists(where) and not os.path.lexists("/proc/x")
    if before is not None:
        assert sorted(os.listdir(parent)) == before


def test_an_earlier_output_an_empty_folder_and_an_output_without_the_marker_are_replaced(
    tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()  # empty: accepted
    assert run(capsys, *build_args(tree.root, out))[0] == 0
    marker = (out / MARKER).read_text(encoding="utf-8")
    assert '"generator": "credit-publication"' in marker
    assert run(capsys, *build_args(tree.root, out, "2026-11-23"))[0] == 0  # an earlier output of ours
    assert (out / "data" / "credit-data-2026-11-23.zip").is_file()
    assert not (out / "data" / "credit-data-2026-11-22.zip").exists()
    # an output of a version before the marker: index.html and data/datapackage.json, no .git
    (out / MARKER).unlink()
    assert run(capsys, *build_args(tree.root, out))[0] == 0
    assert (out / MARKER).is_file() and (out / "data" / "credit-data-2026-11-22.zip").is_file()
    # ... and a --data-only output of such a version: data/ and api/ only
    data_only = tmp_path / "data-only"
    assert run(capsys, *build_args(tree.root, data_only), "--data-only")[0] == 0
    assert sorted(p.name for p in data_only.iterdir()) == [MARKER, "api", "data"]
    (data_only / MARKER).unlink()
    assert run(capsys, *build_args(tree.root, data_only), "--data-only")[0] == 0
    (data_only / MARKER).unlink()
    (data_only / "photo.jpg").write_bytes(b"not ours")
    assert run(capsys, *build_args(tree.root, data_only), "--data-only")[0] == 2
    assert (data_only / "photo.jpg").is_file()
    # ... but not when it is a checkout of a published branch
    (out / MARKER).unlink()
    (out / ".git").mkdir()
    before = listing(out)
    code, said = run(capsys, *build_args(tree.root, out))
    assert code == 2 and ".git" in said and listing(out) == before
    assert wait_for_no_leftovers(tmp_path, "out") == []


def test_the_marker_is_written_last_and_kept_unchanged_for_rsync(tree: Tree, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert run(capsys, *build_args(tree.root, out))[0] == 0
    first = (out / MARKER).stat()
    time.sleep(0.05)
    assert run(capsys, *build_args(tree.root, out, "2026-11-23"))[0] == 0
    assert (out / MARKER).stat().st_mtime_ns == first.st_mtime_ns  # same bytes, same time: not sent again


# ---- item 9: the swap survives a kill, two builds take turns, killed builds are cleaned up --------------

_KILL_BETWEEN_RENAMES = """
import os, sys
from pathlib import Path
import generator.publish.output as b
b._exchange = lambda a, c: False  # the fallback swap: two renames
target = Path(sys.argv[1]).resolve()
for name in ("rename", "replace"):
    def patched(src, dst, *a, _real=getattr(os, name), **k):
        _real(src, dst, *a, **k)
        if Path(src) == target:
            os._exit(137)  # killed right after the previous output was moved aside
    setattr(os, name, patched)
from generator.commands.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_build_killed_between_the_two_renames_is_recovered_by_the_next_build(
    tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    reference = tmp_path / "reference"
    assert run(capsys, *build_args(tree.root, out))[0] == 0
    assert run(capsys, *build_args(tree.root, reference, "2026-11-23"))[0] == 0
    killed = subprocess.run(
        [sys.executable, "-c", _KILL_BETWEEN_RENAMES, str(out), *build_args(tree.root, out, "2026-11-23")],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert killed.returncode == 137, killed.stderr
    assert not out.exists()  # the kill came between the renames: no output at all
    # the next build fails (a broken record) and still puts the killed build's whole output back
    tree.replace(R1, "kind: bad", "kind: worse")
    code, said = run(capsys, *build_args(tree.root, out, "2026-11-24"))
    assert code == 1 and "Traceback" not in said
    assert site_files(out) == site_files(reference)
    # and a good build after it replaces it and leaves no half-written or previous copy behind
    tree.replace(R1, "kind: worse", "kind: bad")
    assert run(capsys, *build_args(tree.root, out, "2026-11-23"))[0] == 0
    assert site_files(out) == site_files(reference)
    assert wait_for_no_leftovers(tmp_path, "out") == []


def test_the_swap_exchanges_in_one_step_where_the_system_can(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "one").write_text("a", encoding="utf-8")
    (b / "two").write_text("b", encoding="utf-8")
    if not output_module._exchange(a, b):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here: the two-rename swap with recovery is used")
    assert [p.name for p in a.iterdir()] == ["two"] and [p.name for p in b.iterdir()] == ["one"]


def test_leftovers_of_killed_builds_are_deleted_and_nothing_else(
    tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    half = tmp_path / ".out.new-k1ll3d"  # a build killed while it wrote: it holds the partial marker
    (half / "enterprises").mkdir(parents=True)
    (half / "index.html").write_text("half", encoding="utf-8")
    (half / ".credit-output.partial").write_bytes(MARKER_BYTES)
    past = time.time() - 3600
    os.utime(half, (past, past))
    whole = tmp_path / ".out.new-c0mpl3"  # killed after it finished, while the output was in place
    whole.mkdir()
    (whole / MARKER).write_bytes(MARKER_BYTES)
    others = [tmp_path / ".other.new-x", tmp_path / ".out.newer", tmp_path / "out.new-x",
              tmp_path / ".out.new-mybackup", tmp_path / ".out.old-2025"]  # not ours: no marker of ours
    for p in others:
        p.mkdir()
        (p / "keep").write_text("x", encoding="utf-8")
    (tmp_path / ".out.old-2025" / MARKER).write_text("{}", encoding="utf-8")  # a marker that is not ours
    assert run(capsys, *build_args(tree.root, out))[0] == 0
    deadline = time.monotonic() + 30
    while True:  # the leftovers of ours are deleted in the background
        left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".out.new-", ".out.old-")))
        if left == [".out.new-mybackup", ".out.old-2025"] or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert left == [".out.new-mybackup", ".out.old-2025"]
    assert all((p / "keep").is_file() for p in others)


_SLOW_SWAP = """
import os, sys, time
from pathlib import Path
target = Path(sys.argv[1]).resolve()
for name in ("rename", "replace"):
    def patched(src, dst, *a, _real=getattr(os, name), **k):
        if target in (Path(src), Path(dst)):
            time.sleep(1.0)  # a slow disk: the two builds reach their swaps together
        return _real(src, dst, *a, **k)
    setattr(os, name, patched)
from generator.commands.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_two_builds_at_once_take_turns(tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    reference = tmp_path / "reference"
    assert run(capsys, *build_args(tree.root, out))[0] == 0
    assert run(capsys, *build_args(tree.root, reference, "2026-11-23"))[0] == 0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _SLOW_SWAP, str(out), *build_args(tree.root, out, "2026-11-23")],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=300), p.stdout.read() if p.stdout else "", p.stderr.read() if p.stderr else "")
               for p in procs]
    for p in procs:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    for code, stdout, stderr in results:
        assert "Traceback" not in stderr + stdout, stderr
        assert code == 0 or (code == 1 and "另一个 credit build" in stderr), stderr
    assert any(code == 0 for code, _o, _e in results)
    assert site_files(out) == site_files(reference)  # whole: exactly what one build writes
    assert wait_for_no_leftovers(tmp_path, "out") == []


def test_a_build_that_cannot_get_its_turn_gives_up_with_a_message(
    tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run(capsys, *build_args(tree.root, out))[0] == 0
    before = site_files(out)
    monkeypatch.setattr(output_module, "LOCK_WAIT_SECONDS", 0.5)
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another build is writing beside it
        code, said = run(capsys, *build_args(tree.root, out, "2026-11-23"))
    finally:
        os.close(fd)
    assert code == 1 and "另一个 credit build" in said and "Traceback" not in said
    assert site_files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")) == []


# ---- item 9: dates out of range --------------------------------------------------------------------------


@pytest.mark.parametrize(("rel", "old", "new", "field"), [
    (R1, "effective: 2026-03-02", "effective: 9999-03-02", "effective"),
    (R1, "entered: 2026-03-05", "entered: 9999-12-31", "entered"),
    (EVAL, "published: 2026-12-15", "published: 9999-12-15", "published"),
    (EVAL, "cutoff: 2026-12-10", "cutoff: 0001-01-01", "cutoff"),
])
def test_a_date_out_of_range_is_an_error_naming_the_field_and_line(
    rel: str, old: str, new: str, field: str, tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = tree.replace(rel, old, new)
    for argv in (["validate", "--records", str(tree.root), "--as-of", AS_OF],
                 build_args(tree.root, tmp_path / "out")):
        code, said = run(capsys, *argv)
        assert code == 1, said
        assert "Traceback" not in said
        assert f"{rel}:{line}: 错误：“{field}” 应在 1949-10-01 至 2099-12-31 之间" in said, said
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("day", "edge"), [
    ("0001-01-01", "1980-01-01"), ("1979-12-31", "1980-01-01"), ("9999-12-31", "2099-12-31"), ("2100-01-01", "2099-12-31"),
])
def test_an_as_of_out_of_range_is_refused_with_a_message_and_the_edge_builds(
    day: str, edge: str, tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["validate", "--records", str(tree.root), "--as-of", day], build_args(tree.root, tmp_path / "o", day)):
        code, said = run(capsys, *argv)
        assert code == 2 and "不在 1980-01-01 至 2099-12-31 之间" in said and "Traceback" not in said, said
    assert not (tmp_path / "o").exists()
    code, said = run(capsys, *build_args(tree.root, tmp_path / "o", edge))
    assert code == 0, said


# ---- item 12: site_url ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript://credit.example.gov.cn/%0Aalert(1)", "data:text/html,<b>x</b>",
    "ftp://credit.example.gov.cn/", "//credit.example.gov.cn/", "https://", "https:///path/",
    "https://user:secret@credit.example.gov.cn/", "https://credit.example.gov.cn/a b/",
    "https://credit.example.gov.cn/\u202e/", "https://credit.example.gov.cn:port/", "https://x.cn/?q=1",
    "https://x.cn/#top", " https://x.cn/", "https:\\\\x.cn\\", "credit.example.gov.cn",
])
def test_a_site_url_that_is_not_an_http_address_is_an_error(
    url: str, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    line = tree.append("platform.yaml", f"site_url: '{url}'\n")
    code, said = run(capsys, "validate", "--records", str(tree.root), "--as-of", AS_OF)
    assert code == 1 and "Traceback" not in said
    assert f"platform.yaml:{line}: 错误：“site_url” 应是网站的公开地址" in said, said


def test_a_site_url_is_kept_ending_in_a_slash() -> None:
    for url, stored in [
        ("https://credit.example.gov.cn/", "https://credit.example.gov.cn/"),
        ("https://credit.example.gov.cn", "https://credit.example.gov.cn/"),
        ("http://127.0.0.1:8000/deploy/credit", "http://127.0.0.1:8000/deploy/credit/"),
    ]:
        p = Platform.model_validate(
            {"name": "平台", "operator": "410000", "rulebook": "henan", "license": "CC-BY-4.0", "site_url": url},
            strict=True,
        )
        assert p.site_url == stored


# ---- item 12: credit serve -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path, subprocess.Popen[str]]]:
    base = tmp_path_factory.mktemp("serve")
    records = base / "records"
    shutil.copytree(MINI, records)
    out = base / "out"
    assert cli.main(build_args(records, out)) == 0
    (base / "secret.txt").write_text("root:x:0:0 not for the web\n", encoding="utf-8")
    (out / "leak.txt").symlink_to(base / "secret.txt")  # a link out of the output is never followed
    port = _free_port()
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("credit")), "serve", "--output", str(out), "--port", str(port)],
        cwd=base, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.1)
    try:
        yield port, out, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()


def _get(port: int, raw_path: str, method: str = "GET") -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, raw_path, skip_host=False, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read(), {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


_SERVE_CASES = [
    ("/", 200),
    ("/index.html?from=feed", 200),
    ("/about/", 200),
    ("/about", 301),
    ("/nonexistent", 404),
    ("/nonexistent/deeper/page.html", 404),
    ("//etc/passwd", 404),
    ("/leak.txt", 404),
    ("/data", 301),
    ("/data/", 200),
    ("/api/", 404),  # a folder without index.html: no listing
    ("/%00", 400),
    ("/index.html%00.png", 400),
    ("/%0d%0aSet-Cookie:%20x=1", 400),
    ("/../../etc/passwd", 400),
    ("/..%2f..%2fetc/passwd", 400),
    ("/%2e%2e/%2e%2e/etc/passwd", 400),
    ("/a/./b", 400),
    ("/%ff%fe", 400),
    ("/a%5c..%5c..%5cetc", 400),
    ("/" + "x" * 300, 404),
    ("/" + "a/" * 3000, 414),
]


def test_serve_answers_odd_paths_with_400_or_the_sites_own_404(
    served: tuple[int, Path, subprocess.Popen[str]]
) -> None:
    port, out, proc = served
    wrong = []
    for raw, status in _SERVE_CASES:
        try:
            got, body, headers = _get(port, raw)
            head, head_body, _h = _get(port, raw, "HEAD")
        except (OSError, http.client.HTTPException) as exc:
            wrong.append((raw[:40], repr(exc)))
            continue
        expected = {
            200: headers.get("content-type") == "text/html; charset=utf-8",
            301: headers.get("location") == raw + "/",
            404: body == (out / "404.html").read_bytes() and headers.get("content-type", "").startswith("text/html"),
        }.get(status, True)
        if got != status or head != status or head_body or b"root:x:0:0" in body or not expected:
            wrong.append((raw[:40], f"{got}/{head} {headers.get('content-type')} {body[:60]!r}"))
    assert wrong == []
    assert proc.poll() is None  # still serving


def test_serve_answers_other_methods_and_raw_bytes_in_chinese(
    served: tuple[int, Path, subprocess.Popen[str]]
) -> None:
    port, _out, _proc = served
    status, body, headers = _get(port, "/", "POST")
    assert status == 501 and "本地预览只提供浏览网页" in body.decode("utf-8")
    assert headers.get("content-type") == "text/html; charset=utf-8"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:  # bytes no browser sends unencoded
        sock.sendall(b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 400") or answer.startswith(b"HTTP/1.1 400"), answer[:80]


def test_serve_listens_on_loopback_only_and_never_logs_a_traceback(
    served: tuple[int, Path, subprocess.Popen[str]]
) -> None:
    port, _out, proc = served
    for raw in ("/%00", "/..%2f..%2fetc/passwd", "/" + "a/" * 3000):
        _get(port, raw)
    lines = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True, check=False).stdout
    if lines.strip():
        assert all("127.0.0.1:" in line for line in lines.splitlines()), lines
    proc.terminate()
    proc.wait(timeout=10)
    err = proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in err and "网站：http://127.0.0.1:" in err, err


def test_plain_pelican_never_empties_a_folder_it_did_not_write(tmp_path: Path) -> None:
    """pelicanconf.py sets DELETE_OUTPUT_DIRECTORY (stale pages must not survive); the plugin refuses a folder
    that is not an earlier output of ours before Pelican empties it (DESIGN §9)."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep", encoding="utf-8")
    done = subprocess.run([str(Path(sys.executable).with_name("pelican")), "content", "-s", "pelicanconf.py", "-o",
                           str(victim)], cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=300)
    assert done.returncode != 0
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, capture_output=True, env=env)


@pytest.mark.parametrize("marker", ["ours", "empty", "link"])
def test_a_planted_marker_is_not_trusted(tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         marker: str) -> None:
    """A folder with precious files and a marker someone put there (empty, a link, or even the right bytes but
    committed to git) is not an earlier output: refused, and everything stays."""
    repo = tmp_path / "repo"
    docs = repo / "docs"
    docs.mkdir(parents=True)
    (docs / "manual.md").write_text("手册", encoding="utf-8")
    if marker == "ours":
        (docs / MARKER).write_bytes(MARKER_BYTES)
        _git(repo, "init", "-q")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "docs")
    elif marker == "empty":
        (docs / MARKER).write_bytes(b"")
    else:
        (tmp_path / "elsewhere").write_bytes(MARKER_BYTES)
        os.symlink(tmp_path / "elsewhere", docs / MARKER)
    before = sorted(p.name for p in docs.iterdir())
    code, _out = run(capsys, *build_args(tree.root, docs))
    assert code == 2
    assert sorted(p.name for p in docs.iterdir()) == before and (docs / "manual.md").is_file()


def test_a_committed_new_folder_is_never_recovered(tree: Tree, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A pull request commits ``.output.new-pr/`` with a marker and breaks a record: the failed build must not
    put that folder in place of the output."""
    repo = tmp_path / "repo"
    fake = repo / ".output.new-pr"
    fake.mkdir(parents=True)
    (fake / "index.html").write_text("<h1>FAKE SITE</h1>", encoding="utf-8")
    (fake / MARKER).write_bytes(MARKER_BYTES)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "pr")
    tree.replace(R1, "kind: bad", "kind: [bad")
    code, _out = run(capsys, *build_args(tree.root, repo / "output"))
    assert code == 1
    assert not (repo / "output").exists() and (fake / "index.html").is_file()


def test_the_output_name_is_not_a_pattern(tree: Tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keep = [tmp_path / ".ssh.old-keys", tmp_path / ".mozilla.new-profile"]
    for p in keep:
        p.mkdir()
        (p / "x").write_text("x", encoding="utf-8")
        (p / MARKER).write_bytes(MARKER_BYTES)  # even with our marker: not a leftover of an output named "*"
    assert run(capsys, *build_args(tree.root, tmp_path / "*"))[0] == 0
    time.sleep(0.5)
    assert all((p / "x").is_file() for p in keep)
