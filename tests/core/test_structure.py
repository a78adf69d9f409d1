"""The shape ARCHITECTURE.md promises, read from the source with `ast`: core imports no
domain; a domain reaches another only through its public face (accounts and its models
are the base every domain may use); no route module imports the blueprint back from its
domain's views.py; the migrations have one head."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import engage
from tests.core.test_migrations import migration_heads

ROOT = Path(engage.__file__).resolve().parent
DOMAINS = [d for d in engage.DOMAINS if d != "core"]
SHARED = {"engage.accounts", "engage.accounts.models"}  # the base every domain may use

# Violations on main when this test was written, each "importer -> imported". Other
# branches are removing them: once they are merged, the integrator empties these
# lists (the test says which entries no longer occur). Never add to them.
KNOWN_CORE_IMPORTS: set[str] = set()
KNOWN_CROSS_IMPORTS = {
    # the tracker's demo data makes company codes with accounts' helper.
    "engage.tracker.demo -> engage.accounts.uscc",
}
KNOWN_BLUEPRINT_IMPORTS: set[str] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str) -> bool:
    path = ROOT.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    if not level:
        return target or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def imports(module: str, is_package: bool, source: str) -> list[tuple[str, tuple[str, ...]]]:
    """(imported module, names taken from it) for every import in `source`, including
    those inside functions. `from engage.tracker import problems` imports the module
    engage.tracker.problems."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            origin = _resolve(module, is_package, node.level, node.module)
            names = tuple(alias.name for alias in node.names)
            found.append((origin, names))
            found.extend(
                (f"{origin}.{name}", ()) for name in names if _is_module(f"{origin}.{name}")
            )
    return found


def _domain_of(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "engage" and parts[1] in engage.DOMAINS:
        return parts[1]
    return None


def check_module(importer: str, is_package: bool, source: str) -> list[tuple[str, str]]:
    """(rule, "importer -> imported") for each import of `source` that breaks a rule."""
    home = _domain_of(importer)
    if home is None:
        return []
    broken = []
    for target, names in imports(importer, is_package, source):
        there = _domain_of(target)
        line = f"{importer} -> {target}"
        if home == "core":
            if there is not None and there != "core":
                broken.append(("core", line))
        elif there is not None and there not in ("core", home):
            if target != f"engage.{there}" and target not in SHARED:
                broken.append(("cross", line))
        elif (
            target == f"engage.{home}.views"
            and "bp" in names
            and importer != f"engage.{home}.views"
        ):
            broken.append(("blueprint", line))
    return broken


def violations() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"core": set(), "cross": set(), "blueprint": set()}
    for path in sorted(ROOT.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for rule, line in check_module(module_name(path), path.name == "__init__.py", source):
            found[rule].add(line)
    return found


@pytest.fixture(scope="module")
def found():
    return violations()


def _check(found: set[str], known: set[str], rule: str) -> None:
    new = sorted(found - known)
    assert not new, f"{rule}:\n  " + "\n  ".join(new)
    gone = sorted(known - found)
    assert not gone, (
        "these allowed violations no longer occur; remove them from the "
        "list in tests/core/test_structure.py:\n  " + "\n  ".join(gone)
    )


def test_the_walk_sees_every_domain():
    names = {module_name(p) for p in ROOT.rglob("*.py")}
    for domain in engage.DOMAINS:
        assert f"engage.{domain}" in names
    assert len(DOMAINS) >= 3 and "core" not in DOMAINS


def test_core_imports_no_domain(found):
    _check(
        found["core"],
        KNOWN_CORE_IMPORTS,
        "core must not import a domain (move the code into the domain, or let the "
        "domain register itself with core: a signal, the registry, a hook)",
    )


def test_a_domain_reaches_another_only_through_its_public_face(found):
    _check(
        found["cross"],
        KNOWN_CROSS_IMPORTS,
        "import another domain only from its package (`from engage.tracker import "
        "open_problem`), exported in its __init__.py; engage.accounts.models is the "
        "one exception",
    )


def test_no_route_module_imports_the_blueprint_back(found):
    _check(
        found["blueprint"],
        KNOWN_BLUEPRINT_IMPORTS,
        "a module imports `bp` from its domain's views.py (an import circle): put "
        "the blueprint in blueprint.py, or let views.py register the part's own "
        "blueprint",
    )


def test_the_migrations_have_one_head():
    heads = migration_heads()
    assert len(heads) == 1, (
        f"{len(heads)} migration heads {sorted(heads)}: set the down_revision of the "
        "revision merged last to the other head (see migrations/README)"
    )


def test_the_walk_catches_what_it_is_meant_to():
    part = "engage.tracker.points.services"
    source = "\n".join(
        [
            "from engage.core.timeutil import utcnow",
            "from engage.extensions import db",
            "from engage.accounts.models import User",
            "from engage.accounts import auth",  # a part of accounts: not its face
            "from engage.knowledge import ArticleData",
            "from engage.knowledge.services import create_article",
            "import engage.knowledge.articles.views",
            "from ..views import bp",
            "from ..problems import loop",
            "def later():",
            "    from engage.knowledge import articles",
        ]
    )
    assert sorted(check_module(part, False, source)) == [
        ("blueprint", f"{part} -> engage.tracker.views"),
        ("cross", f"{part} -> engage.accounts.auth"),
        ("cross", f"{part} -> engage.knowledge.articles"),
        ("cross", f"{part} -> engage.knowledge.articles.views"),
        ("cross", f"{part} -> engage.knowledge.services"),
    ]
    assert check_module("engage.core.audit", False, "from engage import tracker\n") == [
        ("core", "engage.core.audit -> engage.tracker")
    ]
    assert check_module("engage.core.search", True, "from . import service\n") == []
