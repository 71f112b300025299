"""Scan specs: a YAML schema for sampled parameters, fixed inputs, constraints, kept and defined observables.

```yaml
name: my-scan                       # optional; default: the file name
source: "where the scan comes from" # optional
form: general                       # optional: the default form of every observable (general | paper)
parameters:                         # sampled parameters; at least one
  yL3: {range: [-1.5, 1.5]}         # sampling: uniform (default) | log | grid | lhs; unit: optional
  m_S1: {range: [1, 3], unit: TeV, sampling: log}
  yL2: [-0.15, 0.15]                # a bare range is accepted
fixed: {m_S1: 1.5 TeV}              # inputs held at a value
define:                             # your own observables (lqmodel.observables.define)
  ratio: {expr: "BR(B0->K*nunu) / BR(B+->Knunu)", unit: "", latex: "R", reference: "..."}
constraints:                        # every point kept passes all of them
  - {observable: R_nu, max: 2.2, source: "..."}
  - {observable: DeltaM_s_NP, between: [1.0e-15, 1.17e-12], unit: GeV, form: paper}
keep: [R_nu, {observable: BR(K+->pinunu), form: paper}, Y_b]   # also named couplings, JMS names
```

Every key is checked: a misspelt one is an error with a suggestion, never ignored.  Values are
checked against the model when the spec meets a Study (:func:`plan`): a parameter the model
lacks, a range outside a parameter's domain (a negative mass), an empty window.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from lqmodel.core.errors import InputFileError, ParameterValueError, UnknownNameError

__all__ = ["SAMPLINGS", "Constraint", "Kept", "Sampling", "ScanSpec", "load_spec"]

SAMPLINGS = ("uniform", "log", "grid", "lhs")
_TOP_KEYS = ("name", "source", "form", "parameters", "fixed", "define", "constraints", "keep")
_PARAM_KEYS = ("range", "sampling", "unit")
_CONSTRAINT_KEYS = ("observable", "min", "max", "between", "unit", "source", "form")
_KEEP_KEYS = ("observable", "form")
_DEFINE_KEYS = ("expr", "unit", "latex", "reference", "description", "scale")


@attrs.frozen
class Sampling:
    """How one parameter is sampled between ``low`` and ``high`` (natural units once planned)."""

    name: str
    low: Any
    high: Any
    method: str = "uniform"
    unit: str = ""

    def __attrs_post_init__(self) -> None:
        if self.method not in SAMPLINGS:
            raise ParameterValueError(
                self.name, self.method, f"sampling must be one of {', '.join(SAMPLINGS)}"
            )

    def checked(self, low: float, high: float, domain: str) -> Sampling:
        """This sampling with natural-unit bounds, checked against the parameter's ``domain``."""
        if not (math.isfinite(low) and math.isfinite(high)):
            raise ParameterValueError(self.name, (self.low, self.high), "the range must be finite")
        if not low < high:
            raise ParameterValueError(
                self.name, (self.low, self.high), "the range is empty or inverted (need low < high)"
            )
        if self.method == "log" and low <= 0:
            raise ParameterValueError(self.name, (self.low, self.high), "log sampling needs low > 0")
        if domain == "positive" and low <= 0:
            raise ParameterValueError(
                self.name,
                (self.low, self.high),
                "the range leaves the parameter's domain: it must be positive",
            )
        if domain == "nonnegative" and low < 0:
            raise ParameterValueError(
                self.name,
                (self.low, self.high),
                "the range leaves the parameter's domain: it must be nonnegative",
            )
        if domain == "complex":
            raise ParameterValueError(
                self.name,
                (self.low, self.high),
                f"is complex; sample its real and imaginary parts as '{self.name}.re' and '{self.name}.im'",
            )
        return attrs.evolve(self, low=float(low), high=float(high))


@attrs.frozen
class Constraint:
    """``low < observable < high`` (either side may be open), with the source of the bound."""

    observable: str
    low: Any = None
    high: Any = None
    source: str = ""
    unit: str = ""
    form: str | None = None

    def mask(self, values):
        import numpy as np

        ok = np.ones(values.shape, dtype=bool)
        if self.low is not None:
            ok &= values > self.low
        if self.high is not None:
            ok &= values < self.high
        return ok

    def describe(self) -> str:
        lo = "" if self.low is None else f"{self.low:g} < "
        hi = "" if self.high is None else f" < {self.high:g}"
        form = f" ({self.form} form)" if self.form else ""
        return f"{lo}{self.observable}{hi}{form}" + (f"  [{self.source}]" if self.source else "")


@attrs.frozen
class Kept:
    """An output kept for every accepted point: an observable (in a form), a coupling or a JMS coefficient."""

    name: str
    form: str | None = None


@attrs.frozen
class ScanSpec:
    """A whole scan: sampled parameters, fixed values, constraints, what to keep, what to define."""

    name: str
    parameters: tuple[Sampling, ...]
    fixed: tuple[tuple[str, Any], ...] = ()
    constraints: tuple[Constraint, ...] = ()
    keep: tuple[Kept, ...] = ()
    define: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    source: str = ""
    form: str = "general"

    @property
    def sampled(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    @property
    def outputs(self) -> tuple[str, ...]:
        """Every name the scan needs computed (constraints first, then kept ones), sampled ones excluded."""
        names = [c.observable for c in self.constraints] + [k.name for k in self.keep]
        return tuple(dict.fromkeys(n for n in names if n not in self.sampled))

    def forms(self) -> dict[str, str]:
        """Per-observable forms named in constraints and keep; one observable may not get two."""
        out: dict[str, str] = {}
        for name, form in [(c.observable, c.form) for c in self.constraints] + [
            (k.name, k.form) for k in self.keep
        ]:
            if form is None:
                continue
            if out.get(name, form) != form:
                raise InputFileError(
                    f"scan spec {self.name!r}",
                    f"observable {name!r} is asked for in two forms, {out[name]} and {form}",
                )
            out[name] = form
        return out

    def fingerprint(self) -> str:
        import hashlib

        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]


def _check_keys(where: str, entry: Mapping, allowed: tuple[str, ...]) -> None:
    for key in entry:
        if key not in allowed:
            raise UnknownNameError(f"key in {where}", str(key), allowed)


def _mapping(where: str, value: Any, what: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise InputFileError(where, f"{what} must be a mapping (got {type(value).__name__})")
    return value


def _plain(value: Any) -> Any:
    """A string that is a plain number (YAML reads ``-89e-11``, without a point, as a string) as a float."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value  # a quantity with a unit, "1.5 TeV", converted where its dimension is known
    return value


def _pair(where: str, value: Any) -> tuple[Any, Any]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise InputFileError(where, f"needs two values [low, high] (got {value!r})")
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float | str):
            raise InputFileError(where, f"{v!r} is not a number")
    return _plain(value[0]), _plain(value[1])


def _bound(where: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputFileError(where, f"{value!r} is not a number")
    return _plain(value)


def load_spec(path: str | Path | None = None, text: str | None = None) -> ScanSpec:
    """Read and schema-check a scan spec (a file, or ``text``).

    Raises:
        InputFileError: a missing or unreadable file, invalid YAML, or a value of the wrong shape.
        UnknownNameError: a misspelt key (with a suggestion).
    """
    import yaml

    where = str(path) if path is not None else "scan spec"
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputFileError(where, "no such file") from None
        except (OSError, UnicodeDecodeError) as err:
            raise InputFileError(where, f"cannot be read: {err}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f", line {mark.line + 1}" if mark is not None else ""
        raise InputFileError(where + at, f"invalid YAML: {getattr(err, 'problem', err)}") from None
    raw = _mapping(where, raw, "a scan spec")
    _check_keys(where, raw, _TOP_KEYS)
    if "parameters" not in raw:
        raise InputFileError(where, "a scan spec needs a 'parameters' mapping of the sampled parameters")
    params = []
    for name, p in _mapping(where, raw["parameters"], "'parameters'").items():
        at = f"{where}, parameter {name!r}"
        if isinstance(p, list | tuple):
            p = {"range": list(p)}
        p = _mapping(at, p, "each parameter")
        _check_keys(at, p, _PARAM_KEYS)
        if "range" not in p:
            raise InputFileError(at, "needs 'range: [low, high]'")
        lo, hi = _pair(at + ", range", p["range"])
        params.append(Sampling(str(name), lo, hi, p.get("sampling", "uniform"), str(p.get("unit", "") or "")))
    if not params:
        raise InputFileError(where, "'parameters' is empty: sample at least one parameter")
    fixed = raw.get("fixed") or {}
    fixed = _mapping(where, fixed, "'fixed'")
    for name in fixed:
        if name in {p.name for p in params}:
            raise InputFileError(f"{where}, fixed {name!r}", "is also sampled")
    constraints = []
    raw_constraints = raw.get("constraints") or []
    if not isinstance(raw_constraints, list):
        raise InputFileError(where, "'constraints' must be a list")
    for k, c in enumerate(raw_constraints):
        at = f"{where}, constraint {k + 1}"
        c = _mapping(at, c, "each constraint")
        _check_keys(at, c, _CONSTRAINT_KEYS)
        if "observable" not in c:
            raise InputFileError(at, "needs 'observable'")
        if "between" in c and ("min" in c or "max" in c):
            raise InputFileError(at, "give either 'between' or 'min'/'max', not both")
        lo, hi = _pair(at + ", between", c["between"]) if "between" in c else (c.get("min"), c.get("max"))
        lo, hi = _bound(at, lo), _bound(at, hi)
        if lo is None and hi is None:
            raise InputFileError(at, "needs a bound: 'min', 'max' or 'between'")
        constraints.append(
            Constraint(
                str(c["observable"]),
                lo,
                hi,
                str(c.get("source", "")),
                str(c.get("unit", "") or ""),
                c.get("form"),
            )
        )
    keep = []
    raw_keep = raw.get("keep") or []
    if not isinstance(raw_keep, list):
        raise InputFileError(where, "'keep' must be a list")
    for item in raw_keep:
        if isinstance(item, Mapping):
            _check_keys(f"{where}, keep", item, _KEEP_KEYS)
            if "observable" not in item:
                raise InputFileError(f"{where}, keep", "an entry needs 'observable'")
            keep.append(Kept(str(item["observable"]), item.get("form")))
        else:
            keep.append(Kept(str(item)))
    names = [k.name for k in keep]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise InputFileError(f"{where}, keep", f"{dup!r} is listed twice")
    define = []
    for name, d in _mapping(where, raw.get("define") or {}, "'define'").items():
        at = f"{where}, define {name!r}"
        if isinstance(d, str):
            d = {"expr": d}
        d = _mapping(at, d, "each definition")
        _check_keys(at, d, _DEFINE_KEYS)
        if "expr" not in d:
            raise InputFileError(at, "needs 'expr'")
        define.append((str(name), tuple(sorted((k, v) for k, v in d.items()))))
    form = raw.get("form", "general")
    return ScanSpec(
        str(raw.get("name") or (Path(path).stem if path is not None else "scan")),
        tuple(params),
        tuple(sorted((str(k), v) for k, v in fixed.items())),
        tuple(constraints),
        tuple(keep),
        tuple(define),
        str(raw.get("source", "")),
        str(form),
    )
