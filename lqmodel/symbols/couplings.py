"""Couplings: named symbolic scalars, vectors or matrices with assumptions and units."""

from __future__ import annotations

import itertools
from functools import cache

import attrs

__all__ = ["Coupling", "entry_symbol"]


@cache
def entry_symbol(name: str, real: bool):
    """The sympy symbol of one coupling entry (cached, so equal names give equal symbols)."""
    import sympy

    return sympy.Symbol(name, real=True) if real else sympy.Symbol(name)


@attrs.frozen
class Coupling:
    """A coupling constant: a scalar, a vector or a matrix over generations.

    ``real`` is an assumption the model makes (the paper takes y_L and y_R real, so that
    CP violation comes from the CKM phase only).  ``mass_dimension`` is the coupling's
    natural-unit dimension (0 for a Yukawa coupling).  An entry of a matrix ``yL`` in row
    ``i``, column ``j`` is named ``yL{i}{j}`` (1-based); indices the model's symmetries fix
    to a single value are dropped from the names (so a τ-only ``yL`` has entries
    ``yL1, yL2, yL3``).  In ``latex`` a ``#`` marks where the entry's indices go
    (``r"y_{L#}^q"`` gives ``y_{L3}^q``).
    """

    name: str
    shape: tuple[int, ...] = (3, 3)
    real: bool = False
    mass_dimension: int = 0
    latex: str = ""

    def indices(self) -> list[tuple[int, ...]]:
        """All index tuples (0-based)."""
        return list(itertools.product(*(range(n) for n in self.shape)))

    def entry_name(self, index: tuple[int, ...], keep: tuple[bool, ...] | None = None) -> str:
        """ASCII name of one entry; ``keep`` selects which index positions appear."""
        keep = keep if keep is not None else (True,) * len(index)
        return self.name + "".join(str(i + 1) for i, k in zip(index, keep, strict=True) if k)

    def entry_latex(self, index: tuple[int, ...], keep: tuple[bool, ...] | None = None) -> str:
        keep = keep if keep is not None else (True,) * len(index)
        sub = "".join(str(i + 1) for i, k in zip(index, keep, strict=True) if k)
        base = self.latex or self.name
        if "#" in base:
            return base.replace("#", sub)
        return rf"{{{base}}}_{{{sub}}}"

    @property
    def symbol_latex(self) -> str:
        """The LaTeX of the whole matrix: ``latex`` without its index marker (``y^{RL}_{#}`` → ``y^{RL}``)."""
        import re

        return re.sub(r"_\{#\}|_#|#", "", self.latex) if self.latex else self.name

    def _repr_latex_(self) -> str:
        base = self.symbol_latex
        kind = r"\mathrm{real}" if self.real else r"\mathrm{complex}"
        shape = r" \times ".join(str(n) for n in self.shape)
        return rf"${base}:\ {shape}\ {kind}$"
