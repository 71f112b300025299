"""Gauge groups, representations and the hypercharge convention.

Charges are exact :class:`fractions.Fraction`; nothing here needs sympy, so building a
model and checking its gauge invariance stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import attrs

__all__ = [
    "PAPER_HYPERCHARGE",
    "REVIEW_HYPERCHARGE",
    "SU",
    "SU2L",
    "SU3C",
    "U1",
    "HyperchargeConvention",
    "Rep",
    "fraction",
]


def fraction(x: object) -> Fraction:
    """An exact charge from an int, a Fraction, a float or a string such as ``"-2/3"``."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, str):
        return Fraction(x.replace(" ", ""))
    if isinstance(x, float):
        return Fraction(x).limit_denominator(1000)
    return Fraction(x)  # type: ignore[arg-type]


@attrs.frozen
class Rep:
    """An irreducible representation of SU(N), labelled by its dimension.

    ``conjugate`` marks the conjugate representation (3̄).  Only the dimension and the
    N-ality enter the invariance check, which is exact for the representations leptoquark
    models use (1, N, N̄, adjoint; SU(2) spins).
    """

    dim: int
    conjugate: bool = False

    def bar(self) -> Rep:
        """The conjugate representation (real ones, like SU(2) doublets, map to themselves)."""
        return Rep(self.dim, not self.conjugate)

    def __str__(self) -> str:
        return f"{self.dim}" + ("bar" if self.conjugate and self.dim > 1 else "")


@attrs.frozen
class SU:
    """The group SU(N) with a display name, e.g. ``SU(3)_c``."""

    n: int
    name: str
    latex: str

    #: Representation dimensions lqmodel's invariance check handles: (1, N, N̄, adjoint; 6 for SU(3)).
    def supports(self, rep: Rep) -> bool:
        """Whether the invariance check knows ``rep`` (SU(2): spins 0, 1/2, 1; SU(3): 1, 3, 6, 8)."""
        if self.n == 2:
            return rep.dim in (1, 2, 3)
        return rep.dim in (1, self.n, self.n * self.n - 1) or (self.n == 3 and rep.dim == 6)

    def n_ality(self, rep: Rep) -> int:
        """N-ality of a representation: 1 for the fundamental, N-1 for its conjugate.

        Only the (anti)fundamental and the singlet/adjoint are needed by scalar
        leptoquarks; for SU(2) every representation is real and the N-ality is 2j mod 2.
        """
        if self.n == 2:
            return (rep.dim - 1) % 2
        if rep.dim == 1 or rep.dim == self.n * self.n - 1:
            return 0
        if rep.dim == self.n:
            return (self.n - 1) if rep.conjugate else 1
        if self.n == 3 and rep.dim == 6:
            return 1 if rep.conjugate else 2
        raise ValueError(f"{self.name}: representation {rep} is not supported")

    def singlet_in(self, reps: Sequence[Rep]) -> tuple[bool, str]:
        """Whether the product of ``reps`` contains a singlet, and the reason if not."""
        nontrivial = [r for r in reps if r.dim > 1]
        if self.n == 2:
            spins = [Fraction(r.dim - 1, 2) for r in nontrivial]
            total = sum(spins, Fraction(0))
            if total.denominator != 1:
                return False, f"isospins {', '.join(map(str, spins))} cannot add up to 0"
            if spins and 2 * max(spins) > total:
                return False, f"isospins {', '.join(map(str, spins))} violate the triangle rule"
            return True, ""
        if len(nontrivial) == 1:
            return False, f"a single non-singlet {nontrivial[0]}"
        nality = sum(self.n_ality(r) for r in nontrivial) % self.n
        if nality:
            dims = " x ".join(str(r) for r in nontrivial)
            return False, f"{dims} has {self.n}-ality {nality}"
        return True, ""


def _boson_name(instance, attribute, value: str) -> None:
    if value and not value.isidentifier():
        from lqmodel.core.errors import ModelDefinitionError

        raise ModelDefinitionError(
            f"U(1) {instance.name!r}", f"boson name {value!r} must be an identifier, e.g. 'Zp'"
        )


@attrs.frozen
class U1:
    """An abelian group. Charges may differ per generation (see :class:`~lqmodel.fields.Field`).

    ``boson`` names its gauge boson when the group is gauged and its boson is light enough to
    matter (``U1("Lmu-Ltau", boson="Zp")``); the model then needs the inputs ``m_<boson>`` and
    ``g_<boson>`` (mass and gauge coupling), and lqmodel's Z′ observables apply to a boson
    named ``Zp``.  Without ``boson`` the group only restricts the couplings.
    """

    name: str
    latex: str = ""
    boson: str = attrs.field(default="", validator=_boson_name)

    def __str__(self) -> str:
        return self.name


@attrs.frozen
class HyperchargeConvention:
    """How hypercharge enters the electric charge: ``Q = T3 + factor * Y``.

    The paper (Table I) uses ``Q = T3 + Y/2`` (:data:`PAPER_HYPERCHARGE`); the leptoquark
    review of Doršner et al., Phys. Rep. 641 (2016) 1, uses ``Q = T3 + Y``
    (:data:`REVIEW_HYPERCHARGE`).  Fields state Y in the model's convention.
    """

    factor: Fraction = attrs.field(converter=fraction)

    def electric_charge(self, t3: Fraction, y: Fraction) -> Fraction:
        """Q = T3 + factor * Y."""
        return t3 + self.factor * y

    def __str__(self) -> str:
        return "Q = T3 + Y" if self.factor == 1 else f"Q = T3 + {self.factor}*Y"


PAPER_HYPERCHARGE = HyperchargeConvention(Fraction(1, 2))
REVIEW_HYPERCHARGE = HyperchargeConvention(Fraction(1))

SU3C = SU(3, "SU(3)c", r"SU(3)_c")
SU2L = SU(2, "SU(2)L", r"SU(2)_L")
