"""lqmodel: leptoquark flavour models from the Lagrangian to the numbers.

Declare fields and charges, write the Yukawa terms, and lqmodel derives the mass-basis
couplings, the Wilson coefficients and the observables symbolically (sympy), with units
checked (pint), compiled to numpy for scans.

The package is built in layers, each importing only those below it:
core (errors, units, parameters) < symbols (groups, fields, couplings, formulas, CKM) <
model (terms, Model, loading) < physics (matching, loops, running, bases) < observables <
numeric (Study, kernels, scans) < faces (command line, reports).  This module only re-exports
the public API, lazily: importing it is cheap; sympy and pint load when first needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from lqmodel.core.version import __version__

_EXPORTS = {
    # core
    "LQModelError": "core.errors",
    "UnknownNameError": "core.errors",
    "UnitError": "core.errors",
    "ParameterValueError": "core.errors",
    "GaugeInvarianceError": "core.errors",
    "ModelDefinitionError": "core.errors",
    "ModelNotFoundError": "core.errors",
    "BasisError": "core.errors",
    "InputFileError": "core.errors",
    "OutputError": "core.errors",
    "Parameter": "core.parameters",
    "ParameterSet": "core.parameters",
    "load_parameters": "core.parameters",
    # symbols
    "SU": "symbols.gauge",
    "U1": "symbols.gauge",
    "HyperchargeConvention": "symbols.gauge",
    "PAPER_HYPERCHARGE": "symbols.gauge",
    "REVIEW_HYPERCHARGE": "symbols.gauge",
    "Field": "symbols.fields",
    "StandardModel": "symbols.fields",
    "standard_model": "symbols.fields",
    "bar": "symbols.fields",
    "barc": "symbols.fields",
    "cc": "symbols.fields",
    "conj": "symbols.fields",
    "Coupling": "symbols.couplings",
    "Formula": "symbols.formula",
    # model
    "Yukawa": "model.lagrangian",
    "Current": "model.lagrangian",
    "Model": "model.model",
    "InputConflictError": "model.model",
    "NamedCoupling": "model.model",
    "load_model": "model.loader",
    "available_models": "model.loader",
    # physics
    "effective_lagrangian": "physics.effective",
    "coefficient": "physics.effective",
    # observables
    "define": "observables.custom",
    "Definition": "observables.custom",
    # numeric
    "Study": "numeric.study",
    "PointResult": "numeric.study",
    "evaluate": "numeric.study",
    "wilson_coefficients": "numeric.exports",
    "load_scan": "numeric.scan",
    "load_spec": "numeric.spec",
    # faces
    "compare": "faces.compare",
}

__all__ = [
    "PAPER_HYPERCHARGE",
    "REVIEW_HYPERCHARGE",
    "SU",
    "U1",
    "BasisError",
    "Coupling",
    "Current",
    "Definition",
    "Field",
    "Formula",
    "GaugeInvarianceError",
    "HyperchargeConvention",
    "InputConflictError",
    "InputFileError",
    "LQModelError",
    "Model",
    "ModelDefinitionError",
    "ModelNotFoundError",
    "NamedCoupling",
    "OutputError",
    "Parameter",
    "ParameterSet",
    "ParameterValueError",
    "PointResult",
    "StandardModel",
    "Study",
    "UnitError",
    "UnknownNameError",
    "Yukawa",
    "__version__",
    "available_models",
    "bar",
    "barc",
    "cc",
    "coefficient",
    "compare",
    "conj",
    "define",
    "effective_lagrangian",
    "evaluate",
    "load_model",
    "load_parameters",
    "load_scan",
    "load_spec",
    "standard_model",
    "wilson_coefficients",
]

if TYPE_CHECKING:  # pragma: no cover
    from lqmodel.core.errors import (
        BasisError,
        GaugeInvarianceError,
        InputFileError,
        LQModelError,
        ModelDefinitionError,
        ModelNotFoundError,
        OutputError,
        ParameterValueError,
        UnitError,
        UnknownNameError,
    )
    from lqmodel.core.parameters import Parameter, ParameterSet, load_parameters
    from lqmodel.faces.compare import compare
    from lqmodel.model.lagrangian import Current, Yukawa
    from lqmodel.model.loader import available_models, load_model
    from lqmodel.model.model import InputConflictError, Model, NamedCoupling
    from lqmodel.numeric.exports import wilson_coefficients
    from lqmodel.numeric.scan import load_scan
    from lqmodel.numeric.spec import load_spec
    from lqmodel.numeric.study import PointResult, Study, evaluate
    from lqmodel.observables.custom import Definition, define
    from lqmodel.physics.effective import coefficient, effective_lagrangian
    from lqmodel.symbols.couplings import Coupling
    from lqmodel.symbols.fields import Field, StandardModel, bar, barc, cc, conj, standard_model
    from lqmodel.symbols.formula import Formula
    from lqmodel.symbols.gauge import PAPER_HYPERCHARGE, REVIEW_HYPERCHARGE, SU, U1, HyperchargeConvention


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
