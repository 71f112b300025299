"""One-loop lepton dipoles (lqmodel.physics.dipoles) and their observables, against independent numbers.

Independent references used here:
- Leveille, Nucl. Phys. B137 (1978) 63 (as written in Jegerlehner & Nyffeler, Phys. Rept. 477
  (2009) 1, Sec. 7): exact one-loop g−2 integrals for a neutral scalar + charged fermion and a
  charged scalar + neutral fermion, evaluated here by mpmath quadrature;
- Doršner, Fajfer, Greljo, Kamenik, Košnik, Phys. Rep. 641 (2016) 1, Sec. on (g−2): the loop
  functions f_S, f_F, g_S, g_F;
- Bauer & Neubert, PRL 116 (2016) 141802: S1 with top, (ln M²/m_t² − 7/4);
  the R2 top-quark constant 1/4 (Doršner et al. 2016; Crivellin et al.);
- wilson 2.5.2: the LEFT QED anomalous dimension (JMS arXiv:1711.05270) of the tensor operator
  into the dipole, applied to lqmodel's own tree-level tensor coefficient;
- flavio 2.7.1: a_e, a_μ, a_τ, BR(μ→eγ), BR(τ→μγ), BR(τ→eγ) from WCxf files.
"""

import math

import mpmath as mp
import pytest
import sympy as sp

from lqmodel import (
    PAPER_HYPERCHARGE,
    REVIEW_HYPERCHARGE,
    Coupling,
    Field,
    Model,
    Yukawa,
    bar,
    barc,
    cc,
    conj,
    load_model,
    standard_model,
)
from lqmodel.observables import get
from lqmodel.physics import dipoles as d
from lqmodel.symbols.formula import param_symbol as P
from lqmodel.symbols.wet import wet_symbol

M_MU = 0.1056583755


def observable_value(name, coeffs, **params):
    """The catalogue formula of ``name`` with egamma coefficients ``coeffs`` (others 0) and parameters."""
    expr = get(name).formula.expr
    subs = {wet_symbol(k): v for k, v in coeffs.items()}
    subs.update({P(k): v for k, v in params.items()})
    expr = expr.xreplace(subs)
    return expr.xreplace({s: 0 for s in expr.free_symbols if s.name.startswith("egamma_")})


def delta_a(lepton, coeffs, m=None, e=None):
    """Δa_ℓ of the catalogue (its heavy-field part) with the given e (α(0) = e²/4π) and mass."""
    params = {}
    if m is not None:
        params[f"m_{lepton}"] = m
    # e cancels between C and 1/e: a positive α lets sympy see it
    alpha = sp.Symbol("alpha0", positive=True) if e is None else sp.sympify(e) ** 2 / (4 * sp.pi)
    coeffs = {k: sp.sympify(v).xreplace({P("alpha_em_0"): alpha}) for k, v in coeffs.items()}
    return observable_value(f"Delta_a_{lepton}", coeffs, alpha_em_0=alpha, **params)


# --- models -------------------------------------------------------------------------------------


def _s1(terms="standard"):
    """S1 ~ (3, 1, −2/3) (Q = T3 + Y/2, charge −1/3), complex y_L, y_R, up-aligned, +L."""
    sm = standard_model(PAPER_HYPERCHARGE)
    S1 = Field.scalar("S1", su3=3, su2=1, Y="-2/3", mass="m_S1")
    yL = Coupling("yL", shape=(3, 3), real=False)
    yR = Coupling("yR", shape=(3, 3), real=False)
    written = {
        "standard": (Yukawa(yL, barc(sm.Q), sm.L, conj(S1)), Yukawa(yR, barc(sm.uR), sm.eR, conj(S1))),
        # the same operators with the legs swapped: bar(L^c) iτ2 Q = −bar(Q^c) iτ2 L, ē_R^c u_R = ū_R^c e_R
        "swapped": (Yukawa(yL, barc(sm.L), sm.Q, conj(S1)), Yukawa(yR, barc(sm.eR), sm.uR, conj(S1))),
        # the y_R term written as its hermitian conjugate: ū_R e_R^c S1 = (ū_R^c e_R S1*)†
        "conjugate_leg": (Yukawa(yL, barc(sm.Q), sm.L, conj(S1)), Yukawa(yR, bar(sm.uR), cc(sm.eR), S1)),
    }[terms]
    return Model(f"s1_{terms}", sm, (S1,), written, sign="+L", aligned="up")


def _r2():
    """R2 ~ (3, 2, 7/6) (Q = T3 + Y): L ⊃ −y^RL ū_R R2^a ε^ab L^b + y^LR ē_R R2^a* Q^a (Doršner et al.)."""
    sm = standard_model(REVIEW_HYPERCHARGE)
    R2 = Field.scalar("R2", su3=3, su2=2, Y="7/6", mass="m_R2")
    yRL = Coupling("yRL", shape=(3, 3), real=False)
    yLR = Coupling("yLR", shape=(3, 3), real=False)
    terms = (Yukawa(yRL, bar(sm.uR), sm.L, R2), Yukawa(yLR, bar(sm.eR), sm.Q, conj(R2)))
    return Model("r2", sm, (R2,), terms, sign="+L", aligned="up")


@pytest.fixture(scope="module")
def s1():
    return _s1()


@pytest.fixture(scope="module")
def r2():
    return _r2()


def _only(model, keep):
    """Substitution setting every coupling entry except those in ``keep`` to zero."""
    return {sym: 0 for name, (sym, _) in model.coupling_entries().items() if name not in keep}


# --- loop functions -----------------------------------------------------------------------------


class TestLoopFunctions:
    @pytest.mark.parametrize("x", [1e-6, 0.013, 0.5, 0.999, 1.7, 40.0])
    def test_closed_forms_equal_quadrature(self, x):
        """sympy's closed forms equal mpmath quadrature of the Feynman-parameter integrands."""
        (z, xs), integrands = d.feynman_integrands()
        for name, f in integrands.items():
            num = mp.quad(sp.lambdify(z, f.subs(xs, x), "mpmath"), [0, 1])
            closed = float(d.loop_function(name, sp.Float(x), stable=True))
            assert closed == pytest.approx(float(num), rel=1e-10), name

    @pytest.mark.parametrize("x", [1.0, 1 - 1e-7, 1 + 3e-4, 1.0199, 0.9801])
    def test_stable_near_one(self, x):
        """At and near x = 1 (m_χ = M) the stable form matches quadrature (the closed form is 0/0 at 1)."""
        (z, xs), integrands = d.feynman_integrands()
        for name, f in integrands.items():
            num = mp.quad(sp.lambdify(z, f.subs(xs, x), "mpmath"), [0, 1])
            fn = sp.lambdify(sp.Symbol("y"), d.loop_function(name, sp.Symbol("y"), stable=True), "numpy")
            assert float(fn(x)) == pytest.approx(float(num), rel=1e-12), name

    def test_light_quark_limits(self):
        """x → 0: J_F = 1/3, J_S = 1/6, I_S = 1/2, I_F = −ln x − 3/2 + O(x ln x)."""
        x, f = d.loop_functions()
        assert sp.limit(f["J_F"], x, 0) == sp.Rational(1, 3)
        assert sp.limit(f["J_S"], x, 0) == sp.Rational(1, 6)
        assert sp.limit(f["I_S"], x, 0) == sp.Rational(1, 2)
        assert sp.limit(f["I_F"] + sp.log(x), x, 0) == sp.Rational(-3, 2)

    def test_dorsner_review_functions(self):
        """Doršner et al. (2016) f_F, f_S, g_F, g_S are J_F/2, (J_F+J_S)/2, I_F, I_F+I_S (symbolically)."""
        x, f = d.loop_functions()
        fF = (x**2 - 5 * x - 2) / (12 * (x - 1) ** 3) + x * sp.log(x) / (2 * (x - 1) ** 4)
        fS = (x + 1) / (4 * (1 - x) ** 2) + x * sp.log(x) / (2 * (1 - x) ** 3)
        gF = (x - 3) / (2 * (x - 1) ** 2) + sp.log(x) / (x - 1) ** 3
        gS = 1 / (x - 1) - sp.log(x) / (x - 1) ** 2
        assert sp.simplify(fF - f["J_F"] / 2) == 0
        assert sp.simplify(fS - (f["J_F"] + f["J_S"]) / 2) == 0
        assert sp.simplify(gF - f["I_F"]) == 0
        assert sp.simplify(gS - f["I_F"] - f["I_S"]) == 0


# --- the generic coefficient against Leveille's exact integrals --------------------------------


def _leveille(CS, CP, m, mF, M, photon_on):
    """Leveille (1978) exact Δa for ℓ̄(C_S + C_P γ5)Fφ: photon on F (neutral φ) or on φ (neutral F)."""
    eps, lam = mp.mpf(mF) / m, mp.mpf(m) / M
    if photon_on == "fermion":

        def f(x):
            num = CS**2 * x**2 * (1 + eps - x) + CP**2 * x**2 * (1 - eps - x)
            return num / ((1 - x) * (1 - lam**2 * x) + eps**2 * lam**2 * x)
    else:

        def f(x):
            num = -(CS**2) * x * (1 - x) * (x + eps) - CP**2 * x * (1 - x) * (x - eps)
            return num / (lam**2 * (eps**2 - x) * (1 - x) + x)

    return m**2 / (8 * mp.pi**2 * M**2) * mp.quad(f, [0, 1])


class TestDipoleCoefficient:
    @pytest.mark.parametrize("A,B", [(0.7, 0.0), (0.0, 0.4), (0.5, -0.3), (0.3, 0.8)])
    @pytest.mark.parametrize("mF", [0.05, 1.27, 172.69, 1500.0, 4000.0])
    @pytest.mark.parametrize("photon_on", ["fermion", "scalar"])
    def test_leveille(self, A, B, mF, photon_on):
        """Δa from C_μμ equals Leveille's exact integral to O(m_μ²/M²) (≤ 1e-7), both diagrams, any m_F/M."""
        mp.mp.dps = 25
        M = 1000.0
        Q_chi, Q_phi = (-1, 0) if photon_on == "fermion" else (0, -1)
        C = d.dipole_coefficient(
            Q_chi=Q_chi,
            Q_phi=Q_phi,
            m_chi=sp.Float(mF, 25),
            M=sp.Float(M, 25),
            m_p=sp.Float(M_MU, 25),
            m_r=sp.Float(M_MU, 25),
            A_p=A,
            B_p=B,
            A_r=A,
            B_r=B,
            N_c=1,
            e=1,
            stable=False,
        )
        mine = float(delta_a("mu", {"egamma_22": C}, m=sp.Float(M_MU, 25), e=1))
        ref = float(_leveille((A + B) / 2, (B - A) / 2, M_MU, mF, M, photon_on))
        assert mine == pytest.approx(ref, rel=1e-7)

    def test_heavy_higgs_like_scalar(self):
        """Neutral scalar, F = muon itself, M ≫ m: Δa = y² m²/(8π²M²)(ln M²/m² − 7/6) (textbook limit)."""
        m, M, y = 0.1056583755, 1e4, 0.3
        ref = y**2 * m**2 / (8 * math.pi**2 * M**2) * (math.log(M**2 / m**2) - 7 / 6)
        lev = float(_leveille(y, 0, m, m, M, "fermion"))
        assert lev == pytest.approx(ref, rel=1e-6)

    def test_charged_higgs_limit(self):
        """Charged scalar, massless neutral fermion, one chirality y: Δa = −y² m²/(96π²M²)."""
        M, m, y = sp.symbols("M m y", positive=True)
        C = d.dipole_coefficient(
            Q_chi=0, Q_phi=-1, m_chi=0, M=M, m_p=m, m_r=m, A_p=0, B_p=y, A_r=0, B_r=y, N_c=1, e=1
        )
        assert sp.simplify(4 * m * C + y**2 * m**2 / (96 * sp.pi**2 * M**2)) == 0

    def test_massless_quark_is_limit(self):
        """m_χ = 0 (exact branch) equals the m_χ → 0 limit of the massive formula (flip term ∝ m ln m → 0)."""
        s = {k: sp.Symbol(k) for k in ("M", "mp", "mr", "Ap", "Bp", "Ar", "Br")}
        mq = sp.Symbol("mq", positive=True)
        kw = dict(
            Q_chi=sp.Rational(-2, 3),
            Q_phi=sp.Rational(-1, 3),
            M=s["M"],
            m_p=s["mp"],
            m_r=s["mr"],
            A_p=s["Ap"],
            B_p=s["Bp"],
            A_r=s["Ar"],
            B_r=s["Br"],
            e=1,
            stable=False,
        )
        massive = d.dipole_coefficient(m_chi=mq, **kw).subs(s["M"], 1000)
        zero = d.dipole_coefficient(m_chi=0, **kw).subs(s["M"], 1000)
        assert sp.simplify(sp.limit(massive, mq, 0) - zero) == 0

    def test_dimension_and_heavy_scaling(self):
        """C is homogeneous of degree −1 in all masses (GeV⁻¹); with massless quarks C ∝ 1/M² exactly."""
        lam = sp.Symbol("lam", positive=True)
        M, mq, m = sp.symbols("M mq m", positive=True)
        kw = dict(
            Q_chi=sp.Rational(2, 3),
            Q_phi=sp.Rational(-5, 3),
            m_p=m,
            m_r=m,
            A_p=0.3,
            B_p=0.5j,
            A_r=0.3,
            B_r=0.5j,
            e=1,
            stable=False,
        )
        C = d.dipole_coefficient(m_chi=mq, M=M, **kw)
        scaled = C.subs({M: lam * M, mq: lam * mq, m: lam * m}, simultaneous=True)
        assert sp.simplify(sp.expand_log(scaled * lam - C, force=True)) == 0
        C0 = d.dipole_coefficient(m_chi=0, M=M, **kw)
        assert sp.simplify(sp.diff(C0 * M**2, M)) == 0


# --- vertices → (χ, φ) pairs -------------------------------------------------------------------


class TestLoopPairs:
    def test_s1_pairs(self, s1):
        """S1: χ = q^c (Q_χ = −2/3), φ = S1 (−1/3); A = y_R*, B = y_L* from the h.c. of bar(u^c) P e S1*."""
        pairs = {p.label(): p for p in d.loop_pairs(s1)}
        t = pairs["(t^c, S1[0])"]
        assert (t.Q_chi, t.Q_phi) == (sp.Rational(-2, 3), sp.Rational(-1, 3))
        assert t.A[1] == sp.conjugate(sp.Symbol("yR32")) and t.B[1] == sp.conjugate(sp.Symbol("yL32"))

    def test_r2_pairs(self, r2):
        """R2^{5/3}: χ = t (2/3), φ = R2^{5/3}* (−5/3); the −y^RL of the ε contraction lands in B."""
        pairs = {p.label(): p for p in d.loop_pairs(r2)}
        t = pairs["(t, R2[0]^*)"]
        assert (t.Q_chi, t.Q_phi) == (sp.Rational(2, 3), sp.Rational(-5, 3))
        assert t.A[1] == sp.Symbol("yLR23") and t.B[1] == -sp.conjugate(sp.Symbol("yRL32"))

    def test_swapped_legs(self, s1):
        """bar(L^c) iτ2 Q and ē_R^c u_R (lepton leg conjugated) give the same egamma after y_L → −y_L^T."""
        sw = _s1("swapped")
        ref = d.egamma_coefficients(s1, stable=False)
        got = d.egamma_coefficients(sw, stable=False)
        sub = {sp.Symbol(f"yL{lep}{q}"): -sp.Symbol(f"yL{q}{lep}") for q in (1, 2, 3) for lep in (1, 2, 3)}
        sub |= {sp.Symbol(f"yR{lep}{q}"): sp.Symbol(f"yR{q}{lep}") for q in (1, 2, 3) for lep in (1, 2, 3)}
        assert set(ref) == set(got)
        for k in ref:
            assert sp.expand(got[k].xreplace(sub) - ref[k]) == 0, k

    def test_conjugate_lepton_leg(self, s1):
        """ū_R e_R^c S1 (a ψ^c on the right) is the h.c. of ū_R^c e_R S1*: same egamma with y_R → y_R*."""
        cj = _s1("conjugate_leg")
        ref = d.egamma_coefficients(s1, stable=False)
        got = d.egamma_coefficients(cj, stable=False)
        names = [f"yR{q}{lep}" for q in (1, 2, 3) for lep in (1, 2, 3)]
        sub = {sp.Symbol(n): sp.conjugate(sp.Symbol(n)) for n in names}
        for k in ref:
            assert sp.expand(got[k].xreplace(sub) - ref[k]) == 0, k

    def test_lepton_lepton_vertex_is_refused(self):
        """A scalar coupling two leptons is not a leptoquark loop: an error names the vertex."""
        sm = standard_model(REVIEW_HYPERCHARGE)
        h = Field.scalar("h1", su3=1, su2=1, Y="1", mass="m_h1")
        m = Model("zee", sm, (h,), (Yukawa(Coupling("f", shape=(3, 3)), barc(sm.L), sm.L, h),), sign="+L")
        with pytest.raises(d.UnsupportedLoopError, match="lepton-lepton"):
            d.loop_pairs(m)


# --- published special cases ---------------------------------------------------------------------


def _flip_bracket(model, pair_label):
    """(−Q_χ I_F + Q_φ I_S)(x) of one pair, expanded at x → 0 to O(x⁰)."""
    p = {q.label(): q for q in d.loop_pairs(model)}[pair_label]
    x, f = d.loop_functions()
    return sp.expand(sp.series(-p.Q_chi * f["I_F"] + p.Q_phi * f["I_S"], x, 0, 1).removeO())


class TestPublishedCases:
    def test_s1_top_bracket(self, s1):
        """S1 with t^c: bracket → (2/3)(−ln x − 7/4), Bauer–Neubert's (ln M²/m_t² − 7/4)."""
        x = d.loop_functions()[0]
        ref = sp.Rational(2, 3) * (-sp.log(x) - sp.Rational(7, 4))
        assert sp.simplify(_flip_bracket(s1, "(t^c, S1[0])") - ref) == 0

    def test_r2_top_bracket(self, r2):
        """R2^{5/3} with t: bracket → (2/3)(ln x + 1/4), the literature's (ln M²/m_t² − 1/4)."""
        x = d.loop_functions()[0]
        ref = sp.Rational(2, 3) * (sp.log(x) + sp.Rational(1, 4))
        assert sp.simplify(_flip_bracket(r2, "(t, R2[0]^*)") - ref) == 0

    def test_s1_bauer_neubert(self, s1):
        """Δa_μ(S1, top) → (m_μ m_t/4π²M²)(ln M²/m_t² − 7/4) Re(λ^R λ^L*), λ = y (+L, Q̄^c iτ2 L = ū^c e − …);
        the exact x dependence adds +6.1% at M = 1.5 TeV and vanishes as M grows (measured)."""
        C = d.egamma_coefficients(s1, stable=False)
        da = delta_a("mu", C).xreplace(_only(s1, {"yL32", "yR32"}))
        yL, yR = sp.Symbol("yL32"), sp.Symbol("yR32")
        mt, M, mmu = P("m_t"), P("m_S1"), P("m_mu")
        bn = (
            mmu
            * mt
            / (4 * sp.pi**2 * M**2)
            * (sp.log(M**2 / mt**2) - sp.Rational(7, 4))
            * sp.re(yR * sp.conjugate(yL))
        )
        vals = {mt: 172.69, mmu: M_MU, yL: 0.3 + 0.2j, yR: -0.5 + 0.7j}
        ratios = {}
        for Mv in (1500.0, 1e5):
            v = {**vals, M: Mv}
            ratios[Mv] = float(sp.N(da.subs(v))) / float(sp.N(bn.subs(v)))
        assert ratios[1500.0] == pytest.approx(1.0609, abs=2e-3)
        assert ratios[1e5] == pytest.approx(1.0, abs=1e-3)
        # the chirally enhanced part alone tends to BN as x = m_t²/M² → 0 (corrections O(x ln x))
        flip = da - da.subs(yL, 0) - da.subs(yR, 0)
        v = {**vals, M: 1e7}
        assert float(sp.N(flip.subs(v))) == pytest.approx(float(sp.N(bn.subs(v))), rel=1e-6)

    def test_s1_non_enhanced(self, s1):
        """One chirality, massless quark: Δa_μ = m_μ²|y|²/(32π²M²) (Doršner: −N_c m²(Q_S f_S − f_F)/8π²M²)."""
        C = d.egamma_coefficients(s1, stable=False, quark_masses={("u", 0): 0})
        da = delta_a("mu", C).xreplace(_only(s1, {"yL12"}))
        y, M, m = sp.Symbol("yL12"), P("m_S1"), P("m_mu")
        assert sp.simplify(da - m**2 * sp.Abs(y) ** 2 / (32 * sp.pi**2 * M**2)) == 0


# --- the leading log against wilson's anomalous dimension -----------------------------------------


class TestAgainstWilsonRGE:
    @pytest.mark.parametrize("which", ["s1", "r2"])
    def test_log_coefficient(self, which, s1, r2):
        """d egamma_22/d ln μ = −2 ∂(M² C)/∂ln M² / M² equals wilson's LEFT mixing of lqmodel's tree-level
        TeuRR_2222 into egamma_22 (charm loop; S1: χ = c^c, R2: χ = c): checks sign and size of the log."""
        pytest.importorskip("wilson")
        from wilson.run.wet import adm, definitions

        from lqmodel.physics.bases import to_basis
        from lqmodel.physics.matching import tree_level as effective_lagrangian

        model = {"s1": s1, "r2": r2}[which]
        keep = {"s1": {"yL22", "yR22"}, "r2": {"yRL22", "yLR22"}}[which]
        vals = dict(zip(sorted(keep), (0.3 + 0.4j, -0.6 + 0.2j), strict=True))
        vals = {sp.Symbol(k): v for k, v in vals.items()}
        M = P(model.heavy_fields[0].mass)
        Mv, mc, e = 1e4, 0.63, 0.31
        zero = _only(model, keep)
        T = complex(
            sp.N(
                to_basis(effective_lagrangian(model), "JMS")
                .values["TeuRR_2222"]
                .xreplace(zero)
                .subs(vals)
                .subs(M, Mv)
            )
        )
        C = d.egamma_coefficients(model, e=e, stable=False)["egamma_22"].xreplace(zero).subs(vals)
        C = C.subs({P("m_c"): mc, P("m_mu"): M_MU, P("ms_2GeV"): 0.09, P("m_b"): 2.9, P("md_2GeV"): 0.005})
        # R2^{2/3} d-quark loops (CKM, ∝ m_μ, no ln M at O(x⁰)) do not enter the log coefficient
        C = C.subs({s: 0.2 for s in C.free_symbols if s.name.startswith("V_")})
        dC = sp.diff(C * M**2, M) * M / 2 / M**2  # ∂(M² C)/∂ln M² / M²
        mine = -2 * complex(sp.N(dC.subs(M, Mv)))
        keys = definitions.coeffs["dF=0"]
        gamma = adm.adm_s_dF0(5, 0.002, 0.005, 0.09, mc, 2.9, 0.000511, M_MU, 1.777)[
            keys.index("TeuRR_2222"), keys.index("egamma_22")
        ]
        # wilson runs C' = C g²/(e m_μ) with dC'/dlnμ = (α_s/4π) γ T, i.e. dC/dlnμ = e m_μ γ T/(16π²)
        ref = e * M_MU * complex(gamma) * T / (16 * math.pi**2)
        assert abs(mine / ref - 1) < 2e-4  # O(x ln x) = O(1e-8) and m_μ²-terms only


# --- observables against flavio ------------------------------------------------------------------


@pytest.fixture(scope="module")
def flavio_run(tmp_path_factory):
    """Random complex egamma; flavio 2.7.1 predictions from flavio-basis WCxf files at flavio's scales."""
    flavio = pytest.importorskip("flavio")
    import numpy as np
    from wilson import Wilson, wcxf

    par = flavio.default_parameters.get_central_all()
    rng = np.random.default_rng(7)

    def rc(s):
        return complex(*rng.normal(size=2)) * s

    C = {f"egamma_{p}{r}": rc(1e-10) for p in (1, 2, 3) for r in (1, 2, 3)}
    C |= {"egamma_11": rc(1e-12), "egamma_22": rc(1e-10), "egamma_12": rc(1e-13), "egamma_21": rc(1e-13)}
    e = math.sqrt(4 * math.pi * par["alpha_e"])
    pre = math.sqrt(2) / (4 * par["GF"]) * 16 * math.pi**2 / e  # C7_ll = pre/m_l × egamma_ll
    fb = {
        "C7_ee": pre / par["m_e"] * C["egamma_11"],
        "C7_mumu": pre / par["m_mu"] * C["egamma_22"],
        "C7_tautau": pre / par["m_tau"] * C["egamma_33"],
    }
    # wilson's data/flavio_jms_lfv.json: egamma_12 = Cgamma_mue (ē_L σ μ_R), egamma_21 = Cgamma_emu, …
    fb |= {
        f"Cgamma_{n}": C[f"egamma_{ij}"]
        for n, ij in (
            ("mue", "12"),
            ("emu", "21"),
            ("taumu", "23"),
            ("mutau", "32"),
            ("taue", "13"),
            ("etau", "31"),
        )
    }
    path = tmp_path_factory.mktemp("wcxf")

    def wilson_file(keys, scale, eft):
        w = wcxf.WC(eft, "flavio", scale, wcxf.WC.dict2values({k: fb[k] for k in keys}))
        f = path / f"{eft}_{scale}.yml"
        with open(f, "w") as fh:
            w.dump(fh)
        with open(f) as fh:
            return Wilson.load_wc(fh)

    scales = flavio.config["renormalization scale"]
    w3 = wilson_file(["C7_ee", "C7_mumu"], scales["mudecays"], "WET-3")
    w4 = wilson_file(["Cgamma_mue", "Cgamma_emu"], scales["mudecays"], "WET-4")
    taus = ["Cgamma_taumu", "Cgamma_mutau", "Cgamma_taue", "Cgamma_etau"]
    wt = wilson_file(taus, scales["taudecays"], "WET-4")
    wa = wilson_file(["C7_tautau"], scales["tau g-2"], "WET")
    ref = {
        "Delta_a_e": flavio.np_prediction("a_e", w3) - flavio.sm_prediction("a_e"),
        "Delta_a_mu": flavio.np_prediction("a_mu", w3) - flavio.sm_prediction("a_mu"),
        "Delta_a_tau": flavio.np_prediction("a_tau", wa) - flavio.sm_prediction("a_tau"),
        "BR(mu->egamma)": flavio.np_prediction("BR(mu->egamma)", w4),
        "BR(tau->mugamma)": flavio.np_prediction("BR(tau->mugamma)", wt),
        "BR(tau->egamma)": flavio.np_prediction("BR(tau->egamma)", wt),
    }
    subs = {
        P("m_e"): par["m_e"],
        P("m_mu"): par["m_mu"],
        P("m_tau"): par["m_tau"],
        P("tau_mu"): par["tau_mu"],
        P("tau_tau"): par["tau_tau"],
    }
    subs[P("alpha_em_0")] = par["alpha_e"]  # the e of the flavio-basis C7 above
    mine = {k: float(sp.N(observable_value(k, C).subs(subs))) for k in ref}
    return mine, ref


class TestAgainstFlavio:
    @pytest.mark.parametrize(
        "name",
        ["Delta_a_e", "Delta_a_mu", "Delta_a_tau", "BR(mu->egamma)", "BR(tau->mugamma)", "BR(tau->egamma)"],
    )
    def test_observable(self, flavio_run, name):
        """Each observable at random complex egamma agrees with flavio 2.7.1 (its basis and scales), 1e-4."""
        mine, ref = flavio_run
        assert mine[name] == pytest.approx(ref[name], rel=1e-4)


# --- the paper's model ------------------------------------------------------------------------


class TestPaperModel:
    def test_s1_gives_no_muon_dipole(self):
        """s1_lmu_ltau: S1 couples only to τ: no pair has a μ or e coupling; only egamma_33 is generated."""
        m = load_model("s1_lmu_ltau")
        pairs = d.loop_pairs(m)
        assert pairs and all(p.A[a] == 0 and p.B[a] == 0 for p in pairs for a in (0, 1))
        C = d.egamma_coefficients(m)
        assert set(C) == {"egamma_33"}
        for k in ("Delta_a_mu", "Delta_a_e", "BR(mu->egamma)", "BR(tau->mugamma)", "BR(tau->egamma)"):
            assert observable_value(k, C) == 0

    def test_a_tau_sign_convention_independent(self):
        """The paper's −L sign flips y_L and y_R together: Δa_τ ∝ Re(y_L y_R) equals the +L model's."""
        m = load_model("s1_lmu_ltau")
        da = delta_a("tau", d.egamma_coefficients(m, stable=False))
        plus = _s1()
        sub = {sp.Symbol(f"y{c}{q}3"): sp.Symbol(f"y{c}{q}") for c in "LR" for q in (1, 2, 3)}
        da_plus = (
            delta_a("tau", d.egamma_coefficients(plus, stable=False))
            .xreplace(_only(plus, {f"y{c}{q}3" for c in "LR" for q in (1, 2, 3)}))
            .xreplace(sub)
        )
        real = {sp.Symbol(f"y{c}{q}"): sp.Symbol(f"y{c}{q}", real=True) for c in "LR" for q in (1, 2, 3)}
        assert sp.simplify(da - da_plus.xreplace(real)) == 0
