"""Post fixtures: a published alliance-only post by company A."""

from __future__ import annotations

import pytest

from engage.alliance.posts import services


@pytest.fixture
def post(db, cast, alliance):
    made = services.create_post(
        services.PostData(
            title="受限空间作业票三级审核",
            body="## 做法\n作业票由班组、车间、安全部三级审核。",
            alliance_id=alliance.id,
            focus_target="old_equipment",
            tags="受限空间, 作业票",
        ),
        actor=cast.a_manager,
        publish=True,
    )
    db.session.commit()
    return made
