"""What knowledge adds to the navbar and the home page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.core import audit, registry

registry.register(
    "navbar", _l("Knowledge"), "knowledge.articles.index", order=10, active_prefix="knowledge."
)
registry.register(
    "home.actions", _l("Emergency guide"), "knowledge.emergency.index", order=10, style="danger"
)
registry.register(
    "home.actions",
    _l("Safety knowledge"),
    "knowledge.articles.index",
    order=20,
    style="outline-primary",
)
registry.register(
    "point.links",
    _l("Emergency guide"),
    "knowledge.emergency.index",
    order=10,
    style="outline-danger",
)
registry.register("home.sections", template="knowledge/_home_section.html", order=50)

# Where the audit log opens these records.
audit.register_link("Article", "knowledge.articles.detail", "article_id")
audit.register_link("Quiz", "knowledge.quizzes.detail", "quiz_id")
