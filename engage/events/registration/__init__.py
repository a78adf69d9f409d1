"""Seats, groups and the waiting list with promotion and a confirm deadline."""
