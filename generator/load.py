"""Load: the records directory → a :class:`RecordSet` of typed models, plus every problem found on the way.

Layout (DESIGN §3)::

    platform.yaml  regions.yaml  authorities.yaml  [calendar.yaml]
    enterprises/<USCC>.yaml
    persons/<P-RRRRRR-NNNN>.yaml
    credit/<YYYY>/<recorder>-<YYYY>-<serial>.yaml
    evaluations/<YYYY>/<authority>/evaluation.yaml and <USCC>.yaml sheets

Identifiers come from file names. Only structure and per-file rules are checked here; rules across files
live in :mod:`generator.validate`.

Every record file is a regular file inside the records tree, read with a size limit (DESIGN §9): a symbolic
link (to a file or a folder), a FIFO or a device is reported and never read — found by the walk (``d_type``,
no extra system call) and again where the file is opened (``O_NOFOLLOW | O_NONBLOCK``, then ``fstat``), in
worker processes too. A file the loader would not read (``X.YAML``, ``X.yml``, ``X.yaml.bak``, ``X.yaml~``,
``.X.yaml``, a stray folder) is an error naming it, never skipped in silence. Allowed and not read: ``.gitkeep``
in any folder (git keeps empty folders with it) and, at the top only, git's own entries (``.git``,
``.gitignore``, ``.gitattributes``, ``.github``) and files whose names do not look like YAML (``README.md``),
for a records tree that is a repository of its own, and the ``.synth`` marker ``credit synth`` leaves. The
records root itself may be a symbolic link (the user named it), but nothing inside it may be one.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
import pickle
import re
import stat
import types
import typing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, RootModel, ValidationError
from stdnum.cn import uscc as stdnum_uscc

from . import heap, parse_cache
from . import models as m
from .calendar import WorkCalendar, YearSchedule
from .parse_cache import ParseCache
from .privacy import placeholder_message, suspect, text_problems
from .problems import Problem, display_path
from .rulebook import Rulebook, available, load_rulebook
from .yamlload import (
    MAX_BYTES,
    MAX_BYTES_TOP,
    LineMap,
    LooseNumber,
    Yaml11Word,
    YamlFileError,
    decode_text,
    load_yaml,
    not_regular_message,
    read_bytes,
    read_text,
)

T = TypeVar("T", bound=BaseModel)


class Source:
    """Where a model came from, to point problems at a file and a line.

    Valid files are parsed without lines (the fast path); the first question about a line parses the file
    again with lines. ``index`` re-roots the lines at one element of a top-level list (authorities.yaml).
    """

    __slots__ = ("display", "path", "index", "_lines")

    def __init__(self, display: str, path: str | Path | None = None, lines: LineMap | None = None,
                 index: int | None = None) -> None:
        self.display = display
        self.path = path
        self.index = index
        self._lines = lines

    @property
    def lines(self) -> LineMap:
        if self._lines is None:
            lines = LineMap()
            if self.path is not None:
                try:
                    lines = load_yaml(read_text(self.path, MAX_BYTES_TOP)).lines
                except (OSError, YamlFileError):
                    pass
            self._lines = _sub(lines, self.index) if self.index is not None else lines
        return self._lines

    def line(self, *path: str | int) -> int:
        return self.lines.line(tuple(path))

    def __getstate__(self) -> tuple[str, str | Path | None, int | None]:
        return (self.display, self.path, self.index)

    def __setstate__(self, state: tuple[str, str | Path | None, int | None]) -> None:
        self.display, self.path, self.index = state
        self._lines = None


@dataclass(frozen=True)
class Doc(Generic[T]):
    id: str
    model: T
    src: Source


@dataclass
class EvaluationSet:
    year: int
    authority: str
    doc: Doc[m.Evaluation]
    sheets: dict[str, Doc[Any]] = field(default_factory=dict)  # USCC -> HenanSheet | HulunbuirSheet


@dataclass
class RecordSet:
    root: Path
    platform: Doc[m.Platform]
    rulebook: Rulebook
    regions: dict[str, str]
    regions_src: Source
    authorities: dict[str, Doc[m.Authority]]
    calendar: WorkCalendar
    enterprises: dict[str, Doc[m.Enterprise]]
    persons: dict[str, Doc[m.Person]]
    records: dict[str, Doc[m.CreditRecord]]
    evaluations: dict[tuple[int, str], EvaluationSet]
    unreadable: frozenset[str] = frozenset()
    """Enterprises and persons whose file exists but did not load: their own problems say why, so a
    reference to them is not reported again as a missing file."""


# ---- identifiers --------------------------------------------------------------------------------------

_USCC = re.compile(m.USCC_RE)
_PERSON = re.compile(m.PERSON_RE)
_RECORD = re.compile(m.RECORD_RE)
_YEAR = re.compile(r"^[0-9]{4}$")
_AUTH = re.compile(m.AUTHORITY_RE)


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid unified social credit code (GB 32100-2015), or None."""
    if not _USCC.fullmatch(code):
        return (
            f"“{code}” 不是统一社会信用代码的格式：18 位，只含数字和大写字母（不含 I、O、Z、S、V）"
            "（not a unified social credit code）"
        )
    if not stdnum_uscc.is_valid(code):
        expected = stdnum_uscc.calc_check_digit(code[:17])
        return (
            f"统一社会信用代码 “{code}” 的校验位错误：按 GB 32100-2015 第 18 位应为 “{expected}”，"
            "请核对营业执照（check digit mismatch）"
        )
    return None


# ---- pydantic errors → Chinese ------------------------------------------------------------------------

_ALL_KEYS: set[str] = set()
for _model in m.SCHEMA_MODELS.values():
    for _name, _f in getattr(_model, "model_fields", {}).items():
        _ALL_KEYS.add(_f.alias or _name)
for _model in (m.Project, m.ManagerRole, m.Decision, m.Extension, m.Objection, m.Repair, m.Withdrawal,
               m.Authority, m.CalendarYear, m.CommunityMark, m.ResultCount, m.Scores, m.RedRemoval,
               m.BlackRepair):
    for _name, _f in _model.model_fields.items():
        _ALL_KEYS.add(_f.alias or _name)

_PATTERN_HINTS = {
    m.REGION_RE: "应为 6 位行政区划代码，并加引号，例如 \"410105\"",
    m.AUTHORITY_RE: "应为 6 位行政区划代码或 9 位乡镇街道代码，并加引号，例如 \"410105\"",
    m.PERSON_RE: "应为人员编号 P-<6 位区划>-<序号>，例如 P-410105-0001",
    m.PROJECT_RE: "项目编号只能用小写字母、数字和连字符，例如 hengxin-garden",
    m.DEED_RE: "事迹编号只能用字母、数字、点、下划线和连字符",
}


def _describe_input(value: Any, raw: tuple[str, str] | None) -> str:
    if raw is not None:
        return raw[0]
    return str(value)


def _strip_loc(loc: tuple[Any, ...], data: Any, names_key: bool = False) -> tuple[str | int, ...]:
    """Keep only the parts of a pydantic location that exist in the data (drops union member names).

    ``names_key``: the error is about a missing or unknown key, which is the location's last part."""
    out: list[str | int] = []
    cur = data
    for i, part in enumerate(loc):
        if isinstance(cur, dict) and part in cur or isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str):
            if names_key and i == len(loc) - 1:  # the missing or unknown key: keep it, it names the field
                out.append(part)
                break
            # else a union member's name (CommunityMark, int, …) before the real key: skip it
        else:
            break
    return tuple(out)


def _inner(tp: Any) -> Any:
    """The model class or ``list[...]`` inside an annotation (Annotated and Optional unwrapped), or None."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _inner(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        found = [x for x in (_inner(a) for a in typing.get_args(tp) if a is not type(None)) if x is not None]
        return found[0] if len(found) == 1 else None
    if origin is list:
        return tp
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return None


def _keys_at(model: type[BaseModel] | None, path: tuple[str | int, ...]) -> set[str]:
    """The keys the mapping holding ``path[-1]`` allows, when the model says; else every known key."""
    cur: Any = model
    for part in path[:-1]:
        if isinstance(cur, type) and issubclass(cur, RootModel):
            cur = _inner(cur.model_fields["root"].annotation)
        if isinstance(part, int) and typing.get_origin(cur) is list:
            cur = _inner(typing.get_args(cur)[0])
        elif isinstance(part, str) and isinstance(cur, type) and issubclass(cur, BaseModel):
            fields = {f.alias or n: f for n, f in cur.model_fields.items()}
            cur = _inner(fields[part].annotation) if part in fields else None
        else:
            cur = None
    if isinstance(cur, type) and issubclass(cur, BaseModel) and not issubclass(cur, RootModel):
        return {f.alias or n for n, f in cur.model_fields.items()}
    return _ALL_KEYS


def _message(
    err: Any, path: tuple[str | int, ...], lines: LineMap, model: type[BaseModel] | None = None
) -> str:
    etype = err["type"]
    value = err.get("input")
    raw = lines.raw.get(path)
    if raw is not None and (placeholder := placeholder_message(path, raw[0])) is not None:
        return placeholder  # the same message as the text check's: one per field (a skeleton's date, choice)
    field_name = next((p for p in reversed(path) if isinstance(p, str)), "")
    shown = _describe_input(value, raw)
    if etype == "missing":
        return f"缺少必填字段 “{field_name}”（missing field）"
    if etype == "extra_forbidden":
        # suggest only keys this place allows (red: is a key of a henan sheet, not of a hulunbuir one)
        allowed = _keys_at(model, path) - {field_name}
        guess = difflib.get_close_matches(field_name, sorted(allowed), n=1, cutoff=0.6)
        hint = f"是否想写 “{guess[0]}”？" if guess else "请删除或改正"
        return f"未知字段 “{field_name}”（unknown key）：{hint}"
    if isinstance(value, bool) and etype in ("string_type", "string_pattern_mismatch"):
        return f"“{shown}” 被 YAML 读成了真假值；这里应是文字，请加引号写成 \"{shown}\""
    if isinstance(value, (int, float, LooseNumber)) and etype in ("string_type", "string_pattern_mismatch"):
        return (
            f"“{shown}” 没有加引号，被 YAML 读成了数字（开头的 0 会丢失）；请写成 \"{shown}\""
            "（a number where text is meant: quote it）"
        )
    if isinstance(value, LooseNumber):
        return f"“{shown}” 不是有效的值；数字请直接写十进制整数，文字请加引号"
    if etype in ("date_type", "date_from_datetime_parsing", "date_parsing"):
        return f"“{shown}” 不是日期：请写成 YYYY-MM-DD，月和日都用两位，例如 2026-03-02（not a date）"
    if etype == "bool_type":
        if isinstance(value, Yaml11Word):
            return f"“{shown}” 请写成 true 或 false（YAML 1.1 words like yes/no are not booleans here）"
        return f"“{shown}” 应为 true 或 false"
    if etype == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"“{shown}” 不是允许的取值；可选：{expected}"
    if etype == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if field_name == "hotline":
            return f"“{shown}” 不是公共服务电话的写法，例如 \"0371-65550000\""
        return f"“{shown}” 格式不对：{_PATTERN_HINTS.get(pattern, '不符合 ' + pattern)}"
    if etype in ("string_too_short",):
        return f"字段 “{field_name}” 不能为空"
    if etype in ("string_too_long",):
        return f"字段 “{field_name}” 太长（{err.get('ctx', {}).get('max_length')} 字以内）"
    if etype in ("int_type", "int_parsing", "int_from_float"):
        return f"“{shown}” 应为整数"
    if etype in ("float_type", "float_parsing", "finite_number"):
        return f"“{shown}” 应为数字"
    if etype in ("greater_than_equal", "greater_than"):
        return f"“{shown}” 太小：不能小于 {err.get('ctx', {}).get('ge', err.get('ctx', {}).get('gt'))}"
    if etype in ("less_than_equal", "less_than"):
        return f"“{shown}” 太大：不能大于 {err.get('ctx', {}).get('le', err.get('ctx', {}).get('lt'))}"
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return f"字段 “{field_name or '（文件）'}” 应为若干 “键: 值” 行（a mapping）"
    if etype == "list_type":
        return f"字段 “{field_name or '（文件）'}” 应为列表：每项一行，以 “- ” 开头（a list）"
    if etype == "value_error" and "until_before_since" in str(err.get("msg", "")):
        return "项目的 until 早于 since"
    if etype in ("union_tag_invalid", "union_tag_not_found") or "union" in etype:
        return f"“{shown}” 不是允许的写法"
    return f"{err.get('msg', etype)}（{shown}）"


def model_problems(
    exc: ValidationError, data: Any, lines: LineMap, display: str, model: type[BaseModel] | None = None
) -> list[Problem]:
    out: dict[tuple[str | int, ...], Problem] = {}
    for err in exc.errors():
        path = _strip_loc(tuple(err["loc"]), data, err["type"] in ("missing", "extra_forbidden"))
        if path in out:  # one problem per place (unions report once per member)
            continue
        if err["type"] in ("missing",) and path:
            line = lines.line(path[:-1])
        else:
            line = lines.line(path)
        out[path] = Problem(display, line, _message(err, path, lines, model))
    return list(out.values())


# ---- the loader ---------------------------------------------------------------------------------------


_TOP_MODELS = frozenset({"platform", "regions", "authorities", "calendar"})


def _limit(model_name: str) -> int:
    """The size limit of a file of this kind: the top-level lists may be long, a record is small."""
    return MAX_BYTES_TOP if model_name in _TOP_MODELS else MAX_BYTES


def read_record(path: str | Path, model_name: str) -> bytes | str:
    """A record file's bytes, or why it was not read (a message for the clerk): not a regular file, too
    large, or not readable. Never follows a symbolic link, never waits on a FIFO."""
    try:
        return read_bytes(path, _limit(model_name))
    except YamlFileError as exc:
        return exc.message
    except OSError as exc:
        return f"无法读取文件（{exc.strerror or exc}）"


def parse_bytes(data: bytes, display: str, model_name: str) -> tuple[BaseModel | None, list[Problem]]:
    """Parse one record file's bytes into its model, with the file's own problems (no other file needed)."""
    model = m.SCHEMA_MODELS[model_name]
    problems: list[Problem] = []
    try:
        text = decode_text(data, _limit(model_name))
        loaded = load_yaml(text, track=False)
    except YamlFileError as exc:
        return None, [Problem(display, exc.line, exc.message)]
    value = loaded.value
    lines: LineMap | None = None
    if suspect(value):
        lines = load_yaml(text).lines
        problems.extend(text_problems(display, lines))
    if value is None:
        value = None if issubclass(model, m.Authorities | m.Regions) else {}
    try:
        return model.model_validate(value, strict=True), problems
    except ValidationError as exc:
        lines = lines or load_yaml(text).lines
        problems.extend(model_problems(exc, value, lines, display, model))
        return None, problems


def _parse_chunk(items: list[tuple[str, str, str]], cache_dir: Path | None) -> list[tuple[bytes, bytes | str]]:
    """Parse files (``(path, display, model)``): read each, look its bytes up in the parse cache, parse the
    others. Returns per file ``(True, pickled (model, problems))`` — the form the cache
    stores — or ``(False, why it was not read)``, a message for the clerk. Runs in a worker process when
    there are many files; reads only regular files, within the size limit (:func:`read_record`)."""
    blobs: list[bytes | None] = []
    out: list[tuple[bytes, bytes | str]] = []
    for path, _display, model in items:
        got = read_record(path, model)
        if isinstance(got, str):
            blobs.append(None)
            out.append((b"", got))
        else:
            blobs.append(got)
            out.append((b"", b""))
    keys = [parse_cache.key(it[2], b) if b is not None else b"" for it, b in zip(items, blobs, strict=True)]
    cache = ParseCache.open(cache_dir)
    try:
        cached = cache.get_many([k for k in keys if k]) if cache is not None else {}
        for i, ((_path, display, model), data, k) in enumerate(zip(items, blobs, keys, strict=True)):
            if data is None:
                continue
            blob = cached.get(k)
            if blob is None:
                blob = pickle.dumps(parse_bytes(data, display, model), protocol=pickle.HIGHEST_PROTOCOL)
                out[i] = (k, blob)  # fresh: the caller stores it (one writer, one transaction)
            else:
                out[i] = (b"", blob)
    finally:
        if cache is not None:
            cache.close()
    return out


_CHUNK_JOB: Path | None = None
"""The cache directory of the pool's workers (set before the fork)."""


def _pool_chunk(items: list[tuple[str, str, str]]) -> list[tuple[bytes, bytes | str]]:
    return _parse_chunk(items, _CHUNK_JOB)


@dataclass(frozen=True)
class _File:
    path: str
    display: str
    name: str
    stem: str


@dataclass
class _Task:
    path: str
    display: str
    model: str
    ident: str
    result: Any = None  # Doc | None once parsed

    @classmethod
    def of(cls, f: _File, model: str) -> _Task:
        return cls(f.path, f.display, model, f.stem)


POOL_THRESHOLD = 2000
"""Below this many files to parse, a process pool costs more than it saves."""


class _Loader:
    def __init__(self, root: Path, cache_dir: Path | None = None) -> None:
        self.root = root
        self.prefix = display_path(root)
        self.problems: list[Problem] = []
        self.cache_dir = cache_dir

    def disp(self, path: Path) -> str:
        try:
            return f"{self.prefix}/{path.relative_to(self.root).as_posix()}"
        except ValueError:
            return display_path(path)

    def read(self, path: Path, model: type[T], ident: str) -> Doc[T] | None:
        display = self.disp(path)
        name = next(k for k, v in m.SCHEMA_MODELS.items() if v is model)
        data = read_record(path, name)
        if isinstance(data, str):
            self.problems.append(Problem(display, 1, data))
            return None
        obj, problems = parse_bytes(data, display, name)
        self.problems.extend(problems)
        return Doc(ident, obj, Source(display, path)) if obj is not None else None  # type: ignore[arg-type]

    def parse_many(self, tasks: list[_Task]) -> None:
        """Parse many files: from the cache where their bytes are known, else on every core. Worker processes
        read, hash, look up and parse; this process turns their results into models as they arrive and stores
        the fresh ones in the cache at the end (one writer: two writers contending for the file were slower)."""
        global _CHUNK_JOB
        items = [(t.path, t.display, t.model) for t in tasks]
        fresh: list[tuple[bytes, bytes]] = []
        workers = int(os.environ.get("CREDIT_WORKERS") or os.cpu_count() or 1)
        if len(items) >= int(os.environ.get("CREDIT_POOL_MIN_FILES") or POOL_THRESHOLD) and workers > 1 \
                and hasattr(os, "fork"):
            size = max(200, min(2000, len(items) // (workers * 8)))  # small chunks: results arrive steadily
            chunks = [items[i : i + size] for i in range(0, len(items), size)]
            _CHUNK_JOB = self.cache_dir
            try:
                with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                    done = 0
                    for part in pool.map(_pool_chunk, chunks):
                        fresh += self._take(tasks[done : done + len(part)], part)
                        done += len(part)
            finally:
                _CHUNK_JOB = None
        else:
            fresh = self._take(tasks, _parse_chunk(items, self.cache_dir))
        if fresh and self.cache_dir is not None:
            cache = ParseCache.open(self.cache_dir)
            if cache is not None:
                cache.put_many(fresh)
                cache.close()

    def _take(self, tasks: list[_Task], results: list[tuple[bytes, bytes | str]]) -> list[tuple[bytes, bytes]]:
        """Models from the workers' results; returns the fresh ones, for the cache."""
        fresh: list[tuple[bytes, bytes]] = []
        for t, (k, value) in zip(tasks, results, strict=True):
            if isinstance(value, str):  # not ok: why the file was not read
                self.problems.append(Problem(t.display, 1, value))
                continue
            if k:
                fresh.append((k, value))
            obj, problems = pickle.loads(value)
            for p in problems:  # the cache may have been filled under another path
                self.problems.append(Problem(t.display, p.line, p.message, p.severity))
            t.result = Doc(t.ident, obj, Source(t.display, t.path)) if obj is not None else None  # a str: no Path per file
        return fresh

    def required(self, path: Path, model: type[T], missing: str) -> Doc[T] | None:
        """One of the top-level files every deployment has: read it, or report that it is missing."""
        if not os.path.lexists(path):  # a dangling link is reported as a link when read, not as missing
            self.error(path, missing)
            return None
        return self.read(path, model, path.stem)

    def error(self, path: Path, message: str, line: int = 1) -> None:
        self.problems.append(Problem(self.disp(path), line, message))

    def error_at(self, display: str, message: str, line: int = 1) -> None:
        self.problems.append(Problem(display, line, message))

    def real_dir(self, folder: Path) -> bool:
        """Whether ``folder`` is a folder to walk. Absent: False, in silence; a link or a file: reported."""
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            return False
        except OSError as exc:
            self.error(folder, f"无法读取文件夹（{exc.strerror or exc}）")
            return False
        if stat.S_ISDIR(mode):
            return True
        if stat.S_ISLNK(mode):
            self.error(folder, _LINKED_DIR if os.path.isdir(folder) else not_regular_message(mode))
        elif stat.S_ISREG(mode):
            self.error(folder, f"“{folder.name}” 应是文件夹，现在是一个文件（expected a folder）")
        else:
            self.error(folder, not_regular_message(mode))
        return False

    def entries(self, folder: Path, base: str) -> list[os.DirEntry[str]]:
        """The entries of a folder in name order: real folders and regular files whose names do not begin with a
        dot. Links, special files and hidden entries are reported and left out (``.gitkeep`` in silence)."""
        try:
            found = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self.error(folder, f"无法读取文件夹（{exc.strerror or exc}）")
            return []
        out = []
        for entry in found:
            name = entry.name
            display = f"{base}/{name}"
            if entry.is_symlink():  # d_type: no system call
                message = _LINKED_DIR if entry.is_dir() else not_regular_message(stat.S_IFLNK)
                self.problems.append(Problem(display, 1, message))
                continue
            is_dir = entry.is_dir(follow_symlinks=False)
            if not is_dir and not entry.is_file(follow_symlinks=False):  # a FIFO, a device, a socket
                try:
                    mode = entry.stat(follow_symlinks=False).st_mode
                except OSError:
                    mode = 0
                self.problems.append(Problem(display, 1, not_regular_message(mode)))
                continue
            if name.startswith("."):
                if name == ".gitkeep" and not is_dir:
                    continue
                self.problems.append(Problem(display, 1, _hidden_message(name, is_dir)))
                continue
            out.append(entry)
        return out

    def subdirs(self, folder: Path) -> list[Path]:
        """Entries of a folder in name order (see :meth:`entries`: no link among them)."""
        return [Path(e.path) for e in self.entries(folder, self.disp(folder))]

    def yaml_files(self, folder: Path) -> list[_File]:
        """The record files of a folder in name order (bad names reported), without a Path object per file.
        Whatever else is there — a folder, a link, ``X.YAML``, ``X.yml``, ``X.yaml.bak``, ``.X.yaml`` — is an
        error: none of it would be read."""
        if not self.real_dir(folder):
            return []
        base = self.disp(folder)
        out = []
        for entry in self.entries(folder, base):
            name = entry.name
            display = f"{base}/{name}"
            if entry.is_dir(follow_symlinks=False):
                self.problems.append(Problem(display, 1, f"这里不应有文件夹 “{name}”（unexpected folder）"))
                continue
            low = name.lower()
            if low.endswith(".yml"):
                self.problems.append(Problem(display, 1, "扩展名请用 .yaml（不是 .yml），否则不会被读取"))
                continue
            if not name.endswith(".yaml"):
                if low.endswith(".yaml"):
                    message = f"扩展名请用小写 .yaml（现在是 “{name[-5:]}”），否则不会被读取"
                else:
                    message = (f"这里只应有 .yaml 记录文件：“{name}” 不会被读取，请删除它或移出 records/"
                               "（unexpected file）")
                self.problems.append(Problem(display, 1, message))
                continue
            stem = name[:-5]
            if stem != stem.strip() or " " in stem or "\u3000" in stem:
                self.problems.append(Problem(display, 1, f"文件名 “{name}” 含有空格，请删除空格"))
                continue
            out.append(_File(entry.path, display, name, stem))
        return out


_LINKED_DIR = ("不是普通文件夹（符号链接）：records/ 中的文件夹不能链接到别处，其中的文件没有被读取；"
               "请换成真实的文件夹（a symbolic link to a folder）")


def _hidden_message(name: str, is_dir: bool) -> str:
    what = "文件夹" if is_dir else "文件"
    return (f"隐藏{what} “{name}” 不会被读取：名称不能以点开头；是记录请去掉开头的点，不是请删除"
            f"（hidden {'folder' if is_dir else 'file'}）")


_ROOT_DIRS = frozenset({"enterprises", "persons", "credit", "evaluations"})
_ROOT_FILES = frozenset({"platform.yaml", "regions.yaml", "authorities.yaml", "calendar.yaml"})
_ROOT_ALLOWED = frozenset({".git", ".gitignore", ".gitattributes", ".gitkeep", ".github", ".synth"})
"""Allowed at the top of the records and not read: git's own entries, for records kept in a repository of
their own, and the marker ``credit synth`` leaves (generator.synth.MARKER)."""

_DEFAULT = object()


@heap.paused()
def load_records(root: Path, cache_dir: Path | None | object = _DEFAULT) -> tuple[RecordSet | None, list[Problem]]:
    """Load every file under ``root``. Returns the record set (None when the core files are unusable).

    Files are parsed through the content-hash cache (:mod:`generator.parse_cache`; ``cache_dir=None``
    disables it) and, when there are many, on every core.
    """
    directory = parse_cache.default_dir() if cache_dir is _DEFAULT else cache_dir
    # never a cache inside the records or a checkout (it could come with a commit); loads the HMAC secret
    directory = parse_cache.usable_dir(directory, root) if root.is_dir() else None  # type: ignore[arg-type]
    return _load(root, directory)


def _load(root: Path, cache_dir: Path | None) -> tuple[RecordSet | None, list[Problem]]:
    ld = _Loader(root, cache_dir)
    if not root.is_dir():
        return None, [Problem(display_path(root), 0, "找不到记录目录（records directory not found）")]

    platform = ld.required(root / "platform.yaml", m.Platform, "缺少 platform.yaml（平台名称、运营机关、评价规则）")
    rulebook: Rulebook | None = None
    if platform is not None:
        if platform.model.rulebook not in available():
            ld.error(root / "platform.yaml", f"评价规则 “{platform.model.rulebook}” 不存在；可选：{', '.join(available())}",
                     platform.src.line("rulebook"))
        else:
            rulebook = load_rulebook(platform.model.rulebook)

    regions_doc = ld.required(root / "regions.yaml", m.Regions, "缺少 regions.yaml（行政区划代码表）")
    authorities_doc = ld.required(root / "authorities.yaml", m.Authorities, "缺少 authorities.yaml（机关名单）")

    authorities: dict[str, Doc[m.Authority]] = {}
    if authorities_doc is not None:
        for i, a in enumerate(authorities_doc.model.root):
            if a.code in authorities:
                ld.error(root / "authorities.yaml", f"机关代码 {a.code} 重复", authorities_doc.src.line(i))
            authorities[a.code] = Doc(a.code, a, Source(authorities_doc.src.display, authorities_doc.src.path,
                                                        index=i))

    extra: dict[int, YearSchedule] = {}
    cal_path = root / "calendar.yaml"
    if os.path.lexists(cal_path):
        cal = ld.read(cal_path, m.CalendarFile, "calendar")
        if cal is not None:
            for year_s, sched in cal.model.root.items():
                year = int(year_s)
                bad = [d for d in [*sched.holidays, *sched.workdays] if d.year != year]
                if bad:
                    ld.error(cal_path, f"{year} 年的安排中出现了其他年份的日期 {bad[0]}", cal.src.line(year_s))
                extra[year] = YearSchedule(frozenset(sched.holidays), frozenset(sched.workdays))

    # -- find every file first (names are checked here), then parse them all at once --
    ent_tasks: list[_Task] = []
    for f in ld.yaml_files(root / "enterprises"):
        why = uscc_problem(f.stem)
        if why:
            ld.error_at(f.display, f"文件名应为企业的统一社会信用代码：{why}")
            continue
        ent_tasks.append(_Task.of(f, "enterprise"))

    person_tasks: list[_Task] = []
    for f in ld.yaml_files(root / "persons"):
        if not _PERSON.fullmatch(f.stem):
            ld.error_at(f.display, f"文件名 “{f.name}” 应为人员编号，例如 P-410105-0001.yaml")
            continue
        person_tasks.append(_Task.of(f, "person"))

    record_tasks: list[tuple[_Task, re.Match[str], str]] = []
    credit = root / "credit"
    if ld.real_dir(credit):
        for year_dir in ld.subdirs(credit):
            if not year_dir.is_dir() or not _YEAR.fullmatch(year_dir.name):
                ld.error(year_dir, "credit/ 下应只有年份文件夹，例如 credit/2026/")
                continue
            for f in ld.yaml_files(year_dir):
                mt = _RECORD.fullmatch(f.stem)
                if not mt:
                    ld.error_at(f.display, f"文件名 “{f.name}” 应为信息编号 <录入机关代码>-<年份>-<序号>，"
                                           "例如 410105-2026-0007.yaml")
                    continue
                record_tasks.append((_Task.of(f, "credit-record"), mt, year_dir.name))

    sheet_name = "sheet-hulunbuir" if rulebook and rulebook.scheme == "grades" else "sheet-henan"
    ev_sets: list[tuple[EvaluationSet, list[_Task]]] = []
    ev_root = root / "evaluations"
    if ld.real_dir(ev_root):
        for year_dir in ld.subdirs(ev_root):
            if not year_dir.is_dir() or not _YEAR.fullmatch(year_dir.name):
                ld.error(year_dir, "evaluations/ 下应只有年份文件夹，例如 evaluations/2026/")
                continue
            for auth_dir in ld.subdirs(year_dir):
                if not auth_dir.is_dir() or not _AUTH.fullmatch(auth_dir.name):
                    ld.error(auth_dir, "evaluations/<年份>/ 下应是评价机关代码文件夹，例如 evaluations/2026/410105/")
                    continue
                ev_path = auth_dir / "evaluation.yaml"
                if not os.path.lexists(ev_path):
                    ld.error(ev_path, "缺少 evaluation.yaml（评价截止日、公示日期）")
                    continue
                ev = ld.read(ev_path, m.Evaluation, f"{year_dir.name}/{auth_dir.name}")
                if ev is None:
                    continue
                sheets: list[_Task] = []
                for f in ld.yaml_files(auth_dir):
                    if f.name == "evaluation.yaml":
                        continue
                    why = uscc_problem(f.stem)
                    if why:
                        ld.error_at(f.display, f"评分表文件名应为企业的统一社会信用代码：{why}")
                        continue
                    sheets.append(_Task.of(f, sheet_name))
                ev_sets.append((EvaluationSet(int(year_dir.name), auth_dir.name, ev), sheets))

    ld.parse_many([*ent_tasks, *person_tasks, *(t for t, _m, _y in record_tasks),
                   *(t for _es, ts in ev_sets for t in ts)])

    unreadable: set[str] = set()
    enterprises: dict[str, Doc[m.Enterprise]] = {}
    for t in ent_tasks:
        if t.result is not None:
            enterprises[t.ident] = t.result
        else:
            unreadable.add(t.ident)
    persons: dict[str, Doc[m.Person]] = {}
    for t in person_tasks:
        if t.result is not None:
            persons[t.ident] = t.result
        else:
            unreadable.add(t.ident)

    records: dict[str, Doc[m.CreditRecord]] = {}
    for t, mt, folder in record_tasks:
        docr = t.result
        if docr is None:
            continue
        rec = docr.model
        eff = rec.decision.effective
        if str(eff.year) != folder:
            ld.error_at(t.display, f"决定生效日期是 {eff.year} 年，文件应放在 credit/{eff.year}/ 下"
                     f"（现在在 credit/{folder}/）", docr.src.line("decision", "effective"))
        if mt.group(2) != folder:
            ld.error_at(t.display, f"编号中的年份 {mt.group(2)} 与所在文件夹 credit/{folder}/ 不一致")
        if mt.group(1) != rec.recorder:
            ld.error_at(t.display, f"编号以录入机关代码开头：recorder 是 “{rec.recorder}”，编号却以 “{mt.group(1)}” 开头",
                     docr.src.line("recorder"))
        records[t.ident] = docr

    evaluations: dict[tuple[int, str], EvaluationSet] = {}
    for es, sheet_tasks in ev_sets:
        for t in sheet_tasks:
            if t.result is not None:
                es.sheets[t.ident] = t.result
        evaluations[(es.year, es.authority)] = es

    # the top: the known files and folders are checked where they are read (a link among them too)
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        name = entry.name
        if name in _ROOT_DIRS or name in _ROOT_FILES or name in _ROOT_ALLOWED:
            continue
        path = Path(entry.path)
        low = name.lower()
        if entry.is_symlink():
            ld.error(path, _LINKED_DIR if entry.is_dir() else not_regular_message(stat.S_IFLNK))
        elif entry.is_dir(follow_symlinks=False):
            ld.error(path, f"记录目录中不应有文件夹 “{name}”：其中的文件不会被读取")
        elif not entry.is_file(follow_symlinks=False):
            ld.error(path, not_regular_message(entry.stat(follow_symlinks=False).st_mode))
        elif name.startswith("."):
            ld.error(path, _hidden_message(name, False))
        elif ".yaml" in low or ".yml" in low:  # README.md and the like may stay: nobody takes them for records
            ld.error(path, f"记录目录中不认识的文件 “{name}”：不会被读取；顶层只读 platform.yaml、regions.yaml、"
                           "authorities.yaml 和 calendar.yaml，文件名须全为小写")

    if platform is None or rulebook is None or regions_doc is None or authorities_doc is None:
        return None, ld.problems
    rs = RecordSet(
        root=root,
        platform=platform,
        rulebook=rulebook,
        regions=dict(regions_doc.model.root),
        regions_src=regions_doc.src,
        authorities=authorities,
        calendar=WorkCalendar(extra),
        enterprises=enterprises,
        persons=persons,
        records=records,
        evaluations=evaluations,
        unreadable=frozenset(unreadable),
    )
    return rs, ld.problems


def _sub(lines: LineMap, index: int) -> LineMap:
    """The line map of one list element, re-rooted."""
    out = LineMap()
    for path, line in lines.lines.items():
        if path and path[0] == index:
            out.lines[path[1:]] = line
    for path, raw in lines.raw.items():
        if path and path[0] == index:
            out.raw[path[1:]] = raw
    return out
