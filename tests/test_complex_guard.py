"""A user observable declared real that comes out complex is an error naming it, in every face;
declared complex it is printed as {"Re", "Im"}."""

import numpy as np
import pytest

from lqmodel import LQModelError, Study, define


def test_point_grid_and_declared_complex(s1):
    """VnudLL_3323 = Y_b Y_s*/(2 m²) has the phase of V_ts (Im/Re ~ 2e-2 at y_L2 = 0): real, it is refused."""
    as_real = define("cbs", "VnudLL_3323", unit="GeV^-2")
    study = Study(s1, observables=[as_real], couplings=False, wilson=())
    with pytest.raises(LQModelError, match=r"observable 'cbs' came out complex .* declared real"):
        study.at(yL3=1.0, yL2=0.1)
    with pytest.raises(LQModelError, match="'cbs' came out complex"):
        study.on(yL3=np.linspace(0.5, 1.0, 4), yL2=0.1)
    as_complex = define("cbs_c", "VnudLL_3323", unit="GeV^-2", complex=True)
    r = Study(s1, observables=[as_complex], couplings=False, wilson=()).at(yL3=1.0, yL2=0.1)
    z = r.observables["cbs_c"]
    assert isinstance(z, complex) and abs(z.imag) > 1e-3 * abs(z.real)
    assert r.to_json()["observables"]["cbs_c"] == {"Re": z.real, "Im": z.imag}
    # a real user observable that is real passes, as a float
    real_ok = define("absc", "abs(VnudLL_3323)", unit="GeV^-2")
    r = Study(s1, observables=[real_ok], couplings=False, wilson=()).at(yL3=1.0, yL2=0.1)
    assert isinstance(r.observables["absc"], float) and r.observables["absc"] == pytest.approx(abs(z))
