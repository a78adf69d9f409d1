"""The six links (六联): activities and link events, counted per company and month."""
