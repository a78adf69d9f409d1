"""Peer inspections: item library, checklists, pairing, on-site answers, findings, reports."""
