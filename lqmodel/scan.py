"""Chunked, resumable parameter scans with declarative constraints.

A scan spec (YAML) names the sampled parameters with their ranges and sampling, fixed
overrides, constraints (an observable, an interval or comparator, and the source of the
bound) and the observables to keep.  Points are drawn in fixed blocks of
:data:`BLOCK` points, each from its own seed ``SeedSequence(seed, spawn_key=(block,))``, so
the same seed gives the same points — and the same accepted points — whatever the chunk
size or the number of workers.  Each chunk is written atomically (``chunk-NNNNNN.npz`` then
the manifest), so a scan killed at any moment resumes with ``--resume`` without losing or
duplicating points.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs

from .errors import LQModelError, ParameterValueError, UnknownNameError

__all__ = [
    "BLOCK",
    "Constraint",
    "Sampling",
    "ScanDirectoryError",
    "ScanSpec",
    "load_scan",
    "load_spec",
    "sample_block",
]

BLOCK = 1 << 16          # points per RNG block: the unit of reproducibility
SAMPLINGS = ("uniform", "log", "grid", "lhs")


class ScanDirectoryError(LQModelError, FileExistsError):
    """An output directory that holds a different scan."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"output directory {self.path!r} {self.reason}"


@attrs.frozen
class Sampling:
    """How one parameter is sampled: ``uniform``, ``log`` (log-uniform), ``grid`` or ``lhs``."""

    name: str
    low: float
    high: float
    method: str = "uniform"
    unit: str = ""

    def __attrs_post_init__(self) -> None:
        if self.method not in SAMPLINGS:
            raise ParameterValueError(self.name, self.method,
                                      f"sampling must be one of {', '.join(SAMPLINGS)}")
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ParameterValueError(self.name, (self.low, self.high), "the range must be finite")
        if not self.low < self.high:
            raise ParameterValueError(self.name, (self.low, self.high),
                                      "the range is empty or inverted (need low < high)")
        if self.method == "log" and self.low <= 0:
            raise ParameterValueError(self.name, (self.low, self.high), "log sampling needs low > 0")


@attrs.frozen
class Constraint:
    """``low < observable < high`` (either side may be open), with the source of the bound."""

    observable: str
    low: float | None = None
    high: float | None = None
    source: str = ""
    unit: str = ""

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
        return f"{lo}{self.observable}{hi}" + (f"  [{self.source}]" if self.source else "")


@attrs.frozen
class ScanSpec:
    """A whole scan: sampled parameters, fixed values, constraints, what to keep."""

    name: str
    parameters: tuple[Sampling, ...]
    fixed: tuple[tuple[str, object], ...] = ()
    constraints: tuple[Constraint, ...] = ()
    keep: tuple[str, ...] = ()
    source: str = ""

    @property
    def observables(self) -> tuple[str, ...]:
        """Every observable the scan needs (constraints first, then kept ones)."""
        names = [c.observable for c in self.constraints] + [k for k in self.keep]
        sampled = {p.name for p in self.parameters}
        return tuple(dict.fromkeys(n for n in names if n not in sampled))

    def fingerprint(self) -> str:
        import hashlib

        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]


def _number(value: object, unit: str, name: str) -> float:
    from .units import to_natural

    return float(to_natural(value, unit or "", name))


def load_spec(path: str | Path | None = None, text: str | None = None) -> ScanSpec:
    """Read a scan spec from YAML (a file, or ``text``)."""
    import yaml

    raw = yaml.safe_load(text if text is not None else Path(path).read_text())
    where = str(path or "scan spec")
    if not isinstance(raw, dict) or "parameters" not in raw:
        from .errors import ModelDefinitionError

        raise ModelDefinitionError(where, "a scan spec needs a 'parameters' mapping")
    params = []
    for name, p in raw["parameters"].items():
        unit = p.get("unit", "")
        lo, hi = (_number(v, unit, name) for v in p["range"])
        params.append(Sampling(name, lo, hi, p.get("sampling", "uniform"), unit))
    constraints = []
    for c in raw.get("constraints", []):
        unit = c.get("unit", "")
        lo = c.get("min", c.get("between", [None, None])[0])
        hi = c.get("max", c.get("between", [None, None])[1])
        constraints.append(Constraint(
            c["observable"], None if lo is None else _number(lo, unit, c["observable"]),
            None if hi is None else _number(hi, unit, c["observable"]), c.get("source", ""), unit))
    return ScanSpec(raw.get("name", Path(where).stem), tuple(params),
                    tuple(sorted((raw.get("fixed") or {}).items())), tuple(constraints),
                    tuple(raw.get("keep", [])), raw.get("source", ""))


def sample_block(spec: ScanSpec, seed: int, block: int, n_total: int):
    """The points of RNG block ``block``: a dict name -> array (the last block may be short)."""
    import numpy as np

    start = block * BLOCK
    size = min(BLOCK, n_total - start)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))
    out = {}
    n_grid = [p for p in spec.parameters if p.method == "grid"]
    per_axis = max(2, round(n_total ** (1 / len(n_grid)))) if n_grid else 0
    index = np.arange(start, start + size)
    for p in spec.parameters:
        if p.method == "grid":
            axis = n_grid.index(p)
            i = (index // per_axis**axis) % per_axis
            out[p.name] = p.low + (p.high - p.low) * i / (per_axis - 1)
            continue
        if p.method == "lhs":       # stratified within the block: one point per stratum
            u = (rng.permutation(size) + rng.uniform(size=size)) / size
        else:
            u = rng.uniform(size=size)
        if p.method == "log":
            out[p.name] = np.exp(np.log(p.low) + (np.log(p.high) - np.log(p.low)) * u)
        else:                        # low + (high - low) u, in place
            u *= p.high - p.low
            u += p.low
            out[p.name] = u
    return out


def _write_atomic(path: Path, writer: Callable[[str], None]) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    writer(str(tmp))
    os.replace(tmp, path)


def _save_chunk(path: Path, arrays: Mapping[str, object]) -> None:
    import numpy as np

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)

    _write_atomic(path, write)


def _save_manifest(out: Path, manifest: dict) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "w") as fh:
            json.dump(manifest, fh, indent=1)

    _write_atomic(out / "manifest.json", write)


def load_scan(out: str | Path, as_frame: bool = False):
    """The accepted points of a scan directory: a dict of numpy arrays (or a pandas DataFrame)."""
    import numpy as np

    out = Path(out)
    manifest = json.loads((out / "manifest.json").read_text())
    parts: dict[str, list] = {}
    for chunk in sorted(manifest["done"]):
        with np.load(out / f"chunk-{chunk:06d}.npz") as data:
            for k in data.files:
                parts.setdefault(k, []).append(data[k])
    columns = manifest["columns"]
    arrays = {k: np.concatenate(parts[k]) if k in parts else np.empty(0) for k in columns}
    if as_frame:
        import pandas as pd

        return pd.DataFrame(arrays)
    return arrays


def _keep_heap() -> None:
    """Ask glibc to keep freed block-sized arrays on the heap instead of unmapping them.

    A scan allocates and frees the same few-hundred-kB arrays for every block; by default
    glibc maps and unmaps each one, and the page faults cost about a tenth of a scan
    (measured in bench/README.md).  Elsewhere, or if the call fails, nothing changes.
    """
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 1 << 26)     # M_MMAP_THRESHOLD: 64 MiB
        libc.mallopt(-1, 1 << 27)     # M_TRIM_THRESHOLD: 128 MiB
    except (OSError, AttributeError):
        pass


def run_chunk(kernel, spec: ScanSpec, seed: int, blocks: range, n_total: int) -> dict:
    """Sample ``blocks``, evaluate, apply the constraints; return the kept columns."""
    import numpy as np

    kept: dict[str, list] = {}
    for b in blocks:
        pts = sample_block(spec, seed, b, n_total)
        values = kernel(pts)
        ok = np.ones(len(next(iter(pts.values()))), dtype=bool)
        for c in spec.constraints:
            ok &= c.mask(values[c.observable])
        idx = np.flatnonzero(ok)        # one index array serves every column
        cols = {**{p.name: pts[p.name] for p in spec.parameters},
                **{n: values[n] for n in spec.keep if n in values}}
        for k, v in cols.items():
            kept.setdefault(k, []).append(v.take(idx))
    return {k: np.concatenate(v) for k, v in kept.items()}


def _is_temporary(f: Path) -> bool:
    return f.is_file() and (f.name.startswith("chunk-") or f.name.startswith("manifest.json")) \
        and ".tmp-" in f.name


def _remove_stale_temporaries(out: Path) -> None:
    """Delete the half-written files of a killed scan (``chunk-*.npz.tmp-PID``, ``manifest.json.tmp-*``)."""
    for f in out.iterdir():
        if _is_temporary(f):
            f.unlink(missing_ok=True)


def _drop_unreadable_chunks(out: Path, manifest: dict) -> None:
    """Forget recorded chunks whose file is missing or unreadable, so resume recomputes them.

    Chunk files are not fsynced (a killed process loses nothing: the page cache survives it);
    this check covers the rarer loss of a file to an operating-system crash.
    """
    import zipfile

    import numpy as np

    counts = manifest.setdefault("counts", {})
    for c in list(manifest["done"]):
        path = out / f"chunk-{c:06d}.npz"
        try:
            with np.load(path) as data:
                n = len(data[manifest["columns"][0]])
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            n = None
        if n is None or n != counts.get(str(c), n):
            manifest["done"].remove(c)
            counts.pop(str(c), None)
    manifest["kept"] = sum(counts.values()) if counts else manifest.get("kept", 0)


def prepare_output(out: Path, spec: ScanSpec, model_name: str, seed: int, n: int,
                   chunk_blocks: int, resume: bool) -> dict:
    """Create or reopen the output directory; refuse one that holds another scan."""
    ident = {"model": model_name, "spec": spec.fingerprint(), "seed": seed, "points": n, "block": BLOCK}
    manifest_path = out / "manifest.json"
    if out.exists() and not out.is_dir():
        raise ScanDirectoryError(str(out), "is a file, not a directory")
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text())
        if not resume:
            raise ScanDirectoryError(str(out), "already holds a scan; use --resume to continue it, "
                                     "or choose another --out")
        if {k: old.get(k) for k in ident} != ident:
            diff = ", ".join(k for k in ident if old.get(k) != ident[k])
            raise ScanDirectoryError(str(out), f"holds a different scan (differs in {diff})")
        old["chunk_blocks"] = old.get("chunk_blocks", chunk_blocks)
        _remove_stale_temporaries(out)
        _drop_unreadable_chunks(out, old)
        return old
    if out.exists() and all(_is_temporary(f) for f in out.iterdir()):
        _remove_stale_temporaries(out)          # a scan killed while writing its first manifest
    if out.exists() and any(out.iterdir()):
        raise ScanDirectoryError(str(out), "is not empty and holds no lqmodel scan")
    out.mkdir(parents=True, exist_ok=True)
    sampled = [p.name for p in spec.parameters]
    columns = sampled + [k for k in spec.keep if k not in sampled]
    manifest = {**ident, "chunk_blocks": chunk_blocks, "done": [], "kept": 0, "counts": {},
                "columns": columns,
                "constraints": [c.describe() for c in spec.constraints], "name": spec.name}
    _save_manifest(out, manifest)
    return manifest


def scan(kernel, spec: ScanSpec, model_name: str, n: int, seed: int, out: str | Path, *,
         resume: bool = False, chunk_points: int = 1 << 20, dask_address: str | None = None,
         progress: bool = True) -> dict:
    """Run (or resume) a scan; returns the summary ``{points, kept, seconds, out}``."""
    if not isinstance(n, int) or n <= 0:
        raise ParameterValueError("--points", n, "needs a positive number of points")
    if not isinstance(seed, int) or seed < 0:
        raise ParameterValueError("--seed", seed, "needs a non-negative integer")
    for c in spec.constraints:
        if c.observable not in kernel.outputs and c.observable not in {p.name for p in spec.parameters}:
            raise UnknownNameError("observable", c.observable, kernel.outputs)
    t0 = time.perf_counter()
    _keep_heap()
    out = Path(out)
    n_blocks = -(-n // BLOCK)
    chunk_blocks = max(1, chunk_points // BLOCK)
    manifest = prepare_output(out, spec, model_name, seed, n, chunk_blocks, resume)
    chunk_blocks = manifest["chunk_blocks"]
    n_chunks = -(-n_blocks // chunk_blocks)
    todo = [c for c in range(n_chunks) if c not in set(manifest["done"])]

    def blocks_of(c: int) -> range:
        return range(c * chunk_blocks, min(n_blocks, (c + 1) * chunk_blocks))

    bar = _progress(len(todo), progress)

    def finish(c: int, arrays: dict) -> None:
        _save_chunk(out / f"chunk-{c:06d}.npz", arrays)       # first the data, then the record of it
        manifest["done"] = sorted({*manifest["done"], c})
        manifest["counts"][str(c)] = len(arrays[spec.parameters[0].name])
        manifest["kept"] = sum(manifest["counts"].values())
        _save_manifest(out, manifest)
        bar(1)

    if dask_address:
        _scan_dask(kernel, spec, seed, n, todo, blocks_of, finish, dask_address)
    else:
        for c in todo:
            finish(c, run_chunk(kernel, spec, seed, blocks_of(c), n))
    bar(0, close=True)
    return {"points": n, "kept": int(manifest["kept"]), "seconds": round(time.perf_counter() - t0, 3),
            "out": str(out)}


def _scan_dask(kernel, spec, seed, n, todo, blocks_of, finish, address) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise LQModelError("--dask needs the optional package: pip install 'lqmodel[dask]'") from err
    source = kernel.to_json()
    with Client(address) as client:
        futures = {client.submit(_remote_chunk, source, spec, seed, blocks_of(c), n, pure=False): c
                   for c in todo}
        for fut in as_completed(futures):
            finish(futures[fut], fut.result())


def _remote_chunk(kernel_json: str, spec: ScanSpec, seed: int, blocks: range, n: int) -> dict:
    from .compile import Kernel

    return run_chunk(Kernel.from_json(kernel_json), spec, seed, blocks, n)


def _progress(total: int, enabled: bool):
    import sys

    if not enabled or total == 0:
        return lambda k, close=False: None
    try:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="chunk", file=sys.stderr)

        def update(k: int, close: bool = False) -> None:
            bar.update(k)
            if close:
                bar.close()

        return update
    except ImportError:
        state = {"done": 0}

        def update(k: int, close: bool = False) -> None:
            state["done"] += k
            print(f"\rscan: {state['done']}/{total} chunks", end="\n" if close else "", file=sys.stderr)

        return update
