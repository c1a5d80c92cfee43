"""Settings of the server the load bench starts (`make serve` with DJANGO_SETTINGS_MODULE=bench._settings).

The project's settings, with the bench's URLconf: the project's URLs plus the bare views the load bench
compares Sangaku's requests with (bench/_urls.py). Never used by the project itself, so those views are
not reachable on any production server.
"""

import sys

from sangaku.settings import *  # noqa: F403

ROOT_URLCONF = "bench._urls"

# The load bench tells the web workers' PostgreSQL backends from the Celery worker's by this name, to measure
# the database CPU the web requests cost.
if "gunicorn" in " ".join(sys.argv[:1]):
    DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = "sangaku-web"  # noqa: F405
