"""One-loop charged-lepton dipoles ``egamma_pr`` from the exchange of any heavy scalar (the matching).

Conventions (derivation and checks: docs/derivations/dipoles.md):

- QED: ``D_μ = ∂_μ + i e Q A_μ`` with ``e > 0`` and ``Q_ℓ = −1`` (Peskin & Schroeder's sign; the
  convention of JMS arXiv:1709.04486 and of flavio/wilson).  A fermion of charge Q then couples as
  ``L ⊃ −e Q ψ̄ γ^μ ψ A_μ``; a charge-conjugate spinor q^c is a Dirac field of charge −Q_q.
- Output: the WCxf/JMS coefficients ``egamma_pr`` of ``L ⊃ C_pr (ē_p σ^{μν} P_R e_r) F_μν + h.c.``
  (GeV⁻¹; p, r = 1, 2, 3 = e, μ, τ).  ``egamma_12`` is ``ē σ P_R μ``: μ_R → e_L γ.
- Generic loop: each scalar component φ and fermion χ (a quark q or q^c of mass m_χ, N_c = 3)
  with ``L ⊃ Σ_a ℓ̄_a (A_a P_L + B_a P_R) χ φ + h.c.``, ``Q_χ + Q_φ = Q_ℓ = −1``, gives (leading
  order in m_ℓ²/M², exact in x = m_χ²/M²)

      C_pr = e N_c / (32 π² M²) × [ ½ (m_p A_p A_r* + m_r B_p B_r*) (−Q_χ J_F(x) + Q_φ J_S(x))
                                    + m_χ B_p A_r* (−Q_χ I_F(x) + Q_φ I_S(x)) ]

  with the Feynman-parameter integrals of :func:`feynman_integrands` (photon on χ: F, on φ: S),
  integrated by sympy.  This is Lavoura's general result (hep-ph/0302221) in these conventions;
  tests/test_dipoles.py checks it against Leveille's exact g−2 integrals (Nucl. Phys. B137 (1978)
  63), the S1 and R2 top-quark formulas, wilson's QED mixing of the tensor operator into the
  dipole, and flavio.
- The coefficients are at the leptoquark mass; QED running to the lepton mass is not included
  (docs/observables.md says what that means for Δa_ℓ and ℓ → ℓ′γ).
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from lqmodel.core.cache import derivation
from lqmodel.core.errors import LQModelError

__all__ = [
    "LOOP_FUNCTIONS",
    "LoopPair",
    "UnsupportedLoopError",
    "default_masses",
    "dipole_coefficient",
    "egamma_coefficients",
    "egamma_name",
    "electric_charge",
    "expand_loop_functions",
    "feynman_integrands",
    "loop_function",
    "loop_functions",
    "loop_pairs",
]

LEPTONS = ("e", "mu", "tau")
#: The four loop functions, kept by name in the model's coefficients (:func:`expand_loop_functions`).
LOOP_FUNCTIONS = ("J_F", "J_S", "I_F", "I_S")
NEAR_ONE = 0.02  # |x − 1| below which the series is used


def _param(name: str):
    from lqmodel.symbols.formula import param_symbol

    return param_symbol(name)


class UnsupportedLoopError(LQModelError, NotImplementedError):
    """A vertex whose dipole loop this module does not compute (named, never dropped)."""

    def __init__(self, vertex: str, reason: str):
        self.vertex, self.reason = vertex, reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"dipole loop of '{self.vertex}' is not computed: {self.reason}"


# --- loop functions ----------------------------------------------------------------------------


def feynman_integrands():
    """The four integrands over the Feynman parameter z ∈ [0, 1], M² factored out (x = m_χ²/M²).

    J_F, I_F: photon on the fermion χ (z: the scalar's parameter, Δ/M² = z + (1 − z) x);
    J_S, I_S: photon on the scalar φ (z: the fermion's parameter, Δ/M² = (1 − z) + z x).
    J: chirality conserving (∝ m_ℓ), I: chirality flip (∝ m_χ).  Derivation in docs/derivations/dipoles.md.
    """
    import sympy as sp

    z, x = sp.symbols("z x", positive=True)
    dF = z + (1 - z) * x
    dS = (1 - z) + z * x
    return (z, x), {
        "J_F": z * (1 - z) ** 2 / dF,
        "J_S": z * (1 - z) ** 2 / dS,
        "I_F": (1 - z) ** 2 / dF,
        "I_S": z * (1 - z) / dS,
    }


@derivation
def loop_functions():
    """Closed forms of the integrals of :func:`feynman_integrands`, integrated by sympy: x → expr.

    The integrands are rational in z, so sympy's rational integration (``ratint``) does it.
    """
    import sympy as sp
    from sympy.integrals.rationaltools import ratint

    (z, x), integrands = feynman_integrands()
    out = {}
    for k, f in integrands.items():
        primitive = ratint(sp.cancel(f), z)
        out[k] = sp.factor(sp.expand_log(primitive.subs(z, 1) - primitive.subs(z, 0), force=True))
    return x, out


@derivation
def _series_at_one(name: str, order: int = 9):
    """The Taylor series of a loop function at x = 1 to (x − 1)^(order − 1), integrated term by term:
    with x = 1 + ε the denominator is 1 + c(z) ε, a geometric series of polynomials in z."""
    import sympy as sp

    (z, x), integrands = feynman_integrands()
    eps = sp.Symbol("eps")
    num, den = sp.fraction(sp.together(integrands[name].subs(x, 1 + eps)))
    c = sp.expand((den - 1) / eps)
    assert not c.has(eps), name  # the denominators are linear in x
    terms = sp.Poly(sp.expand(num * sum((-c * eps) ** n for n in range(order))), eps)
    series = sum(sp.integrate(terms.coeff_monomial(eps**n), (z, 0, 1)) * eps**n for n in range(order))
    return series.subs(eps, loop_functions()[0] - 1)


def expand_loop_functions(expr, stable: bool = False):
    """``expr`` with every named loop function J_F(x)... replaced by its formula (closed by default,
    or the numerically stable Piecewise)."""
    import sympy as sp

    return sp.sympify(expr).replace(
        lambda e: isinstance(e, sp.core.function.AppliedUndef) and e.func.__name__ in LOOP_FUNCTIONS,
        lambda e: loop_function(e.func.__name__, e.args[0], stable),
    )


def loop_function(name: str, x, stable: bool | str = True):
    """Loop function ``name`` (J_F, J_S, I_F, I_S) at ``x``.

    ``stable="named"`` gives the undefined function ``name(x)`` instead, for display.

    The closed forms have a removable 0/0 at x = 1 (m_χ = M); with ``stable`` they are replaced by
    their Taylor series (to (x−1)^8, error < 1e-15) for |x − 1| < 0.02, so compiled numerics
    stay accurate there.
    """
    import sympy as sp

    if stable == "named":
        return sp.Function(name, real=True)(x)
    xs, f = loop_functions()
    closed = f[name].subs(xs, x)
    if not stable:
        return closed
    near = sp.Abs(x - 1) < NEAR_ONE
    series = _series_at_one(name).subs(xs, x)
    # numpy evaluates both branches: feed the closed form a harmless x there (no 0/0 warning)
    safe = f[name].subs(xs, sp.Piecewise((2, near), (x, True)))
    return sp.Piecewise((series, near), (safe, True))


# --- the generic coefficient -------------------------------------------------------------------


def dipole_coefficient(
    *, Q_chi, Q_phi, m_chi, M, m_p, m_r, A_p, B_p, A_r, B_r, N_c=3, e, stable: bool | str = True
):
    """C_pr of ``ē_p σ^{μν} P_R e_r F_μν`` from one (χ, φ) pair; see the module docstring.

    ``A_a, B_a``: the couplings of ``ℓ̄_a (A_a P_L + B_a P_R) χ φ``.  ``m_chi = 0`` drops the
    chirality-flip term exactly (its limit m_χ log m_χ → 0) and sets x = 0.
    """
    import sympy as sp

    Q_chi, Q_phi = sp.Rational(Q_chi), sp.Rational(Q_phi)
    if sp.sympify(m_chi).is_zero:
        xs, f = loop_functions()
        JF, JS = (sp.limit(f[k], xs, 0) for k in ("J_F", "J_S"))
        flip = 0
    else:
        x = m_chi**2 / M**2
        JF, JS, IF, IS = (loop_function(k, x, stable) for k in ("J_F", "J_S", "I_F", "I_S"))
        flip = m_chi * B_p * sp.conjugate(A_r) * (-Q_chi * IF + Q_phi * IS)
    keep = (
        sp.Rational(1, 2)
        * (m_p * A_p * sp.conjugate(A_r) + m_r * B_p * sp.conjugate(B_r))
        * (-Q_chi * JF + Q_phi * JS)
    )
    return e * N_c / (32 * sp.pi**2 * M**2) * (keep + flip)


# --- from a model's vertices to (χ, φ) pairs ---------------------------------------------------


@attrs.frozen
class LoopPair:
    """One fermion χ and scalar component φ with ``L ⊃ Σ_a ℓ̄_a (A_a P_L + B_a P_R) χ φ + h.c.``.

    ``quark``/``flavour``/``c``: χ is that quark (c=False) or its conjugate q^c (c=True).
    ``A``, ``B``: three sympy couplings (e, μ, τ); ``mass``: the scalar's mass symbol.
    """

    scalar: str
    component: int
    phi_conj: bool
    quark: str
    flavour: int
    c: bool
    Q_chi: Fraction
    Q_phi: Fraction
    mass: object = attrs.field(eq=False)
    A: tuple = attrs.field(eq=False)
    B: tuple = attrs.field(eq=False)

    def label(self) -> str:
        q = f"{'uct'[self.flavour] if self.quark == 'u' else 'dsb'[self.flavour]}"
        phi = f"{self.scalar}[{self.component}]{'^*' if self.phi_conj else ''}"
        return f"({q}{'^c' if self.c else ''}, {phi})"


def _species_charge(model, species: str) -> Fraction:
    for f in model.sm.fields:
        if f.is_fermion and species in f.components:
            return f.electric_charges(model.sm.convention)[f.components.index(species)]
    raise UnsupportedLoopError(species, "species without an SM charge")


def loop_pairs(model) -> tuple[LoopPair, ...]:
    """Every (χ, φ) pair of ``model.vertices`` that couples a charged lepton, in the generic form.

    A vertex ``c × bar(L) P_X R × S`` is brought to ``ℓ̄ (…) χ φ``:
    - ``bar(e) P_X Y S``: A or B (X = L or R) gets c, χ = Y, φ = S;
    - ``bar(Y) P_X e S``: its h.c. ``c* ē P_X̄ Y S*``: χ = Y, φ = S*, the other chirality;
    - a conjugated lepton leg is moved with ψ̄₁^c P ψ₂ = ψ̄₂^c P ψ₁ (scalar bilinears of
      anticommuting fields): ``bar(e^c) P Y = bar(Y^c) P e`` and ``bar(Y) P e^c = bar(e) P Y^c``.
    Vertices without a charged lepton (ν, diquark) do not enter; a charged lepton paired with a
    lepton raises :class:`UnsupportedLoopError`.
    """
    import sympy as sp

    conv = model.sm.convention
    acc: dict[tuple, dict] = {}
    for v in model.vertices:
        names = (v.left.species.name, v.right.species.name)
        if "e" not in names:
            continue
        if v.is_vector:
            raise UnsupportedLoopError(
                v.structure(),
                f"{v.scalar.name} is a vector, whose loops depend on how the theory is completed above "
                "its mass (a gauge boson of a larger group, or a composite state)",
            )
        if names[0] in ("e", "nu") and names[1] in ("e", "nu"):
            raise UnsupportedLoopError(v.structure(), "lepton-lepton coupling (not a leptoquark)")
        X, coeff, conj_s = v.projector, v.coefficient, v.scalar_conj
        if names[0] == "e":
            lep, other = v.left, v.right
            lepton_on_left = not lep.c  # bar(e) P Y, or bar(e^c) P Y = bar(Y^c) P e
            chi_c = other.c if lepton_on_left else not other.c
        else:
            lep, other = v.right, v.left
            lepton_on_left = lep.c  # bar(Y) P e^c = bar(e) P Y^c, or bar(Y) P e
            chi_c = not other.c if lepton_on_left else other.c
        if lepton_on_left:
            chir, c, phi_conj = X, coeff, conj_s
        else:  # hermitian conjugate of bar(χ) P_X e φ'
            chir, c, phi_conj = ("R" if X == "L" else "L"), sp.conjugate(coeff), not conj_s
        Q_q = _species_charge(model, other.species.name)
        Q_chi = -Q_q if chi_c else Q_q
        Q_S = v.scalar.electric_charges(conv)[v.scalar_component]
        Q_phi = -Q_S if phi_conj else Q_S
        if Q_chi + Q_phi != -1:
            raise UnsupportedLoopError(v.structure(), f"charges Q_χ={Q_chi}, Q_φ={Q_phi} do not add to −1")
        key = (v.scalar.name, v.scalar_component, phi_conj, other.species.name, other.flavour, chi_c)
        slot = acc.setdefault(
            key, {"A": [0, 0, 0], "B": [0, 0, 0], "Q": (Q_chi, Q_phi), "M": _param(v.scalar.mass)}
        )
        slot["A" if chir == "L" else "B"][lep.flavour] += c
    return tuple(
        LoopPair(s, comp, pc, q, fl, cc, *d["Q"], d["M"], tuple(d["A"]), tuple(d["B"]))
        for (s, comp, pc, q, fl, cc), d in acc.items()
    )


def default_masses():
    """Mass symbols: quarks {(species, flavour): symbol} and leptons (m_e, m_μ, m_τ).

    m_t is the pole mass (172.69 GeV), m_b and m_c the MSbar m_q(m_q), m_u, m_d, m_s the MSbar
    masses at 2 GeV (all in core/data/sm.yaml).  The top's scheme matters at the 5-7 % level in
    the chirally enhanced term (m_t(1.5 TeV) would lower it by that much).
    """
    q = {
        ("u", 0): "mu_2GeV",
        ("u", 1): "m_c",
        ("u", 2): "m_t",
        ("d", 0): "md_2GeV",
        ("d", 1): "ms_2GeV",
        ("d", 2): "m_b",
    }
    return ({k: _param(v) for k, v in q.items()}, tuple(_param(f"m_{ell}") for ell in LEPTONS))


def egamma_name(p: int, r: int) -> str:
    """JMS name of ``ē_p σ P_R e_r F`` (0-based flavours): egamma_12 = ē σ P_R μ."""
    return f"egamma_{p + 1}{r + 1}"


def electric_charge():
    """e = √(4π α(0)) (Thomson limit, the on-shell photon of g−2 and ℓ → ℓ′γ).

    Written with |α(0)| so that sympy knows e > 0 (the parameter is only declared real): Re(e C)
    is then e Re C, which compiles to real arithmetic.
    """
    import sympy as sp

    return sp.sqrt(4 * sp.pi * sp.Abs(_param("alpha_em_0")))


def egamma_coefficients(
    model, *, quark_masses=None, lepton_masses=None, e=None, stable: bool | str = "named"
) -> dict[str, object]:
    """The one-loop ``egamma_pr`` (JMS, GeV⁻¹) of every heavy scalar of ``model`` at its mass.

    ``stable``: ``"named"`` (the default: the loop functions stay J_F(x)..., which the compiled
    kernels evaluate and :func:`expand_loop_functions` writes out), True (the numerically safe
    Piecewise near m_χ = M) or False (the closed forms).

    ``quark_masses``: {(species, flavour): symbol or 0} overriding :func:`default_masses`;
    ``lepton_masses``: (m_e, m_μ, m_τ); ``e``: the charge multiplying the coefficients
    (default √(4πα(0)); it cancels in Δa if the same ``e`` is passed to :func:`delta_a`).
    Only coefficients that are not identically zero are returned.
    """

    qm, lm = default_masses()
    qm.update(quark_masses or {})
    lm = tuple(lepton_masses) if lepton_masses is not None else lm
    e = electric_charge() if e is None else e
    out: dict[str, object] = {}
    for pair in loop_pairs(model):
        m_chi = qm[(pair.quark, pair.flavour)]
        for p in range(3):
            for r in range(3):
                A, B = pair.A, pair.B
                if not any((A[p] != 0 and A[r] != 0, B[p] != 0 and B[r] != 0, B[p] != 0 and A[r] != 0)):
                    continue
                c = dipole_coefficient(
                    Q_chi=pair.Q_chi,
                    Q_phi=pair.Q_phi,
                    m_chi=m_chi,
                    M=pair.mass,
                    m_p=lm[p],
                    m_r=lm[r],
                    A_p=A[p],
                    B_p=B[p],
                    A_r=A[r],
                    B_r=B[r],
                    e=e,
                    stable=stable,
                )
                name = egamma_name(p, r)
                out[name] = out.get(name, 0) + c
    return {k: v for k, v in sorted(out.items()) if v != 0}
