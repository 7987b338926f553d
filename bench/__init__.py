"""Benchmarks of hallapp, run by ``make bench`` (``python bench/run.py``).

Every ``bench_*.py`` module exposes ``run(quick: bool = False) -> list[Row]``; each row sets
a figure against a floor measured in the same run, so a slow machine moves both and the
ratio stays meaningful.
"""
