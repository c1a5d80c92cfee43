"""Static files under the production profile: cache-busted (a content hash in every name), compressed, and served
by WhiteNoise with a far-future, immutable Cache-Control; pages link the hashed names."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

# Other apps' files (admin, API docs) are collected the same way; left out here to keep the test quick.
OTHER_APPS = ["admin", "drf_spectacular_sidecar", "rest_framework", "django_otp", "otp_totp"]
MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def production_static_storage() -> str:
    """The static files backend of the production profile, read from the settings by a fresh interpreter."""
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "static-files-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "sangaku.example.jp",
    }
    code = "import sangaku.settings as s; print(s.STORAGES['staticfiles']['BACKEND'])"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=django_settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_collected_static_files_are_hashed_compressed_and_served_immutable(settings, tmp_path, client):
    assert production_static_storage() == MANIFEST
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = False  # as in production: only what collectstatic wrote
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": MANIFEST},
    }
    ignore = [arg for name in OTHER_APPS for arg in ("-i", name)]
    call_command("collectstatic", "--noinput", "-v0", *ignore)

    url = static("css/sangaku.css")
    assert re.fullmatch(r"/static/css/sangaku\.[0-9a-f]{12}\.css", url), url
    assert (tmp_path / (url.removeprefix("/static/") + ".gz")).exists(), "a gzip copy beside it"

    served = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert served.status_code == 200 and served["Content-Encoding"] == "gzip"
    assert "immutable" in served["Cache-Control"] and "max-age=315360000" in served["Cache-Control"]
    assert url in client.get("/").content.decode(), "pages link the hashed name"
