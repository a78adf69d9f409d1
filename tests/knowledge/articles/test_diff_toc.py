"""The revision diff (lines, then characters within lines) and the table of contents."""

from engage.core.diff import diff_lines
from engage.knowledge.articles.toc import headings


def test_chinese_changes_are_marked_by_character():
    rows = diff_lines("站在上风方向，保持3米距离。", "站在上风方向，保持2～3米距离。")
    assert [r.kind for r in rows] == ["replace"]
    assert (True, "2～") in rows[0].new
    assert all(not changed for changed, _text in rows[0].old)


def test_added_and_removed_lines():
    rows = diff_lines("一\n二\n三", "一\n三\n四")
    assert [(r.kind, r.old_no, r.new_no) for r in rows] == [
        ("equal", 1, 1),
        ("delete", 2, None),
        ("equal", 3, 2),
        ("insert", None, 3),
    ]


def test_long_unchanged_runs_fold_into_a_gap():
    old = "\n".join(str(i) for i in range(100))
    new = old.replace("50", "五十")
    kinds = [r.kind for r in diff_lines(old, new)]
    assert kinds.count("gap") == 2 and kinds.count("replace") == 1 and len(kinds) < 12


def test_diff_page_escapes_what_it_shows(app, make_article, make_user, login_as):
    from engage.knowledge.articles import services

    admin = make_user("admin")
    article = make_article(body="安全", author=admin)
    data = services.ArticleData(
        title=article.title, body="<script>alert(1)</script>安全", category_id=article.category_id
    )
    services.update_article(article, data, actor=admin, version=article.version)
    from engage.extensions import db

    db.session.commit()
    response = login_as(admin, app.test_client()).get(
        f"/knowledge/articles/{article.id}/diff?a=1&b=2"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_headings_match_the_rendered_ids(app):
    from engage.core.markdown import render

    text = "## 适用范围\n\n正文\n\n### 细节\n\n## Steps & tips\n\n#### 太深"
    toc = headings(text)
    assert [(h["name"], h["level"]) for h in toc] == [
        ("适用范围", 2),
        ("细节", 3),
        ("Steps & tips", 2),
    ]
    html = str(render(text))
    for h in toc:
        assert f'id="{h["id"]}"' in html
