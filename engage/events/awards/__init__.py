"""Award categories, audience votes, jury scores and results."""
