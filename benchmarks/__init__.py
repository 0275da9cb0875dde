"""Reproducible performance measurements of bcs-tui (issue 4); run ``python -m benchmarks``."""
