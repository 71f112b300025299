"""Evaluate a model at one parameter point: inputs in, derived couplings out.

Units are converted once, at this boundary (``m_S1="1.5 TeV"`` becomes 1500.0 GeV); the
formulas see plain numbers in GeV units.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .errors import ModelDefinitionError
from .flavour import CKM_NAMES, ckm_symbols, ckm_values
from .model import Model
from .parameters import Parameter, ParameterSet, load_parameters
from .units import to_natural

__all__ = [
    "Evaluation",
    "ObservableRow",
    "Point",
    "available_observables",
    "evaluate",
    "excluded_observables",
    "model_parameters",
    "numeric",
    "observables",
    "point",
]

WOLFENSTEIN = ("lambda", "A", "rho", "eta")


def model_parameters(model: Model) -> ParameterSet:
    """Every input the model can use: its YAML inputs plus one parameter per coupling entry.

    Coupling entries default to 0 (the SM limit).  A heavy mass must have a value in the
    model's inputs.
    """
    params = load_parameters(*model.inputs)
    extra = []
    for f in model.heavy_fields:
        if f.mass not in params and f.mass not in dict(model.defaults):
            raise ModelDefinitionError(f"model {model.name!r}",
                                       f"heavy mass {f.mass!r} has no value in {', '.join(model.inputs)}; "
                                       f"give it in Model(defaults={{{f.mass!r}: '1.5 TeV'}})")
    for name, text in model.defaults:
        if name not in params:
            extra.append(Parameter(name=name, value=to_natural(text, "GeV", name), unit="GeV",
                                   source=f"default of model {model.name}", latex=name,
                                   description="model default", domain="positive"))
    for a in model.analyses:
        c = a.term.coupling
        for ix in a.allowed:
            name = a.entry_name(ix)
            extra.append(Parameter(
                name=name, value=0.0, unit="", uncertainty=None,
                source=f"coupling {c.name}{[i + 1 for i in ix]} of {model.name}",
                latex=c.entry_latex(ix, a.keep), description=f"entry of {c.name}",
                domain="real" if c.real else "complex"))
    return params.add(extra)


@attrs.frozen
class Evaluation:
    """The result of :func:`evaluate`: inputs used (GeV units) and derived couplings."""

    model: str
    parameters: dict[str, float | complex]
    couplings: dict[str, complex]


def _ckm_substitution(values: Mapping[str, float]) -> dict:
    V = ckm_values(*(float(values[n]) for n in WOLFENSTEIN))
    return {sym: V[i][j] for (i, j), sym in zip(
        ((i, j) for i in range(3) for j in range(3)), ckm_symbols(), strict=True)}


def numeric(expr, subs: Mapping) -> complex:
    """``expr`` with ``subs`` applied, as a complex number (a bare symbol becomes its value)."""
    import sympy

    return complex(sympy.sympify(sympy.sympify(expr).xreplace(subs)).evalf())


@attrs.frozen
class Point:
    """One parameter point: the inputs (GeV units) and a substitution for every model symbol.

    ``subs`` maps parameter symbols, coupling entries, CKM elements and the named couplings
    (``Y_b``...) to numbers, so any formula of the model evaluates with ``xreplace``.
    """

    parameters: object                       # ParameterSet
    values: dict = attrs.field(eq=False)     # name -> number (GeV units)
    subs: dict = attrs.field(eq=False)       # sympy Symbol -> number


def point(model: Model, overrides: Mapping[str, object] | None = None) -> Point:
    """The point ``overrides`` of ``model`` (names as users type them; values may carry units)."""
    import sympy

    from .formula import param_symbol

    params = model_parameters(model).with_overrides(overrides or {})
    values = params.natural_values()
    subs = {param_symbol(n): v for n, v in values.items()}
    subs.update(_ckm_substitution(values))
    entries = model.coupling_entries()
    subs.update({sym: values[name] for name, (sym, _) in entries.items()})
    for name, expr in model.named_couplings.items():
        subs[sympy.Symbol(name)] = numeric(expr, subs)
    return Point(params, values, subs)


def evaluate(model: Model, overrides: Mapping[str, object] | None = None) -> Evaluation:
    """The model's named couplings at the point ``overrides`` (names as users type them)."""
    import sympy

    pt = point(model, overrides)
    params, values = pt.parameters, pt.values
    couplings = {name: pt.subs[sympy.Symbol(name)] for name in model.named_couplings}
    used: set[str] = set()
    ckm = {s for row in CKM_NAMES for s in row}
    for expr in model.named_couplings.values():
        for sym in expr.free_symbols:
            if sym.name in ckm:
                used.update(WOLFENSTEIN)
            else:
                used.add(sym.name)
    used.update(f.mass for f in model.heavy_fields if f.mass in params)
    used.update(model.coupling_entries())
    used.update(overrides or {})
    return Evaluation(model.name, {n: values[n] for n in params.names if n in used}, couplings)


@attrs.frozen
class ObservableRow:
    """One observable at a point: its value, its value in the SM limit, and its data."""

    name: str
    value: float
    sm: float                 # the same formula with every new coupling set to 0
    unit: str
    measurement: object       # lqmodel.observables.Measurement or None

    @property
    def ratio(self) -> float | None:
        return self.value / self.sm if self.sm not in (0, 0.0) else None


def available_observables(model: Model) -> tuple:
    """The observables whose inputs the model has: the Z′ sector needs the Z′ parameters.

    WET coefficients and CKM elements are always available (a coefficient the model does not
    generate is 0); other parameters must be in the model's inputs.
    """
    from .compile import unsupported
    from .flavour import CKM_NAMES
    from .observables import catalogue
    from .wet import is_wet_name

    have = set(model_parameters(model).names) | {n for row in CKM_NAMES for n in row}
    return tuple(o for o in catalogue()
                 if all(is_wet_name(s.name) or s.name in have for s in o.formula.expr.free_symbols)
                 and unsupported(model, o) is None)


def excluded_observables(model: Model) -> dict[str, str]:
    """Observables left out for this model, with the reason (missing inputs, incomplete formula)."""
    from .observables import catalogue

    kept = {o.name for o in available_observables(model)}
    out = {}
    for o in catalogue():
        if o.name not in kept:
            from .compile import unsupported

            out[o.name] = unsupported(model, o) or "the model lacks its inputs (e.g. the Z' parameters)"
    return out


def observables(model: Model, overrides: Mapping[str, object] | None = None,
                names: tuple[str, ...] | None = None) -> list[ObservableRow]:
    """Every available observable (or those named) at the point, and in the SM limit (couplings → 0).

    One compiled kernel in the coupling entries serves both points; coefficients the model
    does not generate are 0, so those observables take their SM value.
    """
    import numpy as np

    from .compile import kernel_for
    from .observables import catalogue

    overrides = dict(overrides or {})
    params = model_parameters(model).with_overrides(overrides)     # validates names, units, domains
    entries = list(model.coupling_entries())
    fixed = {k: v for k, v in overrides.items() if k not in entries}
    obs = catalogue(names) if names is not None else available_observables(model)
    kernel = kernel_for(model, [o.name for o in obs], fixed, entries)
    values = params.natural_values()
    arrays = {n: np.array([values[n], 0.0]) for n in entries}
    out = kernel(arrays)
    return [ObservableRow(o.name, float(out[o.name][0]), float(out[o.name][1]), o.unit, o.measurement)
            for o in obs]
