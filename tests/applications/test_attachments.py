"""Attachments: type from content, size cap, clean names, private storage, permission-checked download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import services
from applications.attachments import DOCX, PPTX, XLSX, sanitize_filename
from applications.models import Attachment

from .factories import ELF_BYTES, MZ_BYTES, PDF_BYTES, PNG_BYTES, make_complete, make_draft, office_bytes

pytestmark = pytest.mark.django_db


def upload(api_client, user, application, name, content, content_type="application/pdf"):
    api_client.force_authenticate(user)
    return api_client.post(
        f"/api/v1/applications/{application.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type), "kind": "proposal"},
        format="multipart",
    )


@pytest.mark.parametrize("content", [ELF_BYTES, MZ_BYTES], ids=["elf", "windows-exe"])
def test_a_renamed_executable_is_refused_as_a_pdf(api_client, world, content):
    application = make_draft(world["call"], world["owner"])
    response = upload(api_client, world["owner"], application, "proposal.pdf", content)
    assert response.status_code == 400
    message = response.data["errors"]["file"][0]
    assert "実行ファイルは添付できません" in message and "file" in message
    assert not Attachment.objects.exists()


def test_unknown_content_is_refused_whatever_the_name(api_client, world):
    application = make_draft(world["call"], world["owner"])
    response = upload(api_client, world["owner"], application, "notes.docx", b"just text, not a document")
    assert response.status_code == 400 and "この形式は添付できません" in response.data["errors"]["file"][0]


def test_an_oversize_file_is_refused(api_client, world, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    application = make_draft(world["call"], world["owner"])
    response = upload(api_client, world["owner"], application, "big.pdf", PDF_BYTES + b"0" * 2048)
    assert response.status_code == 413 and "大きすぎます" in response.json()["errors"]["file"][0]
    assert not Attachment.objects.exists()
    assert upload(api_client, world["owner"], application, "small.pdf", PDF_BYTES).status_code == 201


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.bin", PDF_BYTES, "application/pdf"),
        ("image.pdf", PNG_BYTES, "image/png"),
        ("photo", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("計画.zip", office_bytes("word"), DOCX),
        ("budget.xlsx", office_bytes("xl"), XLSX),
        ("slides.pptx", office_bytes("ppt"), PPTX),
    ],
)
def test_type_is_decided_by_content(api_client, world, name, content, expected):
    application = make_draft(world["call"], world["owner"])
    response = upload(api_client, world["owner"], application, name, content, content_type="text/plain")
    assert response.status_code == 201, response.data
    assert response.data["content_type"] == expected


def test_a_plain_zip_is_not_an_office_document(api_client, world):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/evil.exe", "x")
    application = make_draft(world["call"], world["owner"])
    assert upload(api_client, world["owner"], application, "a.docx", buffer.getvalue()).status_code == 400


def test_stored_privately_with_hash_and_clean_name(api_client, world, private_storage):
    import hashlib

    application = make_draft(world["call"], world["owner"])
    response = upload(api_client, world["owner"], application, "../../etc/研究\x00計画書.pdf", PDF_BYTES)
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    assert attachment.original_name == "研究計画書.pdf"
    assert attachment.sha256 == hashlib.sha256(PDF_BYTES).hexdigest() == response.data["sha256"]
    assert attachment.size == len(PDF_BYTES)
    # Opaque storage name inside the private folder; the original name is not in the path.
    assert "研究" not in attachment.file.name and attachment.sha256 in attachment.file.name
    assert (private_storage / attachment.file.name).read_bytes() == PDF_BYTES
    assert "/media/" not in response.data["download_url"] and "/download/" in response.data["download_url"]


def test_filename_sanitising():
    assert sanitize_filename("C:\\Users\\me\\提案書.pdf", "application/pdf") == "提案書.pdf"
    assert sanitize_filename("a\u202etxt.exe", "application/pdf") == "atxt.exe.pdf"
    assert sanitize_filename("...", "image/png") == "file.png"
    long_name = "あ" * 300 + ".pdf"
    cleaned = sanitize_filename(long_name, "application/pdf")
    assert len(cleaned) <= 120 and cleaned.endswith(".pdf")


def test_officer_in_scope_downloads_but_out_of_scope_gets_404(api_client, world):
    application = make_complete(world["call"], world["owner"])
    attachment = services.attachment_add(
        application_id=application.pk, actor=world["owner"], uploaded=SimpleUploadedFile("説明.pdf", PDF_BYTES)
    )
    url = f"/api/v1/applications/{application.pk}/attachments/{attachment.pk}/download/"
    api_client.force_authenticate(world["officer"])
    response = api_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    api_client.force_authenticate(world["officer_out"])
    assert api_client.get(url).status_code == 404


def test_removing_an_attachment_that_was_submitted_only_hides_it(api_client, world, private_storage):
    application = make_complete(world["call"], world["owner"])
    submitted = services.attachment_add(
        application_id=application.pk, actor=world["owner"], uploaded=SimpleUploadedFile("v1.pdf", PDF_BYTES)
    )
    services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    with pytest.raises(services.WorkflowError):
        services.attachment_delete(attachment_id=submitted.pk, actor=world["owner"])
    services.application_transition(
        application_id=application.pk, action="return", actor=world["officer"], note="差替え"
    )
    fresh = services.attachment_add(
        application_id=application.pk, actor=world["owner"], uploaded=SimpleUploadedFile("v2.pdf", PDF_BYTES + b"2")
    )
    services.attachment_delete(attachment_id=submitted.pk, actor=world["owner"])
    services.attachment_delete(attachment_id=fresh.pk, actor=world["owner"])
    kept = Attachment.objects.get(pk=submitted.pk)
    assert kept.removed_at is not None and (private_storage / kept.file.name).exists()
    assert not Attachment.objects.filter(pk=fresh.pk).exists()
    api_client.force_authenticate(world["owner"])
    # Only the proposal the complete draft started with is still listed.
    assert api_client.get(f"/api/v1/applications/{application.pk}/attachments/").data["count"] == 1


def test_the_cap_is_checked_while_reading_when_the_size_is_not_declared(world, settings):
    from sangaku.errors import Invalid

    settings.ATTACHMENT_MAX_BYTES = 100_000
    read = []

    class Stream:
        name = "stream.pdf"
        size = None  # e.g. a chunked upload that does not say how big it is

        def chunks(self, chunk_size):
            for _ in range(100):
                read.append(chunk_size)
                yield PDF_BYTES + b"0" * (chunk_size - len(PDF_BYTES))

    application = make_draft(world["call"], world["owner"])
    with pytest.raises(Invalid) as info:
        services.attachment_add(application_id=application.pk, actor=world["owner"], uploaded=Stream())
    assert "file" in info.value.errors()
    assert sum(read) <= 100_000 + 64 * 1024  # stopped at the first chunk past the cap, not after 100 chunks
    assert not Attachment.objects.exists()
