"""Performances (节目): submissions, review, running order and the programme."""
