"""Safety quizzes: building, taking, results, the leaderboard and question-bank import."""
