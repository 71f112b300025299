"""Shared fixtures: the paper's model, loaded once."""

import pytest

from lqmodel import load_model


@pytest.fixture(scope="session")
def s1():
    """The S1 + U(1)_{Lmu-Ltau} model of Chen & Chiang 2024 (models/s1_lmu_ltau.py)."""
    return load_model("s1_lmu_ltau")
