"""Fierz and charge-conjugation identities, proved numerically in an independent representation.

The reference side of every test is built here from scratch with numpy in the Dirac (standard,
Pauli) representation: γ⁰ = diag(1, 1, −1, −1), γ^i = [[0, σ^i], [−σ^i, 0]], γ5 = iγ⁰γ¹γ²γ³,
C = iγ²γ⁰.  lqmodel.physics.fierz works in the chiral representation with exact sympy matrices.  Fierz
coefficients and the signs of C Γ^T C⁻¹ do not depend on the representation, so agreement
between the two is a real check, not a formula compared with itself.

Sign convention for anticommuting fields: the commuting-spinor identity
(ū1 Γ1 u2)(ū3 Γ2 u4) = Σ c_k (ū1 Γ'_k u4)(ū3 Γ''_k u2) acquires one extra minus sign when
u_i are field operators, because moving u2 past u4 is an odd permutation.  The tables below
are the anticommuting-field forms.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from lqmodel.physics import fierz
from lqmodel.physics.matching import Operator, _rearranged, named_symbols, tree_level

# ---------------------------------------------------------------------------------------------
# An independent Dirac algebra: the Dirac representation, numpy complex128.
# ---------------------------------------------------------------------------------------------

_I2, _Z2 = np.eye(2, dtype=complex), np.zeros((2, 2), dtype=complex)
_PAULI = (
    np.array([[0, 1], [1, 0]], dtype=complex),
    np.array([[0, -1j], [1j, 0]], dtype=complex),
    np.array([[1, 0], [0, -1]], dtype=complex),
)
GAMMA = [np.block([[_I2, _Z2], [_Z2, -_I2]])] + [np.block([[_Z2, s], [-s, _Z2]]) for s in _PAULI]
ETA = np.diag([1.0, -1.0, -1.0, -1.0])
ONE = np.eye(4, dtype=complex)
GAMMA5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
PROJ = {"L": (ONE - GAMMA5) / 2, "R": (ONE + GAMMA5) / 2}
SIGMA = [[0.5j * (GAMMA[m] @ GAMMA[n] - GAMMA[n] @ GAMMA[m]) for n in range(4)] for m in range(4)]
C_DIRAC = 1j * GAMMA[2] @ GAMMA[0]

# name -> (Lorentz rank, chirality of Γ1, chirality of Γ2); same names as lqmodel.fierz.STRUCTURES
STRUCTURES = {
    "SLL": (0, "L", "L"),
    "SLR": (0, "L", "R"),
    "SRL": (0, "R", "L"),
    "SRR": (0, "R", "R"),
    "VLL": (1, "L", "L"),
    "VLR": (1, "L", "R"),
    "VRL": (1, "R", "L"),
    "VRR": (1, "R", "R"),
    "TLL": (2, "L", "L"),
    "TRR": (2, "R", "R"),
}
NAMES = tuple(STRUCTURES)

# Anticommuting-field Fierz identities, (ψ̄1 Γ1 ψ2)(ψ̄3 Γ2 ψ4) = Σ c (ψ̄1 Γ' ψ4)(ψ̄3 Γ'' ψ2):
#   (P_L)(P_L)         = −½ (P_L)(P_L) − ⅛ (σP_L)(σP_L)
#   (P_L)(P_R)         = −½ (γ^μ P_R)(γ_μ P_L)
#   (γ^μP_L)(γ_μP_L)   = +(γ^μ P_L)(γ_μ P_L)
#   (γ^μP_L)(γ_μP_R)   = −2 (P_R)(P_L)
#   (σP_L)(σP_L)       = −6 (P_L)(P_L) + ½ (σP_L)(σP_L)
# and their parity mirrors L ↔ R.
F = Fraction
FIERZ_TABLE = {
    "SLL": {"SLL": F(-1, 2), "TLL": F(-1, 8)},
    "SRR": {"SRR": F(-1, 2), "TRR": F(-1, 8)},
    "SLR": {"VRL": F(-1, 2)},
    "SRL": {"VLR": F(-1, 2)},
    "VLL": {"VLL": F(1)},
    "VRR": {"VRR": F(1)},
    "VLR": {"SRL": F(-2)},
    "VRL": {"SLR": F(-2)},
    "TLL": {"SLL": F(-6), "TLL": F(1, 2)},
    "TRR": {"SRR": F(-6), "TRR": F(1, 2)},
}
FIERZ_PERM = (0, 3, 2, 1)  # (a b)(c d) -> (a d)(c b): one transposition of fields


def _terms(name: str):
    """(metric weight, Γ1^{μ…}, Γ2_{μ…} with upper-index matrix) summed over Lorentz indices."""
    rank, x, y = STRUCTURES[name]
    px, py = PROJ[x], PROJ[y]
    if rank == 0:
        return [(1.0, px, py)]
    if rank == 1:
        return [(ETA[m, m], GAMMA[m] @ px, GAMMA[m] @ py) for m in range(4)]
    return [(ETA[m, m] * ETA[n, n], SIGMA[m][n] @ px, SIGMA[m][n] @ py) for m in range(4) for n in range(4)]


def _product(name: str, ubar1, u2, ubar3, u4) -> complex:
    """(ū1 Γ1 u2)(ū3 Γ2 u4) for commuting spinors, Lorentz indices contracted."""
    return sum(w * (ubar1 @ g1 @ u2) * (ubar3 @ g2 @ u4) for w, g1, g2 in _terms(name))


def _bar(u):
    return u.conj() @ GAMMA[0]


def _random_spinors(rng, n: int):
    return rng.normal(size=(n, 4, 4)) + 1j * rng.normal(size=(n, 4, 4))


def _fierz_system(name: str, spinors):
    """Rows: commuting-spinor values of the ten rearranged structures; rhs: the original product."""
    rows, rhs = [], []
    for u1, u2, u3, u4 in spinors:
        b1, b3 = _bar(u1), _bar(u3)
        rhs.append(_product(name, b1, u2, b3, u4))
        rows.append([_product(target, b1, u4, b3, u2) for target in NAMES])
    return np.array(rows), np.array(rhs)


def _exact(x: complex) -> Fraction:
    """A numerically fitted coefficient as an exact small rational (fails if it is not one)."""
    assert abs(x.imag) < 1e-9, x
    frac = Fraction(x.real).limit_denominator(64)
    assert abs(x.real - float(frac)) < 1e-9, x
    return frac


def fierz_anticommuting(name: str, seed: int = 20240517) -> dict[str, Fraction]:
    """Fierz coefficients for anticommuting fields, fitted from random commuting spinors."""
    rng = np.random.default_rng(seed)
    rows, rhs = _fierz_system(name, _random_spinors(rng, 24))
    c_commuting, *_ = np.linalg.lstsq(rows, rhs, rcond=None)
    assert np.abs(rows @ c_commuting - rhs).max() < 1e-10
    exact = {NAMES[k]: -_exact(c) for k, c in enumerate(c_commuting)}  # Grassmann sign
    return {k: v for k, v in exact.items() if v != 0}


def _to_numpy(m) -> np.ndarray:
    return np.array(m.tolist(), dtype=complex)


def _lq_structure_matrix(name: str, which: int):
    """First (which=0) or second (which=1) matrix of a rank-0 structure, from lqmodel.fierz.dirac()."""
    d = fierz.dirac()
    _, x, y = STRUCTURES[name]
    return d["P" + (x, y)[which]]


def _fierz_permuted(flat) -> list:
    """sign × T with T[a, b, c, d] moved to position [a, d, c, b]; sign −1 for anticommuting fields."""
    out = [0] * 256
    for a, b, c, d in itertools.product(range(4), repeat=4):
        out[((a * 4 + d) * 4 + c) * 4 + b] = -flat[((a * 4 + b) * 4 + c) * 4 + d]
    return out


def _as_fractions(coeffs: dict) -> dict[str, Fraction]:
    out = {}
    for k, v in coeffs.items():
        r = sp.Rational(sp.nsimplify(v))
        out[k] = Fraction(int(r.p), int(r.q))
    return out


# ---------------------------------------------------------------------------------------------
class TestReferenceAlgebra:
    """The hand-built Dirac-representation matrices are a valid Clifford algebra."""

    def test_clifford_relation(self):
        """{γ^μ, γ^ν} = 2η^{μν} in the Dirac representation."""
        for m, n in itertools.product(range(4), repeat=2):
            anti = GAMMA[m] @ GAMMA[n] + GAMMA[n] @ GAMMA[m]
            np.testing.assert_allclose(anti, 2 * ETA[m, n] * ONE, atol=1e-14)

    def test_gamma5(self):
        """γ5 is hermitian, squares to one, anticommutes with every γ^μ and is off-diagonal here."""
        np.testing.assert_allclose(GAMMA5, GAMMA5.conj().T, atol=1e-14)
        np.testing.assert_allclose(GAMMA5 @ GAMMA5, ONE, atol=1e-14)
        for g in GAMMA:
            np.testing.assert_allclose(g @ GAMMA5 + GAMMA5 @ g, 0 * ONE, atol=1e-14)
        np.testing.assert_allclose(GAMMA5[:2, :2], 0 * _I2, atol=1e-14)  # not the chiral rep

    def test_projectors(self):
        """P_L and P_R are complementary orthogonal projectors."""
        np.testing.assert_allclose(PROJ["L"] @ PROJ["L"], PROJ["L"], atol=1e-14)
        np.testing.assert_allclose(PROJ["L"] @ PROJ["R"], 0 * ONE, atol=1e-14)
        np.testing.assert_allclose(PROJ["L"] + PROJ["R"], ONE, atol=1e-14)


# ---------------------------------------------------------------------------------------------
class TestFierzNumeric:
    """Fierz coefficients from random spinors in the Dirac representation match the textbook."""

    @pytest.mark.parametrize("name", NAMES)
    def test_coefficients_are_textbook(self, name):
        """Fitted anticommuting-field coefficients are the exact rationals of FIERZ_TABLE."""
        assert fierz_anticommuting(name) == FIERZ_TABLE[name]

    @pytest.mark.parametrize("name", NAMES)
    def test_identity_holds_on_fresh_spinors(self, name):
        """The commuting identity, with coefficients −FIERZ_TABLE, holds on spinors not used in the fit."""
        rows, rhs = _fierz_system(name, _random_spinors(np.random.default_rng(7), 8))
        c = np.array([-float(FIERZ_TABLE[name].get(t, 0)) for t in NAMES])
        np.testing.assert_allclose(rows @ c, rhs, rtol=1e-11, atol=1e-11)

    def test_fierz_is_an_involution(self):
        """Rearranging twice returns the original product: the Fierz matrix squares to one."""
        fm = sp.Matrix(10, 10, lambda i, j: sp.Rational(FIERZ_TABLE[NAMES[j]].get(NAMES[i], 0)))
        assert fm * fm == sp.eye(10)


# ---------------------------------------------------------------------------------------------
class TestFierzLqmodel:
    """lqmodel's exact chiral-representation rearrangement gives the same coefficients."""

    @pytest.mark.parametrize("name", NAMES)
    def test_decompose_matches_reference(self, name):
        """decompose(−T[a,d,c,b]) of structure_tensor(name) equals the Dirac-rep fitted coefficients."""
        got = fierz.decompose(_fierz_permuted(fierz.structure_tensor(name)))
        assert _as_fractions(got) == fierz_anticommuting(name)

    @pytest.mark.parametrize("name", [n for n in NAMES if STRUCTURES[n][0] == 0])
    def test_rearranged_matches_reference(self, name):
        """matching._rearranged(P_X, P_Y, (0,3,2,1)) equals the Dirac-rep anticommuting coefficients."""
        m1, m2 = _lq_structure_matrix(name, 0), _lq_structure_matrix(name, 1)
        got = _rearranged(m1, m2, FIERZ_PERM)
        assert _as_fractions(got) == fierz_anticommuting(name)

    def test_rearranged_identity_perm(self):
        """With the identity permutation _rearranged returns the structure itself, coefficient +1."""
        d = fierz.dirac()
        assert _as_fractions(_rearranged(d["PL"], d["PR"], (0, 1, 2, 3))) == {"SLR": 1}

    def test_non_invariant_tensor_rejected(self):
        """A tensor that is not a Lorentz-invariant pair of bilinears raises ValueError."""
        d = fierz.dirac()
        g0pl = sp.ImmutableMatrix(d["gamma"][0] * d["PL"])
        flat = [g0pl[a, b] * g0pl[c, e] for a, b, c, e in itertools.product(range(4), repeat=4)]
        with pytest.raises(ValueError, match="not a combination"):
            fierz.decompose(flat)


# ---------------------------------------------------------------------------------------------
# Γ, its partner Γ' and sign s with C Γ^T C⁻¹ = s Γ', so ψ̄^c Γ χ^c = s χ̄ Γ' ψ (anticommuting).
def _cc_cases(gamma, sigma, proj, one, gamma5):
    cases = [
        ("P_L", proj["L"], proj["L"], +1),
        ("P_R", proj["R"], proj["R"], +1),
        ("1", one, one, +1),
        ("gamma5", gamma5, gamma5, +1),
    ]
    for m in range(4):
        cases += [
            (f"gamma{m}", gamma[m], gamma[m], -1),
            (f"gamma{m} P_R", gamma[m] @ proj["R"], gamma[m] @ proj["L"], -1),
            (f"gamma{m} P_L", gamma[m] @ proj["L"], gamma[m] @ proj["R"], -1),
            (f"gamma{m} gamma5", gamma[m] @ gamma5, gamma[m] @ gamma5, +1),
        ]
        for n in range(4):
            cases += [
                (f"sigma{m}{n} P_L", sigma[m][n] @ proj["L"], sigma[m][n] @ proj["L"], -1),
                (f"sigma{m}{n} P_R", sigma[m][n] @ proj["R"], sigma[m][n] @ proj["R"], -1),
            ]
    return cases


_DIRAC_CC = _cc_cases(GAMMA, SIGMA, PROJ, ONE, GAMMA5)


def _lq_cc_cases():
    d = fierz.dirac()
    mat = sp.ImmutableMatrix
    proj = {"L": d["PL"], "R": d["PR"]}
    return _cc_cases([mat(g) for g in d["gamma"]], d["sigma"], proj, d["one"], d["gamma5"])


class TestChargeConjugationReference:
    """ψ̄^c Γ χ^c = χ̄ (C Γ^T C⁻¹) ψ in the Dirac representation, for anticommuting fields."""

    def test_c_properties(self):
        """C = iγ²γ⁰ obeys C γ^μT C⁻¹ = −γ^μ, C⁻¹ = C^T = C† = −C."""
        cinv = np.linalg.inv(C_DIRAC)
        for g in GAMMA:
            np.testing.assert_allclose(C_DIRAC @ g.T @ cinv, -g, atol=1e-14)
        for other in (C_DIRAC.T, C_DIRAC.conj().T, -C_DIRAC):
            np.testing.assert_allclose(cinv, other, atol=1e-14)

    @pytest.mark.parametrize(("label", "gam", "partner", "sign"), _DIRAC_CC, ids=[c[0] for c in _DIRAC_CC])
    def test_matrix_identity(self, label, gam, partner, sign):
        """C Γ^T C⁻¹ = ±Γ' (e.g. γ^μP_R → −γ^μP_L, P_L → +P_L, σP_L → −σP_L)."""
        np.testing.assert_allclose(C_DIRAC @ gam.T @ np.linalg.inv(C_DIRAC), sign * partner, atol=1e-14)

    @pytest.mark.parametrize(("label", "gam", "partner", "sign"), _DIRAC_CC, ids=[c[0] for c in _DIRAC_CC])
    def test_spinor_identity(self, label, gam, partner, sign):
        """With ψ^c = Cψ̄^T and random spinors, ψ̄^c Γ χ^c = −(sign) χ̄ Γ' ψ for c-numbers, +sign for fields."""
        rng = np.random.default_rng(11)
        for _ in range(4):
            psi, chi = rng.normal(size=(2, 4)) + 1j * rng.normal(size=(2, 4))
            psi_c, chi_c = C_DIRAC @ _bar(psi), C_DIRAC @ _bar(chi)  # C ψ̄^T
            lhs = _bar(psi_c) @ gam @ chi_c
            commuting = _bar(chi) @ partner @ psi
            # c-number transposition has no sign; Grassmann fields add −1 → ψ̄^c Γ χ^c = sign χ̄Γ'ψ
            np.testing.assert_allclose(lhs, -sign * commuting, rtol=1e-12, atol=1e-12)


class TestChargeConjugationLqmodel:
    """lqmodel's K (ψ̄^c = ψ^T K) and C (ψ^c = C ψ̄^T) in its own representation."""

    def test_c_reverses_transposed_gammas(self):
        """lqmodel's C obeys C γ^μT C⁻¹ = −γ^μ exactly."""
        d = fierz.dirac()
        c = fierz.charge_conjugation_right()
        for g in d["gamma"]:
            assert sp.simplify(c * g.T * c.inv() + g) == sp.zeros(4)

    def test_c_is_i_gamma2_gamma0(self):
        """charge_conjugation_right() is iγ²γ⁰ of lqmodel's Dirac matrices."""
        d = fierz.dirac()
        assert fierz.charge_conjugation_right() == sp.I * d["gamma"][2] * d["gamma"][0]

    def test_k_formula(self):
        """K = (C γ0^T)† γ0 exactly."""
        d = fierz.dirac()
        c, g0 = fierz.charge_conjugation_right(), d["gamma"][0]
        assert sp.Matrix(fierz.charge_conjugation_left()) == (c * g0.T).H * g0

    def test_k_consistent_with_c_on_spinors(self):
        """For random ψ, the Dirac adjoint of ψ^c = C γ0^T ψ* equals ψ^T K."""
        d = fierz.dirac()
        c, k = _to_numpy(fierz.charge_conjugation_right()), _to_numpy(fierz.charge_conjugation_left())
        g0 = _to_numpy(d["gamma"][0])
        rng = np.random.default_rng(3)
        for psi in rng.normal(size=(5, 4)) + 1j * rng.normal(size=(5, 4)):
            psi_c = c @ (psi.conj() @ g0)  # C ψ̄^T
            np.testing.assert_allclose(psi_c.conj() @ g0, psi @ k, atol=1e-12)

    @pytest.mark.parametrize("case", range(len(_DIRAC_CC)), ids=[c[0] for c in _DIRAC_CC])
    def test_conjugate_bilinear_flip(self, case):
        """ψ̄^c Γ χ^c = ψ_a (KΓC)_ad χ̄_d = −χ̄ (KΓC)^T ψ, and −(KΓC)^T = sign Γ' as in the Dirac rep."""
        _, gam, partner, sign = _lq_cc_cases()[case]
        k, c = fierz.charge_conjugation_left(), fierz.charge_conjugation_right()
        flipped = -(k * gam * c).T
        assert sp.simplify(flipped - sign * partner) == sp.zeros(4)
        assert sp.simplify(flipped - c * gam.T * c.inv()) == sp.zeros(4)

    @pytest.mark.parametrize(("gam", "expected"), [("PL", "PR"), ("PR", "PL")])
    def test_conjugate_matrix_chirality(self, gam, expected):
        """conjugate_matrix swaps P_L ↔ P_R and keeps γ^μP_L, σ^{μν}P_L → σ^{μν}P_R."""
        d = fierz.dirac()
        assert fierz.conjugate_matrix(d[gam]) == d[expected]
        for m in range(4):
            assert fierz.conjugate_matrix(d["gamma"][m] * d[gam]) == d["gamma"][m] * d[gam]
            for n in range(4):
                assert fierz.conjugate_matrix(d["sigma"][m][n] * d[gam]) == d["sigma"][m][n] * d[expected]


# ---------------------------------------------------------------------------------------------
class TestTreeLevelFierz:
    """The matching engine reproduces the Fierzed S1 operators of Chen & Chiang 2024."""

    @pytest.fixture
    def leff(self, s1):
        return tree_level(s1)

    def test_dd_nunu_vll(self, s1, leff):
        """Y_i d̄_i^c P_L ν S* + h.c. gives L_eff ⊃ Y_d* Y_b/(2M²)(d̄ γ^μP_L b)(ν̄_τ γ_μP_L ν_τ)."""
        y = s1.named_couplings
        m = leff.scale  # the model's own m_S1 symbol (its assumptions are lqmodel's)
        assert str(m) == "m_S1"
        op = Operator((("d", 0), ("d", 2), ("nu", 2), ("nu", 2)), "VLL")
        expected = sp.conjugate(y["Y_d"]) * y["Y_b"] / (2 * m**2)
        derived = leff.coefficient(op).xreplace(named_symbols(s1))  # Y_b etc. -> V^T y_L
        assert sp.expand(derived - expected) == 0

    def test_bctaunu_tensor_is_minus_quarter_scalar(self, leff):
        """Coefficient of (c̄ σP_L b)(τ̄ σP_L ν) is −¼ that of (c̄ P_L b)(τ̄ P_L ν) (eq. 19: C_T = −C_S/4)."""
        fields = (("u", 1), ("d", 2), ("e", 2), ("nu", 2))
        c_s = leff.coefficient(Operator(fields, "SLL"))
        c_t = leff.coefficient(Operator(fields, "TLL"))
        assert c_s != 0
        assert sp.expand(c_t + c_s / 4) == 0
