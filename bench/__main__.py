"""`python -m bench` (make bench): run every bench/bench_*.py module's main()."""

from __future__ import annotations

import pkgutil
import sys
from importlib import import_module
from pathlib import Path


def main() -> int:
    status = 0
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            print(f"== {info.name}", flush=True)
            status |= import_module(f"bench.{info.name}").main([]) or 0
    return status


if __name__ == "__main__":
    sys.exit(main())
