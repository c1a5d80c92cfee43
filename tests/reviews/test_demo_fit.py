"""The demo reviewers' expertise meets the demo proposals' topics: every demo application has a reviewer
with a real fit (auto-assignment no longer weighs 0.000 everywhere)."""

from applications.demo import DEMO_APPLICATIONS
from reviews.affinity import affinity_matrix
from reviews.demo import PROFILES
from reviews.preview import fit_level


def test_every_demo_application_has_a_reviewer_with_a_medium_or_high_fit():
    texts = [
        f"{title} {title}に関する研究成果の社会実装に向けた検証を行う。" for _c, _u, title, *_ in DEMO_APPLICATIONS
    ]
    matrix = affinity_matrix(texts, [expertise for expertise, *_ in PROFILES.values()])
    best = matrix.max(axis=1)
    assert (best >= 0.05).all(), dict(zip(texts, best.round(3), strict=True))
    assert {fit_level(float(v)) for v in best} <= {"高", "中"}
