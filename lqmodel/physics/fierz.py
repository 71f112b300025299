"""Dirac algebra, charge conjugation and Fierz rearrangement as exact index tensors.

Nothing here is a table of identities typed in by hand.  A four-fermion product is an
explicit rank-4 tensor ``T[a, b, c, d]`` in the spinor indices of four field operators;
reordering the fields permutes the tensor (with the sign of the permutation, because the
fields anticommute), and projecting onto the ten chiral structures

    S_XY = P_X ⊗ P_Y,   V_XY = γ^μ P_X ⊗ γ_μ P_Y,   T_XX = σ^{μν} P_X ⊗ σ_{μν} P_X

(X, Y ∈ {L, R}) gives the coefficients of the rearranged product.  Charge conjugation
enters through the matrix ``C = i γ² γ⁰`` of the chiral representation, with
ψ^c = C ψ̄^T.  The tests check the familiar Fierz identities against these tensors with
an independently built set of Dirac matrices.
"""

from __future__ import annotations

import itertools
from functools import cache

__all__ = [
    "STRUCTURES",
    "charge_conjugation_left",
    "charge_conjugation_right",
    "conjugate_matrix",
    "decompose",
    "dirac",
    "structure_tensor",
]

# (name, Lorentz rank, chirality of Γ1, chirality of Γ2); TLR and TRL vanish identically.
STRUCTURES = (
    ("SLL", 0, "L", "L"),
    ("SLR", 0, "L", "R"),
    ("SRL", 0, "R", "L"),
    ("SRR", 0, "R", "R"),
    ("VLL", 1, "L", "L"),
    ("VLR", 1, "L", "R"),
    ("VRL", 1, "R", "L"),
    ("VRR", 1, "R", "R"),
    ("TLL", 2, "L", "L"),
    ("TRR", 2, "R", "R"),
)


@cache
def dirac():
    """Exact Dirac matrices in the chiral representation (sympy ImmutableMatrix).

    Returns a dict with ``gamma`` (γ^0..γ^3, upper index), ``g`` (metric, mostly minus),
    ``gamma5``, ``PL``, ``PR``, ``C`` (= iγ²γ⁰) and ``sigma`` (σ^{μν} = i/2 [γ^μ, γ^ν]).
    """
    import sympy as sp

    I = sp.I
    one, zero = sp.eye(2), sp.zeros(2)
    pauli = [sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -I], [I, 0]]), sp.Matrix([[1, 0], [0, -1]])]

    def block(a, b, c, d):
        return sp.ImmutableMatrix(sp.BlockMatrix([[a, b], [c, d]]).as_explicit())

    gamma = [block(zero, one, one, zero)] + [block(zero, s, -s, zero) for s in pauli]
    gamma5 = sp.ImmutableMatrix(I * gamma[0] * gamma[1] * gamma[2] * gamma[3])
    eye = sp.eye(4)
    sigma = [
        [sp.ImmutableMatrix(I / 2 * (gamma[m] * gamma[n] - gamma[n] * gamma[m])) for n in range(4)]
        for m in range(4)
    ]
    return {
        "gamma": gamma,
        "g": (1, -1, -1, -1),
        "gamma5": gamma5,
        "PL": sp.ImmutableMatrix((eye - gamma5) / 2),
        "PR": sp.ImmutableMatrix((eye + gamma5) / 2),
        "C": sp.ImmutableMatrix(I * gamma[2] * gamma[0]),
        "sigma": sigma,
        "one": sp.ImmutableMatrix(eye),
    }


def _gammas(rank: int, chirality: str):
    """The list of (metric weight, upper-index matrix, lower-index partner) of one structure."""
    d = dirac()
    P = d["PL"] if chirality == "L" else d["PR"]
    if rank == 0:
        return [((), P)]
    if rank == 1:
        return [((m,), d["gamma"][m] * P) for m in range(4)]
    return [((m, n), d["sigma"][m][n] * P) for m in range(4) for n in range(4)]


@cache
def structure_tensor(name: str):
    """``T[a, b, c, d] = Σ (Γ1^{μ…})_{ab} (Γ2_{μ…})_{cd}`` for a structure in :data:`STRUCTURES`.

    Returned as a flat tuple of 256 exact numbers, index order (a, b, c, d).
    """
    _, rank, x, y = next(s for s in STRUCTURES if s[0] == name)
    g = dirac()["g"]
    first, second = _gammas(rank, x), _gammas(rank, y)
    out = [0] * 256
    for (idx, m1), (_, m2) in zip(first, second, strict=True):  # same Lorentz indices, same order
        w = 1
        for mu in idx:
            w *= g[mu]
        for a, b, c, dd in itertools.product(range(4), repeat=4):
            v = m1[a, b] * m2[c, dd]
            if v != 0:
                out[((a * 4 + b) * 4 + c) * 4 + dd] += w * v
    return tuple(out)


@cache
def _gram():
    import sympy as sp

    vecs = [sp.Matrix(structure_tensor(s[0])) for s in STRUCTURES]
    G = sp.Matrix(len(vecs), len(vecs), lambda i, j: (vecs[i].H * vecs[j])[0])
    return vecs, G.inv()


def decompose(tensor) -> dict[str, object]:
    """Coefficients of a rank-4 spinor tensor (flat, 256 entries, order a, b, c, d) on the
    ten chiral structures of the pairing (ab)(cd).  Raises ValueError if the tensor is not
    in their span (i.e. is not a Lorentz-invariant product of two bilinears).
    """
    import sympy as sp

    vecs, Ginv = _gram()
    t = sp.Matrix([sp.nsimplify(v) if isinstance(v, float) else v for v in tensor])
    proj = sp.Matrix([(v.H * t)[0] for v in vecs])
    coeffs = Ginv * proj
    residual = t - sum((c * v for c, v in zip(coeffs, vecs, strict=True)), sp.zeros(256, 1))
    if any(sp.simplify(r) != 0 for r in residual):
        raise ValueError("tensor is not a combination of the chiral four-fermion structures")
    return {s[0]: sp.simplify(c) for s, c in zip(STRUCTURES, coeffs, strict=True) if sp.simplify(c) != 0}


def conjugate_matrix(M):
    """γ⁰ M† γ⁰: the matrix of the hermitian conjugate bilinear, (ψ̄ M χ)† = χ̄ (γ⁰M†γ⁰) ψ."""
    g0 = dirac()["gamma"][0]
    return g0 * M.H * g0


def charge_conjugation_left():
    """``K`` with ψ̄^c = ψ^T K, i.e. (ψ̄^c)_b = ψ_a K_ab.

    From ψ^c = C ψ̄^T = C γ⁰^T ψ*: ψ̄^c = (ψ^c)† γ⁰ = ψ^T (C γ⁰^T)† γ⁰.
    """
    d = dirac()
    M = d["C"] * d["gamma"][0].T
    return type(d["C"])(M.H * d["gamma"][0])


def charge_conjugation_right():
    """``C`` itself: ψ^c_a = C_ab ψ̄_b."""
    return dirac()["C"]
