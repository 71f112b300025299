"""Find a model by name (an installed model in ``lqmodel.models``) or by file path."""

from __future__ import annotations

import importlib
import importlib.resources
import importlib.util
import sys
from pathlib import Path

from .errors import ModelDefinitionError, ModelNotFoundError
from .model import Model

__all__ = ["available_models", "load_model"]


def available_models() -> tuple[str, ...]:
    """Names of the models installed with lqmodel."""
    root = importlib.resources.files("lqmodel.models")
    return tuple(sorted(p.name[:-3] for p in root.iterdir()
                        if p.name.endswith(".py") and not p.name.startswith("_")))


def _model_in(module, where: str) -> Model:
    found = getattr(module, "model", None)
    if isinstance(found, Model):
        return found
    models = [v for v in vars(module).values() if isinstance(v, Model)]
    if len(models) == 1:
        return models[0]
    if not models:
        raise ModelDefinitionError(where, "defines no lqmodel.Model (assign one to 'model')")
    raise ModelDefinitionError(where, "defines several models; name the one to use 'model'")


def load_model(name: str | Path) -> Model:
    """The model ``name``: an installed model (``"s1_lmu_ltau"``) or a path to a ``.py`` file."""
    path = Path(name)
    if str(name).endswith(".py") or path.is_file():
        if not path.is_file():
            raise ModelNotFoundError(str(name), available_models())
        spec = importlib.util.spec_from_file_location(f"lqmodel_user_model_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return _model_in(module, str(path))
    available = available_models()
    if str(name) not in available:
        raise ModelNotFoundError(str(name), available)
    return _model_in(importlib.import_module(f"lqmodel.models.{name}"), f"model {name!r}")
