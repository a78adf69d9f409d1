"""The emergency guide: what to do first, and whom to call."""
