"""A company-only article: its company and park staff read it; nobody else finds it,
by browsing, by URL or by search."""

import io
import re

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from engage.core import search
from engage.core.uploads import save_document, save_image
from engage.knowledge.articles import services
from engage.knowledge.models import ArticleAttachment, Audience


def _search_ids(query, user):
    return {h.object_id for h in search.query(query, user=user, kinds=["article"]).items}


@pytest.fixture
def secret(make_article, make_company, make_user):
    company = make_company()
    manager = make_user("safety_manager", company=company)
    article = make_article(
        "本公司危化品仓库管理细则",
        body="## 出入库\n\n双人领用。",
        author=manager,
        audience=Audience.COMPANY,
        company=company,
        tags=["危化品仓库"],
    )
    public = make_article("危险化学品储存的禁忌", tags=["危化品仓库"], category=article.category)
    return {"article": article, "company": company, "public": public}


def _pages(article):
    return [
        "/knowledge/",
        f"/knowledge/categories/{article.category_id}",
        f"/knowledge/tags/{article.tags[0].id}",
        "/search/?q=危化品仓库",
        "/search/?q=双人领用",
        "/search/?q=危",
    ]


def _article_urls(article):
    base = f"/knowledge/articles/{article.id}"
    return [
        base,
        base + "/print",
        base + "/history",
        base + "/diff",
        base + "/edit",
        base + "/revisions/1",
    ]


@pytest.mark.parametrize("who", ["anonymous", "other_employee", "other_manager"])
def test_outsiders_never_find_a_company_only_article(
    app, secret, make_user, make_company, login_as, who
):
    client = app.test_client()
    user = None
    if who != "anonymous":
        other = make_company()
        role = {"other_employee": "employee", "other_manager": "safety_manager"}[who]
        user = make_user(role, company=other)
        login_as(user, client)
    article = secret["article"]
    for query in ("危化品仓库", "双人领用", "危", "本公司", "仓库管理细则"):
        assert article.id not in _search_ids(query, user), query
    assert secret["public"].id in _search_ids("危化品仓库", user)
    for url in _pages(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "本公司危化品仓库管理细则" not in response.get_data(as_text=True), url
    for n, url in enumerate(_article_urls(article)):
        # Anonymous readers are sent to sign in for the editor pages; nobody sees it.
        expected = 302 if who == "anonymous" and n >= 2 else 404
        assert client.get(url).status_code == expected, url
    response = client.post(f"/knowledge/articles/{article.id}/vote", data={"helpful": "yes"})
    assert response.status_code in (302, 404)
    if who != "anonymous":
        assert response.status_code == 404


@pytest.mark.parametrize(
    "role", ["employee", "safety_manager", "park_admin", "supervisor", "grid_officer"]
)
def test_insiders_and_park_staff_read_it(app, secret, make_user, login_as, role):
    client = app.test_client()
    if role in ("employee", "safety_manager"):
        user = make_user(role, company=secret["company"])
    else:
        user = make_user("admin" if role == "park_admin" else role)
    login_as(user, client)
    article = secret["article"]
    assert article.id in _search_ids("双人领用", user)
    for url in [
        f"/knowledge/articles/{article.id}",
        f"/knowledge/tags/{article.tags[0].id}",
        f"/knowledge/categories/{article.category_id}",
    ]:
        body = client.get(url).get_data(as_text=True)
        assert "本公司危化品仓库管理细则" in body, url


def test_drafts_are_only_for_editors(app, make_article, make_user, login_as):
    draft = make_article("草稿文章", publish=False)
    client = app.test_client()
    assert client.get(f"/knowledge/articles/{draft.id}").status_code == 404
    login_as(make_user(), client)
    assert client.get(f"/knowledge/articles/{draft.id}").status_code == 404
    editor = app.test_client()
    login_as(make_user("supervisor"), editor)
    assert editor.get(f"/knowledge/articles/{draft.id}").status_code == 200


def test_members_article_is_hidden_from_anonymous_readers(app, make_article, make_user, login_as):
    article = make_article("园区内部通知", audience=Audience.MEMBERS)
    anonymous = app.test_client()
    assert anonymous.get(f"/knowledge/articles/{article.id}").status_code == 404
    member = login_as(make_user(), app.test_client())
    assert member.get(f"/knowledge/articles/{article.id}").status_code == 200


def test_a_company_only_articles_files_open_for_its_readers_only(
    app, db, secret, make_user, make_company, login_as
):
    article = secret["article"]
    png = io.BytesIO()
    Image.new("RGB", (20, 10), "blue").save(png, "PNG")
    author = services.get_revision(article, 1).created_by  # its writer uploads the files
    image = save_image(
        FileStorage(io.BytesIO(png.getvalue()), "库房.png", content_type="image/png"), actor=author
    )
    pdf = save_document(
        FileStorage(
            io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
            "细则.pdf",
            content_type="application/pdf",
        )
    )
    db.session.flush()
    article.body += f"\n\n![库房](/media/{image.key})\n"
    article.attachments.append(ArticleAttachment(media_id=pdf.id))
    db.session.commit()

    insider = login_as(make_user("employee", company=secret["company"]), app.test_client())
    page = insider.get(f"/knowledge/articles/{article.id}").get_data(as_text=True)
    links = set(re.findall(r"/media/[0-9a-f]{64}\.(?:png|jpg|webp|gif|pdf)\?s=[0-9a-f]+", page))
    assert {link.split("?")[0] for link in links} >= {f"/media/{image.key}", f"/media/{pdf.key}"}
    for link in links:
        response = insider.get(link)
        assert response.status_code == 200, link
        response.close()

    outsider = login_as(make_user("safety_manager", company=make_company()), app.test_client())
    assert outsider.get(f"/knowledge/articles/{article.id}").status_code == 404
    for key in (image.key, pdf.key, image.thumb_key):
        # Knowing a file's key is not enough: only a page that may show it signs its address.
        assert outsider.get(f"/media/{key}").status_code == 404
        assert outsider.get(f"/media/{key}?s={'0' * 32}").status_code == 404


def test_a_file_key_typed_into_another_article_does_not_open(
    app, db, secret, make_article, make_user, make_company, login_as
):
    """Someone who learnt a company-only file's key (an old address copied out of a
    page) cannot reopen it by linking it from an article of their own."""
    png = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(png, "PNG")
    owner = services.get_revision(secret["article"], 1).created_by
    image = save_image(
        FileStorage(io.BytesIO(png.getvalue()), "库房.png", content_type="image/png"), actor=owner
    )
    db.session.commit()
    other = make_company()
    writer = make_user("safety_manager", company=other)
    stolen = make_article(
        "我们的仓库",
        body=f"![偷来的](/media/{image.key})\n",
        author=writer,
        audience=Audience.COMPANY,
        company=other,
    )
    client = login_as(writer, app.test_client())
    page = client.get(f"/knowledge/articles/{stolen.id}").get_data(as_text=True)
    assert f'src="/media/{image.key}"' in page  # left unsigned
    assert f"/media/{image.key}?s=" not in page
    assert client.get(f"/media/{image.key}").status_code == 404
