"""Tests of lqmodel.core.units: the pint registry, natural units and sympy dimension checks."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pint
import pytest
import sympy as sp

from lqmodel.core import units
from lqmodel.core.errors import LQModelError, ParameterValueError, UnitError, UnknownNameError

# Exact SI (2019) definitions, independent of pint: h, e and c are fixed numbers.
HBAR_GEV_S = 6.62607015e-34 / (2 * math.pi) / 1.602176634e-19 * 1e-9  # 6.582119569e-25
HBARC_GEV_FM = HBAR_GEV_S * 299792458.0 * 1e15  # 0.1973269804

m, y, GF, alpha, s2w, x = sp.symbols("m_S1 y G_F alpha_em s2w x")
DIMS = {m: 1, y: 0, GF: -2, alpha: 0, s2w: 0}


def _three_digits(value: float) -> float:
    """The value rounded to the three significant digits the paper quotes."""
    return float(f"{value:.3g}")


class TestUreg:
    def test_one_registry(self):
        """ureg() returns the same pint registry on every call."""
        assert units.ureg() is units.ureg()
        assert isinstance(units.ureg(), pint.UnitRegistry)


class TestQuantity:
    def test_builds_quantity(self):
        """quantity() builds a pint quantity of the lqmodel registry."""
        q = units.quantity(1.5, "TeV")
        assert q.to("GeV").magnitude == pytest.approx(1500.0)
        assert q._REGISTRY is units.ureg()

    def test_unknown_unit(self):
        """An unknown unit raises UnitError naming it."""
        with pytest.raises(UnitError) as err:
            units.quantity(1.5, "TeVV")
        assert str(err.value) == (
            "'TeVV' must have dimension [mass]^n for an integer n (got unknown unit 'TeVV')"
        )


class TestParse:
    @pytest.mark.parametrize(
        ("text", "unit", "value"),
        [
            ("1.5 TeV", "GeV", 1500.0),
            ("5.293 ns^-1", "1/s", 5.293e9),
            ("0.5065 1/ps", "1/s", 5.065e11),
        ],
    )
    def test_parses(self, text, unit, value):
        """Numbers with units, including ^-1 and 1/unit spellings, parse to quantities."""
        assert units.parse(text).to(unit).magnitude == pytest.approx(value, rel=1e-12)

    def test_bare_number_is_dimensionless(self):
        """A bare number parses to a dimensionless quantity."""
        q = units.parse("2.5")
        assert q.dimensionless and q.magnitude == 2.5

    def test_unknown_unit(self):
        """A string with an unknown unit raises UnitError naming the unit."""
        with pytest.raises(UnitError, match="unknown unit 'TeVV'"):
            units.parse("1.5 TeVV")

    def test_garbage(self):
        """Text that is not a number with a unit raises ParameterValueError."""
        with pytest.raises(ParameterValueError) as err:
            units.parse("1.5 TeV + 2 ps")
        assert str(err.value) == ("'quantity' = '1.5 TeV + 2 ps' is not allowed: is not a number with a unit")


class TestMassDimension:
    @pytest.mark.parametrize(
        ("unit", "n"),
        [
            ("GeV", 1),
            ("MeV", 1),
            ("GeV**-2", -2),
            ("GeV^-2", -2),
            ("1/GeV", -1),
            ("ps^-1", 1),
            ("1/ns", 1),
            ("fm", -1),
            ("s", -1),
            ("GeV*s", 0),
            ("", 0),
            ("dimensionless", 0),
        ],
    )
    def test_values(self, unit, n):
        """Natural mass dimension with ħ = c = 1: energy 1, length and time -1."""
        assert units.mass_dimension(unit) == n

    def test_unknown_unit(self):
        """An unknown unit raises UnitError naming it."""
        with pytest.raises(UnitError) as err:
            units.mass_dimension("furlongz")
        assert str(err.value) == (
            "'furlongz' must have dimension [mass]^n for an integer n (got unknown unit 'furlongz')"
        )

    def test_not_natural(self):
        """A unit outside mass, length and time (ampere) has no natural mass dimension."""
        with pytest.raises(UnitError) as err:
            units.mass_dimension("ampere")
        assert str(err.value) == "'ampere' must have dimension [mass]^n for an integer n (got [current])"

    def test_fractional(self):
        """A fractional power of GeV is rejected."""
        with pytest.raises(UnitError, match=re.escape("'GeV^0.5' must have dimension")):
            units.mass_dimension("GeV^0.5")


class TestGevFactor:
    def test_inverse_time(self):
        """1 ns^-1 = ħ / 1 ns in GeV, with the exact SI ħ."""
        assert units.gev_factor("ns^-1") == pytest.approx(HBAR_GEV_S / 1e-9, rel=1e-12)

    def test_length(self):
        """1 fm = 1/(ħc) GeV^-1 with ħc = 0.1973269804 GeV fm."""
        assert units.gev_factor("fm") == pytest.approx(1 / HBARC_GEV_FM, rel=1e-12)

    @pytest.mark.parametrize("unit", ["MeV", "TeV**-2", "1/GeV", "keV^2", "eV"])
    def test_ev_shortcut_agrees_with_pint(self, unit):
        """Powers of eV (handled without pint) agree with pint's own conversion."""
        n = units.mass_dimension(unit)
        expected = units.ureg().Quantity(1.0, unit).to(f"GeV**{n}").magnitude
        assert units.gev_factor(unit) == pytest.approx(expected, rel=1e-14)


class TestToNatural:
    def test_delta_m_k(self):
        """0.1 Δm_K^exp = 0.1 × 5.293 ns^-1 = 34.8 × 10^-17 GeV (paper, Sec. V)."""
        value = 0.1 * units.to_natural("5.293 ns^-1", "GeV", "DeltaM_K_exp")
        assert _three_digits(value) == 34.8e-17

    def test_delta_m_d(self):
        """0.1 Δm_Bd^exp = 0.1 × 0.5065 ps^-1 = 33.3 × 10^-15 GeV (paper, Sec. V)."""
        value = 0.1 * units.to_natural("0.5065 1/ps", "GeV", "DeltaM_d_exp")
        assert _three_digits(value) == 33.3e-15

    def test_delta_m_s(self):
        """0.1 Δm_Bs^exp = 0.1 × 17.765 ps^-1 = 11.7 × 10^-13 GeV (paper, Sec. V)."""
        value = 0.1 * units.to_natural("17.765 ps^-1", "GeV", "DeltaM_s_exp")
        assert _three_digits(value) == 11.7e-13

    def test_inverse_fermi(self):
        """1 fm^-1 = 0.1973 GeV."""
        assert units.to_natural("1 fm^-1", "GeV", "k") == pytest.approx(0.1973, abs=5e-5)

    def test_hbar(self):
        """1 s is 1/ħ GeV^-1 with ħ = 6.582e-25 GeV s (CODATA)."""
        assert 1 / units.to_natural("1 s", "GeV**-1", "t") == pytest.approx(6.582e-25, rel=1e-4)
        assert 1 / units.to_natural("1 s", -1, "t") == pytest.approx(HBAR_GEV_S, rel=1e-12)

    def test_target_in_other_unit(self):
        """A value in GeV can be asked for in ps^-1, converting through ħ."""
        assert units.to_natural("1 GeV", "ps^-1", "w") == pytest.approx(1e-12 / HBAR_GEV_S)

    def test_tev_exact(self):
        """1.5 TeV is exactly 1500 GeV (no round-off through SI base units)."""
        assert units.to_natural("1.5 TeV", "GeV", "m_S1") == 1500.0

    def test_quantity_input(self):
        """A pint quantity is converted, also from another registry."""
        assert units.to_natural(units.quantity(2.0, "TeV"), "GeV", "m") == 2000.0
        other = pint.UnitRegistry()
        assert units.to_natural(other.Quantity(3.0, "GeV"), "MeV", "m") == pytest.approx(3000.0)

    def test_plain_numbers(self):
        """Plain numbers and bare-number strings are taken as already in the target unit."""
        assert units.to_natural(3, "GeV**-2", "GF") == 3.0
        assert isinstance(units.to_natural(3, "GeV", "m"), float)
        assert units.to_natural("2.5", "GeV", "m") == 2.5

    def test_complex_plain(self):
        """A complex plain number is returned as complex."""
        assert units.to_natural(1 + 2j, "", "y") == 1 + 2j
        assert units.to_natural("1+2j", "", "y") == 1 + 2j

    def test_wrong_dimension(self):
        """m_S1 given as 1.5 ps raises the attrs-style UnitError message."""
        with pytest.raises(UnitError) as err:
            units.to_natural("1.5 ps", "GeV", "m_S1")
        assert str(err.value) == "'m_S1' must have dimension [mass] (got 1.5 picosecond)"
        assert isinstance(err.value, TypeError) and isinstance(err.value, LQModelError)

    def test_wrong_dimension_dimensionless(self):
        """A dimensionful value for a dimensionless target names both dimensions."""
        with pytest.raises(UnitError) as err:
            units.to_natural("2 GeV", "", "y")
        assert str(err.value) == "'y' must have dimension dimensionless (got 2 GeV)"

    def test_wrong_dimension_power(self):
        """The expected dimension is written [mass]^-2 for GeV^-2."""
        with pytest.raises(UnitError) as err:
            units.to_natural("1 GeV", "GeV**-2", "GF")
        assert str(err.value) == "'GF' must have dimension [mass]^-2 (got 1 GeV)"

    def test_non_natural_quantity(self):
        """A quantity in amperes has no natural dimension and is rejected."""
        with pytest.raises(UnitError) as err:
            units.to_natural("1.5 A", "GeV", "m_S1")
        assert str(err.value) == "'m_S1' must have dimension [mass] (got 1.5 ampere)"

    def test_unknown_unit(self):
        """An unknown unit in the value names the unit and the value."""
        with pytest.raises(UnitError) as err:
            units.to_natural("1.5 TeVV", "GeV", "m_S1")
        assert str(err.value) == ("'m_S1' must have dimension [mass] (got unknown unit 'TeVV' in '1.5 TeVV')")

    def test_complex_quantity(self):
        """A complex number with a unit is rejected."""
        with pytest.raises(ParameterValueError, match="complex value must be a plain number"):
            units.to_natural(units.quantity(1 + 1j, "GeV"), "GeV", "m")

    @pytest.mark.parametrize("bad", [None, True, [1.0]])
    def test_not_a_number(self, bad):
        """None, bools and lists are not values."""
        with pytest.raises(ParameterValueError):
            units.to_natural(bad, "GeV", "m")


class TestFormatMassDimension:
    @pytest.mark.parametrize(
        ("n", "text"),
        [
            (1, "[mass]"),
            (0, "dimensionless"),
            (-2, "[mass]^-2"),
            (2, "[mass]^2"),
            (sp.Rational(-1, 2), "[mass]^(-1/2)"),
        ],
    )
    def test_format(self, n, text):
        """Dimensions print as [mass], dimensionless, [mass]^n."""
        assert units.format_mass_dimension(n) == text


class TestDimensionOf:
    def test_c_l_sm(self):
        """C_L^SM = 4 G_F/√2 · α/(2π s_W²) of eq. (7) has dimension -2."""
        c_l = 4 * GF / sp.sqrt(2) * alpha / (2 * sp.pi * s2w)
        assert units.dimension_of(c_l, DIMS) == -2

    def test_c_l_s1_dimensionless(self):
        """C_L^S1 = -Y Y/(2 m² C_L^SM) of eq. (7) is dimensionless."""
        c_l = 4 * GF / sp.sqrt(2) * alpha / (2 * sp.pi * s2w)
        assert units.dimension_of(-(y * y) / (2 * m**2 * c_l), DIMS) == 0

    def test_delta_m_k(self):
        """Δm_K^S1 of eq. (23), (Y Y)² f² m_K/(64π² m²)/3, is a mass."""
        f, mk = sp.symbols("f_K m_K", positive=True)
        expr = sp.re((y * y) ** 2) * f**2 * mk / (64 * sp.pi**2 * m**2) / 3
        assert units.dimension_of(expr, {**DIMS, f: 1, mk: 1}) == 1

    def test_powers(self):
        """sqrt and float exponents multiply the dimension; numbers are dimensionless."""
        assert units.dimension_of(sp.sqrt(GF), DIMS) == -1
        assert units.dimension_of(GF**0.5, DIMS) == -1
        assert units.dimension_of(sp.Integer(7), DIMS) == 0
        assert units.dimension_of(3, DIMS) == 0
        assert isinstance(units.dimension_of(sp.sqrt(GF), DIMS), sp.Rational)

    def test_sign_preserving(self):
        """Abs, re, im, conjugate keep the dimension; exp(y) of a dimensionless y is fine."""
        expr = sp.Abs(m) + sp.re(m) + sp.im(m) + sp.conjugate(m)
        assert units.dimension_of(sp.exp(y) * expr, DIMS) == 1

    def test_loop_integral(self):
        """The loop integral I_0(x_t) of eq. (14) is dimensionless."""
        t = sp.Symbol("t")
        i0 = sp.Integral(t / (1 + (x - 1) * t), (t, 0, 1))
        assert units.dimension_of(i0, {x: 0}) == 0

    def test_integral_over_mass(self):
        """An integral over a mass variable adds one mass dimension."""
        e = sp.Symbol("E")
        assert units.dimension_of(sp.Integral(e, (e, 0, m)), DIMS) == 2

    def test_declared_function(self):
        """An applied undefined function can be given a dimension in dims."""
        q2 = sp.Symbol("q2")
        fplus = sp.Function("f_plus")(q2)
        assert units.dimension_of(fplus * m, {fplus: 0, q2: 2, m: 1}) == 1

    def test_add_mismatch(self):
        """Terms of different dimension raise UnitError naming the Add."""
        with pytest.raises(UnitError) as err:
            units.dimension_of(m + y, DIMS)
        assert str(err.value) == "'m_S1 + y' must have dimension [mass] (got dimensionless)"

    def test_add_mismatch_names_subexpression(self):
        """The error names the offending Add sub-expression, not the whole expression."""
        with pytest.raises(UnitError) as err:
            units.dimension_of(GF * (m**2 + y) * alpha, DIMS, "C")
        assert str(err.value) == "'m_S1**2 + y' must have dimension [mass]^2 (got dimensionless)"

    def test_exp_of_mass(self):
        """exp needs a dimensionless argument."""
        with pytest.raises(UnitError) as err:
            units.dimension_of(sp.exp(m), DIMS)
        assert str(err.value) == "'m_S1' must have dimension dimensionless (got [mass])"

    def test_log_and_atan(self):
        """log and atan of a mass are rejected; of a mass ratio they are fine."""
        for func in (sp.log, sp.atan, sp.sin):
            with pytest.raises(UnitError):
                units.dimension_of(func(m), DIMS)
            assert units.dimension_of(func(m**2 * GF), DIMS) == 0

    def test_symbolic_exponent(self):
        """A symbolic exponent needs a dimensionless base."""
        with pytest.raises(UnitError) as err:
            units.dimension_of(m**y, DIMS)
        assert str(err.value) == "'m_S1' must have dimension dimensionless (got [mass])"
        assert units.dimension_of(alpha**y, DIMS) == 0

    def test_unknown_symbol(self):
        """A symbol without a dimension is an error naming it (with a suggestion)."""
        with pytest.raises(UnknownNameError) as err:
            units.dimension_of(sp.Symbol("m_S2") * m, DIMS, "C_L")
        assert str(err.value) == "unknown symbol in C_L 'm_S2'; did you mean 'm_S1'?"


class TestCheckDimension:
    def test_passes(self):
        """A correct dimension returns None."""
        assert units.check_dimension(GF * m**2, DIMS, 0, "x_t") is None

    def test_fails(self):
        """A wrong dimension raises UnitError with the given name."""
        with pytest.raises(UnitError) as err:
            units.check_dimension(GF, DIMS, 0, "C_L_SM")
        assert str(err.value) == "'C_L_SM' must have dimension dimensionless (got [mass]^-2)"


def test_import_is_lazy():
    """Importing lqmodel.core.units and lqmodel.core.parameters imports neither pint nor sympy."""
    code = (
        "import sys, lqmodel.core.units, lqmodel.core.parameters;"
        "print('pint' in sys.modules, 'sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


class TestFastPaths:
    @pytest.mark.parametrize("unit", ["ps^-1", "ns^-1", "1/ps", "ps", "s", "fs**2", "TeV", "GeV^-2", "1/MeV"])
    def test_powers_of_ev_and_seconds_agree_with_pint(self, unit):
        """Units lqmodel converts without pint (eV and second powers) give pint's factor (ħ exact SI)."""
        fast = units._unit_info(unit)
        q = units.ureg().Quantity(1.0, unit)
        n, _, _ = units._natural_exponents(dict(q.dimensionality))
        assert fast[0] == n
        assert fast[1] == pytest.approx(units._to_gev_power(q), rel=1e-14)
