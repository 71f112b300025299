"""The observables layer: flavour observables as functions of WET Wilson coefficients and SM inputs.

>>> from lqmodel.observables import get
>>> get("BR(B+->Knunu)").formula.expr          # doctest: +SKIP

Observables know nothing of models: a coefficient a model does not generate is 0, and the
observable takes its SM value.  Users add their own with :func:`define`.  See docs/observables.md.
"""

from __future__ import annotations

from lqmodel.observables.base import Measurement, Observable, SMValue, convert, symbol_dimensions
from lqmodel.observables.catalogue import catalogue, get, names
from lqmodel.observables.charged import cbln_coefficients, cbtaunu_coefficients
from lqmodel.observables.custom import define, observable_symbol
from lqmodel.observables.nunu import lambda_t, nunu_coefficients, nunu_sm_coefficient, paper_coefficient

__all__ = [
    "Measurement",
    "Observable",
    "SMValue",
    "catalogue",
    "cbln_coefficients",
    "cbtaunu_coefficients",
    "convert",
    "define",
    "get",
    "lambda_t",
    "names",
    "nunu_coefficients",
    "nunu_sm_coefficient",
    "observable_symbol",
    "paper_coefficient",
    "symbol_dimensions",
]
