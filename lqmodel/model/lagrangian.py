"""Lagrangian terms: couplings of a heavy boson to a fermion bilinear, and their checks.

A :class:`Yukawa` term reads ``coupling × ψ̄_left P ψ_right × φ (+ h.c.)`` for a scalar φ; a
:class:`Current` term ``coupling × ψ̄_left γ^μ P ψ_right × V_μ (+ h.c.)`` for a vector V.
Checking a term (:func:`analyse`) tests the spin of its boson and the Lorentz structure, SU(3)c,
SU(2)L, hypercharge and every extra U(1).  Where a U(1) charge depends on the generation, each
flavour entry of the coupling is checked separately: the entries that break the symmetry are
removed, each with its reason (this is how U(1)_{Lμ−Lτ} confines S1 to the τ lepton in
Chen & Chiang 2024, eq. 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from lqmodel.core.errors import GaugeInvarianceError, ModelDefinitionError, UnknownNameError
from lqmodel.symbols.couplings import Coupling
from lqmodel.symbols.fields import Field, Occurrence
from lqmodel.symbols.gauge import SU2L, SU3C, U1, HyperchargeConvention

__all__ = ["Current", "Removal", "TermAnalysis", "Yukawa", "analyse", "su2_tensor"]


@attrs.frozen
class Yukawa:
    """``coupling[i, j] × \\bar{left}_i P right_j × scalar + h.c.``.

    ``left`` must be barred (``bar(Q)`` or ``barc(Q)``), ``right`` unbarred (``L`` or
    ``cc(L)``); the chiral projector follows from the chirality of ``right``.  The SU(2)
    contraction is derived: two doublets of the same kind (both 2 or both 2̄) are contracted
    with ε = iτ₂ in the order (left, right, scalar); a 2̄ with a 2 with δ.
    """

    #: the spin of the boson this kind of term couples
    boson_spin = 0

    coupling: Coupling
    left: Occurrence = attrs.field(converter=lambda o: o if isinstance(o, Occurrence) else Occurrence(o))
    right: Occurrence = attrs.field(converter=lambda o: o if isinstance(o, Occurrence) else Occurrence(o))
    scalar: Occurrence = attrs.field(converter=lambda o: o if isinstance(o, Occurrence) else Occurrence(o))

    def occurrences(self) -> tuple[Occurrence, Occurrence, Occurrence]:
        return (self.left, self.right, self.scalar)

    def rebind(self, fields: Mapping[str, Field]) -> Yukawa:
        """This term with each field replaced by the field of the same name in ``fields``.

        A model rebinds its terms to its own fields, so that a field changed with
        :func:`attrs.evolve` (new charges, say) changes every term that uses it.

        Raises:
            UnknownNameError: a field the model does not declare.
        """

        def swap(o: Occurrence) -> Occurrence:
            name = o.field.name
            if name not in fields:
                raise UnknownNameError("field", name, fields)
            return o if fields[name] is o.field else attrs.evolve(o, field=fields[name])

        return attrs.evolve(self, left=swap(self.left), right=swap(self.right), scalar=swap(self.scalar))

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def __str__(self) -> str:
        return f"{self.coupling.name} {self.left} {self.right} {self.scalar}"

    def latex(self, contraction: str = "") -> str:
        c = self.coupling.symbol_latex
        return rf"{self.left.latex()}\, {contraction}{c}\, {self.right.latex()}\, {self.scalar.latex()}"


@attrs.frozen
class Current(Yukawa):
    """``coupling[i, j] × \\bar{left}_i γ^μ P right_j × V_μ + h.c.``: a vector boson's coupling.

    ``left`` and ``right`` have the same chirality (``bar(Q), L`` for U1's left-handed
    coupling, ``bar(d), e`` for its right-handed one); the projector follows from ``right``.
    The SU(2) contraction is derived as for :class:`Yukawa`.
    """

    #: the spin of the boson this kind of term couples
    boson_spin = 1

    def __str__(self) -> str:
        return f"{self.coupling.name} {self.left} gamma^mu {self.right} {self.scalar}_mu"

    def latex(self, contraction: str = "") -> str:
        c = self.coupling.symbol_latex
        left, right = self.left.latex(), self.right.latex()
        return rf"{left}\, {contraction}{c}\, \gamma^\mu {right}\, {self.scalar.latex()}_\mu"


@attrs.frozen
class Removal:
    """A coupling entry set to zero by a symmetry, and why."""

    entry: str
    index: tuple[int, ...]
    group: str
    charge_sum: Fraction
    fields: str

    def __str__(self) -> str:
        return f"{self.entry} = 0: {self.fields} has {self.group} charge sum {_signed(self.charge_sum)} != 0"


@attrs.frozen
class TermAnalysis:
    """What the symmetries allow of a term: its flavour entries and its SU(2) contraction."""

    term: Yukawa
    allowed: tuple[tuple[int, ...], ...]
    removed: tuple[Removal, ...]
    keep: tuple[bool, ...]  # which index positions still vary (used in entry names)
    contraction: str  # "eps", "delta" or "" (no doublet pair)

    def entry_name(self, index: tuple[int, ...]) -> str:
        return self.term.coupling.entry_name(index, self.keep)


def _signed(q: Fraction) -> str:
    return f"{'+' if q > 0 else ''}{q}"


def _generation_label(occ: Occurrence, i: int) -> str:
    f = occ.field
    if f.generations == 1:
        return str(occ)
    return f"{occ}_{i + 1}"


def su2_contraction(term: Yukawa) -> str:
    """The kind of SU(2) contraction of a term ("", "eps", "delta", "eps-triplet", "delta-triplet").

    Checks the structure (no sympy needed, so building a model stays cheap).
    """
    occ = term.occurrences()
    doublets = [o for o in occ if o.field.su2 == 2]
    triplets = [o for o in occ if o.field.su2 == 3]
    if any(o.field.su2 > 3 for o in occ) or (triplets and (triplets[0] is not occ[2] or len(doublets) != 2)):
        raise ModelDefinitionError(
            f"term {term}", "only doublet-doublet(-triplet scalar) SU(2) structures are supported"
        )
    if not doublets:
        return ""
    if len(doublets) != 2:
        raise GaugeInvarianceError(str(term), SU2L.name, f"{len(doublets)} doublets cannot form a singlet")
    kind = "eps" if doublets[0].sign == doublets[1].sign else "delta"
    return kind + ("-triplet" if triplets else "")


def su2_tensor(term: Yukawa) -> tuple[str, dict[tuple[int, ...], object]]:
    """The SU(2) invariant tensor of a term: its kind and its nonzero entries.

    Keys are the component indices (slot 0 = upper, i.e. highest T3) of the non-singlet
    occurrences, in the order (left, right, scalar).  Two doublets of the same kind are
    contracted with ε = iτ₂ (ε_{12} = +1, so ``bar(Q^c) iτ₂ L = ū^c e − d̄^c ν``), a 2̄ with a 2
    with δ.  A scalar triplet S enters as the matrix τ·S = [[S⁰, √2 S⁺], [√2 S⁻, −S⁰]] (the
    convention of Doršner et al., Phys. Rep. 641 (2016) 1), and S* as (τ·S)†, between the
    doublets: ``bar(Q^c) iτ₂ (τ·S) L`` for S3.
    """
    import sympy

    kind = su2_contraction(term)
    if not kind:
        return "", {(): 1}
    base = sympy.Matrix([[0, 1], [-1, 0]]) if kind.startswith("eps") else sympy.eye(2)
    if not kind.endswith("triplet"):
        return kind, {(a, b): base[a, b] for a in range(2) for b in range(2) if base[a, b] != 0}
    r2 = sympy.sqrt(2)
    # coefficient matrix of each component (T3 = +1, 0, −1) in τ·S, and in (τ·S)† for S*
    plain = [
        sympy.Matrix([[0, r2], [0, 0]]),
        sympy.Matrix([[1, 0], [0, -1]]),
        sympy.Matrix([[0, 0], [r2, 0]]),
    ]
    mats = [m.T for m in plain] if term.scalar.c else plain
    tensor = {}
    for k, m in enumerate(mats):
        t = base * m
        for a in range(2):
            for b in range(2):
                if t[a, b] != 0:
                    tensor[(a, b, k)] = t[a, b]
    return kind, tensor


def analyse(term: Yukawa, extra: tuple[U1, ...], convention: HyperchargeConvention) -> TermAnalysis:
    """Check ``term`` under every group; derive which flavour entries survive.

    Raises :class:`~lqmodel.errors.GaugeInvarianceError` naming the group and the charge sum
    when the term breaks a symmetry for every flavour entry.
    """
    left, right, scalar = term.occurrences()
    name = str(term)
    kind = "Current" if term.boson_spin == 1 else "Yukawa"
    if not (left.field.is_fermion and right.field.is_fermion):
        raise ModelDefinitionError(f"term {name}", f"a {kind} term needs fermion, fermion, boson")
    if scalar.field.spin != term.boson_spin:
        if scalar.field.is_fermion:
            need = f"a {kind} term couples a boson, not the fermion {scalar.field.name!r}"
        elif term.boson_spin == 0:
            need = (
                f"{scalar.field.name!r} has spin 1: a Yukawa (scalar-type) term needs a spin-0 field; "
                "write a vector's coupling as Current(coupling, bar(left), right, field)"
            )
        else:
            need = (
                f"{scalar.field.name!r} has spin 0: a Current (vector-type) term needs a spin-1 field; "
                "write a scalar's coupling as Yukawa(coupling, bar(left), right, field)"
            )
        raise ModelDefinitionError(f"term {name}", need)
    if term.coupling.mass_dimension != 0:
        raise ModelDefinitionError(
            f"term {name}",
            f"coupling {term.coupling.name!r} is declared with mass dimension "
            f"{term.coupling.mass_dimension}, but a {kind} term (dimension 3/2 + 3/2 + 1 = 4) needs 0",
        )
    if not left.bar or right.bar:
        raise ModelDefinitionError(f"term {name}", "write the bilinear as bar(left) … right, e.g. barc(Q), L")
    if term.boson_spin == 0 and left.chirality == right.chirality:
        raise GaugeInvarianceError(
            name,
            "Lorentz",
            f"a scalar bilinear needs opposite chiralities, got {left.chirality} and {right.chirality}",
        )
    if term.boson_spin == 1 and left.chirality != right.chirality:
        raise GaugeInvarianceError(
            name,
            "Lorentz",
            f"a vector current ψ̄ γ^μ ψ needs equal chiralities, got {left.chirality} and {right.chirality} "
            "(it vanishes otherwise); lqmodel matches no other Lorentz structure of a vector",
        )
    shape = (left.field.generations, right.field.generations)
    if term.coupling.shape != shape:
        raise ModelDefinitionError(
            f"term {name}",
            f"coupling {term.coupling.name!r} has shape {term.coupling.shape}, the fields need {shape}",
        )

    ok, why = SU3C.singlet_in([o.su3() for o in term.occurrences()])
    if not ok:
        raise GaugeInvarianceError(name, SU3C.name, why)
    contraction = su2_contraction(term)
    ok, why = SU2L.singlet_in([attrs.evolve(o.field.su3, dim=o.field.su2) for o in term.occurrences()])
    if not ok:
        raise GaugeInvarianceError(name, SU2L.name, why)
    y_sum = sum((o.sign * o.field.hypercharge for o in term.occurrences()), Fraction(0))
    if y_sum:
        raise GaugeInvarianceError(name, "U(1)Y", f"hypercharge sum {_signed(y_sum)} != 0 ({convention})")

    allowed, removed = [], []
    for index in term.coupling.indices():
        i, j = index
        failed = None
        for group in extra:
            total = (
                left.sign * left.field.charge(group, i)
                + right.sign * right.field.charge(group, j)
                + scalar.sign * scalar.field.charge(group, 0)
            )
            if total:
                failed = (group, total)
                break
        if failed is None:
            allowed.append(index)
        else:
            fields = f"{_generation_label(left, i)} {_generation_label(right, j)} {scalar}"
            removed.append(Removal(term.coupling.entry_name(index), index, failed[0].name, failed[1], fields))
    if not allowed:
        sums = sorted({str(r.charge_sum) for r in removed})
        raise GaugeInvarianceError(
            name, removed[0].group, f"charge sum {', '.join(sums)} != 0 for every flavour entry"
        )
    keep = tuple(len({ix[k] for ix in allowed}) > 1 for k in range(len(shape)))
    return TermAnalysis(term, tuple(allowed), tuple(removed), keep, contraction)
