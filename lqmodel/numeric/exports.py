"""Wilson coefficients of a model at a point, in a WCxf basis and at a scale, through the Study.

``running``: "general" (computed, :mod:`lqmodel.physics.rge`), "paper" (the paper's η_S, η_T from
the matching scale to m_b for scalar and tensor charged currents, the rest as general), "none"
(as matched, labelled at the matching scale), or "wilson" (the coefficients at the matching
scale, run numerically with the `wilson` package).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lqmodel.core.errors import BasisError
from lqmodel.model.model import Model
from lqmodel.numeric.study import Study

__all__ = ["NOT_RUN", "export", "wilson_coefficients"]


def wilson_coefficients(
    model: Model,
    values: Mapping[str, Any] | None = None,
    *,
    basis: str = "JMS",
    scale: float | None = None,
    running: str = "general",
    sectors: Sequence[str] | None = None,
) -> tuple[float, dict[str, complex]]:
    """(scale, {WCxf name: value}) of ``model`` at the point ``values``; zeros left out.

    ``scale`` defaults to m_b = 4.18 GeV.  ``sectors`` keeps the coefficients of those WCxf
    sectors only (e.g. ``("sbnunu", "cbtaunu")``).

    Raises:
        BasisError: an unknown basis, running method or sector, or a scale the method cannot reach.
    """
    from lqmodel.physics.bases import BASES, check_sectors, sector_of
    from lqmodel.physics.running import B_SCALE, RUNNING_METHODS

    if basis not in BASES:
        raise BasisError(f"basis {basis!r}", f"not supported; choose one of {', '.join(BASES)}")
    if running not in RUNNING_METHODS:
        raise BasisError(f"running {running!r}", f"choose one of {', '.join(RUNNING_METHODS)}")
    if sectors:
        check_sectors(basis, sectors)
    mass = model.heavy_fields[0].mass
    if running in ("general", "paper"):
        study = Study(model, observables=(), couplings=False, wilson=(basis,), scale=scale, running=running)
        result = study.at(values)
        low, coeffs = result.scale, result.wilson_coefficients(basis)
    else:
        study = Study(model, observables=(), couplings=False, wilson=("JMS",), running="none")
        result = study.at(values)
        high = float(result.inputs[mass].value.real)
        low = high if scale is None and running == "none" else (B_SCALE if scale is None else scale)
        jms = result.wilson_coefficients("JMS")
        if running == "none":
            if abs(low - high) > 1e-9 * high:
                raise BasisError(
                    f"scale {low:g} GeV", f"with running 'none' the coefficients are at {mass} = {high:g} GeV"
                )
            coeffs = jms if basis == "JMS" else _flavio_numbers(jms, study, values)
        else:
            from lqmodel.physics.running import check_running_scale, run_with_wilson

            check_running_scale(low)
            ran = {k: complex(v) for k, v in run_with_wilson(jms, "JMS", high, low).items() if v != 0}
            coeffs = ran if basis == "JMS" else _flavio_numbers(ran, study, values)
    if sectors:
        coeffs = {k: v for k, v in coeffs.items() if sector_of(k, basis) in sectors}
    return low, coeffs


#: Why a coefficient is left out of an export, by kind.
NOT_RUN = (
    "lepton dipoles are not run below the matching scale by lqmodel "
    "(--running wilson runs them; --running none writes them at the matching scale)"
)


def export(
    model: Model,
    values: Mapping[str, Any] | None = None,
    *,
    basis: str = "JMS",
    scale: float | None = None,
    running: str = "general",
    sectors: Sequence[str] | None = None,
    strict: bool = False,
) -> tuple[float, dict[str, complex], dict[str, str]]:
    """(scale, coefficients, left out): :func:`wilson_coefficients`, plus {JMS name: why} for each
    coefficient of the model the file does not hold: one ``basis`` has no name for, or a lepton
    dipole lqmodel does not run to ``scale``.

    Raises:
        BasisError: with ``strict``, when something would be left out (naming it).
    """
    from lqmodel.physics.bases import flavio_dipoles, inexpressible
    from lqmodel.physics.effective import wet_coefficients
    from lqmodel.physics.running import is_run

    low, coeffs = wilson_coefficients(
        model, values, basis=basis, scale=scale, running=running, sectors=sectors
    )
    left_out: dict[str, str] = {}
    if basis != "JMS" and not sectors:
        _, jms = wilson_coefficients(model, values, basis="JMS", scale=scale, running=running)
        names = inexpressible(sorted(jms), basis)
        if names and strict:
            raise BasisError(
                f"basis {basis!r}",
                f"cannot express {len(names)} coefficient(s) of this model: "
                + ", ".join(names[:3])
                + (" ..." if len(names) > 3 else ""),
            )
        left_out.update(
            {n: f"the {basis} basis has no name for them (--basis JMS holds them all)" for n in names}
        )
    if running in ("general", "paper"):
        sector = {d[1]: d[3] for d in flavio_dipoles()}
        unrun = sorted(
            n
            for n, e in wet_coefficients(model, "JMS").items()
            if e != 0 and not is_run(n) and (not sectors or sector.get(n) in sectors)
        )
        if unrun and strict:
            raise BasisError(f"{', '.join(unrun)} at {low:g} GeV", NOT_RUN)
        left_out.update(dict.fromkeys(unrun, NOT_RUN))
    return low, coeffs, left_out


def _flavio_numbers(jms: Mapping[str, complex], study: Study, values) -> dict[str, complex]:
    """flavio-basis numbers from JMS numbers: the normalisations at the point's GF, CKM and α(M_Z)
    (run to flavio's process scale inside the normalisation)."""
    import sympy

    from lqmodel.numeric.study import default_value
    from lqmodel.physics.bases import jms_to_flavio
    from lqmodel.symbols.ckm import ckm_symbols, ckm_values
    from lqmodel.symbols.formula import param_symbol

    point = study.point(values)
    table = study.inputs()

    def get(name: str) -> float:
        return float(point[name] if name in point else default_value(table[name]))

    V = ckm_values(*(get(n) for n in ("lambda", "A", "rho", "eta")))
    subs = {s: V[i // 3][i % 3] for i, s in enumerate(ckm_symbols())}
    subs[param_symbol("GF")] = get("GF")
    for name in ("alpha_em", "alpha_em_0", "m_e", "m_mu", "m_tau", "m_b_4p8"):  # the normalisations' inputs
        if name in table:
            subs[param_symbol(name)] = get(name)
    return {k: complex(sympy.sympify(v).xreplace(subs).evalf()) for k, v in jms_to_flavio(dict(jms)).items()}
