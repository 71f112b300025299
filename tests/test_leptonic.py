"""B_q → ℓ⁺ℓ⁻ (lqmodel/observables/leptonic.py): SM limit, flavio at random WET points and for models, ΔΓ_s.

Independent numbers: flavio 2.7.1 (its SM predictions, and its reading of JMS coefficients through
wilson's JMS → flavio translation), the literature's SM values, and the CP-parity limits A_ΔΓ = ±1.

wilson's JMS → flavio translation takes e² at wilson's fixed α_e = 1/127.9 and m_b at m_b(4.8 GeV)
from its own m_b(m_b) = 4.18 GeV, while flavio's amplitude multiplies the coefficients by
α_e(4.8 GeV) and m_b(4.8 GeV)/(m_b + m_q) from its own inputs: flavio therefore reads a JMS
coefficient c as κ c, with κ_V = α_flavio(4.8)/α_wilson ≈ 0.968 for vector and
κ_S = κ_V m_b^flavio(4.8)/m_b^wilson(4.8) ≈ 0.972 for scalar operators (docs/leptonic.md).
The comparisons feed flavio c/κ, computed here from both packages' own inputs.
"""

import cmath
import math
import os

import pytest
import sympy

from lqmodel.core.parameters import load_parameters
from lqmodel.observables import get, names, symbol_dimensions
from lqmodel.observables.leptonic import (
    DECAYS,
    a_delta_gamma,
    bqll_coefficients,
    br_instantaneous,
    chiral_coefficients,
)
from lqmodel.symbols.ckm import ckm_symbols, ckm_values
from lqmodel.symbols.wet import is_wet_name, wet_symbol

PARAMS = load_parameters("sm")
NAMES = tuple(f"BR({m}->{lep}{lep})" for m, lep in DECAYS)


def _flavio():
    if os.environ.get("CI"):
        import flavio  # CI installs the extra: a missing package must fail, not skip
    else:
        flavio = pytest.importorskip("flavio")
    return flavio


def _wilson():
    if os.environ.get("CI"):
        import wilson
    else:
        wilson = pytest.importorskip("wilson")
    return wilson


def evaluate(expr, params=None, wet=None) -> complex:
    """``expr`` at the SM inputs (natural units) updated by ``params``; WET coefficients not given are 0."""
    vals = PARAMS.natural_values() | (params or {})
    V = ckm_values(vals["lambda"], vals["A"], vals["rho"], vals["eta"])
    subs = {ckm_symbols()[i, j]: V[i][j] for i in range(3) for j in range(3)}
    subs.update({sympy.Symbol(k, real=True): v for k, v in vals.items()})
    subs.update({wet_symbol(k): v for k, v in (wet or {}).items()})
    e = sympy.sympify(expr).xreplace(subs)
    assert all(is_wet_name(s.name) for s in e.free_symbols), e.free_symbols
    e = e.xreplace({s: 0 for s in e.free_symbols})
    return complex(e.evalf(20))


def flavio_inputs(flavio) -> dict:
    """lqmodel's inputs (natural units) set to flavio 2.7.1's defaults: CKM, decay constants, lifetimes,
    ΔΓ_s, masses and flavio's C10^SM(4.8 GeV) at its m_t."""
    from flavio.physics.bdecays.wilsoncoefficients import wcsm_nf5

    par = flavio.default_parameters.get_central_all()
    V = flavio.physics.ckm.get_ckm(par)
    s13 = abs(V[0, 2])
    c13 = math.sqrt(1 - s13**2)
    lam, s23 = abs(V[0, 1]) / c13, abs(V[1, 2]) / c13
    A = s23 / lam**2
    z = s13 * cmath.exp(-1j * cmath.phase(V[0, 2])) / (A * lam**3)
    return {
        "lambda": lam,
        "A": A,
        "rho": z.real,
        "eta": z.imag,
        "GF": par["GF"],
        "f_Bs": par["f_Bs"],
        "f_Bd": par["f_B0"],
        "m_Bs": par["m_Bs"],
        "m_Bd": par["m_B0"],
        "tau_Bs": par["tau_Bs"],
        "tau_Bd": par["tau_B0"],
        "DeltaGamma_Bs": par["DeltaGamma/Gamma_Bs"] / par["tau_Bs"],
        "m_e": par["m_e"],
        "m_mu": par["m_mu"],
        "m_tau": par["m_tau"],
        "C10_SM": float(wcsm_nf5(4.8)[9]) * (par["m_t"] / 173.1) ** 1.53,
    }


def kappas(flavio) -> dict[str, float]:
    """κ_V, κ_S: flavio (through wilson's translation) reads a JMS coefficient c as κ c (module docstring)."""
    from flavio.physics.running import running
    from wilson.translate.wet import get_parameters

    par = flavio.default_parameters.get_central_all()
    w = get_parameters(4.8, f=5)
    k_v = running.get_alpha(par, 4.8)["alpha_e"] / w["alpha_e"]
    return {"V": k_v, "S": k_v * running.get_mb(par, 4.8) / w["m_b"]}


def flavio_ratio(flavio, name, jms: dict) -> float:
    """flavio's NP/SM of ``name`` for the JMS coefficients ``jms`` at 4.8 GeV (fed as c/κ)."""
    wilson = _wilson()
    k = kappas(flavio)
    values = {n: v / k[n[0]] for n, v in jms.items()}
    w = wilson.Wilson(values, scale=4.8, eft="WET", basis="JMS")
    return flavio.np_prediction(name, w) / flavio.sm_prediction(name)


def random_point(rng, meson, lepton, vector=1e-9, scalar=3e-11) -> dict:
    """Random complex values (GeV⁻²) of all eight chiral coefficients of (q̄ b)(ℓ̄ ℓ), by JMS name."""
    out = {}
    for key, c in chiral_coefficients(meson, lepton).items():
        (sym,) = c.free_symbols
        size = vector if key[0] == "V" else scalar
        out[sym.name] = size * complex(rng.uniform(-1, 1), rng.uniform(-1, 1))
    return out


class TestCatalogue:
    def test_registered(self):
        """The four B_q → ℓℓ observables are built-in, under flavio's names, read at 4.8 GeV."""
        for n in NAMES:
            assert n in names()
            o = get(n)
            assert o.scale == 4.8 and o.unit == "" and o.latex and o.reference
            assert o.sm.source and o.measurement.source

    def test_dimensions(self):
        """Each formula is dimensionless: τ f² m³ |c|² with c in GeV⁻² (ps, GeV and ps⁻¹ inputs)."""
        for n in NAMES:
            o = get(n)
            o.check(symbol_dimensions(o.expr.free_symbols, PARAMS))

    def test_reads_every_chiral_coefficient(self):
        """BR(Bs->mumu) reads the eight JMS coefficients of (s̄b)(μ̄μ), both index orders of the scalars."""
        read = {s.name for s in get("BR(Bs->mumu)").expr.free_symbols if is_wet_name(s.name)}
        assert read == {
            "VedLL_2223",
            "VdeLR_2322",
            "VedLR_2223",
            "VedRR_2223",
            "SedRR_2223",
            "SedRR_2232",
            "SedRL_2223",
            "SedRL_2232",
        }

    def test_data(self):
        """SM values and measurements as cited in observables.yaml."""
        assert get("BR(Bs->mumu)").sm.value == pytest.approx(3.66e-9)
        assert get("BR(Bs->mumu)").measurement.value == pytest.approx(3.34e-9)
        assert get("BR(B0->mumu)").measurement.upper_limit == pytest.approx(2.6e-10)
        assert get("BR(Bs->tautau)").measurement.upper_limit == pytest.approx(6.8e-3)
        assert get("BR(Bs->ee)").measurement.upper_limit == pytest.approx(9.4e-9)


class TestSMLimit:
    @pytest.mark.parametrize("name", NAMES)
    def test_equals_flavio_with_its_inputs(self, name):
        """With flavio's inputs, lqmodel's SM branching ratio is flavio's to 0.05 % (α(4.8 GeV) run
        from α(M_Z) differs by 1e-5)."""
        flavio = _flavio()
        ours = evaluate(get(name).expr, flavio_inputs(flavio)).real
        assert ours == pytest.approx(flavio.sm_prediction(name), rel=5e-4)

    @pytest.mark.parametrize("name", NAMES)
    def test_near_literature_with_default_inputs(self, name):
        """With lqmodel's own inputs the SM is within 1.3σ of the literature (3.54e-9 vs 3.66(14)e-9 for
        B_s → μμ): the paper's Wolfenstein inputs give |V_ts| 1.3 % and |V_td| 3 % below flavio's."""
        o = get(name)
        ours = evaluate(o.expr).real
        assert abs(ours - o.sm.value) < 1.3 * o.sm.uncertainty

    def test_a_delta_gamma_is_one(self):
        """A_ΔΓ = +1 in the SM (a CP-odd final state; the CKM phase is removed)."""
        for lep in ("e", "mu", "tau"):
            assert evaluate(a_delta_gamma("Bs", lep)).real == pytest.approx(1.0, abs=1e-12)


class TestAgainstFlavio:
    @pytest.mark.parametrize("meson, lepton", DECAYS)
    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_random_wet_point(self, meson, lepton, seed):
        """Every vector and scalar coefficient complex and nonzero (C10, C10', C_S, C_P, C_S', C_P'):
        lqmodel's NP/SM equals flavio's (JMS file read through wilson) to 0.1 %."""
        import numpy as np

        flavio = _flavio()
        name = f"BR({meson}->{lepton}{lepton})"
        rng = np.random.default_rng(seed)
        jms = random_point(rng, meson, lepton)
        inputs = flavio_inputs(flavio)
        ours = evaluate(get(name).expr, inputs, jms).real / evaluate(get(name).expr, inputs).real
        theirs = flavio_ratio(flavio, name, jms)
        assert abs(ours / theirs - 1) < 1e-3, (ours, theirs)
        assert abs(ours - 1) > 0.05  # the point moves the rate

    def test_coefficients_match_wilson(self):
        """bqll_coefficients (C9 … C_P') equal wilson's JMS → flavio translation, up to its κ."""
        import numpy as np

        flavio, wilson = _flavio(), _wilson()
        par = flavio.default_parameters.get_central_all()
        jms = random_point(np.random.default_rng(7), "Bs", "mu")
        inputs = flavio_inputs(flavio)
        k = kappas(flavio)
        w = wilson.Wilson(jms, scale=4.8, eft="WET", basis="JMS")
        theirs = flavio.WilsonCoefficients.from_wilson(w, par).get_wc("bsmumu", 4.8, par)
        for key, expr in bqll_coefficients("Bs", "mu").items():
            ours = evaluate(expr, inputs, jms)
            kind = "S" if key.startswith(("CS", "CP")) else "V"
            assert theirs[f"{key}_bsmumu"] == pytest.approx(ours * k[kind], rel=2e-3), key


class TestModels:
    """A model's own Wilson coefficients at 4.8 GeV, run by lqmodel: its BR against flavio reading them,
    both as a JMS file (through wilson, fed c/κ) and as lqmodel's flavio-basis export (no κ needed)."""

    OBS = ("BR(Bs->mumu)", "BR(B0->mumu)", "BR(Bs->tautau)", "BR(Bs->ee)")

    def _compare(self, model, couplings, points):
        import numpy as np

        from lqmodel import Study, define
        from lqmodel.physics.bases import jms_to_flavio
        from lqmodel.physics.effective import wet_coefficients

        flavio = _flavio()
        inputs = flavio_inputs(flavio)
        fixed = {k: v for k, v in inputs.items() if k not in ("tau_Bs", "tau_Bd", "DeltaGamma_Bs")}
        fixed |= {k: f"{inputs[k]!r} GeV^-1" for k in ("tau_Bs", "tau_Bd")}
        fixed["DeltaGamma_Bs"] = f"{inputs['DeltaGamma_Bs']!r} GeV"
        generated = {n for n, e in wet_coefficients(model, "JMS").items() if e != 0}
        read = sorted(
            {s.name for o in self.OBS for s in get(o).expr.free_symbols if is_wet_name(s.name)} & generated
        )
        parts = [
            define(f"{part}_{n}", f"{part}({n})", unit="GeV^-2", scale=4.8)
            for n in read
            for part in ("re", "im")
        ]
        study = Study(
            model, observables=(*self.OBS, *parts), fixed=fixed, free=couplings, couplings=False, wilson=()
        )
        sm = study.at({})
        worst, moved = 0.0, 0.0
        for point in points:
            r = study.at(point)
            jms = {n: r.observables[f"re_{n}"] + 1j * r.observables[f"im_{n}"] for n in read}
            # lqmodel's flavio-basis export of the same coefficients (sectors sb, db), read by flavio
            exported = {k: evaluate(v, inputs) for k, v in jms_to_flavio(jms, sectors=("sb", "db")).items()}
            w = _wilson().Wilson(exported, scale=4.8, eft="WET", basis="flavio")
            for name in self.OBS:
                ours = r.observables[name] / sm.observables[name]
                for theirs in (
                    flavio_ratio(flavio, name, jms),
                    flavio.np_prediction(name, w) / flavio.sm_prediction(name),
                ):
                    worst = max(worst, abs(ours / theirs - 1))
                moved = max(moved, abs(ours - 1))
        assert np.isfinite(worst)
        return read, worst, moved

    def test_u1(self):
        """U1 (models/u1.py): x^LL gives C9 = −C10, x^LL x^RR* the scalars C_S = −C_P and C_S' = C_P',
        x^RR gives C9' = C10'; at three random complex points, within 0.1 % of flavio."""
        import numpy as np

        from lqmodel import load_model

        quark_lepton = ("21", "31", "12", "22", "32", "23", "33")
        couplings = tuple(f"x{c}{ij}" for c in "LR" for ij in quark_lepton)
        rng = np.random.default_rng(11)
        points = [
            {
                c: (0.06 if c[1] == "L" else 0.01) * complex(rng.uniform(-1, 1), rng.uniform(-1, 1))
                for c in couplings
            }
            for _ in range(3)
        ]
        read, worst, moved = self._compare(load_model("u1"), couplings, points)
        assert {"VedLL_2223", "VedRR_2223", "SedRL_2223", "SedRL_2232", "SedRL_2213", "SedRL_3323"} <= set(
            read
        )
        assert worst < 1e-3 and moved > 0.1

    def test_r2tilde(self, r2t):
        """R̃2 (C9' = −C10') at three random complex points: within 0.1 % of flavio."""
        import numpy as np

        couplings = ("yRL21", "yRL31", "yRL12", "yRL22", "yRL32", "yRL23", "yRL33")
        rng = np.random.default_rng(12)
        points = [
            {c: 0.06 * complex(rng.uniform(-1, 1), rng.uniform(-1, 1)) for c in couplings} for _ in range(3)
        ]
        read, worst, moved = self._compare(r2t, couplings, points)
        assert {"VedLR_2223", "VedLR_2213"} <= set(read)
        assert worst < 1e-3 and moved > 0.1

    def test_left_out_without_its_inputs(self, r2t):
        """A model whose inputs lack the B_s inputs has BR(Bs->mumu) left out, naming them."""
        import attrs

        from lqmodel.numeric.program import unsupported

        bare = attrs.evolve(r2t, inputs=("chen_chiang_2024.yaml",))
        why = unsupported(bare, get("BR(Bs->mumu)"))
        assert why.startswith("the model has no input C10_SM, DeltaGamma_Bs, GF")
        assert "tau_Bs" in why and unsupported(r2t, get("BR(Bs->mumu)")) is None


class TestDeltaGamma:
    """The time-integrated rate: BR_inst (1 + A_ΔΓ y_s)/(1 − y_s²)."""

    def _pure(self, kind, inputs):
        """JMS values of a pure C_S (kind "S") or C_P ("P") of the same size, in phase with λ_t."""
        from lqmodel.observables.nunu import lambda_t

        lam = evaluate(lambda_t("bs"), inputs)
        c = 2e-11 * lam / abs(lam)
        # c_SRR = N m_b (C_S + C_P), c_SRL = N m_b (C_S − C_P): pure C_S has c_SRL = c_SRR, pure C_P −c_SRR
        return {"SedRR_2223": c, "SedRL_2232": (c if kind == "S" else -c).conjugate()}

    def test_pure_scalar_vs_pseudoscalar(self):
        """Pure C_S (CP-even, A_ΔΓ = −1) over pure C_P (CP-odd, +1) of equal size: β² (1 − y_s)/(1 + y_s),
        and so for flavio's br_timeint."""
        flavio = _flavio()
        from flavio.physics.bdecays import bll

        inputs = flavio_inputs(flavio) | {"C10_SM": 0.0}
        expr = get("BR(Bs->mumu)").expr
        s, pp = (evaluate(expr, inputs, self._pure(k, inputs)).real for k in "SP")
        y = inputs["tau_Bs"] * inputs["DeltaGamma_Bs"] / 2
        beta2 = 1 - 4 * inputs["m_mu"] ** 2 / inputs["m_Bs"] ** 2
        assert s / pp == pytest.approx(beta2 * (1 - y) / (1 + y), rel=1e-10)
        for kind in "SP":
            a = evaluate(a_delta_gamma("Bs", "mu"), inputs, self._pure(kind, inputs)).real
            assert a == pytest.approx(-1.0 if kind == "S" else 1.0, abs=1e-12)
        # flavio's own time-integrated rates, from its flavio-basis coefficients
        par = flavio.default_parameters.get_central_all()
        keys = ("C9", "C9p", "C10", "C10p", "CS", "CSp", "CP", "CPp")
        rates = {}
        for kind in "SP":
            wc = {f"{k}_bsmumu": 0 for k in keys}
            wc[f"C{kind}_bsmumu"] = 0.05
            rates[kind] = bll.br_timeint(par, wc, "Bs", "mu", "mu")
        assert rates["S"] / rates["P"] == pytest.approx(s / pp, rel=1e-9)

    def test_correction_over_instantaneous(self):
        """At a random complex point, BR/BR_inst is (1 + A_ΔΓ y_s)/(1 − y_s²) with flavio's A_ΔΓ."""
        import numpy as np

        flavio = _flavio()
        inputs = flavio_inputs(flavio)
        jms = random_point(np.random.default_rng(5), "Bs", "mu")
        ratio = (
            evaluate(get("BR(Bs->mumu)").expr, inputs, jms).real
            / evaluate(br_instantaneous("Bs", "mu"), inputs, jms).real
        )
        k = kappas(flavio)
        w = _wilson().Wilson({n: v / k[n[0]] for n, v in jms.items()}, scale=4.8, eft="WET", basis="JMS")
        a = flavio.np_prediction("ADeltaGamma(Bs->mumu)", w)
        assert abs(a) < 0.95  # not the SM's +1
        y = inputs["tau_Bs"] * inputs["DeltaGamma_Bs"] / 2
        assert ratio == pytest.approx((1 + a * y) / (1 - y**2), rel=1e-4)
        assert evaluate(a_delta_gamma("Bs", "mu"), inputs, jms).real == pytest.approx(a, abs=1e-3)

    def test_b0_is_prompt(self):
        """B0 → μμ is the instantaneous rate (|y_d| ≈ 0.001): it reads no ΔΓ."""
        assert {s.name for s in get("BR(B0->mumu)").expr.free_symbols} & {"DeltaGamma_Bs", "tau_Bs"} == set()
