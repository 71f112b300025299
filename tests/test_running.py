"""α_em(μ) and the paper's running factors."""

import pytest

from lqmodel import BasisError
from lqmodel.physics.running import alpha_em, apply_paper_factors, check_scale

ALPHA_MZ = 1 / 127.951  # flavio 2.7's alpha_e


class TestAlphaEm:
    @pytest.mark.parametrize("mu, inverse", [(4.8, 132.11637), (2.0, 133.30276), (1500.0, 123.37862)])
    def test_matches_flavio(self, mu, inverse):
        """1/α(μ) as flavio 2.7.1 computes it (get_alpha_e, run once offline with alpha_e = 1/127.951)."""
        assert 1 / alpha_em(mu, ALPHA_MZ) == pytest.approx(inverse, abs=2e-4)

    def test_identity_at_mz(self):
        """No running at M_Z."""
        assert alpha_em(91.1876, ALPHA_MZ) == pytest.approx(ALPHA_MZ, rel=1e-14)

    def test_textbook_slope(self):
        """Between m_b and M_Z: d(1/α)/d ln μ = −(2/3π)(3 + 2·4/3 + 3·1/3) = −(2/3π)(20/3)."""
        import math

        slope = (1 / alpha_em(10.0, ALPHA_MZ) - 1 / alpha_em(20.0, ALPHA_MZ)) / math.log(2)
        assert slope == pytest.approx(2 / (3 * math.pi) * 20 / 3, rel=1e-12)


class TestPaperFactors:
    def test_scalar_and_tensor_only(self):
        """η_S multiplies scalar, η_T tensor coefficients; vectors are untouched (after eq. 19)."""
        out = apply_paper_factors(
            {
                "CSL_bctaunutau": 1.0,
                "CT_bctaunutau": 1.0,
                "CVL_bctaunutau": 1.0,
                "SnueduRR_3332": 2.0,
                "TnueduRR_3332": 2.0,
            },
            1.57,
            0.86,
        )
        assert out == {
            "CSL_bctaunutau": 1.57,
            "CT_bctaunutau": 0.86,
            "CVL_bctaunutau": 1.0,
            "SnueduRR_3332": 3.14,
            "TnueduRR_3332": 1.72,
        }


class TestScale:
    @pytest.mark.parametrize("bad", [0.0, -4.18, float("nan"), float("inf")])
    def test_nonpositive_scale(self, bad):
        """A scale ≤ 0 or not finite is refused with its value named."""
        with pytest.raises(BasisError) as err:
            check_scale(bad)
        assert str(err.value) == f"scale {bad!r}: must be a positive number of GeV"
