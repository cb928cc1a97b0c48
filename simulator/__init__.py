"""backprop-sim's engine: pure NumPy float64, never imports Qt."""
