"""Article pages, revisions, diffs, attachments and the knowledge home page."""
