"""One error hierarchy for lqmodel.

Every error a user can meet derives from :class:`LQModelError` *and* from the builtin
exception it naturally is (pint's pattern), carries structured fields, and builds its
one-line message from them.  The CLI prints ``str(err)`` and exits with code 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "BasisError",
    "GaugeInvarianceError",
    "InputFileError",
    "LQModelError",
    "ModelDefinitionError",
    "ModelNotFoundError",
    "OutputError",
    "ParameterValueError",
    "UnitError",
    "UnknownNameError",
]


class LQModelError(Exception):
    """Base class of every error lqmodel raises on purpose."""


def _suggest(name: str, candidates: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """Close matches of ``name``: one that differs only in case first (``yl3`` -> ``yL3``), then difflib's."""
    pool = sorted(set(candidates))
    same_case = [c for c in pool if c.lower() == name.lower()]
    close = difflib.get_close_matches(name, pool, n=n, cutoff=0.5)
    return tuple(dict.fromkeys(same_case + close))[:n]


class UnknownNameError(LQModelError, KeyError):
    """A name (parameter, field, observable, model, ...) that does not exist.

    ``hint``, when given, replaces the suggestions: it says what the name is instead (a derived
    coupling, an entry a symmetry removed...).
    """

    def __init__(self, kind: str, name: str, candidates: Iterable[str] = (), hint: str = ""):
        self.kind = kind
        self.name = name
        self.hint = hint
        self.suggestions = () if hint else _suggest(name, candidates)
        super().__init__(kind, name)

    def __str__(self) -> str:
        msg = f"unknown {self.kind} {self.name!r}"
        if self.hint:
            return f"{msg}: {self.hint}"
        if self.suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        return msg


def lookup(items, name: str, kind: str):
    """The item of ``items`` whose ``.name`` is ``name``, else UnknownNameError with suggestions."""
    for item in items:
        if item.name == name:
            return item
    raise UnknownNameError(kind, name, [item.name for item in items])


class UnitError(LQModelError, TypeError):
    """A quantity or formula with the wrong physical dimension."""

    def __init__(self, name: str, expected: str, got: str):
        self.name = name
        self.expected = expected
        self.got = got
        super().__init__(name, expected, got)

    def __str__(self) -> str:
        return f"{self.name!r} must have dimension {self.expected} (got {self.got})"


class ParameterValueError(LQModelError, ValueError):
    """A value outside its allowed domain (NaN, complex for a real coupling, unphysical CKM...)."""

    def __init__(self, name: str, value: object, reason: str):
        self.name = name
        self.value = value
        self.reason = reason
        super().__init__(name, value, reason)

    def __str__(self) -> str:
        return f"{self.name!r} = {self.value!r} is not allowed: {self.reason}"


class GaugeInvarianceError(LQModelError, ValueError):
    """A Lagrangian term that is not invariant under one of the model's groups."""

    def __init__(self, term: str, group: str, detail: str):
        self.term = term
        self.group = group
        self.detail = detail
        super().__init__(term, group, detail)

    def __str__(self) -> str:
        return f"term {self.term} is not invariant under {self.group}: {self.detail}"


class ModelDefinitionError(LQModelError, ValueError):
    """A model (or model file) that is incomplete or inconsistent."""

    def __init__(self, where: str, problem: str):
        self.where = where
        self.problem = problem
        super().__init__(where, problem)

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


class ModelNotFoundError(UnknownNameError, LookupError):
    """A model name that is neither an installed model nor a Python file."""

    def __init__(self, name: str, available: Iterable[str] = ()):
        self.available = tuple(sorted(available))
        super().__init__("model", name, self.available)

    def __str__(self) -> str:
        msg = super().__str__()
        if self.available:
            msg += " (installed: " + ", ".join(self.available) + ")"
        return msg


class BasisError(LQModelError, ValueError):
    """An operator basis, sector or scale that cannot be used as asked."""

    def __init__(self, what: str, problem: str):
        self.what = what
        self.problem = problem
        super().__init__(what, problem)

    def __str__(self) -> str:
        return f"{self.what}: {self.problem}"


class InputFileError(LQModelError, ValueError):
    """A user's file (model file, scan spec) that cannot be read or does not follow its schema.

    ``where`` names the file and, when known, the line or the key.
    """

    def __init__(self, where: str, problem: str):
        self.where = where
        self.problem = problem
        super().__init__(where, problem)

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


class OutputError(LQModelError, OSError):
    """A file or directory lqmodel was asked to write and cannot (or must not) write."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"cannot write {self.path!r}: {self.reason}"
