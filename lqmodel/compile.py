"""Compile a model's observables into one numpy function of the scanned parameters.

The symbolic chain is joined once, here, and only here:

    observable(WET coefficients, SM inputs, CKM)  ←  WET(named couplings, m_S1)
        ←  named couplings(coupling entries, CKM)  ←  CKM(λ, A, ρ, η).

Every parameter that is not scanned is substituted by its number (constants folded), the
complex algebra is split into real arithmetic for the real scanned parameters, common
subexpressions are shared across all outputs (sympy.cse), and the result is printed as
plain numpy source.  A :class:`Kernel` holds that source and its explicit argument order;
it is cached on disk, so a repeated scan needs neither the derivation nor sympy.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

__all__ = ["Kernel", "Program", "build_kernel", "cache_dir", "kernel_for", "model_program"]


def cache_dir() -> Path:
    """Where compiled kernels live: $LQMODEL_CACHE, else ~/.cache/lqmodel."""
    root = os.environ.get("LQMODEL_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "lqmodel")
    return Path(root)


@attrs.frozen
class Kernel:
    """A compiled function ``inputs (arrays) -> outputs (arrays)`` with its numpy source."""

    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    source: str
    _func: object = attrs.field(default=None, eq=False, repr=False)

    def function(self):
        """The callable, built from the source (numpy only)."""
        if self._func is None:
            import numpy

            namespace: dict = {"numpy": numpy}
            exec(compile(self.source, "<lqmodel kernel>", "exec"), namespace)
            object.__setattr__(self, "_func", namespace["kernel"])
        return self._func

    def __call__(self, arrays: Mapping[str, object]) -> dict[str, object]:
        values = self.function()(*(arrays[n] for n in self.inputs))
        return dict(zip(self.outputs, values, strict=True))

    def to_json(self) -> str:
        return json.dumps({"inputs": self.inputs, "outputs": self.outputs, "source": self.source})

    @classmethod
    def from_json(cls, text: str) -> Kernel:
        d = json.loads(text)
        return cls(tuple(d["inputs"]), tuple(d["outputs"]), d["source"])


@attrs.frozen
class Program:
    """Intermediate assignments (symbol, expression) in order, then the outputs."""

    stages: tuple = attrs.field(eq=False)        # ((symbol, expr), ...)
    outputs: dict = attrs.field(eq=False)        # name -> expr


def model_program(model, observables: Sequence, fixed: Mapping[str, object], free: Sequence[str]) -> Program:
    """The observables of ``model`` as a program in the ``free`` parameters only.

    Named couplings (Y_b...) and WET coefficients stay intermediate variables, so that
    nothing is expanded; every other parameter is replaced by its number (``fixed``
    overrides the defaults).  WET coefficients the model does not generate are 0 (the
    observable takes its SM value there).  Scalar and tensor charged-current coefficients
    are run to m_b with the paper's η_S, η_T.
    """
    import sympy

    from .errors import ModelDefinitionError
    from .evaluate import WOLFENSTEIN, point
    from .flavour import ckm_exact, ckm_symbols
    from .formula import param_symbol
    from .matching import named_symbols
    from .running import paper_factor
    from .wet import is_wet_name

    pt = point(model, fixed)
    free_syms = {pt_symbol(model, n) for n in free}
    named = named_symbols(model)
    subs = {s: v for s, v in pt.subs.items() if s not in free_syms and s not in named}
    stages = []
    if set(WOLFENSTEIN) & set(free):
        for s_, v in zip(ckm_symbols(), ckm_exact(), strict=True):
            subs.pop(s_, None)
            stages.append((s_, v.xreplace(subs)))
    wet = _jms_values(model)
    used_wet = sorted({s for o in observables for s in o.formula.expr.free_symbols if is_wet_name(s.name)},
                      key=lambda s: s.name)
    wet_stages = []
    for sym in used_wet:
        factor = paper_factor(sym.name)
        e = wet.get(sym.name, 0) * (param_symbol(factor) if factor else 1)
        wet_stages.append((sym, sympy.sympify(e).xreplace(subs)))
    needed_named = {s for _, e in wet_stages for s in e.free_symbols} & set(named)
    stages += [(s_, named[s_].xreplace(subs)) for s_ in sorted(needed_named, key=lambda x: x.name)]
    for sym, e in wet_stages:               # fold coefficients the model does not generate
        if e.free_symbols:
            stages.append((sym, e))
        else:
            subs[sym] = e
    outputs = {}
    known = free_syms | {s_ for s_, _ in stages}
    for obs in observables:
        reason = unsupported(model, obs)
        if reason:
            raise ModelDefinitionError(f"observable {obs.name!r} for model {model.name!r}", reason)
        expr = obs.formula.expr.xreplace(subs)
        stray = expr.free_symbols - known
        if stray:
            names = ", ".join(sorted(x.name for x in stray))
            raise ModelDefinitionError(f"observable {obs.name!r}", f"depends on unset symbols {names}")
        outputs[obs.name] = expr
    return Program(tuple(stages), outputs)


@functools.cache
def _jms_values(model) -> dict:
    """The model's WET coefficients at the matching scale, JMS names to sympy expressions."""
    from .bases import to_basis
    from .wcxf import effective_lagrangian

    return dict(to_basis(effective_lagrangian(model), "JMS").values)


def _generated(model) -> frozenset[str]:
    """JMS names of the WET coefficients the model generates (structurally nonzero)."""
    return frozenset(n for n, e in _jms_values(model).items() if e != 0)


def _boxes_cover(model) -> bool:
    """Whether lqmodel.loops computes the ΔF = 2 boxes of every down-quark coupling of the model."""
    for v in model.vertices:
        touches_d = "d" in (v.left.species.name, v.right.species.name)
        covered = (v.left.species.name == "d" and v.left.c and v.right.species.name == "nu"
                   and v.projector == "L")
        if touches_d and not covered:
            return False
    return True


def unsupported(model, observable) -> str | None:
    """Why ``observable`` would be incomplete for ``model`` (None if it is complete).

    An observable reads the WET coefficients of a process for some lepton flavours (e.g. the
    diagonal ν_ℓ ν̄_ℓ of b → sνν̄, or τ ν̄_τ of b → cτν̄); if the model generates the same
    process with other lepton flavours (lepton-flavour-violating neutrino pairs, or light
    leptons in the normalisation of R(D)), its value would silently be wrong.
    ΔF = 2 observables need boxes lqmodel computes only for d̄^c P_L ν couplings.
    """
    import re

    from .wet import is_wet_name

    read = {s.name for s in observable.formula.expr.free_symbols if is_wet_name(s.name)}
    pattern = re.compile(r"^[VST]([a-z]+)[LR]{2}_(\d\d)(\d\d)$")
    leptons: dict[tuple[str, str], set[str]] = {}      # (species, quark indices) -> lepton pairs read
    for name in read:
        species, lep, quarks = pattern.match(name).groups()
        leptons.setdefault((species, quarks), set()).add(lep)
    if any(species == "dd" for species, _ in leptons) and not _boxes_cover(model):
        return "the model's ΔF = 2 boxes are not implemented (only for d̄^c P_L ν couplings)"
    missing = []
    for name in sorted(_generated(model) - read):
        m = pattern.match(name)
        if m and (m.group(1), m.group(3)) in leptons and m.group(2) not in leptons[(m.group(1), m.group(3))]:
            missing.append(name)            # the same process with lepton flavours it does not read
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        return (f"its formula does not include {', '.join(missing[:3])}{more}, "
                "which this model generates")
    return None


def pt_symbol(model, name: str):
    """The symbol of parameter ``name`` as the model's formulas use it."""
    entries = model.coupling_entries()
    if name in entries:
        return entries[name][0]
    from .formula import param_symbol

    return param_symbol(name)




def build_kernel(program: Program, inputs: Sequence) -> Kernel:
    """Print ``program`` (sympy, in the symbols ``inputs``) as one numpy function.

    When every input is real, the complex algebra is lowered to real arithmetic on (Re, Im)
    pairs (:mod:`lqmodel.codegen`): measured faster in whole scans than numpy's complex
    arrays (bench/README.md).  Otherwise, or for a function the lowering does not know, the
    program is printed with complex numpy and shared CSE.
    """
    from .codegen import Unsupported, complex_source, real_source

    names = (tuple(str(s) for s in inputs), tuple(program.outputs))
    if all(s.is_real for s in inputs):
        try:
            return Kernel(*names, real_source(program, inputs))
        except Unsupported:
            pass
    return Kernel(*names, complex_source(program, inputs))


KERNEL_FORMAT = 2


def cache_key(*parts: object) -> str:
    """A stable hash of everything a kernel depends on."""
    from . import __version__

    h = hashlib.sha256(f"{__version__}/{KERNEL_FORMAT}".encode())
    for p in parts:
        h.update(repr(p).encode())
    return h.hexdigest()[:24]


@functools.cache
def _package_fingerprint() -> str:
    """Hash of lqmodel's own code and data: a kernel is rebuilt when either changes.

    (Editing the derivation in an editable install must not leave stale kernels behind.)
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted([*root.rglob("*.py"), *root.rglob("*.yaml")]):
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def kernel_for(model, observables: Sequence[str], fixed: Mapping[str, object], free: Sequence[str],
               use_cache: bool = True) -> Kernel:
    """The compiled kernel of ``observables`` of ``model`` in the ``free`` parameters.

    Looked up in :func:`cache_dir` first: a cached kernel is loaded without sympy.
    """
    key = cache_key(repr(model), tuple(observables), tuple(sorted((k, str(v)) for k, v in fixed.items())),
                    tuple(free), _package_fingerprint())
    path = cache_dir() / f"kernel-{model.name}-{key}.json"
    if use_cache and path.is_file():
        return Kernel.from_json(path.read_text())
    from .observables import catalogue

    program = model_program(model, catalogue(list(observables)), fixed, free)
    kernel = build_kernel(program, [pt_symbol(model, n) for n in free])
    if use_cache:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
            tmp.write_text(kernel.to_json())
            os.replace(tmp, path)
        except OSError:
            pass            # a read-only cache only costs speed
    return kernel
