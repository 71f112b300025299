"""Fields, their occurrences in terms (ψ̄, ψ^c, φ*), and the ready-made Standard Model.

A :class:`Field` is a gauge multiplet: spin, chirality, representations, hypercharge,
extra U(1) charges (which may differ per generation, as L_e, L_μ, L_τ do under
U(1)_{Lμ−Lτ}) and the species of its SU(2) components.  The electric charges of the
components follow from the model's :class:`~lqmodel.gauge.HyperchargeConvention`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from lqmodel.core.errors import ModelDefinitionError, UnknownNameError, lookup
from lqmodel.symbols.gauge import (
    PAPER_HYPERCHARGE,
    SU2L,
    SU3C,
    U1,
    HyperchargeConvention,
    Rep,
    fraction,
)

__all__ = [
    "SPECIES",
    "Field",
    "Occurrence",
    "Species",
    "StandardModel",
    "bar",
    "barc",
    "cc",
    "conj",
    "standard_model",
]


@attrs.frozen
class Species:
    """A mass-basis fermion species: ``d`` with flavours ``d, s, b``, ``nu`` with ``e, mu, tau``."""

    name: str
    flavours: tuple[str, ...]
    latex: str
    flavour_latex: tuple[str, ...]

    def label(self, k: int) -> str:
        """ASCII label of flavour ``k`` (0-based), e.g. ``b`` or ``nu_tau``."""
        f = self.flavours[k]
        return f if self.name in ("u", "d", "e") else f"{self.name}_{f}"

    def latex_label(self, k: int) -> str:
        """LaTeX label of flavour ``k``, e.g. ``\\nu_\\tau``."""
        return self.flavour_latex[k]


def _su3(rep: object) -> Rep:
    if isinstance(rep, Rep):
        return rep
    text = str(rep).strip().lower()
    conjugate = text.endswith("bar")
    try:
        return Rep(int(text.removesuffix("bar")), conjugate)
    except ValueError:
        raise ModelDefinitionError(
            "SU(3) representation", f"{rep!r} is not one (write 1, 3, '3bar', 6, '6bar' or 8)"
        ) from None


def _charges(charges: Mapping[U1, object] | tuple) -> tuple[tuple[U1, tuple[Fraction, ...]], ...]:
    if isinstance(charges, tuple):
        return charges
    out = []
    for group, value in charges.items():
        values = value if isinstance(value, tuple | list) else (value,)
        out.append((group, tuple(fraction(v) for v in values)))
    return tuple(out)


@attrs.frozen
class Field:
    """A gauge multiplet of fermions (one chirality) or scalars.

    Use :meth:`fermion` or :meth:`scalar` to build one.  ``charges`` maps each extra
    U(1) to one charge, or to one charge per generation.
    """

    name: str
    spin: Fraction = attrs.field(converter=fraction)
    su3: Rep = attrs.field(converter=_su3)
    su2: int
    hypercharge: Fraction = attrs.field(converter=fraction)
    chirality: str | None = None
    generations: int = 1
    charges: tuple[tuple[U1, tuple[Fraction, ...]], ...] = attrs.field(default=(), converter=_charges)
    components: tuple[str, ...] = ()
    mass: str | None = None
    latex: str = ""

    def __attrs_post_init__(self) -> None:
        where = f"field {self.name!r}"
        if not SU3C.supports(self.su3):
            raise ModelDefinitionError(
                where,
                f"SU(3) representation {self.su3} is not supported "
                "(lqmodel handles 1, 3, 3bar, 6, 6bar and 8)",
            )
        if not SU2L.supports(Rep(self.su2)):
            raise ModelDefinitionError(
                where,
                f"SU(2) {self.su2}-plet is not supported (lqmodel handles singlets, doublets and triplets)",
            )
        if self.spin not in (0, Fraction(1, 2), 1):
            raise ModelDefinitionError(where, f"spin {self.spin} is not supported (0, 1/2 or 1)")
        if self.spin == Fraction(1, 2) and self.chirality not in ("L", "R"):
            raise ModelDefinitionError(f"field {self.name!r}", "a fermion needs chirality 'L' or 'R'")
        if len(self.components) != self.su2:
            raise ModelDefinitionError(
                f"field {self.name!r}",
                f"an SU(2) {self.su2}-plet needs {self.su2} component names, got {self.components}",
            )
        for group, values in self.charges:
            if len(values) not in (1, self.generations):
                raise ModelDefinitionError(
                    f"field {self.name!r}",
                    f"{group} charges {tuple(map(str, values))} do not match {self.generations} generations",
                )

    @classmethod
    def fermion(
        cls,
        name: str,
        chirality: str,
        *,
        su3: object = 1,
        su2: int = 1,
        Y: object = 0,
        components: tuple[str, ...] | str,
        generations: int = 3,
        charges: Mapping[U1, object] | None = None,
        latex: str = "",
    ) -> Field:
        """A chiral fermion multiplet; ``components`` names the species of each SU(2) slot."""
        comps = (components,) if isinstance(components, str) else tuple(components)
        return cls(
            name,
            Fraction(1, 2),
            su3,
            su2,
            Y,
            chirality,
            generations,
            charges or {},
            comps,
            None,
            latex or name,
        )

    @classmethod
    def scalar(
        cls,
        name: str,
        *,
        su3: object = 1,
        su2: int = 1,
        Y: object = 0,
        charges: Mapping[U1, object] | None = None,
        mass: str | None = None,
        latex: str = "",
    ) -> Field:
        """A complex scalar multiplet with mass parameter ``mass`` (e.g. ``"m_S1"``)."""
        return cls._boson(name, 0, su3, su2, Y, charges, mass, latex)

    @classmethod
    def vector(
        cls,
        name: str,
        *,
        su3: object = 1,
        su2: int = 1,
        Y: object = 0,
        charges: Mapping[U1, object] | None = None,
        mass: str | None = None,
        latex: str = "",
    ) -> Field:
        """A complex vector multiplet (a vector leptoquark such as U1 ~ (3, 1, 2/3)) with mass
        parameter ``mass``; it couples through :class:`~lqmodel.model.lagrangian.Current` terms,
        ``ψ̄ γ^μ ψ V_μ``."""
        return cls._boson(name, 1, su3, su2, Y, charges, mass, latex)

    @classmethod
    def _boson(cls, name, spin, su3, su2, Y, charges, mass, latex) -> Field:
        comps = tuple(f"{name}[{a}]" for a in range(su2)) if su2 > 1 else (name,)
        return cls(name, spin, su3, su2, Y, None, 1, charges or {}, comps, mass, latex or name)

    @property
    def is_fermion(self) -> bool:
        return self.spin == Fraction(1, 2)

    @property
    def is_vector(self) -> bool:
        return self.spin == 1

    def charge(self, group: U1, generation: int = 0) -> Fraction:
        """The charge under ``group`` of generation ``generation`` (0-based); 0 if uncharged."""
        for g, values in self.charges:
            if g == group:
                return values[0] if len(values) == 1 else values[generation]
        return Fraction(0)

    def charges_under(self, group: U1) -> bool:
        """Whether any generation carries a nonzero charge under ``group``."""
        return any(self.charge(group, i) != 0 for i in range(self.generations))

    def generation_dependent(self, group: U1) -> bool:
        """Whether the charge under ``group`` differs between generations."""
        return len({self.charge(group, i) for i in range(self.generations)}) > 1

    def t3(self, slot: int) -> Fraction:
        """T3 of SU(2) component ``slot`` (0 = upper)."""
        return Fraction(self.su2 - 1, 2) - slot

    def electric_charges(self, convention: HyperchargeConvention) -> tuple[Fraction, ...]:
        """Electric charge of each SU(2) component: Q = T3 + factor * Y."""
        return tuple(convention.electric_charge(self.t3(a), self.hypercharge) for a in range(self.su2))

    def rep_latex(self) -> str:
        r"""``(\mathbf{3}, \mathbf{1}, -2/3)`` and the extra U(1) charges, in LaTeX."""
        su3 = rf"\bar{{\mathbf{{{self.su3.dim}}}}}" if self.su3.conjugate else rf"\mathbf{{{self.su3.dim}}}"
        y = _frac_latex(self.hypercharge)
        extra = ""
        for group, values in self.charges:
            vals = ", ".join(_frac_latex(v) for v in values)
            extra += rf",\ {group.latex or group.name}: {vals if len(values) == 1 else f'({vals})'}"
        return rf"({su3}, \mathbf{{{self.su2}}}, {y}){extra}"

    def _repr_latex_(self) -> str:
        return rf"${self.latex} \sim {self.rep_latex()}$"

    def with_charges(self, group: U1, values: object) -> Field:
        """This field with its charge under ``group`` set (one value or one per generation)."""
        others = {g: v for g, v in self.charges if g != group}
        others[group] = values
        return attrs.evolve(self, charges=others)


@attrs.frozen
class Occurrence:
    """A field as it appears in a term: ψ, ψ̄, ψ^c, ψ̄^c (= ψ^T C), φ or φ*.

    ``bar`` is the Dirac bar; ``c`` is charge conjugation (ψ^c = C ψ̄^T) for fermions and
    complex conjugation for scalars.  Either operation conjugates every gauge charge.
    """

    field: Field
    bar: bool = False
    c: bool = False

    @property
    def sign(self) -> int:
        """+1 if the occurrence carries the field's charges, -1 if their conjugates."""
        return -1 if self.bar != self.c else 1

    @property
    def chirality(self) -> str | None:
        """Chirality of the spinor behind the bar: ψ_L^c is right-handed."""
        if self.field.chirality is None:
            return None
        if not self.c:
            return self.field.chirality
        return "R" if self.field.chirality == "L" else "L"

    def su3(self) -> Rep:
        rep = self.field.su3
        return rep.bar() if self.sign < 0 else rep

    def __str__(self) -> str:
        name = self.field.name
        if self.field.is_fermion:
            core = f"{name}^c" if self.c else name
            return f"bar({core})" if self.bar else core
        return f"{name}^*" if self.c else name

    def latex(self) -> str:
        name = self.field.latex
        if self.field.is_fermion:
            core = f"{name}^c" if self.c else name
            return rf"\overline{{{core}}}" if self.bar else core
        return rf"({name})^*" if self.c else name


def bar(f: Field) -> Occurrence:
    """ψ̄ = ψ† γ⁰."""
    return Occurrence(f, bar=True)


def barc(f: Field) -> Occurrence:
    """ψ̄^c = ψ^T C (the bar of the charge-conjugate field)."""
    return Occurrence(f, bar=True, c=True)


def cc(f: Field) -> Occurrence:
    """ψ^c = C ψ̄^T."""
    return Occurrence(f, c=True)


def conj(f: Field) -> Occurrence:
    """φ*, the complex conjugate of a scalar."""
    return Occurrence(f, c=True)


SPECIES = (
    Species("u", ("u", "c", "t"), "u", ("u", "c", "t")),
    Species("d", ("d", "s", "b"), "d", ("d", "s", "b")),
    Species("e", ("e", "mu", "tau"), r"\ell", ("e", r"\mu", r"\tau")),
    Species("nu", ("e", "mu", "tau"), r"\nu", (r"\nu_e", r"\nu_\mu", r"\nu_\tau")),
)

# Hypercharges in the Q = T3 + Y convention; scaled to the model's convention below.
_SM_FIELDS = (
    ("Q", "L", 3, 2, Fraction(1, 6), ("u", "d"), "Q_L"),
    ("uR", "R", 3, 1, Fraction(2, 3), ("u",), "u_R"),
    ("dR", "R", 3, 1, Fraction(-1, 3), ("d",), "d_R"),
    ("L", "L", 1, 2, Fraction(-1, 2), ("nu", "e"), "L"),
    ("eR", "R", 1, 1, Fraction(-1), ("e",), "e_R"),
)


@attrs.frozen
class StandardModel:
    """The SM fermions in a stated hypercharge convention, ready to extend.

    Fields: ``Q`` (u, d)_L, ``uR``, ``dR``, ``L`` (ν, e)_L, ``eR``, three generations each.
    """

    convention: HyperchargeConvention
    fields: tuple[Field, ...]
    species: tuple[Species, ...] = SPECIES
    groups: tuple[object, ...] = (SU3C, SU2L)

    def __getitem__(self, name: str) -> Field:
        return lookup(self.fields, name, "field")

    def __getattr__(self, name: str) -> Field:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except UnknownNameError:
            raise AttributeError(name) from None

    def with_charges(self, group: U1, **charges: object) -> StandardModel:
        """Give SM fields charges under an extra U(1), per generation where a tuple is given.

        ``sm.with_charges(Lmu_Ltau, L=(0, 1, -1), eR=(0, 1, -1))`` is Table I's second row.
        """
        names = {f.name for f in self.fields}
        for name in charges:
            if name not in names:
                raise UnknownNameError("field", name, names)
        fields = tuple(
            f.with_charges(group, charges[f.name]) if f.name in charges else f for f in self.fields
        )
        return attrs.evolve(self, fields=fields)


def standard_model(hypercharge: HyperchargeConvention = PAPER_HYPERCHARGE) -> StandardModel:
    """The SM fermions with hypercharges stated in the convention ``hypercharge``."""
    fields = tuple(
        Field.fermion(name, chir, su3=su3, su2=su2, Y=y / hypercharge.factor, components=comps, latex=latex)
        for name, chir, su3, su2, y, comps, latex in _SM_FIELDS
    )
    return StandardModel(hypercharge, fields)


def _frac_latex(q: Fraction) -> str:
    if q.denominator == 1:
        return str(q.numerator)
    sign = "-" if q < 0 else ""
    return rf"{sign}{abs(q.numerator)}/{q.denominator}"
