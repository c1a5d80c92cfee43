"""A small proposal PDF for demo and seed drafts: the submit check wants a 提案書 on every application.

One stored file serves every seeded row (the seed makes thousands of drafts); each row still has its
own name, size and checksum, and downloads like any upload.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .models import Attachment, AttachmentKind

DEMO_PROPOSAL = b"%PDF-1.4\n% Sangaku demo proposal\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_SHA = hashlib.sha256(DEMO_PROPOSAL).hexdigest()
_NAME = f"applications/demo/{_SHA[:2]}/{_SHA}"


def demo_proposal_rows(applications) -> list[Attachment]:
    """Attach the demo proposal to each application (uploaded by its applicant); stores the file once."""
    if not default_storage.exists(_NAME):
        default_storage.save(_NAME, ContentFile(DEMO_PROPOSAL))
    return Attachment.objects.bulk_create(
        [
            Attachment(
                application=application,
                kind=AttachmentKind.PROPOSAL,
                file=_NAME,
                original_name="提案書.pdf",
                size=len(DEMO_PROPOSAL),
                sha256=_SHA,
                content_type="application/pdf",
                uploaded_by_id=application.applicant_id,
            )
            for application in applications
        ]
    )
