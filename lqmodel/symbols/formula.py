"""One object per formula: a sympy expression with its unit and its source.

A :class:`Formula` knows what it depends on through ``expr.free_symbols`` — never through a
string-keyed table — and checks its own dimension against the dimensions of those symbols
(:func:`lqmodel.core.units.dimension_of`).  Its symbols are found by *name*
(:meth:`Formula.subs`), so ``Symbol("m_S1")`` versus ``Symbol("m_S1", real=True)`` cannot bite.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import attrs

from lqmodel.core.errors import UnknownNameError
from lqmodel.core.units import check_dimension, mass_dimension

__all__ = ["Formula", "is_derived_input", "latex_of", "param_symbol", "wet_latex"]


def param_symbol(name: str):
    """The sympy symbol of a real input parameter (``GF``, ``m_S1``, ``Xt``...).

    Every module uses this one constructor, so that equal names give equal symbols.
    """
    from lqmodel.symbols.couplings import entry_symbol

    return entry_symbol(name, True)


def is_derived_input(name: str) -> bool:
    """Whether ``name`` is a dimensionless quantity a model's structure fixes rather than an input:
    a lepton's charge under a declared gauge boson (``Q_Zp_mu``) or the loop-induced kinetic
    mixing per unit coupling (``eps_per_g_Zp``); see ``Model.derived_inputs``."""
    import re

    return bool(re.match(r"^(Q_[A-Za-z]\w*_(e|mu|tau)|eps_per_g_[A-Za-z]\w*)$", name))


def wet_latex(name: str) -> str:
    """LaTeX of a WCxf coefficient name: ``VnudLL_3323`` → ``C^{\\mathrm{VnudLL}}_{3323}``."""
    base, _, index = name.partition("_")
    base = base.replace("_", r"\_")
    return rf"C^{{\mathrm{{{base}}}}}_{{{index.replace('_', '')}}}" if index else rf"C^{{\mathrm{{{base}}}}}"


def latex_of(expr: Any, names: Mapping[str, str] | None = None) -> str:
    """``expr`` in LaTeX, each symbol written with ``names[symbol.name]`` where given.

    WCxf coefficient names (``VnudLL_3323``) default to :func:`wet_latex`; CKM elements to
    ``V_{tb}``; other names with an underscore to a subscript.
    """
    import sympy

    from lqmodel.symbols.wet import is_wet_name

    names = dict(names or {})
    table = {}
    for s in sympy.sympify(expr).free_symbols:
        n = s.name
        if n in names:
            table[s] = names[n]
        elif is_wet_name(n):
            table[s] = wet_latex(n)
        elif n.startswith("V_") and len(n) == 4:
            table[s] = f"V_{{{n[2:]}}}"
        elif n == "lambda":
            table[s] = r"\lambda"
        elif "_" in n:
            head, _, tail = n.partition("_")
            table[s] = rf"{head}_{{\mathrm{{{tail.replace('_', ' ')}}}}}"
    return _inline_printer()({"symbol_names": table}).doprint(sympy.sympify(expr))


@functools.cache
def _inline_printer():
    """sympy's LaTeX printer, kept to one line that any renderer lays out (matplotlib's mathtext
    too): a Piecewise as {a (cond); b (otherwise)} instead of a cases environment; no \\limits."""
    from sympy.printing.latex import LatexPrinter

    class Inline(LatexPrinter):
        def _print_Piecewise(self, expr):
            parts = []
            for value, cond in expr.args:
                when = r"\text{otherwise}" if cond == True else self._print(cond)  # noqa: E712
                parts.append(rf"{self._print(value)}\ ({when})")
            return r"\left\{" + r";\ ".join(parts) + r"\right."

        def _print_Integral(self, expr):
            return super()._print_Integral(expr).replace(r"\limits", "")

    return Inline


@attrs.frozen
class Formula:
    """``expr`` in ``unit`` (pint-parsable, "" if dimensionless), from ``source``.

    Symbols are sympy Symbols named as users type them (parameters: ``m_S1``, ``GF``;
    CKM elements: ``V_tb``; WET coefficients: WCxf JMS names such as ``VnudLL_3323``).
    ``names`` gives the LaTeX of symbols (a model's ``y_{L3}^q``) for :meth:`_repr_latex_`.
    """

    name: str
    expr: object = attrs.field(eq=False)
    unit: str = ""
    source: str = ""
    latex: str = ""
    description: str = ""
    names: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def symbols(self) -> tuple:
        """The free symbols, sorted by name (a stable argument order for compiled kernels)."""
        return tuple(sorted(self.expr.free_symbols, key=lambda s: s.name))

    @property
    def mass_dimension(self) -> int:
        return mass_dimension(self.unit)

    def check(self, dims: Mapping) -> None:
        """Raise UnitError unless ``expr`` has the dimension of ``unit``, given symbol dimensions."""
        check_dimension(self.expr, dims, self.mass_dimension, self.name)

    def substitute(self, values: Mapping) -> Formula:
        """A formula with some symbols replaced (by numbers or expressions), keyed by symbol."""
        return attrs.evolve(self, expr=self.expr.xreplace(dict(values)))

    def subs(self, values: Mapping[str, Any] | None = None, /, **by_name: Any) -> Formula:
        """A formula with symbols replaced *by name*: ``f.subs(m_S1=1500)`` or ``f.subs({"lambda": 0.225})``.

        A value may be a number (in GeV units), a sympy expression, or a string with a unit
        (``"1.5 TeV"``), which is converted to GeV to the power of its own natural dimension.

        Raises:
            UnknownNameError: a name that is not a free symbol of the formula (with suggestions).
        """
        from lqmodel.core import units

        wanted = {**dict(values or {}), **by_name}
        symbols = {s.name: s for s in self.expr.free_symbols}
        repl = {}
        for name, value in wanted.items():
            if name not in symbols:
                raise UnknownNameError(f"symbol of {self.name}", name, symbols)
            if isinstance(value, str):
                q = units.parse(value)
                n = units.mass_dimension(str(q.units)) if str(q.units) != "dimensionless" else 0
                value = units.to_natural(q, n, name)
            repl[symbols[name]] = value
        return self.substitute(repl)

    def to_latex(self) -> str:
        """The expression in LaTeX with the symbols' LaTeX names."""
        return latex_of(self.expr, self.names)

    def _repr_latex_(self) -> str:
        lhs = self.latex or rf"\mathrm{{{self.name}}}"
        return f"${lhs} = {self.to_latex()}$"
