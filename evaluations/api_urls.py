"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from sangaku.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register(r"awards/(?P<award_id>\d+)/evaluations", api.AwardEvaluationViewSet, basename="award-evaluation")
router.register("evaluations", api.EvaluationViewSet, basename="evaluation")

urlpatterns = router.urls
