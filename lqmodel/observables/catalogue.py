"""The built-in catalogue of observables, built once, looked up by name."""

from __future__ import annotations

from functools import cache

from lqmodel.core.errors import lookup
from lqmodel.observables.base import Observable

__all__ = ["catalogue", "get", "names"]


@cache
def _all() -> tuple[Observable, ...]:
    from lqmodel.observables import bsll, charged, dipoles, leptonic, mixing, nunu, zprime

    return (
        nunu.build()
        + charged.build()
        + leptonic.build()
        + bsll.build()
        + mixing.build()
        + dipoles.build()
        + zprime.build()
    )


def names() -> tuple[str, ...]:
    """Every built-in observable name, in catalogue order."""
    return tuple(o.name for o in _all())


def get(name: str) -> Observable:
    """The built-in observable called ``name``.

    Raises:
        UnknownNameError: ``unknown observable 'BR(B->Knunu)'; did you mean ...?``
    """
    return lookup(_all(), name, "observable")


def catalogue(names: tuple[str, ...] | list[str] | None = None) -> tuple[Observable, ...]:
    """All built-in observables, or those named (in the order given); unknown names raise UnknownNameError."""
    if names is None:
        return _all()
    return tuple(get(n) for n in names)
