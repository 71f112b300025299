"""The Observable value object, its SM prediction and measurement, and the data they come from.

An :class:`Observable` holds a :class:`~lqmodel.formula.Formula` in WET coefficients (JMS names,
GeV⁻², :mod:`lqmodel.symbols.wet`), CKM symbols and input parameters; the numbers it is compared with
(:class:`SMValue`, :class:`Measurement`) are data, read from ``observables.yaml`` next to this
module.  A paper formula that approximates the general one sits beside it in
``Observable.approximations``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

import attrs

from lqmodel.core.errors import ModelDefinitionError
from lqmodel.core.units import gev_factor, mass_dimension
from lqmodel.symbols.formula import Formula, param_symbol

__all__ = [
    "Measurement",
    "Observable",
    "SMValue",
    "convert",
    "observable_data",
    "symbol_dimensions",
]

_DATA_FILE = "observables.yaml"


@attrs.frozen
class SMValue:
    """The SM prediction of an observable, in the observable's unit."""

    value: float
    uncertainty: float | None = None
    source: str = ""


@attrs.frozen
class Measurement:
    """A measured value with errors, or an upper limit with its confidence level.

    Values are in the observable's unit.  ``cl`` is None for a limit that is a criterion
    rather than a statistical bound (the paper's ΔM^NP ≤ 0.1 ΔM^exp, eq. 24).
    """

    value: float | None = None
    error_up: float | None = None
    error_down: float | None = None
    upper_limit: float | None = None
    cl: float | None = None
    source: str = ""
    note: str = ""

    @property
    def is_limit(self) -> bool:
        return self.upper_limit is not None


@attrs.frozen
class Observable:
    """One observable: its general formula, the paper's approximations, SM value and data.

    Attributes:
        name: flavio's name where flavio has it (``BR(B+->Knunu)``), else the paper's.
        formula: the general expression (a Formula whose unit is :attr:`unit`).
        latex, description, unit, reference: presentation; ``reference`` cites an equation.
        sm: the SM prediction (None for derived quantities such as ``epsilon_Zp``).
        measurement: the measurement or limit, None where there is none.
        approximations: named alternative formulas, e.g. ``{"paper": Formula}``.
        scale: the scale (GeV) of the WET coefficients the formula reads; None means the
            matching scale (no running, as the paper's eq. (23)).  ``scales`` may give another
            scale for a named form (:meth:`scale_of`).
        complex: whether the value is complex (printed as ``{"Re": x, "Im": y}``).
        definition: for a user-defined observable, the text it was defined from.
        parts: further contributions ``{label: Formula}`` added to the general formula for a
            model that has their inputs (the Z′ loop of Δa_μ for a model with a Z′); the
            general formula itself is the contribution ``contribution``.
    """

    name: str
    formula: Formula
    latex: str = ""
    description: str = ""
    unit: str = ""
    reference: str = ""
    sm: SMValue | None = None
    measurement: Measurement | None = None
    approximations: Mapping[str, Formula] = attrs.field(factory=dict, eq=False)
    scale: float | None = None
    complex: bool = False
    definition: str = ""
    scales: Mapping[str, float | None] = attrs.field(factory=dict, eq=False)
    parts: Mapping[str, Formula] = attrs.field(factory=dict, eq=False)
    contribution: str = ""

    def scale_of(self, form: str) -> float | None:
        """The scale (GeV) at which ``form`` reads its WET coefficients (None: the matching scale)."""
        return self.scales.get(form, self.scale)

    @property
    def expr(self):
        """The sympy expression of the general formula."""
        return self.formula.expr

    @property
    def symbols(self) -> tuple:
        return self.formula.symbols

    @property
    def forms(self) -> tuple[str, ...]:
        """The forms this observable can be computed in: ``general`` and its approximations."""
        return ("general", *self.approximations)

    def form(self, name: str) -> Formula:
        """The formula of form ``name`` (``general``, ``paper``...).

        Raises:
            UnknownNameError: a form this observable does not have, listing those it has.
        """
        if name == "general":
            return self.formula
        if name not in self.approximations:
            from lqmodel.core.errors import UnknownNameError

            raise UnknownNameError(
                f"form of {self.name}",
                name,
                self.forms,
                hint=f"{self.name} has the forms {', '.join(self.forms)}",
            )
        return self.approximations[name]

    def check(self, dims: Mapping) -> None:
        """Raise UnitError unless the formula, every approximation and part have dimension ``unit``."""
        self.formula.check(dims)
        for f in (*self.approximations.values(), *self.parts.values()):
            f.check(dims)

    def convert(self, value: float, unit: str) -> float:
        """``value`` (in :attr:`unit`) expressed in ``unit``: ΔM in GeV → ``"ps^-1"``."""
        return convert(value, self.unit, unit)

    def _repr_latex_(self) -> str:
        lhs = self.latex or rf"\mathrm{{{self.name}}}"
        return f"${lhs} = {self.formula.to_latex()}$"


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert between units of the same natural mass dimension (ħ = c = 1)."""
    from lqmodel.core.errors import UnitError
    from lqmodel.core.units import format_mass_dimension

    n_from, n_to = mass_dimension(from_unit), mass_dimension(to_unit)
    if n_from != n_to:
        raise UnitError(to_unit, format_mass_dimension(n_from), format_mass_dimension(n_to))
    return value * gev_factor(from_unit) / gev_factor(to_unit)


def symbol_dimensions(symbols, parameters) -> dict:
    """Mass dimensions of ``symbols``: WET coefficients −2, CKM elements 0, parameters by unit.

    ``parameters`` is a :class:`~lqmodel.parameters.ParameterSet`; a symbol that is none of
    these raises UnknownNameError (through the ParameterSet lookup).
    """
    from lqmodel.symbols.ckm import CKM_NAMES
    from lqmodel.symbols.formula import is_derived_input
    from lqmodel.symbols.wet import is_wet_name, wet_dimension

    ckm = {n for row in CKM_NAMES for n in row}
    dims = {}
    for s in symbols:
        if s.name in ckm or is_derived_input(s.name):
            dims[s] = 0
        elif is_wet_name(s.name):
            dims[s] = wet_dimension(s.name)
        else:
            dims[s] = parameters[s.name].mass_dimension
    return dims


# ---------------------------------------------------------------------------------------------
# Data


@cache
def _raw_data() -> dict[str, Any]:
    from importlib import resources

    import yaml

    text = (resources.files(__package__) / _DATA_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@cache
def _parameters():
    from lqmodel.core.parameters import load_parameters

    return load_parameters("sm.yaml", "chen_chiang_2024.yaml")


def _number(entry: Mapping, key: str, unit: str, where: str) -> float | None:
    """``entry[key]`` converted from ``entry['unit']`` to ``unit``; a parameter name is looked up."""
    if key not in entry or entry[key] is None:
        return None
    raw = entry[key]
    if isinstance(raw, str):  # the name of an input parameter (single source of truth)
        p = _parameters()[raw]
        return convert(p.value, p.unit, unit) * float(entry.get("factor", 1.0))
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ModelDefinitionError(where, f"{key} must be a finite number (got {raw!r})")
    return convert(float(raw), entry.get("unit", unit) or "", unit) * float(entry.get("factor", 1.0))


@cache
def observable_data(name: str, unit: str = "") -> tuple[SMValue | None, Measurement | None]:
    """The SM value and measurement of ``name`` from observables.yaml, in ``unit``."""
    entry = _raw_data().get(name) or {}
    where = f"{_DATA_FILE}, entry {name!r}"
    sm = None
    if entry.get("sm") is not None:
        s = entry["sm"]
        source = s.get("source", "")
        if isinstance(s.get("value"), str):
            source = source or _parameters()[s["value"]].source
        sm = SMValue(_number(s, "value", unit, where), _number(s, "uncertainty", unit, where), source)
        if s.get("uncertainty") is None and isinstance(s.get("value"), str):
            p = _parameters()[s["value"]]
            if p.uncertainty is not None:
                sm = attrs.evolve(sm, uncertainty=convert(p.uncertainty, p.unit, unit))
    meas = None
    if entry.get("measurement") is not None:
        m = entry["measurement"]
        err = _number(m, "error", unit, where)
        up, down = _number(m, "error_up", unit, where), _number(m, "error_down", unit, where)
        meas = Measurement(
            value=_number(m, "value", unit, where),
            error_up=up if up is not None else err,
            error_down=down if down is not None else err,
            upper_limit=_number(m, "upper_limit", unit, where),
            cl=m.get("cl"),
            source=m.get("source", ""),
            note=m.get("note", ""),
        )
    return sm, meas


@cache
def parameter_latex() -> dict[str, str]:
    """The LaTeX of every input parameter of the data files (``m_Zp`` -> ``m_{Z'}``)."""
    return {p.name: p.latex for p in _parameters().parameters if p.latex}


def table(name: str) -> dict[str, Any]:
    """A named table of numbers from observables.yaml (e.g. fitted quadratic forms)."""
    return _raw_data()["tables"][name]


def observable(
    name: str,
    expr,
    *,
    unit: str = "",
    latex: str = "",
    description: str = "",
    reference: str = "",
    approximations: Mapping[str, Any] | None = None,
    scale: float | None = None,
    complex: bool = False,
    scales: Mapping[str, float | None] | None = None,
    parts: Mapping[str, Any] | None = None,
    contribution: str = "",
) -> Observable:
    """Build an Observable: wrap expressions in Formulas and attach its data.

    ``approximations`` and ``parts`` map a label to (expression, source).
    """
    sm, meas = observable_data(name, unit)
    names = parameter_latex()
    approx = {
        key: Formula(f"{name} [{key}]", e, unit, src, latex, description, names)
        for key, (e, src) in (approximations or {}).items()
    }
    part_formulas = {
        key: Formula(f"{name} [{key}]", e, unit, src, latex, description, names)
        for key, (e, src) in (parts or {}).items()
    }
    return Observable(
        name,
        Formula(name, expr, unit, reference, latex, description, names),
        latex,
        description,
        unit,
        reference,
        sm,
        meas,
        approx,
        scale,
        complex,
        scales=dict(scales or {}),
        parts=part_formulas,
        contribution=contribution,
    )


def p(name: str):
    """Shorthand for :func:`lqmodel.formula.param_symbol`."""
    return param_symbol(name)
