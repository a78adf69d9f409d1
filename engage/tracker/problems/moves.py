"""The loop's moves and the table of which move goes from which state to which."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from engage.tracker.problems.models import ProblemStatus

S = ProblemStatus


class Move(enum.StrEnum):
    ASSIGN = "assign"
    START = "start"
    SUBMIT = "submit"
    VERIFY = "verify"
    SEND_BACK = "send_back"
    REJECT = "reject"
    REOPEN = "reopen"


# The table of allowed transitions: (from, to) -> the move it is.
TRANSITIONS: dict[tuple[ProblemStatus, ProblemStatus], Move] = {
    (S.REPORTED, S.ASSIGNED): Move.ASSIGN,
    (S.REOPENED, S.ASSIGNED): Move.ASSIGN,
    (S.ASSIGNED, S.RECTIFYING): Move.START,
    (S.REOPENED, S.RECTIFYING): Move.START,
    (S.RECTIFYING, S.AWAITING_VERIFICATION): Move.SUBMIT,
    (S.AWAITING_VERIFICATION, S.CLOSED): Move.VERIFY,
    (S.AWAITING_VERIFICATION, S.RECTIFYING): Move.SEND_BACK,
    (S.REPORTED, S.REJECTED): Move.REJECT,
    (S.ASSIGNED, S.REJECTED): Move.REJECT,
    (S.CLOSED, S.REOPENED): Move.REOPEN,
    (S.AWAITING_VERIFICATION, S.REOPENED): Move.REOPEN,
}

MOVE_TARGET = {move: to for (_from, to), move in TRANSITIONS.items()}
MOVES_NEEDING_NOTE = {Move.SUBMIT, Move.VERIFY, Move.SEND_BACK, Move.REJECT, Move.REOPEN}

MOVE_LABELS = {
    Move.ASSIGN: _l("Assign"),
    Move.START: _l("Start rectifying"),
    Move.SUBMIT: _l("Submit rectification"),
    Move.VERIFY: _l("Verify and close"),
    Move.SEND_BACK: _l("Send back"),
    Move.REJECT: _l("Reject"),
    Move.REOPEN: _l("Reopen"),
}


def moves_from(status: ProblemStatus, move: Move) -> bool:
    """Whether `move` may start from `status`."""
    return any(frm == status for (frm, _to), m in TRANSITIONS.items() if m == move)
