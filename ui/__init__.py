"""backprop-sim's front ends: the command line and the PySide6 window (imported lazily).

The engine's matrices are small (a layer of at most a few hundred neurons): a second BLAS
thread never speeds them up, and OpenBLAS's starting and spinning one cost the window about a
tenth of a second of CPU time at start-up. The program's own processes use one (set before
NumPy is first imported; a value the user set is kept)."""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
