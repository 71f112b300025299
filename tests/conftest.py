"""Shared fixtures: the paper's model, loaded once."""

import pytest

from lqmodel import load_model


@pytest.fixture(scope="session")
def s1():
    """The S1 + U(1)_{Lmu-Ltau} model of Chen & Chiang 2024 (models/s1_lmu_ltau.py)."""
    return load_model("s1_lmu_ltau")


@pytest.fixture(scope="session", autouse=True)
def kernel_cache(tmp_path_factory):
    """Compiled kernels go to a fresh directory, not the user's ~/.cache."""
    import os

    path = tmp_path_factory.mktemp("kernel-cache")
    old = os.environ.get("LQMODEL_CACHE")
    os.environ["LQMODEL_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("LQMODEL_CACHE", None)
    else:
        os.environ["LQMODEL_CACHE"] = old


def _review():
    from lqmodel import REVIEW_HYPERCHARGE, standard_model

    return standard_model(REVIEW_HYPERCHARGE)


@pytest.fixture(scope="session")
def s3():
    """S3 ~ (3bar, 3, 1/3), L ⊃ y Q̄^c iτ₂ (τ·S3) L + h.c. (Doršner et al. 2016; docs/conventions.md)."""
    from lqmodel import Coupling, Field, Model, Yukawa, barc

    sm = _review()
    S3 = Field.scalar("S3", su3="3bar", su2=3, Y="1/3", mass="m_S3")
    y = Coupling("y", shape=(3, 3), real=False)
    return Model(
        "s3",
        sm,
        (S3,),
        (Yukawa(y, barc(sm.Q), sm.L, S3),),
        sign="+L",
        aligned="down",
        defaults={"m_S3": "1.5 TeV"},
    )


@pytest.fixture(scope="session")
def r2():
    """R2 ~ (3, 2, 7/6), L ⊃ y^RL ū_R L ε R2 + y^LR ē_R R2* Q + h.c. (Doršner et al. 2016, up to signs)."""
    from lqmodel import Coupling, Field, Model, Yukawa, bar, conj

    sm = _review()
    R2 = Field.scalar("R2", su3=3, su2=2, Y="7/6", mass="m_R2")
    yRL = Coupling("yRL", shape=(3, 3), real=False)  # u_R x lepton doublet
    yLR = Coupling("yLR", shape=(3, 3), real=False)  # e_R x quark doublet
    terms = (Yukawa(yRL, bar(sm.uR), sm.L, R2), Yukawa(yLR, bar(sm.eR), sm.Q, conj(R2)))
    return Model("r2", sm, (R2,), terms, sign="+L", aligned="down", defaults={"m_R2": "1.5 TeV"})


@pytest.fixture(scope="session")
def s1s3():
    """S1 ~ (3bar, 1, 1/3) and S3 together, with different masses (two-mass boxes, S1-S3 interference)."""
    from lqmodel import Coupling, Field, Model, Yukawa, barc

    sm = _review()
    S1 = Field.scalar("S1", su3="3bar", su2=1, Y="1/3", mass="m_S1")
    S3 = Field.scalar("S3", su3="3bar", su2=3, Y="1/3", mass="m_S3")
    y1 = Coupling("x", shape=(3, 3), real=False)
    y3 = Coupling("y", shape=(3, 3), real=False)
    return Model(
        "s1s3",
        sm,
        (S1, S3),
        (Yukawa(y1, barc(sm.Q), sm.L, S1), Yukawa(y3, barc(sm.Q), sm.L, S3)),
        sign="+L",
        aligned="down",
        defaults={"m_S1": "1.5 TeV", "m_S3": "2 TeV"},
    )


@pytest.fixture(scope="session")
def r2t():
    """models/r2tilde.py: R̃2 ~ (3, 2, 1/6) coupling d_R to the lepton doublet."""
    return load_model("r2tilde")
