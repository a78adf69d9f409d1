"""A readable diff of two revisions: by line, with changed characters marked within lines.

Works for Chinese (no spaces: characters are the unit inside a line). The result
is plain data; templates escape every piece, so nothing in an article can run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

# Lines longer than this are compared as a whole; marking characters in them
# would cost more than it tells.
_CHAR_DIFF_LIMIT = 2000


@dataclass
class Row:
    kind: str  # "equal", "delete", "insert", "replace"
    old_no: int | None = None
    new_no: int | None = None
    old: list[tuple[bool, str]] = field(default_factory=list)  # (changed, text) pieces
    new: list[tuple[bool, str]] = field(default_factory=list)


@dataclass
class FieldDiff:
    name: str
    label: str
    rows: list[Row]

    @property
    def changed(self) -> bool:
        return any(r.kind != "equal" for r in self.rows)


def _chars(old: str, new: str) -> tuple[list[tuple[bool, str]], list[tuple[bool, str]]]:
    if len(old) + len(new) > _CHAR_DIFF_LIMIT:
        return [(True, old)], [(True, new)]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left: list[tuple[bool, str]] = []
    right: list[tuple[bool, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append((False, old[i1:i2]))
            right.append((False, new[j1:j2]))
        else:
            if i2 > i1:
                left.append((True, old[i1:i2]))
            if j2 > j1:
                right.append((True, new[j1:j2]))
    return left, right


def diff_lines(old_text: str, new_text: str, context: int = 3) -> list[Row]:
    """Rows of a line diff; unchanged runs longer than 2*context+1 lines are folded
    into a gap row (kind "gap"), keeping `context` lines next to each change."""
    old = (old_text or "").splitlines()
    new = (new_text or "").splitlines()
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            span = list(range(i2 - i1))
            if len(span) > 2 * context + 1:
                keep = span[:context] if rows else []
                tail = span[-context:] if i2 < len(old) or j2 < len(new) else []
                for k in keep:
                    rows.append(
                        Row(
                            "equal",
                            i1 + k + 1,
                            j1 + k + 1,
                            [(False, old[i1 + k])],
                            [(False, new[j1 + k])],
                        )
                    )
                rows.append(Row("gap"))
                for k in tail:
                    rows.append(
                        Row(
                            "equal",
                            i1 + k + 1,
                            j1 + k + 1,
                            [(False, old[i1 + k])],
                            [(False, new[j1 + k])],
                        )
                    )
            else:
                for k in span:
                    rows.append(
                        Row(
                            "equal",
                            i1 + k + 1,
                            j1 + k + 1,
                            [(False, old[i1 + k])],
                            [(False, new[j1 + k])],
                        )
                    )
        elif tag == "replace":
            pairs = max(i2 - i1, j2 - j1)
            for k in range(pairs):
                o = old[i1 + k] if i1 + k < i2 else None
                n = new[j1 + k] if j1 + k < j2 else None
                if o is not None and n is not None:
                    left, right = _chars(o, n)
                    rows.append(Row("replace", i1 + k + 1, j1 + k + 1, left, right))
                elif o is not None:
                    rows.append(Row("delete", i1 + k + 1, None, [(True, o)], []))
                else:
                    assert n is not None  # k < pairs: one side is in range
                    rows.append(Row("insert", None, j1 + k + 1, [], [(True, n)]))
        elif tag == "delete":
            for k in range(i1, i2):
                rows.append(Row("delete", k + 1, None, [(True, old[k])], []))
        else:
            for k in range(j1, j2):
                rows.append(Row("insert", None, k + 1, [], [(True, new[k])]))
    return rows


def diff_revisions(old, new, labels: dict) -> list[FieldDiff]:
    """Field-by-field diffs of two revisions (only the fields that changed)."""
    diffs = []
    for name in ("title", "summary", "body", "tags", "title_en", "summary_en", "body_en"):
        rows = diff_lines(getattr(old, name) or "", getattr(new, name) or "")
        result = FieldDiff(name, labels.get(name, name), rows)
        if result.changed:
            diffs.append(result)
    return diffs


def field_changes(before: dict, after: dict) -> dict[str, list]:
    """The fields whose value differs between two snapshots, as {field: [old, new]}
    (in the order of `after`); what an audit entry records of an edit."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
