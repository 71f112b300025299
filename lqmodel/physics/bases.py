"""Name and normalise the derived Wilson coefficients in WCxf's WET bases (flavio, JMS).

The bases are data (``lqmodel/physics/data/wet.yaml``).  :func:`to_basis` maps the complete
hermitian ``L_eff`` of :mod:`lqmodel.physics.matching` to a basis: each basis coefficient is the
``L_eff`` coefficient of its operator divided by the basis normalisation.  Operators whose
hermitian conjugate the basis lists are covered by that conjugate (WCxf adds the h.c.).
Operators with a top quark have no WET counterpart and are set aside.  Any other operator
the basis cannot express raises :class:`~lqmodel.errors.BasisError` naming it.
"""

from __future__ import annotations

import importlib.resources
import itertools
from collections.abc import Mapping, Sequence
from functools import cache

import attrs

from lqmodel.core.errors import BasisError
from lqmodel.physics.matching import EffectiveLagrangian, Operator

__all__ = [
    "BASES",
    "BasisResult",
    "conjugate_operator",
    "flavio_table",
    "is_wet_operator",
    "jms_name",
    "jms_to_flavio",
    "normalisation",
    "paper_coefficients",
    "to_basis",
]

BASES = ("flavio", "JMS")
FLAVOURS = {"d": ("d", "s", "b"), "u": ("u", "c", "t"), "e": ("e", "mu", "tau"), "nu": ("e", "mu", "tau")}
_FLIP = {"L": "R", "R": "L"}


@cache
def _data() -> dict:
    import yaml

    text = importlib.resources.files("lqmodel.physics.data").joinpath("wet.yaml").read_text()
    return yaml.safe_load(text)


def conjugate_operator(op: Operator) -> Operator:
    """O† of ``(f̄1 Γ1 f2)(f̄3 Γ2 f4)``: ``(f̄2 Γ1' f1)(f̄4 Γ2' f3)``; S and T flip chirality, V keeps it."""
    f1, f2, f3, f4 = op.fields
    kind, x, y = op.structure[0], op.structure[1], op.structure[2]
    if kind in "ST":
        x, y = _FLIP[x], _FLIP[y]
    return Operator((f2, f1, f4, f3), f"{kind}{x}{y}")


def is_wet_operator(op: Operator) -> bool:
    """False for operators with a top quark, which the WET below the weak scale does not hold."""
    return ("u", 2) not in op.fields


@attrs.frozen
class BasisResult:
    """Coefficients of one basis: ``values`` maps a WCxf name to its sympy expression."""

    basis: str
    values: dict = attrs.field(eq=False)
    sectors: dict = attrs.field(eq=False)  # name -> WCxf sector
    not_wet: tuple = ()  # operators set aside (top quark)


def _field(spec: str, l1: int, l2: int) -> tuple[str, int]:
    spec = spec.replace("{l1}", str(l1)).replace("{l2}", str(l2))
    species = spec.rstrip("0123456789")
    return species, int(spec[len(species) :]) - 1


@cache
def flavio_table() -> dict[Operator, tuple[str, str, str]]:
    """Operator -> (name, normalisation text, sector) for flavio's basis."""
    table = {}
    for c in _data()["flavio"]["coefficients"]:
        for l1, l2 in itertools.product((1, 2, 3), repeat=2):
            if c.get("diagonal") and l1 != l2:
                continue
            fields = tuple(_field(f, l1, l2) for f in c["fields"])
            names = {"{L1}": FLAVOURS["e"][l1 - 1], "{L2}": FLAVOURS["e"][l2 - 1]}
            name, sector = c["name"], c["sector"]
            for k, v in names.items():
                name, sector = name.replace(k, v), sector.replace(k, v)
            table[Operator(fields, c["structure"])] = (name, c["norm"], sector)
    return table


def normalisation(text: str):
    import sympy

    from lqmodel.symbols.ckm import CKM_NAMES, ckm_symbols
    from lqmodel.symbols.formula import param_symbol

    names = {
        n: s
        for row, srow in zip(CKM_NAMES, ckm_symbols().tolist(), strict=True)
        for n, s in zip(row, srow, strict=True)
    }
    names.update({n: param_symbol(n) for n in ("GF", "alpha_e", "alpha_em", "s2w")})
    return sympy.sympify(text, locals=names)


def paper_coefficients(leff: EffectiveLagrangian) -> dict[str, tuple[str, object, str]]:
    """The paper's normalised coefficients: name -> (LaTeX label, expression, equation).

    Eq. (7): C_L = −c / (C_L^SM λ); eq. (19): C_V, C_S, C_T in flavio's b → cτν̄ convention.
    """
    out = {}
    for c in _data()["paper"]["coefficients"]:
        op = Operator(tuple(_field(f, 0, 0) for f in c["fields"]), c["structure"])
        out[c["name"]] = (c["label"], leff.coefficient(op) / normalisation(c["norm"]), c["source"])
    return out


def jms_name(op: Operator) -> tuple[str | None, str]:
    """(name, status) with status 'listed', 'conjugate' (exported via O†) or 'none'."""
    species = [f[0] for f in op.fields]
    idx = {
        "q1": op.fields[0][1] + 1,
        "q2": op.fields[1][1] + 1,
        "l1": op.fields[2][1] + 1,
        "l2": op.fields[3][1] + 1,
    }
    data = _data()["JMS"]
    for c in data["classes"]:
        if c["species"] != species or c["structure"] != op.structure:
            continue
        p, r, s, t = (idx[k] for k in c["order"])
        name = f"{c['name']}_{p}{r}{s}{t}"
        rule = c["rule"]
        if rule == "all":
            return name, "listed"
        if rule == "pair":
            return (name, "listed") if (p < r or (p == r and s <= t)) else (None, "conjugate")
        if rule == "dF2" and (p, r) == (s, t):  # (d̄_p d_r)^2: listed for p < r
            return (name, "listed") if p < r else (None, "conjugate")
    for c in data["conjugate_classes"]:
        if c["species"] == species and op.structure in c["structures"]:
            return None, "conjugate"
    return None, "none"


def _sector_jms(op: Operator) -> str:
    (s1, q1), (s2, q2), (s3, _l1), (s4, _l2) = op.fields
    return "".join(FLAVOURS[s][k] for s, k in ((s1, q1), (s2, q2))) + f"{s3}{s4}"


def to_basis(leff: EffectiveLagrangian, basis: str, sectors: tuple[str, ...] | None = None) -> BasisResult:
    """The WCxf coefficients of ``leff`` in ``basis`` ('flavio' or 'JMS'), as sympy expressions.

    ``sectors`` (flavio basis) keeps only those WCxf sectors; operators outside every known
    sector raise BasisError unless ``sectors`` is given.  Coefficients of JMS are GeV⁻²;
    flavio's carry their normalisations (which contain the symbol ``alpha_e``: α at the scale
    of the coefficients).
    """
    if basis not in BASES:
        raise BasisError(f"basis {basis!r}", f"not supported; choose one of {', '.join(BASES)}")
    values, sector_of, not_wet, missing = {}, {}, [], []
    table = flavio_table() if basis == "flavio" else None
    known_sectors = {v[2] for v in table.values()} if table else set()
    if sectors is not None and table is not None:
        unknown = sorted(set(sectors) - known_sectors)
        if unknown:
            raise BasisError(
                f"sector {unknown[0]!r}",
                f"not in lqmodel's {basis} basis; known: {', '.join(sorted(known_sectors))}",
            )
    for op, c in leff.terms.items():
        if not is_wet_operator(op):
            not_wet.append(op)
            continue
        if table is not None:
            if op in table:
                name, norm, sector = table[op]
                if sectors is None or sector in sectors:
                    values[name] = values.get(name, 0) + c / normalisation(norm)
                    sector_of[name] = sector
            elif conjugate_operator(op) not in table and sectors is None:
                missing.append(op)
            continue
        name, status = jms_name(op)
        if status == "listed":
            values[name] = values.get(name, 0) + c
            sector_of[name] = _sector_jms(op)
        elif status == "none":
            missing.append(op)
    if missing:
        labels = "; ".join(op.label() for op in missing[:3]) + (" ..." if len(missing) > 3 else "")
        hint = "choose --sectors, or --basis JMS" if basis == "flavio" else "no JMS class holds them"
        raise BasisError(
            f"basis {basis!r}", f"cannot express {len(missing)} operator(s) of this model: {labels} ({hint})"
        )
    return BasisResult(basis, values, sector_of, tuple(not_wet))


def jms_to_flavio(jms: Mapping[str, object], sectors: Sequence[str] | None = None) -> dict[str, object]:
    """flavio-basis coefficients from JMS ones (numbers or sympy expressions), via the operators both name.

    The flavio normalisations hold the symbol ``alpha_e`` (α at the scale of the coefficients),
    ``GF`` and CKM elements; substitute them for numbers.  An operator whose JMS coefficient is
    listed as the conjugate operator's takes the complex conjugate.
    """
    import sympy

    out: dict[str, object] = {}
    for op, (name, norm, sector) in flavio_table().items():
        if sectors and sector not in sectors:
            continue
        jname, status = jms_name(op)
        if status == "listed":
            c = jms.get(jname, 0)
        else:
            cname, _ = jms_name(conjugate_operator(op))
            c = sympy.conjugate(jms[cname]) if cname and cname in jms else 0
        if c != 0:
            out[name] = c / normalisation(norm)
    return out


@cache
def basis_names(basis: str) -> frozenset[str]:
    """Every coefficient name lqmodel knows in ``basis`` ('JMS' or 'flavio')."""
    if basis not in BASES:
        raise BasisError(f"basis {basis!r}", f"not supported; choose one of {', '.join(BASES)}")
    if basis == "flavio":
        return frozenset(name for name, _, _ in flavio_table().values())
    names = set()
    for c in _data()["JMS"]["classes"]:
        for p, r, s, t in itertools.product((1, 2, 3), repeat=4):
            rule = c["rule"]
            if rule == "pair" and not (p < r or (p == r and s <= t)):
                continue
            if rule == "dF2" and not ((p, r) == (s, t) and p < r):
                continue
            names.add(f"{c['name']}_{p}{r}{s}{t}")
    return frozenset(names)


def sector_of(name: str, basis: str) -> str | None:
    """The WCxf sector of flavio coefficient ``name`` (None if lqmodel does not know it)."""
    return next((sector for n, _, sector in flavio_table().values() if n == name), None)


def check_sectors(basis: str, sectors: Sequence[str]) -> None:
    """Raise BasisError unless every sector is one lqmodel knows (sectors select flavio coefficients)."""
    if basis != "flavio":
        raise BasisError(
            f"basis {basis!r}",
            "--sectors selects coefficients of the flavio basis; the JMS export holds every operator",
        )
    known = {s for _, _, s in flavio_table().values()}
    for s in sectors:
        if s not in known:
            raise BasisError(
                f"sector {s!r}", f"not in lqmodel's {basis} basis; known: {', '.join(sorted(known))}"
            )


def inexpressible(jms_names: Sequence[str], basis: str = "flavio") -> list[str]:
    """The JMS coefficient names among ``jms_names`` that ``basis`` has no coefficient for."""
    if basis == "JMS":
        return []
    covered = set()
    for op in flavio_table():
        name, status = jms_name(op)
        if status != "listed":
            name, _ = jms_name(conjugate_operator(op))
        if name:
            covered.add(name)
    return [n for n in jms_names if n not in covered]
