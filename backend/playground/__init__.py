"""Training Playground: see why the practical techniques of deep learning work."""

# --- engine performance (added by the ENGINE helper) ---
# The networks are tiny: NumPy's cost is per call, and a multi-threaded BLAS only adds thread hand-offs
# (milliseconds each on a busy machine, measured in benchmarks/engine_speed.py) and competes with the
# server's other sessions. One BLAS thread per process unless the environment says otherwise; this must run
# before NumPy is first imported, which is why it lives here.
import os as _os  # noqa: E402

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

# The notebook API at the top level (`playground.run(...)`, `playground.history(trainer)`,
# `playground.plot.boundary(trainer)`, `playground.PlaygroundClassifier`), loaded on first use so that
# importing a subpackage (the engine, say) does not pull in pydantic, plotly or scikit-learn.
_API = {
    "run": "playground.api",
    "train": "playground.api",
    "predict_grid": "playground.api",
    "summary": "playground.api",
    "as_config": "playground.api",
    "history": "playground.run_history",
    "PlaygroundClassifier": "playground.estimator",
}
__all__ = [*_API, "plot"]


def __getattr__(name: str):
    import importlib

    if name == "plot":
        return importlib.import_module("playground.plot")
    if name in _API:
        try:
            module = importlib.import_module(_API[name])
        except ModuleNotFoundError as e:
            missing = (e.name or "").split(".")[0]
            if missing not in ("sklearn", "pandas"):
                raise
            raise ModuleNotFoundError(
                f"playground.{name} needs {missing}: pip install 'training-playground[notebook]'",
                name=missing,
            ) from None
        return getattr(module, name)
    raise AttributeError(f"module 'playground' has no attribute {name!r}")
