"""The on-disk cache: where compiled kernels and model-independent derivations are kept.

Two things are cached, both under ``$LQMODEL_CACHE`` (default ``~/.cache/lqmodel``) and both keyed
by a hash of lqmodel's own code and data, so that an edited derivation is never served stale:

* compiled kernels (:mod:`lqmodel.numeric.kernel`);
* symbolic derivations that do not depend on a model (:func:`derivation`): loop integrals,
  Dirac-algebra anomalous dimensions, Fierz decompositions.  sympy derives each once per
  installation instead of once per process; deleting the directory only costs time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["SHIPPED", "cache_dir", "decode", "derivation", "derivation_key", "package_fingerprint", "shipped"]


def cache_dir() -> Path:
    """Where the cache lives: $LQMODEL_CACHE, else ~/.cache/lqmodel."""
    root = os.environ.get("LQMODEL_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "lqmodel")
    return Path(root)


@functools.cache
def package_fingerprint() -> str:
    """Hash of lqmodel's own code and data: cached artefacts are rebuilt when either changes.

    (Editing the derivation in an editable install must not leave stale results behind.)
    """
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for f in sorted([*root.rglob("*.py"), *root.rglob("*.yaml")]):
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _encode(value):
    import sympy

    if isinstance(value, dict):
        return {"dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple | list):
        return {"tuple" if isinstance(value, tuple) else "list": [_encode(v) for v in value]}
    if isinstance(value, str | bool | int | float) or value is None:
        return {"py": value}
    return {"sympy": sympy.srepr(value)}


def _decode(data):
    if "dict" in data:
        return {_freeze(_decode(k)): _decode(v) for k, v in data["dict"]}
    if "tuple" in data:
        return tuple(_decode(v) for v in data["tuple"])
    if "list" in data:
        return [_decode(v) for v in data["list"]]
    if "py" in data:
        return data["py"]
    import sympy

    return eval(data["sympy"], vars(sympy).copy())  # srepr written by this module, read back


def _freeze(key):
    return tuple(_freeze(k) for k in key) if isinstance(key, list) else key


#: Derivations shipped with lqmodel (written by tools/derive.py, re-derived by tests/test_cache.py).
SHIPPED = "derivations.json"


def derivation_key(func: Callable, args: tuple) -> str:
    """The key of one derivation: the function (its module, name and source) and its arguments."""
    import inspect

    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):  # pragma: no cover - no source: never matches a shipped entry
        source = ""
    text = repr((func.__module__, func.__qualname__, args, source))
    return f"{func.__qualname__}-{hashlib.sha256(text.encode()).hexdigest()[:20]}"


@functools.cache
def shipped() -> dict:
    """The derivations shipped with the package: key -> {function, args, value} (encoded)."""
    from importlib import resources

    try:
        text = (resources.files("lqmodel.core.data") / SHIPPED).read_text(encoding="utf-8")
    except (OSError, FileNotFoundError):
        return {}
    return json.loads(text)


def derivation(func: Callable) -> Callable:
    """Cache a model-independent symbolic derivation: in memory, shipped, and on disk.

    A result (sympy objects, and dicts, tuples, lists, strings and numbers of them) is looked up
    in memory, then among the derivations shipped with lqmodel (keyed by the function's source
    and arguments; tests/test_cache.py derives every one of them again and compares), then in the
    user's cache (keyed also by :func:`package_fingerprint`), and derived by sympy otherwise.
    An unreadable file is recomputed; an unwritable cache only costs time.
    """

    @functools.cache
    def wrapper(*args):
        key = derivation_key(func, args)
        entry = shipped().get(key)
        if entry is not None:
            return _decode(entry["value"])
        path = cache_dir() / "derivations" / package_fingerprint() / f"{key}.json"
        try:
            return _decode(json.loads(path.read_text())["value"])
        except (OSError, ValueError, KeyError, TypeError, SyntaxError, NameError):
            pass
        value = func(*args)
        record = {"function": f"{func.__module__}:{func.__qualname__}", "args": _encode(args)}
        record["value"] = _encode(value)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
            tmp.write_text(json.dumps(record))
            os.replace(tmp, path)
        except OSError:
            pass
        return value

    wrapper.__wrapped__ = func
    wrapper.__doc__ = func.__doc__
    wrapper.__qualname__ = func.__qualname__
    wrapper.__module__ = func.__module__
    return wrapper


def decode(data):
    """A value written by :func:`derivation` (``_encode``), read back."""
    return _decode(data)
