"""Problems found in the records: every one names a file and a line.

Regulators read these, so messages are in Chinese with the English in brackets where it helps.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

Severity = Literal["error", "warning"]


def display_path(path: Path) -> str:
    """A path as a regulator would type it: relative to the working directory when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = str(path)
    if rel.startswith(".."):
        rel = str(path)
    return rel.replace(os.sep, "/")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = "error"
    fix: tuple[str, ...] = field(default=(), compare=False)
    """What a file's own problem leaves for the loader to make more precise with the other files (the
    rulebook's items, the enterprise's projects): ``(what, value, …)``, see :mod:`generator.records.hints`."""

    def text(self) -> str:
        label = "错误" if self.severity == "error" else "警告"
        return f"{self.path}:{self.line}: {label}：{self.message}"

    def github(self) -> str:
        kind = "error" if self.severity == "error" else "warning"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        # a property value also escapes the separators ":" and "," (GitHub workflow commands)
        path = self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = path.replace(":", "%3A").replace(",", "%2C")
        return f"::{kind} file={path},line={max(self.line, 1)}::{msg}"


class RecordsInvalid(Exception):
    """Raised by the pipeline when the records do not validate; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the records")
        self.problems = problems


def print_problems(problems: Sequence[Problem], fmt: str = "text", stream: TextIO | None = None) -> None:
    """Each problem on its own line: ``path:line: message`` or (``fmt="github"``) a workflow annotation."""
    out = stream or sys.stdout
    for p in problems:
        print(p.github() if fmt == "github" else p.text(), file=out)
