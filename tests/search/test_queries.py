"""Hostile and odd queries are searched as text and never error."""

from __future__ import annotations

import pytest

from engage.core import search
from engage.core.search.text import parse_query

HOSTILE = [
    "",
    "   ",
    "火" * 600,
    "x" * 10_000,
    '"',
    '""',
    "'",
    '"灭火器',
    '灭火器"',
    "*",
    "火*",
    "NEAR",
    "NEAR(火 器)",
    "火 NEAR 器",
    "AND",
    "OR",
    "NOT",
    "火 AND",
    "OR 火",
    "NOT 火",
    "-",
    "-火",
    "(",
    ")",
    "(火",
    "title:火",
    ":",
    "^",
    "^火",
    "%",
    "_",
    "%火%",
    "火_",
    "\x00",
    "火\x00器",
    "🔥",
    "🔥灭火器🧯",
    "\u200f灭火器\u200e",
    "\u202e器火灭",
    "<script>alert(1)</script>",
    "'; DROP TABLE search_documents; --",
    "\\",
    "{}[]",
    "a' OR '1'='1",
    "@@",
    "<->",
    "!火",
    "火 & 器 | 水",
    "title_tokens:火",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_error(add_doc, q):
    add_doc(1, "干粉灭火器的使用方法", "NEAR the fire door; AND OR NOT 100% _x_")
    page = search.query(q, user=None)
    assert page.total >= 0
    assert len(page.query) <= search.MAX_QUERY_LENGTH


@pytest.mark.parametrize("q", [None, 42, ["火"], {"q": "火"}, b"\xe7\x81\xab"])
def test_wrong_types_find_nothing(add_doc, q):
    add_doc(1, "火")
    assert search.query(q, user=None).total == 0


def test_operators_are_searched_as_words(add_doc):
    add_doc(1, "Keep NEAR exits", "do NOT block")
    add_doc(2, "Other", "nothing here")
    assert search.query("near", user=None).total == 1
    assert search.query("NOT", user=None).total == 1
    assert search.query('"near" -exits', user=None).total == 1


def test_quotes_and_marks_around_chinese_still_find_it(add_doc):
    add_doc(1, "干粉灭火器的使用方法")
    for q in (
        '"灭火器"',
        "「灭火器」",
        "灭火器*",
        "(灭火器)",
        "\u200f灭火器",
        "灭\x00火器",
        "%灭火器%",
        "🧯灭火器",
    ):
        page = search.query(q, user=None)
        assert page.total == 1, q


def test_a_long_query_is_cut_and_says_so(add_doc):
    page = search.query("灭火器 " * 100, user=None)
    assert page.truncated and len(page.query) <= search.MAX_QUERY_LENGTH
    assert len(page.terms) == 1


def test_parse_query_keeps_letters_digits_and_cjk_runs():
    terms = parse_query('PPE防护 "GB 50016" a_b 100% 灭火器')
    assert [(t.text, t.cjk) for t in terms] == [
        ("ppe", False),
        ("防护", True),
        ("gb", False),
        ("50016", False),
        ("a", False),
        ("b", False),
        ("100", False),
        ("灭火器", True),
    ]
