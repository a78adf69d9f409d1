"""Every knowledge table, imported from its part so the app registers them all."""

from engage.knowledge.articles.models import (  # noqa: F401
    AUDIENCE_LABELS,
    STATUS_LABELS,
    Article,
    ArticleAttachment,
    ArticleRevision,
    ArticleStatus,
    Audience,
    HelpfulVote,
    Tag,
    article_tags,
)
from engage.knowledge.categories.models import Category  # noqa: F401
from engage.knowledge.quizzes.models import (  # noqa: F401
    Choice,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
)
