"""ΔF = 2 boxes of heavy scalar leptoquarks (boxes.py), checked against independent numbers.

Independent references used here:
* the one-loop amplitude q_j q_j → q_i q_i computed directly from Feynman rules with explicit
  4×4 matrices in the *Dirac* representation (built here, not taken from lqmodel.fierz), compared
  entry by entry with the amplitude of the returned L_eff (tests the 1/8, the signs, the colour
  rearrangement and the LR → SLR structure, with two scalars of different masses);
* numerical quadrature (scipy) of the loop integral;
* lqmodel's tree-level matching (tests/test_variants.py checks it against the Granada dictionary,
  arXiv:1711.10391): for equal masses the box is fixed by the tree-level semileptonic coefficients,
  C_box(VXX) = −M²/(32π²) Σ_αβ C_tree(αβ) C_tree(βα), C_box(SLR) = M²/(8π²) Σ_αβ C_SLL(αβ) C_SRR(βα)
  (docs/derivations/boxes.md §1.3), which fixes every Clebsch factor (√2 of τ·S3, the two components
  of R̃2...);
* literature: eq. (22) of Chen & Chiang, PRD 109 (2024) 075004 (in /work/shared/paper) for S1, and
  the overall factors 1 (S1, R2), 5 (S3) quoted in the papers cited per test.
"""

import itertools
import math
import random

import numpy as np
import pytest
import sympy as sp

from lqmodel.physics import loops as boxes
from lqmodel.physics.matching import Operator, named_symbols, tree_level
from lqmodel.symbols.ckm import ckm_symbols, ckm_values
from lqmodel.symbols.formula import param_symbol

PI2 = sp.pi**2


def _point(exprs, model=None, masses=None, seed=1):
    """Random numeric values for every free symbol (CKM: exact matrix at the paper's inputs)."""
    rng = random.Random(seed)
    ckm = ckm_values(0.223, 0.833, 0.163, 0.357)
    V = dict(zip(ckm_symbols(), [complex(ckm[i][j]) for i in range(3) for j in range(3)], strict=True))
    masses = masses or {}
    point = {}
    for e in exprs:
        for s in sp.sympify(e).free_symbols:
            if s in point:
                continue
            if s in V:
                point[s] = V[s]
            elif s.name.startswith("m_"):
                point[s] = masses.get(s.name, 1500.0)
            elif s.is_real:
                point[s] = rng.uniform(-1, 1)
            else:
                point[s] = complex(rng.uniform(-1, 1), rng.uniform(-1, 1))
    return point


def _num(expr, point, model=None):
    if model is not None:
        expr = sp.sympify(expr).xreplace(named_symbols(model))
    return complex(sp.N(sp.sympify(expr).xreplace(point)))


# --- loop function -------------------------------------------------------------------------------


class TestLoopFunction:
    def test_equal_masses(self):
        """J(M, M) = 1/(16π²M²)."""
        M = sp.Symbol("M", positive=True)
        assert sp.simplify(boxes.loop_function(M, M) - 1 / (16 * PI2 * M**2)) == 0

    def test_two_masses_against_quadrature(self):
        """J(1.5 TeV, 2.3 TeV) equals (1/16π²)∫dt/((t+a)(t+b)) by scipy quadrature (rel. 1e-8)."""
        from scipy.integrate import quad

        a, b = 1500.0**2, 2300.0**2
        val, _ = quad(lambda u: 1 / ((u + 1) * (u + b / a)), 0, np.inf, epsrel=1e-12, limit=200)  # t = a u
        val /= a
        ma, mb = sp.symbols("m_a m_b", positive=True)
        J = float(boxes.loop_function(ma, mb).subs({ma: 1500, mb: 2300}))
        assert pytest.approx(val / (16 * math.pi**2), rel=1e-8) == J

    def test_piecewise_continuous(self):
        """Two mass symbols at equal values give 1/(16π²M²) (no 0/0), and the log form tends to it."""
        ma, mb = sp.symbols("m_a m_b", positive=True)
        J = boxes.loop_function(ma, mb)
        equal = 1 / (16 * math.pi**2 * 1500**2)
        assert float(J.subs({ma: 1500, mb: 1500})) == pytest.approx(equal, rel=1e-14)
        assert float(J.subs({ma: 1500, mb: 1500 * (1 + 1e-6)})) == pytest.approx(equal, rel=1e-5)


# --- the core formula against a Feynman-rule amplitude -------------------------------------------


def _dirac_rep():
    """Dirac representation (independent of lqmodel.fierz's chiral one)."""
    s = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
    z, one = np.zeros((2, 2)), np.eye(2)
    g = [np.block([[one, z], [z, -one]])] + [np.block([[z, sk], [-sk, z]]) for sk in s]
    g5 = 1j * g[0] @ g[1] @ g[2] @ g[3]
    return [x.astype(complex) for x in g], g5, np.array([1, -1, -1, -1])


def _bilinear_pairs(structure, gam, g5, metric):
    """[(weight, Γ1, Γ2)] with Γ1 ⊗ Γ2 summed over Lorentz indices for a chiral structure."""
    P = {"L": (np.eye(4) - g5) / 2, "R": (np.eye(4) + g5) / 2}
    kind, x, y = structure[0], structure[1], structure[2]
    if kind == "S":
        return [(1, P[x], P[y])]
    if kind == "V":
        return [(metric[m], gam[m] @ P[x], gam[m] @ P[y]) for m in range(4)]
    sig = [[0.5j * (gam[m] @ gam[n] - gam[n] @ gam[m]) for n in range(4)] for m in range(4)]
    return [(metric[m] * metric[n], sig[m][n] @ P[x], sig[m][n] @ P[y]) for m in range(4) for n in range(4)]


class TestAmplitude:
    """Feynman rules: q̄_k (a_k P_L + b_k P_R) χ Φ_A + h.c., one massless Dirac χ, two colour-triplet
    scalars of masses 1.5 and 2.3 TeV; the box amplitude for q_1 q_1 → q_0 q_0 at zero momenta is
    iM = −(i/4) Σ_AB J_AB {[Y_0A γ^μ Ȳ_1B]_31 [Y_0B γ_μ Ȳ_1A]_42 δ_c4c1 δ_c3c2 − (3 ↔ 4)},
    (vertices i⁴, propagators i k̸/k², i/(k²−M²), k_μk_ν → g_μν k²/4, Wick rotation −iJ)."""

    def test_box_equals_eft_amplitude(self):
        """The L_eff of box_lagrangian reproduces the box amplitude in both colour structures (1e-12)."""
        rng = np.random.default_rng(7)
        gam, g5, metric = _dirac_rep()
        P = {"L": (np.eye(4) - g5) / 2, "R": (np.eye(4) + g5) / 2}
        masses = {"A": 1500.0, "B": 2300.0}
        y = {(A, k, X): complex(*rng.normal(size=2)) for A in masses for k in (0, 1) for X in "LR"}
        couplings = [
            boxes.ChiralCoupling(
                ("d", k), X, ("e", 0, False), (A, 0, False), sp.Float(masses[A]), sp.sympify(c)
            )
            for (A, k, X), c in y.items()
        ]
        leff = boxes.box_lagrangian(couplings, {"d": ((0, 1),)})

        def Y(A, k):
            return sum(y[(A, k, X)] * P[X] for X in "LR")

        def Ybar(A, k):
            return gam[0] @ Y(A, k).conj().T @ gam[0]

        def J(A, B):
            a, b = masses[A] ** 2, masses[B] ** 2
            return 1 / (16 * math.pi**2 * a) if A == B else math.log(a / b) / (16 * math.pi**2 * (a - b))

        # full theory, tensors indexed [s3, s1, s4, s2]
        direct = np.zeros((4, 4, 4, 4), complex)  # colour δ41 δ32
        exch = np.zeros((4, 4, 4, 4), complex)  # colour δ31 δ42
        for A, B in itertools.product(masses, repeat=2):
            for m in range(4):
                l1 = Y(A, 0) @ gam[m] @ Ybar(B, 1)
                l2 = Y(B, 0) @ gam[m] @ Ybar(A, 1)
                t = -0.25 * J(A, B) * metric[m] * np.einsum("ab,cd->abcd", l1, l2)  # [31][42]
                direct += t
                exch -= np.transpose(t, (2, 1, 0, 3))  # [41][32] as [s3, s1, s4, s2]
        # EFT: C (q̄0 Γ1 q1)(q̄0 Γ2 q1), four contractions
        eft_31_42 = np.zeros((4, 4, 4, 4), complex)
        eft_41_32 = np.zeros((4, 4, 4, 4), complex)
        for op, c in leff.items():
            if op.fields != (("d", 0), ("d", 1), ("d", 0), ("d", 1)):
                continue
            for w, G1, G2 in _bilinear_pairs(op.structure, gam, g5, metric):
                c_w = complex(c) * w
                eft_31_42 += c_w * (np.einsum("ab,cd->abcd", G1, G2) + np.einsum("ab,cd->abcd", G2, G1))
                eft_41_32 -= c_w * (np.einsum("cb,ad->abcd", G1, G2) + np.einsum("cb,ad->abcd", G2, G1))
        scale = np.abs(direct).max()
        assert scale > 0
        assert np.abs(direct - eft_41_32).max() < 1e-12 * scale
        assert np.abs(exch - eft_31_42).max() < 1e-12 * scale

    def test_massless_leptons_give_three_structures(self):
        """With both chiralities the boxes give VLL, VRR and SLR only (no VLR, SLL, tensor)."""
        couplings = [
            boxes.ChiralCoupling(
                ("d", k), X, ("e", 0, False), ("A", 0, False), sp.Symbol("M"), sp.Symbol(f"y{k}{X}")
            )
            for k in (0, 1)
            for X in "LR"
        ]
        structs = {op.structure for op in boxes.box_lagrangian(couplings, {"d": ((0, 1),)})}
        assert structs == {"VLL", "VRR", "SLR"}


# --- models: literature factors --------------------------------------------------------------------


def _coeff(leff, species, i, j, struct):
    return leff.get(Operator(((species, i), (species, j), (species, i), (species, j)), struct), 0)


class TestS1:
    def test_eq22_all_mesons(self, s1):
        """(d̄_iγP_L d_j)² = −(Y_i* Y_j)²/(128π² m²): eq. (22) of Chen & Chiang 2024 with the conjugation,
        and Bauer & Neubert, PRL 116 (2016) 141802, arXiv:1511.01900 (its B_s-mixing coefficient;
        equation number not re-read here: the paper is not reachable from this environment)."""
        leff = boxes.delta_f2_boxes(s1).terms
        Y = sp.symbols("Y_d Y_s Y_b")
        m = param_symbol("m_S1")
        for i, j in ((0, 1), (0, 2), (1, 2)):
            expected = -((sp.conjugate(Y[i]) * Y[j]) ** 2) / (128 * PI2 * m**2)
            assert sp.simplify(_coeff(leff, "d", i, j, "VLL") - expected) == 0
        assert {op.structure for op in leff if op.fields[0][0] == "d"} == {"VLL"}

    def test_d_mixing_has_lr_structure(self, s1):
        """S1 couples u_L^c e_L (y_L) and u_R^c e_R (y_R) to the same τ: D mixing gets VLL, VRR and
        SLR = +y_L1 y_L2 y_R1 y_R2/(32π² m²) (real couplings)."""
        leff = boxes.delta_f2_boxes(s1).terms
        yL1, yL2, yR1, yR2 = (sp.Symbol(n, real=True) for n in ("yL1", "yL2", "yR1", "yR2"))
        m = param_symbol("m_S1")
        assert sp.simplify(_coeff(leff, "u", 0, 1, "SLR") - yL1 * yL2 * yR1 * yR2 / (32 * PI2 * m**2)) == 0
        assert sp.simplify(_coeff(leff, "u", 0, 1, "VLL") + (yL1 * yL2) ** 2 / (128 * PI2 * m**2)) == 0
        assert sp.simplify(_coeff(leff, "u", 0, 1, "VRR") + (yR1 * yR2) ** 2 / (128 * PI2 * m**2)) == 0


class TestS3:
    def test_factor_five(self, s3):
        """(d̄_iγP_L d_j)² = −5 (Σ_α y*_iα y_jα)²/(128π² m²): the S3 factor 5 of Doršner, Fajfer, Faroughy,
        Košnik, JHEP 10 (2017) 188, arXiv:1706.07779, and Buttazzo, Greljo, Isidori, Marzocca, JHEP 11
        (2017) 044, arXiv:1706.07808 (their S3 B_s-mixing formulas; quoted from memory, the papers are
        not reachable here).  Same for D mixing with V y in the up basis."""
        leff = boxes.delta_f2_boxes(s3).terms
        m = param_symbol("m_S3")
        y = {(k, a): sp.Symbol(f"y{k + 1}{a + 1}") for k in range(3) for a in range(3)}
        for i, j in ((0, 1), (0, 2), (1, 2)):
            lam = sum(sp.conjugate(y[(i, a)]) * y[(j, a)] for a in range(3))
            assert sp.expand(_coeff(leff, "d", i, j, "VLL") + 5 * lam**2 / (128 * PI2 * m**2)) == 0

    def test_five_is_one_neutrino_plus_four_charged(self, s3):
        """The charge-1/3 component with ν gives 1, the charge-4/3 one with charged leptons (√2)⁴ = 4."""
        cc = boxes.canonical_couplings(s3)
        nu = boxes.box_lagrangian([c for c in cc if c.lepton[0] == "nu"], {"d": ((1, 2),)})
        e = boxes.box_lagrangian([c for c in cc if c.lepton[0] == "e"], {"d": ((1, 2),)})
        full = boxes.box_lagrangian(cc, {"d": ((1, 2),)})
        point = _point(full.values())
        op = Operator((("d", 1), ("d", 2), ("d", 1), ("d", 2)), "VLL")
        f, n, c = (_num(x[op], point) for x in (full, nu, e))
        assert f == pytest.approx(5 * n, rel=1e-12) and c == pytest.approx(4 * n, rel=1e-12)
        assert {s[1] for s in (c_.scalar for c_ in cc if c_.lepton[0] == "e" and c_.quark[0] == "d")} == {0}


class TestR2:
    def test_down_sector(self, r2):
        """R2: only R2^{2/3} couples d_L (to e_R): (d̄_iγP_L d_j)² = −(Σ_α y^LR*_αi y^LR_αj)²/(128π² m²),
        factor 1 as S1 (Bečirević & Sumensari, JHEP 08 (2017) 104, arXiv:1704.05835, B_s mixing;
        quoted from memory)."""
        leff = boxes.delta_f2_boxes(r2).terms
        m = param_symbol("m_R2")
        y = {(a, k): sp.Symbol(f"yLR{a + 1}{k + 1}") for a in range(3) for k in range(3)}
        for i, j in ((0, 1), (0, 2), (1, 2)):
            lam = sum(sp.conjugate(y[(a, i)]) * y[(a, j)] for a in range(3))
            assert sp.expand(_coeff(leff, "d", i, j, "VLL") + lam**2 / (128 * PI2 * m**2)) == 0
        assert {op.structure for op in leff if op.fields[0][0] == "d"} == {"VLL"}

    def test_up_sector(self, r2):
        """D mixing: VRR from R2^{5/3} (e) and R2^{2/3} (ν) = 2×, VLL from y^LR, and SLR from the
        R2^{5/3} box with both chiralities: C_SLR = (y^RL y^RL†)_uc (V y^LR† y^LR V†)_uc/(32π² m²)."""
        leff = boxes.delta_f2_boxes(r2).terms
        m = param_symbol("m_R2")
        V = ckm_symbols()
        yRL = sp.Matrix(3, 3, lambda k, a: sp.Symbol(f"yRL{k + 1}{a + 1}"))
        yLR = sp.Matrix(3, 3, lambda a, k: sp.Symbol(f"yLR{a + 1}{k + 1}"))
        lamR = (yRL * yRL.H)[0, 1]
        lamL = (V * yLR.H * yLR * V.H)[0, 1]
        point = _point(list(leff.values()))
        for struct, expected in (
            ("VRR", -2 * lamR**2 / (128 * PI2 * m**2)),
            ("VLL", -(lamL**2) / (128 * PI2 * m**2)),
            ("SLR", lamR * lamL / (32 * PI2 * m**2)),
        ):
            got, want = _num(_coeff(leff, "u", 0, 1, struct), point), _num(expected, point)
            assert got == pytest.approx(want, rel=1e-10), struct


class TestR2tilde:
    def test_both_components(self, r2t):
        """R̃2: R̃2^{2/3} (e_L) and R̃2^{−1/3} (ν) both couple d_R with |ỹ|: (d̄_iγP_R d_j)² =
        −2 (Σ_α ỹ_iα ỹ*_jα)²/(128π² m²) = −(ỹỹ†)²_ij/(64π² m²).  (Derived; the tree-level test below
        fixes the Clebsch factors independently.)"""
        leff = boxes.delta_f2_boxes(r2t).terms
        m = param_symbol("m_R2t")
        y = {(k, a): sp.Symbol(f"yRL{k + 1}{a + 1}") for k in range(3) for a in range(3)}
        for i, j in ((0, 1), (0, 2), (1, 2)):
            lam = sum(y[(i, a)] * sp.conjugate(y[(j, a)]) for a in range(3))
            assert sp.expand(_coeff(leff, "d", i, j, "VRR") + lam**2 / (64 * PI2 * m**2)) == 0
        assert {op.structure for op in leff} == {"VRR"}


# --- model-independent consistency -----------------------------------------------------------------


def _tree_relation(model, mass, species, i, j):
    """Box coefficients predicted from lqmodel's tree-level matching (equal masses, boxes.md §1.3)."""
    tree = tree_level(model).terms
    T: dict = {}
    for op, c in tree.items():
        (q1, q2, l1, l2), s = op.fields, op.structure
        if q1 == (species, i) and q2 == (species, j) and l1[0] == l2[0] and l1[0] in ("e", "nu"):
            T[(s, l1[0], l1[1], l2[1])] = T.get((s, l1[0], l1[1], l2[1]), 0) + c

    def t(pre, lep, a, b):
        return sum(T.get((s, lep, a, b), 0) for s in (pre + "L", pre + "R"))

    pairs = [(lep, a, b) for lep in ("e", "nu") for a in range(3) for b in range(3)]
    M2 = mass**2
    return {
        "VLL": -M2 / (32 * PI2) * sum(t("VL", l, a, b) * t("VL", l, b, a) for l, a, b in pairs),
        "VRR": -M2 / (32 * PI2) * sum(t("VR", l, a, b) * t("VR", l, b, a) for l, a, b in pairs),
        "SLR": M2
        / (8 * PI2)
        * sum(T.get(("SLL", l, a, b), 0) * T.get(("SRR", l, b, a), 0) for l, a, b in pairs),
    }


class TestTreeRelation:
    """Equal masses: the box is fixed by the tree-level (q̄q)(ℓ̄ℓ) coefficients of lqmodel.matching."""

    @pytest.mark.parametrize(
        "name,species,pair",
        [
            ("s1", "d", (1, 2)),
            ("s1", "u", (0, 1)),
            ("s3", "d", (0, 2)),
            ("s3", "u", (0, 1)),
            ("r2", "d", (1, 2)),
            ("r2", "u", (0, 1)),
            ("r2t", "d", (0, 1)),
            ("s1s3", "d", (1, 2)),
        ],
    )
    def test_box_from_tree(self, request, name, species, pair):
        """VLL, VRR, SLR of the box equal the tree-level prediction at a random point (rel. 1e-10)."""
        model = request.getfixturevalue(name)
        masses = [f.mass for f in model.heavy_fields]
        mass = param_symbol(masses[0])
        equal = {m: 1500.0 for m in masses}  # S1+S3: equal masses here
        leff = boxes.delta_f2_boxes(model).terms
        pred = _tree_relation(model, mass, species, *pair)
        exprs = [c.xreplace(named_symbols(model)) for c in leff.values()] + list(pred.values())
        point = _point(exprs, masses=equal)
        for struct, want in pred.items():
            got = _num(_coeff(leff, species, *pair, struct), point, model)
            w = _num(want, point, model)
            assert abs(got - w) <= 1e-10 * max(abs(w), 1e-30), (struct, got, w)
        assert any(abs(_num(w, point, model)) > 0 for w in pred.values())


class TestTwoMasses:
    def test_s1_s3_interference_uses_two_mass_function(self, s1s3):
        """S1 and S3^{1/3} couple the same d^c ν: the mixed boxes carry J(m_S1, m_S3); the total
        minus the S1-only and S3-only boxes is the interference, linear in J(m_S1, m_S3)."""
        cc = boxes.canonical_couplings(s1s3)
        full = boxes.box_lagrangian(cc, {"d": ((1, 2),)})
        only1 = boxes.box_lagrangian([c for c in cc if c.scalar[0] == "S1"], {"d": ((1, 2),)})
        only3 = boxes.box_lagrangian([c for c in cc if c.scalar[0] == "S3"], {"d": ((1, 2),)})
        op = Operator((("d", 1), ("d", 2), ("d", 1), ("d", 2)), "VLL")
        m1, m3 = param_symbol("m_S1"), param_symbol("m_S3")
        J13 = boxes.loop_function(m1, m3)
        inter = full[op] - only1[op] - only3[op]
        base = _point([full[op]], masses={"m_S1": 1500.0, "m_S3": 2000.0})
        x = inter.xreplace({k: v for k, v in base.items() if k not in (m1, m3)})
        ratios = []
        for a, b in ((1500.0, 2000.0), (1000.0, 3000.0), (1700.0, 1700.0)):
            ratios.append(complex(sp.N(x.subs({m1: a, m3: b}))) / float(J13.subs({m1: a, m3: b})))
        assert abs(ratios[0]) > 0
        assert ratios[1] == pytest.approx(ratios[0], rel=1e-10)
        assert ratios[2] == pytest.approx(ratios[0], rel=1e-10)


class TestHermiticity:
    @pytest.mark.parametrize("name", ["s1", "s3", "r2", "r2t"])
    def test_reverse_orientation_is_conjugate(self, request, name):
        """C[(q̄_j Γ q_i)²] = C[(q̄_i Γ q_j)²]* for VLL, VRR, SLR: the complete hermitian L_eff."""
        model = request.getfixturevalue(name)
        leff = boxes.delta_f2_boxes(model).terms
        point = _point([c.xreplace(named_symbols(model)) for c in leff.values()])
        for op, c in leff.items():
            (s, i), (_, j) = op.fields[:2]
            rev = _coeff(leff, s, j, i, op.structure)
            assert _num(rev, point, model) == pytest.approx(_num(c, point, model).conjugate(), rel=1e-12)


class TestCanonicalCouplings:
    def test_transposition_from_C(self):
        """X̄ P q^c = q̄ P X^c: −CᵀPᵀC⁻¹ = P for both chiralities (lqmodel.fierz's C)."""
        assert boxes._transposed("L") == {"L": 1} and boxes._transposed("R") == {"R": 1}

    def test_diquark_vertex_is_refused(self):
        """A scalar coupling two quarks is named, not silently dropped."""
        from lqmodel import REVIEW_HYPERCHARGE, Coupling, Field, Model, Yukawa, barc, conj, standard_model

        sm = standard_model(REVIEW_HYPERCHARGE)
        S1 = Field.scalar("S1", su3="3bar", su2=1, Y="1/3", mass="m_S1")
        term = Yukawa(Coupling("z", shape=(3, 3)), barc(sm.uR), sm.dR, conj(S1))
        model = Model("dq", sm, (S1,), (term,), sign="+L")
        with pytest.raises(NotImplementedError, match="diquark"):
            boxes.canonical_couplings(model)


class TestLeptonMass:
    def test_tau_mass_negligible_at_tev(self):
        """m_τ in the loop changes the box by < 1e-4 at M = 1.5 TeV (k̸⊗k̸ term and the new m² term)."""
        dv, ds = boxes.lepton_mass_effects(1.77686, 1500.0)
        assert abs(dv) < 1e-4 and abs(ds) < 1e-4

    def test_mass_effect_grows_as_log_over_m2(self):
        """δ_V ≈ −(m²/M²)(ln(M²/m²) − 1)·O(1): the ratio at 1.5 TeV and 500 GeV follows m²/M² × log."""
        dv1, _ = boxes.lepton_mass_effects(1.77686, 1500.0)
        dv2, _ = boxes.lepton_mass_effects(1.77686, 500.0)

        def f(M):
            return (1.77686 / M) ** 2 * math.log(M**2 / 1.77686**2)

        assert dv2 / dv1 == pytest.approx(f(500.0) / f(1500.0), rel=0.1)
