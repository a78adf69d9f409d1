

def test_pages_render(app, client, make_article, make_user, login_as, make_company):
    a = make_article("干粉灭火器的使用方法", body="## 提\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## 拔\n\n拔销", tags=["灭火器"])
    for url in ["/knowledge/", f"/knowledge/categories/{a.category_id}", f"/knowledge/tags/{a.tags[0].id}",
                f"/knowledge/articles/{a.id}", f"/knowledge/articles/{a.id}/print", "/emergency",
                "/knowledge/quizzes/", "/knowledge/quizzes/leaderboard", "/"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.location)
    admin = make_user("admin")
    client = login_as(admin, app.test_client())
    for url in ["/knowledge/", f"/knowledge/articles/{a.id}", f"/knowledge/articles/{a.id}/edit",
                f"/knowledge/articles/{a.id}/history", f"/knowledge/articles/{a.id}/diff",
                "/knowledge/articles/new", "/knowledge/manage", "/knowledge/categories/",
                "/knowledge/quizzes/new", "/knowledge/quizzes/import-template.xlsx"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.location)
