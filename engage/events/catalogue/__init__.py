"""Events, their organisers and audiences, the events list and calendars."""
