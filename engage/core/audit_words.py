"""What the audit log's codes mean, in words: actions, object types and field names.

Writers record short stable codes (`company.updated`); the log page and its export
show these phrases in the reader's language. A code missing from a table shows as
itself, so a new writer is never hidden, only less friendly until it gets a phrase.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage.core.vocab import FOCUS_TARGET_LABELS

ACTIONS = {
    "account.admin_created": _l("created an administrator account"),
    "account.password_changed": _l("changed their password"),
    "account.password_reset": _l("reset their password"),
    "account.password_reset_requested": _l("asked for a password reset"),
    "account.profile_updated": _l("updated their profile"),
    "account.sign_in": _l("signed in"),
    "account.sign_out": _l("signed out"),
    "account.signed_up": _l("signed up"),
    "account.imported": _l("created an account by import"),
    "album.created": _l("created a photo album"),
    "album.photos_added": _l("added photos to an album"),
    "alliance.activity_recorded": _l("recorded a six-links activity"),
    "alliance.activity_removed": _l("removed a six-links activity"),
    "alliance.aid_accepted": _l("accepted an aid offer"),
    "alliance.aid_closed": _l("closed an aid request"),
    "alliance.aid_offered": _l("offered aid"),
    "alliance.aid_requested": _l("asked for aid"),
    "alliance.created": _l("created an alliance"),
    "alliance.join_approved": _l("approved a request to join an alliance"),
    "alliance.join_refused": _l("refused a request to join an alliance"),
    "alliance.join_requested": _l("asked to join an alliance"),
    "alliance.left": _l("left an alliance"),
    "alliance.lesson_declined": _l("declined to write up a lesson"),
    "alliance.post_adopted": _l("adopted a best practice"),
    "alliance.post_created": _l("wrote a best-practice post"),
    "alliance.post_edited": _l("edited a best-practice post"),
    "alliance.post_promoted": _l("promoted a post to the knowledge base"),
    "alliance.post_published": _l("published a best-practice post"),
    "alliance.post_reviewed": _l("reviewed a best-practice post"),
    "alliance.resource_removed": _l("removed an emergency resource"),
    "alliance.resource_saved": _l("saved an emergency resource"),
    "alliance.review_edited": _l("edited a review"),
    "alliance.updated": _l("updated an alliance"),
    "area.created": _l("created a functional area"),
    "area.updated": _l("updated a functional area"),
    "award.category_created": _l("created an award category"),
    "checklist.assigned": _l("assigned a checklist"),
    "checklist.saved": _l("saved a checklist"),
    "company.created": _l("created a company"),
    "company.join_approved": _l("approved a request to join a company"),
    "company.join_refused": _l("refused a request to join a company"),
    "company.join_requested": _l("asked to join a company"),
    "company.join_withdrawn": _l("withdrew a request to join a company"),
    "company.member_removed": _l("removed a company member"),
    "company.member_role_changed": _l("changed a company member's role"),
    "company.updated": _l("updated a company"),
    "department.created": _l("created a department"),
    "department.updated": _l("updated a department"),
    "event.cancelled": _l("cancelled an event"),
    "event.created": _l("created an event"),
    "event.juror_added": _l("added a juror"),
    "event.published": _l("published an event"),
    "event.updated": _l("updated an event"),
    "inspection.accepted": _l("accepted a peer inspection"),
    "inspection.acknowledged": _l("acknowledged an inspection report"),
    "inspection.cancelled": _l("cancelled a peer inspection"),
    "inspection.new_date": _l("proposed a new inspection date"),
    "inspection.proposed": _l("proposed a peer inspection"),
    "inspection.rated": _l("rated a peer inspection"),
    "inspection.round_confirmed": _l("confirmed an inspection round"),
    "inspection.submitted": _l("submitted an inspection report"),
    "inspection_item.created": _l("created an inspection item"),
    "inspection_item.edited": _l("edited an inspection item"),
    "inspection_item.new_version": _l("issued a new version of an inspection item"),
    "knowledge.article.create": _l("wrote an article"),
    "knowledge.article.edit": _l("edited an article"),
    "knowledge.article.restore": _l("restored an article revision"),
    "knowledge.article.draft": _l("returned an article to draft"),
    "knowledge.article.published": _l("published an article"),
    "knowledge.article.deleted": _l("deleted an article"),
    "knowledge.category.delete": _l("deleted a category"),
    "knowledge.category.save": _l("saved a category"),
    "knowledge.quiz.import": _l("imported quiz questions"),
    "knowledge.quiz.save": _l("saved a quiz"),
    "performance.reviewed": _l("reviewed a performance"),
    "performance.submitted": _l("submitted a performance"),
    "performance.updated": _l("updated a performance"),
    "point.activated": _l("activated a point"),
    "point.code_replaced": _l("replaced a point's QR code"),
    "point.created": _l("created a point"),
    "point.deactivated": _l("deactivated a point"),
    "point.updated": _l("updated a point"),
    "problem.acknowledged": _l("acknowledged a whistle"),
    "problem.due_changed": _l("changed a problem's due date"),
    "problem.opened": _l("reported a problem"),
    "problem.reassigned": _l("reassigned a problem"),
    "problem.rerouted": _l("sent a whistle to another department"),
    "problem.routed": _l("sent a whistle to a department"),
    "problem.assign": _l("assigned a problem"),
    "problem.start": _l("started rectifying a problem"),
    "problem.submit": _l("submitted a rectification for verification"),
    "problem.verify": _l("verified and closed a problem"),
    "problem.send_back": _l("sent a rectification back"),
    "problem.reject": _l("rejected a problem report"),
    "problem.reopen": _l("reopened a problem"),
    "programme.ordered": _l("set the running order"),
    "registration.cancelled": _l("cancelled a registration"),
    "registration.checked_in": _l("checked someone in"),
    "registration.confirmed": _l("confirmed a registration"),
    "registration.created": _l("registered for an event"),
    "registration.group_created": _l("registered a group"),
    "registration.offer_expired": _l("let a waiting-list offer expire"),
    "registration.waiting_list_reordered": _l("reordered the waiting list"),
    "taskforce.activity_logged": _l("logged a task-force activity"),
    "taskforce.created": _l("created a task force"),
    "taskforce.goal_added": _l("added a task-force goal"),
    "taskforce.goal_removed": _l("removed a task-force goal"),
    "taskforce.member_added": _l("added a task-force member"),
    "taskforce.member_left": _l("removed a task-force member"),
    "taskforce.point_assigned": _l("put a point in a task force's charge"),
    "taskforce.points_assigned": _l("put points in a task force's charge"),
    "taskforce.problem_assigned": _l("put a problem in a task force's charge"),
    "taskforce.problems_picked_up": _l("had a task force pick up problems"),
    "taskforce.roster_imported": _l("imported a task-force roster"),
    "taskforce.updated": _l("updated a task force"),
    "taskforce.problem_released": _l("released a problem from a task force"),
    "taskforce.point_released": _l("released a point from a task force"),
    "tracker.due_rules": _l("changed the due-date rules"),
    "tracker.routing_changed": _l("changed whistle routing"),
    "user.deactivated": _l("deactivated an account"),
    "user.reactivated": _l("reactivated an account"),
    "user.roles_changed": _l("changed a user's roles"),
    "video.added": _l("added a video"),
}

OBJECT_TYPES = {
    "Company": _l("company"),
    "User": _l("user"),
    "FunctionalArea": _l("functional area"),
    "Department": _l("department"),
    "Point": _l("point"),
    "Problem": _l("problem"),
    "Alliance": _l("alliance"),
    "Post": _l("post"),
    "TaskForce": _l("task force"),
    "Inspection": _l("peer inspection"),
    "Event": _l("event"),
    "Article": _l("article"),
    "Quiz": _l("quiz"),
    "Registration": _l("registration"),
    "Performance": _l("performance"),
    "RegistrationGroup": _l("group registration"),
    "Review": _l("review"),
    "Adoption": _l("adoption"),
    "AidRequest": _l("aid request"),
    "AidOffer": _l("aid offer"),
    "Resource": _l("emergency resource"),
    "Checklist": _l("checklist"),
    "Item": _l("inspection item"),
    "Membership": _l("alliance membership"),
    "AllianceJoinRequest": _l("request to join an alliance"),
    "Activity": _l("six-links activity"),
    "PointChecklist": _l("point checklist"),
    "TaskForceMember": _l("task-force member"),
    "Album": _l("photo album"),
    "Video": _l("video"),
    "Category": _l("category"),
    "InspectionRound": _l("inspection round"),
    "LessonInvite": _l("lesson invitation"),
    "JoinRequest": _l("request to join"),
    "AwardCategory": _l("award category"),
}

FIELDS = {
    "name": _l("name"),
    "name_en": _l("English name"),
    "uscc": _l("unified social credit code"),
    "area": _l("functional area"),
    "industry": _l("industry"),
    "address": _l("address"),
    "contact_name": _l("contact"),
    "contact_phone": _l("contact phone"),
    "is_active": _l("active"),
    "code": _l("code"),
    "description": _l("description"),
    "phone": _l("phone"),
    "platform_role": _l("platform role"),
    "department": _l("department"),
    "is_department_lead": _l("department lead"),
    "company_role": _l("company role"),
    "company": _l("company"),
    "email": _l("email"),
    "location": _l("location"),
    "focus_target": _l("focus target"),
    "responsible": _l("responsible person"),
    "notes": _l("notes"),
    "charter": _l("charter"),
    "lead_company": _l("lead company"),
    "status": _l("status"),
    "size": _l("group size"),
    "score": _l("score"),
    "count": _l("count"),
    "quantity": _l("quantity"),
    "version": _l("version"),
    "pairs": _l("pairs"),
    "order": _l("order"),
    "fields": _l("fields"),
    "reason": _l("reason"),
    "note": _l("note"),
    "title": _l("title"),
    "team": _l("team"),
    "role": _l("role"),
    "decision": _l("decision"),
    "day": _l("day"),
    "source": _l("source"),
    "hazards": _l("hazards"),
    "from_status": _l("from"),
    "to_status": _l("to"),
    "from_position": _l("from position"),
    "to_position": _l("to position"),
    "from_department": _l("from department"),
    "url": _l("link"),
}


def action_phrase(code: str) -> str:
    """The action in words, or the code itself when it has no phrase yet."""
    phrase = ACTIONS.get(code)
    return str(phrase) if phrase is not None else code


def object_noun(object_type: str) -> str:
    noun = OBJECT_TYPES.get(object_type)
    return str(noun) if noun is not None else object_type


def field_label(name: str) -> str:
    label = FIELDS.get(name)
    return str(label) if label is not None else name.replace("_", " ")


# field -> {stored code: label}: domains register the words for their codes
# (a role's code "supervisor" reads 监管员).
_VALUES: dict[str, dict] = {"focus_target": FOCUS_TARGET_LABELS}


def register_values(field: str, labels: dict) -> None:
    _VALUES[field] = labels


def value_text(value, field: str = "") -> str:
    """A recorded value as a reader sees it: yes/no for flags, a dash for nothing,
    a registered code in words."""
    label = _VALUES.get(field, {}).get(value) if isinstance(value, str) else None
    if label is not None:
        return str(label)
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    text = str(value)
    # A long text (a charter, a note) is shown by its start; the record keeps it whole.
    return text if len(text) <= _LONG else text[: _LONG - 1] + "…"


_LONG = 120


def change_rows(details: dict) -> list[tuple[str, str, str]]:
    """(field, old, new) in words for each change an entry records."""
    changes = (details or {}).get("changes") or {}
    rows = []
    for name, pair in changes.items():
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        rows.append((field_label(name), value_text(old, name), value_text(new, name)))
    return rows


def other_details(details: dict) -> list[tuple[str, str]]:
    """(label, value) of what an entry records besides its changes."""
    return [
        (field_label(name), value_text(value, name))
        for name, value in (details or {}).items()
        if name != "changes"
    ]


def changes_text(details: dict) -> str:
    """The changes on one line, for an export: `name: old → new; ...`."""
    parts = [f"{label}: {old} → {new}" for label, old, new in change_rows(details)]
    parts += [f"{label}: {value}" for label, value in other_details(details)]
    return "; ".join(parts)
