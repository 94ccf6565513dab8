"""Load one YAML file strictly, keeping the line of every value.

PyYAML follows YAML 1.1 and keeps the last of two duplicate keys; both silently change what a regulator
wrote. This module parses with libyaml (``CSafeLoader``) into a node tree and builds the Python values
itself, so that:

* duplicate keys, aliases (and so alias bombs), merge keys and explicit tags are refused;
* ``yes``/``no``/``on``/``off`` stay text (:class:`Yaml11Word`) — a boolean field then refuses them;
* only ``YYYY-MM-DD`` becomes a date; ``2026-3-2`` stays text so a date field refuses it;
* every value's line is kept in a :class:`LineMap`, and the raw text of every scalar, for hints.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml: ~8x faster than the pure-Python parser
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in every PyYAML wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 512 * 1024
"""No record file is anywhere near this (the largest, an enterprise with many projects, is a few kB); a larger
one is a mistake (or an attack)."""

MAX_BYTES_TOP = 16 * 1024 * 1024
"""The limit of the top-level lists (platform, regions, authorities, calendar): a whole country's
authorities, every street office included, is a few MB."""

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_MAP = _TAG + "map"
_SEQ = _TAG + "seq"
_MERGE = _TAG + "merge"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_INT = re.compile(r"^[-+]?[0-9]+$")  # YAML 1.2: no 1_000 (YAML 1.1 only)
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class Yaml11Word(str):
    """A plain word YAML 1.1 would read as a boolean (``yes``, ``no``, ``on``, ``off``, ``y``, ``n``)."""


class LooseNumber:
    """A plain scalar only YAML 1.1 reads as a number (``0371``, ``0x1F``, ``1_000``, ``190:20``).

    It is neither text nor a number here: every field refuses it, with a hint to quote it.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


@dataclass
class LineMap:
    """Line (1-based) of every key path, and the raw text and kind of every scalar."""

    lines: dict[Path_, int] = field(default_factory=dict)
    raw: dict[Path_, tuple[str, str]] = field(default_factory=dict)  # path -> (text, "plain"|"quoted")
    values: dict[Path_, int] = field(default_factory=dict)  # path -> line of a scalar not on its key's line

    def line(self, path: Path_) -> int:
        """The line of ``path`` or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)


class YamlFileError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Loaded:
    value: Any
    lines: LineMap


def read_text(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> str:
    """Read a record file as UTF-8 (a byte-order mark is allowed), refusing other encodings clearly."""
    return decode_text(read_bytes(path, limit), limit)


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISDIR(mode):
        return "文件夹"
    return "特殊文件"


def not_regular_message(mode: int) -> str:
    """Why an entry of the records tree that is not a regular file (``mode`` from lstat) is refused."""
    if stat.S_ISLNK(mode):
        return ("不是普通文件（符号链接）：records/ 中的记录必须是普通文件，不能链接到别处，链接没有被读取；"
                "请用文件本身替换链接（not a regular file: a symbolic link）")
    return (f"不是普通文件（{_kind(mode)}）：records/ 中只应有 .yaml 记录文件，它没有被读取；请删除它"
            "（not a regular file）")


def too_large_message(size: int | None, limit: int) -> str:
    shown = f"{size} 字节" if size is not None else f"超过 {limit} 字节"
    return (f"文件过大（{shown}，上限 {limit}）：一条记录不应这么大，请检查是否误存了其他内容"
            "（file too large）")


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """The bytes of a record file: a regular file, at most ``limit`` bytes, never read otherwise.

    The file is opened without following a symbolic link (``O_NOFOLLOW``) and without waiting for a writer
    (``O_NONBLOCK``: a FIFO opens at once), then refused unless ``fstat`` says it is a regular file — so a
    link to ``/dev/zero`` or to a file outside the records, a FIFO or a device is never read. Raises
    :class:`YamlFileError` (line 1, the reason in Chinese) for those and for a file over ``limit``;
    :class:`OSError` when the file cannot be opened at all.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW on a link (EMLINK on FreeBSD)
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                raise exc from None
            if stat.S_ISLNK(mode):
                raise YamlFileError(1, not_regular_message(mode)) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise YamlFileError(1, not_regular_message(st.st_mode))
        if st.st_size > limit:
            raise YamlFileError(1, too_large_message(st.st_size, limit))
        parts: list[bytes] = []
        left = limit + 1  # one byte more than allowed: a file that grew while read is still caught
        while left > 0:
            part = os.read(fd, min(left, 1 << 20))
            if not part:
                break
            parts.append(part)
            left -= len(part)
        data = b"".join(parts)
        if len(data) > limit:
            raise YamlFileError(1, too_large_message(None, limit))
        return data
    finally:
        os.close(fd)


def decode_text(data: bytes, limit: int = MAX_BYTES) -> str:
    """A record file's bytes as text: UTF-8 (a byte-order mark is allowed), other encodings refused clearly."""
    if len(data) > limit:
        raise YamlFileError(1, too_large_message(len(data), limit))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = "看起来是 GBK/GB18030 编码（Windows 记事本等编辑器的“ANSI”）。"
        except UnicodeDecodeError:
            pass
        raise YamlFileError(
            line,
            f"文件不是 UTF-8 编码。{hint}请在编辑器中选择“另存为 → 编码 UTF-8”后重新提交"
            f"（file is not UTF-8; save it as UTF-8）",
        ) from None
    if "\x00" in text:
        raise YamlFileError(text[: text.index("\x00")].count("\n") + 1, "文件含有空字符（NUL），不是文本文件")
    return text


_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*：\s*(.*)$")
"""A key written with a full-width colon (``summary：…``, typed with a Chinese input method)."""


def fullwidth_colon(line: str) -> str | None:
    """The message for a line whose key ends in a full-width colon ``：`` (YAML needs ``: ``), else None."""
    m = _FULLWIDTH_KEY.match(line)
    if m is None:
        return None
    value = m[2] if len(m[2]) <= 20 else m[2][:20] + "…"
    return f"“{m[1]}” 后面的冒号是全角的“：”（中文输入法），YAML 只认半角冒号加空格：请改成 “{m[1]}: {value}”"


def _fullwidth_colon_line(lines: list[str], upto: int) -> tuple[int, str] | None:
    """The first line up to ``upto`` whose key has a full-width colon, with its message."""
    for i, line in enumerate(lines[:upto], start=1):
        message = fullwidth_colon(line)
        if message is not None:
            return i, message
    return None


def _yaml_error_message(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + 1) if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    source_lines = text.splitlines()
    found = _fullwidth_colon_line(source_lines, line)
    if found is not None:  # the parser stumbles a line later, where the next key begins
        return found
    bad_line = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or "'\\t'" in problem:
        return line, "YAML 缩进不能使用制表符（Tab），请改用空格（tabs are not allowed for indentation）"
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return line, "不允许使用 YAML 锚点与别名（& 和 *），请把内容直接写出（anchors and aliases are not allowed）"
    if "mapping values are not allowed" in problem:
        return line, (
            "YAML 语法错误：这一行的冒号位置不对。文本中含有“: ”时请给整段文字加引号"
            f"（{problem}）"
        )
    context = getattr(exc, "context", None) or ""
    if "expected a single document" in problem or "expected a single document" in context:
        return line, "一个文件只能有一个 YAML 文档，请删除多余的 “---”（one document per file）"
    return line, f"YAML 语法错误，请检查缩进、引号和冒号（{problem}）"


def load_yaml(text: str, track: bool = True) -> Loaded:
    """Parse ``text`` strictly; raises :class:`YamlFileError` with a line for anything refused.

    With ``track=False`` no lines are recorded (``Loaded.lines`` is empty): the fast path for the many valid
    files; anything to report makes it parse again with lines so the message names the right one.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        line, msg = _yaml_error_message(exc, text)
        raise YamlFileError(line, msg) from None
    except RecursionError:
        raise YamlFileError(1, _TOO_DEEP) from None
    lines = LineMap()
    if node is None:
        return Loaded(None, lines)
    try:
        if not track:
            try:
                return Loaded(_FastBuilder().build(node), lines)
            except _NeedsLines:
                pass
        lines.lines[()] = node.start_mark.line + 1
        builder = _Builder(lines, text)
        return Loaded(builder.build(node, ()), lines)
    except RecursionError:
        raise YamlFileError(node.start_mark.line + 1, _TOO_DEEP) from None


_TOO_DEEP = "嵌套层数过多（列表或字段一层套一层），记录文件不会这样写：请检查方括号和缩进（nested too deeply）"


def load_file(path: Path, track: bool = True) -> Loaded:
    return load_yaml(read_text(path), track)


def _first_alias_line(text: str) -> int | None:
    """The line of the first ``*alias`` (the composed tree only knows where its anchor was)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return int(event.start_mark.line) + 1
    return None


class _Builder:
    def __init__(self, lines: LineMap, text: str = "") -> None:
        self.lines = lines
        self.text = text
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:  # the composer makes a new node per event: only an alias repeats one
            raise YamlFileError(
                _first_alias_line(self.text) or self.lines.line(path),
                "不允许使用 YAML 锚点与别名（& 和 *），请把内容直接写出（aliases are not allowed）",
            )
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise _tag_error(node)
            out = []
            for i, child in enumerate(node.value):
                self.lines.lines[(*path, i)] = child.start_mark.line + 1
                out.append(self.build(child, (*path, i)))
            return out
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            raise _tag_error(node)
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlFileError(line, "字段名必须是简单文字（keys must be plain text）")
            if key_node.tag == _TAG + "merge":
                raise YamlFileError(line, "不允许使用 YAML 合并键 “<<”（merge keys are not allowed）")
            key = str(key_node.value)
            if key in out:
                raise YamlFileError(
                    line,
                    f"字段 “{key}” 重复出现（第 {first_line[key]} 行已有）。YAML 只会保留最后一个，"
                    f"请删除或合并其中一个（duplicate key）",
                )
            first_line[key] = line
            self.lines.lines[(*path, key)] = line
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        self.lines.raw[path] = (node.value, "quoted" if node.style else "plain")
        if node.start_mark.line + 1 != self.lines.lines.get(path):  # the value on a line of its own
            self.lines.values[path] = node.start_mark.line + 1
        return scalar_value(node)


def _tag_error(node: yaml.Node) -> YamlFileError:
    return YamlFileError(
        node.start_mark.line + 1,
        f"不支持 YAML 标签 {node.tag}，请去掉以 ! 开头的标记（explicit tags are not allowed）",
    )


def scalar_value(node: yaml.ScalarNode) -> Any:
    """The value of a scalar under this project's rules (module docstring)."""
    text = node.value
    tag = node.tag
    if node.style:  # quoted or block: always text
        if tag.startswith("!"):
            raise _tag_error(node)
        return text
    if tag == _TAG + "str":
        return text
    if tag == _TAG + "timestamp":
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise YamlFileError(node.start_mark.line + 1, f"“{text}” 不是存在的日期（no such date）") from None
        return text
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return Yaml11Word(text)
    if tag == _TAG + "int":
        if _DECIMAL_INT.match(text) and not (len(text.lstrip("+-")) > 1 and text.lstrip("+-")[0] == "0"):
            return int(text)
        return LooseNumber(text)  # 0371, 0x1F, 1_000, 190:20 — numbers only YAML 1.1 would see
    if tag == _TAG + "float":
        if "_" in text:  # 1_000.5: a number only YAML 1.1 would see
            return LooseNumber(text)
        try:
            return float(text)
        except ValueError:
            return LooseNumber(text)
    if tag.startswith("!") or tag.startswith(_TAG):
        raise _tag_error(node)
    return text


class _NeedsLines(Exception):
    """The fast builder met something to report: build again with lines, for the message."""


class _FastBuilder:
    """The same values as :class:`_Builder`, without recording lines (the common, valid case)."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if id(node) in self.seen:
                raise _NeedsLines
            self.seen.add(id(node))
            return scalar_value(node)
        if id(node) in self.seen:
            raise _NeedsLines
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise _NeedsLines
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                    raise _NeedsLines
                key = str(key_node.value)
                if key in out:
                    raise _NeedsLines
                out[key] = self.build(value_node)
            return out
        if node.tag != _SEQ:
            raise _NeedsLines
        return [self.build(child) for child in node.value]
