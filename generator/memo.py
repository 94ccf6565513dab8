"""Results of pure functions remembered by the identity of their inputs, inside a block (``credit diff``).

A pull request's base is made from its head (:mod:`generator.records.overlay`): the two record sets share every
document of the files that did not change — the very same frozen models. Computing the base after the head
asks the same questions of the same objects again: a record's disclosure status, an enterprise's rating by an
evaluation. Inside :func:`remembering`, the functions marked :func:`remembered` answer such a question from the
first answer instead of working it out again.

Only functions whose result depends on nothing but their arguments are marked, and their arguments are never
changed while a block is open (frozen models, the record set's dictionaries, dates, strings). The key of a
call is the arguments' values where they are plain values (strings, numbers, dates), their items where they
are lists, tuples, sets or dictionaries, and their identity otherwise; every argument is kept alive in the
block, so an identity cannot pass to another object. A function that raises is not remembered. Outside a block
a marked function is called as it is (one test of an empty list). Each process has its own blocks.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_PLAIN = frozenset({int, float, bool, bytes, type(None), dt.date, Decimal})
_ID, _TUPLE, _LIST, _SET, _DICT, _END = (object() for _ in range(6))  # markers: the key is a flat tuple
_OPEN = {tuple: _TUPLE, list: _LIST}
_CONTAINERS = frozenset({tuple, list, dict, set, frozenset})


class _Store:
    def __init__(self) -> None:
        self.results: dict[tuple[Any, ...], tuple[Any, Any]] = {}  # key → (result, the arguments, kept alive)
        self.dicts: dict[int, tuple[list[Any], Any]] = {}  # id of a dictionary → (its key, itself, kept alive)

    def key(self, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        out: list[Any] = [fn]
        self._add(args, out)
        if kwargs:
            self._add(kwargs, out)
        return tuple(out)

    def _add(self, value: Any, out: list[Any]) -> None:
        """``value`` written into ``out`` so that two values write the same only where they are the same."""
        kind = value.__class__
        if kind is str:
            out.append(value)
        elif kind in _PLAIN:
            out += (kind, value)
        elif kind is tuple or kind is list:
            out.append(_OPEN[kind])
            for v in value:  # strings and objects inline: a list of (id, record) pairs is the common argument
                inner_kind = v.__class__
                if inner_kind is str:
                    out.append(v)
                elif inner_kind in _PLAIN or inner_kind in _CONTAINERS:
                    self._add(v, out)
                else:
                    out += (_ID, id(v))
            out.append(_END)
        elif kind is dict:  # a dictionary is written once (the record set's are large) and not changed after
            known = self.dicts.get(id(value))
            if known is None:
                inner: list[Any] = [_DICT]
                for k, v in value.items():
                    self._add(k, inner)
                    self._add(v, inner)
                inner.append(_END)
                known = self.dicts[id(value)] = (inner, value)
            out += known[0]
        elif kind is set or kind is frozenset:
            out += (_SET, frozenset(self.key(None, (v,), {}) for v in value), _END)
        else:
            out += (_ID, id(value))


_ACTIVE: list[_Store] = []


def remembered(fn: Callable[P, R]) -> Callable[P, R]:
    """Mark a pure function: inside :func:`remembering`, a call with the same arguments gives the first result."""

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        if not _ACTIVE:
            return fn(*args, **kwargs)
        store = _ACTIVE[-1]
        key = store.key(fn, args, kwargs)
        hit = store.results.get(key)
        if hit is None:
            hit = store.results[key] = (fn(*args, **kwargs), (args, kwargs))
        return hit[0]

    return call


@contextmanager
def remembering() -> Iterator[None]:
    """A block in which the functions marked :func:`remembered` remember their results (forgotten at its end)."""
    _ACTIVE.append(_Store())
    try:
        yield
    finally:
        _ACTIVE.pop()
