"""Compiled kernels: a program printed as numpy source, with what the warm path needs, cached on disk.

A :class:`Kernel` is plain data — the argument order, the outputs, the numpy source and a
``meta`` dict (the inputs with their units, defaults and domains, the observables' data, what
was left out and why) — so a cached one is loaded and run with numpy alone: no sympy, no pint.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

import attrs

from lqmodel.core.cache import cache_dir, package_fingerprint
from lqmodel.core.errors import LQModelError

__all__ = [
    "KERNEL_FORMAT",
    "Kernel",
    "cache_dir",
    "cache_key",
    "compile_program",
    "load_cached",
    "real_checked",
    "store",
]

#: Bumped whenever the artifact's layout changes, so that older cached kernels are rebuilt.
KERNEL_FORMAT = 3


@attrs.frozen
class Kernel:
    """A compiled function of real input arrays returning the outputs, with its numpy source.

    ``inputs`` are input keys (``yL3``, or ``yRL11.re`` / ``yRL11.im`` for the parts of a
    complex coupling); ``outputs`` are (key, complex) pairs.  Calling it with a mapping of
    input key → array returns output key → array (complex outputs as complex arrays).
    """

    inputs: tuple[str, ...]
    outputs: tuple[tuple[str, bool], ...]
    source: str
    meta: Mapping = attrs.field(factory=dict, eq=False, repr=False)
    _func: object = attrs.field(default=None, eq=False, repr=False)

    def function(self):
        """The callable, built from the source (numpy only)."""
        if self._func is None:
            import numpy

            namespace: dict = {"numpy": numpy}
            exec(compile(self.source, "<lqmodel kernel>", "exec"), namespace)
            object.__setattr__(self, "_func", namespace["kernel"])
        return self._func

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.outputs)

    def __call__(self, arrays: Mapping[str, object]) -> dict[str, object]:
        import numpy

        args = [arrays[n] for n in self.inputs]
        with numpy.errstate(all="ignore"):  # numpy.select evaluates branches it does not pick
            values = iter(self.function()(*args))
        # an output that depends on no input (a model that does not reach it) comes out a scalar:
        # give it the shape of the inputs, like every other output
        shape = numpy.broadcast_shapes(*(numpy.shape(a) for a in args)) if args else ()
        out = {}
        for key, is_complex in self.outputs:
            re = next(values)
            v = re + 1j * next(values) if is_complex else re
            out[key] = numpy.broadcast_to(v, shape) if numpy.ndim(v) == 0 and shape else v
        for key, info in self.meta.get("observables", {}).items():
            if key in out and not info["complex"]:
                out[key] = real_checked(key, out[key])
        return out

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": KERNEL_FORMAT,
                "inputs": self.inputs,
                "outputs": [list(o) for o in self.outputs],
                "source": self.source,
                "meta": self.meta,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Kernel:
        d = json.loads(text)
        if d.get("format") != KERNEL_FORMAT:
            raise ValueError("kernel format")
        return cls(
            tuple(d["inputs"]), tuple((k, bool(c)) for k, c in d["outputs"]), d["source"], d.get("meta", {})
        )


def compile_program(program, meta: Mapping | None = None) -> Kernel:
    """Print ``program`` as one numpy function.

    Every input is real (a complex coupling enters as two), so the complex algebra is lowered
    to real arithmetic on (Re, Im) pairs (:mod:`lqmodel.numeric.codegen`): measured faster in
    whole scans than numpy's complex arrays (bench/README.md).  For a function the lowering
    does not know, the program is printed with complex numpy and shared CSE instead.
    """
    from lqmodel.numeric.codegen import Unsupported, complex_source, real_source

    try:
        source = real_source(program)
    except Unsupported:
        source = complex_source(program)
    outputs = tuple((o.key, o.complex) for o in program.outputs)
    return Kernel(tuple(i.key for i in program.inputs), outputs, source, dict(meta or {}))


def cache_key(*parts: object) -> str:
    """A stable hash of everything a kernel depends on, lqmodel's own code and data included."""
    from lqmodel.core.version import __version__

    h = hashlib.sha256(f"{__version__}/{KERNEL_FORMAT}/{package_fingerprint()}".encode())
    for p in parts:
        h.update(repr(p).encode())
    return h.hexdigest()[:24]


def _path(name: str, key: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    return cache_dir() / f"kernel-{safe}-{key}.json"


def load_cached(name: str, key: str) -> Kernel | None:
    """The cached kernel of ``key``, or None (a missing, unreadable or outdated file is a miss)."""
    path = _path(name, key)
    try:
        return Kernel.from_json(path.read_text())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(name: str, key: str, kernel: Kernel) -> None:
    """Write ``kernel`` atomically to the cache; a read-only cache only costs speed."""
    path = _path(name, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
        tmp.write_text(kernel.to_json())
        os.replace(tmp, path)
    except OSError:
        pass


def real_checked(name: str, values):
    """The real part of a declared-real observable's values (a number or an array); an error naming
    the observable where an imaginary part is not negligible (above 1e-9 of the real part).

    A user-defined observable declared real is compiled with its imaginary part so that this can be
    checked (built-in real formulas are real by construction: |…|², Re …)."""
    import numpy as np

    a = np.asarray(values)
    if not np.iscomplexobj(a):
        return values
    bad = np.abs(a.imag) > 1e-9 * np.maximum(np.abs(a.real), 1e-300)
    if bad.any():
        z = complex(a.flat[int(np.flatnonzero(bad.ravel())[0])])
        raise LQModelError(
            f"observable {name!r} came out complex ({z:.6g}); it is declared real "
            "(define it with complex=True, or take abs(...)/re(...) of it)"
        )
    return a.real if a.ndim else float(a.real)
