"""The category tree, loaded in one query and walked in memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from engage.extensions import db
from engage.knowledge.categories.models import Category


@dataclass
class Node:
    id: int
    name: str
    description: str
    parent_id: int | None
    depth: int = 0
    children: list[Node] = field(default_factory=list)

    @property
    def indented(self) -> str:
        return "\u3000" * self.depth + self.name


class CategoryTree:
    def __init__(self, nodes: dict[int, Node], roots: list[Node]) -> None:
        self.nodes = nodes
        self.roots = roots

    @classmethod
    def load(cls, locale: str) -> CategoryTree:
        rows = db.session.scalars(select(Category).order_by(Category.position, Category.name))
        nodes = {c.id: Node(c.id, c.display_name(locale), c.description, c.parent_id) for c in rows}
        roots: list[Node] = []
        for node in nodes.values():
            parent = nodes.get(node.parent_id) if node.parent_id else None
            (parent.children if parent else roots).append(node)

        def depth(items, d):
            for n in items:
                n.depth = d
                depth(n.children, d + 1)

        depth(roots, 0)
        return cls(nodes, roots)

    def get(self, node_id: int | None) -> Node | None:
        return self.nodes.get(node_id) if node_id is not None else None

    def flat(self) -> list[Node]:
        out: list[Node] = []

        def walk(items):
            for n in items:
                out.append(n)
                walk(n.children)

        walk(self.roots)
        return out

    def descendant_ids(self, node_id: int) -> list[int]:
        node = self.nodes[node_id]
        out = [node.id]
        for child in node.children:
            out.extend(self.descendant_ids(child.id))
        return out

    def path(self, node_id: int | None) -> list[Node]:
        """From the root down to the node (breadcrumbs)."""
        out = []
        node = self.get(node_id)
        seen = set()
        while node is not None and node.id not in seen:
            seen.add(node.id)
            out.append(node)
            node = self.get(node.parent_id)
        return list(reversed(out))

    def rolled_up(self, counts: dict[int, int]) -> dict[int, int]:
        """Article counts per category including its sub-categories."""
        return {nid: sum(counts.get(i, 0) for i in self.descendant_ids(nid)) for nid in self.nodes}
