"""Best-practice posts: drafts, revisions, comments, peer reviews, adoptions, moderation."""
