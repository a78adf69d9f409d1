"""Tickets with QR codes and checking people in on a phone."""
