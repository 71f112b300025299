"""Plots for any model and observable: contours over two inputs, correlations along a line, scans.

Each figure is computed first, as data (:class:`Grid`, :class:`Line`), then drawn on a
matplotlib Axes that the caller passes (or a new one); the drawing functions return that Axes
and keep no pyplot state, so they work in notebooks, in scripts and in the command line's
``lqmodel plot``.  Labels come from the study: LaTeX symbols of the inputs and observables,
their units, each observable's measurement as a ±1σ band, and the SM point.

    >>> study = Study(load_model("s1_lmu_ltau"), observables=["Rtaul(B->Dlnu)"])
    >>> grid = contour_data(study, ("yR2", -1.5, 1.5), ("yL3", -1.5, 1.5), ["Rtaul(B->Dlnu)"])
    >>> ax = plot_contour(grid, "Rtaul(B->Dlnu)")          # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from lqmodel.core.errors import LQModelError, ParameterValueError, UnknownNameError
from lqmodel.numeric.study import Study, natural_unit

__all__ = [
    "Axis",
    "Grid",
    "Line",
    "contour_data",
    "input_label",
    "line_data",
    "observable_label",
    "plot_contour",
    "plot_correlation",
    "plot_scan",
]


@attrs.frozen
class Axis:
    """An input varied along a plot axis: its name, range (natural GeV units) and number of points."""

    name: str
    low: float
    high: float
    n: int = 121

    def __attrs_post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high):
            raise ParameterValueError(
                self.name, [self.low, self.high], "needs a range [low, high] with low < high"
            )
        if self.n < 2:
            raise ParameterValueError(self.name, self.n, "needs at least 2 points along its axis")

    @classmethod
    def of(cls, item: Axis | Sequence, n: int = 121) -> Axis:
        """An Axis from ``Axis``, ``(name, low, high)`` or ``(name, low, high, n)``."""
        if isinstance(item, Axis):
            return item
        if isinstance(item, str) or not 3 <= len(item) <= 4:
            raise ParameterValueError(
                "axis", item, "must be (name, low, high) or (name, low, high, n), e.g. ('yL3', -1.5, 1.5)"
            )
        name, low, high, *rest = item
        return cls(str(name), float(low), float(high), int(rest[0]) if rest else n)

    def values(self):
        import numpy as np

        return np.linspace(self.low, self.high, self.n)


@attrs.frozen
class Grid:
    """Observables on a grid of two inputs: ``values[name]`` has shape ``(len(ys), len(xs))``."""

    x: Axis
    y: Axis
    xs: Any
    ys: Any
    values: Mapping[str, Any]
    sm: Mapping[str, Any]
    info: Mapping[str, Mapping]
    inputs: Mapping[str, Mapping]
    fixed: Mapping[str, Any] = attrs.field(factory=dict)

    def z(self, name: str, ratio: bool = False):
        """The grid of ``name`` (its ratio to the SM value with ``ratio``)."""
        _known(name, self.values)
        v = self.values[name]
        return v / self.sm[name] if ratio else v


@attrs.frozen
class Line:
    """Observables along a line in the inputs (``along`` varied, the rest fixed)."""

    along: Axis
    ts: Any
    values: Mapping[str, Any]
    sm: Mapping[str, Any]
    info: Mapping[str, Mapping]
    inputs: Mapping[str, Mapping]
    fixed: Mapping[str, Any] = attrs.field(factory=dict)

    def of(self, name: str, ratio: bool = False):
        _known(name, self.values)
        v = self.values[name]
        return v / self.sm[name] if ratio else v


def _known(name: str, values: Mapping) -> None:
    if name not in values:
        raise UnknownNameError("observable", name, values, hint="compute it in the study first")


def _observables_of(study: Study, names: Sequence[str], meta: Mapping) -> None:
    for name in names:
        if name not in meta["observables"]:
            if name in meta["excluded"]:
                raise LQModelError(
                    f"observable {name!r} is not computed for this model: {meta['excluded'][name]}"
                )
            raise UnknownNameError(
                f"observable of {study.model.name}",
                name,
                meta["observables"],
                hint="`lqmodel evaluate MODEL` lists the observables of a model",
            )


def _check_inputs(study: Study, axes: Sequence[Axis], meta: Mapping) -> None:
    for a in axes:
        if a.name not in meta["inputs"]:
            from lqmodel.numeric.study import unknown_input

            raise unknown_input(a.name, meta)
    if len(axes) == 2 and axes[0].name == axes[1].name:
        raise ParameterValueError(axes[0].name, axes[0].name, "is on both axes; choose two different inputs")


def contour_data(
    study: Study,
    x: Axis | Sequence,
    y: Axis | Sequence,
    observables: str | Sequence[str],
    *,
    values: Mapping[str, Any] | None = None,
    n: int = 121,
) -> Grid:
    """``observables`` on the grid of inputs ``x`` × ``y`` (each ``(name, low, high)``), the
    other inputs at ``values`` or their defaults."""
    import numpy as np

    x, y = Axis.of(x, n), Axis.of(y, n)
    names = [observables] if isinstance(observables, str) else list(observables)
    meta = study.kernel().meta
    _observables_of(study, names, meta)
    _check_inputs(study, (x, y), meta)
    xs, ys = x.values(), y.values()
    out = study.on(dict(values or {}), **{x.name: xs[None, :], y.name: ys[:, None]})
    sm = study.sm()
    return Grid(
        x,
        y,
        xs,
        ys,
        {k: np.asarray(out[k]) for k in names},
        {k: sm[k] for k in names},
        {k: meta["observables"][k] for k in names},
        {k: meta["inputs"][k] for k in (x.name, y.name)},
        dict(values or {}),
    )


def line_data(
    study: Study,
    along: Axis | Sequence,
    observables: str | Sequence[str],
    *,
    values: Mapping[str, Any] | None = None,
    n: int = 201,
) -> Line:
    """``observables`` along one input (``(name, low, high)``), the rest at ``values``."""
    import numpy as np

    along = Axis.of(along, n)
    names = [observables] if isinstance(observables, str) else list(observables)
    meta = study.kernel().meta
    _observables_of(study, names, meta)
    _check_inputs(study, (along,), meta)
    ts = along.values()
    out = study.on(dict(values or {}), **{along.name: ts})
    sm = study.sm()
    return Line(
        along,
        ts,
        {k: np.asarray(out[k]) for k in names},
        {k: sm[k] for k in names},
        {k: meta["observables"][k] for k in names},
        {along.name: meta["inputs"][along.name]},
        dict(values or {}),
    )


# -- labels -------------------------------------------------------------------------------------
def input_label(name: str, info: Mapping | None) -> str:
    """``$y_{L3}^q$`` or ``$m_{S_1}$ [GeV]``: the input's LaTeX symbol and unit."""
    tex = (info or {}).get("latex") or name.replace("_", r"\_")
    unit = natural_unit((info or {}).get("dim", 0))
    if (info or {}).get("domain") == "complex":  # an axis of real numbers: the real part, Im = 0
        tex = rf"\mathrm{{Re}}\,{tex}"
    return f"${tex}$" + (f" [{unit}]" if unit else "")


def observable_label(name: str, info: Mapping | None, ratio: bool = False) -> str:
    """The observable's LaTeX symbol (over its SM value with ``ratio``) and unit."""
    tex = (info or {}).get("latex") or r"\mathrm{" + name.replace("_", r"\_") + "}"
    if ratio:
        return f"${tex}/{{{tex}}}^{{\\rm SM}}$"
    unit = (info or {}).get("unit", "")
    return f"${tex}$" + (f" [{unit}]" if unit else "")


def measurement_band(info: Mapping | None, ratio_to: float | None = None) -> tuple[float, float] | None:
    """The ±1σ interval of the observable's measurement (None for a limit or no measurement)."""
    m = (info or {}).get("measurement")
    if not m or m.get("value") is None or m.get("error_up") is None:
        return None
    lo, hi = m["value"] - (m.get("error_down") or m["error_up"]), m["value"] + m["error_up"]
    if ratio_to:
        lo, hi = lo / ratio_to, hi / ratio_to
    return (lo, hi)


def _axes(ax):
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=(5.0, 4.2), layout="constrained").add_subplot()


# -- drawing ------------------------------------------------------------------------------------
def plot_contour(
    grid: Grid,
    observable: str,
    *,
    ax=None,
    levels: Sequence[float] | int | None = None,
    ratio: bool = False,
    band: bool = True,
    allowed: tuple[float | None, float | None] | None = None,
    color: str | None = None,
    linestyle: str = "solid",
    label: str | None = None,
    fill: bool = False,
):
    """Contours of ``observable`` on ``grid``; returns the Axes.

    Args:
        levels: contour levels (values in the observable's unit, or ratios with ``ratio``), or
            their number; default 7 levels chosen by matplotlib.
        ratio: draw observable/SM.
        band: shade where the observable lies within its measurement's ±1σ.
        allowed: (low, high) bounds; shade the region that satisfies them (Fig. 1 style) and
            draw its boundary.  Either bound may be None.
        fill: filled contours with a colour bar instead of lines.
    """
    import numpy as np

    ax = _axes(ax)
    z = np.asarray(grid.z(observable, ratio))
    if np.iscomplexobj(z):
        z = np.abs(z)
    info = grid.info[observable]
    X, Y = np.meshgrid(grid.xs, grid.ys)
    if allowed is not None:
        lo, hi = allowed
        ok = np.ones(z.shape, dtype=bool)
        if lo is not None:
            ok &= z >= lo
        if hi is not None:
            ok &= z <= hi
        ax.contourf(X, Y, ok.astype(float), levels=[0.5, 1.5], colors=[color or "tab:green"], alpha=0.35)
        ax.contour(X, Y, ok.astype(float), levels=[0.5], colors=[color or "tab:green"], linestyles=linestyle)
    if band:
        sm = grid.sm[observable] if ratio else None
        b = measurement_band(info, abs(sm) if ratio and sm else None)
        if b is not None:
            ax.contourf(X, Y, z, levels=list(b), colors=[color or "tab:blue"], alpha=0.2)
    if levels is not None or allowed is None:
        finite = z[np.isfinite(z)]
        if finite.size and finite.min() != finite.max():
            if fill:
                cs = ax.contourf(X, Y, z, levels=levels if levels is not None else 12)
                ax.figure.colorbar(cs, ax=ax, label=observable_label(observable, info, ratio))
            else:
                cs = ax.contour(
                    X, Y, z, levels=levels if levels is not None else 7, colors=color, linestyles=linestyle
                )
                ax.clabel(cs, fontsize=7, fmt=_fmt)
    ax.set_xlabel(input_label(grid.x.name, grid.inputs.get(grid.x.name)))
    ax.set_ylabel(input_label(grid.y.name, grid.inputs.get(grid.y.name)))
    if label is not None:
        ax.plot([], [], color=color or "k", linestyle=linestyle, label=label)
    return ax


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def plot_correlation(
    line: Line,
    x: str,
    y: str,
    *,
    ax=None,
    ratio_x: bool = False,
    ratio_y: bool = False,
    band: bool = True,
    sm: bool = True,
    color: str = "tab:green",
    linestyle: str = "solid",
    label: str | None = None,
):
    """``y`` against ``x`` along ``line``, with their ±1σ bands and the SM point; returns the Axes."""
    import numpy as np

    ax = _axes(ax)
    xv, yv = np.real(line.of(x, ratio_x)), np.real(line.of(y, ratio_y))
    ax.plot(xv, yv, color=color, linestyle=linestyle, label=label)
    if band:
        bx = measurement_band(line.info[x], abs(line.sm[x]) if ratio_x else None)
        by = measurement_band(line.info[y], abs(line.sm[y]) if ratio_y else None)
        if bx is not None:
            ax.axvspan(*bx, color="tab:blue", alpha=0.15, lw=0)
        if by is not None:
            ax.axhspan(*by, color="tab:red", alpha=0.15, lw=0)
    if sm:
        sx = 1.0 if ratio_x else np.real(line.sm[x])
        sy = 1.0 if ratio_y else np.real(line.sm[y])
        ax.plot([sx], [sy], "ks", ms=6, label="SM")
    ax.set_xlabel(observable_label(x, line.info[x], ratio_x))
    ax.set_ylabel(observable_label(y, line.info[y], ratio_y))
    return ax


def plot_scan(
    data: Mapping[str, Any],
    x: str,
    y: str,
    *,
    ax=None,
    color: str | None = None,
    levels: Sequence[float] | None = None,
    tolerance: float = 0.03,
    colors: Sequence[str] = ("tab:green", "gold", "tab:cyan", "tab:red", "tab:purple"),
    max_points: int = 200_000,
    labels: Mapping[str, Mapping] | None = None,
    marker_size: float = 2.0,
):
    """The accepted points of a scan (:func:`lqmodel.load_scan`) in the ``x``–``y`` plane.

    Args:
        color: a column to colour by; with ``levels``, only the points within ``tolerance``
            (relative) of each level are coloured (the paper's Fig. 2), otherwise a colour map.
        labels: ``{"inputs": ..., "observables": ...}`` meta for axis labels (a study's kernel
            meta, or the scan manifest's); column names otherwise.
    """
    import numpy as np

    for c in (x, y, *([color] if color else [])):
        if c not in data:
            raise UnknownNameError(
                "scan column", c, data, hint="`keep:` in the scan spec names the kept columns"
            )
    ax = _axes(ax)
    labels = labels or {}
    xv, yv = np.asarray(data[x]), np.asarray(data[y])
    step = max(1, len(xv) // max_points)
    ax.scatter(xv[::step], yv[::step], s=marker_size, color="0.8", lw=0, rasterized=True, label="accepted")
    if color:
        cv = np.real(np.asarray(data[color]))
        if levels:
            for level, c in zip(levels, colors, strict=False):
                sel = np.abs(cv - level) <= tolerance * abs(level)
                ax.scatter(
                    xv[sel][::step],
                    yv[sel][::step],
                    s=marker_size,
                    color=c,
                    lw=0,
                    rasterized=True,
                    label=f"{level:.3g}",
                )
        else:
            sc = ax.scatter(xv[::step], yv[::step], c=cv[::step], s=marker_size, lw=0, rasterized=True)
            ax.figure.colorbar(sc, ax=ax, label=_label(color, labels))
    ax.set_xlabel(_label(x, labels))
    ax.set_ylabel(_label(y, labels))
    return ax


def _label(column: str, labels: Mapping[str, Mapping]) -> str:
    if column in labels.get("inputs", {}):
        return input_label(column, labels["inputs"][column])
    if column in labels.get("observables", {}):
        return observable_label(column, labels["observables"][column])
    return column
