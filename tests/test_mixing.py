"""Meson mixing from a general ΔF = 2 L_eff (lqmodel.observables.mixing), against independent numbers.

* flavio 2.7.1: WCxf files in its 'flavio' basis at its own matrix-element scale (4.2 GeV for B,
  2 GeV for K and D, so no running), random complex coefficients in all eight structures; its
  matrix elements, its M12 (flavio.physics.mesonmixing) and its SM M12 — with flavio's inputs put
  in place of lqmodel's, so that the formulas, the JMS ↔ chiral maps and the orientation are tested.
* The vacuum-insertion approximation, derived here with lqmodel.physics.fierz, which fixes each
  structure's matrix element at B_i = 1 independently of flavio.
* Eq. (23) of Chen & Chiang 2024 for the paper form (tests/test_observables.py) and the identity of
  the interference and simple forms for new physics in phase with the SM.
"""

from __future__ import annotations

import io
import math
import random

import pytest
import sympy as sp

from lqmodel.core.parameters import load_parameters
from lqmodel.observables import get, mixing
from lqmodel.physics.bases import df2_chiral
from lqmodel.physics.rge import chiral_to_jms_df2
from lqmodel.symbols.ckm import ckm_symbols, ckm_values
from lqmodel.symbols.formula import param_symbol
from lqmodel.symbols.wet import is_wet_name, wet_symbol

flavio = pytest.importorskip("flavio")
wilson = pytest.importorskip("wilson")

from flavio.physics.mesonmixing import amplitude  # noqa: E402
from flavio.physics.mesonmixing import observables as fobs  # noqa: E402
from flavio.physics.running import running  # noqa: E402

PAR = flavio.default_parameters.get_central_all()
EFT = {"K0": "WET-3", "D0": "WET-4", "B0": "WET", "Bs": "WET"}
SIZE = {"K0": 1e-14, "B0": 2e-12, "Bs": 1e-10, "D0": 1e-13}  # |C| giving M12^NP ~ M12^SM
STRUCTS = mixing.STRUCTS


def lqmodel_values() -> dict[str, float]:
    return dict(load_parameters("sm.yaml").natural_values())


def flavio_values() -> dict[str, float]:
    """flavio 2.7.1's central inputs under lqmodel's parameter names (GeV units)."""
    v = lqmodel_values()
    short = {"K0": "K", "B0": "Bd", "Bs": "Bs", "D0": "D"}
    for fm, m in short.items():
        _, _, mass, fconst, *_ = mixing.MESONS[fm]
        v[mass] = PAR["m_" + fm]
        v[fconst] = PAR["f_" + fm]
        for i in range(1, 6):
            v[f"B{i}_{m}"] = PAR[f"bag_{fm}_{i}"]
    for q in "bsd":
        v[f"m{q}_4p2GeV"] = running.get_mq(q, PAR, 4.2)
    for q in "sdcu":
        v[f"m{q}_2GeV"] = running.get_mq(q, PAR, 2.0)
    v.update(
        GF=PAR["GF"],
        m_W=PAR["m_W"],
        mt_mt=running.get_mt_mt(PAR),
        eta_B=PAR["eta_tt_Bs"],
        alpha_s_4p2GeV=running.get_alpha(PAR, 4.2)["alpha_s"],
        tau_D0=PAR["tau_D0"],
    )
    return v


def flavio_ckm():
    from flavio.physics import ckm as fckm

    V = fckm.get_ckm(PAR)
    return [[complex(V[i, j]) for j in range(3)] for i in range(3)]


def numeric(expr, values, ckm=None, jms=None) -> complex:
    """``expr`` with parameters, CKM elements (default: from λ, A, ρ, η) and JMS symbols substituted."""
    ckm = ckm or ckm_values(values["lambda"], values["A"], values["rho"], values["eta"])
    subs = {param_symbol(k): v for k, v in values.items()}
    subs.update({s: complex(ckm[i // 3][i % 3]) for i, s in enumerate(ckm_symbols())})
    subs.update({wet_symbol(k): v for k, v in (jms or {}).items()})
    expr = sp.sympify(expr)
    subs.update({s: 0 for s in expr.free_symbols if is_wet_name(s.name) and s not in subs})  # not made: 0
    return complex(sp.N(expr.xreplace(subs), 20))


def random_coefficients(meson, seed):
    rng = random.Random(seed)
    return {s: SIZE[meson] * complex(rng.uniform(-1, 1), rng.uniform(-1, 1)) for s in STRUCTS}


def jms_of(meson, chiral):
    """JMS values of the chiral coefficients of the meson's M̄ → M operator (the inverse of df2_chiral)."""
    species, (f1, f2), *_ = mixing.MESONS[meson]
    if f1 < f2:
        return chiral_to_jms_df2(chiral, f1 + 1, f2 + 1, species)
    flip = {"SLL": "SRR", "SRR": "SLL", "TLL": "TRR", "TRR": "TLL"}
    hc = {flip.get(s, s): c.conjugate() for s, c in chiral.items()}  # (q̄_f2 q_f1)² is the h.c.
    return chiral_to_jms_df2(hc, f2 + 1, f1 + 1, species)


def flavio_wc(meson, coeffs):
    """flavio WilsonCoefficients read from a WCxf file in flavio's basis at its matrix-element scale."""
    scale = mixing.MESONS[meson][6]
    values = {f"C{s}_{_fname(meson)}": {"Re": c.real, "Im": c.imag} for s, c in coeffs.items()}
    buf = io.StringIO()
    wilson.wcxf.WC(eft=EFT[meson], basis="flavio", scale=scale, values=values).dump(buf, fmt="yaml")
    wc = flavio.WilsonCoefficients()
    wc.set_initial_wcxf(wilson.wcxf.WC.load(io.StringIO(buf.getvalue())))
    return wc


def _fname(meson):
    return {"K0": "sdsd", "B0": "bdbd", "Bs": "bsbs", "D0": "ucuc"}[meson]


def flavio_m12_np(meson, coeffs):
    zero = flavio.WilsonCoefficients()
    return complex(
        fobs.get_M12_G12(flavio_wc(meson, coeffs), PAR, meson)[0] - fobs.get_M12_G12(zero, PAR, meson)[0]
    )


def _via(structure):
    """⟨M|O_S|M̄⟩ in the vacuum-insertion approximation, in units f²m², as a function of r (PCAC)."""
    from lqmodel.physics.fierz import STRUCTURES, decompose, dirac, structure_tensor

    d = dirac()
    r = sp.Symbol("r", positive=True)
    s = {x: (d["P" + x] * d["gamma5"]).trace() / 4 for x in "LR"}
    kinds = {name: (rank, x, y) for name, rank, x, y in STRUCTURES}

    def F(name):
        rank, x, y = kinds[name]
        return {0: -r, 1: 1, 2: 0}[rank] * s[x] * s[y]

    t = structure_tensor(structure)
    flat = [0] * 256
    for idx, v in enumerate(t):
        if v:
            a, b, c, e = idx // 64, (idx // 16) % 4, (idx // 4) % 4, idx % 4
            flat[((a * 4 + e) * 4 + c) * 4 + b] -= v
    crossed = sum(c * F(n) for n, c in decompose(flat).items())
    return sp.expand(2 * (F(structure) + crossed / 3)), r


class TestMatrixElements:
    def test_vacuum_insertion(self):
        """At B_i = 1 the matrix elements are the VIA ones: exactly for VLL, VRR, SLL, SRR, TLL, TRR;
        for SLR and VLR up to the r-independent terms the bag definitions drop (1/12, −1/2)."""
        for meson in ("Bs", "K0"):
            _, _, mass, fconst, bag, (mq1, mq2), _ = mixing.MESONS[meson]
            me = mixing.matrix_elements(meson)
            mM, f = param_symbol(mass), param_symbol(fconst)
            r_expr = (mM / (param_symbol(mq1) + param_symbol(mq2))) ** 2
            ones = {param_symbol(f"B{i}_{bag}"): 1 for i in range(1, 6)}
            for s in STRUCTS:
                via, r = _via(s)
                ours = sp.simplify((me[s] * 2 * mM / (f**2 * mM**2)).xreplace(ones))
                diff = sp.simplify(ours - via.subs(r, r_expr))
                assert diff == {"SLR": -sp.Rational(1, 12), "VLR": sp.Rational(1, 2)}.get(s, 0), (meson, s)

    @pytest.mark.parametrize("meson", list(mixing.MESONS))
    def test_against_flavio(self, meson):
        """⟨M|O_S|M̄⟩/2m equals flavio's matrixelements() for all eight structures (rel. 1e-5)."""
        theirs = amplitude.matrixelements(PAR, meson)
        ours = mixing.matrix_elements(meson)
        for s in STRUCTS:
            assert numeric(ours[s], flavio_values()).real == pytest.approx(theirs["C" + s], rel=1e-5)


class TestM12NP:
    @pytest.mark.parametrize("meson", list(mixing.MESONS))
    def test_random_coefficients_against_flavio(self, meson):
        """M12^NP in JMS symbols, for random complex C in all 8 structures put in as JMS coefficients,
        equals flavio's from the same C in its basis (1e-5 with flavio's inputs, 3% with lqmodel's)."""
        for seed in (1, 2):
            c = random_coefficients(meson, seed)
            theirs = flavio_m12_np(meson, c)
            expr = mixing.m12_np(meson)
            assert abs(numeric(expr, flavio_values(), jms=jms_of(meson, c)) - theirs) < 1e-5 * abs(theirs)
            assert abs(numeric(expr, lqmodel_values(), jms=jms_of(meson, c)) - theirs) < 0.03 * abs(theirs)

    def test_jms_round_trip(self):
        """df2_chiral inverts chiral_to_jms_df2 (both orientations)."""
        c = random_coefficients("Bs", 7)
        assert {k: complex(v) for k, v in df2_chiral(jms_of("Bs", c), "d", 1, 2).items()} == pytest.approx(c)
        c = random_coefficients("D0", 8)
        got = {k: complex(v) for k, v in df2_chiral(jms_of("D0", c), "u", 1, 0).items()}
        assert got == pytest.approx(c)


class TestSM:
    @pytest.mark.parametrize("meson", ["B0", "Bs"])
    def test_m12_sm_against_flavio(self, meson):
        """M12^SM(B_q) with flavio's inputs and CKM equals flavio's M12_d_SM (complex, rel. 1e-6)."""
        ours = numeric(mixing.m12_sm(meson), flavio_values(), ckm=flavio_ckm())
        theirs = complex(amplitude.M12_d_SM(PAR, meson))
        assert abs(ours - theirs) < 1e-6 * abs(theirs)

    @pytest.mark.parametrize("meson,exp", [("Bs", "DeltaM_s_exp"), ("B0", "DeltaM_d_exp")])
    def test_sm_delta_m_with_lqmodel_inputs(self, meson, exp):
        """With lqmodel's defaults (the paper's λ, A, ρ, η) 2|M12^SM| is within 10% of the measured ΔM."""
        v = lqmodel_values()
        assert 2 * abs(numeric(mixing.m12_sm(meson), v)) == pytest.approx(v[exp], rel=0.10)

    @pytest.mark.parametrize("meson", ["B0", "Bs"])
    def test_phase_follows_ckm(self, meson):
        """arg M12^SM(B_q) = arg (V_tb V_tq*)² in lqmodel's CKM convention."""
        V = ckm_symbols()
        q = mixing.MESONS[meson][1][0]
        v = lqmodel_values()
        xi = numeric((V[2, 2] * sp.conjugate(V[2, q])) ** 2, v)
        m12 = numeric(mixing.m12_sm(meson), v)
        assert math.remainder(
            math.atan2(m12.imag, m12.real) - math.atan2(xi.imag, xi.real), 2 * math.pi
        ) == pytest.approx(0, abs=1e-12)


class TestObservables:
    @pytest.mark.parametrize(
        "meson,obs,name", [("Bs", "DeltaM_s", "DeltaM_s_NP"), ("B0", "DeltaM_d", "DeltaM_d_NP")]
    )
    def test_interference_against_flavio(self, meson, obs, name):
        """flavio's ΔM with NP, minus ours with flavio's inputs, is the general ΔM^NP's SM part (2%)."""
        c = random_coefficients(meson, 11)
        f = flavio_values()
        ours_np = numeric(get(name).expr, f, ckm=flavio_ckm(), jms=jms_of(meson, c)).real
        ours_sm = 2 * abs(numeric(mixing.m12_sm(meson), f, ckm=flavio_ckm()))
        assert flavio.np_prediction(obs, flavio_wc(meson, c)) == pytest.approx(ours_sm + ours_np, rel=0.02)

    def test_x_d_against_flavio(self):
        """flavio's |x_D| with a large NP M12 equals our x_D^NP within 2% (the SM part is tiny in flavio)."""
        c = {s: 100 * v for s, v in random_coefficients("D0", 12).items()}
        ours = numeric(get("x_D_NP").expr, flavio_values(), jms=jms_of("D0", c)).real
        assert abs(flavio.np_prediction("x_D", flavio_wc("D0", c))) == pytest.approx(ours, rel=0.02)

    def test_in_phase_new_physics_equals_the_simple_form(self, s1):
        """S1 with only y_L3: C_box ∝ −(V_tb V_ts*)², in phase with the SM, so 2|M12^SM + M12^NP| −
        2|M12^SM| = 2|M12^NP| (through the Study: boxes, running, both forms)."""
        from lqmodel import Study

        r = Study(s1, observables=("DeltaM_s_NP",)).at(yL3=1.3)
        assert r.observables["DeltaM_s_NP"] > 0
        c = r.wilson["JMS"]
        v = lqmodel_values()
        m12 = numeric(mixing.m12_np("Bs"), v, jms={k: complex(x) for k, x in c.items()})
        sm = numeric(mixing.m12_sm("Bs"), v)
        assert abs((m12 / sm).imag) < 1e-10 * abs(m12 / sm)
        # the Study's coefficients are at m_b = 4.18 GeV, the observable's at 4.2: the same to 0.1%
        assert r.observables["DeltaM_s_NP"] == pytest.approx(2 * abs(m12), rel=2e-3)

    def test_out_of_phase_differs_from_the_simple_form(self, s1):
        """With y_L2 beside y_L3 the phase of Y_s moves away from the SM's: the forms part."""
        from lqmodel import Study

        point = {"yL2": 0.1, "yL3": 1.0}
        general = Study(s1, observables=("DeltaM_d_NP",)).at(point).observables["DeltaM_d_NP"]
        paper = Study(s1, observables=("DeltaM_d_NP",), form="paper").at(point).observables["DeltaM_d_NP"]
        assert abs(general / paper - 1) > 0.05
