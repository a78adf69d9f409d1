"""A domain with parts has the shape ARCHITECTURE.md describes: blueprint.py holds only
the blueprint, each part has its views, and no part imports its domain's views (where
the blueprints are registered) or a sibling part's views."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGAGE = Path(__file__).resolve().parents[2] / "engage"
DOMAINS_WITH_PARTS = {
    domain.name: tuple(sorted(p.parent.name for p in domain.glob("*/views.py")))
    for domain in ENGAGE.iterdir()
    if (domain / "blueprint.py").is_file()
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_domains_with_parts_are_found():
    assert {"accounts", "knowledge"} <= set(DOMAINS_WITH_PARTS)
    assert all(len(parts) >= 2 for parts in DOMAINS_WITH_PARTS.values())


@pytest.mark.parametrize("domain", sorted(DOMAINS_WITH_PARTS))
def test_parts_import_neither_the_domain_views_nor_a_siblings_views(domain):
    parts = DOMAINS_WITH_PARTS[domain]
    offenders = []
    for part in parts:
        assert (ENGAGE / domain / part / "views.py").is_file()
        for path in (ENGAGE / domain / part).rglob("*.py"):
            for name in _imports(path):
                if name in (f"engage.{domain}.views", f"engage.{domain}.views.bp"):
                    offenders.append(f"{path.relative_to(ENGAGE)}: {name}")
                for sibling in parts:
                    if sibling != part and name.startswith(f"engage.{domain}.{sibling}.views"):
                        offenders.append(f"{path.relative_to(ENGAGE)}: {name}")
    assert offenders == []


@pytest.mark.parametrize("domain", sorted(DOMAINS_WITH_PARTS))
def test_the_blueprint_module_holds_only_the_blueprint(domain):
    tree = ast.parse((ENGAGE / domain / "blueprint.py").read_text(encoding="utf-8"))
    assigned = [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    assert assigned == ["bp"]
    assert not [node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)]
