"""The yardstick of the load bench: a bare Flask + Flask-SQLAlchemy + Jinja page listing 20 rows.

    gunicorn --config gunicorn.conf.py 'bench.bare_app:create_app()'

It reads BENCH_BARE_DATABASE_URL (the same engine as the Engage pages it is measured
beside), creates its one table `bench_bare_rows` with 1,000 rows when missing, and
answers `/` with the newest 20 rows in a Jinja template (a layout, a loop, a filter),
so what a page of Engage costs can be read as a fraction of what Flask itself costs
on this machine, in the same run.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy import DateTime, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

TEMPLATES = {
    "layout.html": """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main class="container">{% block main %}{% endblock %}</main></body></html>""",
    "rows.html": """{% extends "layout.html" %}
{% block title %}Rows{% endblock %}
{% block main %}
<h1>Rows</h1>
<table class="table">
  <thead><tr><th>#</th><th>Title</th><th>Status</th><th>Created</th></tr></thead>
  <tbody>
  {% for row in rows %}
    <tr><td>{{ row.id }}</td><td><a href="/rows/{{ row.id }}">{{ row.title }}</a></td>
    <td>{{ row.status|upper }}</td><td>{{ row.created_at.strftime("%Y-%m-%d %H:%M") }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}""",
}


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Row(db.Model):
    __tablename__ = "bench_bare_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BENCH_BARE_DATABASE_URL"]
    app.jinja_loader = DictLoader(TEMPLATES)
    db.init_app(app)
    with app.app_context():
        db.create_all()
        if not db.session.scalar(select(func.count()).select_from(Row)):
            start = datetime(2026, 1, 1, tzinfo=UTC)
            db.session.add_all(
                Row(
                    title=f"消防通道堵塞 row {i}",
                    status=("open", "closed")[i % 2],
                    created_at=start + timedelta(hours=i),
                )
                for i in range(1000)
            )
            db.session.commit()

    @app.route("/")
    def rows():
        listed = db.session.scalars(select(Row).order_by(Row.created_at.desc()).limit(20)).all()
        return render_template("rows.html", rows=listed)

    return app
