"""The category tree: browsing a category and editing the tree."""
