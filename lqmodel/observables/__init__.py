"""Flavour observables as functions of WET Wilson coefficients and SM inputs.

>>> from lqmodel.observables import get
>>> get("BR(B+->Knunu)").formula.expr          # doctest: +SKIP

Observables know nothing of models: a coefficient a model does not generate is 0, and the
observable takes its SM value.  See docs/observables.md.
"""

from __future__ import annotations

from functools import cache

from .base import Measurement, Observable, SMValue, convert, symbol_dimensions
from .charged import cbtaunu_coefficients
from .nunu import lambda_t, nunu_coefficients, nunu_sm_coefficient, paper_coefficient

__all__ = [
    "Measurement",
    "Observable",
    "SMValue",
    "catalogue",
    "cbtaunu_coefficients",
    "convert",
    "get",
    "lambda_t",
    "names",
    "nunu_coefficients",
    "nunu_sm_coefficient",
    "paper_coefficient",
    "symbol_dimensions",
]


@cache
def _all() -> tuple[Observable, ...]:
    from . import charged, mixing, nunu, zprime

    return nunu.build() + charged.build() + mixing.build() + zprime.build()


def names() -> tuple[str, ...]:
    """Every observable name, in catalogue order."""
    return tuple(o.name for o in _all())


def get(name: str) -> Observable:
    """The observable called ``name``.

    Raises:
        UnknownNameError: ``unknown observable 'BR(B->Knunu)'; did you mean ...?``
    """
    from ..errors import lookup

    return lookup(_all(), name, "observable")


def catalogue(names: tuple[str, ...] | list[str] | None = None) -> tuple[Observable, ...]:
    """All observables, or those named (in the order given); unknown names raise UnknownNameError."""
    if names is None:
        return _all()
    return tuple(get(n) for n in names)
