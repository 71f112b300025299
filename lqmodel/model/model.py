"""The Model: fields, terms and symmetries, and everything derived from them.

A model is a small frozen value: write a variant with :func:`attrs.evolve`.  On
construction every term is checked (:func:`~lqmodel.lagrangian.analyse`); the flavour
entries the symmetries forbid are removed with their reasons.  The mass-basis couplings
(:attr:`Model.vertices`) are *derived* by expanding each term into SU(2) components and
rotating the weak eigenstates to mass eigenstates — for the paper that gives
``Y^{S1} = V^T y_L`` (Chen & Chiang 2024, eq. 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property

import attrs

from lqmodel.core.errors import LQModelError, ModelDefinitionError, UnknownNameError, lookup
from lqmodel.core.parameters import ParameterSet
from lqmodel.model.lagrangian import TermAnalysis, Yukawa, analyse, su2_tensor
from lqmodel.symbols.couplings import entry_symbol
from lqmodel.symbols.fields import Field, Species, StandardModel
from lqmodel.symbols.gauge import U1

__all__ = [
    "GIVEN_INPUTS",
    "InputConflictError",
    "Leg",
    "Model",
    "NamedCoupling",
    "Vertex",
    "unknown_input_error",
]


#: Inputs a model can take as given instead of deriving them, with the input they are derived from:
#: ``epsilon``, the Z′'s kinetic mixing, is otherwise induced by the lepton loops from ``g_Zp``.
GIVEN_INPUTS = {"epsilon": "g_Zp"}


class InputConflictError(LQModelError, ValueError):
    """Two inputs set together where one is derived from the other (``g_Zp`` and ``epsilon``)."""

    def __init__(self, first: str, second: str, reason: str):
        self.first, self.second, self.reason = first, second, reason
        super().__init__(first, second, reason)

    def __str__(self) -> str:
        return f"{self.first!r} and {self.second!r} are both set: {self.reason}"


@attrs.frozen
class Leg:
    """A mass-eigenstate fermion in a vertex: species, flavour (0-based), charge conjugated?"""

    species: Species
    flavour: int
    c: bool
    chirality: str  # chirality of the spinor as written (ψ_L^c is "R")

    def label(self) -> str:
        base = self.species.label(self.flavour)
        return f"{base}^c" if self.c else base

    def latex(self) -> str:
        base = self.species.latex_label(self.flavour)
        return f"{base}^c" if self.c else base


@attrs.frozen
class Vertex:
    """One mass-basis coupling: ``L ⊃ coefficient × \\bar{left} P_right right × scalar + h.c.``.

    The coefficient is in the ``+L`` convention whatever the model's sign convention, so
    that ``Y_d = (V^T y_L)_d`` of the paper is the coefficient of ``d̄^c P_L ν_τ S1*``.
    """

    coefficient: object
    left: Leg
    right: Leg
    scalar: Field
    scalar_component: int
    scalar_conj: bool

    @property
    def projector(self) -> str:
        return self.right.chirality

    def scalar_label(self) -> str:
        name = self.scalar.components[self.scalar_component]
        return f"{name}^*" if self.scalar_conj else name

    @property
    def is_vector(self) -> bool:
        """Whether the boson is a vector: the vertex is then ``bar(left) γ^μ P right V_μ``."""
        return self.scalar.is_vector

    def structure(self) -> str:
        """ASCII form of the operator: ``bar(d_s^c) P_L nu_tau S1^*``, ``bar(b) gamma^mu P_L tau U1_mu``."""
        if self.is_vector:
            return (
                f"bar({self.left.label()}) gamma^mu P_{self.projector} {self.right.label()} "
                f"{self.scalar_label()}_mu"
            )
        return f"bar({self.left.label()}) P_{self.projector} {self.right.label()} {self.scalar_label()}"

    def structure_latex(self) -> str:
        s = self.scalar.latex
        s = rf"({s})^*" if self.scalar_conj else s
        if self.is_vector:
            left = rf"\overline{{{self.left.latex()}}}"
            return rf"{left} \gamma^\mu P_{self.projector} {self.right.latex()}\, {s}_\mu"
        return rf"\overline{{{self.left.latex()}}} P_{self.projector} {self.right.latex()}\, {s}"


@attrs.frozen
class NamedCoupling:
    """Names the mass-basis couplings between ``left`` and ``right``, one per left flavour.

    ``NamedCoupling("Y", left="d", right="nu_tau")`` names the coefficients of
    ``d̄_i^c P_L ν_τ S1*`` as ``Y_d, Y_s, Y_b``.  ``right`` (or ``left``) may fix a flavour
    (``"nu_tau"``) or name a species (``"d"``).
    """

    name: str
    left: str
    right: str
    latex: str = ""
    scalar: str = ""  # restrict to the vertices of one heavy field (models with several)


def _rotation(species: str, chirality: str, aligned: str):
    """U with ψ_weak,i = Σ_k U_ik ψ_mass,k.  Up-aligned: d_L → V d_L; down-aligned: u_L → V† u_L."""
    import sympy

    from lqmodel.symbols.ckm import ckm_symbols

    V = ckm_symbols()
    if chirality == "L" and aligned == "up" and species == "d":
        return V
    if chirality == "L" and aligned == "down" and species == "u":
        return V.H
    return sympy.eye(3)


def _names(items) -> tuple[str, ...]:
    return tuple(sorted({items} if isinstance(items, str) else set(items)))


def _check_given(instance, attribute, value) -> None:
    for name in value:
        if name not in GIVEN_INPUTS:
            raise ModelDefinitionError(
                f"model {instance.name!r}",
                f"given={name!r}: only {', '.join(GIVEN_INPUTS)} can be given instead of derived",
            )


@attrs.frozen
class Model:
    """A leptoquark model: the SM, new fields, extra U(1)s and Yukawa terms.

    ``sign="-L"`` means the terms are written as ``−L ⊃ Σ terms + h.c.`` (as eq. 3 of the
    paper); ``"+L"`` as ``L ⊃``.  ``aligned`` chooses which quark doublet component is
    diagonal: ``"up"`` (the paper's choice) or ``"down"``.  ``inputs`` names the YAML
    files in ``lqmodel/data`` that give default parameter values.  ``power_counting``
    assigns coupling entries a size λ^n for the Wolfenstein series view (eq. 5 assumes
    ``yL1 ~ λ², yL2 ~ λ, yL3 ~ 1``).  ``defaults`` gives default values (with units) for
    parameters the input files lack, e.g. ``{"m_R2t": "1.5 TeV"}``.  ``given`` names inputs
    taken as given instead of derived (:data:`GIVEN_INPUTS`): with ``given=("epsilon",)`` every
    Z′ observable reads the input ``epsilon`` for the kinetic mixing instead of the value the
    lepton loops induce from ``g_Zp``.  A :class:`~lqmodel.numeric.study.Study` in which
    ``epsilon`` is set uses that variant (:meth:`with_set_inputs`), as does a model whose
    ``defaults`` give ``epsilon``.
    """

    name: str
    sm: StandardModel
    fields: tuple[Field, ...]
    terms: tuple[Yukawa, ...]
    groups: tuple[U1, ...] = ()
    named: tuple[NamedCoupling, ...] = ()
    power_counting: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=lambda d: tuple(sorted(dict(d).items()))
    )
    defaults: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=lambda d: tuple(sorted(dict(d).items()))
    )
    aligned: str = attrs.field(default="up", validator=attrs.validators.in_(("up", "down")))
    sign: str = attrs.field(default="-L", validator=attrs.validators.in_(("-L", "+L")))
    inputs: tuple[str, ...] = ("sm.yaml",)
    description: str = ""
    reference: str = ""
    given: tuple[str, ...] = attrs.field(default=(), converter=_names, validator=_check_given)

    def __attrs_post_init__(self) -> None:
        where = f"model {self.name!r}"
        by_name: dict[str, Field] = {}
        sm_names = {f.name for f in self.sm.fields}
        for f in self.all_fields:
            if f.name in by_name:
                what = "an SM field" if f.name in sm_names else "another field"
                raise ModelDefinitionError(
                    where,
                    f"field name {f.name!r} is used twice (it is already "
                    f"{what}); give each field its own name",
                )
            by_name[f.name] = f
        # Terms refer to fields by name: a field changed with attrs.evolve changes its terms too.
        object.__setattr__(self, "terms", tuple(t.rebind(by_name) for t in self.terms))
        heavy = self.heavy_fields
        if not heavy:
            raise ModelDefinitionError(where, "declares no heavy field (a scalar or vector with a mass)")
        for f in heavy:
            if not any(f == o.field for t in self.terms for o in t.occurrences()):
                raise ModelDefinitionError(where, f"heavy field {f.name!r} appears in no term")
        masses = [f.mass for f in heavy]
        if len(set(masses)) != len(masses):
            raise ModelDefinitionError(where, "two heavy fields share a mass parameter; name each mass")
        self.analyses  # noqa: B018  -- check every term now, so a bad model fails on construction

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return self.sm.fields + self.fields

    @property
    def heavy_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.is_fermion and f.mass)

    def field(self, name: str) -> Field:
        return lookup(self.all_fields, name, "field")

    def species(self, name: str) -> Species:
        return lookup(self.sm.species, name, "species")

    @cached_property
    def analyses(self) -> tuple[TermAnalysis, ...]:
        """Each term's check: allowed flavour entries, removed ones with reasons, contraction."""
        return tuple(analyse(t, self.groups, self.sm.convention) for t in self.terms)

    @property
    def removed(self):
        """Every coupling entry a symmetry removed, with its reason."""
        return tuple(r for a in self.analyses for r in a.removed)

    def coupling_entries(self) -> dict[str, tuple[object, bool]]:
        """Surviving coupling entries: ASCII name → (sympy symbol, is real)."""
        out = {}
        for a in self.analyses:
            c = a.term.coupling
            for ix in a.allowed:
                name = a.entry_name(ix)
                out[name] = (entry_symbol(name, c.real), c.real)
        return out

    @cached_property
    def parameters(self) -> ParameterSet:
        """Every input a user can set: the YAML inputs, the model's defaults and the coupling entries.

        ``defaults`` override values of the YAML files (a variant with
        ``attrs.evolve(model, defaults={"m_S1": "3 TeV"})`` gets 3 TeV).  Coupling entries
        default to 0, the SM limit.

        Raises:
            ModelDefinitionError: a heavy mass with no value anywhere.
        """
        from lqmodel.core.parameters import Parameter, load_parameters
        from lqmodel.core.units import to_natural

        params = load_parameters(*self.inputs)
        where = f"model {self.name!r}"
        masses = {f.mass for f in self.heavy_fields} | {f"m_{g.boson}" for g in self.bosons}
        replaced = []
        for name, text in self.defaults:
            old = params.get(name)
            unit = old.unit if old is not None else "GeV" if name in masses else _unit_of_default(text)
            base = old or Parameter(name=name, value=0.0, unit=unit, latex=name, description="model default")
            replaced.append(
                attrs.evolve(
                    base,
                    value=to_natural(text, unit, name),
                    uncertainty=None,
                    source=f"default of model {self.name}",
                    domain="positive" if name in masses else base.domain,
                )
            )
        if self.gives("epsilon") and "epsilon" not in params:
            replaced.append(
                Parameter(
                    name="epsilon",
                    value=0.0,
                    unit="",
                    source=f"given kinetic mixing of model {self.name} (set it)",
                    latex=r"\epsilon",
                    description="kinetic mixing of the Z' with the photon, given (not derived from g_Zp)",
                )
            )
        params = _replace(params, replaced)
        for g in self.bosons:
            lacking = [n for n in (f"m_{g.boson}", f"g_{g.boson}") if n not in params]
            if lacking:
                raise ModelDefinitionError(
                    where,
                    f"U(1) {g.name!r} declares the gauge boson {g.boson!r}: give its input(s) "
                    f"{', '.join(lacking)} in Model(defaults=...) or an inputs YAML",
                )
        for f in self.heavy_fields:
            if f.mass not in params:
                raise ModelDefinitionError(
                    where,
                    f"heavy mass {f.mass!r} has no value in {', '.join(self.inputs)}; "
                    f"give it in Model(defaults={{{f.mass!r}: '1.5 TeV'}})",
                )
        entries = []
        for a in self.analyses:
            c = a.term.coupling
            for ix in a.allowed:
                name = a.entry_name(ix)
                if name in params:
                    raise ModelDefinitionError(
                        where,
                        f"coupling entry {name!r} has the name of an input parameter; rename the coupling",
                    )
                entries.append(
                    Parameter(
                        name=name,
                        value=0.0,
                        unit="",
                        uncertainty=None,
                        source=f"coupling {c.name}{[i + 1 for i in ix]} of {self.name}",
                        latex=c.entry_latex(ix, a.keep),
                        description=f"entry of {c.name}",
                        domain="real" if c.real else "complex",
                    )
                )
        return params.add(entries)

    @property
    def bosons(self) -> tuple[U1, ...]:
        """The groups whose gauge boson the model declares (``U1(..., boson="Zp")``)."""
        return tuple(g for g in self.groups if g.boson)

    def gives(self, name: str) -> bool:
        """Whether input ``name`` (of :data:`GIVEN_INPUTS`) is given rather than derived: named in
        ``given`` or in ``defaults``, for a model that declares the Z′."""
        return (name in self.given or name in dict(self.defaults)) and any(
            g.boson == "Zp" for g in self.bosons
        )

    def with_set_inputs(self, names) -> Model:
        """The model a Study uses when the inputs ``names`` are set (fixed, sampled or at a point).

        Setting ``epsilon`` for a model with a Z′ makes the kinetic mixing an input: the variant
        with ``given=("epsilon",)``, whose ``eps_per_g_Zp`` is ``epsilon/g_Zp``
        (:attr:`derived_inputs`), so every Z′ observable reads the ε set.  Without ``epsilon``,
        or without a Z′, the model itself.  Cheap (no sympy, no files): the warm path calls it.

        Raises:
            InputConflictError: ``g_Zp`` set while ``epsilon`` is set or given by the model.
        """
        names = set(names)
        if not any(g.boson == "Zp" for g in self.bosons):
            return self
        for given, source in GIVEN_INPUTS.items():
            if source in names and (given in names or self.gives(given)):
                how = "" if given in names else f" ({given} is given by model {self.name!r})"
                raise InputConflictError(
                    source,
                    given,
                    f"{given} replaces the kinetic mixing that {source} induces through the lepton loops"
                    f"{how}; set one of them",
                )
            if given in names and not self.gives(given):
                return attrs.evolve(self, given=(*self.given, given))
        return self

    @cached_property
    def derived_inputs(self) -> tuple[dict[str, object], dict[str, str]]:
        """Quantities the model's structure fixes, for the formulas of its light gauge bosons.

        For each declared boson B of group G (:attr:`bosons`):

        - ``Q_B_e``, ``Q_B_mu``, ``Q_B_tau``: the vector charge of each charged lepton under G
          (its charge in L, equal to that in e_R);
        - ``eps_per_g_B``: the kinetic mixing with the photon that the charged-lepton loops induce,
          per unit gauge coupling, at q² = 0: ε/g = (e/12π²) Σ_ℓ Q_ℓ Q′_ℓ ln m_ℓ² (Q_ℓ = −1,
          e = √(4πα(0))); for U(1)_{Lμ−Lτ} this is e ln(m_τ²/m_μ²)/(12π²) (Chen & Chiang 2024,
          after eq. 13).  Finite only when Σ_ℓ Q_ℓ Q′_ℓ = 0.  When the model gives ``epsilon``
          (:meth:`gives`), ``eps_per_g_Zp`` is ``epsilon/g_Zp``: every Z′ observable reads
          ε = g_Zp × eps_per_g_Zp, so this is the one place ε comes from.

        Returns ({name: sympy value}, {name: why it cannot be derived}).  The second names
        what is missing (an axial coupling, quarks charged under G, a divergent mixing) so that
        an observable needing it is left out with that reason.
        """
        import sympy

        from lqmodel.symbols.formula import param_symbol

        values: dict[str, object] = {}
        missing: dict[str, str] = {}
        leptons = ("e", "mu", "tau")
        for g in self.bosons:
            b = g.boson
            L, eR = self.sm["L"], self.sm["eR"]
            axial = []
            for i, lep in enumerate(leptons):
                q_l, q_r = L.charge(g, i), eR.charge(g, i)
                if q_l == q_r:
                    values[f"Q_{b}_{lep}"] = sympy.Rational(q_l.numerator, q_l.denominator)
                else:
                    axial.append(lep)
                    missing[f"Q_{b}_{lep}"] = (
                        f"{lep} has {g} charge {q_l} in L but {q_r} in e_R: an axial {b} coupling, "
                        "which lqmodel does not compute"
                    )
            quarks = [f.name for f in self.sm.fields if f.name in ("Q", "uR", "dR") and f.charges_under(g)]
            total = sum((L.charge(g, i) for i in range(3)), Fraction(0))
            if quarks:  # a given ε does not help: the Z′ couples to quarks directly
                missing[f"eps_per_g_{b}"] = (
                    f"quarks ({', '.join(quarks)}) carry {g} charge: the {b} couples to them directly, "
                    "and the hadronic kinetic mixing is not computed"
                )
            elif b == "Zp" and self.gives("epsilon"):
                values[f"eps_per_g_{b}"] = param_symbol("epsilon") / param_symbol(f"g_{b}")
            elif axial:
                missing[f"eps_per_g_{b}"] = f"the axial {b} coupling of {', '.join(axial)} is not computed"
            elif total != 0:
                missing[f"eps_per_g_{b}"] = (
                    f"the lepton loops of the kinetic mixing do not cancel their divergence "
                    f"(Σ Q Q′ = {-total}); set epsilon instead"
                )
            else:
                e = sympy.sqrt(4 * sympy.pi * param_symbol("alpha_em_0"))
                values[f"eps_per_g_{b}"] = (
                    e
                    / (12 * sympy.pi**2)
                    * sum(
                        -values[f"Q_{b}_{lep}"] * sympy.log(param_symbol(f"m_{lep}") ** 2) for lep in leptons
                    )
                )
        return values, missing

    def symbol(self, name: str):
        """The sympy symbol of input ``name`` in the model's formulas (coupling entries may be complex)."""
        entries = self.coupling_entries()
        if name in entries:
            return entries[name][0]
        from lqmodel.symbols.formula import param_symbol

        return param_symbol(name)

    def unknown_input(self, name: str) -> UnknownNameError:
        """The error for ``name``, which is not an input: says what it is instead, where we know.

        A coupling entry a symmetry removed names the reason; a named (derived) coupling says
        what it is derived from; anything else gets the closest input names.
        """
        removed = {r.entry: str(r) for r in self.removed}
        derived = {} if name in removed else {k: str(v) for k, v in self.named_couplings.items()}
        return unknown_input_error(name, removed, derived, self.parameters.names)

    def latex_names(self) -> dict[str, str]:
        """LaTeX of the names a model's formulas use: coupling entries, named couplings, heavy masses."""
        names = {}
        for a in self.analyses:
            c = a.term.coupling
            for ix in a.allowed:
                names[a.entry_name(ix)] = c.entry_latex(ix, a.keep)
        for nc in self.named:
            base = nc.latex or nc.name
            species = (
                self.species(nc.left.split("_")[0])
                if nc.left.split("_")[0] in ("u", "d", "e", "nu")
                else None
            )
            for k, flavour in enumerate(species.flavours if species else ()):
                sub = species.flavour_latex[k]
                names[f"{nc.name}_{flavour}"] = (
                    base.replace("^", f"_{{{sub}}}^", 1) if "^" in base else rf"{{{base}}}_{{{sub}}}"
                )
        for f in self.heavy_fields:
            names[f.mass] = rf"m_{{{f.latex}}}"
        return names

    def _repr_latex_(self) -> str:
        sign = "-" if self.sign == "-L" else ""
        terms = " + ".join(
            a.term.latex(r"i\tau_2\, " if a.contraction.startswith("eps") else "") for a in self.analyses
        )
        return rf"${sign}\mathcal{{L}} \supset {terms} + \mathrm{{h.c.}}$"

    def coupling_matrix(self, analysis: TermAnalysis):
        """The coupling of one term as a sympy matrix with the removed entries set to 0."""
        import sympy

        c = analysis.term.coupling
        m = sympy.zeros(*c.shape)
        for ix in analysis.allowed:
            m[ix] = entry_symbol(analysis.entry_name(ix), c.real)
        return m

    @cached_property
    def vertices(self) -> tuple[Vertex, ...]:
        """The mass-basis couplings of the heavy scalars to fermion pairs (coefficients in +L)."""
        import sympy

        sign = -1 if self.sign == "-L" else 1
        acc: dict[tuple, object] = {}
        for a in self.analyses:
            left, right, scalar = a.term.occurrences()
            _, tensor = su2_tensor(a.term)
            doublet_pos = [n for n, o in enumerate(a.term.occurrences()) if o.field.su2 > 1]
            y = self.coupling_matrix(a)
            for key, t in tensor.items():
                comp = [0, 0, 0]
                for pos, k in zip(doublet_pos, key, strict=True):
                    comp[pos] = k
                ls = left.field.components[comp[0]]
                rs = right.field.components[comp[1]]
                UL = _rotation(ls, left.field.chirality, self.aligned)
                UR = _rotation(rs, right.field.chirality, self.aligned)
                UL = UL if left.c else UL.conjugate()  # ψ̄^c = ψ^T C carries U; ψ̄ carries U*
                UR = UR.conjugate() if right.c else UR  # ψ^c = C ψ̄^T carries U*
                m = sign * t * UL.T * y * UR  # (k, l) entry: Σ_ij UL_ik y_ij UR_jl
                for k in range(m.rows):
                    for l in range(m.cols):
                        vkey = (
                            ls,
                            left.c,
                            left.chirality,
                            k,
                            rs,
                            right.c,
                            right.chirality,
                            l,
                            scalar.field,
                            comp[2],
                            scalar.c,
                        )
                        acc[vkey] = acc.get(vkey, 0) + m[k, l]
        out = []
        for (ls, lc, lch, k, rs, rc, rch, l, sf, sc, sconj), coeff in acc.items():
            coeff = sympy.expand(coeff)
            if coeff == 0:
                continue
            out.append(
                Vertex(
                    coeff, Leg(self.species(ls), k, lc, lch), Leg(self.species(rs), l, rc, rch), sf, sc, sconj
                )
            )
        return tuple(out)

    @staticmethod
    def _match(spec: str, leg: Leg) -> bool:
        return spec in (leg.species.name, leg.species.label(leg.flavour))

    @cached_property
    def named_couplings(self) -> dict[str, object]:
        """The model's named mass-basis couplings, e.g. ``{"Y_d": V_ud*yL1 + ..., ...}``."""
        out: dict[str, object] = {}
        for nc in self.named:
            hits = [
                v
                for v in self.vertices
                if self._match(nc.left, v.left)
                and self._match(nc.right, v.right)
                and nc.scalar in ("", v.scalar.name)
            ]
            if not hits:
                raise ModelDefinitionError(
                    f"named coupling {nc.name!r}", f"no vertex couples {nc.left} to {nc.right}"
                )
            for v in hits:
                key = f"{nc.name}_{v.left.species.flavours[v.left.flavour]}"
                if key in out:
                    raise ModelDefinitionError(
                        f"named coupling {nc.name!r}",
                        f"{key} matches more than one vertex; restrict it to one field with scalar=...",
                    )
                out[key] = v.coefficient
        return out

    def electric_charge_check(self) -> list[str]:
        """Vertices whose electric charges do not add up to zero (should be none)."""
        bad = []
        conv = self.sm.convention
        for v in self.vertices:
            charges = []
            for leg, barred in ((v.left, True), (v.right, False)):
                field_chirality = leg.chirality if not leg.c else {"L": "R", "R": "L"}[leg.chirality]
                f = next(
                    f
                    for f in self.sm.fields
                    if f.is_fermion and leg.species.name in f.components and f.chirality == field_chirality
                )
                q = f.electric_charges(conv)[f.components.index(leg.species.name)]
                charges.append(q * (-1 if barred != leg.c else 1))
            qs = v.scalar.electric_charges(conv)[v.scalar_component]
            charges.append(-qs if v.scalar_conj else qs)
            if sum(charges, Fraction(0)):
                bad.append(v.structure())
        return bad

    def series(self, expr, order: int):
        """``expr`` with the CKM matrix expanded in λ to O(λ^order), using ``power_counting``.

        Each coupling entry of weight n is counted as λ^n, so the truncation is consistent;
        with order 3 this gives Y_d of eq. (5) of the paper.
        """
        import sympy

        from lqmodel.symbols.ckm import ckm_exact, ckm_symbols, wolfenstein_symbols

        lam = wolfenstein_symbols()[0]
        V = ckm_symbols()
        entries = self.coupling_entries()
        scale = {entries[n][0]: entries[n][0] * lam**w for n, w in self.power_counting if n in entries}
        unscale = {entries[n][0]: entries[n][0] / lam**w for n, w in self.power_counting if n in entries}
        full = sympy.sympify(expr).xreplace(dict(zip(V, ckm_exact(), strict=True))).xreplace(scale)
        truncated = sympy.series(full, lam, 0, order + 1).removeO()
        return sympy.expand(sympy.expand(truncated).xreplace(unscale))


def _unit_of_default(text: str) -> str:
    """The unit of a default given for a name the YAML inputs lack (``"1.5 TeV"`` → ``GeV``)."""
    from lqmodel.core import units

    if isinstance(text, int | float):
        return ""
    q = units.parse(str(text))
    n = units.mass_dimension(str(q.units)) if str(q.units) != "dimensionless" else 0
    return "" if n == 0 else ("GeV" if n == 1 else f"GeV^{n}")


def _replace(params: ParameterSet, new) -> ParameterSet:
    """``params`` with each parameter of ``new`` put in place of (or after) the one of its name."""
    new = {p.name: p for p in new}
    kept = [new.pop(p.name, p) for p in params.parameters]
    return ParameterSet((*kept, *new.values()))


def unknown_input_error(
    name: str, removed: Mapping[str, str], derived: Mapping[str, str], candidates
) -> UnknownNameError:
    """The one error for a name that is not an input of a model.

    ``removed`` maps coupling entries a symmetry removed to the reason, ``derived`` the named
    couplings to their definition; a near miss gets suggestions from ``candidates``.
    """
    if name in removed:
        return UnknownNameError("parameter", name, hint=f"it was removed by the symmetry ({removed[name]})")
    if name in derived:
        return UnknownNameError(
            "parameter",
            name,
            hint=(
                f"{name} is a derived coupling, {name} = {derived[name]}; "
                "set the coupling entries it is made of (and the CKM inputs lambda A rho eta) instead"
            ),
        )
    return UnknownNameError("parameter", name, candidates)
