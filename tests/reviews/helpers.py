from reviews.models import Review
from reviews.services import assignment_accept, assignment_create, review_save_draft, review_submit


def scored(application, reviewer, officer, *, novelty, market, comment="", confidential="", submit=True) -> Review:
    """Assign, accept and (by default) submit a review with the given scores."""
    assignment = assignment_create(application_id=application.pk, reviewer=reviewer, actor=officer)
    assignment_accept(assignment_id=assignment.pk, actor=reviewer)
    review = Review.objects.get(assignment=assignment)
    review_save_draft(
        review_id=review.pk,
        actor=reviewer,
        data={
            "scores": {"novelty": novelty, "market": market},
            "recommendation": "fund",
            "comment_to_applicant": comment,
            "comment_to_officer": confidential,
        },
    )
    if submit:
        review_submit(review_id=review.pk, actor=reviewer)
    review.refresh_from_db()
    return review


def login(client, user) -> None:
    """Factories set the password after saving; reload so the session hash matches the stored user."""
    user.refresh_from_db()
    client.force_login(user)
