"""Profile the national computation with cProfile and print the hot spots.

Run from the repository root::

    .venv/bin/python -m bench.profile_engine [--provinces 34] [--units-per-province 118]
                                             [--top 25] [--sort tottime]

cProfile roughly doubles the wall time; read the shares, not the seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from collections.abc import Sequence

from bench.generate import PROVINCES, SEED, UNITS_PER_PROVINCE, generate
from bench.national import run_engine


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=PROVINCES)
    parser.add_argument("--units-per-province", type=int, default=UNITS_PER_PROVINCE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    args = parser.parse_args(argv)
    data = generate(
        seed=args.seed, provinces=args.provinces, units_per_province=args.units_per_province
    )
    profile = cProfile.Profile()
    profile.runcall(run_engine, data)
    pstats.Stats(profile).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
