"""b → sℓℓ in q² ∈ [1.1, 6] GeV²: R_K, R_K*, B(B⁺ → K⁺μμ), B(B⁰ → K*⁰μμ) against flavio 2.7.1.

The quadratic forms (tools/bsll/fit.py) are exact at flavio's central inputs, so the checks are
tight: a model's own coefficients, run by lqmodel to 4.8 GeV, give the same NP/SM ratios as flavio
reading those coefficients (through wilson's JMS translation, corrected by the κ factors of
tests/test_leptonic.py for its α_e and m_b).
"""

import numpy as np
import pytest

from lqmodel import Study
from lqmodel.observables.catalogue import get

OBS = {
    "R_K[1.1,6]": ("<Rmue>(B+->Kll)", False),
    "R_K*[1.1,6]": ("<Rmue>(B0->K*ll)", False),
    "BR(B+->Kmumu)[1.1,6]": ("<dBR/dq2>(B+->Kmumu)", True),
    "BR(B0->K*mumu)[1.1,6]": ("<dBR/dq2>(B0->K*mumu)", True),
}


def _flavio_value(flavio, wilson, name, jms):
    from test_leptonic import kappas

    k = kappas(flavio)
    values = {n: v / k[n[0]] for n, v in jms.items() if v != 0}
    if not values:
        return flavio.sm_prediction(name, q2min=1.1, q2max=6.0)
    w = wilson.Wilson(values, scale=4.8, eft="WET", basis="JMS")
    return flavio.np_prediction(name, w, q2min=1.1, q2max=6.0)


def test_registered_with_units_and_data():
    for name in OBS:
        o = get(name)
        assert o.unit == "" and o.scale == pytest.approx(4.8)
    rk = get("R_K[1.1,6]")
    assert rk.measurement is not None and rk.measurement.value == pytest.approx(0.949)
    assert rk.sm is not None and rk.sm.value == pytest.approx(1.0, abs=0.01)


def test_sm_limit_is_flavio(s3):
    """Every coupling 0: flavio 2.7.1's SM values (the table's SM rate; R_K = 1.0004 from the
    electron-muon mass difference)."""
    from test_leptonic import _flavio

    flavio = _flavio()
    r = Study(s3, observables=list(OBS), couplings=False, wilson=()).at()
    for name, (fname, integrated) in OBS.items():
        theirs = flavio.sm_prediction(fname, q2min=1.1, q2max=6.0) * (4.9 if integrated else 1)
        assert r.observables[name] == pytest.approx(theirs, rel=1e-6), name


@pytest.mark.parametrize("seed", [21])
def test_s3_points_against_flavio(s3, seed):
    """S3 (C9 = −C10 for μ and e) at random complex points: NP/SM within 0.1 % of flavio."""
    from test_leptonic import _flavio, _wilson, flavio_inputs

    from lqmodel import define

    flavio, wilson = _flavio(), _wilson()
    from lqmodel.observables.leptonic import chiral_coefficients

    # every (s̄ b)(ℓ̄ ℓ) coefficient at 4.8 GeV: the QED running from m_S3 feeds more than VedLL
    read = sorted(
        {
            s.name
            for lep in ("mu", "e")
            for c in chiral_coefficients("Bs", lep).values()
            for s in c.free_symbols
        }
    )
    parts = [define(f"{p}_{n}", f"{p}({n})", unit="GeV^-2", scale=4.8) for n in read for p in ("re", "im")]
    couplings = ("y12", "y22", "y32", "y11", "y21", "y31")
    # lqmodel's CKM and G_F set to flavio's, as the coefficients' normalisation λ_t G_F depends on them
    fixed = {k: v for k, v in flavio_inputs(flavio).items() if k in ("lambda", "A", "rho", "eta", "GF")}
    study = Study(s3, observables=(*OBS, *parts), fixed=fixed, free=couplings, couplings=False, wilson=())
    sm = study.at({})
    rng = np.random.default_rng(seed)
    point = {c: 0.08 * complex(rng.uniform(-1, 1), rng.uniform(-1, 1)) for c in couplings}
    r = study.at(point)
    jms = {n: r.observables[f"re_{n}"] + 1j * r.observables[f"im_{n}"] for n in read}
    moved = 0.0
    for name, (fname, _) in OBS.items():
        ours = r.observables[name] / sm.observables[name]
        theirs = _flavio_value(flavio, wilson, fname, jms) / _flavio_value(flavio, wilson, fname, {})
        assert ours == pytest.approx(theirs, rel=1e-3), name
        moved = max(moved, abs(ours - 1))
    assert moved > 0.02  # the point moves the rates


def test_lepton_universal_couplings_leave_rk_at_its_sm_value(s3):
    """Equal muon and electron couplings give R_K = R_K^SM (lepton universality) while the rates move."""
    study = Study(s3, observables=list(OBS), free=("y22", "y32", "y21", "y31"), couplings=False, wilson=())
    r = study.at(y22=0.1, y32=0.2, y21=0.1, y31=0.2)
    sm = study.at()
    assert r.observables["R_K[1.1,6]"] == pytest.approx(sm.observables["R_K[1.1,6]"], rel=2e-3)
    assert abs(r.observables["BR(B+->Kmumu)[1.1,6]"] / sm.observables["BR(B+->Kmumu)[1.1,6]"] - 1) > 0.01


def test_not_for_a_model_without_charged_leptons(s1):
    """The paper's S1 couples down quarks to neutrinos only: no b → sℓℓ coefficient, R_K = SM."""
    r = Study(s1, observables=["R_K[1.1,6]"], couplings=False, wilson=()).at(yL3=1.0, yL2=0.1)
    assert r.observables["R_K[1.1,6]"] == pytest.approx(r.sm["R_K[1.1,6]"], rel=1e-12)


def test_flavio_basis_export_round_trip():
    """U1's b → sμμ in lqmodel's flavio-basis export (sector sb: C9 = −C10), read by flavio: its R_K
    and B(B+ → K+μμ) equal lqmodel's within 0.5 % (lqmodel's CKM and G_F set to flavio's, since the
    basis normalisation holds them)."""

    from test_leptonic import _flavio, _wilson, flavio_inputs

    from lqmodel import (
        REVIEW_HYPERCHARGE,
        U1,
        Coupling,
        Current,
        Field,
        Model,
        bar,
        standard_model,
        wilson_coefficients,
    )

    flavio, wilson = _flavio(), _wilson()
    # models/u1.py confined to muons by a boson-less U(1)_Lmu (the full 3x3 U1 takes minutes to derive)
    lmu = U1("Lmu")
    sm = standard_model(REVIEW_HYPERCHARGE).with_charges(lmu, L=(0, 1, 0), eR=(0, 1, 0))
    vec = Field.vector("U1", su3=3, Y="2/3", charges={lmu: -1}, mass="m_U1")
    terms = (Current(Coupling("xL", shape=(3, 3)), bar(sm.Q), sm.L, vec),)
    u1 = Model(
        "u1_mu", sm, (vec,), terms, groups=(lmu,), sign="+L", aligned="down", defaults={"m_U1": "2 TeV"}
    )
    ckm = {k: v for k, v in flavio_inputs(flavio).items() if k in ("lambda", "A", "rho", "eta", "GF")}
    point = {"xL2": 0.05, "xL3": 0.08 + 0.03j}
    low, coeffs = wilson_coefficients(u1, {**point, **ckm}, basis="flavio", sectors=("sb",))
    assert coeffs["C9_bsmumu"] == pytest.approx(-coeffs["C10_bsmumu"])
    assert "C9p_bsmumu" not in coeffs and "CS_bsmumu" not in coeffs
    w = wilson.Wilson(coeffs, scale=low, eft="WET", basis="flavio")
    r = Study(u1, observables=["R_K[1.1,6]", "BR(B+->Kmumu)[1.1,6]"], couplings=False, wilson=()).at(
        {**point, **ckm}
    )
    theirs_rk = flavio.np_prediction("<Rmue>(B+->Kll)", w, q2min=1.1, q2max=6.0)
    theirs_br = flavio.np_prediction("<dBR/dq2>(B+->Kmumu)", w, q2min=1.1, q2max=6.0) * 4.9
    assert r.observables["R_K[1.1,6]"] == pytest.approx(theirs_rk, rel=5e-3)
    assert r.observables["BR(B+->Kmumu)[1.1,6]"] == pytest.approx(theirs_br, rel=5e-3)
    assert abs(theirs_rk - 1) > 0.05  # the point moves R_K


@pytest.mark.parametrize("seed", [5, 6])
def test_random_wet_points_with_scalars(seed):
    """All sixteen chiral (s̄b)(ℓ̄ℓ) coefficients of μ and e at random complex values, scalars
    included: the quadratic forms give flavio's NP/SM (reading the JMS values) within 1e-4."""
    from test_leptonic import _flavio, _wilson, evaluate, flavio_inputs, random_point

    flavio, wilson = _flavio(), _wilson()
    rng = np.random.default_rng(seed)
    point = random_point(rng, "Bs", "mu", vector=3e-10, scalar=3e-11) | random_point(
        rng, "Bs", "e", 3e-10, 3e-11
    )
    inputs = flavio_inputs(flavio)
    for name, (fname, _) in OBS.items():
        expr = get(name).formula.expr
        ours = evaluate(expr, inputs, point) / evaluate(expr, inputs)
        theirs = _flavio_value(flavio, wilson, fname, point) / _flavio_value(flavio, wilson, fname, {})
        assert ours.real == pytest.approx(theirs, rel=1e-4), name
        assert abs(ours.imag) < 1e-12
