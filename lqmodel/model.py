"""The Model: fields, terms and symmetries, and everything derived from them.

A model is a small frozen value: write a variant with :func:`attrs.evolve`.  On
construction every term is checked (:func:`~lqmodel.lagrangian.analyse`); the flavour
entries the symmetries forbid are removed with their reasons.  The mass-basis couplings
(:attr:`Model.vertices`) are *derived* by expanding each term into SU(2) components and
rotating the weak eigenstates to mass eigenstates — for the paper that gives
``Y^{S1} = V^T y_L`` (Chen & Chiang 2024, eq. 4).
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property

import attrs

from .couplings import entry_symbol
from .errors import ModelDefinitionError, UnknownNameError, lookup
from .fields import Field, Species, StandardModel
from .gauge import U1
from .lagrangian import TermAnalysis, Yukawa, analyse, su2_tensor

__all__ = ["Leg", "Model", "NamedCoupling", "Vertex"]


@attrs.frozen
class Leg:
    """A mass-eigenstate fermion in a vertex: species, flavour (0-based), charge conjugated?"""

    species: Species
    flavour: int
    c: bool
    chirality: str          # chirality of the spinor as written (ψ_L^c is "R")

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

    def structure(self) -> str:
        """ASCII form of the operator, e.g. ``bar(d_s^c) P_L nu_tau S1^*``."""
        return f"bar({self.left.label()}) P_{self.projector} {self.right.label()} {self.scalar_label()}"

    def structure_latex(self) -> str:
        s = self.scalar.latex
        s = rf"({s})^*" if self.scalar_conj else s
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
    scalar: str = ""          # restrict to the vertices of one heavy field (models with several)


def _rotation(species: str, chirality: str, aligned: str):
    """U with ψ_weak,i = Σ_k U_ik ψ_mass,k.  Up-aligned: d_L → V d_L; down-aligned: u_L → V† u_L."""
    import sympy

    from .flavour import ckm_symbols

    V = ckm_symbols()
    if chirality == "L" and aligned == "up" and species == "d":
        return V
    if chirality == "L" and aligned == "down" and species == "u":
        return V.H
    return sympy.eye(3)


@attrs.frozen
class Model:
    """A leptoquark model: the SM, new fields, extra U(1)s and Yukawa terms.

    ``sign="-L"`` means the terms are written as ``−L ⊃ Σ terms + h.c.`` (as eq. 3 of the
    paper); ``"+L"`` as ``L ⊃``.  ``aligned`` chooses which quark doublet component is
    diagonal: ``"up"`` (the paper's choice) or ``"down"``.  ``inputs`` names the YAML
    files in ``lqmodel/data`` that give default parameter values.  ``power_counting``
    assigns coupling entries a size λ^n for the Wolfenstein series view (eq. 5 assumes
    ``yL1 ~ λ², yL2 ~ λ, yL3 ~ 1``).  ``defaults`` gives default values (with units) for
    parameters the input files lack, e.g. ``{"m_R2t": "1.5 TeV"}``.
    """

    name: str
    sm: StandardModel
    fields: tuple[Field, ...]
    terms: tuple[Yukawa, ...]
    groups: tuple[U1, ...] = ()
    named: tuple[NamedCoupling, ...] = ()
    power_counting: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=lambda d: tuple(sorted(dict(d).items())))
    defaults: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=lambda d: tuple(sorted(dict(d).items())))
    aligned: str = attrs.field(default="up", validator=attrs.validators.in_(("up", "down")))
    sign: str = attrs.field(default="-L", validator=attrs.validators.in_(("-L", "+L")))
    inputs: tuple[str, ...] = ("sm.yaml",)
    description: str = ""
    reference: str = ""

    def __attrs_post_init__(self) -> None:
        known = {f.name for f in self.all_fields}
        for term in self.terms:
            for occ in term.occurrences():
                if occ.field.name not in known:
                    raise UnknownNameError("field", occ.field.name, known)
        heavy = self.heavy_fields
        if not heavy:
            raise ModelDefinitionError(f"model {self.name!r}",
                                       "declares no heavy field (a scalar with a mass)")
        for f in heavy:
            if not any(f == o.field for t in self.terms for o in t.occurrences()):
                raise ModelDefinitionError(f"model {self.name!r}",
                                           f"heavy field {f.name!r} appears in no term")
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
                UL = UL if left.c else UL.conjugate()      # ψ̄^c = ψ^T C carries U; ψ̄ carries U*
                UR = UR.conjugate() if right.c else UR     # ψ^c = C ψ̄^T carries U*
                m = sign * t * UL.T * y * UR               # (k, l) entry: Σ_ij UL_ik y_ij UR_jl
                for k in range(m.rows):
                    for l in range(m.cols):
                        vkey = (ls, left.c, left.chirality, k, rs, right.c, right.chirality, l,
                                scalar.field, comp[2], scalar.c)
                        acc[vkey] = acc.get(vkey, 0) + m[k, l]
        out = []
        for (ls, lc, lch, k, rs, rc, rch, l, sf, sc, sconj), coeff in acc.items():
            coeff = sympy.expand(coeff)
            if coeff == 0:
                continue
            out.append(Vertex(coeff, Leg(self.species(ls), k, lc, lch), Leg(self.species(rs), l, rc, rch),
                              sf, sc, sconj))
        return tuple(out)

    @staticmethod
    def _match(spec: str, leg: Leg) -> bool:
        return spec in (leg.species.name, leg.species.label(leg.flavour))

    @cached_property
    def named_couplings(self) -> dict[str, object]:
        """The model's named mass-basis couplings, e.g. ``{"Y_d": V_ud*yL1 + ..., ...}``."""
        out: dict[str, object] = {}
        for nc in self.named:
            hits = [v for v in self.vertices
                    if self._match(nc.left, v.left) and self._match(nc.right, v.right)
                    and nc.scalar in ("", v.scalar.name)]
            if not hits:
                raise ModelDefinitionError(f"named coupling {nc.name!r}",
                                           f"no vertex couples {nc.left} to {nc.right}")
            for v in hits:
                key = f"{nc.name}_{v.left.species.flavours[v.left.flavour]}"
                if key in out:
                    raise ModelDefinitionError(f"named coupling {nc.name!r}",
                                               f"{key} matches more than one vertex; "
                                               "restrict it to one field with scalar=...")
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
                f = next(f for f in self.sm.fields if f.is_fermion and leg.species.name in f.components
                         and f.chirality == field_chirality)
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

        from .flavour import ckm_exact, ckm_symbols, wolfenstein_symbols

        lam = wolfenstein_symbols()[0]
        V = ckm_symbols()
        entries = self.coupling_entries()
        scale = {entries[n][0]: entries[n][0] * lam**w for n, w in self.power_counting if n in entries}
        unscale = {entries[n][0]: entries[n][0] / lam**w for n, w in self.power_counting if n in entries}
        full = sympy.sympify(expr).xreplace(dict(zip(V, ckm_exact(), strict=True))).xreplace(scale)
        truncated = sympy.series(full, lam, 0, order + 1).removeO()
        return sympy.expand(sympy.expand(truncated).xreplace(unscale))
