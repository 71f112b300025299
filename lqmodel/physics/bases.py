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
    "flavio_combinations",
    "flavio_table",
    "is_wet_operator",
    "jms_expression",
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


@cache
def flavio_combinations() -> dict[Operator, tuple[tuple[str, object, str, str], ...]]:
    """Operator -> ((flavio name, weight, normalisation text, sector), ...) for the flavio coefficients
    that are sums of chiral operators (b → qℓℓ: C9 = (c_VLL + c_VLR)/2N ...; wet.yaml ``combinations``).

    Every lepton pair: flavio's lepton-flavour-violating b → qℓℓ′ coefficients are in sectors of their
    own (``sbemu`` holds C9_bsmue = (s̄γP_Lb)(ēγμ); flavio names the leptons in reverse order)."""
    import sympy

    flavio = _data()["flavio"]
    table: dict[Operator, list] = {}
    for sec in flavio.get("combination_sectors", ()):
        for c in flavio.get("combinations", ()):
            for l1, l2 in itertools.product((1, 2, 3), repeat=2):
                fields = tuple(_field(f, l1, l2) for f in sec["fields"])
                flavours = {"{L1}": FLAVOURS["e"][l1 - 1], "{L2}": FLAVOURS["e"][l2 - 1]}
                name = c["name"].replace("{Q}", sec["Q"])
                sector = sec["sector"] if l1 == l2 else sec["sector_lfv"]
                for key, flavour in flavours.items():
                    name, sector = name.replace(key, flavour), sector.replace(key, flavour)
                norm = c["norm"].replace("{N}", f"({sec['N']})")
                for structure, weight in c["parts"].items():
                    entry = (name, sympy.Rational(weight), norm, sector)
                    table.setdefault(Operator(fields, structure), []).append(entry)
    return {op: tuple(v) for op, v in table.items()}


@cache
def flavio_normalisation(text: str, sector: str):
    """A flavio-basis normalisation with α_e taken at the scale where flavio reads ``sector``.

    The d → d′νν̄ normalisations hold α_e: flavio multiplies C_L by a prefactor with α_e at its
    process scale (4.8 GeV for B decays, 2 GeV for K decays; ``process_scales`` in wet.yaml), so
    a file's coefficient means the same to flavio at any file scale only with that α.  α_e is
    then the one-loop running α from the parameter ``alpha_em`` = α(M_Z).
    """
    from lqmodel.physics.running import alpha_em
    from lqmodel.symbols.formula import param_symbol

    expr = normalisation(text)
    alpha = param_symbol("alpha_e")
    if alpha not in expr.free_symbols:
        return expr
    scales = _data()["flavio"]["process_scales"]
    if sector not in scales:
        raise BasisError(f"flavio sector {sector!r}", "its normalisation has alpha_e but no process scale")
    return expr.xreplace({alpha: alpha_em(scales[sector], param_symbol("alpha_em"))})


def normalisation(text: str):
    import sympy

    from lqmodel.symbols.ckm import CKM_NAMES, ckm_symbols
    from lqmodel.symbols.formula import param_symbol

    names = {
        n: s
        for row, srow in zip(CKM_NAMES, ckm_symbols().tolist(), strict=True)
        for n, s in zip(row, srow, strict=True)
    }
    names.update(
        {
            n: param_symbol(n)
            for n in ("GF", "alpha_e", "alpha_em", "alpha_em_0", "s2w", "m_e", "m_mu", "m_tau", "m_b_4p8")
        }
    )
    return sympy.sympify(text, locals=names)


@cache
def flavio_dipoles() -> tuple[tuple[str, str, str, str], ...]:
    """flavio's lepton-dipole coefficients: (flavio name, JMS name, normalisation, sector)."""
    return tuple((d["name"], d["jms"], d["norm"], d["sector"]) for d in _data()["flavio"]["dipoles"])


def paper_coefficients(leff: EffectiveLagrangian) -> dict[str, tuple[str, object, str]]:
    """The paper's normalised coefficients: name -> (LaTeX label, expression, equation).

    Eq. (7): C_L = −c / (C_L^SM λ); eq. (19): C_V, C_S, C_T in flavio's b → cτν̄ convention.
    """
    out = {}
    for c in _data()["paper"]["coefficients"]:
        op = Operator(tuple(_field(f, 0, 0) for f in c["fields"]), c["structure"])
        out[c["name"]] = (c["label"], leff.coefficient(op) / normalisation(c["norm"]), c["source"])
    return out


def df2_pair(op: Operator) -> tuple[str, int, int] | None:
    """(species, i, j) of a ΔF = 2 operator (q̄_i Γ q_j)(q̄_i Γ' q_j), i ≠ j (0-based), else None."""
    (s1, i), (s2, j), f3, f4 = op.fields
    if s1 == s2 and s1 in ("d", "u") and i != j and f3 == (s1, i) and f4 == (s2, j):
        return s1, i, j
    return None


_CONJ_STRUCTURE = {"SLL": "SRR", "SRR": "SLL", "TLL": "TRR", "TRR": "TLL"}


def df2_chiral(jms: Mapping[str, object], species: str, i: int, j: int) -> dict[str, object]:
    """Colour-singlet chiral coefficients of (q̄_i Γ q_j)² (0-based, either order) from JMS values.

    JMS lists (q̄_p q_r)² with p < r; for i > j the operator is the hermitian conjugate, whose
    coefficient is the conjugate of the image structure (SLL ↔ SRR, TLL ↔ TRR; V and SLR keep theirs).
    """
    import sympy

    from lqmodel.physics.rge import jms_to_chiral_df2

    lo, hi = min(i, j), max(i, j)
    chiral = jms_to_chiral_df2(jms, lo + 1, hi + 1, species)
    if i < j:
        return chiral
    return {_CONJ_STRUCTURE.get(s, s): sympy.conjugate(c) for s, c in chiral.items()}


def df2_jms_names(species: str, i: int, j: int) -> tuple[str, ...]:
    """The JMS names of the ΔF = 2 operators of the pair (i < j, 1-based)."""
    q = species * 2
    direct = [
        f"{n}_{i}{j}{i}{j}" for n in (f"V{q}LL", f"V{q}RR", f"V1{q}LR", f"V8{q}LR", f"S1{q}RR", f"S8{q}RR")
    ]
    return (*direct, f"S1{q}RR_{j}{i}{j}{i}", f"S8{q}RR_{j}{i}{j}{i}")


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


def jms_expression(op: Operator):
    """The L_eff coefficient of ``op`` in JMS symbols: its JMS coefficient, or the complex conjugate of
    its hermitian conjugate's where JMS lists that one (WCxf adds the h.c.)."""
    import sympy

    from lqmodel.symbols.wet import wet_symbol

    name, conjugated = _jms_entry(op)
    if name is None:
        raise BasisError(f"operator {op.label()}", "no JMS class holds it or its hermitian conjugate")
    return sympy.conjugate(wet_symbol(name)) if conjugated else wet_symbol(name)


def _jms_entry(op: Operator) -> tuple[str | None, bool]:
    """(JMS name, conjugated): the listed coefficient that holds ``op``'s, directly or as the
    conjugate of its hermitian conjugate's; (None, False) if JMS lists neither."""
    name, status = jms_name(op)
    if status == "listed":
        return name, False
    name, status = jms_name(conjugate_operator(op))
    return (name, True) if status == "listed" else (None, False)


def _jms_value(jms: Mapping[str, object], op: Operator):
    """``op``'s L_eff coefficient from the JMS values ``jms`` (0 where ``jms`` lacks it)."""
    import sympy

    name, conjugated = _jms_entry(op)
    if name is None or name not in jms:
        return 0
    return sympy.conjugate(jms[name]) if conjugated else jms[name]


def _sector_jms(op: Operator) -> str:
    (s1, q1), (s2, q2), (s3, _l1), (s4, _l2) = op.fields
    return "".join(FLAVOURS[s][k] for s, k in ((s1, q1), (s2, q2))) + f"{s3}{s4}"


def to_basis(leff: EffectiveLagrangian, basis: str, sectors: tuple[str, ...] | None = None) -> BasisResult:
    """The WCxf coefficients of ``leff`` in ``basis`` ('flavio' or 'JMS'), as sympy expressions.

    ``sectors`` (flavio basis) keeps only those WCxf sectors; operators outside every known
    sector raise BasisError unless ``sectors`` is given.  Coefficients of JMS are GeV⁻²;
    flavio's carry their normalisations (:func:`flavio_normalisation`: α_e at flavio's process scale).
    """
    if basis not in BASES:
        raise BasisError(f"basis {basis!r}", f"not supported; choose one of {', '.join(BASES)}")
    values, sectors_of, not_wet, missing = {}, {}, [], []
    table = flavio_table() if basis == "flavio" else None
    combos = flavio_combinations() if basis == "flavio" else {}
    known_sectors = (
        ({v[2] for v in table.values()} | {e[3] for v in combos.values() for e in v}) if table else set()
    )
    if sectors is not None and table is not None:
        unknown = sorted(set(sectors) - known_sectors)
        if unknown:
            raise BasisError(
                f"sector {unknown[0]!r}",
                f"not in lqmodel's {basis} basis; known: {', '.join(sorted(known_sectors))}",
            )
    df2: dict[tuple[str, int, int], dict[str, object]] = {}
    for op, c in leff.terms.items():
        if not is_wet_operator(op):
            not_wet.append(op)
            continue
        pair = df2_pair(op)
        if pair is not None:  # (q̄_i q_j)², i < j; i > j are its hermitian conjugates
            if pair[1] < pair[2]:
                chiral = df2.setdefault(pair, {})
                chiral[op.structure] = chiral.get(op.structure, 0) + c
            continue
        if table is not None:
            if op in table:
                name, norm, sector = table[op]
                if sectors is None or sector in sectors:
                    values[name] = values.get(name, 0) + c / flavio_normalisation(norm, sector)
                    sectors_of[name] = sector
            elif op in combos:
                for name, weight, norm, sector in combos[op]:
                    if sectors is None or sector in sectors:
                        values[name] = values.get(name, 0) + weight * c / flavio_normalisation(norm, sector)
                        sectors_of[name] = sector
            elif (
                conjugate_operator(op) not in table
                and conjugate_operator(op) not in combos
                and sectors is None
            ):
                missing.append(op)
            continue
        name, status = jms_name(op)
        if status == "listed":
            values[name] = values.get(name, 0) + c
            sectors_of[name] = _sector_jms(op)
        elif status == "none":
            missing.append(op)
    if df2:
        from lqmodel.physics.rge import chiral_to_jms_df2

        jms_df2: dict[str, object] = {}
        for (species, i, j), chiral in df2.items():
            jms_df2.update(chiral_to_jms_df2(chiral, i + 1, j + 1, species))
        if table is None:
            for name, c in jms_df2.items():
                if c != 0:
                    values[name] = values.get(name, 0) + c
                    sectors_of[name] = "df2"
        else:
            for name, c in jms_to_flavio(jms_df2, sectors).items():
                values[name] = values.get(name, 0) + c
                sectors_of[name] = sector_of(name, "flavio")
    if missing:
        labels = "; ".join(op.label() for op in missing[:3]) + (" ..." if len(missing) > 3 else "")
        hint = "choose --sectors, or --basis JMS" if basis == "flavio" else "no JMS class holds them"
        raise BasisError(
            f"basis {basis!r}", f"cannot express {len(missing)} operator(s) of this model: {labels} ({hint})"
        )
    return BasisResult(basis, values, sectors_of, tuple(not_wet))


def jms_to_flavio(jms: Mapping[str, object], sectors: Sequence[str] | None = None) -> dict[str, object]:
    """flavio-basis coefficients from JMS ones (numbers or sympy expressions), via the operators both name.

    The flavio normalisations (:func:`flavio_normalisation`) hold ``alpha_em`` (α(M_Z)), ``GF``
    and CKM elements; substitute them for numbers.  An operator whose JMS coefficient is
    listed as the conjugate operator's takes the complex conjugate.
    """

    out: dict[str, object] = {}
    chiral_cache: dict[tuple[str, int, int], dict[str, object]] = {}
    for op, (name, norm, sector) in flavio_table().items():
        if sectors and sector not in sectors:
            continue
        pair = df2_pair(op)
        if pair is not None:
            if pair not in chiral_cache:
                chiral_cache[pair] = df2_chiral(jms, *pair)
            c = chiral_cache[pair].get(op.structure, 0)
            if c != 0:
                out[name] = c / flavio_normalisation(norm, sector)
            continue
        c = _jms_value(jms, op)
        if c != 0:
            out[name] = c / flavio_normalisation(norm, sector)
    for op, entries in flavio_combinations().items():
        c = _jms_value(jms, op)
        if c == 0:
            continue
        for name, weight, norm, sector in entries:
            if not sectors or sector in sectors:
                out[name] = out.get(name, 0) + weight * c / flavio_normalisation(norm, sector)
    for name, jname, norm, sector in flavio_dipoles():
        if (not sectors or sector in sectors) and jms.get(jname, 0) != 0:
            out[name] = jms[jname] / normalisation(norm)
    return out


@cache
def basis_names(basis: str) -> frozenset[str]:
    """Every coefficient name lqmodel knows in ``basis`` ('JMS' or 'flavio')."""
    if basis not in BASES:
        raise BasisError(f"basis {basis!r}", f"not supported; choose one of {', '.join(BASES)}")
    if basis == "flavio":
        return (
            frozenset(name for name, _, _ in flavio_table().values())
            | {d[0] for d in flavio_dipoles()}
            | {e[0] for v in flavio_combinations().values() for e in v}
        )
    names = set()
    for c in _data()["JMS"]["classes"]:
        for p, r, s, t in itertools.product((1, 2, 3), repeat=4):
            rule = c["rule"]
            if rule == "pair" and not (p < r or (p == r and s <= t)):
                continue
            names.add(f"{c['name']}_{p}{r}{s}{t}")
    for species in ("d", "u"):
        for i, j in itertools.combinations((1, 2, 3), 2):
            names.update(df2_jms_names(species, i, j))
    names.update(f"egamma_{p}{r}" for p, r in itertools.product((1, 2, 3), repeat=2))  # lepton dipoles
    return frozenset(names)


def sector_of(name: str, basis: str = "flavio") -> str | None:
    """The WCxf sector of flavio coefficient ``name`` (None if lqmodel does not know it)."""
    dipole = next((d[3] for d in flavio_dipoles() if d[0] == name), None)
    combined = next((e[3] for v in flavio_combinations().values() for e in v if e[0] == name), None)
    return dipole or combined or next((sector for n, _, sector in flavio_table().values() if n == name), None)


def check_sectors(basis: str, sectors: Sequence[str]) -> None:
    """Raise BasisError unless every sector is one lqmodel knows (sectors select flavio coefficients)."""
    if basis != "flavio":
        raise BasisError(
            f"basis {basis!r}",
            "--sectors selects coefficients of the flavio basis; the JMS export holds every operator",
        )
    known = (
        {s for _, _, s in flavio_table().values()}
        | {d[3] for d in flavio_dipoles()}
        | {e[3] for v in flavio_combinations().values() for e in v}
    )
    for s in sectors:
        if s not in known:
            raise BasisError(
                f"sector {s!r}", f"not in lqmodel's {basis} basis; known: {', '.join(sorted(known))}"
            )


def inexpressible(jms_names: Sequence[str], basis: str = "flavio") -> list[str]:
    """The JMS coefficient names among ``jms_names`` that ``basis`` has no coefficient for."""
    if basis == "JMS":
        return []
    covered = {d[1] for d in flavio_dipoles()}
    for op in (*flavio_table(), *flavio_combinations()):
        pair = df2_pair(op)
        if pair is not None:
            species, i, j = pair
            covered.update(df2_jms_names(species, min(i, j) + 1, max(i, j) + 1))
            continue
        name, _ = _jms_entry(op)
        if name:
            covered.add(name)
    return [n for n in jms_names if n not in covered]
