"""The cyclic garbage collector around the big phases (issue 7).

Loading, validating and computing create millions of long-lived objects and almost no cyclic garbage, so
CPython's collector spends its time re-walking the objects it has already seen: a third of a warm
``credit validate`` and half of compute at 10k enterprises. :func:`paused` turns it off for a phase (reference counting still
frees everything that is not in a cycle). :func:`frozen` moves every object alive into the permanent
generation before the publishers run: a collection then walks only what the publishers allocate, and
forked workers never write to the pages they share with the parent just to mark them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it (nesting is fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_depth = 0


@contextmanager
def frozen() -> Iterator[None]:
    """Every object alive on entry is left out of collections inside the block (and in processes forked in
    it); when the outermost block ends they are ordinary objects again. Enter it again just before forking
    to freeze what was made since (the page views, made after the build froze the snapshot)."""
    global _depth
    gc.freeze()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.unfreeze()
