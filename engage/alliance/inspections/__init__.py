"""Peer inspections: the item library, checklists, pairing rounds, on-site answers, findings and reports."""
