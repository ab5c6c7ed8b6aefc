"""Benchmarks of the scoring engine (run from the repository root: python -m bench.national)."""
