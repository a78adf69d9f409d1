"""Whistles (基层吹哨) and report-in (部门报到): routing, acknowledgement, escalation, boards."""
