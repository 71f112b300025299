"""Tree-level matching: integrate out heavy scalars and vectors and write the result in a chiral basis.

For a heavy complex scalar component S of mass M, the model's vertices give
``L ⊃ S* J + S J†`` with ``J`` a sum of fermion bilinears.  Its equation of motion at
momenta ≪ M gives ``L_eff = J† J / M²``.  For a heavy vector, ``L ⊃ V*_μ J^μ + h.c.`` with
vector currents J^μ = ψ̄ γ^μ P ψ gives ``L_eff = −J†_μ J^μ / M²`` (the −g^{μν}/M² term of the
propagator).  Each product of two bilinears — which may hold
charge-conjugate spinors, ψ̄^c = ψ^T C — is turned into an index tensor, reordered into
quark-bilinear × lepton-bilinear form with the sign of the fermion permutation, and
projected onto the chiral structures (:mod:`lqmodel.physics.fierz`).  No Fierz coefficient and no
model-specific formula is typed in here: eq. (7) and eq. (19) of Chen & Chiang 2024 come
out of this procedure.

The result is the full hermitian ``L_eff = Σ c_k O_k`` (both an operator and its hermitian
conjugate appear); bases (:mod:`lqmodel.physics.bases`) pick the coefficients they define.
"""

from __future__ import annotations

import itertools
from functools import cache

import attrs

from lqmodel.core.errors import BasisError
from lqmodel.model.model import Model
from lqmodel.physics.fierz import (
    STRUCTURES,
    charge_conjugation_left,
    charge_conjugation_right,
    decompose,
    dirac,
)
from lqmodel.symbols.formula import param_symbol

__all__ = ["EffectiveLagrangian", "Operator", "tree_level"]

QUARKS = ("u", "d")


@attrs.frozen(order=True)
class Operator:
    """``(f̄1 Γ1 f2)(f̄3 Γ2 f4)`` with Γ1 ⊗ Γ2 one of :data:`~lqmodel.fierz.STRUCTURES`.

    Fields are (species, flavour) with 0-based flavours, e.g. ``(("d", 2), ("d", 1), ...)``.
    """

    fields: tuple[tuple[str, int], tuple[str, int], tuple[str, int], tuple[str, int]]
    structure: str

    def label(self, species_label=None) -> str:
        lab = species_label or (lambda s, k: f"{s}{k + 1}")
        f1, f2, f3, f4 = (lab(*f) for f in self.fields)
        _, rank, x, y = next(s for s in STRUCTURES if s[0] == self.structure)
        g1, g2 = {0: ("", ""), 1: ("γ^μ ", "γ_μ "), 2: ("σ^μν ", "σ_μν ")}[rank]
        return f"(bar({f1}) {g1}P_{x} {f2})(bar({f3}) {g2}P_{y} {f4})"

    def latex(self) -> str:
        """``(\\bar{s} \\gamma^\\mu P_L b)(\\bar{\\nu}_\\tau \\gamma_\\mu P_L \\nu_\\tau)``."""
        from lqmodel.symbols.fields import SPECIES

        labels = {s.name: s for s in SPECIES}

        def lab(species: str, k: int) -> str:
            return labels[species].latex_label(k)

        f1, f2, f3, f4 = (lab(*f) for f in self.fields)
        _, rank, x, y = next(s for s in STRUCTURES if s[0] == self.structure)
        g1, g2 = {
            0: ("", ""),
            1: (r"\gamma^\mu ", r"\gamma_\mu "),
            2: (r"\sigma^{\mu\nu} ", r"\sigma_{\mu\nu} "),
        }[rank]
        return rf"(\bar{{{f1}}}\, {g1}P_{x}\, {f2})(\bar{{{f3}}}\, {g2}P_{y}\, {f4})"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


@attrs.frozen
class EffectiveLagrangian:
    """``L_eff = Σ coefficient × operator`` (hermitian: no implicit h.c.); coefficients in GeV⁻²."""

    terms: dict = attrs.field(factory=dict, eq=False)
    scale: object = None  # the matching scale (the heavy mass symbol)
    names: dict = attrs.field(factory=dict, eq=False, repr=False)  # LaTeX of the symbols

    def coefficient(self, op: Operator):
        return self.terms.get(op, 0)

    def _repr_latex_(self) -> str:
        import sympy

        from lqmodel.symbols.formula import latex_of

        parts = [
            rf"\left({latex_of(sympy.factor_terms(c), self.names)}\right) {op.latex()}"
            for op, c in self.terms.items()
        ]
        return r"$\mathcal{L}_\mathrm{eff} = " + (" + ".join(parts) or "0") + "$"


@attrs.frozen
class _Bilinear:
    """``coeff × \\bar{X} Γ Y`` where X, Y are (species, flavour, c) and Γ a 4x4 matrix, or for a
    vector current the four matrices Γ^μ (upper index μ = 0…3)."""

    left: tuple[str, int, bool]
    gamma: object
    right: tuple[str, int, bool]

    def dagger(self) -> _Bilinear:
        g0 = dirac()["gamma"][0]
        if isinstance(self.gamma, tuple):
            return _Bilinear(self.right, tuple(g0 * m.H * g0 for m in self.gamma), self.left)
        return _Bilinear(self.right, g0 * self.gamma.H * g0, self.left)

    def fields_and_matrix(self):
        """Elementary fields (species, flavour, barred) and B with bilinear = f1_a B_ab f2_b
        (a tuple of four B^μ for a vector current)."""
        import sympy as sp

        (ls, lf, lc), (rs, rf, rc) = self.left, self.right
        L = charge_conjugation_left() if lc else sp.eye(4)  # ψ̄^c = ψ^T K
        R = charge_conjugation_right() if rc else sp.eye(4)  # ψ^c = C ψ̄^T
        fields = [(ls, lf, not lc), (rs, rf, rc)]
        if isinstance(self.gamma, tuple):
            return fields, tuple(sp.ImmutableMatrix(L * m * R) for m in self.gamma)
        return fields, sp.ImmutableMatrix(L * self.gamma * R)


def _perm_sign(p: tuple[int, ...]) -> int:
    sign = 1
    p = list(p)
    for i in range(len(p)):
        while p[i] != i:
            j = p[i]
            p[i], p[j] = p[j], p[i]
            sign = -sign
    return sign


def _target_order(fields) -> tuple[int, ...] | None:
    """Permutation to (f̄1 f2)(f̄3 f4): quark bilinear first, each bilinear within one kind."""
    bars = [i for i, f in enumerate(fields) if f[2]]
    plain = [i for i, f in enumerate(fields) if not f[2]]
    if len(bars) != 2:
        return None
    best = None
    for b1, b2 in itertools.permutations(bars):
        for p1, p2 in itertools.permutations(plain):
            kind = [
                fields[b1][0] in QUARKS,
                fields[p1][0] in QUARKS,
                fields[b2][0] in QUARKS,
                fields[p2][0] in QUARKS,
            ]
            score = (kind[0] == kind[1]) + (kind[2] == kind[3]) + (kind[0] and kind[1])
            key = (-score, (b1, p1, b2, p2))
            if best is None or key < best:
                best = key
    return best[1]


@cache
def _rearranged(m1, m2, perm: tuple[int, ...]) -> dict[str, object]:
    """Decompose ``sign(perm) × (m1 ⊗ m2)`` with indices permuted into the order ``perm``.

    For a vector current ``m1`` and ``m2`` are tuples of the four Γ^μ, and the product is the
    Lorentz-invariant Σ_μ g_μμ Γ1^μ ⊗ Γ2^μ (only the sum is a combination of the structures).
    """
    sign = _perm_sign(perm)
    flat = [0] * 256
    if isinstance(m1, tuple):
        pairs = [(dirac()["g"][mu], m1[mu], m2[mu]) for mu in range(4)]
    else:
        pairs = [(1, m1, m2)]
    for w, a, b in pairs:
        for idx in itertools.product(range(4), repeat=4):
            v = a[idx[0], idx[1]] * b[idx[2], idx[3]]
            if v != 0:
                new = tuple(idx[p] for p in perm)
                flat[((new[0] * 4 + new[1]) * 4 + new[2]) * 4 + new[3]] += sign * w * v
    return decompose(flat)


def in_named_couplings(model: Model, expr):
    """``expr`` written with the model's named couplings (Y_b for (V^T y_L)_b), where it is one."""
    import sympy as sp

    for name, value in model.named_couplings.items():
        for sign in (1, -1):
            if sp.expand(expr - sign * value) == 0:
                return sign * sp.Symbol(name)
    return expr


def named_symbols(model: Model) -> dict:
    """Named-coupling symbol -> its expression in coupling entries and CKM elements."""
    import sympy as sp

    return {sp.Symbol(name): value for name, value in model.named_couplings.items()}


def _currents(model: Model):
    """For each heavy boson component: its mass symbol and J = [(coeff, bilinear)], L ⊃ S* J + h.c.
    (for a vector, L ⊃ V*_μ J^μ + h.c.)."""
    import sympy as sp

    d = dirac()
    out: dict[tuple[str, int], tuple[object, list]] = {}
    for v in model.vertices:
        key = (v.scalar.name, v.scalar_component)
        mass = param_symbol(v.scalar.mass)
        P = d["PL"] if v.projector == "L" else d["PR"]
        gamma = tuple(sp.ImmutableMatrix(g * P) for g in d["gamma"]) if v.is_vector else P
        b = _Bilinear(
            (v.left.species.name, v.left.flavour, v.left.c),
            gamma,
            (v.right.species.name, v.right.flavour, v.right.c),
        )
        c = in_named_couplings(model, v.coefficient)
        # a vertex with S (not S*) enters J through its h.c.: conj(c) × b†
        term = (c, b) if v.scalar_conj else (sp.conjugate(c), b.dagger())
        out.setdefault(key, (mass, []))[1].append(term)
    return out


def tree_level(model: Model) -> EffectiveLagrangian:
    """``L_eff = Σ_S J_S† J_S / M_S² − Σ_V J_V†_μ J_V^μ / M_V²`` from tree-level exchange of every
    heavy scalar S and vector V.

    For a vector, ``L ⊃ −½ V†_{μν}V^{μν} + M² V†_μ V^μ + (V*_μ J^μ + h.c.)``; at momenta ≪ M its
    equation of motion gives V^μ = −J^μ/M² (the −g^{μν}/M² term of the propagator; the
    q^μq^ν/M⁴ term is suppressed by a further q²/M² and dropped).

    Coefficients are written with the model's named couplings (``Y_b``...) where a vertex
    coefficient is one of them; :func:`named_symbols` gives their definitions.
    """
    import sympy as sp

    terms: dict[Operator, object] = {}
    mass = None
    for (name, _), (mass, J) in _currents(model).items():
        vector = model.field(name).is_vector
        for (ca, ba), (cb, bb) in itertools.product(J, J):
            f1, m1 = ba.dagger().fields_and_matrix()
            f2, m2 = bb.fields_and_matrix()
            fields = f1 + f2
            perm = _target_order(fields)
            if perm is None:
                raise BasisError(
                    f"tree-level exchange of {name}",
                    "gives a fermion-number-violating operator; no WET basis holds it",
                )
            ordered = tuple((fields[p][0], fields[p][1]) for p in perm)
            # a vector: −J†_μ J^μ / M², the −g^{μν}/M² of the propagator (μ summed in _rearranged)
            coeff = (-1 if vector else 1) * sp.conjugate(ca) * cb / mass**2
            for structure, c in _rearranged(m1, m2, perm).items():
                op = Operator(ordered, structure)
                terms[op] = terms.get(op, 0) + c * coeff
    terms = {op: sp.expand(c) for op, c in terms.items()}
    return EffectiveLagrangian(
        {op: c for op, c in sorted(terms.items()) if c != 0}, mass, model.latex_names()
    )
