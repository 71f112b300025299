"""Wilson coefficients of a model at a point, as a WCxf document (flavio or JMS basis).

``L_eff`` = tree-level exchange (:mod:`lqmodel.matching`) + ΔF = 2 boxes
(:mod:`lqmodel.loops`), at the matching scale m_S1; run to the requested scale with the
paper's factors (default), with `wilson`, or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from .bases import BASES, _jms_name, conjugate_operator, to_basis
from .errors import BasisError
from .evaluate import Point, numeric, point
from .matching import EffectiveLagrangian, tree_level
from .model import Model
from .running import (
    RUNNING_METHODS,
    alpha_em,
    apply_paper_factors,
    check_scale,
    eta_vll,
    paper_factor,
    run_with_wilson,
)

__all__ = ["effective_lagrangian", "wcxf_document", "wilson_coefficients"]


@cache
def effective_lagrangian(model: Model) -> EffectiveLagrangian:
    """Tree-level exchange plus one-loop ΔF = 2 boxes of every heavy scalar of ``model``."""
    from .loops import delta_f2_boxes

    tree, box = tree_level(model), delta_f2_boxes(model)
    terms = dict(tree.terms)
    for op, c in box.terms.items():
        terms[op] = terms.get(op, 0) + c
    return EffectiveLagrangian(terms, tree.scale)


def _numbers(exprs: Mapping[str, object], pt: Point, extra: Mapping) -> dict[str, complex]:
    subs = {**pt.subs, **extra}
    return {name: numeric(e, subs) for name, e in exprs.items()}


def _matching_scale(model: Model, pt: Point) -> float:
    return float(pt.values[model.heavy_fields[0].mass])


def wilson_coefficients(model: Model, overrides: Mapping[str, object] | None = None, *,
                        basis: str = "JMS", scale: float | None = None, running: str = "paper",
                        sectors: Sequence[str] | None = None) -> tuple[float, dict[str, complex]]:
    """(scale, {WCxf name: value}) of ``model`` at the point ``overrides``.

    ``scale`` defaults to m_b.  ``running``: 'paper' (η_S, η_T of the paper, only from m_S1
    to m_b, plus the leading-order QCD factor of the ΔF = 2 coefficients, which the paper
    neglects), 'wilson' (the wilson package), or 'none' (coefficients as matched at m_S1,
    labelled with the requested scale only if it is m_S1).
    """
    if basis not in BASES:
        raise BasisError(f"basis {basis!r}", f"not supported; choose one of {', '.join(BASES)}")
    if running not in RUNNING_METHODS:
        raise BasisError(f"running {running!r}", f"choose one of {', '.join(RUNNING_METHODS)}")
    pt = point(model, overrides)
    high = _matching_scale(model, pt)
    low = check_scale(float(pt.values["m_b"]) if scale is None else scale)
    leff = effective_lagrangian(model)
    if running == "wilson" and low != high:
        jms = _numbers(to_basis(leff, "JMS").values, pt, {})
        ran = run_with_wilson(jms, "JMS", high, low)
        if basis == "JMS":
            return low, {k: complex(v) for k, v in ran.items() if abs(v) > 0}
        return low, _flavio_from_jms(ran, pt, low, sectors)
    if running == "none" and low != high:
        raise BasisError(f"scale {low:g} GeV",
                         f"with running 'none' the coefficients are at m_S1 = {high:g} GeV")
    if running == "paper" and low not in (high, float(pt.values["m_b"])):
        raise BasisError(f"scale {low:g} GeV", "the paper's running factors take m_S1 to m_b only; "
                         "use --running wilson for another scale")
    result = to_basis(leff, basis, tuple(sectors) if sectors else None)
    values = _numbers(result.values, pt, {_alpha_symbol(): alpha_em(low, pt.values["alpha_em"])})
    if low != high and any(v for k, v in values.items() if paper_factor(k)):
        if "eta_S" not in pt.values or "eta_T" not in pt.values:
            raise BasisError(f"model {model.name!r}", "the paper's running factors eta_S, eta_T are not "
                             "among its inputs; add chen_chiang_2024.yaml to them or use --running wilson")
        values = apply_paper_factors(values, pt.values["eta_S"], pt.values["eta_T"])
    if low != high:                # ΔF = 2: the leading-order QCD factor the paper leaves out
        eta = eta_vll(high, low)
        values = {k: v * eta if k.startswith(("VddLL_", "CVLL_")) else v for k, v in values.items()}
    return low, values


def _alpha_symbol():
    from .formula import param_symbol

    return param_symbol("alpha_e")


def _flavio_from_jms(jms: Mapping[str, complex], pt: Point, scale: float, sectors) -> dict:
    """flavio-basis values from run JMS values, through the operators both name."""
    from .bases import _flavio_table, _norm

    out = {}
    subs = {**pt.subs, _alpha_symbol(): alpha_em(scale, pt.values["alpha_em"])}
    for op, (name, norm, sector) in _flavio_table().items():
        if sectors and sector not in sectors:
            continue
        jname, status = _jms_name(op)
        if status == "listed":
            c = complex(jms.get(jname, 0))
        else:
            cname, _ = _jms_name(conjugate_operator(op))
            c = complex(jms.get(cname, 0)).conjugate() if cname else 0
        if c:
            out[name] = c / numeric(_norm(norm), subs)
    return out


def wcxf_document(scale: float, basis: str, values: Mapping[str, complex]) -> dict:
    """A WCxf dict: real values as numbers, complex ones as {"Re": x, "Im": y}; zeros left out."""
    out = {}
    for name, v in sorted(values.items()):
        if v == 0:
            continue
        out[name] = v.real if v.imag == 0 else {"Re": v.real, "Im": v.imag}
    return {"eft": "WET", "basis": basis, "scale": scale, "values": out}
