"""Award pages: categories, voting, jury scoring, results after close."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.core.errors import DomainError, NotAllowed, refuse
from engage.core.timeutil import utcnow
from engage.events.awards import services
from engage.events.awards.forms import CategoryForm
from engage.events.awards.models import AwardCategory
from engage.events.awards.permissions import can_manage_awards, can_score, can_vote
from engage.events.performances import services as performances
from engage.events.viewutil import event_or_404, managed_event_or_403
from engage.extensions import db

bp = Blueprint("awards", __name__)


@bp.route("/<int:event_id>/awards")
def index(event_id: int):
    event = event_or_404(event_id)
    categories = services.categories(event)
    return render_template(
        "events/awards/index.html",
        event=event,
        categories=categories,
        now=utcnow(),
        acts=performances.programme(event).acts,
        results={r.category.id: r for r in services.results(event)},
        my_votes=services.my_votes(categories, current_user),
        my_scores=services.my_scores(categories, current_user),
        may_vote={c.id: can_vote(current_user, event, c) for c in categories},
        may_score={c.id: can_score(current_user, event, c) for c in categories},
        manage=can_manage_awards(current_user, event),
        form=CategoryForm(),
    )


@bp.route("/<int:event_id>/awards/new", methods=["POST"])
@login_required
def create(event_id: int):
    event = managed_event_or_403(event_id)
    form = CategoryForm()
    if form.validate_on_submit():
        try:
            services.create_category(
                event,
                form.name.data,
                form.method.data,
                form.voting_opens_at.data,
                form.voting_closes_at.data,
                actor=current_user,
            )
        except DomainError as exc:
            refuse(exc)
        else:
            db.session.commit()
            flash(_("The award is added."), "success")
    else:
        flash(_("Give the award a name and its voting times."), "danger")
    return redirect(url_for("events.awards.index", event_id=event.id))


def _category_or_404(event, category_id: int) -> AwardCategory:
    category = db.session.get(AwardCategory, category_id)
    if category is None or category.event_id != event.id:
        abort(404)
    return category


def _performance_arg() -> int:
    try:
        return int(request.form.get("performance", ""))
    except ValueError:
        return 0


@bp.route("/<int:event_id>/awards/<int:category_id>/vote", methods=["POST"])
@login_required
def vote(event_id: int, category_id: int):
    event = event_or_404(event_id)
    category = _category_or_404(event, category_id)
    try:
        services.vote(event, category, _performance_arg(), actor=current_user)
    except NotAllowed:
        abort(403)
    except DomainError as exc:
        refuse(exc, category="warning")
    else:
        db.session.commit()
        flash(_("Your vote is counted. Results show when voting closes."), "success")
    return redirect(url_for("events.awards.index", event_id=event.id))


@bp.route("/<int:event_id>/awards/<int:category_id>/score", methods=["POST"])
@login_required
def score(event_id: int, category_id: int):
    event = event_or_404(event_id)
    category = _category_or_404(event, category_id)
    try:
        value = int(request.form.get("score", ""))
    except ValueError:
        value = 0
    try:
        services.score(event, category, _performance_arg(), value, actor=current_user)
    except NotAllowed:
        abort(403)
    except DomainError as exc:
        refuse(exc, category="warning")
    else:
        db.session.commit()
        flash(_("Your score is saved."), "success")
    return redirect(url_for("events.awards.index", event_id=event.id))
