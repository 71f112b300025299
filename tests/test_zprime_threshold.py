"""Above the B → K(*)Z′ thresholds the rates are 0 by kinematics (not NaN), and the result says why."""

import pytest

from lqmodel import Study


@pytest.mark.parametrize("m_zp", ["6 GeV", "7 GeV"])
def test_rates_are_zero_above_threshold(s1, m_zp):
    """At m_Z′ = 6 and 7 GeV, above m_B − m_K and beyond (m_B + m_K)² where the form factors are
    complex, both rates are exactly 0 and each carries the phase-space note."""
    r = Study(s1, observables=["BR(B+->KZp)", "BR(B0->K*Zp)"], couplings=False, wilson=()).at(m_Zp=m_zp)
    for name in ("BR(B+->KZp)", "BR(B0->K*Zp)"):
        assert r.observables[name] == 0.0
        assert "forbidden by kinematics" in r.info[name]["contributions"]["phase space"]
