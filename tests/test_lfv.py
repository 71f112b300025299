"""Lepton-flavour-violating b → sℓ1ℓ2: B⁺ → K⁺ℓ1ℓ2, B_q → ℓ1^±ℓ2^∓ and the flavio-basis export.

Independent numbers: flavio 2.7.1 reading the same JMS coefficients (through wilson's translation,
with the κ factors of tests/test_leptonic.py), the parity and mass structure of the rates, and
LHCb's limits for the catalogue's data.
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


def _point(rng, meson, l1, l2, vector=3e-10, scalar=3e-11) -> dict:
    """Random complex values (GeV⁻²) of the eight chiral coefficients of (q̄ b)(ℓ̄2 ℓ1), by JMS name."""
    out = {}
    for key, c in chiral_coefficients(meson, l1, l2).items():
        (sym,) = c.free_symbols
        out[sym.name] = (vector if key[0] == "V" else scalar) * complex(*rng.uniform(-1, 1, 2))
    return out


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


@pytest.mark.parametrize("decay", list(LFV_DECAYS))
def test_b_to_meson_random_wet_points_against_flavio(decay):
    """All eight chiral (q̄b)(ℓ̄2ℓ1) coefficients at random complex values, scalars included: the
    quadratic forms give flavio's BR(<decay><l1><l2>) within 1e-4 (its q² integration accuracy)."""
    from test_leptonic import _flavio, _wilson, evaluate, flavio_inputs

    flavio, wilson = _flavio(), _wilson()
    meson = LFV_DECAYS[decay][2]
    rng = np.random.default_rng(len(decay))
    for l1, l2 in LFV_PAIRS:
        point = _point(rng, meson, l1, l2) | _point(rng, meson, l2, l1)  # the other charges must not enter
        name = f"BR({decay}{l1}{l2})"
        ours = evaluate(get(name).formula.expr, flavio_inputs(flavio), point)
        theirs = _flavio_np(flavio, wilson, name, point)
        assert theirs > 1e-12  # the point gives a rate
        assert ours.real == pytest.approx(theirs, rel=1e-4) and abs(ours.imag) < 1e-20, name


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
    from lqmodel.observables.base import table

    def h(pair):
        return np.array(table(f"bsll_BK{pair}")["matrix_re"])

    emu, mue, mutau = h("emu"), h("mue"), h("mutau")
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


def test_a_model_without_charged_lepton_couplings_gives_zero(s1):
    r = Study(s1, observables=[*BM, *BQ], couplings=False, wilson=()).at(yL3=1.0, yL2=0.5)
    assert all(r.observables[n] == 0 for n in (*BM, *BQ))
