"""Tests of lqmodel.core.parameters: Parameter, ParameterSet, load_parameters and the YAML data."""

from __future__ import annotations

import math
import re
from pathlib import Path

import attrs
import pytest

from lqmodel.core import parameters as params_mod
from lqmodel.core import units
from lqmodel.core.errors import (
    ModelDefinitionError,
    ParameterValueError,
    UnitError,
    UnknownNameError,
)
from lqmodel.core.parameters import Parameter, ParameterSet, load_parameters

# Exact SI (2019) definition of ħ in GeV s, independent of pint.
HBAR_GEV_S = 6.62607015e-34 / (2 * math.pi) / 1.602176634e-19 * 1e-9

M_S1 = Parameter("m_S1", 1500.0, "GeV", source="Chen & Chiang 2024, Sec. V", domain="positive")
YL3 = Parameter("yL3", 0.8, "", source="test")
DMK = Parameter("DeltaM_K_exp", 5.293, "ns^-1", 0.009, source="PDG 2022", domain="positive")


@pytest.fixture(scope="module")
def loaded() -> ParameterSet:
    return load_parameters("sm.yaml", "chen_chiang_2024.yaml", "chen_chiang_2024_running.yaml")


@pytest.fixture
def small() -> ParameterSet:
    return ParameterSet([M_S1, YL3, DMK])


class TestParameter:
    def test_fields(self):
        """A Parameter keeps value, unit, uncertainty and source; domain defaults to real."""
        p = Parameter("Xt", 1.469, "", 0.017, "eq. (6)")
        assert (p.value, p.unit, p.uncertainty, p.source, p.domain) == (
            1.469,
            "",
            0.017,
            "eq. (6)",
            "real",
        )

    def test_mass_dimension(self):
        """mass_dimension follows the unit: GeV → 1, ns^-1 → 1, GeV^-2 → -2."""
        assert M_S1.mass_dimension == 1
        assert DMK.mass_dimension == 1
        assert Parameter("GF", 1.1663788e-5, "GeV^-2", source="PDG").mass_dimension == -2

    def test_natural(self):
        """natural converts 5.293 ns^-1 to GeV with ħ: 3.484e-15 GeV."""
        assert DMK.natural == pytest.approx(5.293e9 * HBAR_GEV_S, rel=1e-12)
        assert DMK.natural_uncertainty == pytest.approx(0.009e9 * HBAR_GEV_S, rel=1e-12)

    def test_frozen(self):
        """A Parameter is immutable."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            M_S1.value = 1.0  # type: ignore[misc]

    @pytest.mark.parametrize(("bad", "shown"), [(math.nan, "nan"), (math.inf, "inf")])
    def test_not_finite(self, bad, shown):
        """NaN and inf are rejected with 'must be finite'."""
        with pytest.raises(ParameterValueError) as err:
            attrs.evolve(M_S1, value=bad)
        assert str(err.value) == f"'m_S1' = {shown} is not allowed: must be finite"

    def test_complex_for_real(self):
        """A complex value for a real parameter is rejected."""
        with pytest.raises(ParameterValueError) as err:
            attrs.evolve(YL3, value=1 + 2j)
        assert str(err.value) == "'yL3' = (1+2j) is not allowed: must be real"

    def test_positive(self):
        """A negative mass violates the positive domain."""
        with pytest.raises(ParameterValueError) as err:
            attrs.evolve(M_S1, value=-1.0)
        assert str(err.value) == "'m_S1' = -1.0 is not allowed: must be positive"

    def test_nonnegative(self):
        """Zero is allowed for nonnegative, a negative number is not."""
        assert Parameter("w", 0.0, "GeV", domain="nonnegative").value == 0.0
        with pytest.raises(ParameterValueError, match="must be nonnegative"):
            Parameter("w", -0.1, "GeV", domain="nonnegative")

    def test_complex_domain(self):
        """A complex parameter stores a complex value, also when given a float."""
        assert Parameter("c", 1.0, "", domain="complex").value == complex(1.0)
        assert Parameter("c", 1 - 1j, "", domain="complex").natural == 1 - 1j

    def test_bad_domain(self):
        """An unknown domain is rejected."""
        with pytest.raises(ParameterValueError, match="domain must be one of"):
            Parameter("c", 1.0, "", domain="imaginary")

    def test_bad_uncertainty(self):
        """A negative uncertainty is rejected."""
        with pytest.raises(ParameterValueError, match="uncertainty must be finite and >= 0"):
            Parameter("c", 1.0, "", uncertainty=-0.1)

    def test_string_value(self):
        """A value that is not a number (e.g. a string) is rejected."""
        with pytest.raises(ParameterValueError, match="must be a number"):
            Parameter("c", "1.0", "")  # type: ignore[arg-type]


class TestParameterSet:
    def test_mapping(self, small):
        """Lookup, membership, iteration over names, len and names."""
        assert small["m_S1"] is M_S1
        assert "yL3" in small and "m_S2" not in small
        assert list(small) == ["m_S1", "yL3", "DeltaM_K_exp"]
        assert small.names == ("m_S1", "yL3", "DeltaM_K_exp")
        assert len(small) == 3
        assert dict(small)["yL3"] is YL3

    def test_unknown_name(self, small):
        """An unknown name suggests the closest known one."""
        with pytest.raises(UnknownNameError) as err:
            small["m_S2"]
        assert str(err.value) == "unknown parameter 'm_S2'; did you mean 'm_S1'?"
        assert isinstance(err.value, KeyError)

    def test_duplicate_names(self):
        """Two different parameters of one name cannot share a set."""
        with pytest.raises(ParameterValueError, match=re.escape("already defined as 1500.0 GeV")):
            ParameterSet([M_S1, attrs.evolve(M_S1, value=1000.0)])

    def test_equality_and_hash(self):
        """Sets with the same parameters are equal and hash alike, whatever the order."""
        a, b = ParameterSet([M_S1, YL3]), ParameterSet([YL3, M_S1])
        assert a == b and hash(a) == hash(b)
        assert a != ParameterSet([M_S1])

    def test_override_float(self, small):
        """A plain number is taken in the parameter's own unit; the original set is unchanged."""
        new = small.with_overrides({"m_S1": 2000, "yL3": -0.5})
        assert new["m_S1"].value == 2000.0 and new["yL3"].value == -0.5
        assert small["m_S1"].value == 1500.0
        assert new["m_S1"].uncertainty is None and new["m_S1"].source == "override"
        assert new["m_S1"].latex == M_S1.latex

    def test_override_string_with_unit(self, small):
        """'1.5 TeV' is converted to GeV, the unit of m_S1."""
        assert small.with_overrides({"m_S1": "1.7 TeV"})["m_S1"].value == 1700.0

    def test_override_through_natural_units(self, small):
        """A GeV value for a ns^-1 parameter is converted through ħ."""
        new = small.with_overrides({"DeltaM_K_exp": f"{5.293e9 * HBAR_GEV_S!r} GeV"})
        assert new["DeltaM_K_exp"].value == pytest.approx(5.293, rel=1e-12)
        assert new["DeltaM_K_exp"].unit == "ns^-1"

    def test_override_quantity(self, small):
        """A pint Quantity is accepted."""
        new = small.with_overrides({"m_S1": units.quantity(1.2, "TeV")})
        assert new["m_S1"].value == pytest.approx(1200.0)

    def test_override_unknown(self, small):
        """Overriding an unknown name suggests the closest known one."""
        with pytest.raises(UnknownNameError) as err:
            small.with_overrides({"m_S2": 1000.0})
        assert str(err.value) == "unknown parameter 'm_S2'; did you mean 'm_S1'?"

    def test_override_unknown_loaded(self, loaded):
        """In the full set the suggestions for 'm_S2' start with 'm_S1'."""
        with pytest.raises(UnknownNameError) as err:
            loaded.with_overrides({"m_S2": 1000.0})
        assert str(err.value).startswith("unknown parameter 'm_S2'; did you mean 'm_S1'")

    def test_override_wrong_dimension(self, loaded):
        """m_S1 given as 1.5 ps raises UnitError with the exact message."""
        with pytest.raises(UnitError) as err:
            loaded.with_overrides({"m_S1": "1.5 ps"})
        assert str(err.value) == "'m_S1' must have dimension [mass] (got 1.5 picosecond)"

    @pytest.mark.parametrize(
        ("bad", "shown"),
        [(math.nan, "nan"), (math.inf, "inf"), ("nan", "nan"), ("-inf GeV", "-inf")],
    )
    def test_override_not_finite(self, small, bad, shown):
        """NaN and inf, as floats or strings, are rejected."""
        with pytest.raises(ParameterValueError) as err:
            small.with_overrides({"m_S1": bad})
        assert str(err.value) == f"'m_S1' = {shown} is not allowed: must be finite"

    def test_override_complex_for_real(self, small):
        """A complex value for the real coupling yL3 is rejected."""
        with pytest.raises(ParameterValueError) as err:
            small.with_overrides({"yL3": 0.1 + 0.2j})
        assert str(err.value) == "'yL3' = (0.1+0.2j) is not allowed: must be real"

    def test_override_domain(self, small):
        """A negative mass is rejected."""
        with pytest.raises(ParameterValueError) as err:
            small.with_overrides({"m_S1": "-1 TeV"})
        assert str(err.value) == "'m_S1' = -1000.0 is not allowed: must be positive"

    def test_natural_values(self, small):
        """natural_values gives every value in GeV units."""
        values = small.natural_values()
        assert values["m_S1"] == 1500.0 and values["yL3"] == 0.8
        assert values["DeltaM_K_exp"] == pytest.approx(5.293e9 * HBAR_GEV_S, rel=1e-12)

    def test_merged(self):
        """merged joins two sets and accepts identical duplicates."""
        merged = ParameterSet([M_S1, YL3]).merged(ParameterSet([YL3, DMK]))
        assert merged.names == ("m_S1", "yL3", "DeltaM_K_exp")

    def test_merged_conflict(self):
        """merged refuses one name with two different definitions."""
        with pytest.raises(ParameterValueError) as err:
            ParameterSet([M_S1]).merged(ParameterSet([attrs.evolve(M_S1, value=1000.0)]))
        assert str(err.value) == (
            "'m_S1' = 1000.0 is not allowed: already defined as 1500.0 GeV (Chen & Chiang 2024, Sec. V)"
        )

    def test_add(self, small):
        """add returns a new set with the extra parameters."""
        extra = Parameter("yR2", -0.5, "", source="test")
        new = small.add([extra])
        assert "yR2" in new and "yR2" not in small

    def test_add_rejects_non_parameter(self, small):
        """add only accepts Parameter objects."""
        with pytest.raises(ModelDefinitionError):
            small.add([1.0])  # type: ignore[list-item]


class TestLoadParameters:
    def test_paper_inputs(self, loaded):
        """The SM inputs match the numbers printed in the paper."""
        expected = {
            "Xt": (1.469, 0.017),  # eq. (6)
            "Pc": (0.404, 0.024),  # after eq. (10)
            "kappa_plus": (5.173e-11, 0.025e-11),  # after eq. (10), at lambda = 0.225
            "Delta_EM": (-0.003, None),
            "lambda": (0.223, None),  # Sec. IV
            "A": (0.833, None),
            "rho": (0.163, None),
            "eta": (0.357, None),
            "fK_sqrtBK": (0.132, None),
            "fBd_sqrtBBd": (0.174, None),
            "fBs_sqrtBBs": (0.21, None),
            "DeltaM_K_exp": (5.293, 0.009),  # after eq. (24)
            "DeltaM_d_exp": (0.5065, 0.0019),
            "DeltaM_s_exp": (17.765, 0.006),
            "m_S1": (1500.0, None),  # Sec. V
            "m_Zp": (0.1, None),  # after eq. (17)
            "epsilon": (9.4e-6, None),
            "f_plus_BK_at_mZp": (0.31, None),
            "A12_BKstar_at_mZp": (0.256, None),
            "eta_S": (1.57, None),  # after eq. (19)
            "eta_T": (0.86, None),
        }
        for name, (value, unc) in expected.items():
            p = loaded[name]
            assert p.value == pytest.approx(value, rel=1e-12), name
            assert (p.uncertainty is None) if unc is None else p.uncertainty == pytest.approx(unc)

    def test_delta_m_bounds(self, loaded):
        """0.1 Δm^exp reproduce the scan bounds of Sec. V: 34.8e-17, 33.3e-15, 11.7e-13 GeV."""
        nat = loaded.natural_values()
        assert float(f"{0.1 * nat['DeltaM_K_exp']:.3g}") == 34.8e-17
        assert float(f"{0.1 * nat['DeltaM_d_exp']:.3g}") == 33.3e-15
        assert float(f"{0.1 * nat['DeltaM_s_exp']:.3g}") == 11.7e-13

    def test_pdg_values(self, loaded):
        """GF, α(M_Z), α(0) and sin²θ_W are the PDG 2022 / CODATA 2018 values."""
        assert loaded["GF"].value == 1.1663788e-5 and loaded["GF"].unit == "GeV^-2"
        assert 1 / loaded["alpha_em"].value == pytest.approx(127.952, rel=1e-9)
        assert 1 / loaded["alpha_em_0"].value == pytest.approx(137.035999084, rel=1e-11)
        assert loaded["s2w"].value == 0.23121

    def test_lifetime_natural(self, loaded):
        """τ_B+ = 1.638 ps is 1.638e-12 s / ħ in GeV^-1."""
        assert loaded["tau_Bplus"].mass_dimension == -1
        assert loaded["tau_Bplus"].natural == pytest.approx(1.638e-12 / HBAR_GEV_S, rel=1e-12)

    def test_metadata(self, loaded):
        """Every entry has a source, LaTeX, a description and a valid unit."""
        for name in loaded:
            p = loaded[name]
            assert p.source and p.latex and p.description, name
            assert isinstance(p.mass_dimension, int)

    def test_g_zp_default_reproduces_text_epsilon(self, loaded):
        """g_Zp's default is the one the text's ε = 9.4e-6 implies: ε = e g ln(m_τ²/m_μ²)/(12π²)."""
        import math

        e = math.sqrt(4 * math.pi / 137.035999084)
        eps = e * loaded["g_Zp"].value * 2 * math.log(1.77686 / 0.1056583755) / (12 * math.pi**2)
        assert eps == pytest.approx(9.4e-6, rel=1e-3)

    def test_all_files_by_default(self, loaded):
        """Without arguments every data file is loaded; the .yaml suffix is optional."""
        assert load_parameters() == loaded
        assert load_parameters("sm") == load_parameters("sm.yaml")

    def test_unknown_file(self):
        """An unknown data file suggests the closest name."""
        with pytest.raises(UnknownNameError) as err:
            load_parameters("sm2.yaml")
        assert str(err.value) == "unknown parameter file 'sm2.yaml'; did you mean 'sm.yaml'?"


class TestLoadParametersErrors:
    @pytest.fixture
    def write(self, tmp_path, monkeypatch):
        """Write a YAML file and make load_parameters see it as the only data file."""

        def _write(text: str, fname: str = "bad.yaml") -> str:
            path: Path = tmp_path / fname
            path.write_text(text, encoding="utf-8")
            files = {f.name: f for f in tmp_path.iterdir()}
            monkeypatch.setattr(params_mod, "_data_files", lambda: files)
            return fname

        return _write

    def test_missing_key(self, write):
        """A missing required key names the file and the entry."""
        fname = write("m_X:\n  value: 1.0\n  unit: GeV\n")
        with pytest.raises(ModelDefinitionError) as err:
            load_parameters(fname)
        assert str(err.value) == "bad.yaml, entry 'm_X': missing required key(s) source"

    def test_unknown_key(self, write):
        """A misspelt key is an error, not silently ignored."""
        fname = write("m_X:\n  value: 1.0\n  unit: GeV\n  source: s\n  uncertainy: 0.1\n")
        with pytest.raises(ModelDefinitionError) as err:
            load_parameters(fname)
        assert str(err.value) == "bad.yaml, entry 'm_X': unknown key(s) uncertainy"

    def test_bad_unit(self, write):
        """An unknown unit names the file, the entry and the unit."""
        fname = write("m_X:\n  value: 1.0\n  unit: TeVV\n  source: s\n")
        with pytest.raises(ModelDefinitionError) as err:
            load_parameters(fname)
        assert str(err.value) == (
            "bad.yaml, entry 'm_X': 'TeVV' must have dimension [mass]^n for an integer n "
            "(got unknown unit 'TeVV')"
        )

    def test_nan_value(self, write):
        """A .nan value is rejected as not finite."""
        fname = write("m_X:\n  value: .nan\n  unit: GeV\n  source: s\n")
        with pytest.raises(ModelDefinitionError) as err:
            load_parameters(fname)
        assert str(err.value) == "bad.yaml, entry 'm_X': 'm_X' = nan is not allowed: must be finite"

    def test_yaml_11_float_pitfall(self, write):
        """'1e-5' (a string to PyYAML) is reported instead of used."""
        fname = write("GF:\n  value: 1e-5\n  unit: GeV^-2\n  source: s\n")
        with pytest.raises(ModelDefinitionError, match="'GF' = '1e-5' is not allowed"):
            load_parameters(fname)

    def test_entry_not_mapping(self, write):
        """An entry that is not a mapping is rejected."""
        fname = write("m_X: 1.0\n")
        with pytest.raises(ModelDefinitionError, match=re.escape("bad.yaml, entry 'm_X': must be a mapping")):
            load_parameters(fname)

    def test_file_not_mapping(self, write):
        """A file that is a list is rejected."""
        fname = write("- 1\n- 2\n")
        with pytest.raises(ModelDefinitionError, match="must map parameter names to entries"):
            load_parameters(fname)

    def test_invalid_yaml(self, write):
        """Broken YAML is reported with the file name."""
        fname = write("m_X: [1, 2\n")
        with pytest.raises(ModelDefinitionError, match=re.escape("bad.yaml: invalid YAML")):
            load_parameters(fname)

    def test_conflict_between_files(self, write):
        """One name defined differently in two files is an error."""
        write("m_X:\n  value: 1.0\n  unit: GeV\n  source: a\n", "a.yaml")
        write("m_X:\n  value: 2.0\n  unit: GeV\n  source: b\n", "b.yaml")
        with pytest.raises(ParameterValueError, match=re.escape("already defined as 1.0 GeV")):
            load_parameters("a", "b")
