"""Training Playground: see why the practical techniques of deep learning work."""

# --- engine performance (added by the ENGINE helper) ---
# The networks are tiny: NumPy's cost is per call, and a multi-threaded BLAS only adds thread hand-offs
# (milliseconds each on a busy machine, measured in benchmarks/engine_speed.py) and competes with the
# server's other sessions. One BLAS thread per process unless the environment says otherwise; this must run
# before NumPy is first imported, which is why it lives here.
import os as _os  # noqa: E402

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

# The notebook API at the top level (`playground.run(...)`), loaded on first use so that importing a
# subpackage (the engine, say) does not pull in pydantic and the config schema.
_API = ("run", "train", "predict_grid", "summary", "as_config")
__all__ = list(_API)


def __getattr__(name: str):
    if name in _API:
        from playground import api

        return getattr(api, name)
    raise AttributeError(f"module 'playground' has no attribute {name!r}")
