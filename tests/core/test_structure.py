"""The shape ARCHITECTURE.md describes, checked by reading the imports: core imports
no domain; no part of accounts or knowledge imports its domain's views (where the
blueprints are registered) or a sibling part's views."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGAGE = Path(__file__).resolve().parents[2] / "engage"
DOMAINS_WITH_PARTS = {"accounts": ("auth", "companies", "admin"),
                      "knowledge": ("articles", "categories", "quizzes", "emergency")}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_core_imports_no_domain():
    offenders = [f"{path.relative_to(ENGAGE)}: {name}"
                 for path in (ENGAGE / "core").rglob("*.py")
                 for name in _imports(path)
                 if name.startswith("engage.") and name.split(".")[1] not in
                 ("core", "extensions", "config")]
    assert offenders == []


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
    assigned = [target.id for node in tree.body if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name)]
    assert assigned == ["bp"]
    assert not [node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)]
