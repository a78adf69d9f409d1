"""Knowledge's pages: each part's blueprint nested under `knowledge`, and the labels and
permission functions its templates use."""

from __future__ import annotations

from engage.core.vocab import FOCUS_TARGET_LABELS
from engage.knowledge.articles.models import AUDIENCE_LABELS, STATUS_LABELS
from engage.knowledge.articles.permissions import can_edit_article, can_write_articles
from engage.knowledge.articles.views import bp as articles_bp
from engage.knowledge.blueprint import bp
from engage.knowledge.categories.permissions import can_edit_category
from engage.knowledge.categories.views import bp as categories_bp
from engage.knowledge.emergency.views import bp as emergency_bp
from engage.knowledge.quizzes.models import KIND_LABELS
from engage.knowledge.quizzes.permissions import can_build_quizzes, can_edit_quiz
from engage.knowledge.quizzes.views import bp as quizzes_bp


def _setup(state) -> None:
    state.app.jinja_env.globals.update(
        kb_audience_labels=AUDIENCE_LABELS,
        kb_focus_labels=FOCUS_TARGET_LABELS,
        kb_status_labels=STATUS_LABELS,
        kb_kind_labels=KIND_LABELS,
        can_write_articles=can_write_articles,
        can_edit_article=can_edit_article,
        can_edit_category=can_edit_category,
        can_build_quizzes=can_build_quizzes,
        can_edit_quiz=can_edit_quiz,
    )


bp.record_once(_setup)
bp.register_blueprint(articles_bp)
bp.register_blueprint(categories_bp)
bp.register_blueprint(quizzes_bp)
bp.register_blueprint(emergency_bp)

__all__ = ["bp"]
