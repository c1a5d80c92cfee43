"""The upload size cap applies while the body streams in: an oversized upload is refused (413, in Japanese)
before the rest of the body is read, and nothing is stored."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, ClientHandler, encode_multipart
from rest_framework.authtoken.models import Token

from applications.models import Attachment

from .factories import PDF_BYTES, make_draft

pytestmark = pytest.mark.django_db


class CountingStream(io.BytesIO):
    """The request body as the server would stream it, counting what the application reads."""

    bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.bytes_read += len(data)
        return data


def _stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _post_streamed(path, fields, headers):
    body = encode_multipart(BOUNDARY, fields)
    stream = CountingStream(body)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "CONTENT_TYPE": MULTIPART_CONTENT,
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": stream,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        **headers,
    }
    response = ClientHandler(enforce_csrf_checks=False)(environ)
    return response, stream.bytes_read, len(body)


def test_an_upload_declared_over_the_cap_is_refused_before_a_byte_of_it_is_read(world, settings):
    settings.ATTACHMENT_MAX_BYTES = 100_000
    before = _stored_files(settings)
    application = make_draft(world["call"], world["owner"])
    token = Token.objects.create(user=world["owner"])
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 5_000_000, content_type="application/pdf")
    response, read, total = _post_streamed(
        f"/api/v1/applications/{application.pk}/attachments/",
        {"file": big, "kind": "proposal"},
        {"HTTP_AUTHORIZATION": f"Token {token.key}"},
    )
    assert response.status_code == 413
    body = json.loads(response.content)
    assert body["code"] == "too_large" and "大きすぎます" in body["errors"]["file"][0] and "98 KB" in body["detail"]
    assert read == 0 and total > 5_000_000
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == before


def test_an_upload_passing_the_cap_mid_stream_is_stopped_and_nothing_is_stored(api_client, world, settings):
    settings.ATTACHMENT_MAX_BYTES = 100_000
    before = _stored_files(settings)
    application = make_draft(world["call"], world["owner"])
    api_client.force_authenticate(world["owner"])
    # Within the room for the form's other fields, so only the streaming count catches it.
    file = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 100_500, content_type="application/pdf")
    response = api_client.post(
        f"/api/v1/applications/{application.pk}/attachments/", {"file": file, "kind": "proposal"}, format="multipart"
    )
    assert response.status_code == 413
    assert "大きすぎます" in response.json()["errors"]["file"][0]
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == before
    small = SimpleUploadedFile("small.pdf", PDF_BYTES, content_type="application/pdf")
    ok = api_client.post(
        f"/api/v1/applications/{application.pk}/attachments/", {"file": small, "kind": "proposal"}, format="multipart"
    )
    assert ok.status_code == 201


def test_the_form_page_refuses_an_oversized_upload_in_japanese(client, world, settings):
    settings.ATTACHMENT_MAX_BYTES = 100_000
    application = make_draft(world["call"], world["owner"])
    client.force_login(world["owner"])
    file = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 300_000, content_type="application/pdf")
    response = client.post(
        f"/applications/{application.pk}/edit/",
        {"section": "attachment", "attachment-kind": "proposal", "attachment-file": file},
        HTTP_REFERER=f"http://testserver/applications/{application.pk}/edit/",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "ファイルが大きすぎます" in page and "98 KB 以下のファイルを添付してください" in page
    assert f'href="http://testserver/applications/{application.pk}/edit/"' in page
    assert not Attachment.objects.exists()
