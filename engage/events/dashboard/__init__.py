"""The organiser dashboard and exports of registrations and the programme."""
