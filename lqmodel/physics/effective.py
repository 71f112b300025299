"""The low-energy effective Lagrangian of a model: matching, then running to a scale.

``L_eff`` = tree-level exchange (:mod:`lqmodel.physics.matching`) + one-loop ΔF = 2 boxes
(:mod:`lqmodel.physics.loops`) + one-loop charged-lepton dipoles (:mod:`lqmodel.physics.dipoles`)
of every heavy field, at its mass.  :func:`wet_coefficients`
gives it in a WCxf basis, :func:`low_energy` runs it to a scale (:func:`lqmodel.physics.running.evolve`),
and :func:`coefficient` is the public accessor of one coefficient by its WCxf name.
Everything here is symbolic (sympy); numbers come from the numeric layer.
"""

from __future__ import annotations

from functools import cache

from lqmodel.core.errors import UnknownNameError
from lqmodel.model.model import Model
from lqmodel.physics.bases import jms_to_flavio, to_basis
from lqmodel.physics.matching import EffectiveLagrangian, named_symbols, tree_level
from lqmodel.physics.running import evolve
from lqmodel.symbols.formula import Formula, param_symbol

__all__ = [
    "coefficient",
    "effective_lagrangian",
    "low_energy",
    "matching_scale",
    "missing_dipoles",
    "missing_loops",
    "wet_coefficients",
]


@cache
def effective_lagrangian(model: Model) -> EffectiveLagrangian:
    """Tree-level exchange plus one-loop ΔF = 2 boxes of every heavy scalar of ``model`` (GeV⁻²).

    Boxes lqmodel does not compute (a diquark coupling) are left out and named by
    :func:`missing_loops`; every face that would show them says so.
    """
    tree = tree_level(model)
    terms = dict(tree.terms)
    if missing_loops(model) is None:
        from lqmodel.physics.loops import delta_f2_boxes

        for op, c in delta_f2_boxes(model).terms.items():
            terms[op] = terms.get(op, 0) + c
    return EffectiveLagrangian(terms, tree.scale, tree.names)


@cache
def missing_loops(model: Model) -> str | None:
    """Why the model's ΔF = 2 boxes are not computed, or None when they are."""
    from lqmodel.core.errors import ModelDefinitionError
    from lqmodel.physics.loops import canonical_couplings

    try:
        canonical_couplings(model)
    except NotImplementedError as err:
        return f"its ΔF = 2 boxes are not computed: {err}"
    except ModelDefinitionError as err:  # pragma: no cover - a defect of the model, named
        return str(err)
    return None


@cache
def missing_dipoles(model: Model) -> str | None:
    """Why the model's one-loop lepton dipoles (egamma) are not computed, or None when they are."""
    from lqmodel.physics.dipoles import UnsupportedLoopError, loop_pairs

    try:
        loop_pairs(model)
    except UnsupportedLoopError as err:
        return f"its lepton dipoles are not computed: {err}"
    return None


def matching_scale(model: Model):
    """The symbol of the matching scale: the mass of the model's heavy field."""
    return param_symbol(model.heavy_fields[0].mass)


@cache
def wet_coefficients(model: Model, basis: str = "JMS") -> dict[str, object]:
    """The model's WCxf coefficients at the matching scale, name → sympy expression.

    Written with the model's named couplings (``Y_b``...) where a vertex is one; flavio-basis
    normalisations hold ``alpha_em`` (α(M_Z), run to flavio's process scale), ``GF`` and CKM elements.
    """
    jms = dict(to_basis(effective_lagrangian(model), "JMS").values)
    if missing_dipoles(model) is None:
        from lqmodel.physics.dipoles import egamma_coefficients

        jms.update(egamma_coefficients(model))
    return jms if basis == "JMS" else jms_to_flavio(jms)


def low_energy(model: Model, scale: float | None, method: str = "paper") -> dict[str, object]:
    """JMS coefficients run from the matching scale to ``scale`` (GeV; None: at the matching scale)."""
    return evolve(wet_coefficients(model, "JMS"), matching_scale(model), scale, method, param_symbol)


def coefficient(model: Model, name: str, basis: str = "JMS", expand: bool = False) -> Formula:
    """One Wilson coefficient of ``model`` at its matching scale, symbolically, by its WCxf name.

    ``lqmodel.coefficient(model, "VnudLL_3323")`` or ``coefficient(model, "CL_bsnutaunutau",
    basis="flavio")``.  With ``expand`` the named couplings (``Y_b``) are replaced by their
    definitions in coupling entries and CKM elements.  A coefficient the model does not
    generate is 0.

    Raises:
        UnknownNameError: a name the basis does not have (with suggestions).
    """
    import sympy

    from lqmodel.physics.bases import basis_names

    known = basis_names(basis)
    if name not in known:
        raise UnknownNameError(f"{basis} coefficient", name, known)
    expr = sympy.sympify(wet_coefficients(model, basis).get(name, 0))
    if expand:
        expr = expr.xreplace(named_symbols(model))
    from lqmodel.symbols.wet import wet_dimension

    unit = f"GeV^{wet_dimension(name)}" if basis == "JMS" else ""
    source = f"tree-level exchange, ΔF = 2 boxes and lepton dipoles of {model.name}, at the matching scale"
    return Formula(name, expr, unit, source, names=model.latex_names())
