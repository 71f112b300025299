"""Lepton-flavour-violating b → qℓ1ℓ2: B → K(*)ℓ1ℓ2, B → πℓ1ℓ2, B_q → ℓ1^±ℓ2^∓ and the flavio-basis export.

Independent numbers: flavio 2.7.1 reading the same JMS coefficients (through wilson's translation,
with the κ factors of tests/test_leptonic.py), the parity and mass structure of the rates, and
LHCb's limits for the catalogue's data.

flavio 2.7.1 disagrees with itself on the sign of the vector–scalar interference: its B_q → ℓ1ℓ2
(bll.py) has (m2 − m1) C9 beside C_S, its B → Mℓ1ℓ2 (angular.py) (m1 − m2), for the same coefficient
C9_bqℓ1ℓ2 = (q̄ Γ b)(ℓ̄2 Γ′ ℓ1).  The spinors give ū(ℓ2) q̸ v(ℓ1) = (m2 − m1) ū v, and the divergence
relations of the currents give the same relative sign in both decays (docs/observables.md), so
lqmodel's B → Mℓ1ℓ2 is flavio's with C_S, C_S′ negated; the tests below check that sign against the
spinor algebra and against B_q → ℓ1ℓ2, and the rest against flavio.
"""

import numpy as np
import pytest

from lqmodel import Study
from lqmodel.observables import get, symbol_dimensions
from lqmodel.observables.bsll import LFV_DECAYS, LFV_PAIRS
from lqmodel.observables.leptonic import LFV_PAIRS as PAIRS
from lqmodel.observables.leptonic import chiral_coefficients

BK = tuple(f"BR(B+->K{a}{b})" for a, b in LFV_PAIRS)
BM = tuple(f"BR({d}{a}{b})" for d in LFV_DECAYS for a, b in LFV_PAIRS)
BQ = tuple(f"BR({m}->{a}{b},{b}{a})" for m in ("Bs", "B0") for a, b in PAIRS)


def _jms(meson, l1, l2, chiral: dict) -> dict:
    """JMS values (GeV⁻²) of the chiral coefficients c_XY of (q̄ Γ_X b)(ℓ̄2 Γ_Y ℓ1) given by ``chiral``."""
    import sympy

    out = {}
    for key, c in chiral_coefficients(meson, l1, l2).items():
        (sym,) = c.free_symbols
        value = chiral.get(key, 0)
        out[sym.name] = value.conjugate() if isinstance(c, sympy.conjugate) else value
    return out


def _random_chiral(rng, vector=3e-10, scalar=3e-11) -> dict:
    keys = ("VLL", "VLR", "VRL", "VRR", "SRR", "SLR", "SRL", "SLL")
    return {k: (vector if k[0] == "V" else scalar) * complex(*rng.uniform(-1, 1, 2)) for k in keys}


def _point(rng, meson, l1, l2, vector=3e-10, scalar=3e-11) -> dict:
    """Random complex values (GeV⁻²) of the eight chiral coefficients of (q̄ b)(ℓ̄2 ℓ1), by JMS name."""
    return _jms(meson, l1, l2, _random_chiral(rng, vector, scalar))


def _scalar_flipped(chiral: dict) -> dict:
    """The chiral coefficients with flavio's C_S, C_S′ negated and C_P, C_P′ kept:
    C_S ∝ c_SRR + c_SRL, C_P ∝ c_SRR − c_SRL, so c_SRR → −c_SRL, c_SRL → −c_SRR (primes alike)."""
    flip = {"SRR": "SRL", "SRL": "SRR", "SLR": "SLL", "SLL": "SLR"}
    return {k: (-chiral[flip[k]] if k in flip else v) for k, v in chiral.items()}


def _flavio_np(flavio, wilson, name, jms):
    from test_leptonic import kappas

    k = kappas(flavio)
    w = wilson.Wilson({n: v / k[n[0]] for n, v in jms.items()}, scale=4.8, eft="WET", basis="JMS")
    return flavio.np_prediction(name, w)


def test_registered_dimensionless_with_data():
    from lqmodel.core.parameters import load_parameters

    params = load_parameters("sm")
    for name in (*BM, *BQ):
        o = get(name)
        assert o.unit == "" and o.scale == pytest.approx(4.8) and o.sm.value == 0.0
        o.check(symbol_dimensions(o.expr.free_symbols, params))
    # LHCb (arXiv:1909.01010) quotes B+ -> K+ mu- e+ < 7.0e-9: flavio's BR(B+->Kmue) is B- -> K- mu+ e-
    assert get("BR(B+->Kmue)").measurement.upper_limit == pytest.approx(7.0e-9)
    assert get("BR(B+->Kemu)").measurement.upper_limit == pytest.approx(6.4e-9)
    # LHCb (arXiv:2207.04005): B0 -> K*0 mu+ e- < 5.7e-9, the CP conjugate of B0bar -> K*0bar e+ mu-
    assert get("BR(B0->K*emu)").measurement.upper_limit == pytest.approx(5.7e-9)
    assert get("BR(B0->K*mue)").measurement.upper_limit == pytest.approx(6.8e-9)


@pytest.mark.parametrize("decay", list(LFV_DECAYS))
def test_b_to_meson_random_wet_points_against_flavio(decay):
    """All eight chiral (q̄b)(ℓ̄2ℓ1) coefficients at random complex values, scalars included: the
    quadratic forms give flavio's BR(<decay><l1><l2>) within 1e-4 (its q² integration accuracy) at the
    point with C_S, C_S′ negated (module docstring), and the other charge order does not enter."""
    from test_leptonic import _flavio, _wilson, evaluate, flavio_inputs

    flavio, wilson = _flavio(), _wilson()
    meson = LFV_DECAYS[decay][2]
    rng = np.random.default_rng(len(decay))
    for l1, l2 in LFV_PAIRS:
        chiral, other = _random_chiral(rng), _point(rng, meson, l2, l1)
        name = f"BR({decay}{l1}{l2})"
        ours = evaluate(get(name).formula.expr, flavio_inputs(flavio), _jms(meson, l1, l2, chiral) | other)
        theirs = _flavio_np(flavio, wilson, name, _jms(meson, l1, l2, _scalar_flipped(chiral)) | other)
        assert theirs > 1e-12  # the point gives a rate
        assert ours.real == pytest.approx(theirs, rel=1e-4) and abs(ours.imag) < 1e-20, name


@pytest.mark.parametrize("decay", list(LFV_DECAYS))
def test_vector_scalar_interference_has_the_sign_of_m2_minus_m1(decay):
    """ū(ℓ2) q̸ v(ℓ1) = (m2 − m1) ū v: the C9–C_S interference of BR(<decay><l1><l2>) has the sign of
    m_ℓ2 − m_ℓ1, as in B_q → ℓ1ℓ2 (for the same coefficients, C9 = 1 with C_S = ±0.3, both rates move
    the same way)."""
    from test_leptonic import evaluate

    from lqmodel.core.parameters import load_parameters
    from lqmodel.observables.leptonic import br_instantaneous

    masses = load_parameters("sm").natural_values()
    meson = LFV_DECAYS[decay][2]
    for l1, l2 in LFV_PAIRS:
        H = table_matrix(decay, l1, l2)
        assert np.sign(H[0, 4]) == np.sign(masses[f"m_{l2}"] - masses[f"m_{l1}"]) != 0
        # C9 = (c_VLL + c_VLR)/2N, C_S = (c_SRR + c_SRL)/(2N m_b): same-sign chiral entries give both
        rates = {}
        for sign in (1, -1):
            point = _jms(meson, l1, l2, {"VLL": 1e-8, "VLR": 1e-8, "SRR": sign * 3e-10, "SRL": sign * 3e-10})
            rates[sign] = (
                evaluate(get(f"BR({decay}{l1}{l2})").formula.expr, {}, point).real,
                evaluate(br_instantaneous(meson, l1, l2), {}, point).real,
            )
        meson_moves, leptonic_moves = (np.sign(rates[1][i] - rates[-1][i]) for i in range(2))
        assert meson_moves == leptonic_moves != 0, (l1, l2)


def table_matrix(decay: str, l1: str, l2: str) -> np.ndarray:
    from lqmodel.observables.base import table

    return np.array(table(f"{LFV_DECAYS[decay][0]}{l1}{l2}")["matrix_re"])


@pytest.mark.parametrize("meson", ["Bs", "B0"])
def test_bq_random_wet_points_against_flavio(meson):
    """B_q → ℓ1^±ℓ2^∓ for both charge orders at once: flavio's BR(<B>-><l1><l2>,<l2><l1>) within 1e-5."""
    from test_leptonic import _flavio, _wilson, evaluate, flavio_inputs

    flavio, wilson = _flavio(), _wilson()
    rng = np.random.default_rng(11)
    for a, b in PAIRS:
        point = _point(rng, meson, a, b) | _point(rng, meson, b, a)
        name = f"BR({meson}->{a}{b},{b}{a})"
        ours = evaluate(get(name).formula.expr, flavio_inputs(flavio), point)
        theirs = _flavio_np(flavio, wilson, name, point)
        assert ours.real == pytest.approx(theirs, rel=1e-5), name


def test_mass_and_parity_structure_of_the_bk_forms():
    """B → K has no axial hadronic current: only C + C′ enter.  The V–S interference is ∝ m2 − m1
    (flips sign under ℓ1 ↔ ℓ2), the A–P one ∝ m1 + m2 (keeps it); with m_e → 0 the C9 and C10 rates of
    eμ are equal (chiral symmetry), for μτ they differ by the τ mass."""
    emu, mue, mutau = (table_matrix("B+->K", *pair) for pair in (("e", "mu"), ("mu", "e"), ("mu", "tau")))
    C9, C9p, C10, _, CS, CSp, CP, CPp = range(8)
    for m in (emu, mue, mutau):
        assert np.allclose(m[C9], m[C9p]) and np.allclose(m[CS], m[CSp]) and np.allclose(m[CP], m[CPp])
    assert mue[C9, CS] == pytest.approx(-emu[C9, CS], rel=1e-3) and emu[C9, CS] != 0
    assert mue[C10, CP] == pytest.approx(emu[C10, CP], rel=1e-3)
    assert emu[C9, C9] == pytest.approx(emu[C10, C10], rel=1e-4)
    assert abs(mutau[C10, C10] / mutau[C9, C9] - 1) > 0.02
    assert emu[C9, CP] == 0 and emu[C10, CS] == 0  # parity


def test_s3_exports_lfv_sectors_that_flavio_reads(s3):
    """S3 coupling b and s to e and μ: lqmodel's flavio-basis export of the sectors sbemu and sbmue
    (names C9_bsmue …, the leptons reversed as flavio names them), read by flavio, gives lqmodel's
    own BR(B+ -> K+ μ e) and BR(B_s -> μ e) within 0.5 % (lqmodel's CKM and G_F set to flavio's)."""
    from test_leptonic import _flavio, _wilson, flavio_inputs

    from lqmodel import wilson_coefficients

    flavio, wilson = _flavio(), _wilson()
    fixed = {k: v for k, v in flavio_inputs(flavio).items() if k in ("lambda", "A", "rho", "eta", "GF")}
    point = {"y21": 0.03, "y32": 0.05 + 0.02j, "y22": 0.0, "y31": 0.0}
    low, coeffs = wilson_coefficients(s3, {**point, **fixed}, basis="flavio", sectors=("sbemu", "sbmue"))
    # y32 y21*: only (s̄ b)(ē μ), sector sbemu, flavio's C9_bsmue (= −C10: left-handed leptons)
    assert set(coeffs) == {"C9_bsmue", "C10_bsmue"}
    w = wilson.Wilson(coeffs, scale=low, eft="WET", basis="flavio")
    names = ("BR(B+->Kemu)", "BR(B+->Kmue)", "BR(Bs->emu,mue)")
    r = Study(s3, observables=names, fixed=fixed, couplings=False, wilson=()).at(point)
    for name in names:
        theirs = flavio.np_prediction(name, w)
        assert r.observables[name] == pytest.approx(theirs, rel=5e-3), name
    # B- -> K- mu+ e- reads C_bsmue; B- -> K- e+ mu- (C_bsemu) is not generated
    assert r.observables["BR(B+->Kmue)"] > 1e-9 and r.observables["BR(B+->Kemu)"] == 0


def test_a_model_without_down_quark_charged_lepton_couplings_gives_zero(s1):
    """The paper's S1 couples down quarks to neutrinos only: no b → qℓℓ′ at tree level."""
    r = Study(s1, observables=[*BM, *BQ], couplings=False, wilson=()).at(yL3=1.0, yL2=0.5)
    assert all(r.observables[n] == 0 for n in (*BM, *BQ))


def test_unknown_decay_pair_lepton_and_operator_are_named():
    """A misspelt decay, lepton pair or lepton is one clear error naming it, with suggestions; an
    operator no JMS class holds is named."""
    from lqmodel.core.errors import BasisError, UnknownNameError
    from lqmodel.observables.bsll import lfv_rate
    from lqmodel.physics.bases import jms_expression
    from lqmodel.physics.matching import Operator

    with pytest.raises(UnknownNameError, match=r"unknown decay 'B0->K'; did you mean .*'B\+->K'"):
        lfv_rate("e", "mu", "B0->K")
    with pytest.raises(UnknownNameError, match="unknown lepton pair 'mumu'"):
        lfv_rate("mu", "mu")
    with pytest.raises(UnknownNameError, match="unknown lepton 'muon'"):
        chiral_coefficients("Bs", "e", "muon")
    with pytest.raises(UnknownNameError, match="unknown meson 'Bd'"):
        chiral_coefficients("Bd", "e", "mu")
    with pytest.raises(BasisError, match=r"operator .*no JMS class holds it"):
        jms_expression(Operator((("e", 0), ("e", 1), ("e", 0), ("e", 1)), "VLL"))
