"""Find a model by name (an installed model in ``lqmodel.models``) or by file path."""

from __future__ import annotations

import importlib
import importlib.resources
import importlib.util
import sys
import traceback
from pathlib import Path

from lqmodel.core.errors import InputFileError, LQModelError, ModelDefinitionError, ModelNotFoundError
from lqmodel.model.model import Model

__all__ = ["available_models", "load_model"]


def available_models() -> tuple[str, ...]:
    """Names of the models installed with lqmodel."""
    root = importlib.resources.files("lqmodel.models")
    return tuple(
        sorted(p.name[:-3] for p in root.iterdir() if p.name.endswith(".py") and not p.name.startswith("_"))
    )


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


def _line_in(exc: BaseException, path: Path) -> int | None:
    """The last line of ``path`` in the traceback of ``exc``."""
    lines = [
        f.lineno
        for f in traceback.extract_tb(exc.__traceback__)
        if Path(f.filename).resolve() == path.resolve()
    ]
    return lines[-1] if lines else None


def _exec_file(path: Path):
    """Import the model file at ``path``; its mistakes become one line naming the file and line."""
    spec = importlib.util.spec_from_file_location(f"lqmodel_user_model_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise InputFileError(str(path), "is not a Python file lqmodel can import")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as err:
        sys.modules.pop(spec.name, None)
        raise InputFileError(f"{path}, line {err.lineno}", f"syntax error: {err.msg}") from None
    except LQModelError:
        sys.modules.pop(spec.name, None)
        raise
    except Exception as err:
        sys.modules.pop(spec.name, None)
        line = _line_in(err, path)
        where = f"{path}, line {line}" if line else str(path)
        raise InputFileError(where, f"{type(err).__name__}: {err}") from err
    return module


def load_model(name: str | Path) -> Model:
    """The model ``name``: an installed model (``"s1_lmu_ltau"``) or a path to a ``.py`` file.

    Raises:
        ModelNotFoundError: neither an installed model nor an existing file.
        InputFileError: a model file with a syntax error or one that fails to run (file and line named).
        ModelDefinitionError: a file that defines no model, or several.
    """
    path = Path(name)
    if str(name).endswith(".py") or path.is_file():
        if not path.is_file():
            raise InputFileError(str(name), "no such model file" if not path.exists() else "is not a file")
        return _model_in(_exec_file(path), str(path))
    available = available_models()
    if str(name) not in available:
        raise ModelNotFoundError(str(name), available)
    return _model_in(importlib.import_module(f"lqmodel.models.{name}"), f"model {name!r}")
