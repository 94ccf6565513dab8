"""The cyclic garbage collector around the big phases (issue 7).

Loading, validating and computing create millions of long-lived objects and almost no cyclic garbage, so
CPython's collector spends its time re-walking the objects it has already seen: half of ``credit validate``
and half of compute at 10k enterprises. :func:`paused` turns it off for a phase (reference counting still
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


@contextmanager
def frozen() -> Iterator[None]:
    """Every object alive on entry is left out of collections inside the block (and in processes forked in
    it); on exit they are ordinary objects again."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
