"""The demo's interviews (interviews/demo.py): one held and scored on this year's 地域共創分野 育成型 call, one
confirmed online interview ahead on 未来共創分野, and the combined ranking they feed."""

from interviews.models import Interview, InterviewStatus


def test_the_demo_has_a_scored_and_a_confirmed_interview_and_a_combined_ranking(director_api):
    interviews = {
        i.application.call.code.rsplit("-", 1)[-1]: i for i in Interview.objects.select_related("application__call")
    }
    assert (interviews["REG"].status, interviews["FUT"].status) == (InterviewStatus.SCORED, InterviewStatus.CONFIRMED)
    assert interviews["REG"].panel.exclude(weighted_score=None).count() == interviews["REG"].panel.count() >= 1
    rows = director_api.get(f"/api/v1/calls/{interviews['REG'].application.call_id}/ranking/").json()["results"]
    held = next(r for r in rows if r["application"] == interviews["REG"].application_id)
    assert held["combined_rank"] == 1 and held["interview_score"] is not None and held["combined_score"] is not None
