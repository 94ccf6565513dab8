"""YAML as a careful hand writes it: codes quoted (a region code read as a number loses nothing, but
``"0371-6555"`` or ``"410105"`` must stay text), dates unquoted (YAML reads them as dates), plain text
wherever YAML reads it back unchanged, double quotes only where it would not.

The writers build text with f-strings, never ``yaml.dump``: the scaled tree writes 10^5–10^6 files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

_RISKY_START = set("-?:,[]{}#&*!|>'\"%@`=+ \t")
_YAML11 = re.compile(
    r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~"
    r"|[-+]?[0-9][0-9_.:eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$"
)


def scalar(text: str) -> str:
    """A text scalar: plain where YAML reads it back unchanged as text, else double-quoted."""
    if (not text or text[0] in _RISKY_START or text != text.strip() or ": " in text or " #" in text
            or text.endswith(":") or _YAML11.match(text) or "\n" in text):
        return json.dumps(text, ensure_ascii=False)
    return text


def quoted(code: str) -> str:
    """A code, always quoted: ``"410105"``, ``"91410105MA…"``."""
    return f'"{code}"'


def yaml_id(code: str) -> str:
    """A USCC as a hurried hand writes it: quoted only when it is all digits (YAML would read a number)."""
    return f'"{code}"' if code.isdigit() else code


def flow_list(items: Iterable[object]) -> str:
    """``[a, b, c]``: a short list on one line."""
    return "[" + ", ".join(str(i) for i in items) + "]"


class ProjectLike(Protocol):
    """A managed project as the enterprise file lists it."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def since(self) -> dt.date | str: ...
    @property
    def until(self) -> dt.date | str | None: ...
    @property
    def manager(self) -> str | None: ...


def enterprise_text(name: str, former: Sequence[str], representative: str, region: str, address: str,
                    established: dt.date | str, hotline: str | None, projects: Sequence[ProjectLike],
                    managers: Iterable[tuple[str, str]]) -> str:
    """An enterprises/<USCC>.yaml: its registration, projects (with their managers) and key managers as
    (person id, role)."""
    out = [f"name: {name}\n"]
    if former:
        out.append(f"former_names: {flow_list(former)}\n")
    out.append(f"legal_representative: {representative}\n"
               f"registered_region: {quoted(region)}\n"
               f"address: {scalar(address)}\n"
               f"established: {established}\n")
    if hotline is not None:
        out.append(f"hotline: {quoted(hotline)}\n")
    if projects:
        out.append("projects:\n")
    for p in projects:
        out.append(f"  - id: {p.id}\n    name: {p.name}\n    region: {quoted(p.region)}\n"
                   f"    address: {scalar(p.address)}\n    since: {p.since}\n")
        if p.until is not None:
            out.append(f"    until: {p.until}\n")
        if p.manager is not None:
            out.append(f"    manager: {p.manager}\n")
    out.append("managers:\n")
    for person, role in managers:
        out.append(f"  - person: {person}\n    role: {role}\n")
    return "".join(out)


def person_text(name: str, note: str | None = None) -> str:
    """A persons/<id>.yaml: the name and, where there is one, a note."""
    return f"name: {name}\n" + (f"note: {scalar(note)}\n" if note else "")
