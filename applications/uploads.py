"""Attachments of a draft (添付ファイル): checked while read, never hard-deleted once submitted."""

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangaku.errors import NotFound, invalid

from .attachments import check_upload, sanitize_filename
from .editing import application_record_event, lock_editable
from .models import Attachment, AttachmentKind


@transaction.atomic
def attachment_add(*, application_id: int, actor, uploaded, kind: str = AttachmentKind.PROPOSAL) -> Attachment:
    """Store an uploaded file on a draft after checking its size (while reading) and its real type."""
    application = lock_editable(application_id, actor)
    if kind not in AttachmentKind.values:
        raise invalid({"kind": [_("種類は proposal, budget, cv, letter, other のいずれかにしてください。")]})
    checked = check_upload(uploaded)
    try:
        attachment = Attachment(
            application=application,
            kind=kind,
            original_name=sanitize_filename(getattr(uploaded, "name", ""), checked.content_type),
            size=checked.size,
            sha256=checked.sha256,
            content_type=checked.content_type,
            uploaded_by=actor,
        )
        attachment.file.save(checked.sha256, File(checked.file), save=False)
    finally:
        checked.file.close()
    attachment.save()
    application_record_event(
        application=application, actor=actor, action="attachment_add", note=attachment.original_name
    )
    return attachment


@transaction.atomic
def attachment_delete(*, attachment_id: int, actor) -> None:
    """Remove an attachment from a draft.

    A file uploaded after the last submission is deleted; one that was part of a
    submission (the draft was returned) is only hidden: nothing submitted is hard-deleted.
    """
    attachment = Attachment.objects.filter(pk=attachment_id, removed_at__isnull=True).first()
    if attachment is None:
        raise NotFound(_("添付ファイルが見つかりません。"))
    application = lock_editable(attachment.application_id, actor)
    note = attachment.original_name
    if application.submitted_at and attachment.uploaded_at <= application.submitted_at:
        attachment.removed_at = timezone.now()
        attachment.removed_by = actor
        attachment.save(update_fields=["removed_at", "removed_by"])
    else:
        name = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        if not Attachment.objects.filter(file=name).exists():
            transaction.on_commit(lambda: storage.delete(name))
    application_record_event(application=application, actor=actor, action="attachment_remove", note=note)
