"""The search results page, the navbar search box and `flask search` commands."""
