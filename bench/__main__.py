"""`python -m bench [NAME ...]`: run every bench/bench_*.py module's main(), in name order.

Each module measures one area and prints its own figures (see bench/README.md);
this runner finds the modules, runs them one after another, and reports which
failed. Give names (or parts of names) to run only some: `python -m bench search`;
what follows `--` goes to the modules: `python -m bench load -- --park demo`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover() -> list[str]:
    """The bench modules, `bench_*.py` beside this file, sorted by name."""
    return sorted(
        m.name
        for m in pkgutil.iter_modules([str(HERE)])
        if m.name.startswith("bench_") and not m.ispkg
    )


def _environment() -> str:
    engine = "postgresql" if os.environ.get("ENGAGE_BENCH_DATABASE_URL") else "sqlite"
    return (
        f"python {platform.python_version()} · {platform.system()} {platform.machine()} · "
        f"{os.cpu_count()} CPUs · database {engine}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", help="run only modules whose name contains one of these"
    )
    parser.add_argument("--list", action="store_true", help="list the modules and stop")
    argv = list(sys.argv[1:] if argv is None else argv)
    passed: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, passed = argv[:cut], argv[cut + 1 :]
    args = parser.parse_args(argv)

    found = discover()
    modules = found
    if args.names:
        # A name that is a module's own (`load` for bench_load) takes that module alone.
        chosen = {
            m
            for n in args.names
            for m in ([f"bench_{n}"] if f"bench_{n}" in found else [m for m in found if n in m])
        }
        modules = [m for m in found if m in chosen]
    if args.list:
        print("\n".join(modules))
        return 0
    if not modules:
        print("no bench module matches" if args.names else "no bench/bench_*.py module yet")
        return 1 if args.names else 0

    print(f"# {_environment()}")
    failed = []
    for name in modules:
        print(f"\n== {name}")
        sys.stdout.flush()
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            entry = getattr(module, "main", None)
            if not callable(entry):
                raise TypeError(f"bench/{name}.py has no main()")
            saved_argv = sys.argv
            sys.argv = [f"bench/{name}.py", *passed]  # only what follows `--`
            try:
                entry()
            finally:
                sys.argv = saved_argv
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(name)
            print(f"-- {name} FAILED")
        else:
            print(f"-- {name} done in {time.perf_counter() - started:.1f} s")
        sys.stdout.flush()
    if failed:
        print(f"\n{len(failed)} of {len(modules)} bench modules failed: {', '.join(failed)}")
        return 1
    print(f"\nall {len(modules)} bench modules ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
