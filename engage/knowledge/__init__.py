"""The safety knowledge base: articles, categories, revisions, emergency guides, quizzes."""
