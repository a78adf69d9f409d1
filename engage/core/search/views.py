"""The search results page (`core.search.index`, at /search/)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from engage.core import search
from engage.core.pagination import page_arg

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.route("/")
def index():
    registered = search.kinds()
    # ?kind= (and ?type=, as older links say)
    kind = request.args.get("kind") or request.args.get("type", "")
    kind = kind if kind in registered else ""
    facet = request.args.get("facet", "")[:100]
    page = search.query(
        request.args.get("q", ""),
        user=current_user,
        kinds=[kind] if kind else None,
        facet=facet or None,
        page=page_arg(),
    )
    facets = []
    if kind and registered[kind].facets:
        facets = list(registered[kind].facets())
    return render_template(
        "core/search/index.html",
        page=page,
        kinds=registered,
        kind=kind,
        facet=facet,
        facets=facets,
        cap=search.WINDOW,
        max_length=search.MAX_QUERY_LENGTH,
    )
