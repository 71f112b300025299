"""The derivation cache: what lqmodel ships is what sympy derives now; the cache never changes a result."""

from __future__ import annotations

import importlib
import json

import pytest
import sympy

from lqmodel.core import cache

SHIPPED = cache.shipped()


def _same(a, b) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, tuple | list):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, sympy.Basic) or isinstance(b, sympy.Basic):
        return sympy.srepr(a) == sympy.srepr(b) or sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0
    return a == b


def test_something_is_shipped():
    """The shipped file holds the derivations of the standard models (tools/derive.py)."""
    functions = {e["function"] for e in SHIPPED.values()}
    assert "lqmodel.physics.dipoles:loop_functions" in functions
    assert "lqmodel.physics.loops:loop_integral" in functions


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_shipped_equals_a_fresh_derivation(key):
    """Each shipped derivation is derived again by sympy and compared; its key still matches the
    function's current source (a stale file fails here: run tools/derive.py)."""
    entry = SHIPPED[key]
    module, name = entry["function"].split(":")
    wrapper = getattr(importlib.import_module(module), name)
    args = cache.decode(entry["args"])
    assert cache.derivation_key(wrapper.__wrapped__, args) == key, "stale: run tools/derive.py"
    assert _same(wrapper.__wrapped__(*args), cache.decode(entry["value"]))


def test_round_trip_and_unwritable_cache(tmp_path, monkeypatch):
    """A derivation stored on disk reads back equal; a cache that cannot be written only costs time."""
    x = sympy.Symbol("x", positive=True)

    def integral(n):
        return {"value": sympy.integrate(x**n * sympy.log(x), (x, 0, 1)), "args": (n, "s")}

    monkeypatch.setenv("LQMODEL_CACHE", str(tmp_path))
    first = cache.derivation(integral)(3)
    again = cache.derivation(integral)(3)  # a new wrapper: read from disk
    assert first == again == {"value": sympy.Rational(-1, 16), "args": (3, "s")}
    stored = list((tmp_path / "derivations").rglob("*.json"))
    assert len(stored) == 1 and json.loads(stored[0].read_text())["function"].endswith("integral")
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("LQMODEL_CACHE", str(blocked))  # a file where the directory should be
    assert cache.derivation(integral)(2) == {"value": sympy.Rational(-1, 9), "args": (2, "s")}
