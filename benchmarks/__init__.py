"""Reproducible performance comparisons for styranalys; run ``python -m benchmarks``."""
