"""Training Playground: see why the practical techniques of deep learning work."""

# --- engine performance (added by the ENGINE helper) ---
# The networks are tiny: NumPy's cost is per call, and a multi-threaded BLAS only adds thread hand-offs
# (milliseconds each on a busy machine, measured in benchmarks/engine_speed.py) and competes with the
# server's other sessions. One BLAS thread per process unless the environment says otherwise; this must run
# before NumPy is first imported, which is why it lives here.
import os as _os  # noqa: E402

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")
