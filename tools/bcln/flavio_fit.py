"""Probe flavio 2.7.1 for the b → cℓν̄ rate quadratic forms (offline tool, not lqmodel code).

For a rate observable O(ℓ) (e.g. BR(B0->Dtaunu)) flavio's NP/SM ratio is Σ_ν z_ν† K z_ν with
z = (c_sm + C_VL, C_VR, C_SL, C_SR, C_T)/c_sm for ν = ν_ℓ and C/c_sm otherwise (flavio basis at
4.8 GeV, c_sm = 1 + α_e(4.8)/π ln(M_Z/4.8 GeV), flavio's get_CVLSM).  K (hermitian, K_00 = 1) is
recovered exactly from 25 probe points z = e_i, e_i + e_j, e_i + i e_j.
"""

from __future__ import annotations

import itertools

import flavio
import numpy as np
import wilson
from engine import c_sm

PAR = flavio.default_parameters.get_central_all()
CSM = c_sm(PAR)
NAMES = ("CVL", "CVR", "CSL", "CSR", "CT")
SCALE = 4.8


def wc_name(x, lep, nu):
    return f"{x}_bc{lep}nu{nu}"


def flavio_value(obs, values):
    """flavio's prediction of ``obs`` for flavio-basis coefficients ``values`` at 4.8 GeV."""
    w = wilson.Wilson(
        {k: complex(v) for k, v in values.items() if v != 0}, scale=SCALE, eft="WET", basis="flavio"
    )
    return flavio.np_prediction(obs, w)


def z_to_values(z, lep, nu):
    """flavio inputs for the tree-level variables z (for ν = ℓ the SM part c_sm is subtracted)."""
    z = np.asarray(z, complex)
    vals = {}
    for i, x in enumerate(NAMES):
        c = CSM * z[i] - (CSM if (i == 0 and nu == lep) else 0)
        if c != 0:
            vals[wc_name(x, lep, nu)] = c
    return vals


def ratio(obs, lep, z, nu=None, sm=None):
    nu = nu or lep
    sm = sm if sm is not None else flavio.sm_prediction(obs)
    return flavio_value(obs, z_to_values(z, lep, nu)) / sm


def probe_matrix(obs, lep):
    """Hermitian K of flavio's NP/SM ratio of ``obs`` (ν = ν_ℓ), from 25 probes."""
    sm = flavio.sm_prediction(obs)
    e = np.eye(5)
    K = np.zeros((5, 5), complex)
    for i in range(5):
        K[i, i] = ratio(obs, lep, e[i], sm=sm)
    for i, j in itertools.combinations(range(5), 2):
        a = ratio(obs, lep, e[i] + e[j], sm=sm) - K[i, i].real - K[j, j].real  # 2 Re K_ij
        # z = e_i + i e_j gives K_ii + K_jj − 2 Im K_ij
        b = ratio(obs, lep, e[i] + 1j * e[j], sm=sm) - K[i, i].real - K[j, j].real
        K[i, j] = (a - 1j * b) / 2
        K[j, i] = np.conj(K[i, j])
    return K


def quad(K, z):
    z = np.asarray(z, complex)
    return float(np.real(z.conj() @ K @ z))
