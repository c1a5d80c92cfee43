"""Attachments on S3-compatible storage (AWS_STORAGE_BUCKET_NAME): uploaded through the API, downloaded through the
page and the API, and really in the bucket.

The S3 server is moto's server mode, started by the test on a free port of this machine (a real HTTP server that
speaks the S3 protocol; boto3 and django-storages talk to it as to any S3-compatible store). Nothing is mocked.
"""

import hashlib
import json
import os
import socket
import subprocess
import sys

import boto3
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from applications.models import Attachment

from .factories import PDF_BYTES, make_draft

pytestmark = pytest.mark.django_db

BUCKET = "sangaku-test-uploads"
KEYS = {"AWS_ACCESS_KEY_ID": "test-access-key", "AWS_SECRET_ACCESS_KEY": "test-secret-key"}  # moto takes any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3-compatible server in a thread of this process, on a free port; stopped after the module."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def storage_from_settings(env: dict) -> dict:
    """STORAGES["default"] as sangaku/settings.py builds it from these environment variables (a fresh interpreter)."""
    code = "import json, sangaku.settings as s; print(json.dumps(s.STORAGES['default'], default=str))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.fixture
def s3_bucket(s3_server, settings, private_storage, monkeypatch):
    """Uploads go to a fresh private bucket on the S3 server, configured by the environment variables an operator
    sets (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, …; docs/operator.md), read by the project's settings."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)  # read by django-storages (and boto3) as on a real machine
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    storage = storage_from_settings(
        {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_server,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_LOCATION": "uploads",
        }
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in objects:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_an_attachment_round_trips_through_the_s3_bucket(client, api_client, world, s3_bucket, private_storage):
    content = PDF_BYTES + b"% s3 round trip " + bytes(range(256)) * 64  # 16 KB, every byte value
    application = make_draft(world["call"], world["owner"])

    api_client.force_authenticate(world["owner"])
    uploaded = api_client.post(
        f"/api/v1/applications/{application.pk}/attachments/",
        {"file": SimpleUploadedFile("研究計画書.pdf", content, content_type="application/pdf"), "kind": "proposal"},
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.data

    attachment = Attachment.objects.get()
    key = f"uploads/{attachment.file.name}"
    stored = s3_bucket.get_object(Bucket=BUCKET, Key=key)
    assert stored["Body"].read() == content, "the object in the bucket holds the uploaded bytes"
    assert attachment.sha256 == hashlib.sha256(content).hexdigest() and attachment.sha256 in key
    assert not any(private_storage.iterdir()), "nothing was written to this machine's disk"

    # Another person (the officer in scope) downloads it through the page, and the owner through the API.
    client.force_login(world["officer"])
    page = client.get(f"/applications/{application.pk}/attachments/{attachment.pk}/download/")
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    assert b"".join(page.streaming_content) == content
    assert "attachment;" in page["Content-Disposition"] and page["Cache-Control"] == "private, no-store"
    api = api_client.get(f"/api/v1/applications/{application.pk}/attachments/{attachment.pk}/download/")
    assert api.status_code == 200 and b"".join(api.streaming_content) == content

    # Out of scope is still 404: the bucket changes where bytes live, not who may read them.
    client.force_login(world["officer_out"])
    assert client.get(f"/applications/{application.pk}/attachments/{attachment.pk}/download/").status_code == 404
