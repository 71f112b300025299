"""lqmodel: leptoquark flavour models from the Lagrangian to the numbers.

Declare fields and charges, write the Yukawa terms, and lqmodel derives the mass-basis
couplings, the Wilson coefficients and the observables symbolically (sympy), with units
checked (pint), compiled to numpy for scans.

Importing this package is cheap: sympy and pint load only when first needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    # errors
    "LQModelError": "errors",
    "UnknownNameError": "errors",
    "UnitError": "errors",
    "ParameterValueError": "errors",
    "GaugeInvarianceError": "errors",
    "ModelDefinitionError": "errors",
    "ModelNotFoundError": "errors",
    "BasisError": "errors",
    # data
    "Parameter": "parameters",
    "ParameterSet": "parameters",
    "load_parameters": "parameters",
    # symbols
    "SU": "gauge",
    "U1": "gauge",
    "HyperchargeConvention": "gauge",
    "PAPER_HYPERCHARGE": "gauge",
    "REVIEW_HYPERCHARGE": "gauge",
    "Field": "fields",
    "StandardModel": "fields",
    "standard_model": "fields",
    "bar": "fields",
    "barc": "fields",
    "cc": "fields",
    "conj": "fields",
    "Coupling": "couplings",
    # model
    "Yukawa": "lagrangian",
    "Model": "model",
    "NamedCoupling": "model",
    "load_model": "loader",
    "available_models": "loader",
    # physics
    "effective_lagrangian": "wcxf",
    "wilson_coefficients": "wcxf",
    # numeric
    "evaluate": "evaluate",
    "observables": "evaluate",
    "load_scan": "scan",
}

__all__ = [
    "PAPER_HYPERCHARGE",
    "REVIEW_HYPERCHARGE",
    "SU",
    "U1",
    "BasisError",
    "Coupling",
    "Field",
    "GaugeInvarianceError",
    "HyperchargeConvention",
    "LQModelError",
    "Model",
    "ModelDefinitionError",
    "ModelNotFoundError",
    "NamedCoupling",
    "Parameter",
    "ParameterSet",
    "ParameterValueError",
    "StandardModel",
    "UnitError",
    "UnknownNameError",
    "Yukawa",
    "__version__",
    "available_models",
    "bar",
    "barc",
    "cc",
    "conj",
    "effective_lagrangian",
    "evaluate",
    "load_model",
    "load_parameters",
    "load_scan",
    "observables",
    "standard_model",
    "wilson_coefficients",
]

if TYPE_CHECKING:  # pragma: no cover
    from .couplings import Coupling
    from .errors import (
        BasisError,
        GaugeInvarianceError,
        LQModelError,
        ModelDefinitionError,
        ModelNotFoundError,
        ParameterValueError,
        UnitError,
        UnknownNameError,
    )
    from .evaluate import evaluate, observables
    from .fields import Field, StandardModel, bar, barc, cc, conj, standard_model
    from .gauge import PAPER_HYPERCHARGE, REVIEW_HYPERCHARGE, SU, U1, HyperchargeConvention
    from .lagrangian import Yukawa
    from .loader import available_models, load_model
    from .model import Model, NamedCoupling
    from .parameters import Parameter, ParameterSet, load_parameters
    from .scan import load_scan
    from .wcxf import effective_lagrangian, wilson_coefficients


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'lqmodel' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
