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
