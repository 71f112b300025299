"""One-loop ΔF = 2 boxes of heavy scalar leptoquarks, for any set of fields and couplings.

Method (derivation in docs/derivations/boxes.md §1).  Every vertex of ``model.vertices`` that joins a quark
to a lepton is rewritten, with the charge-conjugation matrix of :mod:`lqmodel.fierz`, as

    L ⊃ y × q̄_k P_X χ Φ + h.c.,                                         (1)

with the quark *barred and unconjugated*, χ a lepton or a conjugate lepton (ℓ or ℓ^c, each
a massless Dirac field of its own: ⟨ℓ ℓ̄^c⟩ = 0 without a Majorana mass) and Φ a heavy
scalar component or its conjugate.  Expanding exp(i∫L) to fourth order and contracting
χ and Φ (the only connected one-loop four-quark term) gives, at zero external momenta,

    L_eff = −(1/8) Σ J(M_A, M_B) [q̄ Y_{αA} γ^μ Ȳ_{αB} q] [q̄ Y_{βB} γ_μ Ȳ_{βA} q],   (2)

with Y_{αA} = Σ_X y P_X the coupling matrix of χ_α Φ_A, Ȳ = γ⁰Y†γ⁰, the sum over every
χ_α, χ_β, Φ_A, Φ_B and all quark flavours, and the loop function

    J(M_A, M_B) = ∫ d⁴k_E/(2π)⁴ 1/(k_E² (k_E² + M_A²)(k_E² + M_B²))
                = ln(M_A²/M_B²) / (16π² (M_A² − M_B²))  →  1/(16π² M²)  (M_A = M_B).

(the 1/8 is 1/2 from the two equal contractions of 4!/(2!2!)/4! and 1/4 from
k_μk_ν → g_μν k²/4).  In (2) the Dirac pairs are (q̄_1 q_3)(q̄_2 q_4), but colour flows
with the scalars, q̄_1 ↔ q_4 and q̄_2 ↔ q_3: the colour-singlet form is obtained by
reordering the quark fields (sign −1) and projecting the 256-component tensor on the chiral
structures with :func:`lqmodel.fierz.decompose` — no Fierz coefficient is typed in.  With
massless leptons only vector ⊗ vector appears in (2), and its colour rearrangement gives
VLL, VRR and, when a quark couples with both chiralities, the scalar SLR = (q̄P_Lq)(q̄P_Rq).

For S1 this is −(Y_i*Y_j)²/(128π² M²)(d̄_iγP_L d_j)², eq. (22) of Chen & Chiang 2024 (with
the conjugation) and Bauer & Neubert, PRL 116 (2016) 141802 (arXiv:1511.01900).

Leptons are massless here; docs/derivations/boxes.md §1.4 estimates the τ mass (relative O(10⁻⁵) at 1.5 TeV).
Vertices of a scalar with two quarks (diquark couplings) give boxes with quarks in the loop,
which are not computed: :func:`delta_f2_boxes` refuses them, naming the vertex.
"""

from __future__ import annotations

import itertools
from functools import cache

import attrs

from lqmodel.core.cache import derivation
from lqmodel.core.errors import ModelDefinitionError
from lqmodel.physics.matching import EffectiveLagrangian, in_named_couplings
from lqmodel.symbols.formula import param_symbol

__all__ = [
    "ChiralCoupling",
    "box_lagrangian",
    "canonical_couplings",
    "delta_f2_boxes",
    "lepton_mass_effects",
    "loop_function",
    "loop_integral",
]

QUARKS = ("u", "d")
LEPTONS = ("e", "nu")
_SAME_BILINEARS = {"VRL": "VLR", "SRL": "SLR"}  # (q̄Γ1q)(q̄Γ2q) with equal flavours: order irrelevant

#: Quark-flavour pairs (i, j) with an operator (q̄_i Γ q_j)(q̄_i Γ q_j) kept by default:
#: K (d s), B_d (d b), B_s (s b) and D0 (u c); both orientations are returned.
DEFAULT_PAIRS = {"d": ((0, 1), (0, 2), (1, 2)), "u": ((0, 1),)}


@attrs.frozen
class ChiralCoupling:
    """One term ``L ⊃ coefficient × q̄_k P_X χ Φ + h.c.`` of eq. (1).

    ``quark`` = (species, flavour); ``chirality`` = X; ``lepton`` = (species, flavour,
    conjugated) names χ (``True``: χ = ℓ^c); ``scalar`` = (field, component, conjugated)
    names Φ (``True``: Φ = S*); ``mass`` is the sympy mass symbol of the scalar.
    """

    quark: tuple[str, int]
    chirality: str
    lepton: tuple[str, int, bool]
    scalar: tuple[str, int, bool]
    mass: object
    coefficient: object


# --- loop function -----------------------------------------------------------------------------


@derivation
def loop_integral():
    """``(J, a, b)``: J = ∫d⁴k_E/(2π)⁴ 1/(k²(k²+a)(k²+b)) for a ≠ b, evaluated by sympy.

    d⁴k_E = π² t dt with t = k_E²; the antiderivative is taken to t → ∞ by a limit.
    """
    import sympy as sp

    t, a, b = sp.symbols("t a b", positive=True)
    antiderivative = sp.integrate(sp.pi**2 * t / (t * (t + a) * (t + b)), t)
    radial = sp.limit(antiderivative, t, sp.oo) - antiderivative.subs(t, 0)
    # one logarithm of a dimensionless ratio, ln(a/b), so that the result passes the dimension check
    numerator, denominator = sp.fraction(sp.together(sp.simplify(radial / (2 * sp.pi) ** 4)))
    return sp.logcombine(numerator, force=True) / denominator, a, b


@cache
def loop_function(m_a, m_b):
    """J(M_A, M_B) of eq. (2): ln(M_A²/M_B²)/(16π²(M_A²−M_B²)), and 1/(16π²M²) for equal masses.

    Distinct mass symbols give a Piecewise that is also finite when the values coincide.
    """
    import sympy as sp

    J, a, b = loop_integral()
    if m_a == m_b:
        return sp.limit(J.subs(b, a * (1 + sp.Symbol("epsilon"))), sp.Symbol("epsilon"), 0).subs(a, m_a**2)
    equal = loop_function(m_a, m_a)
    return sp.Piecewise((equal, sp.Eq(m_a, m_b)), (J.subs({a: m_a**2, b: m_b**2}), True))


# --- from model vertices to eq. (1) --------------------------------------------------------------


def _chiral_parts(matrix) -> dict[str, object]:
    """{'L': a, 'R': b} with matrix = a P_L + b P_R; ValueError if it is not of that form."""
    import sympy as sp

    from lqmodel.physics.fierz import dirac

    d = dirac()
    parts = {x: sp.simplify((matrix * d["P" + x]).trace() / 2) for x in "LR"}
    if not (matrix - parts["L"] * d["PL"] - parts["R"] * d["PR"]).applyfunc(sp.simplify).is_zero_matrix:
        raise ValueError("a quark-lepton-scalar vertex is not a scalar bilinear")
    return {x: c for x, c in parts.items() if c != 0}


@cache
def _transposed(chirality: str):
    """Γ' with X̄ Γ q^c = q̄ Γ' X^c for Γ = P_X (anticommuting fields, ψ^c = C ψ̄^T):
    Γ' = −Cᵀ Γᵀ C⁻¹, computed from lqmodel.fierz's C; returns its chiral parts."""
    from lqmodel.physics.fierz import charge_conjugation_right, dirac

    C = charge_conjugation_right()
    G = dirac()["PL" if chirality == "L" else "PR"]
    return _chiral_parts(-C.T * G.T * C.inv())


@cache
def _daggered(chirality: str):
    """Chiral parts of γ⁰P_X†γ⁰, the matrix of the hermitian-conjugate bilinear."""
    from lqmodel.physics.fierz import conjugate_matrix, dirac

    return _chiral_parts(conjugate_matrix(dirac()["PL" if chirality == "L" else "PR"]))


def canonical_couplings(model, named: bool = True) -> tuple[ChiralCoupling, ...]:
    """Every quark-lepton vertex of ``model`` written as eq. (1), with the quark barred.

    A vertex ``c × bar(left) P_X right × S`` (+ h.c.) whose quark is unbarred is replaced by
    its hermitian conjugate; a barred quark that sits on the right as ψ^c is moved to the
    left with the transposition Γ' = −CᵀΓᵀC⁻¹ (the lepton leg becomes its conjugate).
    ``named``: write coefficients with the model's named couplings where possible.
    Raises NotImplementedError for a vertex with two quarks (a diquark coupling).
    """
    import sympy as sp

    from lqmodel.symbols.formula import param_symbol

    out = []
    for v in model.vertices:
        if v.is_vector:
            raise NotImplementedError(
                f"{v.scalar.name} is a vector, whose loops depend on how the theory is completed above "
                "its mass (a gauge boson of a larger group, or a composite state)"
            )
        kinds = [leg.species.name in QUARKS for leg in (v.left, v.right)]
        if all(kinds):
            raise NotImplementedError(
                f"diquark vertex {v.structure()}: boxes with quarks in the loop are not computed"
            )
        if not any(kinds):
            continue
        coeff = in_named_couplings(model, v.coefficient) if named else v.coefficient
        left, right, parts, sconj = v.left, v.right, {v.projector: 1}, v.scalar_conj
        quark_barred = (kinds[0] and not left.c) or (kinds[1] and right.c)
        if not quark_barred:  # use the h.c. term of the vertex
            left, right, sconj = right, left, not sconj
            coeff = sp.conjugate(coeff)
            parts = _daggered(v.projector)
        if left.species.name in QUARKS:  # q̄ Γ χ
            quark, lep = left, (right.species.name, right.flavour, right.c)
        else:  # X̄ Γ q^c = q̄ Γ' X^c
            ((x, a),) = parts.items()
            parts = {y: a * b for y, b in _transposed(x).items()}
            quark, lep = right, (left.species.name, left.flavour, not left.c)
        scalar = (v.scalar.name, v.scalar_component, sconj)
        for x, a in parts.items():
            out.append(
                ChiralCoupling(
                    (quark.species.name, quark.flavour),
                    x,
                    lep,
                    scalar,
                    param_symbol(v.scalar.mass),
                    coeff * a,
                )
            )
    return tuple(out)


# --- eq. (2) ----------------------------------------------------------------------------------


@cache
def _crossed_box(x1: str, x1b: str, x2: str, x2b: str) -> dict[str, object]:
    """Colour-singlet structures of [P_x1 γ^μ \\bar P_x1b]_(13) [P_x2 γ_μ \\bar P_x2b]_(24).

    The Dirac pairs are (q̄1 q3)(q̄2 q4) while colour pairs q̄1 with q4: reorder the fields to
    (q̄1 q4)(q̄2 q3) (one transposition: sign −1) and decompose with lqmodel.fierz.
    """
    from lqmodel.physics.fierz import conjugate_matrix, decompose, dirac

    d = dirac()
    P = {"L": d["PL"], "R": d["PR"]}
    flat = [0] * 256
    for mu in range(4):
        m1 = P[x1] * d["gamma"][mu] * conjugate_matrix(P[x1b])
        m2 = P[x2] * d["gamma"][mu] * conjugate_matrix(P[x2b])
        w = d["g"][mu]
        for a, b, c, e in itertools.product(range(4), repeat=4):
            v = m1[a, b] * m2[c, e]
            if v != 0:
                flat[((a * 4 + e) * 4 + c) * 4 + b] -= w * v  # new order (a, e, c, b)
    out: dict[str, object] = {}
    for name, c in decompose(flat).items():
        name = _SAME_BILINEARS.get(name, name)
        out[name] = out.get(name, 0) + c
    return out


def box_lagrangian(couplings, pairs: dict[str, tuple[tuple[int, int], ...]] | None = None) -> dict:
    """Eq. (2) for the couplings of eq. (1): ``{Operator: coefficient}`` of ΔF = 2 operators.

    Keys are ``Operator(((s, i), (s, j), (s, i), (s, j)), S)`` (colour-singlet bilinears) for
    each (i, j) of ``pairs`` (default :data:`DEFAULT_PAIRS`) and its reverse (j, i), the
    hermitian conjugate: the result is the complete hermitian L_eff (no implicit + h.c.).
    Coefficients are in GeV⁻² in the +L convention, at the matching scale.
    """
    import sympy as sp

    from lqmodel.physics.matching import Operator

    pairs = DEFAULT_PAIRS if pairs is None else pairs
    y: dict[tuple, dict[str, object]] = {}
    mass = {}
    for c in couplings:
        key = (c.quark, c.lepton, c.scalar)
        y.setdefault(key, {})
        y[key][c.chirality] = y[key].get(c.chirality, 0) + c.coefficient
        mass[c.scalar] = c.mass
    conj_pairs = {(s[0], s[1]) for s in mass if s[2]} & {(s[0], s[1]) for s in mass if not s[2]}
    if conj_pairs:
        raise NotImplementedError(
            f"scalar {sorted(conj_pairs)} couples as both S and S*: "
            "fermion-number-violating contractions are not computed"
        )
    leptons = sorted({k[1] for k in y})
    scalars = sorted(mass)
    terms: dict = {}
    for species, plist in pairs.items():
        for i0, j0 in plist:
            for i, j in ((i0, j0), (j0, i0)):
                qi, qj = (species, i), (species, j)
                for (la, lb), (A, B) in itertools.product(
                    itertools.product(leptons, repeat=2), itertools.product(scalars, repeat=2)
                ):
                    y1, y1b = y.get((qi, la, A)), y.get((qj, la, B))
                    y2, y2b = y.get((qi, lb, B)), y.get((qj, lb, A))
                    if not (y1 and y1b and y2 and y2b):
                        continue
                    J = loop_function(mass[A], mass[B])
                    for x1, x1b, x2, x2b in itertools.product(y1, y1b, y2, y2b):
                        c = y1[x1] * sp.conjugate(y1b[x1b]) * y2[x2] * sp.conjugate(y2b[x2b])
                        for struct, w in _crossed_box(x1, x1b, x2, x2b).items():
                            op = Operator((qi, qj, qi, qj), struct)
                            terms[op] = terms.get(op, 0) - J * w * c / 8
    return {op: c for op, c in sorted(terms.items()) if c != 0}


def delta_f2_boxes(model, pairs=None, named: bool = True) -> EffectiveLagrangian:
    """The one-loop ΔF = 2 L_eff of every heavy scalar of ``model`` (all components, all
    leptons, massless) at the matching scale (GeV⁻², +L), as an EffectiveLagrangian.

    Raises:
        ModelDefinitionError: a coupling whose boxes lqmodel does not compute (a diquark
            vertex, or a scalar coupling a quark as both S and S*), naming it.
    """
    try:
        terms = box_lagrangian(canonical_couplings(model, named=named), pairs)
    except NotImplementedError as err:
        raise ModelDefinitionError(f"ΔF = 2 boxes of {model.name!r}", str(err)) from None
    mass = param_symbol(model.heavy_fields[0].mass)
    return EffectiveLagrangian(terms, mass, model.latex_names())


def lepton_mass_effects(m_lepton: float, mass: float) -> tuple[float, float]:
    """Size of what eq. (2) neglects for a lepton of mass m in the loop (equal scalar masses M).

    Returns (δ_V, δ_S): δ_V = J_m/J − 1, the change of the vector ⊗ vector term, with
    J_m = ∫d⁴k_E/(2π)⁴ k²/((k²+m²)²(k²+M²)²); and δ_S = m² K_m/J, the relative size of the
    new m² (scalar/tensor) term, K_m = ∫d⁴k_E/(2π)⁴ 1/((k²+m²)²(k²+M²)²).  Numerical (mpmath).
    """
    import mpmath as mp

    a, b = m_lepton**2, mass**2
    J = 1 / b  # 16π² J(M, M) M² = 1
    Jm = mp.quad(lambda t: t * t / ((t + a) ** 2 * (t + b) ** 2), [0, a, b, mp.inf])
    Km = mp.quad(lambda t: t / ((t + a) ** 2 * (t + b) ** 2), [0, a, b, mp.inf])
    return float(Jm / J - 1), float(a * Km / J)
