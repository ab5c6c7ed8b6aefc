"""The demo province's files: a criteria set, units and two years of scores.

A package (rather than a plain folder) so that its data files ship with the wheel;
``generate`` rewrites the units and score files.
"""
