"""The Study: the one place where a model meets observables.

A frozen :class:`Study` binds a model, its observables (built-in or user-defined), fixed
inputs, free parameters, the form of each observable and what else to compute (the named
couplings, the Wilson coefficients at a scale).  Its compiled kernel computes couplings,
Wilson coefficients and observables in one pass; :meth:`Study.at` gives one
:class:`PointResult`, :meth:`Study.scan` a sample.  The command line's ``evaluate``, ``scan``
and ``wcxf`` are thin faces over it.

The kernel is cached on disk together with everything :meth:`Study.at` needs (the inputs with
their units, defaults and domains; the observables' data; what was left out and why), so a
warm evaluation imports neither sympy nor pint.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

import attrs

from lqmodel.core.errors import ParameterValueError, UnknownNameError
from lqmodel.model.model import Model, unknown_input_error

__all__ = [
    "FORMS",
    "InputValue",
    "PointResult",
    "Study",
    "default_value",
    "evaluate",
    "natural_unit",
    "unknown_input",
    "wcxf_document",
]

#: The forms every command offers: the general formulas, or the paper's equations as printed.
FORMS = ("general", "paper")
_WOLFENSTEIN = ("lambda", "A", "rho", "eta")


def _observables(items) -> tuple | None:
    if items is None:
        return None
    if isinstance(items, str):
        items = (items,)
    return tuple(items)


def _pairs(mapping) -> tuple[tuple[str, Any], ...]:
    if mapping is None:
        return ()
    items = mapping.items() if isinstance(mapping, Mapping) else mapping
    return tuple(sorted((str(k), v) for k, v in items))


def _names(items) -> tuple[str, ...] | None:
    if items is None:
        return None
    if isinstance(items, str):
        items = (items,)
    return tuple(items)


def natural_unit(n: int) -> str:
    """The GeV-based unit of natural mass dimension ``n``: "", "GeV", "GeV^-2"."""
    return "" if n == 0 else "GeV" if n == 1 else f"GeV^{n}"


@attrs.frozen
class InputValue:
    """An input used at a point: its value in ``unit`` (GeV-based natural units) and where it came from."""

    value: float | complex
    unit: str = ""
    source: str = ""


@attrs.frozen
class Study:
    """A model, its observables, fixed inputs, free parameters and forms: one road to numbers.

    Args:
        model: the :class:`~lqmodel.model.model.Model`.
        observables: names of built-in observables and/or :class:`~lqmodel.observables.Observable`
            objects (user-defined with :func:`lqmodel.observables.define`); None: every built-in
            observable that is complete for the model (the others are listed in ``excluded``).
        fixed: input values (numbers in the input's own unit, or strings with units) folded into
            the kernel.
        free: the inputs the kernel takes (a scan's sampled parameters); None: every input used,
            so any of them can be set at a point without recompiling.
        form: the form of every observable, ``general`` or ``paper`` (an observable without a
            paper form uses its general one, which the result records).
        forms: the form of individual observables (any form the observable has).
        couplings: compute the model's named couplings (``Y_b``...).
        wilson: WCxf bases ("JMS", "flavio") in which to compute the Wilson coefficients.
        scale: the scale (GeV) of those Wilson coefficients (default m_b = 4.18 GeV).
        running: how coefficients are run from the matching scale to each observable's scale and
            to ``scale``: "general" (computed: :mod:`lqmodel.physics.rge`), "paper" (the paper's
            η_S, η_T for scalar and tensor currents) or "none" (see
            :func:`lqmodel.physics.running.evolve`).  An observable computed in its paper form
            always takes the paper's running.
    """

    model: Model
    observables: tuple | None = attrs.field(default=None, converter=_observables)
    fixed: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_pairs)
    free: tuple[str, ...] | None = attrs.field(default=None, converter=_names)
    form: str = "general"
    forms: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    couplings: bool = True
    wilson: tuple[str, ...] = attrs.field(default=("JMS",), converter=lambda b: tuple(b or ()))
    scale: float | None = None
    running: str = "general"

    def __attrs_post_init__(self) -> None:
        from lqmodel.core.errors import BasisError

        if self.form not in FORMS:
            raise UnknownNameError("form", self.form, FORMS, hint=f"choose one of {', '.join(FORMS)}")
        from lqmodel.physics.running import FORMS as RUNNINGS

        if self.running not in RUNNINGS:
            raise BasisError(f"running {self.running!r}", f"choose one of {', '.join(RUNNINGS)}")
        for basis in self.wilson:
            if basis not in ("JMS", "flavio"):
                raise BasisError(f"basis {basis!r}", "not supported; choose one of flavio, JMS")
        if self.scale is not None and not (
            isinstance(self.scale, numbers.Real) and math.isfinite(self.scale) and self.scale > 0
        ):
            raise BasisError(f"scale {self.scale!r}", "must be a positive number of GeV")
        fixed = dict(self.fixed)
        for name in self.free or ():
            if name in fixed:
                raise ParameterValueError(name, fixed[name], "is both fixed and free in this study")
        model = self.model.with_set_inputs({*fixed, *(self.free or ())})
        if model is not self.model:  # epsilon fixed or sampled: the model takes it as given
            object.__setattr__(self, "model", model)

    def _for(self, values: Mapping[str, Any]) -> Study:
        """This study, or the one whose model takes an input set in ``values`` as given
        (``epsilon``: :meth:`~lqmodel.model.model.Model.with_set_inputs`)."""
        model = self.model.with_set_inputs({*values, *dict(self.fixed), *(self.free or ())})
        return self if model is self.model else attrs.evolve(self, model=model)

    # -- compiling --------------------------------------------------------------------------
    def key(self) -> str:
        """The cache key: everything the kernel depends on (no sympy needed to compute it)."""
        from lqmodel.numeric.kernel import cache_key

        obs = None if self.observables is None else tuple(_key_of(o) for o in self.observables)
        return cache_key(
            repr(self.model),
            obs,
            tuple((k, str(v)) for k, v in self.fixed),
            self.free,
            self.form,
            self.forms,
            self.couplings,
            self.wilson,
            self.scale,
            self.running,
        )

    def program(self):
        """The symbolic program (:class:`~lqmodel.numeric.program.Program`), the left-out observables
        with the reason, and the Observable objects computed."""
        from lqmodel.numeric.program import build_program

        return build_program(
            self.model,
            observables=self.observables,
            fixed=dict(self.fixed),
            free=self.free,
            form=self.form,
            forms=dict(self.forms),
            couplings=self.couplings,
            wilson=self.wilson,
            scale=self.scale,
            running=self.running,
        )

    def kernel(self, use_cache: bool = True):
        """The compiled kernel; from the disk cache when it is there (then without sympy)."""
        from lqmodel.numeric.kernel import compile_program, load_cached, store

        key = self.key()
        if use_cache:
            hit = load_cached(self.model.name, key)
            if hit is not None:
                return hit
        program, excluded, observables = self.program()
        kernel = compile_program(program, self._meta(program, excluded, observables))
        if use_cache:
            store(self.model.name, key, kernel)
        return kernel

    def _meta(self, program, excluded: Mapping[str, str], objects: Mapping) -> dict:
        """What the warm path needs, as JSON-able data."""
        from lqmodel.numeric.program import unread_coefficients
        from lqmodel.physics.running import B_SCALE

        model = self.model
        params = model.parameters.with_overrides(dict(self.fixed))
        entries = set(model.coupling_entries())
        inputs = {}
        for p in params.parameters:
            v = p.natural
            inputs[p.name] = {
                "value": [v.real, v.imag] if isinstance(v, complex) else v,
                "dim": p.mass_dimension,
                "domain": p.domain,
                "source": p.source,
                "uncertainty": p.natural_uncertainty,
                "latex": p.latex,
                "description": p.description,
                "coupling": p.name in entries,
            }
        observables = {}
        for o in program.outputs:
            if o.kind != "observable":
                continue
            obs = objects[o.name]
            observables[o.name] = {
                "unit": obs.unit,
                "latex": obs.latex,
                "description": obs.description,
                "reference": obs.form(program.forms[o.name]).source or obs.reference,
                "form": program.forms[o.name],
                "forms": list(obs.forms),
                "scale": obs.scale_of(program.forms[o.name]),
                "complex": obs.complex,
                "contributions": dict(program.contributions.get(o.name, {})),
                "sm": None if obs.sm is None else attrs.asdict(obs.sm),
                "measurement": None if obs.measurement is None else attrs.asdict(obs.measurement),
            }
        return {
            "model": model.name,
            "inputs": inputs,
            "used": list(program.used),
            "fixed": [k for k, _ in self.fixed],
            "observables": observables,
            "excluded": dict(excluded),
            "derived": {n: str(e) for n, e in model.named_couplings.items()},
            "removed": {r.entry: str(r) for r in model.removed},
            "scale": B_SCALE if self.scale is None else self.scale,
            "running": self.running,
            "unread": unread_coefficients(model),
        }

    # -- one point --------------------------------------------------------------------------
    def inputs(self) -> dict[str, dict]:
        """Every input of the model (after ``fixed``): natural value, dimension, domain, source..."""
        return self.kernel().meta["inputs"]

    def point(self, values: Mapping[str, Any] | None = None) -> dict[str, float | complex]:
        """Validate ``values`` once: names, units, domains; returns natural (GeV-unit) numbers.

        Raises:
            UnknownNameError: a name that is not an input (a derived coupling or a removed entry
                says so; otherwise the closest names are suggested).
            ParameterValueError: a value of a fixed input, or outside its domain (NaN, a negative mass...).
            UnitError: a value with the wrong dimension.
        """
        from lqmodel.core.parameters import check_value
        from lqmodel.core.units import to_natural

        meta = self.kernel().meta
        table = meta["inputs"]
        fixed = set(meta["fixed"])
        out: dict[str, float | complex] = {}
        for name, raw in (values or {}).items():
            if name not in table:
                raise unknown_input(name, meta)
            if name in fixed:
                raise ParameterValueError(name, raw, "is fixed in this study; make it free to set it")
            info = table[name]
            value = to_natural(raw, info["dim"], name)
            out[name] = check_value(name, value, info["domain"])
        if set(out) & set(_WOLFENSTEIN):
            from lqmodel.symbols.ckm import check_wolfenstein

            merged = {n: default_value(table[n]) for n in _WOLFENSTEIN} | {
                n: out[n] for n in out if n in _WOLFENSTEIN
            }
            check_wolfenstein(*(merged[n] for n in _WOLFENSTEIN))
        return out

    def on(self, values: Mapping[str, Any] | None = None, /, **by_name: Any) -> dict[str, Any]:
        """Every output of the kernel over arrays of inputs: a grid, a line, a sample.

        ``study.on(yL3=np.linspace(-1, 1, 50)[:, None], yR2=np.linspace(-1, 1, 40))`` broadcasts
        its arrays together (numpy rules) and returns a dict of arrays of that shape: each
        observable (complex ones as complex arrays), each named coupling, and each Wilson
        coefficient (``"JMS:VnudLL_3312"``), plus the inputs given.  A scalar may carry a unit
        (``m_S1="2 TeV"``); array entries are numbers in the input's natural (GeV-based) unit,
        like the numbers of a scan.  Unset inputs take their default.  Every value is validated
        (name, fixed or free, finite, domain) before the kernel runs.

        Raises:
            UnknownNameError, ParameterValueError, UnitError: as :meth:`point`.
        """
        import numpy as np

        from lqmodel.core.parameters import check_value

        given = {**dict(values or {}), **by_name}
        if (study := self._for(given)) is not self:
            return study.on(given)
        kernel = self.kernel()
        meta = kernel.meta
        table = meta["inputs"]
        scalars = {k: v for k, v in given.items() if np.ndim(v) == 0 and not isinstance(v, np.ndarray)}
        point = self.point(scalars)
        arrays: dict[str, Any] = {}
        for name, raw in given.items():
            if name in scalars:
                continue
            if name not in table:
                raise unknown_input(name, meta)
            if name in meta["fixed"]:
                raise ParameterValueError(name, "(array)", "is fixed in this study; make it free to set it")
            a = np.asarray(raw)
            domain = table[name]["domain"]
            if a.dtype.kind not in "biufc" or a.dtype.kind == "b":
                raise ParameterValueError(name, "(array)", "must be an array of numbers")
            bad = ~np.isfinite(a)
            if domain != "complex" and a.dtype.kind == "c":
                bad |= a.imag != 0
            re = a.real if a.dtype.kind == "c" else a
            if domain == "positive":
                bad |= ~(re > 0)
            elif domain == "nonnegative":
                bad |= ~(re >= 0)
            if bad.any():
                first = a.flat[int(np.flatnonzero(bad.ravel())[0])]
                check_value(name, first.item(), domain)  # raises the one-line error for the first bad value
            arrays[name] = a if domain == "complex" else re.astype(float)
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
        flat = kernel(
            _kernel_args(
                kernel.inputs,
                lambda n: arrays.get(n, point[n] if n in point else default_value(table[n])),
                shape,
            )
        )
        out: dict[str, Any] = {}
        for key, v in flat.items():
            v = np.asarray(v)
            out[key] = (
                v if v.shape == (int(np.prod(shape)),) else np.broadcast_to(v, (int(np.prod(shape)),))
            ).reshape(shape)
        for name, a in arrays.items():
            out.setdefault(name, np.broadcast_to(a, shape))
        for name, v in point.items():
            out.setdefault(name, np.full(shape, v))
        return out

    def sm(self) -> dict[str, float | complex]:
        """Each observable with every coupling entry 0 (the SM limit of the same formulas)."""
        return dict(self.at().sm)

    def at(self, values: Mapping[str, Any] | None = None, /, **by_name: Any) -> PointResult:
        """The result at one point: ``study.at(yL3=1.0, m_S1="2 TeV")``.

        Unset inputs take their default (coupling entries 0, the SM limit).  The SM column of
        the result is the same program with every coupling entry 0.
        """
        import numpy as np

        values = {**dict(values or {}), **by_name}
        if (study := self._for(values)) is not self:
            return study.at(values)
        kernel = self.kernel()
        meta = kernel.meta
        point = self.point(values)
        table = meta["inputs"]

        def column(name: str) -> list:  # the point, and the SM limit: every coupling entry 0
            v = point[name] if name in point else default_value(table[name])
            return [v, 0.0 if table[name]["coupling"] else v]

        out = kernel(_kernel_args(kernel.inputs, column, (2,)))
        used = set(meta["used"]) | set(point)
        inputs = {}
        for name in table:
            if name in used:
                v = point[name] if name in point else default_value(table[name])
                source = "set" if name in point else table[name]["source"]
                inputs[name] = InputValue(v, natural_unit(table[name]["dim"]), source)
        observables, sm, couplings, wilson = {}, {}, {}, {}
        for key, _ in kernel.outputs:
            v, v_sm = np.broadcast_to(out[key], (2,))  # a constant output (no inputs at all) too
            if key in meta["observables"]:
                info = meta["observables"][key]
                observables[key] = complex(v) if info["complex"] else float(v)
                sm[key] = complex(v_sm) if info["complex"] else float(v_sm)
            elif ":" in key:
                basis, name = key.split(":", 1)
                wilson.setdefault(basis, {})[name] = complex(v)
            else:
                couplings[key] = complex(v)
        return PointResult(
            self.model.name,
            inputs,
            couplings,
            wilson,
            meta["scale"],
            observables,
            sm,
            _with_point_notes(
                meta["observables"], lambda n: point[n] if n in point else default_value(table[n])
            ),
            meta["excluded"],
            meta.get("unread", {}),
        )


def _kernel_args(inputs, value_of, shape: tuple) -> dict:
    """The kernel's flat input arrays of ``shape``: for each input key (``name`` or ``name.re`` /
    ``name.im`` of a complex input), ``value_of(name)`` broadcast, its real or imaginary part."""
    import numpy as np

    args = {}
    for key in inputs:
        name, _, part = key.partition(".")
        v = np.asarray(value_of(name))
        v = (v.real if part == "re" else v.imag) if part else v.real
        args[key] = np.broadcast_to(v.astype(float), shape).ravel()
    return args


def _with_point_notes(info: Mapping[str, Mapping], value) -> Mapping[str, Mapping]:
    """The observables' info with what this point makes of them, under ``contributions``: a B → K(*)Z′
    rate above its threshold is 0 and says why (:func:`lqmodel.observables.zprime.threshold_notes`)."""
    from lqmodel.observables.zprime import threshold_notes

    notes = threshold_notes(value, info)
    if not notes:
        return info
    return {
        k: {**v, "contributions": {**v["contributions"], "phase space": notes[k]}} if k in notes else v
        for k, v in info.items()
    }


def _key_of(item) -> object:
    """What identifies an observable in a cache key: a name, or a user definition's text."""
    if isinstance(item, str):
        return item
    text = item.expr if isinstance(getattr(item, "expr", None), str) else getattr(item, "definition", "")
    return ("observable", item.name, text, item.unit, item.scale, item.latex, bool(item.complex))


def default_value(info: Mapping) -> float | complex:
    """The default (natural) value of an input from its entry in a kernel's meta."""
    v = info["value"]
    return complex(v[0], v[1]) if isinstance(v, list) else v


def unknown_input(name: str, meta: Mapping) -> UnknownNameError:
    """The error for a name that is not an input, from a kernel's meta (no sympy needed)."""
    return unknown_input_error(name, meta["removed"], meta["derived"], meta["inputs"])


@attrs.frozen
class PointResult:
    """Everything at one point: inputs used (with units), couplings, Wilson coefficients, observables.

    ``sm`` holds each observable with every coupling entry 0; ``info`` the observables' units,
    forms, SM values and measurements; ``excluded`` the observables left out for the model, with
    the reason; ``unread`` the coefficients the model generates that no observable reads, by
    sector (what lqmodel does not compute for it).
    """

    model: str
    inputs: Mapping[str, InputValue]
    couplings: Mapping[str, complex]
    wilson: Mapping[str, Mapping[str, complex]]
    scale: float
    observables: Mapping[str, float | complex]
    sm: Mapping[str, float | complex]
    info: Mapping[str, Mapping] = attrs.field(factory=dict, repr=False)
    excluded: Mapping[str, str] = attrs.field(factory=dict)
    unread: Mapping[str, list] = attrs.field(factory=dict, repr=False)

    def wilson_coefficients(self, basis: str = "JMS") -> dict[str, complex]:
        """The nonzero Wilson coefficients in ``basis`` at :attr:`scale`."""
        if basis not in self.wilson:
            raise UnknownNameError(
                "basis of this result",
                basis,
                self.wilson,
                hint=f"this study computed {', '.join(self.wilson) or 'no'} coefficients",
            )
        return {k: v for k, v in self.wilson[basis].items() if v != 0}

    def ratio(self, name: str) -> float | None:
        """Observable over its SM-limit value (None where the SM value is 0)."""
        sm = self.sm[name]
        return (
            None
            if sm == 0
            else abs(self.observables[name] / sm)
            if isinstance(sm, complex)
            else self.observables[name] / sm
        )

    def to_json(self) -> dict:
        """The JSON document of ``lqmodel evaluate --json``."""

        def num(v):
            return {"Re": v.real, "Im": v.imag} if isinstance(v, complex) else v

        doc = {
            "model": self.model,
            "parameters": {k: num(v.value) for k, v in self.inputs.items()},
            "couplings": {k: {"Re": v.real, "Im": v.imag} for k, v in self.couplings.items()},
        }
        if "JMS" in self.wilson:
            doc["wilson"] = wcxf_document(self.scale, "JMS", self.wilson["JMS"])
        doc["observables"] = {k: num(v) for k, v in self.observables.items()}
        doc["forms"] = {k: info["form"] for k, info in self.info.items()}
        parts = {k: info["contributions"] for k, info in self.info.items() if info.get("contributions")}
        if parts:
            doc["contributions"] = parts
        if self.excluded:
            doc["not_evaluated"] = dict(self.excluded)
        if self.unread:
            doc["not_computed_coefficients"] = {k: list(v) for k, v in self.unread.items()}
        return doc

    def _repr_latex_(self) -> str:
        rows = []
        for name, v in self.observables.items():
            info = self.info.get(name, {})
            label = info.get("latex") or rf"\mathrm{{{_tex_escape(name)}}}"
            rows.append(rf"{label} = {_tex_number(v)}")
        return "$" + r",\ ".join(rows) + "$" if rows else rf"$\mathrm{{{_tex_escape(self.model)}}}$"


def _tex_escape(text: str) -> str:
    return text.replace("_", r"\_").replace("->", r"\to ")


def _tex_number(v) -> str:
    if isinstance(v, complex):
        return rf"({_tex_number(v.real)} {'+' if v.imag >= 0 else '-'} {_tex_number(abs(v.imag))}\,i)"
    mant, _, exp = f"{v:.4g}".partition("e")
    return rf"{mant} \times 10^{{{int(exp)}}}" if exp else mant


def wcxf_document(scale: float, basis: str, values: Mapping[str, complex]) -> dict:
    """A WCxf dict: real values as numbers, complex ones as {"Re": x, "Im": y}; zeros left out."""
    out = {}
    for name, v in sorted(values.items()):
        if v == 0:
            continue
        out[name] = v.real if v.imag == 0 else {"Re": v.real, "Im": v.imag}
    return {"eft": "WET", "basis": basis, "scale": scale, "values": out}


def evaluate(
    model: Model, values: Mapping[str, Any] | None = None, /, *, form: str = "general", **by_name: Any
) -> PointResult:
    """Every observable of ``model`` at one point, with couplings and Wilson coefficients.

    ``lqmodel.evaluate(model, yL3=1.0, m_S1="2 TeV")`` is ``Study(model, form=form).at(...)``.
    """
    return Study(model, form=form).at(values, **by_name)
