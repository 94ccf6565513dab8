"""Benchmark: synth a province, then time validate, build (cold and warm), the bare floor and naive Pelican.

    make bench                                   # = .venv/bin/python bench/run.py  (10k scale)
    .venv/bin/python bench/run.py --scale 10k --skip-naive
    .venv/bin/python bench/run.py --scale 200k --skip-naive --timeout 5400
    .venv/bin/python bench/run.py --scale 1k     # a one-minute smoke run

Scales: 1k = 1,000 enterprises / 10,000 records, 10k = 10,000 / 100,000 (a province),
200k = 200,000 / 1,000,000 (the country in one tree). Everything goes under bench/out/<scale>/ (gitignored):
records/ (from ``python -m tools.fakedata tree``, reused when its parameters match), site/, floor/, naive/,
logs/, and results-<scale>.json / results-<scale>.md (results-<scale>-<groups> with ``--only``); the builds'
caches go to ~/.cache/credit-publication/bench-<scale>/ (outside the checkout). With ``--readme`` the table
replaces the one for that scale in bench/README.md (between its ``<!-- bench:<scale>:start/end -->`` markers;
nothing else is touched).

Every step runs in its own process under ``/usr/bin/time -v`` (wall time and peak RSS of the process and
its children), one after the other, never in parallel, each with a time limit (``--timeout``).
Steps: (a) ``credit validate``; (b) ``credit build`` via bench/build_timed.py, which calls
``generator.commands.build.build()`` and reports its per-stage timings; (b') the same build again into the same
output with the next day as ``--as-of`` (a warm nightly rebuild); (b″) the day after into an empty output with the
parse cache and the file store of (b′) (CI's nightly, publish.yml, on a fresh runner); (c) bench/floor.py, the bare floor (libyaml
parse of every file + one Jinja2 page per enterprise and person); (d) bench/naive_pelican.py, one Markdown
file per enterprise and plain ``pelican`` (10k and smaller only; ``--skip-naive``); (e) ``credit diff`` of a
one-record pull request, with an empty and a warm parse cache (bench/pr.py, bench/diff_timed.py; ``--skip-diff``;
``--diff-checkout`` adds the base checked out whole, the path before the overlay). ``--only validate,floor,diff``
runs only those groups (of validate, build, floor, naive, diff).
Pages are built when generator/publish/pages/site.py exists (``--data-only`` to skip them); if a build with
pages fails, the failure is recorded and the build is measured again with ``--data-only``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))  # bench/report.py beside this script

from report import markdown, update_readme  # noqa: E402

REPO = BENCH.parent
OUT = BENCH / "out"
README = BENCH / "README.md"
PY = sys.executable
BIN = Path(sys.executable).parent
TIME = shutil.which("time", path="/usr/bin:/bin") or None

SCALES: dict[str, tuple[int, int]] = {
    "1k": (1_000, 10_000),
    "10k": (10_000, 100_000),
    "50k": (50_000, 500_000),
    "200k": (200_000, 1_000_000),
}
NAIVE_MAX_ENTERPRISES = 10_000


# ---- machine -----------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "unknown"
    mem_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        import pelican

        pelican_version = getattr(pelican, "__version__", None)
        if pelican_version is None:
            from importlib.metadata import version

            pelican_version = version("pelican")
    except Exception:  # noqa: BLE001
        pelican_version = None
    import yaml

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pyyaml": yaml.__version__,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "pelican": pelican_version,
        "time_tool": TIME or "resource.getrusage (no /usr/bin/time)",
    }


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# ---- running one step ----------------------------------------------------------------------------------


def _parse_time_v(text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for line in text.splitlines():
        key, _, value = line.strip().rpartition(": ")
        if key == "Maximum resident set size (kbytes)":
            out["peak_rss_mb"] = round(int(value) / 1024, 1)
        elif key == "User time (seconds)":
            out["user_s"] = float(value)
        elif key == "System time (seconds)":
            out["sys_s"] = float(value)
        elif key == "Percent of CPU this job got":
            out["cpu_percent"] = value
    return out


def _limit(mem_gb: float | None) -> Any:
    if not mem_gb:
        return None

    def apply() -> None:  # in the child: a step that needs more fails with MemoryError, not the OOM killer
        import resource

        cap = int(mem_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return apply


MEM_LIMIT_GB: float | None = None
"""Address-space limit of every step (``--mem-limit``): the machine may be shared."""


class MemSampler(threading.Thread):
    """Peak memory of a whole process group (the step and any worker processes it forks), sampled.

    ``/usr/bin/time`` reports the largest single process; a step that parses on every core has several.
    Every 0.5 s this sums the proportional set size (PSS: shared pages split between their users, so
    fork's copy-on-write pages are not counted twice) of the processes in the group.
    """

    def __init__(self, pgid: int, skip_leader: bool) -> None:
        super().__init__(daemon=True)
        self.pgid = pgid
        self.skip = pgid if skip_leader else -1  # /usr/bin/time itself
        self.peak_kb = 0
        self.max_procs = 0
        self.done = threading.Event()

    def sample(self) -> None:
        total = procs = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == self.skip:
                continue
            try:
                with open(f"/proc/{pid}/stat", "rb") as fh:
                    stat = fh.read()
                if int(stat[stat.rindex(b")") + 2 :].split()[2]) != self.pgid:
                    continue
                with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                    for line in fh:
                        if line.startswith(b"Pss:"):
                            total += int(line.split()[1])
                            break
                procs += 1
            except (OSError, ValueError, IndexError):
                continue
        self.peak_kb = max(self.peak_kb, total)
        self.max_procs = max(self.max_procs, procs)

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.sample()


def code_state() -> dict[str, Any]:
    """A fingerprint of the code under test (the generator changes while people work on it)."""
    h = hashlib.sha256()
    newest = (0.0, "")
    files = sorted([*(REPO / "generator").rglob("*"), *(REPO / "theme").rglob("*"), REPO / "pelicanconf.py"])
    for p in files:
        if not p.is_file() or "__pycache__" in p.parts:
            continue
        h.update(str(p.relative_to(REPO)).encode() + b"\0" + p.read_bytes())
        newest = max(newest, (p.stat().st_mtime, str(p.relative_to(REPO))))
    when = dt.datetime.fromtimestamp(newest[0]).isoformat(timespec="seconds") if newest[0] else None
    return {"sha256": h.hexdigest()[:16], "newest_file": newest[1], "newest_mtime": when}


def run_step(name: str, cmd: list[str], logs: Path, timeout: float,
             env_extra: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd`` under /usr/bin/time -v; wall time, peak RSS, exit code and the JSON it printed last."""
    logs.mkdir(parents=True, exist_ok=True)
    time_file = logs / f"{name}.time"
    full = [TIME, "-v", "-o", str(time_file), *cmd] if TIME else cmd
    print(f"[bench] {name}: {' '.join(cmd)}", file=sys.stderr, flush=True)
    env = dict(os.environ, CI="1", PYTHONUNBUFFERED="1", **(env_extra or {}))
    started = time.perf_counter()
    with open(logs / f"{name}.out", "wb") as out, open(logs / f"{name}.err", "wb") as err:
        proc = subprocess.Popen(full, stdout=out, stderr=err, cwd=REPO, env=env, start_new_session=True,
                                preexec_fn=_limit(MEM_LIMIT_GB))
        sampler = MemSampler(proc.pid, skip_leader=bool(TIME))
        sampler.start()
        try:
            code = proc.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the process group this step started, nothing else
            code = proc.wait()
            timed_out = True
        sampler.done.set()
        sampler.join()
    wall = time.perf_counter() - started
    res: dict[str, Any] = {"step": name, "cmd": cmd, "env": env_extra or {}, "wall_s": round(wall, 2),
                           "exit": code, "timed_out": timed_out,
                           "peak_pss_group_mb": round(sampler.peak_kb / 1024, 1),
                           "max_processes": sampler.max_procs}
    if TIME and time_file.exists():
        res.update(_parse_time_v(time_file.read_text(errors="replace")))
    else:
        import resource

        res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    lines = (logs / f"{name}.out").read_text(encoding="utf-8", errors="replace").strip().splitlines()
    if lines and lines[-1].startswith("{"):
        with contextlib.suppress(json.JSONDecodeError):
            res["json"] = json.loads(lines[-1])
    err_text = (logs / f"{name}.err").read_text(encoding="utf-8", errors="replace").strip().splitlines()
    res["stderr_tail"] = err_text[-3:]
    if code != 0 and any("MemoryError" in line for line in err_text[-30:]):
        res["out_of_memory"] = MEM_LIMIT_GB
    elif code != 0 and MEM_LIMIT_GB and res.get("peak_rss_mb", 0) > 0.9 * MEM_LIMIT_GB * 1024:
        res["out_of_memory"] = MEM_LIMIT_GB  # e.g. a pool worker killed when an allocation failed
    status = "TIMEOUT" if timed_out else f"exit {code}"
    rss = res.get("peak_rss_mb", "?")
    print(f"[bench] {name}: {wall:.1f} s, peak {rss} MB, {status}", file=sys.stderr, flush=True)
    return res


def count_files(root: Path) -> tuple[int, int]:
    files = size = 0
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            files += 1
            with contextlib.suppress(OSError):
                size += os.stat(os.path.join(dirpath, n)).st_size
    return files, size


# ---- one scale -----------------------------------------------------------------------------------------


def synth_matches(records: Path, n_ent: int, n_rec: int, seed: int) -> bool:
    """Whether records/ is the tree these parameters make: the marker the tree tool leaves says so."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tools.fakedata.tree import MARKER, marker_text

    marker = records / MARKER
    want = marker_text(n_ent, n_rec, seed).strip()
    return marker.exists() and marker.read_text(encoding="utf-8").strip() == want


def bench_scale(scale: str, args: argparse.Namespace) -> dict[str, Any]:
    n_ent, n_rec = SCALES[scale]
    base = OUT / scale
    records, logs = base / "records", base / "logs"
    if logs.exists():
        shutil.rmtree(logs)
    as_of = args.as_of
    next_day = as_of + dt.timedelta(days=1)
    pages = not args.data_only and (REPO / "generator" / "publish" / "pages" / "site.py").exists()
    result: dict[str, Any] = {
        "scale": scale, "enterprises": n_ent, "records": n_rec, "seed": args.seed, "as_of": as_of.isoformat(),
        "started": dt.datetime.now().isoformat(timespec="seconds"), "loadavg_start": loadavg(),
        "machine": machine(), "mem_limit_gb": MEM_LIMIT_GB, "code_start": code_state(), "steps": [],
    }
    # the generator's caches (generator/records/parse_cache.py, the digests, the file store) live here, outside
    # the checkout (a cache inside it is not trusted), and are emptied for cold steps
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "credit-publication" / f"bench-{scale}"
    cache_env = {"CREDIT_CACHE_DIR": str(cache)}
    t_all = time.perf_counter()
    steps: list[dict[str, Any]] = result["steps"]

    if args.fresh or not synth_matches(records, n_ent, n_rec, args.seed):
        cmd = [PY, "-m", "tools.fakedata", "tree", "--enterprises", str(n_ent), "--records", str(n_rec),
               "--seed", str(args.seed), "--out", str(records)]
        steps.append(run_step("synth", cmd, logs, args.timeout))
        if steps[-1]["exit"] != 0:
            result["error"] = "synth failed"
            return result
    else:
        print(f"[bench] synth: reusing {records}", file=sys.stderr)
        steps.append({"step": "synth", "reused": True})
    result["record_files"], result["record_bytes"] = count_files(records)

    def want(group: str) -> bool:
        return args.only is None or group in args.only.split(",")

    validate = [str(BIN / "credit"), "validate", "--records", str(records), "--as-of", as_of.isoformat()]
    if want("validate"):
        shutil.rmtree(cache, ignore_errors=True)
        steps.append(run_step("validate", validate, logs, args.timeout, cache_env))
        if not args.skip_warm:
            steps.append(run_step("validate-warm", validate, logs, args.timeout, cache_env))

    site = base / "site"
    if want("build"):
        if site.exists():
            shutil.rmtree(site)
        shutil.rmtree(cache, ignore_errors=True)

    def build(name: str, day: dt.date, with_pages: bool) -> dict[str, Any]:
        cmd = [PY, str(BENCH / "build_timed.py"), "--records", str(records), "--output", str(site),
               "--as-of", day.isoformat()]
        if not with_pages:
            cmd.append("--data-only")
        return run_step(name, cmd, logs, args.timeout, cache_env)

    cold = build("build-cold", as_of, pages) if want("build") else {"exit": 0}
    if want("build"):
        steps.append(cold)
    if pages and (cold["exit"] != 0 or cold.get("timed_out")):
        pages = False
        result["pages_failed"] = cold.get("json", {}).get("error") or cold.get("stderr_tail")
        if site.exists():
            shutil.rmtree(site)
        shutil.rmtree(cache, ignore_errors=True)
        steps.append(build("build-cold-data-only", as_of, False))
    result["pages"] = pages
    if site.exists():
        result["site_files"], result["site_bytes"] = count_files(site)
    if not args.skip_warm and want("build"):
        steps.append(build("build-warm", next_day, pages))
        if site.exists():  # CI's nightly (publish.yml): a fresh runner, so an empty output folder, with the parse
            shutil.rmtree(site)  # cache and the file store restored (generator/publish/file_store.py)
        steps.append(build("build-ci", next_day + dt.timedelta(days=1), pages))

    if not args.skip_floor and want("floor"):
        floor = base / "floor"
        steps.append(run_step("floor", [PY, str(BENCH / "floor.py"), "--records", str(records), "--output",
                                        str(floor)], logs, args.timeout))
        shutil.rmtree(floor, ignore_errors=True)

    if not args.skip_naive and n_ent <= NAIVE_MAX_ENTERPRISES and want("naive"):
        work = base / "naive"
        steps.append(run_step("naive-prepare", [PY, str(BENCH / "naive_pelican.py"), "prepare", "--records",
                                                str(records), "--work", str(work)], logs, args.timeout))
        if steps[-1]["exit"] == 0:
            from naive_pelican import pelican_command  # type: ignore[import-not-found]

            steps.append(run_step("naive-pelican", pelican_command(work), logs, args.timeout))
            if steps[-1]["exit"] == 0:
                result["naive_html_files"] = sum(1 for _ in (work / "output").rglob("*.html"))
        shutil.rmtree(work, ignore_errors=True)

    if not args.skip_diff and want("diff"):
        from pr import diff_steps  # bench/pr.py beside this script

        steps += diff_steps(run_step, records, base / "pr", logs, args.timeout, cache, cache_env, as_of.isoformat(),
                            args.diff_checkout)

    if cache.exists():
        result["cache_files"], result["cache_bytes"] = count_files(cache)
        if not args.keep_cache:
            shutil.rmtree(cache, ignore_errors=True)
    result["total_s"] = round(time.perf_counter() - t_all, 1)
    result["loadavg_end"] = loadavg()
    result["code_end"] = code_state()
    return result


# ---- reporting -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", action="append", choices=sorted(SCALES), help="repeatable; default 10k")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 22))
    ap.add_argument("--skip-naive", action="store_true", help="skip (d), naive Pelican (slow)")
    ap.add_argument("--skip-floor", action="store_true")
    ap.add_argument("--skip-warm", action="store_true")
    ap.add_argument("--skip-diff", action="store_true", help="skip (e), credit diff of a one-record pull request")
    ap.add_argument("--diff-checkout", action="store_true", help="(e) also with the base checked out whole")
    ap.add_argument("--only", metavar="GROUPS", help="comma-separated: validate, build, floor, naive, diff")
    ap.add_argument("--data-only", action="store_true", help="build without pages")
    ap.add_argument("--fresh", action="store_true", help="synthesise again even when records/ matches")
    ap.add_argument("--keep-cache", action="store_true", help="keep ~/.cache/credit-publication/bench-<scale> (the caches)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per step (default 3600)")
    ap.add_argument("--mem-limit", type=float, default=None, metavar="GB",
                    help="address-space limit per step (default: 60%% of RAM, at most 16 GB); 0 = none")
    ap.add_argument("--readme", action="store_true", help="put the table into bench/README.md")
    ap.add_argument("--report-only", action="store_true",
                    help="run nothing: rewrite the tables from bench/out/results-<scale>.json")
    args = ap.parse_args(argv)
    global MEM_LIMIT_GB
    if args.mem_limit is None:
        total = machine().get("memory_gb") or 16
        MEM_LIMIT_GB = min(16.0, round(total * 0.6, 1))
    else:
        MEM_LIMIT_GB = args.mem_limit or None
    sys.path.insert(0, str(BENCH))
    OUT.mkdir(parents=True, exist_ok=True)
    for scale in args.scale or ["10k"]:
        if args.report_only:
            name = f"{scale}-{args.only.replace(',', '+')}" if args.only else scale
            res = json.loads((OUT / f"results-{name}.json").read_text(encoding="utf-8"))
        else:
            res = bench_scale(scale, args)
        md = markdown(res)
        name = f"{scale}-{args.only.replace(',', '+')}" if args.only else scale  # a partial run keeps the full one
        (OUT / f"results-{name}.json").write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n",
                                                  encoding="utf-8")
        (OUT / f"results-{name}.md").write_text(md, encoding="utf-8")
        print(md)
        if args.readme:
            update_readme(scale, md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
