"""Knowledge's permission rules live in its parts; importing this registers them all."""

from engage.knowledge.articles import permissions as articles  # noqa: F401
from engage.knowledge.categories import permissions as categories  # noqa: F401
from engage.knowledge.quizzes import permissions as quizzes  # noqa: F401
