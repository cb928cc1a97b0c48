"""backprop-sim's front ends: the command line and the PySide6 window (imported lazily)."""
