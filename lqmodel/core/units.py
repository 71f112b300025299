"""Units: the one pint registry, and natural units with ħ = c = 1 and GeV as the base.

Every dimensionful number lqmodel computes with is a float in ``GeV**n``, where ``n`` is the
*natural mass dimension*.  A pint quantity of dimension [mass]^m [length]^a [time]^b has
natural mass dimension ``n = m - a - b`` and is brought to ``GeV**n`` by multiplying with
``ħ**x c**y``, ``x = -a - b``, ``y = 2n - a - 2x``.  So ``1 ps^-1`` can be asked for in ``GeV``
and ``1 fm`` in ``GeV**-1``.

pint and sympy are imported inside the functions that need them: ``import lqmodel`` stays fast,
and units that are plain powers of eV (``"GeV"``, ``"GeV**-2"``, ``""``) are handled without
importing pint at all.
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from lqmodel.core.errors import ParameterValueError, UnitError

if TYPE_CHECKING:
    import pint
    import sympy

__all__ = [
    "check_dimension",
    "dimension_of",
    "format_mass_dimension",
    "gev_factor",
    "mass_dimension",
    "parse",
    "quantity",
    "to_natural",
    "ureg",
]

#: What a unit must reduce to; used in the message for units outside natural units.
_ANY_NATURAL = "[mass]^n for an integer n"

# Powers of eV with a prefix need no pint: their factor to GeV**n is a power of ten.
_EV_PREFIX_IN_GEV = {"": 1e-9, "k": 1e-6, "M": 1e-3, "G": 1.0, "T": 1e3, "P": 1e6}
_EV_NAME_IN_GEV = {
    "electron_volt": 1e-9,
    "kiloelectron_volt": 1e-6,
    "megaelectron_volt": 1e-3,
    "gigaelectron_volt": 1.0,
    "teraelectron_volt": 1e3,
    "petaelectron_volt": 1e6,
}
# Powers of seconds with a prefix need no pint either: 1 s = 1/ħ GeV⁻¹ with the exact SI value
# ħ = h/2π, h = 6.62607015e-34 J s, e = 1.602176634e-19 C (so ħ = 6.582119569509067e-25 GeV s).
_HBAR_GEV_S = 6.62607015e-34 / (2 * 3.141592653589793) / 1.602176634e-19 * 1e-9
_S_PREFIX = {"": 1.0, "m": 1e-3, "u": 1e-6, "µ": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15}
_S_POWER = re.compile(
    r"^\s*(?P<inv>1\s*/\s*)?(?P<prefix>[munpfµ]?)s"
    r"(?:\s*(?:\^|\*\*)\s*(?P<paren>\()?\s*(?P<exp>[+-]?\d+)\s*(?(paren)\))"
    r")?\s*$"
)
_EV_POWER = re.compile(
    r"^\s*(?P<inv>1\s*/\s*)?(?P<prefix>[kMGTP]?)eV"
    r"(?:\s*(?:\^|\*\*)\s*(?P<paren>\()?\s*(?P<exp>[+-]?\d+)\s*(?(paren)\))"
    r")?\s*$"
)


@functools.cache
def ureg() -> pint.UnitRegistry:
    """Return the one pint ``UnitRegistry`` of lqmodel (created on first use)."""
    import pint

    return pint.UnitRegistry()


def _undefined(exc: Exception) -> str | None:
    """The unit name of a pint ``UndefinedUnitError``, else None."""
    import pint

    if isinstance(exc, pint.UndefinedUnitError):
        names = getattr(exc, "unit_names", ())
        return str(names[0]) if names else str(exc)
    return None


def quantity(value: Any, unit: str) -> pint.Quantity:
    """Return ``value`` in ``unit`` as a pint quantity of the lqmodel registry.

    Raises:
        UnitError: if pint does not know ``unit``.
    """
    try:
        return ureg().Quantity(value, unit)
    except Exception as exc:
        missing = _undefined(exc)
        if missing is None:
            raise
        raise UnitError(unit, _ANY_NATURAL, f"unknown unit {missing!r}") from exc


def parse(text: str) -> pint.Quantity:
    """Parse ``"1.5 TeV"``, ``"5.293 ns^-1"`` or ``"0.5065 1/ps"`` into a pint quantity.

    A bare number parses to a dimensionless quantity.

    Raises:
        UnitError: if the text uses a unit pint does not know.
        ParameterValueError: if the text is not a number followed by a unit.
    """
    return _parse(text, "quantity", _ANY_NATURAL)


def _parse(text: str, name: str, expected: str) -> pint.Quantity:
    try:
        q = ureg().parse_expression(text)
    except Exception as exc:
        missing = _undefined(exc)
        if missing is not None:
            raise UnitError(name, expected, f"unknown unit {missing!r} in {text!r}") from exc
        raise ParameterValueError(name, text, "is not a number with a unit") from exc
    if not hasattr(q, "magnitude"):
        q = ureg().Quantity(q, "")
    return q


def format_mass_dimension(n: int | Fraction | Any) -> str:
    """Format a natural mass dimension: 0 → "dimensionless", 1 → "[mass]", -2 → "[mass]^-2"."""
    frac = Fraction(str(n))
    if frac == 0:
        return "dimensionless"
    if frac == 1:
        return "[mass]"
    if frac.denominator == 1:
        return f"[mass]^{frac.numerator}"
    return f"[mass]^({frac})"


def _natural_exponents(dimensionality: Mapping[str, Any]) -> tuple[Fraction, Fraction, Fraction]:
    """Return (n, a, b): natural mass dimension and the [length], [time] exponents."""
    m = Fraction(str(dimensionality.get("[mass]", 0)))
    a = Fraction(str(dimensionality.get("[length]", 0)))
    b = Fraction(str(dimensionality.get("[time]", 0)))
    return m - a - b, a, b


@functools.cache
def _unit_info(unit: str) -> tuple[int, float]:
    """(natural mass dimension, value of one ``unit`` in GeV**n); cached per unit string."""
    text = unit.strip()
    if text in ("", "dimensionless", "1"):
        return 0, 1.0
    match = _EV_POWER.match(text)
    if match:
        n = int(match["exp"]) if match["exp"] else 1
        if match["inv"]:
            n = -n
        return n, _EV_PREFIX_IN_GEV[match["prefix"]] ** n
    match = _S_POWER.match(text)
    if match:  # time^k has natural dimension -k
        k = int(match["exp"]) if match["exp"] else 1
        if match["inv"]:
            k = -k
        return -k, (_S_PREFIX[match["prefix"]] / _HBAR_GEV_S) ** k
    try:
        units = ureg().parse_units(text)
    except Exception as exc:
        missing = _undefined(exc) or text
        raise UnitError(unit, _ANY_NATURAL, f"unknown unit {missing!r}") from exc
    dims = dict(units.dimensionality)
    n = _natural_exponents(dims)[0]
    if set(dims) - {"[mass]", "[length]", "[time]"} or n.denominator != 1:
        raise UnitError(unit, _ANY_NATURAL, str(units.dimensionality))
    return int(n), _to_gev_power(ureg().Quantity(1.0, units))


def _to_gev_power(q: pint.Quantity) -> float | complex:
    """Magnitude of ``q`` in GeV**n after multiplying by ħ**x c**y (see module docstring)."""
    items = list(q.unit_items())
    if all(unit in _EV_NAME_IN_GEV for unit, _ in items):
        # pint converts through SI base units, which turns 1.5 TeV into 1500.0000000000002 GeV.
        factor = 1.0
        for unit, power in items:
            factor *= _EV_NAME_IN_GEV[unit] ** power
        return q.magnitude * factor
    r = ureg()
    n, a, b = _natural_exponents(q.dimensionality)
    x = -a - b
    y = 2 * n - a - 2 * x
    converted = q * r.hbar ** float(x) * r.speed_of_light ** float(y)
    return converted.to(r.GeV ** float(n)).magnitude


def mass_dimension(unit: str) -> int:
    """Natural mass dimension of ``unit``: "GeV" → 1, "GeV**-2" → -2, "ps^-1" → 1, "fm" → -1.

    Raises:
        UnitError: for a unit pint does not know, or one with no integer natural dimension
            (for example ``"ampere"``), naming the unit.
    """
    return _unit_info(unit)[0]


def gev_factor(unit: str) -> float:
    """The value of one ``unit`` in GeV**n (n its natural mass dimension): "ns^-1" → 6.58e-16."""
    return _unit_info(unit)[1]


def _target(unit_or_dim: str | int) -> tuple[int, float]:
    if isinstance(unit_or_dim, numbers.Integral):
        n = int(unit_or_dim)
        return n, 1.0
    return _unit_info(unit_or_dim)


def to_natural(value: Any, unit_or_dim: str | int, name: str) -> float | complex:
    """Return ``value`` as a number in the target unit, converting through ħ and c.

    Args:
        value: a plain int/float (taken as already in the target unit), a complex number (plain
            only, returned as complex), a string such as ``"1.5 TeV"`` (a bare number string
            counts as plain), or a pint quantity.
        unit_or_dim: target unit string (``"GeV"``, ``"GeV**-2"``, ``"ps^-1"``) or an integer
            ``n`` meaning ``GeV**n``.
        name: what the value is, for error messages.

    Raises:
        UnitError: wrong dimension, e.g. ``'m_S1' must have dimension [mass] (got 1.5
            picosecond)``, or an unknown unit.
        ParameterValueError: a value that is not a number or quantity, or a complex quantity.
    """
    n, factor = _target(unit_or_dim)
    expected = format_mass_dimension(n)
    if isinstance(value, bool):
        raise ParameterValueError(name, value, "must be a number, not a bool")
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, numbers.Complex):
        return complex(value)
    if isinstance(value, str):
        plain = _plain_number(value)
        if plain is not None:
            return plain
        quick = _ev_quantity(value)
        if quick is not None:  # "1.5 TeV", "2 GeV^-2": no pint needed
            magnitude, got_n, to_gev = quick
            if got_n != n:
                raise UnitError(name, expected, value.strip())
            return magnitude * to_gev / factor
        q = _parse(value, name, expected)
    elif hasattr(value, "dimensionality") and hasattr(value, "magnitude"):
        q = value
        if getattr(q, "_REGISTRY", None) is not ureg():
            q = ureg().Quantity(q.magnitude, str(q.units))
    else:
        raise ParameterValueError(name, value, "must be a number, a string with a unit, or a pint Quantity")
    mag = q.magnitude
    if isinstance(mag, numbers.Complex) and not isinstance(mag, numbers.Real):
        raise ParameterValueError(name, value, "a complex value must be a plain number")
    dims = dict(q.dimensionality)
    got_n, _, _ = _natural_exponents(dims)
    if set(dims) - {"[mass]", "[length]", "[time]"} or got_n != n:
        raise UnitError(name, expected, str(q))
    return float(_to_gev_power(q)) / factor


_NUMBER_AND_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S.*)$")


def _ev_quantity(text: str) -> tuple[float, int, float] | None:
    """(magnitude, natural dimension, factor to GeV**n) of "1.5 TeV"-like text, else None."""
    m = _NUMBER_AND_UNIT.match(text)
    if m is None or not _EV_POWER.match(m.group(2)):
        return None
    n, to_gev = _unit_info(m.group(2).strip())
    return float(m.group(1)), n, to_gev


def _plain_number(text: str) -> float | complex | None:
    """A string that is just a (real or complex) Python number, else None."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return complex(text.replace(" ", ""))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Dimensions of sympy expressions


def dimension_of(expr: Any, dims: Mapping[Any, int | Any], name: str = "expression") -> sympy.Rational:
    """Natural mass dimension of the sympy expression ``expr``.

    Args:
        expr: a sympy expression (plain Python numbers are dimensionless).
        dims: natural mass dimension of each free symbol (any sub-expression may be given,
            e.g. an applied undefined function ``f(q2)``); numbers are dimensionless.
        name: what ``expr`` is, for the message when ``expr`` itself is a bare undeclared symbol.

    Rules: an Add needs all terms to agree; a Mul sums; a Pow with a numeric exponent
    multiplies (a symbolic exponent and its base must be dimensionless); Abs, re, im,
    conjugate, Max, Min keep the dimension; exp, log, sin, atan and other functions need
    dimensionless arguments and are dimensionless.

    Raises:
        UnitError: terms of an Add disagree (named by the Add printed with ``str``), or a
            function or exponent gets a dimensionful argument (named by the argument).
        UnknownNameError: a symbol (or undefined function) not in ``dims``.
    """
    import sympy

    table = {sympy.sympify(k): sympy.Rational(v) for k, v in dims.items()}
    return _dim(sympy.sympify(expr), table, name)


def check_dimension(expr: Any, dims: Mapping[Any, int | Any], expected: int | Any, name: str) -> None:
    """Raise UnitError naming ``name`` if ``expr`` does not have mass dimension ``expected``."""
    import sympy

    got = dimension_of(expr, dims, name)
    if got != sympy.Rational(expected):
        raise UnitError(name, format_mass_dimension(expected), format_mass_dimension(got))


def _dim(e: Any, table: Mapping[Any, Any], name: str) -> Any:
    import sympy

    from lqmodel.core.errors import UnknownNameError

    zero = sympy.Integer(0)
    if e in table:
        return table[e]
    if isinstance(e, sympy.Indexed):
        for key in (e.base, e.base.label):
            if key in table:
                return table[key]
    if isinstance(e, sympy.Symbol | sympy.Indexed | sympy.core.function.AppliedUndef):
        raise UnknownNameError(f"symbol in {name}", str(e), [str(k) for k in table])
    if e.is_number:
        return zero
    if isinstance(e, sympy.Add):
        # Terms in printed order, so that "the first term" is the one the message shows first.
        terms = e.as_ordered_terms()
        first = _dim(terms[0], table, name)
        for term in terms[1:]:
            d = _dim(term, table, name)
            if d != first:
                raise UnitError(str(e), format_mass_dimension(first), format_mass_dimension(d))
        return first
    if isinstance(e, sympy.Mul):
        return sum((_dim(f, table, name) for f in e.args), zero)
    if isinstance(e, sympy.Pow):
        base, exp = e.args
        db = _dim(base, table, name)
        if db == 0 and exp.is_number:
            return zero
        if exp.is_Rational:
            return db * exp
        if exp.is_Float:
            return db * sympy.nsimplify(exp, rational=True)
        _require_dimensionless(exp, table, name)
        if db != 0:
            raise UnitError(str(base), "dimensionless", format_mass_dimension(db))
        return zero
    if isinstance(e, sympy.Abs | sympy.re | sympy.im | sympy.conjugate | sympy.Max | sympy.Min):
        return _agree(e, e.args, table, name)
    if isinstance(e, sympy.Piecewise):
        return _agree(e, [pair.expr for pair in e.args], table, name)
    if isinstance(e, sympy.sign):
        return zero
    if isinstance(e, sympy.atan2):
        _agree(e, e.args, table, name)
        return zero
    if isinstance(e, sympy.Integral):
        return _integral(e, table, name)
    if isinstance(e, sympy.Function):
        for arg in e.args:
            _require_dimensionless(arg, table, name)
        return zero
    raise UnitError(str(e), "a known dimension", f"an unsupported {type(e).__name__}")


def _agree(whole: Any, parts: Any, table: Mapping[Any, Any], name: str) -> Any:
    """Common dimension of ``parts`` (all must agree), else UnitError naming ``whole``."""
    import sympy

    # 0 and ±oo (integration bounds, Piecewise branches) fit any dimension.
    free = (sympy.S.Zero, sympy.oo, -sympy.oo)
    dims = [_dim(p, table, name) for p in parts if p not in free] or [sympy.Integer(0)]
    for d in dims[1:]:
        if d != dims[0]:
            raise UnitError(str(whole), format_mass_dimension(dims[0]), format_mass_dimension(d))
    return dims[0]


def _require_dimensionless(arg: Any, table: Mapping[Any, Any], name: str) -> None:
    d = _dim(arg, table, name)
    if d != 0:
        raise UnitError(str(arg), "dimensionless", format_mass_dimension(d))


def _integral(e: Any, table: Mapping[Any, Any], name: str) -> Any:
    """An integral has the integrand's dimension plus that of each integration variable."""
    import sympy

    inner = dict(table)
    total = sympy.Integer(0)
    for limit in e.limits:
        var, bounds = limit[0], limit[1:]
        if var not in inner:
            inner[var] = _agree(e, bounds, table, name) if bounds else sympy.Integer(0)
        total += inner[var]
    return total + _dim(e.function, inner, name)
