"""The light Z′ (lqmodel.observables.zprime): one ε, current conservation in B → K(*)Z′, a complex
C_Z′, and the kinematic thresholds.

Independent numbers:
* flavio 2.7.1, run once offline (the script in docs/observables.md, "The light Z′"): its
  B⁺ → K⁺e⁺e⁻ rate and the factorisable part of its B⁰ → K*⁰e⁺e⁻ rate at q² = 0.01 GeV² with
  only the photon-coupled coefficients (C9 → C9 + C10, C10 → 0) give Γ(B → K(*)γ*) at that q²
  through the Kroll–Wada relation (Phys. Rev. 98 (1955) 1355)
  dΓ(ℓℓ)/dq² = (α/3πq²)(1 + 2m_ℓ²/q²)(1 − 4m_ℓ²/q²)^{1/2} Γ(B → K(*)γ*(q²)),
  which is B(B → K(*)Z′) at ε = 1 with α in e; and its BSZ form factors;
* the LO B → K*γ rate, Γ = G_F²α m_b² m_B³ |λ_t|² (|C7|² + |C7′|²) T₁(0)² (1 − m_K*²/m_B²)³/(32π⁴)
  (e.g. Ali & Parkhomenko, Eur. Phys. J. C 23 (2002) 89, hep-ph/0105302), the m_Z′ → 0 limit of
  B(B → K*Z′)/ε²;
* the paper's eqs. (16)–(17): 1/m_Z′² exactly.
"""

from __future__ import annotations

import itertools
import math

import pytest

from lqmodel import ParameterValueError, Study
from lqmodel.core.parameters import load_parameters
from lqmodel.faces.cli import main
from lqmodel.model.model import InputConflictError
from lqmodel.observables import zprime
from lqmodel.observables.base import p, table
from lqmodel.symbols.ckm import ckm_values

ZP = ("epsilon_Zp", "C_Zp", "BR(B+->KZp)", "BR(B0->K*Zp)", "Delta_a_mu_Zp", "Delta_a_mu")
RATES = ("BR(B+->KZp)", "BR(B0->K*Zp)")
NATURAL = load_parameters("sm", "chen_chiang_2024").natural_values()

# flavio 2.7.1, default parameters: dBR/dq2 at q2 = 0.01 GeV^2 (electrons) with C9_bsee += C10_SM and
# C10_bsee -= C10_SM at 4.8 GeV; B+ -> K+: flavio.np_prediction; B0 -> K*0: the CP average of
# bvll.amplitudes.helicity_amps_ff (no spectator scattering, which lqmodel leaves out).
FLAVIO_DBR = {"BR(B+->KZp)": 9.787310201931573e-11, "BR(B0->K*Zp)": 3.1045481138256488e-06}
FLAVIO_ALPHA = 0.007569084895987922  # its alpha_e(4.8 GeV), in both Gamma(ll) and the prefactor
FLAVIO_M_E = 0.00051099895
# flavio's inputs in lqmodel's names: its CKM read back as lambda, A, rho, eta; m_b(m_b); lifetimes
FLAVIO_POINT = {
    "lambda": 0.2248014892698392,
    "A": 0.8305073461151511,
    "rho": 0.1573807159244143,
    "eta": 0.3522380849124271,
    "m_b": 4.195,
    "alpha_em_0": FLAVIO_ALPHA,
    "tau_Bplus": "2488800398208.0635 GeV^-1",
    "tau_Bd": "2307869836141.2417 GeV^-1",
}
# flavio 2.7.1 "B->K BSZ3" (m_B0, m_K0) and "B->K* BSZ3" (m_B0, m_K*0) form factors
FLAVIO_FF = {
    ("B->K", 0.01): {"f+": 0.3321478271, "fT": 0.3238006451},
    ("B->K", 4.0): {"f+": 0.419098113, "fT": 0.4116853571},
    ("B->K*", 0.01): {
        "A1": 0.2973119473,
        "A12": 0.2642865769,
        "V": 0.3765172837,
        "T1": 0.3122271363,
        "T2": 0.3121145067,
        "T23": 0.6675226439,
    },
    ("B->K*", 4.0): {
        "A1": 0.3256684949,
        "A12": 0.283241096,
        "V": 0.4750867934,
        "T1": 0.3948795135,
        "T2": 0.3395518295,
        "T23": 0.7185623079,
    },
}


@pytest.fixture(scope="module")
def zp(s1):
    """The Z′ observables of the paper's model, general forms (one kernel for the module)."""
    return Study(s1, observables=ZP, couplings=False, wilson=())


@pytest.fixture(scope="module")
def paper(s1):
    return Study(s1, observables=("C_Zp", *RATES), form="paper", couplings=False, wilson=())


class TestOneEpsilon:
    def test_every_zprime_observable_follows_g(self, zp):
        """Doubling g_Z′ doubles ε and C_Z′ and quadruples both rates and Δa_μ (Z′ loop)."""
        low, high = zp.at(g_Zp=3e-4).observables, zp.at(g_Zp=6e-4).observables
        powers = {"epsilon_Zp": 1, "C_Zp": 1, "BR(B+->KZp)": 2, "BR(B0->K*Zp)": 2}
        powers |= {"Delta_a_mu_Zp": 2, "Delta_a_mu": 2}
        for name, n in powers.items():
            assert abs(high[name] / low[name]) == pytest.approx(2**n, rel=1e-9), name

    def test_default_epsilon_is_the_loop_value(self, zp):
        """Unset, ε is e g ln(m_τ²/m_μ²)/(12π²) at the default g_Z′ (the paper's 9.4e-6)."""
        e = math.sqrt(4 * math.pi * NATURAL["alpha_em_0"])
        log = math.log(NATURAL["m_tau"] ** 2 / NATURAL["m_mu"] ** 2)
        loop = e * NATURAL["g_Zp"] * log / (12 * math.pi**2)
        r = zp.at()
        assert r.observables["epsilon_Zp"] == pytest.approx(loop, rel=1e-12)
        assert loop == pytest.approx(9.4e-6, rel=1e-4)
        assert "epsilon" not in r.inputs  # the general forms read g_Zp, not the paper's input

    def test_epsilon_set_replaces_the_loop_value(self, zp):
        """Setting ε: every Z′ observable reads it (rates ∝ ε²); Δa_μ keeps the default g_Z′."""
        base, eps = zp.at(), zp.at(epsilon=2e-5)
        assert eps.observables["epsilon_Zp"] == 2e-5
        assert eps.inputs["epsilon"].source == "set"
        ratio = (2e-5 / base.observables["epsilon_Zp"]) ** 2
        for name in RATES:
            assert eps.observables[name] / base.observables[name] == pytest.approx(ratio, rel=1e-9)
        assert abs(eps.observables["C_Zp"] / base.observables["C_Zp"]) == pytest.approx(math.sqrt(ratio))
        assert eps.observables["Delta_a_mu"] == pytest.approx(base.observables["Delta_a_mu"], rel=1e-12)

    def test_both_set_is_an_error(self, zp, s1):
        """g_Z′ and ε set together (at a point, or one fixed in the study) is one error naming both."""
        message = (
            "'g_Zp' and 'epsilon' are both set: epsilon replaces the kinetic mixing that g_Zp induces "
            "through the lepton loops; set one of them"
        )
        with pytest.raises(InputConflictError) as err:
            zp.at(g_Zp=1e-4, epsilon=1e-5)
        assert str(err.value) == message
        assert isinstance(err.value, ValueError)
        with pytest.raises(InputConflictError, match="'g_Zp' and 'epsilon' are both set"):
            Study(s1, observables=ZP, fixed={"epsilon": 1e-5}, wilson=()).at(g_Zp=1e-4)
        with pytest.raises(InputConflictError):
            Study(s1, observables=ZP, fixed={"g_Zp": 1e-4}, free=("epsilon",))

    def test_both_set_on_the_command_line(self, capsys):
        """`lqmodel evaluate --set g_Zp=… epsilon=…`: one line on stderr, exit code 2."""
        code = main(["evaluate", "s1_lmu_ltau", "--set", "g_Zp=1e-4", "epsilon=1e-5"])
        err = capsys.readouterr().err
        assert code == 2
        assert err == (
            "lqmodel: error: 'g_Zp' and 'epsilon' are both set: epsilon replaces the kinetic mixing "
            "that g_Zp induces through the lepton loops; set one of them\n"
        )

    def test_sampled_epsilon_and_arrays(self, zp, s1):
        """ε sampled (a scan's free input) or given as an array: the rates follow it as ε²."""
        import numpy as np

        eps = np.array([1e-6, 1e-5])
        out = zp.on(epsilon=eps)
        assert np.allclose(out["epsilon_Zp"], eps, rtol=1e-12)
        assert out["BR(B+->KZp)"][1] / out["BR(B+->KZp)"][0] == pytest.approx(100, rel=1e-9)
        free = Study(s1, observables=RATES, free=("epsilon",), couplings=False, wilson=())
        assert free.model.gives("epsilon") and free.kernel().inputs == ("epsilon",)

    def test_paper_forms_read_the_papers_epsilon(self, paper):
        """Eqs. (13), (16), (17) take the paper's input ε = 9.4e-6 (or the ε set), not g_Z′."""
        base = paper.at().observables
        assert paper.at(g_Zp=1e-3).observables["BR(B+->KZp)"] == base["BR(B+->KZp)"]
        doubled = paper.at(epsilon=2 * 9.4e-6).observables
        for name in RATES:
            assert doubled[name] / base[name] == pytest.approx(4, rel=1e-9)


class TestComplexCoupling:
    def test_c_zp_is_complex(self, zp, paper):
        """C_Z′ carries the phase of V_tb V_ts*: complex in both forms, {"Re", "Im"} in JSON."""
        for study in (zp, paper):
            r = study.at()
            c = r.observables["C_Zp"]
            assert isinstance(c, complex) and abs(c.imag) > 0.01 * abs(c)
            assert r.to_json()["observables"]["C_Zp"] == {"Re": c.real, "Im": c.imag}
        assert zp.kernel().meta["observables"]["C_Zp"]["complex"]
        assert not zp.kernel().meta["observables"]["BR(B+->KZp)"]["complex"]


class TestCurrentConservation:
    def test_kaon_rate_vanishes_as_mass_squared(self, zp, paper):
        """B(B → KZ′) ∝ m_Z′² (up to the light-quark logarithm of C9^em) as m_Z′ → 0, and C_Z′ too;
        the paper's eq. (16) grows as 1/m_Z′² instead."""
        masses = (0.0025, 0.005, 0.01, 0.02)
        general = [zp.at(m_Zp=m).observables for m in masses]
        for a, b in itertools.pairwise(general):
            assert 0.18 < a["BR(B+->KZp)"] / b["BR(B+->KZp)"] < 0.3
            assert 0.2 < abs(a["C_Zp"] / b["C_Zp"]) < 0.3
        old = [paper.at(m_Zp=m).observables["BR(B+->KZp)"] for m in masses]
        for a, b in itertools.pairwise(old):
            assert a / b == pytest.approx(4, rel=1e-12)

    def test_kstar_rate_tends_to_epsilon_squared_times_b_to_kstar_gamma(self, zp):
        """B(B → K*Z′) → ε² B(B → K*γ), the LO formula with the same C7, C7′ and T₁(0) (the transverse
        dipole part survives; the longitudinal and C9 parts vanish as m_Z′², up to a logarithm)."""
        m_v, m_b_meson = NATURAL["m_Kstar0"], NATURAL["m_Bd"]
        V = ckm_values(NATURAL["lambda"], NATURAL["A"], NATURAL["rho"], NATURAL["eta"])
        lam_t = V[2][2] * V[2][1].conjugate()
        r = V[0][2] * V[0][1].conjugate() / lam_t
        t = table("zprime_vertex")
        c7t, c7u = (complex(t[k]["re"], t[k]["im"]) for k in ("C7", "C7_u"))
        c7p = complex(t["C7p"]["re"], t["C7p"]["im"])
        c7_squared = (abs(c7t + r * c7u) ** 2 + abs(c7t + r.conjugate() * c7u) ** 2) / 2 + abs(c7p) ** 2
        m_b = t["mb_run"] * NATURAL["m_b"]
        t1 = table("bsz_form_factors")["B->K*"]["T1"]["a"][0]
        gamma = (
            NATURAL["GF"] ** 2
            * NATURAL["alpha_em_0"]
            * m_b**2
            * m_b_meson**3
            * abs(lam_t) ** 2
            * c7_squared
            * t1**2
            * (1 - m_v**2 / m_b_meson**2) ** 3
            / (32 * math.pi**4)
        )
        limit = gamma * NATURAL["tau_Bd"]
        rates = {m: zp.at(m_Zp=m, epsilon=1.0).observables["BR(B0->K*Zp)"] for m in (1e-5, 0.01, 0.02)}
        assert rates[1e-5] == pytest.approx(limit, rel=1e-5)
        assert 3 < (rates[0.02] - limit) / (rates[0.01] - limit) < 4.5  # the approach is O(m_Z′²)

    @pytest.mark.parametrize("name", RATES)
    def test_against_flavio_b_to_k_ll(self, zp, name):
        """At q² = m_Z′² = 0.01 GeV² and ε = 1 the rate is flavio's photon-mediated B → K(*)e⁺e⁻
        rate divided by the Kroll–Wada factor (flavio's inputs, λ_u terms and CP average included)."""
        q2 = 0.01
        kroll_wada = (1 + 2 * FLAVIO_M_E**2 / q2) * math.sqrt(1 - 4 * FLAVIO_M_E**2 / q2)
        expected = FLAVIO_DBR[name] * 3 * math.pi * q2 / (FLAVIO_ALPHA * kroll_wada)
        ours = zp.at(epsilon=1.0, m_Zp=math.sqrt(q2), **FLAVIO_POINT).observables[name]
        assert ours == pytest.approx(expected, rel=5e-3)

    @pytest.mark.parametrize(("name", "q2"), list(FLAVIO_FF))
    def test_form_factors_are_flavios(self, name, q2):
        """The BSZ form factors at q² equal flavio 2.7.1's defaults (the same masses in z)."""
        daughter = {"B->K": 0.497611, "B->K*": NATURAL["m_Kstar0"]}[name]
        for ff, value in FLAVIO_FF[(name, q2)].items():
            expr = zprime.bsz_form_factor(name, ff, p("q2"), p("mB"), p("mM"))
            got = float(expr.subs({p("q2"): q2, p("mB"): 5.27966, p("mM"): daughter}))
            assert got == pytest.approx(value, rel=1e-8), ff


class TestThresholds:
    def test_above_the_kstar_threshold(self, zp, paper):
        """m_B − m_K* < m_Z′ < m_B − m_K: B → K*Z′ is 0 in both forms and the result says why."""
        for study in (zp, paper):
            r = study.at(m_Zp=4.5)
            assert r.observables["BR(B0->K*Zp)"] == 0 and r.observables["BR(B+->KZp)"] > 0
            note = r.info["BR(B0->K*Zp)"]["contributions"]["phase space"]
            assert note == (
                "0: m_Zp = 4.5 GeV is at or above the threshold m_Bd - m_Kstar0 = 4.38411 GeV, "
                "so B0 -> K*0 Z' is forbidden by kinematics"
            )
            assert "phase space" not in r.info["BR(B+->KZp)"]["contributions"]
            assert r.to_json()["contributions"]["BR(B0->K*Zp)"]["phase space"] == note
        assert "phase space" not in zp.at().info["BR(B0->K*Zp)"]["contributions"]

    def test_above_both_thresholds(self, zp):
        """Above m_B − m_K both rates are 0 and both say so; Δa_μ is still computed."""
        r = zp.at(m_Zp=5.0)
        for name in RATES:
            assert r.observables[name] == 0
            assert r.info[name]["contributions"]["phase space"].startswith("0: m_Zp = 5 GeV is at or above")
        assert r.observables["Delta_a_mu_Zp"] > 0

    def test_notes_without_sympy(self):
        """The notes come from numbers alone (the warm path has no sympy)."""
        values = {"m_Zp": 4.0, "m_Bplus": 5.27934, "m_Kplus": 0.493677, "m_Bd": 5.27966, "m_Kstar0": 0.89555}
        assert zprime.threshold_notes(values.get, ["BR(B+->KZp)", "BR(B0->K*Zp)"]) == {}
        assert set(zprime.threshold_notes({**values, "m_Zp": 4.4}.get, RATES)) == {"BR(B0->K*Zp)"}

    @pytest.mark.parametrize("value", [-0.1, 0.0])
    def test_nonpositive_mass(self, zp, value):
        """m_Z′ ≤ 0 is refused, naming m_Zp."""
        with pytest.raises(ParameterValueError) as err:
            zp.at(m_Zp=value)
        assert str(err.value) == f"'m_Zp' = {value!r} is not allowed: must be positive"

    def test_rates_vanish_continuously_at_threshold(self, zp):
        """Just below m_B − m_K* the B → K*Z′ rate is finite and falls as λ^{1/2} ∝ (distance)^{1/2}."""
        top = NATURAL["m_Bd"] - NATURAL["m_Kstar0"]
        near, nearer = (zp.at(m_Zp=top * (1 - d)).observables["BR(B0->K*Zp)"] for d in (1e-7, 1e-9))
        assert 0 < nearer < near and nearer / near == pytest.approx(0.1, rel=1e-3)


def test_dimensions():
    """Every Z′ formula has the dimension of its unit (the Formula check, here for the new forms)."""
    from lqmodel.observables import get
    from lqmodel.observables.base import symbol_dimensions

    params = load_parameters("sm", "chen_chiang_2024")
    for name in ("C_Zp", *RATES):
        o = get(name)
        for f in (o.formula, *o.approximations.values()):
            dims = symbol_dimensions(f.expr.free_symbols, params)
            f.check(dims)
    assert p("eps_per_g_Zp") in get("BR(B+->KZp)").expr.free_symbols
