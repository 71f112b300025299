"""Tests of rge against independent numbers: an ODE solution, RunDec (python-rundec), the
literature (Sirlin's 1 + α/π ln, γ_m, Buras' J_5 = 5165/3174), wilson's own JMS→flavio translation
and wilson's WET running."""

import math

import attrs
import pytest
import sympy

from lqmodel.physics import rge as r

wilson = pytest.importorskip("wilson")
rundec = pytest.importorskip("rundec")


def _ode_alpha(a0, mu0, mu, nf, loops):
    from scipy.integrate import solve_ivp

    b0, b1 = (float(x) for x in r._betas(nf))
    b2 = float(r._beta2(nf)) if loops == 3 else 0.0

    def f(t, a):
        x = a[0] / (4 * math.pi)
        return [-2 * a[0] * (b0 * x + b1 * x**2 + b2 * x**3)]

    return solve_ivp(f, [math.log(mu0), math.log(mu)], [a0], rtol=1e-12, atol=1e-14).y[0, -1]


class TestAlphaS:
    @pytest.mark.parametrize("loops", [2, 3])
    @pytest.mark.parametrize("mu", [5000.0, 1500.0, 4.18, 2.0])
    def test_closed_form_matches_ode(self, loops, mu):
        """The closed form of one n_f = 5 interval agrees with a numerical ODE solution (< 2e-4)."""
        got = r._alpha_step_float(0.1179, 91.1876, mu, 5, loops)
        assert got == pytest.approx(_ode_alpha(0.1179, 91.1876, mu, 5, loops), rel=2e-4)

    @pytest.mark.parametrize("mu", [1500.0, 4.2, 2.0])
    def test_three_loop_matches_rundec(self, mu):
        """Without thresholds, 3-loop α_s(μ) equals RunDec's (as wilson uses it) to 2e-4."""
        from wilson.util import qcd

        assert float(r.alpha_s(mu, r.WILSON_LIKE)) == pytest.approx(qcd.alpha_s(mu, 5, 0.1185), rel=2e-4)

    def test_symbolic_is_piecewise_of_the_numbers(self):
        """α_s of a symbol, evaluated, equals α_s of the number on each n_f interval."""
        mu = sympy.Symbol("mu", positive=True)
        f = sympy.lambdify(mu, r.alpha_s(mu), "math", cse=True)
        for x in (3000.0, 173.21, 91.0, 4.18, 3.0, 1.0):
            assert f(x) == pytest.approx(float(r.alpha_s(x)), rel=1e-12)
        assert float(r.alpha_s(91.1876)) == pytest.approx(0.1179, rel=1e-12)


class TestOneLoopPole:
    def test_qcd_current_adms(self):
        """QCD on one quark bilinear: γ_S = −γ_m⁽⁰⁾ = −8, γ_T = 2C_F = 8/3, γ_V = 0 (γ = −2A)."""
        q = sympy.sqrt(sympy.Rational(4, 3))
        assert r.one_loop_pole("SRR", (q, q, 0, 0)) == {"SRR": 4}
        assert r.one_loop_pole("TRR", (q, q, 0, 0)) == {"TRR": sympy.Rational(-4, 3)}
        assert r.one_loop_pole("VLL", (q, q, 0, 0)) == {}

    def test_sirlin_beta_decay(self):
        """(ūγP_L d)(ēγP_L ν): γ = −4, i.e. C(μ) = C(M)[1 + (α/π) ln(M/μ)] (Sirlin 1982)."""
        A = r.one_loop_pole("VLL", (sympy.Rational(2, 3), sympy.Rational(-1, 3), -1, 0))
        assert A == {"VLL": 2}

    def test_muon_decay_does_not_run(self):
        """(ν̄_μγP_Lμ)(ēγP_Lν_e) (the Fierz of the V−A muon-decay operator) has no QED ADM."""
        assert r.one_loop_pole("VLL", (0, -1, -1, 0)) == {}


class TestDeltaF2Maps:
    @pytest.mark.parametrize(
        "name", ["V1ddLR_2323", "V8ddLR_2323", "S1ddRR_2323", "S8ddRR_2323", "S1ddRR_3232", "S8ddRR_3232"]
    )
    def test_matches_wilson_translation(self, name):
        """JMS → chiral colour-singlet structures equals wilson's JMS → flavio (sbsb) translation."""
        w = wilson.Wilson({name: 1e-6}, scale=4.2, eft="WET", basis="JMS")
        fl = w.match_run(4.2, eft="WET", basis="flavio", sectors=("sbsb",)).dict
        ours = r.jms_to_chiral_df2({name: 1}, 2, 3)
        key = {"VLR": "CVLR", "SLR": "CSLR", "SRR": "CSRR", "TRR": "CTRR", "SLL": "CSLL", "TLL": "CTLL"}
        for s, v in ours.items():
            assert complex(fl[key[s] + "_bsbs"]) / 1e-6 == pytest.approx(complex(v), abs=1e-9)
        assert sum(abs(v) > 1e-15 for v in fl.values()) == len(ours)

    def test_round_trip(self):
        """chiral → JMS → chiral is the identity (complex coefficients, SLL/TLL via conjugates)."""
        c = {"VLL": 1 + 2j, "VRR": 0.5, "VLR": -1j, "SLR": 0.3, "SRR": 2, "TRR": -0.7j, "SLL": 1j, "TLL": 0.2}
        back = r.jms_to_chiral_df2(r.chiral_to_jms_df2(c, 1, 2), 1, 2)
        for k, v in c.items():
            assert complex(back[k]) == pytest.approx(v)


class TestNLO:
    def test_buras_j5(self):
        """VLL: J = γ⁽⁰⁾β₁/2β₀² − γ⁽¹⁾/2β₀ = 5165/3174 for n_f = 5 (Buras, hep-ph/9806471, ΔF = 2 section)."""
        g0, g1 = (m[0, 0] for m in r._bmu("VLL", 5))
        b0, b1 = (sympy.Rational(x.numerator, x.denominator) for x in r._betas(5))
        assert g0 * b1 / (2 * b0**2) - g1 / (2 * b0) == sympy.Rational(5165, 3174)

    def test_scalar_runs_like_the_mass(self):
        """NLO C_S(m_b)/C_S(1.5 TeV), n_f = 5, no QED = m_b(m_b)/m_b(1.5 TeV) of 2-loop RunDec (0.3%)."""
        crd = rundec.CRunDec()
        a_lo, a_hi = (crd.AlphasExact(0.1179, 91.1876, m, 5, 2) for m in (4.18, 1500.0))
        mass_ratio = crd.mMS2mMS(1.0, a_hi, a_lo, 5, 2)
        sch = r.Scheme(thresholds=(), nf_max=5, order="NLO", qed=False, alpha_s_loops=2)
        eta = float(r.evolve({"SnueduRR_3332": 1}, 1500.0, 4.18, sch)["SnueduRR_3332"])
        assert eta == pytest.approx(mass_ratio, rel=3e-3)


def _wilson_run(name, M, mu, eft):
    w = wilson.Wilson({name: 1e-6}, scale=M, eft="WET", basis="JMS")
    return {k: v / 1e-6 for k, v in w.match_run(mu, eft=eft, basis="JMS").dict.items()}


def _deviation(name, M, mu, eft, scheme):
    """Max |ours − wilson| over the group, relative to the group's largest wilson coefficient."""
    w = _wilson_run(name, M, mu, eft)
    ours = r.evolve({name: 1}, M, mu, scheme)
    group = r.group_of(name)
    scale = max(abs(w.get(g, 0)) for g in group)
    return max(abs(complex(ours.get(g, 0)) - w.get(g, 0)) for g in group) / scale


SEMILEPTONIC = [
    "SnueduRR_3332",
    "TnueduRR_3332",
    "VnueduLL_3332",
    "VnueduLR_3332",
    "SnueduRL_3332",
    "VnudLL_3323",
    "VnudLR_1223",
    "SedRR_3323",
    "SedRL_2323",
    "TedRR_3323",
]
DF2_B = ["VddLL_2323", "VddRR_1313", "V1ddLR_2323", "V8ddLR_2323", "S1ddRR_2323", "S8ddRR_3232"]
DF2_K = ["VddLL_1212", "V1ddLR_1212", "V8ddLR_1212", "S1ddRR_2121", "S8ddRR_1212"]
DF2_D = ["VuuLL_1212", "V1uuLR_1212", "S1uuRR_1212", "S8uuRR_2121"]
PENGUIN = ["VedLL_3323", "VedRR_3323", "VedLR_3323", "VdeLR_2333"]


class TestAgainstWilson:
    @pytest.mark.parametrize("M,mu", [(1500.0, 4.18), (5000.0, 2.0), (1000.0, 4.8)])
    def test_same_inputs_reproduce_wilson(self, M, mu):
        """With wilson's inputs (n_f = 5, α_s(M_Z) = 0.1185, α_e = 1/127.9) every class agrees to 0.1%."""
        for name in SEMILEPTONIC + DF2_B + DF2_D:
            assert _deviation(name, M, mu, "WET", r.WILSON_LIKE) < 1e-3, name

    @pytest.mark.parametrize("M", [1000.0, 5000.0])
    def test_photon_penguins_missing(self, M):
        """Charged-lepton vector operators: the omitted photon penguins cost < 1% (wilson has them)."""
        for name in PENGUIN:
            assert _deviation(name, M, 2.0, "WET", r.WILSON_LIKE) < 1e-2, name

    @pytest.mark.parametrize("M", [1000.0, 1500.0, 5000.0])
    def test_default_within_two_percent(self, M):
        """Physical thresholds and α_s(M_Z) = 0.1179 vs wilson: < 2% at flavio's scales and m_b."""
        cases = [(n, mu, "WET") for n in SEMILEPTONIC for mu in (4.8, 4.18, 2.0)]
        cases += [(n, 4.2, "WET") for n in DF2_B] + [(n, 2.0, "WET-3") for n in DF2_K]
        cases += [(n, 2.0, "WET-4") for n in DF2_D]
        for name, mu, eft in cases:
            assert _deviation(name, M, mu, eft, r.DEFAULT) < 0.02, (name, mu, eft)


class TestEvolve:
    def test_symbolic_mass_compiles_to_numpy(self):
        """A symbolic M gives an elementary expression; numpy evaluation equals the numeric running."""
        import numpy as np

        M = sympy.Symbol("M", positive=True)
        cS, cT = sympy.symbols("cS cT")
        out = r.evolve({"SnueduRR_3332": cS, "TnueduRR_3332": cT}, M, 4.18)
        f = sympy.lambdify((M, cS, cT), out["TnueduRR_3332"], "numpy", cse=True)
        Ms = np.array([150.0, 1000.0, 1500.0, 5000.0])
        want = [
            complex(r.evolve({"SnueduRR_3332": 1, "TnueduRR_3332": 2}, m, 4.18)["TnueduRR_3332"]) for m in Ms
        ]
        assert np.allclose(f(Ms, 1.0, 2.0), want, rtol=1e-10)

    def test_generated_and_invariant(self):
        """V1ddLR generates V8ddLR; νν̄ vector coefficients are unchanged (no QCD, no QED)."""
        out = r.evolve({"V1ddLR_2323": 1, "VnudLL_3323": 2}, 1500.0, 4.2)
        assert set(out) == {"V1ddLR_2323", "V8ddLR_2323", "VnudLL_3323"}
        assert float(out["VnudLL_3323"]) == 2

    def test_unknown_names_raise(self):
        """A coefficient without running, or a ΔF = 1 four-quark name, is an error (never dropped)."""
        with pytest.raises(KeyError):
            r.evolve({"VnueLL_2212": 1}, 1500.0, 4.18)
        with pytest.raises(KeyError):
            r.evolve({"VddLL_1223": 1}, 1500.0, 4.18)

    def test_nlo_lr_resonance_nf3(self):
        """NLO of the LR sector at n_f = 3 is degenerate (2β₀ = γ₁ − γ₂) and refused."""
        with pytest.raises(NotImplementedError):
            r.evolve({"V1ddLR_1212": 1}, 1500.0, 1.0, attrs.evolve(r.DEFAULT, order="NLO"))
