"""/healthz (the process answers) and /readyz (it can serve: database, migrations, Redis, a live worker).

Both are JSON for load balancers and operators, need no login and show no secrets.
"""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .services import readiness


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    result = readiness()
    status = "ready" if result["ready"] else "not ready"
    return JsonResponse({"status": status, "checks": result["checks"]}, status=200 if result["ready"] else 503)
