"""Input parameters: value, unit, uncertainty and source, loaded from YAML.

The SM inputs live in ``lqmodel/core/data/sm.yaml`` and the benchmark inputs of Chen & Chiang,
Phys. Rev. D 109, 075004 (2024) in ``lqmodel/core/data/chen_chiang_2024.yaml``.  A
:class:`ParameterSet` is an immutable mapping from name to :class:`Parameter`; every change
(:meth:`ParameterSet.with_overrides`, :meth:`ParameterSet.merged`, :meth:`ParameterSet.add`)
returns a new set.  Values are stored in each parameter's own unit and converted to GeV-based
natural units (ħ = c = 1) on request.
"""

from __future__ import annotations

import math
import numbers
import types
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from lqmodel.core import units
from lqmodel.core.errors import (
    LQModelError,
    ModelDefinitionError,
    ParameterValueError,
    UnknownNameError,
)

__all__ = ["DOMAINS", "Parameter", "ParameterSet", "check_value", "load_parameters"]

#: The allowed values of :attr:`Parameter.domain`.
DOMAINS = ("real", "positive", "nonnegative", "complex")

_REQUIRED_KEYS = frozenset({"value", "unit", "source"})
_OPTIONAL_KEYS = frozenset({"uncertainty", "latex", "description", "domain"})
_DATA_PACKAGE = "lqmodel.core"
_DATA_DIR = "data"


def _finite(x: float | complex) -> bool:
    if isinstance(x, complex):
        return math.isfinite(x.real) and math.isfinite(x.imag)
    return math.isfinite(x)


def check_value(name: str, value: Any, domain: str) -> float | complex:
    """``value`` as a float (or complex for the complex domain), checked against ``domain``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Complex):
        raise ParameterValueError(name, value, "must be a number")
    if not _finite(complex(value)):
        raise ParameterValueError(name, value, "must be finite")
    if domain == "complex":
        return complex(value)
    if not isinstance(value, numbers.Real):
        if complex(value).imag != 0:
            raise ParameterValueError(name, value, "must be real")
        value = complex(value).real
    x = float(value)
    if domain == "positive" and not x > 0:
        raise ParameterValueError(name, value, "must be positive")
    if domain == "nonnegative" and not x >= 0:
        raise ParameterValueError(name, value, "must be nonnegative")
    return x


@attrs.frozen
class Parameter:
    """One input: its value in ``unit``, uncertainty, source and presentation.

    Attributes:
        name: ASCII name users type (``m_S1``, ``GF``, ``lambda``).
        value: the value in ``unit`` (a complex number only when ``domain == "complex"``).
        unit: a pint-parsable unit, ``""`` for dimensionless (``"GeV"``, ``"ns^-1"``).
        uncertainty: the 1σ uncertainty in ``unit``, or None when not known or not applicable.
        source: where the number comes from (paper equation, PDG edition, HFLAV, arXiv).
        latex: LaTeX symbol.
        description: one-line description.
        domain: ``"real"``, ``"positive"``, ``"nonnegative"`` or ``"complex"``.

    Raises:
        ParameterValueError: a NaN/inf value or one outside ``domain``.
    """

    name: str
    value: float | complex
    unit: str = ""
    uncertainty: float | None = None
    source: str = ""
    latex: str = ""
    description: str = ""
    domain: str = "real"

    def __attrs_post_init__(self) -> None:
        if self.domain not in DOMAINS:
            raise ParameterValueError(self.name, self.domain, "domain must be one of " + ", ".join(DOMAINS))
        object.__setattr__(self, "value", check_value(self.name, self.value, self.domain))
        unc = self.uncertainty
        if unc is not None:
            if isinstance(unc, bool) or not isinstance(unc, numbers.Real):
                raise ParameterValueError(self.name, unc, "uncertainty must be a real number")
            if not (math.isfinite(unc) and unc >= 0):
                raise ParameterValueError(self.name, unc, "uncertainty must be finite and >= 0")
            object.__setattr__(self, "uncertainty", float(unc))

    @property
    def mass_dimension(self) -> int:
        """Natural mass dimension of :attr:`unit` (ħ = c = 1): 1 for GeV, -2 for GeV^-2."""
        return units.mass_dimension(self.unit)

    @property
    def natural(self) -> float | complex:
        """The value in GeV**n, n = :attr:`mass_dimension` (``5.293 ns^-1`` → 3.48e-15)."""
        return self.value * units.gev_factor(self.unit)

    @property
    def natural_uncertainty(self) -> float | None:
        """The uncertainty in GeV**n, or None."""
        if self.uncertainty is None:
            return None
        return self.uncertainty * units.gev_factor(self.unit)


def _to_items(parameters: Iterable[Parameter] | Mapping[str, Parameter]) -> tuple[Parameter, ...]:
    """Converter for :class:`ParameterSet`: a tuple of parameters with unique names."""
    if isinstance(parameters, ParameterSet):
        return parameters.parameters
    if isinstance(parameters, Mapping):
        for key, p in parameters.items():
            if not isinstance(p, Parameter) or p.name != key:
                raise ModelDefinitionError(f"parameter {key!r}", "key and Parameter.name differ")
        parameters = parameters.values()
    items: dict[str, Parameter] = {}
    for p in parameters:
        if not isinstance(p, Parameter):
            raise ModelDefinitionError("ParameterSet", f"{p!r} is not a Parameter")
        _add_unique(items, p)
    return tuple(items.values())


def _add_unique(items: dict[str, Parameter], p: Parameter) -> None:
    old = items.get(p.name)
    if old is not None and old != p:
        raise ParameterValueError(
            p.name, p.value, f"already defined as {old.value!r} {old.unit} ({old.source})".strip()
        )
    items[p.name] = p


@attrs.frozen
class ParameterSet(Mapping[str, Parameter]):
    """An immutable mapping from parameter name to :class:`Parameter`.

    Build one from an iterable of parameters (names must be unique) or with
    :func:`load_parameters`.  Iteration yields names, in definition order; two sets holding
    the same parameters are equal whatever their order.
    """

    # Equality and hash ignore the order, which only follows the definition order.
    parameters: tuple[Parameter, ...] = attrs.field(converter=_to_items, default=(), eq=frozenset)
    _index: Mapping[str, Parameter] = attrs.field(init=False, repr=False, eq=False, hash=False, default=None)

    def __attrs_post_init__(self) -> None:
        index = types.MappingProxyType({p.name: p for p in self.parameters})
        object.__setattr__(self, "_index", index)

    def __getitem__(self, name: str) -> Parameter:
        """The parameter called ``name``; an unknown name suggests the closest known names."""
        try:
            return self._index[name]
        except (KeyError, TypeError):
            raise UnknownNameError("parameter", str(name), self._index) from None

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    @property
    def names(self) -> tuple[str, ...]:
        """All parameter names, in definition order."""
        return tuple(self._index)

    def with_overrides(self, overrides: Mapping[str, object]) -> ParameterSet:
        """A new set with some values replaced.

        Each new value may be a plain number (taken in the parameter's own unit), a string with
        a unit (``"1.5 TeV"``) or a pint Quantity; it is converted to the parameter's unit
        through natural units.  An overridden parameter keeps its metadata, but its
        uncertainty becomes None and its source ``"override"``: the old uncertainty belongs to
        the old value.

        Raises:
            UnknownNameError: an unknown name (``unknown parameter 'm_S2'; did you mean
                'm_S1'?``).
            UnitError: a value of the wrong dimension.
            ParameterValueError: NaN, inf, or a value outside the parameter's domain.
        """
        new = dict(self._index)
        for name, value in overrides.items():
            old = self[name]
            converted = units.to_natural(value, old.unit, name)
            new[name] = attrs.evolve(old, value=converted, uncertainty=None, source="override")
        return ParameterSet(tuple(new.values()))

    def natural_values(self) -> dict[str, float | complex]:
        """Every value in GeV**n natural units (ħ = c = 1), by name."""
        return {name: p.natural for name, p in self._index.items()}

    def merged(self, other: ParameterSet) -> ParameterSet:
        """The union of two sets; a name in both must hold identical parameters.

        Raises:
            ParameterValueError: the same name defined differently.
        """
        return self.add(other.parameters)

    def add(self, parameters: Iterable[Parameter]) -> ParameterSet:
        """A new set with ``parameters`` added (an identical duplicate is accepted)."""
        items = dict(self._index)
        for p in parameters:
            if not isinstance(p, Parameter):
                raise ModelDefinitionError("ParameterSet.add", f"{p!r} is not a Parameter")
            _add_unique(items, p)
        return ParameterSet(tuple(items.values()))


def _data_files() -> dict[str, Any]:
    from importlib import resources

    folder = resources.files(_DATA_PACKAGE) / _DATA_DIR
    return {f.name: f for f in folder.iterdir() if f.name.endswith((".yaml", ".yml"))}


def load_parameters(*resource_names: str) -> ParameterSet:
    """Load parameters from YAML files shipped in ``lqmodel/core/data/``.

    Args:
        resource_names: file names such as ``"sm.yaml"`` (the ``.yaml`` may be left out).
            With none given, every YAML file in ``lqmodel/core/data/`` is loaded, in name order.

    Each file maps a parameter name to an entry with keys ``value``, ``unit``, ``source``
    (required) and ``uncertainty``, ``latex``, ``description``, ``domain`` (optional).

    Raises:
        UnknownNameError: no such data file.
        ModelDefinitionError: a malformed file or entry, naming the file and the entry.
        ParameterValueError: one name defined differently in two files.
    """
    import yaml

    available = _data_files()
    names = resource_names or tuple(sorted(available))
    result = ParameterSet()
    for raw in names:
        fname = raw if raw.endswith((".yaml", ".yml")) else raw + ".yaml"
        if fname not in available:
            raise UnknownNameError("parameter file", raw, available)
        try:
            content = yaml.safe_load(available[fname].read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ModelDefinitionError(fname, f"invalid YAML: {exc}") from exc
        if content is None:
            content = {}
        if not isinstance(content, Mapping):
            raise ModelDefinitionError(fname, "must map parameter names to entries")
        result = result.add(_entry(fname, str(name), entry) for name, entry in content.items())
    return result


def _entry(fname: str, name: str, entry: Any) -> Parameter:
    """One validated YAML entry as a Parameter."""
    where = f"{fname}, entry {name!r}"
    if not isinstance(entry, Mapping):
        raise ModelDefinitionError(where, "must be a mapping with keys value, unit, source")
    missing = sorted(_REQUIRED_KEYS - set(entry))
    if missing:
        raise ModelDefinitionError(where, "missing required key(s) " + ", ".join(missing))
    unknown = sorted(set(entry) - _REQUIRED_KEYS - _OPTIONAL_KEYS)
    if unknown:
        raise ModelDefinitionError(where, "unknown key(s) " + ", ".join(unknown))
    unit = "" if entry["unit"] is None else entry["unit"]
    for key in ("unit", "source", "latex", "description", "domain"):
        val = unit if key == "unit" else entry.get(key, "")
        if not isinstance(val, str):
            raise ModelDefinitionError(where, f"{key} must be a string (got {val!r})")
    try:
        units.mass_dimension(unit)
        return Parameter(
            name=name,
            value=entry["value"],
            unit=unit,
            uncertainty=entry.get("uncertainty"),
            source=entry["source"],
            latex=entry.get("latex", ""),
            description=entry.get("description", ""),
            domain=entry.get("domain", "real"),
        )
    except LQModelError as exc:
        raise ModelDefinitionError(where, str(exc)) from exc
