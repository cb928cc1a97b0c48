"""The training view: controls, data choice, and the worker thread that runs the engine."""
