"""`?next=` only ever leads to a path on this site."""

import pytest

from engage.core.urls import safe_next


@pytest.mark.parametrize(
    "target",
    [
        "/",
        "/notifications",
        "/admin/audit?action=x&page=2",
        "/auth/login?next=/x",
        "/知识/文章",
        "/a#section",
    ],
)
def test_local_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        42,
        ["/"],
        "https://evil.example/",
        "http://evil.example",
        "//evil.example",
        "//evil.example/path",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "evil.example",
        "relative/path",
        "/x\r\nSet-Cookie: a=b",
        "/x\x00",
        "/x\ty",
        " //evil.example",
        "http:/evil.example",
        "https:evil.example",
        "/" + "a" * 5000,
        "mailto:a@b.c",
    ],
)
def test_anything_else_is_refused(target):
    assert safe_next(target) is None
