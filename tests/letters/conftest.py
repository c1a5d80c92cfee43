from tests.reviews.conftest import setup  # noqa: F401  (the reviews suite's call, rubric and officer)
