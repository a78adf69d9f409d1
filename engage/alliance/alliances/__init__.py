"""Alliances: who belongs, who leads, who asked to join, and the history of it."""
