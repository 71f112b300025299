"""The exact CKM matrix and its Wolfenstein series."""

import numpy as np
import pytest
import sympy

from lqmodel import ParameterValueError
from lqmodel.symbols.ckm import ckm_exact, ckm_series, ckm_values, wolfenstein_symbols

PAPER = dict(lam=0.223, A=0.833, rho=0.163, eta=0.357)  # Sec. IV of the paper


class TestCKM:
    def test_unitary_numerically(self):
        """V V† = 1 to machine precision at the paper's inputs."""
        V = np.array(ckm_values(**PAPER))
        assert np.allclose(V @ V.conj().T, np.eye(3), atol=1e-15)

    def test_unitary_exactly(self):
        """V V† = 1 in exact arithmetic at a rational point (λ, A, ρ, η) = (1/5, 4/5, 1/7, 1/3)."""
        point = dict(
            zip(
                wolfenstein_symbols(),
                (sympy.Rational(1, 5), sympy.Rational(4, 5), sympy.Rational(1, 7), sympy.Rational(1, 3)),
                strict=True,
            )
        )
        V = ckm_exact().xreplace(point)
        assert sympy.simplify(V * V.H - sympy.eye(3)) == sympy.zeros(3)

    def test_magnitudes_match_pdg_pattern(self):
        """|V_us| = λ(1 - O(λ^6)), |V_cb| = Aλ², |V_ub| = Aλ³|ρ - iη| (standard definitions)."""
        V = np.array(ckm_values(**PAPER))
        lam, A, rho, eta = PAPER.values()
        assert abs(V[0, 1]) == pytest.approx(lam, rel=1e-4)
        assert abs(V[1, 2]) == pytest.approx(A * lam**2, rel=1e-5)
        assert V[0, 2] == pytest.approx(A * lam**3 * complex(rho, -eta), rel=1e-12)

    def test_vtd_leading_order(self):
        """V_td = Aλ³(1 - ρ - iη) + O(λ⁵): the paper's text writes Aλ², a misprint."""
        lam, A, rho, eta = wolfenstein_symbols()
        assert sympy.expand(ckm_series(4)[2, 0] - A * lam**3 * (1 - rho - sympy.I * eta)) == 0

    def test_series_is_eq5_input(self):
        """To O(λ): V_ud ≈ V_cs ≈ V_tb ≈ 1 and V_us ≈ -V_cd ≈ λ (the approximations of eq. 5)."""
        lam = wolfenstein_symbols()[0]
        V1 = ckm_series(1)
        assert (V1[0, 0], V1[1, 1], V1[2, 2]) == (1, 1, 1)
        assert V1[0, 1] == lam and V1[1, 0] == -lam

    @pytest.mark.parametrize(
        "bad, message",
        [
            (dict(lam=1.2), "'lambda' = 1.2 is not allowed: needs 0 < lambda < 1 (lambda = sin θ12)"),
            (dict(A=30.0), "'A' = 30.0 is not allowed: s23 = A*lambda^2 = 1.49 exceeds 1"),
            (
                dict(rho=float("nan")),
                "'rho' = nan is not allowed: a Wolfenstein input must be a finite real number",
            ),
        ],
    )
    def test_unphysical_input(self, bad, message):
        """Inputs that give no unitary CKM matrix are refused with a named reason."""
        with pytest.raises(ParameterValueError) as err:
            ckm_values(**{**PAPER, **bad})
        assert str(err.value) == message
