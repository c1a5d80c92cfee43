"""Against a running `make serve`: /readyz turns ready, and a platform report requested through the API is built.

The account and its API token are created directly in the database, as an operator would with
`createsuperuser` and `drf_create_token`; everything else goes through HTTP.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

base = sys.argv[1]


def call(method: str, path: str, token: str = "", data: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        base + path, method=method, data=json.dumps(data).encode() if data is not None else None
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        # `base` is the local server this smoke test started (http://127.0.0.1:PORT), never user input.
        with urllib.request.urlopen(request, timeout=10) as response:  # nosec B310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def wait(what: str, seconds: float, check):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(1)
    sys.exit(f"timed out after {seconds:.0f} s waiting for {what}")


ready = wait("/readyz to be ready", 180, lambda: (r := call("GET", "/readyz"))[0] == 200 and r[1])
assert set(ready["checks"]) == {"database", "migrations", "redis", "worker"}, ready
print("GET /readyz ->", json.dumps(ready, ensure_ascii=False))

# Through the reverse proxy (nginx), which stamps each request's arrival; gunicorn is not on this port.
# `base` is the local server this smoke test started, never user input.
with urllib.request.urlopen(base + "/healthz", timeout=10) as response:  # nosec B310
    server = response.headers.get("Server", "")
assert server.startswith("nginx"), f"make serve answers without its proxy (Server: {server!r})"
print("GET /healthz -> through", server)

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sangaku.settings")
import django  # noqa: E402

django.setup()
from rest_framework.authtoken.models import Token  # noqa: E402

from accounts.models import Role, User  # noqa: E402

director = User.objects.create_user("ci-director", password=None, role=Role.DIRECTOR)
token = Token.objects.create(user=director).key

status, report = call("POST", "/api/v1/platform-reports/", token, {"fiscal_year": 2024})
assert status == 202 and report["status"] == "queued", (status, report)
print("POST /api/v1/platform-reports/ -> 202", report["status"])
url = f"/api/v1/platform-reports/{report['id']}/"
done = wait("the worker to build the report", 60, lambda: (d := call("GET", url, token)[1])["status"] == "done" and d)
assert done["generated_at"], done
print(f"GET {url} -> done at {done['generated_at']} (built by the worker)")
