"""A worker process that dies fails the command; it never hangs it (found at 200k enterprises, 2026-12-02).

The OOM killer ended a page worker of a country-scale nightly rebuild while it was sending its result. The
executor's manager thread then waited for the rest of that half-sent message for ever: the build neither
finished nor failed. ``generator.runtime.fork_pool`` now watches its workers (``_watch``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from generator.commands import build as build_command
from generator.commands import cli

REPO = Path(__file__).parent.parent

# A worker writes the header of a 1 MB result and half a word of it into the result pipe, then is killed —
# what the OOM killer does to a worker in the middle of sending its pages back.
DIES_MID_RESULT = textwrap.dedent('''
    import os, signal, struct, sys, time
    from concurrent.futures.process import BrokenProcessPool
    from generator.runtime import fork_pool

    def work(job, item):
        if item == 3:
            frame = sys._getframe()
            while frame.f_code.co_name != "_process_worker":
                frame = frame.f_back
            writer = frame.f_locals["result_queue"]._writer
            os.write(writer.fileno(), struct.pack("!i", 1 << 20) + b"half")
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.1)
        return item

    try:
        with fork_pool(None, 2) as pool:
            print(list(pool.map(work, range(8))))
    except BrokenProcessPool:
        print("broken")
''')


def test_a_worker_killed_while_sending_its_result_fails_the_pool() -> None:
    proc = subprocess.run([sys.executable, "-c", DIES_MID_RESULT], cwd=REPO, capture_output=True, text=True,
                          timeout=120)  # before the watch this never returned
    assert proc.stdout.strip() == "broken", proc.stdout + proc.stderr


def test_a_worker_that_finishes_normally_is_not_taken_for_dead() -> None:
    from generator.runtime import fork_pool

    with fork_pool(10, 2) as pool:  # busy for about 2.5 s: the watch looks at the workers twice or more
        assert list(pool.map(_add, range(50))) == [10 + i for i in range(50)]
        assert list(pool.map(_add, range(5))) == [10, 11, 12, 13, 14]  # the pool is still whole


def _add(job: int, item: int) -> int:
    time.sleep(0.1)
    return job + item


def test_the_command_says_in_chinese_what_to_do_and_shows_no_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    def dies(args: object) -> int:
        raise BrokenProcessPool("A child process terminated abruptly")

    monkeypatch.setattr(build_command, "cmd_build", dies)
    code = cli.main(["build", "--records", str(tmp_path), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "工作进程意外退出" in err and "CREDIT_WORKERS=1" in err and "Traceback" not in err
