"""One object per formula: a sympy expression with its unit and its source.

A :class:`Formula` knows what it depends on through ``expr.free_symbols`` — never through a
string-keyed table — and checks its own dimension against the dimensions of those symbols
(:func:`lqmodel.units.dimension_of`).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .units import check_dimension, mass_dimension

__all__ = ["Formula", "param_symbol"]


def param_symbol(name: str):
    """The sympy symbol of a real input parameter (``GF``, ``m_S1``, ``Xt``...).

    Every module uses this one constructor, so that equal names give equal symbols.
    """
    from .couplings import entry_symbol

    return entry_symbol(name, True)


@attrs.frozen
class Formula:
    """``expr`` in ``unit`` (pint-parsable, "" if dimensionless), from ``source``.

    Symbols are sympy Symbols named as users type them (parameters: ``m_S1``, ``GF``;
    CKM elements: ``V_tb``; WET coefficients: WCxf JMS names such as ``VnudLL_3323``).
    """

    name: str
    expr: object = attrs.field(eq=False)
    unit: str = ""
    source: str = ""
    latex: str = ""
    description: str = ""

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
        """A formula with some symbols replaced (by numbers or expressions)."""
        return attrs.evolve(self, expr=self.expr.xreplace(dict(values)))
