"""The access-grid helper every domain's test_access_grid.py uses.

A grid is a list of Rows: an endpoint, how to reach it (method, a path built from
the test's world, form data), and the status each role expects. `cases(grid)` makes
one parametrised case per row and role; `uncovered(app, prefixes, grid)` names the
endpoints of those blueprints that have no row, so a new page without one fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

# The roles every grid answers for; rows may add more (e.g. "a_manager", "newcomer").
ROLES = ("anonymous", "a_employee", "b_manager", "supervisor", "admin")


@dataclass
class Row:
    endpoint: str
    path: Callable[[dict], str]  # world -> path
    expect: dict[str, int]  # role -> status
    method: str = "GET"
    data: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = [role for role in ROLES if role not in self.expect]
        assert not missing, f"{self.endpoint}: no expected status for {missing}"


def cases(grid: list[Row]) -> list:
    return [
        pytest.param(row, role, id=f"{row.endpoint}-{role}") for row in grid for role in row.expect
    ]


def uncovered(app, prefixes: tuple[str, ...], grid: list[Row]) -> list[str]:
    covered = {row.endpoint for row in grid}
    return sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(prefixes) and rule.endpoint not in covered
    )


def check(client, login_as, cast, world: dict, row: Row, role: str) -> None:
    """Ask as `role` and compare the status with the row's."""
    user = cast.who(role)
    if user is not None:
        login_as(user)
    path = row.path(world)
    response = client.open(path, method=row.method, data=row.data)
    assert response.status_code == row.expect[role], (
        f"{row.method} {path} as {role}: {response.status_code}, expected {row.expect[role]}"
    )
